"""The meeting page: who, where, when, and each article's words for it, in context.

A plugin file of the Parley site (Datasette's --plugins-dir loads every file
of the folder). It depends on Datasette alone. Datasette's row page of
`meetings` with the data gathered here; template row-parley-meetings.html.

The page's body (facts, participants, evidence) is written here in Python
(`meeting_body`), not in the template, for the reason the cells plugin gives:
Datasette renders templates asynchronously, chunk by chunk, and a first visit
to a meeting spent more than half its time in that (docs/benchmarks.md).
"""

from __future__ import annotations

import os
import sys
import urllib.parse

from datasette import hookimpl
from markupsafe import Markup, escape

# Datasette runs each plugin file as a module of its own, without a package or an import
# path: the folder goes on the path so that the plugins share parley_common, beside them.
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.append(_HERE)

from parley_common import database, execute_together  # noqa: E402

CONTEXT_CHARS = 280  # article text shown around an evidence quote
# A meeting reported hundreds of times shows its first and last reports this many each,
# and links the rest (the life of a meeting): the page stays readable and quick.
EVIDENCE_AT_EACH_END = 12


@hookimpl
def extra_template_vars(view_name, table, request, datasette):
    if view_name == "row" and table == "meetings":

        async def meeting_vars():
            meeting_id = request.url_vars.get("pks", "")
            return {"parley_meeting": await _meeting(datasette, meeting_id)}

        return meeting_vars
    return None


@hookimpl
def prepare_jinja2_environment(env):
    env.globals["parley_meeting_body"] = meeting_body


def _q(value) -> str:
    """A value in a URL's query, as Jinja's urlencode filter writes it."""
    return urllib.parse.quote(str(value), safe="/")


def _place_html(m: dict, urls, database_name: str) -> str:
    if m.get("place_id"):
        html = (
            f'<a href="{escape(urls.row(database_name, "places", m["place_id"]))}">'
            f"{escape(m.get('place_name') or m['place_id'])}</a>"
        )
        if m.get("country"):
            html += f", {escape(m['country'])}"
        return (
            html
            + f' · <a href="{escape(urls.path("/map"))}?place={escape(_q(m["place_id"]))}">on the map</a>'
        )
    if m.get("city") or m.get("country"):
        return ", ".join(str(escape(v)) for v in (m.get("city"), m.get("country")) if v)
    return "not stated"


def _date_html(m: dict, date_text) -> str:
    if not m.get("date_start"):
        return "not stated"
    html = (
        f'<span class="parley-date">{escape(date_text(m["date_start"], m.get("date_end")))}</span>'
    )
    if m.get("date_end") and m["date_start"] != m["date_end"]:
        html += (
            f' <span class="parley-note">(some day from {escape(m["date_start"])}'
            f" to {escape(m['date_end'])})</span>"
        )
    return html


