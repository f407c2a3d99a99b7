"""The parts of pages the site writes in Python rather than in templates (for speed).

The whole pages are checked on a real server in test_serve.py and in a browser in
test_browser.py; here each piece of HTML, exactly, for small made-up rows.
"""

from __future__ import annotations

import pytest

from parley.datasette.plugins import parley_cells, parley_meeting
from parley.datasette.plugins.parley_dates import interval_text


class Urls:
    """Datasette's URL builder, as the templates call it (its paths, without a server)."""

    def row(self, database, table, row_path):
        return f"/{database}/{table}/{row_path}"

    def query(self, database, query):
        return f"/{database}/{query}"

    def path(self, path):
        return path


def meeting(**fields) -> dict:
    base = {
        "meeting_id": "m-1",
        "title": "Lavrov–Pompeo talks",
        "status": "held",
        "kind": "phone_call",
        "status_as_of": None,
        "date_start": "2019-05-14",
        "date_end": "2019-05-14",
        "place_id": None,
        "place_name": None,
        "city": None,
        "country": None,
        "article_count": 1,
        "participants": [
            {"person_id": "sergey-lavrov", "name": "Sergey Lavrov", "title": None, "country": "RU"}
        ],
        "topics": [],
        "evidence": [],
    }
    return base | fields


def facts(html: str, term: str) -> str:
    """The <dd> after <dt>term</dt>."""
    return html.split(f"<dt>{term}</dt>\n<dd>", 1)[1].split("</dd>", 1)[0]


@pytest.mark.parametrize(
    "fields, term, expected",
    [
        ({}, "Date", '<span class="parley-date">14 May 2019</span>'),
        (
            {"date_start": "2019-05-01", "date_end": "2019-05-31"},
            "Date",
            '<span class="parley-date">May 2019</span>'
            ' <span class="parley-note">(some day from 2019-05-01 to 2019-05-31)</span>',
        ),
        ({"date_start": None, "date_end": None}, "Date", "not stated"),
        ({}, "Place", "not stated"),
        ({"city": "Sochi", "country": "RU"}, "Place", "Sochi, RU"),
        ({"country": "RU"}, "Place", "RU"),
        (
            {"place_id": "sochi", "place_name": "Sochi", "country": "RU"},
            "Place",
            '<a href="/parley/places/sochi">Sochi</a>, RU'
            ' · <a href="/map?place=sochi">on the map</a>',
        ),
        (
            {},
            "Participants",
            '<ul class="parley-participants">\n<li><a href="/parley/people/sergey-lavrov">'
            'Sergey Lavrov</a> (RU) · <a href="/parley/meetings_of_person?name=sergey-lavrov">'
            "all their meetings</a></li>\n</ul>",
        ),
        (
            {},
            "Reported by",
            '1 article · <a href="/parley/meeting_lifecycle?meeting=m-1">how the reports changed</a>',
        ),
        (
            {"article_count": 3},
            "Reported by",
            '3 articles · <a href="/parley/meeting_lifecycle?meeting=m-1">how the reports changed</a>',
        ),
        (
            {
                "topics": [
                    {"topic_id": "syria", "label": "Syria"},
                    {"topic_id": "iran", "label": "Iran"},
                ]
            },
            "Topics",
            '<a href="/parley/topics/syria">Syria</a>, <a href="/parley/topics/iran">Iran</a>',
        ),
    ],
)
def test_meeting_facts(fields, term, expected):
    html = parley_meeting.meeting_body(meeting(**fields), Urls(), "parley", interval_text)
    assert facts(html, term) == expected


def test_meeting_without_topics_has_no_topics_line():
    assert "<dt>Topics</dt>" not in parley_meeting.meeting_body(
        meeting(), Urls(), "parley", interval_text
    )


def test_meeting_badges():
    html = parley_meeting.meeting_body(
        meeting(status_as_of="2019-05-20"), Urls(), "parley", interval_text
    )
    assert html.split("<dl", 1)[0] == (
        '<h1 class="parley-meeting-title">Lavrov–Pompeo talks</h1>\n<p class="parley-badges">'
        '<span class="parley-status status-held">held</span> <span class="parley-kind">phone call'
        '</span> <span class="parley-note">status as of 2019-05-20</span></p>\n'
    )


