"""Pages answered once per server: a bounded cache of whole responses, by address.

A plugin file of the Parley site (Datasette's --plugins-dir loads every file
of the folder). It depends on Datasette alone.

The Parley database is served immutable, and every page of the site is made
from the database, the generated metadata and the templates alone: the same
address gives the same bytes for as long as the server runs. So a page is
made once and its response kept, up to `CACHE_BYTES` in all (least recently
used first out); with 4 readers at once on the 10,000-article database that
is what keeps every page's p99 under 100 ms (docs/benchmarks.md, "Datasette
server"). A first visit to an address costs what it did before.

Kept: answers 200 to a GET without cookies or credentials, for one
page-sized body (at most `MAX_ENTRY_BYTES`; not a CSV stream, not the static
files, which Datasette serves from disk anyway), without Set-Cookie, made
without any query cut off by a time limit (a facet that timed out on a busy
moment is left out of its page: that page is not kept, the next visit makes
it again). A page answered from the cache says so in an `X-Parley-Cache: hit`
header; its footer's "Queries took" is the time they took when it was made.
Not kept: anything else, and nothing at all while the database is
mutable.
`PARLEY_CACHE=off` in the server's environment turns it off, and the query
results' cache below (the benchmark measures the pages both ways).

A first visit is made cheaper the same way, one level down:

- Query results are kept too (`QUERY_CACHE_BYTES`, least recently used out):
  the pages of one table share their count, facet and permission queries,
  and a row's page and its JSON share theirs. SQL that names a function whose
  answer changes without the data changing (random(), the clock) is never
  kept, as a page or as a result.
- What Datasette asks of the schema (tables, columns, keys, foreign keys,
  the full-text table, the label column) is asked once per server: it runs
  a PRAGMA per table for each page otherwise (`get_all_foreign_keys`, for the
  "links from other tables" of every row page, reads all twenty tables').
- Datasette compares every database's schema version with its own records
  at the start of every request (three queries); with every database
  immutable, once is enough.
- What the server holds once started (modules, compiled templates, metadata:
  some 90,000 objects) is moved out of the garbage collector's sight
  (`gc.freeze()`): a full collection walked all of it, 100-250 ms on a busy
  machine, now and then in the middle of a request, which is what a p99 sees;
  after the freeze a full collection took 8 ms.
- Which `allow` blocks apply to a table is worked out once per table:
  Datasette 0.65.5 deep-copies the whole metadata for it, several times a
  page, and Parley's metadata (a description of every column) made that a
  fifth of a row page's time; plain Datasette, with almost no metadata, does
  not pay it.
"""

from __future__ import annotations

import contextvars
import copy
import gc
import os
import re
import sys
from collections import OrderedDict

from datasette import hookimpl
from datasette.database import QueryInterrupted, Results

# Datasette runs each plugin file as a module of its own, without a package or an import
# path: the folder goes on the path so that the plugins share parley_common, beside them.
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.append(_HERE)

from parley_common import database_name  # noqa: E402

CACHE_BYTES = 64_000_000
MAX_ENTRY_BYTES = 2_000_000
QUERY_CACHE_BYTES = 32_000_000
MAX_RESULT_ENTRY_BYTES = 1_000_000
# SQLite functions whose answer is not fixed by the (immutable) data.
UNSTABLE_SQL = re.compile(
    rb"random|julianday\W*\(\W*'?now|'now'|current_(date|time)|changes|last_insert_rowid|%27now",
    re.IGNORECASE,
)
# Datasette serves these from files; caching them would only copy the files into memory.
UNCACHED_PREFIXES = ("/downloads/", "/parley-static/", "/-/static/", "/-/static-plugins/")
PRIVATE_HEADERS = (b"cookie", b"authorization")
INDEX = "/downloads/"  # the downloads' index is a page (parley_data.py), not a file

# Per request: whether one of its queries was cut off (set by the wrapped `execute`).
# A dict, so that the tasks a page starts (facets run concurrently) share it.
_INTERRUPTED: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "parley_interrupted", default=None
)


