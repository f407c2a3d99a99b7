"""A topic's page: its place in the hierarchy, aliases, meetings and the sentences about it.

A plugin file of the Parley site (Datasette's --plugins-dir loads every file
of the folder). It depends on Datasette alone. Datasette's row page of
`topics` with the data gathered here (template row-parley-topics.html); the
sentences come from the SQL function `parley_sentence`, registered here on
every connection.
"""

from __future__ import annotations

import os
import re
import sys

from datasette import hookimpl

# Datasette runs each plugin file as a module of its own, without a package or an import
# path: the folder goes on the path so that the plugins share parley_common, beside them.
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.append(_HERE)

from parley_common import (  # noqa: E402
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    MEETING_COLUMNS,
    PAGE_ROWS,
    database,
    dict_rows,
    highlight,
    memo,
)

SENTENCE_LIMIT = 400  # characters of a sentence shown around a topic's words

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+|\n")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` that holds text[start:end], that part between highlight markers.

    Sentences end at . ! ? … (with closing quotes) before a space, or at a line
    break; a very long one is cut to about SENTENCE_LIMIT characters with an ellipsis.

    >>> sentence_around("One. They spoke of arms control at length. Two.", 19, 31)
    'They spoke of \\ue000arms control\\ue001 at length.'
    >>> sentence_around("Title\\nThe Arctic was raised", 10, 16)
    'The \\ue000Arctic\\ue001 was raised'
    """
    if not text or start is None or end is None or not 0 <= start <= end <= len(text):
        return ""
    # Only the text just before the words can hold the sentence's start.
    window = max(0, start - 2 * SENTENCE_LIMIT)
    left = window
    for match in _SENTENCE_END.finditer(text, window, start):
        left = match.end()
    found = _SENTENCE_END.search(text, end)
    right = found.start() + len(found.group().rstrip()) if found else len(text)
    before, quote, after = text[left:start], text[start:end], text[end:right]
    half = SENTENCE_LIMIT // 2
    if len(before) > half:
        before = "…" + before[-half:].split(" ", 1)[-1]
    if len(after) > half:
        after = after[:half].rsplit(" ", 1)[0] + "…"
    return f"{before}{HIGHLIGHT_START}{quote}{HIGHLIGHT_END}{after}".strip()


@hookimpl
def prepare_connection(conn):
    conn.create_function("parley_sentence", 3, sentence_around, deterministic=True)


@hookimpl
def extra_template_vars(view_name, table, request, datasette):
    if view_name != "row" or table != "topics" or request is None:
        return None

    async def inner():
        pk = request.url_vars.get("pks", "")
        return {
            "parley_topics": await memo(datasette, ("topics", pk), lambda: _topic(datasette, pk))
        }

    return inner


async def _topic(datasette, topic_id: str) -> dict | None:
    db = database(datasette)
    found = dict_rows(await db.execute("SELECT * FROM topics WHERE topic_id = ?", [topic_id]))
    if not found:
        return None
    topic = found[0]
    topic["alias_list"] = [a.strip() for a in (topic.get("aliases") or "").split("|") if a.strip()]
    ancestors, seen, parent = [], {topic_id}, topic.get("parent_id")
    while parent and parent not in seen:
        seen.add(parent)
        found = dict_rows(
            await db.execute(
                "SELECT topic_id, label, parent_id FROM topics WHERE topic_id = ?", [parent]
            )
        )
        if not found:
            break
        ancestors.insert(0, found[0])
        parent = found[0]["parent_id"]
    topic["ancestors"] = ancestors
    topic["children"] = dict_rows(
        await db.execute(
            "SELECT topic_id, label FROM topics WHERE parent_id = ? ORDER BY label", [topic_id]
        )
    )
    topic["meetings"] = dict_rows(
        await db.execute(
            f"""SELECT {MEETING_COLUMNS}, mt.basis,
              (SELECT group_concat(o.name, ', ') FROM meeting_participants op
               JOIN people o ON o.person_id = op.person_id
               WHERE op.meeting_id = m.meeting_id) AS people
            FROM meeting_topics mt JOIN meetings m ON m.meeting_id = mt.meeting_id
            LEFT JOIN places pl ON pl.place_id = m.place_id
            WHERE mt.topic_id = ?
            ORDER BY parley_date_sort(m.date_start, m.date_end) IS NULL,
              parley_date_sort(m.date_start, m.date_end) DESC, m.meeting_id
            LIMIT {PAGE_ROWS}""",
            [topic_id],
        )
    )
    topic["meeting_total"] = (
        await db.execute("SELECT count(*) FROM meeting_topics WHERE topic_id = ?", [topic_id])
    ).rows[0][0]
    articles = dict_rows(
        await db.execute(
            f"""SELECT a.article_id, a.title,
              parley_date(a.published_start, a.published_end, a.published_basis) AS published,
              at.mentions, parley_sentence(a.text, at.char_start, at.char_end) AS sentence
            FROM article_topics at JOIN articles a ON a.article_id = at.article_id
            WHERE at.topic_id = ?
            ORDER BY at.mentions DESC,
              parley_date_sort(a.published_start, a.published_end) DESC, a.article_id
            LIMIT {PAGE_ROWS}""",
            [topic_id],
        )
    )
    for article in articles:
        article["sentence_html"] = highlight(article["sentence"] or "")
    topic["articles"] = articles
    topic["article_total"] = (
        await db.execute("SELECT count(*) FROM article_topics WHERE topic_id = ?", [topic_id])
    ).rows[0][0]
    return topic
