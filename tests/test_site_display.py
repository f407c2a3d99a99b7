"""The site's small pure functions: dates as intervals, sentences, exports, chart labels.

The plugin files are imported as modules of the installed package
(parley.datasette.plugins.NAME); Datasette's --plugins-dir loads the same files.
"""

from __future__ import annotations

import ast
import doctest
import re
import sys
from pathlib import Path

import pytest

from parley.datasette.plugins import parley_common as common
from parley.datasette.plugins import parley_data as data
from parley.datasette.plugins import parley_dates as dates
from parley.datasette.plugins import parley_exports as exports
from parley.datasette.plugins import parley_person as person
from parley.datasette.plugins import parley_place as place
from parley.datasette.plugins import parley_timeline as timeline
from parley.datasette.plugins import parley_topic as topic

STATUSES = ["held", "planned", "cancelled"]


def run(coroutine) -> None:
    """asyncio.run in a thread of its own: the browser tests' Playwright keeps an event
    loop running in the main thread for the whole session."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


@pytest.mark.parametrize("module", [dates, common, topic, exports, data])
def test_the_doctest_examples_hold(module):
    failures, tried = doctest.testmod(module, verbose=False)
    assert tried >= 1 and failures == 0


@pytest.mark.parametrize(
    ("start", "end", "basis", "text"),
    [
        ("2019-05-03", "2019-05-03", "stated", "3 May 2019"),
        ("2019-05-10", "2019-05-12", None, "10-12 May 2019"),
        ("2017-05-01", "2017-05-31", None, "May 2017"),
        ("2020-02-01", "2020-02-29", None, "February 2020"),  # a leap year's whole February
        ("2019-02-01", "2019-02-28", None, "February 2019"),
        ("2019-02-01", "2019-02-27", None, "1-27 February 2019"),
        ("2019-05-20", "2019-12-10", "inferred", "between May and December 2019 (inferred)"),
        ("2019-05-20", "2019-12-10", "stated", "between May and December 2019"),
        ("2019-06-28", "2019-07-03", None, "28 June - 3 July 2019"),
        ("2019-12-30", "2020-01-02", None, "30 December 2019 - 2 January 2020"),
        ("2019-09-01", "2019-11-30", None, "September-November 2019"),
        ("2019-11-01", "2020-02-29", None, "November 2019 - February 2020"),
        ("2019-01-01", "2019-12-31", None, "2019"),
        ("2017-01-01", "2019-12-31", None, "2017-2019"),
        ("2018-03-15", "2019-08-02", None, "between March 2018 and August 2019"),
        ("2019-05-03", None, None, "3 May 2019"),
        ("2019-05-12", "2019-05-10", None, "10-12 May 2019"),  # reversed ends are read in order
        (None, None, "unknown", "date unknown"),
        ("", "", None, "date unknown"),
        ("not a date", None, None, "date unknown"),
    ],
)
def test_an_interval_reads_as_one(start, end, basis, text):
    assert dates.interval_text(start, end, basis) == text


@pytest.mark.parametrize(
    ("intervals", "order"),
    [
        # The vague article sorts at its middle (late August), not among the May days.
        (
            [("2019-05-20", "2019-12-10"), ("2019-05-21", "2019-05-21"), ("2019-12-10", None)],
            [1, 0, 2],
        ),
        ([("2017-05-01", "2017-05-31"), ("2017-05-10", "2017-05-10")], [1, 0]),
    ],
)
def test_intervals_sort_by_their_middle_day(intervals, order):
    keys = [dates.interval_sort_key(start, end) for start, end in intervals]
    assert sorted(range(len(keys)), key=lambda i: keys[i]) == order


@pytest.mark.parametrize(
    ("start", "end", "month", "year"),
    [
        ("2017-05-01", "2017-05-31", "2017-05", "2017"),
        ("2019-05-20", "2019-12-10", None, "2019"),
        ("2019-12-30", "2020-01-02", None, None),
        (None, None, None, None),
    ],
)
def test_an_interval_is_in_a_bucket_only_when_it_lies_in_it(start, end, month, year):
    assert dates.interval_bucket(start, end, "month") == month
    assert dates.interval_bucket(start, end, "year") == year


def test_a_table_cell_shows_the_whole_interval_and_the_stored_days_on_hover():
    row = {"date_start": "2017-05-01", "date_end": "2017-05-31"}

    class Row(dict):
        pass

    cell = str(dates.interval_cell(Row(row), "2017-05-01", "date_end"))
    assert ">May 2017<" in cell and 'title="2017-05-01 to 2017-05-31"' in cell
    inferred = Row(
        published_start="2019-05-20", published_end="2019-12-10", published_basis="inferred"
    )
    assert "between May and December 2019 (inferred)" in str(
        dates.interval_cell(inferred, "2019-05-20", "published_end", "published_basis")
    )
    # A table without the end column keeps its raw value (no guessed day).
    assert dates.interval_cell(Row(date_start="2017-05-01"), "2017-05-01", "date_end") is None


@pytest.mark.parametrize(
    ("text", "words", "sentence"),
    [
        (
            "Lavrov arrived. The sides discussed the Arctic Council and trade. Then lunch.",
            "Arctic Council",
            "The sides discussed the \ue000Arctic Council\ue001 and trade.",
        ),
        (
            'He said: "Syria is the priority." Talks went on.',
            "Syria",
            'He said: "\ue000Syria\ue001 is the priority."',
        ),
        ("Headline about START\nBody text.", "START", "Headline about \ue000START\ue001"),
    ],
)
def test_a_topic_is_shown_in_its_sentence(text, words, sentence):
    start = text.index(words)
    assert topic.sentence_around(text, start, start + len(words)) == sentence


def test_a_very_long_sentence_is_cut_at_whole_words():
    text = "word " * 300 + "nuclear arms " + "word " * 300 + "."
    start = text.index("nuclear")
    shown = topic.sentence_around(text, start, start + len("nuclear arms"))
    assert "\ue000nuclear arms\ue001" in shown
    assert shown.startswith("…word") and shown.endswith("…")
    assert len(shown) <= topic.SENTENCE_LIMIT + 20


def test_offsets_outside_the_text_give_no_sentence():
    assert topic.sentence_around("Short.", 3, 40) == ""
    assert topic.sentence_around("", 0, 0) == ""


@pytest.mark.parametrize(
    "body",
    [
        "title,match\r\nA,The \ue000Lavrov\ue001 visit\r\n".encode(),
        b'{"match": "The \\ue000Lavrov\\ue001 visit"}',
    ],
)
def test_exports_lose_the_highlight_markers_and_nothing_else(body):
    cleaned = exports.strip_markers(body)
    assert b"Lavrov visit" in cleaned
    assert "\ue000".encode() not in cleaned and b"\\ue000" not in cleaned
    assert len(body) - len(cleaned) in (6, 12)


SPLIT_BODY = b'{"match": "a \\ue000Lavrov\\ue001 b", "x": "\xee\x80\x80y\xee\x80\x81"}'


@pytest.mark.parametrize("cut", range(1, len(SPLIT_BODY)))
def test_a_marker_split_between_two_chunks_is_removed(cut):
    sent = []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": SPLIT_BODY[:cut], "more_body": True})
        await send({"type": "http.response.body", "body": SPLIT_BODY[cut:], "more_body": False})

    async def send(message):
        sent.append(message)

    wrapped = exports.asgi_wrapper(None)(app)
    scope = {"type": "http", "path": "/parley/search.json", "query_string": b"q=x"}
    run(wrapped(scope, None, send))
    received = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert received == b'{"match": "a Lavrov b", "x": "y"}'


def test_an_export_with_a_length_is_sent_whole_with_the_new_length():

    body = b'"a \\ue000b\\ue001"'
    sent = []

    async def app(scope, receive, send):
        headers = [(b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "path": "/parley/search.csv", "query_string": b""}
    run(exports.asgi_wrapper(None)(app)(scope, None, send))
    assert sent[1]["body"] == b'"a b"'
    assert dict(sent[0]["headers"])[b"content-length"] == b"5"


def test_a_download_is_served_with_its_charset():
    sent = []

    async def app(scope, receive, send):
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/csv")],
            }
        )
        await send({"type": "http.response.body", "body": b"a,b\n"})

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "path": "/downloads/data/meetings.csv", "query_string": b""}
    run(exports.asgi_wrapper(None)(app)(scope, None, send))
    assert dict(sent[0]["headers"])[b"content-type"] == b"text/csv; charset=utf-8"
    assert sent[1]["body"] == b"a,b\n"


@pytest.mark.parametrize(
    ("months", "step"), [(12, 1), (40, 1), (41, 2), (96, 3), (200, 6), (400, 12)]
)
def test_timeline_labels_months_at_a_regular_step(months, step):
    assert timeline.label_step(months, "month") == step


def test_timeline_labels_every_month_of_a_short_span_with_the_year_under_january():
    buckets = ["2018-11", "2018-12", "2019-01", "2019-02"]
    labels = [timeline.axis_labels(b, i, "month", 1) for i, b in enumerate(buckets)]
    assert labels == [
        [(0, "Nov"), (1, "2018")],
        [(0, "Dec")],
        [(0, "Jan"), (1, "2019")],
        [(0, "Feb")],
    ]
    # Every third month: January, April, July, October.
    quarterly = [timeline.axis_labels(f"2019-{m:02d}", m, "month", 3) for m in range(1, 13)]
    assert [label for labels in quarterly for line, label in labels if line == 0] == [
        "Jan",
        "Apr",
        "Jul",
        "Oct",
    ]


def test_the_timeline_svg_has_a_label_for_every_month():
    counts = {("2019-01", "held"): 1, ("2019-06", "planned"): 2}
    svg, _ = timeline.timeline_svg(counts, "month", "/parley/browse_meetings", STATUSES)
    labels = re.findall(r'<text class="axis"[^>]*>([^<]+)</text>', svg)
    for month in ("Jan", "Feb", "Mar", "Apr", "May", "Jun"):
        assert month in labels
    assert "2019" in labels


def test_a_persons_year_strip_has_every_year_and_links_each_part():
    counts = {(2017, "held"): 2, (2019, "planned"): 1}
    svg = person.year_strip_svg(counts, lambda y, s: f"/m?year={y}&status={s}", STATUSES)
    assert re.findall(r'class="axis"[^>]*>(\d{4})<', svg) == ["2017", "2018", "2019"]
    assert 'href="/m?year=2017&amp;status=held"' in svg
    assert len(re.findall(r"<rect ", svg)) == 2
    assert person.year_strip_svg({}, lambda y, s: "", STATUSES) == ""


@pytest.mark.parametrize(
    ("lon", "lat", "view"),
    [
        (24.9, 60.2, (174.9, 14.8, 60.0, 30.0)),  # Helsinki: centred
        (-179.0, 10.0, (0.0, 65.0, 60.0, 30.0)),  # by the date line: kept inside the world
        (170.0, -85.0, (300.0, 150.0, 60.0, 30.0)),
    ],
)
def test_a_place_inset_is_centred_on_it_within_the_world(lon, lat, view):
    assert place.inset_view(lon, lat) == pytest.approx(view)


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        ("2017-01-20", "2021-01-20", "20 January 2017 to 20 January 2021"),
        ("2025-01-20", None, "since 20 January 2025"),
        (None, None, "dates not recorded"),
    ],
)
def test_an_office_term_is_given_day_to_day(start, end, text):
    assert person._office_dates(start, end, dates.interval_text) == text


# ------------------------------------------- what a published instance needs

PLUGIN_FILES = sorted(Path(dates.__file__).parent.glob("*.py")) + [Path(common.__file__)]


@pytest.mark.parametrize("path", PLUGIN_FILES, ids=lambda p: p.stem)
def test_a_plugin_needs_nothing_but_datasette_and_its_folder(path):
    """`datasette publish` copies the plugins folder and installs Datasette alone."""
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            imported.add(node.module.split(".")[0])
    outside = imported - sys.stdlib_module_names - {"__future__"}
    assert outside <= {"datasette", "markupsafe", "parley_common"}, outside
    assert "datasette" in imported
