"""The pages of the instance about people, places, topics and the data, over HTTP.

Against the session's one `parley serve` (test_serve.shared_server), which
serves the checkout's data/ from a temporary folder. Each page is compared
with the served database itself.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse

import pytest
from helpers import Server, shared_server
from markupsafe import escape

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server(request, tmp_path_factory) -> Server:
    return shared_server(request, tmp_path_factory)


def text_of(page: str) -> str:
    """What a reader sees of a page's HTML: tags gone, entities read, spaces collapsed."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def busiest_person(server: Server):
    return server.query(
        "SELECT p.person_id, p.name, count(*) AS n FROM meeting_participants mp "
        "JOIN people p USING (person_id) GROUP BY person_id ORDER BY n DESC, person_id"
    )[0]


def test_a_persons_page_gives_offices_meetings_and_counterparts(server):
    person = busiest_person(server)
    page = server.text(f"/parley/people/{person['person_id']}")
    shown = text_of(page)
    assert f"<h1>{html.escape(person['name'])}</h1>" in page
    for office in server.query(
        "SELECT title, date_start FROM offices WHERE person_id = ?", (person["person_id"],)
    ):
        assert office["title"] in shown
    meetings = server.query(
        "SELECT m.meeting_id, m.title, m.status FROM meeting_participants mp "
        "JOIN meetings m USING (meeting_id) WHERE mp.person_id = ?",
        (person["person_id"],),
    )
    assert len(meetings) == person["n"]
    for meeting in meetings:
        assert f'href="/parley/meetings/{meeting["meeting_id"]}"' in page
        assert html.escape(meeting["title"]) in page
    counterparts = server.query(
        "SELECT p.person_id, p.name, count(*) AS n FROM meeting_participants a "
        "JOIN meeting_participants b ON b.meeting_id = a.meeting_id AND b.person_id != a.person_id "
        "JOIN people p ON p.person_id = b.person_id WHERE a.person_id = ? GROUP BY p.person_id",
        (person["person_id"],),
    )
    table = page.split("parley-counterparts", 1)[1].split("</table>", 1)[0]
    for other in counterparts:
        row = re.search(
            rf'href="/parley/people/{re.escape(other["person_id"])}">[^<]+</a>.*?'
            r'<td class="parley-num"[^>]*>(\d+)</td>',
            table,
            re.S,
        )
        assert row and int(row.group(1)) == other["n"], other["name"]
    assert 'class="parley-strip"' in page  # the small timeline
    assert f"{person['n']:,}" in shown


def test_a_persons_meetings_show_dates_as_intervals(server):
    vague = server.query(
        "SELECT mp.person_id, m.date_start, m.date_end FROM meetings m "
        "JOIN meeting_participants mp USING (meeting_id) "
        "WHERE m.date_start != m.date_end ORDER BY m.meeting_id"
    )
    if not vague:
        pytest.skip("no meeting with a date known only as an interval")
    row = vague[0]
    page = text_of(server.text(f"/parley/people/{row['person_id']}"))
    start = row["date_start"]
    assert start not in page.replace(f"{start} to", "")  # no bare start day shown as the date
    months = "January February March April May June July August September October November December"
    month = months.split()[int(start[5:7]) - 1]
    assert f"{month} {start[:4]}" in page


def test_a_place_page_lists_its_meetings_and_shows_it_on_an_inset(server):
    place = server.query(
        "SELECT p.place_id, p.name, count(*) AS n FROM meetings m JOIN places p USING (place_id) "
        "GROUP BY place_id ORDER BY n DESC, place_id"
    )[0]
    page = server.text(f"/parley/places/{place['place_id']}")
    assert 'svg class="parley-map"' in page and 'class="land"' in page
    assert "place-dot selected" in page
    assert f'href="/map?place={place["place_id"]}"' in page
    rows = page.split("parley-meetings", 1)[1].split("</table>", 1)[0]
    assert rows.count("<tr>") - 1 == place["n"]  # the heading row, then one row per meeting