class ResponseCache:
    """Whole responses by key, least recently used out first once over `limit` bytes.

    A response costs its bytes and 200 more (its key and tuple); `cost` overrides that.

    >>> cache = ResponseCache(limit=1_000)
    >>> cache.put("a", 200, [], b"page")
    >>> cache.get("a")[2], cache.size
    (b'page', 204)
    >>> cache.put("b", 200, [], b"x" * 700)  # over 1,000 bytes in all: "a", the oldest, goes
    >>> cache.get("a") is None, cache.size
    (True, 900)
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.entries: OrderedDict = OrderedDict()

    def get(self, key):
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
        return entry

    def put(self, key, status: int, headers: list, body, cost: int | None = None) -> None:
        if cost is None:
            cost = len(body) + sum(len(k) + len(v) for k, v in headers) + 200
        if cost > self.limit:
            return
        if key in self.entries:
            self.size -= self.entries.pop(key)[3]
        self.entries[key] = (status, headers, body, cost)
        self.size += cost
        while self.size > self.limit:
            _, old = self.entries.popitem(last=False)
            self.size -= old[3]


def _enabled() -> bool:
    return os.environ.get("PARLEY_CACHE", "").strip().lower() != "off"


def _cacheable_request(scope) -> bool:
    path = scope.get("path", "")
    if scope.get("method") != "GET" or (path.startswith(UNCACHED_PREFIXES) and path != INDEX):
        return False
    query = scope.get("query_string", b"")
    if b"_stream=" in query or UNSTABLE_SQL.search(query.replace(b"+", b" ")):
        return False
    return not any(k.lower() in PRIVATE_HEADERS for k, _ in scope.get("headers", []))


# Outside every other Parley wrapper but the guard (both are trylast; either order gives
# the same bytes, since each wrapper's output depends on the request alone).
@hookimpl(trylast=True)
def asgi_wrapper(datasette):
    def wrap(app):
        if not _enabled():
            return app
        cache = ResponseCache(CACHE_BYTES)

        async def cached(scope, receive, send):
            if scope["type"] != "http" or not _cacheable_request(scope):
                await app(scope, receive, send)
                return
            key = (scope.get("path", ""), scope.get("query_string", b""))
            entry = cache.get(key)
            if entry is not None:
                status, headers, body, _ = entry
                headers = [*headers, (b"x-parley-cache", b"hit")]
                await send({"type": "http.response.start", "status": status, "headers": headers})
                await send({"type": "http.response.body", "body": body, "more_body": False})
                return
            state = {"start": None, "parts": [], "size": 0, "keep": True}
            interrupted = {"any": False}
            _INTERRUPTED.set(interrupted)

            async def send_and_keep(message):
                if message["type"] == "http.response.start":
                    headers = list(message.get("headers", []))
                    state["start"] = (message.get("status"), headers)
                    if message.get("status") != 200 or any(
                        k.lower() == b"set-cookie" for k, _ in headers
                    ):
                        state["keep"] = False
                elif message["type"] == "http.response.body" and state["keep"]:
                    body = message.get("body", b"")
                    state["size"] += len(body)
                    if state["size"] > MAX_ENTRY_BYTES:
                        state["keep"], state["parts"] = False, []
                    else:
                        state["parts"].append(body)
                    if not message.get("more_body", False) and state["keep"]:
                        if _immutable(datasette) and not interrupted["any"]:
                            status, headers = state["start"]
                            cache.put(key, status, headers, b"".join(state["parts"]))
                await send(message)

            await app(scope, receive, send_and_keep)

        return cached

    return wrap


def _immutable(datasette) -> bool:
    """Whether every database served (Datasette's own _internal aside) is immutable."""
    served = [db for name, db in datasette.databases.items() if name != "_internal"]
    return database_name(datasette) in datasette.databases and not any(
        db.is_mutable for db in served
    )


def _result_cost(rows) -> int:
    return 100 + sum(
        len(v) if isinstance(v, (str, bytes)) else 16 for row in rows for v in tuple(row)
    )


@hookimpl
def startup(datasette):
    """Wrap the database's `execute`: results kept, and cut-off queries noted per request."""
    _answer_table_allows_once(datasette)
    _refresh_schemas_once(datasette)
    gc.freeze()
    try:
        db = datasette.get_database(database_name(datasette))
    except KeyError:
        return
    if not db.is_mutable:
        for name in SCHEMA_QUESTIONS:
            setattr(db, name, _asked_once(getattr(db, name)))
    execute = db.execute
    results = ResponseCache(QUERY_CACHE_BYTES if _enabled() else 0)

    async def execute_kept(sql, params=None, truncate=False, custom_time_limit=None, **kwargs):
        key = None
        if not db.is_mutable and not UNSTABLE_SQL.search(sql.encode()):
            try:
                frozen = tuple(sorted(params.items())) if isinstance(params, dict) else params
                options = tuple(sorted(kwargs.items()))
                key = (sql, tuple(frozen or ()), truncate, custom_time_limit, options)
                hash(key)
            except TypeError:  # a parameter that cannot be a key: run it every time
                key = None
        entry = results.get(key) if key is not None else None
        if entry is not None:
            kept = entry[2]
            return Results(list(kept.rows), kept.truncated, kept.description)
        try:
            result = await execute(
                sql, params, truncate=truncate, custom_time_limit=custom_time_limit, **kwargs
            )
        except QueryInterrupted:
            flag = _INTERRUPTED.get()
            if flag is not None:
                flag["any"] = True
            raise
        if key is not None:
            cost = _result_cost(result.rows)
            if cost <= MAX_RESULT_ENTRY_BYTES:
                kept = Results(list(result.rows), result.truncated, result.description)
                results.put(key, 200, [], kept, cost=cost)
        return result

    db.execute = execute_kept


# Database methods that read the schema alone (an immutable database's never changes).
SCHEMA_QUESTIONS = (
    "table_exists",
    "table_names",
    "table_columns",
    "table_column_details",
    "primary_keys",
    "fts_table",
    "label_column_for_table",
    "foreign_keys_for_table",
    "hidden_table_names",
    "view_names",
    "get_all_foreign_keys",
    "get_table_definition",
    "get_view_definition",
)


def _asked_once(method):
    """An async schema method answered once per arguments; callers get their own copy."""
    answers: dict = {}

    async def once(*args):
        if args not in answers:
            answers[args] = await method(*args)
        return _fresh(answers[args])

    return once


def _fresh(value, depth: int = 4):
    """A copy of the lists and dicts of a schema answer (their strings and tuples are shared).

    copy.deepcopy of `get_all_foreign_keys` cost a row page 1 ms; this, a fifth of it.

    >>> answer = {"t": {"incoming": [{"column": "a"}]}}
    >>> copied = _fresh(answer)
    >>> copied["t"]["incoming"][0]["column"] = "b"
    >>> answer
    {'t': {'incoming': [{'column': 'a'}]}}
    """
    if depth == 0:
        return copy.deepcopy(value)
    if isinstance(value, list):
        return [_fresh(v, depth - 1) for v in value]
    if isinstance(value, dict):
        return {k: _fresh(v, depth - 1) for k, v in value.items()}
    return value


def _refresh_schemas_once(datasette) -> None:
    """Datasette's per-request schema check, skipped once done while no database can change."""
    refresh = datasette.refresh_schemas
    state = {"done": False}

    async def refresh_schemas():
        if state["done"]:
            return
        await refresh()
        state["done"] = all(
            not db.is_mutable for name, db in datasette.databases.items() if name != "_internal"
        )

    datasette.refresh_schemas = refresh_schemas


def _answer_table_allows_once(datasette) -> None:
    """Datasette's `_table_permission_allows`, memoised: the metadata does not change.

    Only when no plugin supplies metadata of its own (get_metadata), which could.
    """
    from datasette.plugins import pm

    if pm.hook.get_metadata.get_hookimpls():
        return
    compute = datasette._table_permission_allows
    answers: dict = {}

    def table_permission_allows(database, table):
        key = (database, table)
        if key not in answers:
            answers[key] = compute(database, table)
        return list(answers[key])

    datasette._table_permission_allows = table_permission_allows