def test_evidence_is_escaped_and_links_to_the_quote():
    evidence = {
        "article_id": "a-1",
        "article": "Talks <b>ended</b>",
        "published_start": "2019-05-14",
        "published_end": "2019-05-14",
        "published_basis": "stated",
        "publisher": "TASS",
        "reported_status": "held",
        "date_expression": "on Tuesday",
        "before": "Earlier, ",
        "quote": "Lavrov & Pompeo met",
        "after": " in Sochi.",
        "n": 1,
    }
    html = parley_meeting.meeting_body(
        meeting(evidence=[evidence]), Urls(), "parley", interval_text
    )
    assert html.split("<h2>Evidence</h2>\n", 1)[1] == (
        '<article class="parley-evidence">\n'
        '<h3><a href="/parley/articles/a-1#m-1">Talks &lt;b&gt;ended&lt;/b&gt;</a></h3>\n'
        '<p class="parley-note">TASS, <span class="parley-date">14 May 2019</span> · reported '
        '<span class="parley-status status-held">held</span> · dated “on Tuesday”</p>\n'
        '<blockquote class="parley-quote">Earlier, <mark class="parley-evidence-quote">'
        "Lavrov &amp; Pompeo met</mark> in Sochi.</blockquote>\n</article>\n"
    )


class Request:
    path = "/parley/meetings"
    query_string = "status=held&_sort=title"


COLUMNS = [
    {
        "name": "meeting_id",
        "sortable": True,
        "is_pk": True,
        "type": "TEXT",
        "notnull": 1,
        "description": 'The "ID"',
    },
    {
        "name": "title",
        "sortable": True,
        "is_pk": False,
        "type": "TEXT",
        "notnull": 0,
        "description": None,
    },
    {
        "name": "raw",
        "sortable": False,
        "is_pk": False,
        "type": "",
        "notnull": 0,
        "description": None,
    },
]


@pytest.mark.parametrize(
    "index, sort, sort_desc, expected",
    [
        (
            0,
            "title",
            None,
            '<th data-column-description="The &#34;ID&#34;" class="col-meeting_id" scope="col" '
            'data-column="meeting_id" data-column-type="text" data-column-not-null="1" '
            'data-is-pk="1"><a href="/parley/meetings?status=held&amp;_sort=meeting_id" '
            'rel="nofollow">meeting_id</a></th>',
        ),
        (
            1,
            "title",
            None,
            '<th class="col-title" scope="col" data-column="title" data-column-type="text" '
            'data-column-not-null="0" data-is-pk="0"><a href="/parley/meetings?status=held&amp;'
            '_sort_desc=title" rel="nofollow">title&nbsp;▼</a></th>',
        ),
        (
            1,
            None,
            "title",
            '<th class="col-title" scope="col" data-column="title" data-column-type="text" '
            'data-column-not-null="0" data-is-pk="0"><a href="/parley/meetings?status=held&amp;'
            '_sort=title" rel="nofollow">title&nbsp;▲</a></th>',
        ),
        (
            2,
            "title",
            None,
            '<th class="col-raw" scope="col" data-column="raw" data-column-type="" '
            'data-column-not-null="0" data-is-pk="0">raw</th>',
        ),
    ],
)
def test_table_header_cell(index, sort, sort_desc, expected):
    html = parley_cells.table_thead([COLUMNS[index]], Request(), sort, sort_desc, lambda p: p)
    assert html == expected


def report(n: int) -> dict:
    return {
        "article_id": f"a-{n}",
        "article": f"Report {n}",
        "published_start": None,
        "published_end": None,
        "published_basis": None,
        "publisher": None,
        "reported_status": "held",
        "date_expression": None,
        "before": "",
        "quote": "met",
        "after": "",
        "n": n,
    }


@pytest.mark.parametrize(
    "shown, notes",
    [
        ([1, 2, 3], []),
        ([1, 2, 30], ["… 27 more reports between these"]),
        ([1, 3], ["… 1 more report between these"]),
    ],
)
def test_a_long_life_shows_its_ends_and_links_the_rest(shown, notes):
    html = parley_meeting.meeting_body(
        meeting(evidence=[report(n) for n in shown]), Urls(), "parley", interval_text
    )
    found = [
        part.split(":", 1)[0] for part in html.split('<p class="parley-note parley-more">')[1:]
    ]
    assert found == notes
    assert html.count('<article class="parley-evidence">') == len(shown)
    if notes:
        assert (
            '<a href="/parley/meeting_lifecycle?meeting=m-1">every report of this meeting</a>'
            in html
        )
