"""The meeting page: who, where, when, and each article's words for it, in context.

A plugin file of the Parley site (Datasette's --plugins-dir loads every file
of the folder). It depends on Datasette alone. Datasette's row page of
`meetings` with the data gathered here; template row-parley-meetings.html.
"""

from __future__ import annotations

import os
import sys

from datasette import hookimpl

# Datasette runs each plugin file as a module of its own, without a package or an import
# path: the folder goes on the path so that the plugins share parley_common, beside them.
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.append(_HERE)

from parley_common import database, execute_together  # noqa: E402

CONTEXT_CHARS = 280  # article text shown around an evidence quote


@hookimpl
def extra_template_vars(view_name, table, request, datasette):
    if view_name == "row" and table == "meetings":

        async def meeting_vars():
            meeting_id = request.url_vars.get("pks", "")
            return {"parley_meeting": await _meeting(datasette, meeting_id)}

        return meeting_vars
    return None


def _evidence_context(before: str, after: str) -> tuple[str, str]:
    """The rest of the quote's paragraph around it, cut at whole words with an ellipsis."""
    if "\n" in before:
        before = before.rsplit("\n", 1)[1]
    elif len(before) >= CONTEXT_CHARS:
        before = "…" + before.split(" ", 1)[-1]
    if "\n" in after:
        after = after.split("\n", 1)[0]
    elif len(after) >= CONTEXT_CHARS:
        after = after.rsplit(" ", 1)[0] + "…"
    return before, after


async def _meeting(datasette, meeting_id: str) -> dict | None:
    found, participants, evidence, topics = await execute_together(
        database(datasette),
        [
            (
                """SELECT m.*, p.name AS place_name, p.latitude, p.longitude
                FROM meetings m LEFT JOIN places p ON p.place_id = m.place_id
                WHERE m.meeting_id = ?""",
                [meeting_id],
            ),
            (
                """SELECT p.person_id, p.name, mp.role, mp.title, mp.country
                FROM meeting_participants mp JOIN people p ON p.person_id = mp.person_id
                WHERE mp.meeting_id = ? ORDER BY p.name""",
                [meeting_id],
            ),
            (
                f"""SELECT am.article_id, a.title AS article, a.published_start,
                  a.published_end, a.published_basis, s.name AS publisher,
                  am.reported_status, am.date_expression, am.quote,
                  substr(a.text, max(1, am.char_start + 1 - {CONTEXT_CHARS}),
                         am.char_start - max(0, am.char_start - {CONTEXT_CHARS})) AS before,
                  substr(a.text, am.char_end + 1, {CONTEXT_CHARS}) AS after
                FROM article_meetings am
                JOIN articles a ON a.article_id = am.article_id
                LEFT JOIN sources s ON s.source_id = a.publisher_id
                WHERE am.meeting_id = ?
                ORDER BY a.published_start IS NULL,
                  parley_date_sort(a.published_start, a.published_end), a.article_id""",
                [meeting_id],
            ),
            (
                """SELECT t.topic_id, t.label, mt.basis FROM meeting_topics mt
                JOIN topics t ON t.topic_id = mt.topic_id WHERE mt.meeting_id = ?
                ORDER BY t.label""",
                [meeting_id],
            ),
        ],
    )
    if not found:
        return None
    meeting = dict(found[0])
    quotes = []
    for row in evidence:
        item = dict(row)
        item["before"], item["after"] = _evidence_context(item["before"] or "", item["after"] or "")
        quotes.append(item)
    meeting["participants"] = [dict(row) for row in participants]
    meeting["evidence"] = quotes
    meeting["topics"] = [dict(row) for row in topics]
    return meeting