def test_a_topic_page_gives_hierarchy_aliases_meetings_and_sentences(server):
    topic = server.query(
        "SELECT t.* FROM topics t JOIN article_topics at USING (topic_id) "
        "GROUP BY t.topic_id ORDER BY count(*) DESC, t.topic_id"
    )[0]
    page = server.text(f"/parley/topics/{topic['topic_id']}")
    aliases = page.split('class="parley-aliases"', 1)[1].split("</ul>", 1)[0]
    listed = re.findall(r"<li>([^<]*)</li>", aliases)
    assert [html.unescape(a) for a in listed] == [
        a for a in topic["aliases"].split("|") if a.strip()
    ]
    children = server.query("SELECT label FROM topics WHERE parent_id = ?", (topic["topic_id"],))
    for child in children:
        assert html.escape(child["label"]) in page
    mention = server.query(
        "SELECT a.text, at.char_start, at.char_end FROM article_topics at "
        "JOIN articles a USING (article_id) WHERE at.topic_id = ? ORDER BY at.mentions DESC",
        (topic["topic_id"],),
    )[0]
    words = mention["text"][mention["char_start"] : mention["char_end"]]
    assert f"<mark>{html.escape(words, quote=False)}</mark>" in page
    # The sentence, not only the words: the text on both sides of the mark is there too.
    sentence = re.search(r'<td class="parley-sentence">(.*?)</td>', page, re.S).group(1)
    assert len(text_of(sentence)) > len(words) + 10


def test_a_topic_with_a_parent_shows_it_above(server):
    child = server.query(
        "SELECT c.topic_id, p.topic_id AS parent_id, p.label AS parent FROM topics c "
        "JOIN topics p ON p.topic_id = c.parent_id ORDER BY c.topic_id"
    )
    if not child:
        pytest.skip("the vocabulary has no narrower topics")
    page = server.text(f"/parley/topics/{child[0]['topic_id']}")
    assert (
        f'href="/parley/topics/{child[0]["parent_id"]}">{html.escape(child[0]["parent"])}' in page
    )


def test_the_people_table_says_curated_in_words_and_counts_meetings(server):
    page = server.text("/parley/people?_size=max")
    assert '<th class="col-meetings" scope="col">meetings</th>' in page
    cells = re.findall(r'<td class="col-curated type-int">([^<]*)</td>', page)
    assert cells and set(cells) <= {"curated", "not curated"}
    person = busiest_person(server)
    assert re.search(
        rf'href="/parley/people/{re.escape(person["person_id"])}">{person["n"]:,}</a>', page
    )


def test_exports_carry_no_highlight_markers(server):
    word = busiest_person(server)["name"].split()[-1]
    q = urllib.parse.quote(word)
    html_page = server.text(f"/parley/search?q={q}")
    assert "<mark>" in html_page
    for path in (f"/parley/search.json?q={q}", f"/parley/search.csv?q={q}&_size=max"):
        status, _, body = server.get(path)
        assert status == 200
        assert word.encode() in body
        assert "\ue000".encode() not in body and "\ue001".encode() not in body
        assert b"\\ue000" not in body.lower()


def test_search_result_titles_link_to_what_was_found(server):
    word = busiest_person(server)["name"].split()[-1]
    page = server.text(f"/parley/search?q={urllib.parse.quote(word)}")
    rows = server.json(f"/parley/search.json?q={urllib.parse.quote(word)}&_shape=objects")["rows"]
    assert rows
    for row in rows:
        target = (
            f"/parley/meetings/{row['meeting_id']}"
            if row["meeting_id"]
            else f"/parley/articles/{row['article_id']}"
        )
        assert f'<a href="{target}">{escape(row["title"])}</a>' in page


def test_downloads_have_an_index_schemas_and_a_charset(server):
    page = server.text("/downloads/")
    descriptor = server.json("/downloads/datapackage.json")
    for resource in descriptor["resources"]:
        assert f'href="/downloads/{resource["path"]}"' in page
        assert f'href="/downloads/{resource["schema"]}"' in page
    assert 'href="/downloads/parley-datapackage.zip"' in page
    status, headers, _ = server.get(f"/downloads/{descriptor['resources'][0]['path']}")
    assert status == 200
    assert headers["content-type"] == "text/csv; charset=utf-8"
    home = server.text("/")
    assert f'href="/downloads/{descriptor["resources"][0]["schema"]}"' in home
    # Without the slash: redirected to the index (urllib follows the redirect).
    assert "<h1>Downloads</h1>" in server.text("/downloads")


