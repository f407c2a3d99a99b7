"""Error pages like Datasette's, without its slow console report.

A plugin file of the Parley site (Datasette's --plugins-dir loads every file
of the folder). It depends on Datasette alone.

Datasette's own handler prints every error, even a query over the time limit
or a 404, as a traceback with all local variables: that took longer than the
time limit itself and flooded the log. It is unregistered at startup; this
one logs one line for expected errors (bad SQL, time limit, not found) and a
plain traceback for unexpected ones. The pages are the templates 404.html (or
Datasette's error.html).
"""

from __future__ import annotations

import sys
import traceback

from datasette import hookimpl
from datasette.plugins import pm
from datasette.utils import add_cors_headers
from datasette.utils.asgi import Base400, Response
from datasette.views.base import DatasetteError
from markupsafe import Markup


@hookimpl
def handle_exception(datasette, request, exception):
    async def inner():
        title = None
        if isinstance(exception, Base400):
            status, info, message = exception.status, {}, exception.args[0]
        elif isinstance(exception, DatasetteError):
            status, info, message = exception.status, dict(exception.error_dict), exception.message
            if exception.message_is_html:
                message = Markup(message)
            title = exception.title
        else:
            status, info, message = 500, {}, str(exception)
            traceback.print_exception(exception)
        if status != 404:
            print(f"{status} {request.path}: {type(exception).__name__}", file=sys.stderr)
        info.update({"ok": False, "error": message, "status": status, "title": title})
        headers: dict = {}
        if datasette.cors:
            add_cors_headers(headers)
        if request.path.split("?")[0].endswith(".json"):
            return Response.json(info, status=status, headers=headers)
        template = datasette.jinja_env.select_template([f"{status}.html", "error.html"])
        context = dict(
            info,
            urls=datasette.urls,
            app_css_hash=datasette.app_css_hash(),
            menu_links=lambda: [],
        )
        return Response.html(await template.render_async(context), status=status, headers=headers)

    return inner


@hookimpl
def startup(datasette):
    # Datasette's own handler would still run (and print) beside this one.
    if pm.has_plugin("datasette.handle_exception"):
        pm.unregister(name="datasette.handle_exception")