def meeting_body(m: dict, urls, database_name: str, date_text) -> Markup:
    """The meeting page's title, badges, facts and evidence, as HTML.

    `m` is what `_meeting` gathers; `urls` Datasette's URL builder; `date_text` the
    site's way of writing an interval (parley_dates.py's `parley_date`, which the
    template passes: a plugin file imports nothing but Datasette and parley_common).
    tests/test_serve.py checks the page it makes, a browser test what a reader sees.
    """
    status = escape(m.get("status") or "")
    out = [
        f'<h1 class="parley-meeting-title">{escape(m["title"])}</h1>\n<p class="parley-badges">'
        f'<span class="parley-status status-{status}">{status}</span> '
        f'<span class="parley-kind">{escape((m.get("kind") or "").replace("_", " "))}</span>'
    ]
    if m.get("status_as_of"):
        out.append(f' <span class="parley-note">status as of {escape(m["status_as_of"])}</span>')
    out.append('</p>\n<dl class="parley-facts">\n')
    out.append(f"<dt>Date</dt>\n<dd>{_date_html(m, date_text)}</dd>\n")
    out.append(f"<dt>Place</dt>\n<dd>{_place_html(m, urls, database_name)}</dd>\n")
    out.append('<dt>Participants</dt>\n<dd><ul class="parley-participants">\n')
    for person in m["participants"]:
        item = (
            f'<li><a href="{escape(urls.row(database_name, "people", person["person_id"]))}">'
            f"{escape(person['name'])}</a>"
        )
        if person.get("title"):
            item += f", {escape(person['title'])}"
        if person.get("country"):
            item += f" ({escape(person['country'])})"
        item += (
            f' · <a href="{escape(urls.query(database_name, "meetings_of_person"))}'
            f'?name={escape(_q(person["person_id"]))}">all their meetings</a></li>\n'
        )
        out.append(item)
    out.append("</ul></dd>\n")
    if m["topics"]:
        links = ", ".join(
            f'<a href="{escape(urls.row(database_name, "topics", t["topic_id"]))}">{escape(t["label"])}</a>'
            for t in m["topics"]
        )
        out.append(f"<dt>Topics</dt>\n<dd>{links}</dd>\n")
    count = m.get("article_count") or 0
    out.append(
        f"<dt>Reported by</dt>\n<dd>{count} article{'' if count == 1 else 's'}"
        f' · <a href="{escape(urls.query(database_name, "meeting_lifecycle"))}'
        f'?meeting={escape(_q(m["meeting_id"]))}">how the reports changed</a></dd>\n</dl>\n'
    )
    out.append("<h2>Evidence</h2>\n")
    previous = 0  # the number of the report shown last, in the page's order
    for e in m["evidence"]:
        skipped = e["n"] - previous - 1
        if skipped:
            out.append(
                f'<p class="parley-note parley-more">… {skipped} more report{"" if skipped == 1 else "s"}'
                f' between these: <a href="{escape(urls.query(database_name, "meeting_lifecycle"))}'
                f'?meeting={escape(_q(m["meeting_id"]))}">every report of this meeting</a></p>\n'
            )
        previous = e["n"]
        reported = escape(e.get("reported_status") or "")
        when = date_text(e.get("published_start"), e.get("published_end"), e.get("published_basis"))
        note = f"{escape(e['publisher'])}, " if e.get("publisher") else ""
        note += (
            f'<span class="parley-date">{escape(when)}</span>'
            f' · reported <span class="parley-status status-{reported}">{reported}</span>'
        )
        if e.get("date_expression"):
            note += f" · dated “{escape(e['date_expression'])}”"
        out.append(
            '<article class="parley-evidence">\n'
            f'<h3><a href="{escape(urls.row(database_name, "articles", e["article_id"]))}'
            f'#{escape(m["meeting_id"])}">{escape(e["article"])}</a></h3>\n'
            f'<p class="parley-note">{note}</p>\n'
            f'<blockquote class="parley-quote">{escape(e["before"])}'
            f'<mark class="parley-evidence-quote">{escape(e["quote"])}</mark>{escape(e["after"])}</blockquote>\n'
            "</article>\n"
        )
    return Markup("".join(out))


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
                # Numbered in the page's order, so that a meeting with hundreds of reports
                # shows its first and last EVIDENCE_AT_EACH_END without reading the rest's text.
                f"""WITH numbered AS (
                  SELECT am.article_id, am.char_start, am.char_end, a.title AS article,
                    a.published_start, a.published_end, a.published_basis,
                    s.name AS publisher, am.reported_status, am.date_expression, am.quote,
                    ROW_NUMBER() OVER (ORDER BY a.published_start IS NULL,
                      parley_date_sort(a.published_start, a.published_end), a.article_id) AS n,
                    COUNT(*) OVER () AS reports
                  FROM article_meetings am
                  JOIN articles a ON a.article_id = am.article_id
                  LEFT JOIN sources s ON s.source_id = a.publisher_id
                  WHERE am.meeting_id = ?
                )
                SELECT numbered.*,
                  substr(a.text, max(1, char_start + 1 - {CONTEXT_CHARS}),
                         char_start - max(0, char_start - {CONTEXT_CHARS})) AS before,
                  substr(a.text, char_end + 1, {CONTEXT_CHARS}) AS after
                FROM numbered JOIN articles a ON a.article_id = numbered.article_id
                WHERE n <= {EVIDENCE_AT_EACH_END} OR n > reports - {EVIDENCE_AT_EACH_END}
                ORDER BY n""",
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