def test_the_data_page_says_what_a_row_is_and_offers_documents_and_sizes(server):
    page = server.text("/data")
    shown = text_of(page)
    assert "What a row is" in shown and "exact words" in shown
    for document in ("docs/annotation-guide.md", "LICENCES.md", "docs/quality.md"):
        assert f'href="/downloads/{document}"' in page
        status, headers, body = server.get(f"/downloads/{document}")
        assert status == 200 and headers["content-type"] == "text/plain; charset=utf-8"
        assert body.startswith(b"#")
    descriptor = server.json("/downloads/datapackage.json")
    for resource in descriptor["resources"]:
        size = resource["bytes"]
        expected = (
            f"{size} bytes"
            if size < 1024
            else f"{-(-size // 1024):,} KB"
            if size < 1024 * 1024
            else f"{size / 1024 / 1024:.1f} MB"
        )
        assert re.search(
            rf"{re.escape(resource['name'])}\.csv</a></td>\s*<td class=\"parley-num\">"
            rf"{re.escape(expected)}</td>",
            page,
        ), resource["name"]


def test_the_review_query_lists_exactly_the_meetings_to_check(server):
    expected = {
        row[0]
        for row in server.query(
            "SELECT m.meeting_id FROM meetings m WHERE m.article_count = 1 "
            "OR EXISTS (SELECT 1 FROM article_meetings am JOIN articles a USING (article_id) "
            "  WHERE am.meeting_id = m.meeting_id AND a.published_start IS NULL) "
            "OR EXISTS (SELECT 1 FROM meeting_participants mp JOIN people p USING (person_id) "
            "  WHERE mp.meeting_id = m.meeting_id AND NOT p.curated)"
        )
    }
    rows = server.json("/parley/review.json?_shape=objects")["rows"]
    assert {row["meeting_id"] for row in rows} == expected
    for row in rows:
        assert row["reasons"]
        if row["articles"] == 1:
            assert "only one article" in row["reasons"]


