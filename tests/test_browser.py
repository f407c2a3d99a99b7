"""The instance in a real browser: Debian's Chromium driven by Playwright.

Against the session's `parley serve` (see test_serve.py). No browser is
downloaded: Playwright launches /usr/bin/chromium. Every request the pages
make is checked to stay on the instance, so the pictures are shown to render
offline. Screenshots go to a temporary folder (printed with -s), never into
the repository.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import urllib.parse
from pathlib import Path

import pytest
from test_serve import Server, shared_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.fixture(scope="session")
def browser_context(request, tmp_path_factory):
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="parley-chromium-")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(15_000)
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def server(request, tmp_path_factory) -> Server:
    return shared_server(request, tmp_path_factory)


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("screenshots")
    print(f"\nscreenshots: {folder}")
    return folder


@pytest.fixture
def page(browser_context, server):
    """A page that records every request leaving the instance (there must be none)."""
    page = browser_context.new_page()
    outside: list[str] = []

    def check(route):
        url = route.request.url
        if url.startswith(server.url + "/") or url.startswith("data:"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", check)
    page.outside_requests = outside
    yield page
    page.close()
    assert outside == [], f"the page fetched from outside the instance: {outside}"


def test_home_page_offers_search_questions_pictures_and_downloads(page, server, screenshots):
    page.goto(server.url + "/")
    title = json.loads(server.text("/downloads/datapackage.json"))["title"]
    assert page.locator("h1").inner_text() == title
    assert page.locator("#parley-q").is_visible()
    links = {a.inner_text().strip() for a in page.locator(".parley-questions a").all()}
    assert {"All meetings of a person", "Who met whom", "Topics by year"} <= links
    assert page.get_by_role("link", name="Timeline of meetings").is_visible()
    assert page.get_by_role("link", name="Map of meeting places").is_visible()
    assert page.get_by_role("link", name=re.compile("whole data package")).is_visible()
    page.screenshot(path=screenshots / "home.png", full_page=True)


def test_search_from_the_home_page_finds_an_article(page, server, screenshots):
    article = server.query("SELECT article_id, title FROM articles ORDER BY article_id")[0]
    word = max(re.findall(r"[A-Za-z]{4,}", article["title"]), key=len)
    page.goto(server.url + "/")
    page.fill("#parley-q", word)
    page.press("#parley-q", "Enter")
    page.wait_for_url(re.compile(r"/parley/search\?"))
    table = page.locator("table.rows-and-columns")
    assert article["title"] in table.inner_text()
    assert page.locator("table.rows-and-columns mark").count() > 0
    page.screenshot(path=screenshots / "search.png", full_page=True)


def test_a_facet_click_narrows_the_meetings(page, server, screenshots):
    total = server.query("SELECT count(*) FROM meetings")[0][0]
    # A facet value that holds some meetings but not all, so the click must narrow.
    counts = server.query(
        "SELECT 'status' AS facet, status AS value, count(*) AS n FROM meetings GROUP BY status "
        "UNION ALL SELECT 'year', substr(date_start, 1, 4), count(*) FROM meetings "
        "WHERE date_start IS NOT NULL GROUP BY 2 ORDER BY n DESC"
    )
    facet, value, expected = next((r[0], r[1], r[2]) for r in counts if r[2] < total)
    page.goto(server.url + "/parley/browse_meetings")
    assert f"{total:,} row" in page.locator("h3").first.inner_text()
    facet_box = page.locator(f'.facet-info[data-column="{facet}"]')
    facet_box.locator("a", has_text=re.compile(rf"^{re.escape(str(value))}$")).first.click()
    page.wait_for_url(re.compile(rf"[?&]{facet}={urllib.parse.quote(str(value))}"))
    assert f"{expected:,} row" in page.locator("h3").first.inner_text()
    shown = page.locator(f"table.rows-and-columns td.col-{facet}").all_inner_texts()
    assert shown and all(text.strip() == str(value) for text in shown)
    page.screenshot(path=screenshots / "facet.png", full_page=True)


def test_a_person_facet_narrows_the_meetings_to_that_person(page, server):
    person = server.query(
        "SELECT p.name, count(*) AS n FROM meeting_participants JOIN people p USING (person_id) "
        "GROUP BY person_id ORDER BY n DESC"
    )[0]
    page.goto(server.url + "/parley/browse_meetings")
    facet_box = page.locator('.facet-info[data-column="people"]')
    facet_box.get_by_role("link", name=person["name"], exact=True).click()
    page.wait_for_url(re.compile(r"[?&]_person="))
    assert f"{person['n']:,} row" in page.locator("h3").first.inner_text()
    for cell in page.locator("table.rows-and-columns td.col-people").all_inner_texts():
        assert person["name"] in cell


def test_a_meeting_page_shows_its_evidence_quote(page, server, screenshots):
    meeting = server.query(
        "SELECT meeting_id, title FROM meetings ORDER BY article_count DESC, meeting_id"
    )[0]
    quotes = {
        row["quote"]
        for row in server.query(
            "SELECT quote FROM article_meetings WHERE meeting_id = ?", (meeting["meeting_id"],)
        )
    }
    # From the meetings table, as a reader would get there.
    page.goto(server.url + "/parley/meetings?meeting_id=" + meeting["meeting_id"])
    page.get_by_role("link", name=meeting["meeting_id"], exact=True).first.click()
    page.wait_for_url(re.compile(re.escape(meeting["meeting_id"])))
    assert page.locator("h1").inner_text() == meeting["title"]
    marked = page.locator("mark.parley-evidence-quote")
    assert marked.count() == len(quotes)
    shown = {" ".join(text.split()) for text in marked.all_inner_texts()}
    assert shown == {" ".join(quote.split()) for quote in quotes}
    assert marked.first.is_visible()
    assert page.locator(".parley-participants li").count() >= 2
    page.screenshot(path=screenshots / "meeting.png", full_page=True)


def test_the_timeline_renders(page, server, screenshots):
    page.goto(server.url + "/timeline")
    svg = page.locator("svg.parley-timeline")
    box = svg.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 150
    bars = page.locator("svg.parley-timeline rect.bar")
    assert bars.count() > 0
    heights = [bar.bounding_box()["height"] for bar in bars.all()]
    assert max(heights) > 50  # drawn, not blank
    fill = bars.first.evaluate("element => getComputedStyle(element).fill")
    assert fill not in ("", "none", "rgb(0, 0, 0)")  # the stylesheet was served and applied
    page.screenshot(path=screenshots / "timeline.png", full_page=True)


def test_the_map_renders(page, server, screenshots):
    page.goto(server.url + "/map")
    land = page.locator("svg.parley-map path.land")
    box = land.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100
    dots = page.locator("svg.parley-map circle.place-dot")
    places = server.query("SELECT DISTINCT place_id FROM meetings WHERE place_id IS NOT NULL")
    assert dots.count() == len(places) > 0
    assert all(dot.bounding_box()["width"] > 3 for dot in dots.all())
    land_fill = land.evaluate("element => getComputedStyle(element).fill")
    assert land_fill not in ("", "none", "rgb(0, 0, 0)")
    page.screenshot(path=screenshots / "map.png", full_page=True)
    page.goto(server.url + "/map?world=1")
    world = page.locator("svg.parley-map path.land").bounding_box()
    assert world and world["width"] > 600
    page.screenshot(path=screenshots / "map-world.png", full_page=True)
