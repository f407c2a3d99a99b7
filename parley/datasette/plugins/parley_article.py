"""The article page: what it reports, and its text with each meeting's evidence marked.

A plugin file of the Parley site (Datasette's --plugins-dir loads every file
of the folder). It depends on Datasette alone. Datasette's row page of
`articles` with the data gathered here; template row-parley-articles.html.
"""

from __future__ import annotations

import os
import sys

from datasette import hookimpl
from markupsafe import Markup, escape

# Datasette runs each plugin file as a module of its own, without a package or an import
# path: the folder goes on the path so that the plugins share parley_common, beside them.
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.append(_HERE)

from parley_common import database, execute_together  # noqa: E402


@hookimpl
def extra_template_vars(view_name, table, request, datasette):
    if view_name == "row" and table == "articles":

        async def article_vars():
            article_id = request.url_vars.get("pks", "")
            return {"parley_article": await _article(datasette, article_id)}

        return article_vars
    return None


def marked_text(text: str, spans: list[dict]) -> Markup:
    """The article's text, escaped, with each evidence quote in a <mark>.

    `spans` have char_start, char_end (code points, as in the package),
    meeting_id and meeting (its title). Each meeting gets an anchor (its ID)
    at its quote; a quote that overlaps one already marked (several meetings
    reported in one sentence) shares that mark rather than nesting marks.
    """
    groups: list[tuple[int, int, list[dict]]] = []
    for span in sorted(spans, key=lambda s: (s["char_start"], s["char_end"])):
        if groups and span["char_start"] < groups[-1][1]:
            groups[-1][2].append(span)
        elif span["char_end"] <= len(text):
            groups.append((span["char_start"], span["char_end"], [span]))
    out, position = [], 0
    for start, end, members in groups:
        anchors = "".join(f'<span id="{escape(m["meeting_id"])}"></span>' for m in members)
        titles = escape("; ".join(m["meeting"] for m in members))
        out.append(str(escape(text[position:start])))
        out.append(
            f'{anchors}<mark class="parley-evidence-quote" title="{titles}">'
            f"{escape(text[start:end])}</mark>"
        )
        position = end
    out.append(str(escape(text[position:])))
    return Markup("".join(out))


async def _article(datasette, article_id: str) -> dict | None:
    found, meetings, topics, sources = await execute_together(
        database(datasette),
        [
            (
                """SELECT a.*, s.name AS publisher FROM articles a
                LEFT JOIN sources s ON s.source_id = a.publisher_id WHERE a.article_id = ?""",
                [article_id],
            ),
            (
                """SELECT am.meeting_id, m.title AS meeting, am.reported_status,
                  am.date_expression, am.char_start, am.char_end, m.status
                FROM article_meetings am JOIN meetings m ON m.meeting_id = am.meeting_id
                WHERE am.article_id = ? ORDER BY am.char_start""",
                [article_id],
            ),
            (
                """SELECT t.topic_id, t.label, at.mentions FROM article_topics at
                JOIN topics t ON t.topic_id = at.topic_id
                WHERE at.article_id = ? ORDER BY at.mentions DESC, t.label""",
                [article_id],
            ),
            (
                """SELECT s.source_id, s.name, ars.role FROM article_sources ars
                JOIN sources s ON s.source_id = ars.source_id
                WHERE ars.article_id = ? ORDER BY ars.role, s.name""",
                [article_id],
            ),
        ],
    )
    if not found:
        return None
    article = dict(found[0])
    article["meetings"] = [dict(row) for row in meetings]
    article["topics"] = [dict(row) for row in topics]
    article["sources"] = [dict(row) for row in sources]
    article["marked_text"] = marked_text(article.get("text") or "", article["meetings"])
    return article