def test_meeting_pairs_hold_both_orders_and_who_met_whom_lists_each_pair_once(server):
    pairs = server.query("SELECT person_a, person_b, meetings FROM meeting_pairs")
    keyed = {(p["person_a"], p["person_b"]): p["meetings"] for p in pairs}
    assert all(keyed[(b, a)] == n for (a, b), n in keyed.items())
    rows = server.json("/parley/who_met_whom.json?_shape=objects")["rows"]
    assert len(rows) == min(100, len(keyed) // 2)
    assert len({frozenset((r["person"], r["met"])) for r in rows}) == len(rows)
    person = busiest_person(server)
    facet = server.json("/parley/meeting_pairs.json?_facet=person_a&_size=0")
    values = {v["value"]: v["count"] for v in facet["facet_results"]["person_a"]["results"]}
    others = {b for (a, b) in keyed if a == person["person_id"]}
    assert values[person["person_id"]] == len(others)


def test_who_met_whom_gives_first_and_last_as_intervals(server):
    rows = server.json("/parley/who_met_whom.json?_shape=objects")["rows"]
    meetings = {row["meeting_id"]: row for row in server.query("SELECT * FROM meetings WHERE 1")}
    assert rows
    for row in rows:
        first = meetings[row["first_meeting_id"]]
        if first["date_start"] and first["date_start"] != first["date_end"]:
            assert not re.fullmatch(r"\d{4}-\d\d-\d\d", row["first"])
            assert row["first"][-4:] == first["date_end"][:4]


def test_the_home_page_has_one_who_met_whom_and_derived_tables_are_marked(server):
    home = server.text("/")
    assert text_of(home).count("Who met whom") == 1
    database = server.json("/parley.json")
    tables = {t["name"]: t for t in database["tables"]}
    metadata = server.json("/-/metadata.json")["databases"]["parley"]["tables"]
    for name in ("browse_meetings", "browse_articles", "meeting_pairs", "topic_years"):
        assert name in tables
        assert metadata[name]["title"].endswith("(derived)")
        assert metadata[name]["description"].startswith("Derived table")
    for resource in server.json("/downloads/datapackage.json")["resources"]:
        assert not metadata[resource["name"]].get("derived")


def test_the_footer_is_the_same_on_a_row_page_whatever_was_visited_before(server):
    meeting = server.query("SELECT meeting_id FROM meetings ORDER BY meeting_id")[0][0]
    footer = re.compile(r'<footer class="ft">(.*?)</footer>', re.S)
    first = footer.search(server.text(f"/parley/meetings/{meeting}")).group(1)
    for path in ("/parley/people", "/parley/articles", "/", "/parley/meeting_pairs"):
        server.text(path)
    again = footer.search(server.text(f"/parley/meetings/{meeting}")).group(1)
    strip = re.compile(r"Queries took [\d.]+ms")
    assert strip.sub("", first) == strip.sub("", again)
    licence = server.json("/downloads/datapackage.json")["licenses"][0]
    assert licence["path"] in first


def test_a_missing_page_says_so_and_offers_the_way_home(server):
    status, _, body = server.get("/no-such-page")
    assert status == 404
    page = body.decode()
    assert "Not found" in page
    assert '<a href="/">Go to the Parley home page</a>' in page


def test_the_meeting_page_links_the_quote_in_the_article_and_the_place_on_the_map(server):
    meeting = server.query(
        "SELECT m.meeting_id, m.place_id, am.article_id FROM meetings m "
        "JOIN article_meetings am USING (meeting_id) WHERE m.place_id IS NOT NULL "
        "ORDER BY m.meeting_id"
    )[0]
    page = server.text(f"/parley/meetings/{meeting['meeting_id']}")
    anchor = f"/parley/articles/{meeting['article_id']}#{meeting['meeting_id']}"
    assert f'href="{anchor}"' in page
    article = server.text(anchor.split("#")[0])
    assert f'<span id="{meeting["meeting_id"]}"></span><mark' in article
    assert f'href="/map?place={meeting["place_id"]}"' in page
    map_page = server.text(f"/map?place={meeting['place_id']}")
    assert map_page.count("place-dot status-") >= 1
    assert len(re.findall(r'class="place-dot status-\w+ selected"', map_page)) == 1


def test_browse_tables_bucket_a_vague_date_in_no_month(server):
    articles = server.json("/parley/browse_articles.json?_shape=objects&_size=max")["rows"]
    for row in articles:
        start, end = row["published_start"], row["published_end"]
        if start and start[:7] != end[:7]:
            assert row["month"] is None
        elif start:
            assert row["month"] == start[:7]
    page = server.text("/parley/browse_articles")
    vague = [r for r in articles if r["published_basis"] == "inferred" and r["month"] is None]
    if vague:
        assert "(inferred)" in text_of(page)


def test_the_timeline_counts_a_meeting_in_a_month_only_when_it_lies_in_it(server):
    meetings = server.query("SELECT date_start, date_end FROM meetings WHERE date_start NOT NULL")
    inside = sum(m["date_start"][:7] == m["date_end"][:7] for m in meetings)
    page = text_of(server.text("/timeline?by=month"))
    assert f"{inside:,} dated meeting" in page
    if inside < len(meetings):
        assert f"{len(meetings) - inside} meeting" in page and "not counted in any month" in page


def test_canned_queries_show_dates_as_intervals(server):
    meeting = server.query(
        "SELECT meeting_id, date_start, date_end FROM meetings "
        "WHERE date_start != date_end ORDER BY meeting_id"
    )
    if not meeting:
        pytest.skip("no meeting dated as an interval")
    rows = server.json(
        f"/parley/meeting_evidence.json?_shape=objects&title="
        f"{urllib.parse.quote(server.query('SELECT title FROM meetings WHERE meeting_id = ?', (meeting[0]['meeting_id'],))[0][0])}"
    )["rows"]
    dates = {row["date"] for row in rows if row["meeting_id"] == meeting[0]["meeting_id"]}
    assert dates and not any(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in dates)
    assert json.dumps(rows)  # plain JSON values
