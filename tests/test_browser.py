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
from helpers import Server, shared_server

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


# ------------------------------------------- every page, at desktop and phone widths

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


def key_pages(server: Server) -> dict[str, str]:
    """The pages a reader goes through, each for the row with most to show."""
    meeting = server.query("SELECT meeting_id FROM meetings ORDER BY article_count DESC")[0][0]
    article = server.query(
        "SELECT article_id FROM article_meetings GROUP BY article_id ORDER BY count(*) DESC"
    )[0][0]
    person = server.query(
        "SELECT person_id FROM meeting_participants GROUP BY person_id ORDER BY count(*) DESC"
    )[0][0]
    place = server.query(
        "SELECT place_id FROM meetings WHERE place_id IS NOT NULL "
        "GROUP BY place_id ORDER BY count(*) DESC"
    )[0][0]
    topic = server.query(
        "SELECT topic_id FROM article_topics GROUP BY topic_id ORDER BY count(*) DESC"
    )[0][0]
    return {
        "home": "/",
        "meeting": f"/parley/meetings/{meeting}",
        "article": f"/parley/articles/{article}",
        "person": f"/parley/people/{person}",
        "place": f"/parley/places/{place}",
        "topic": f"/parley/topics/{topic}",
        "timeline": "/timeline",
        "map": "/map",
        "data": "/data",
        "evidence": "/parley/meeting_evidence",
        "who-met-whom": "/parley/who_met_whom",
    }


@pytest.fixture(scope="session")
def screenshot_dir(screenshots) -> Path:
    """PARLEY_SCREENSHOTS (for instance build/screenshots, ignored by git) or the temporary one."""
    chosen = os.environ.get("PARLEY_SCREENSHOTS")
    if not chosen:
        return screenshots
    folder = Path(chosen).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_the_width_and_is_photographed(page, server, screenshot_dir, width):
    w, h = WIDTHS[width]
    page.set_viewport_size({"width": w, "height": h})
    for name, path in key_pages(server).items():
        response = page.goto(server.url + path)
        assert response.status == 200, path
        overflow = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert overflow[0] <= overflow[1], f"{path} scrolls sideways at {w} px: {overflow}"
        page.screenshot(path=screenshot_dir / f"{name}-{w}.png", full_page=True)


def test_the_search_box_is_above_the_fold_on_a_phone(page, server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server.url + "/")
    box = page.locator("#parley-q").bounding_box()
    assert box and box["y"] + box["height"] <= 844 * 0.6
    assert box["width"] >= 200


def _contrast(foreground: str, background: str) -> float:
    def luminance(css: str) -> float:
        r, g, b = (int(v) / 255 for v in re.findall(r"\d+(?:\.\d+)?", css)[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_status_badges_meet_wcag_aa_contrast(page, server):
    meeting = server.query(
        "SELECT meeting_id FROM meetings GROUP BY status ORDER BY article_count DESC"
    )
    seen = set()
    for (meeting_id,) in meeting:
        page.goto(server.url + f"/parley/meetings/{meeting_id}")
        for badge in page.locator(".parley-status").all():
            colours = badge.evaluate(
                "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor, e.className]"
            )
            ratio = _contrast(colours[0], colours[1])
            assert ratio >= 4.5, f"{colours[2]}: {colours[0]} on {colours[1]} is {ratio:.2f}:1"
            seen.add(colours[2])
    assert seen


def test_map_labels_and_timeline_axes_stay_readable_on_a_phone(page, server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server.url + "/map")
    labels = page.locator("svg.parley-map text.place-label").all()
    assert labels
    for label in labels:
        assert label.bounding_box()["height"] >= 11  # about 12 px type or more
    page.goto(server.url + "/timeline")
    axes = page.locator("svg.parley-timeline text.axis").all()
    assert axes
    for axis in axes:
        assert axis.bounding_box()["height"] >= 11
    # The picture scrolls in its own box, which says so; the page does not.
    assert page.locator(".parley-scroll-cue").first.is_visible()


def test_dates_ids_never_wrap_and_quotes_get_room(page, server):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server.url + "/parley/meeting_evidence")
    for selector in ("td.col-meeting_id a", "td.col-date", "td.col-article_id a"):
        cells = page.locator(f"table.rows-and-columns {selector}").all()
        assert cells, selector
        for cell in cells[:20]:
            # One line box per line of text the cell's words take.
            lines = cell.evaluate(
                "e => { const r = document.createRange(); r.selectNodeContents(e);"
                " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"
            )
            assert lines == 1, f"{selector} wraps: {cell.inner_text()}"
    quote = page.locator("table.rows-and-columns td.col-quote").first.bounding_box()
    assert quote["width"] >= 300


def test_a_wide_table_says_it_scrolls(page, server):
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(
        server.url
        + "/parley/meeting_lifecycle?meeting="
        + key_pages(server)["meeting"].rsplit("/", 1)[1]
    )
    wrapper = page.locator(".table-wrapper").first
    wide = wrapper.evaluate("e => e.scrollWidth > e.clientWidth")
    assert wide, "expected the lifecycle table to be wider than 800 px"
    cue = page.locator(".parley-scroll-cue").first
    assert cue.is_visible() and "scroll" in cue.inner_text()
    overflow = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert overflow


def test_links_go_where_they_say(page, server):
    page.set_viewport_size({"width": 1280, "height": 900})
    pages = key_pages(server)
    # Person -> a counterpart's own page.
    page.goto(server.url + pages["person"])
    first = page.locator(".parley-counterparts tbody a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/parley/people/"))
    assert page.locator("h1").inner_text() == name
    # Meeting -> the article, scrolled to its highlighted words for this meeting.
    page.goto(server.url + pages["meeting"])
    meeting_id = pages["meeting"].rsplit("/", 1)[1]
    page.locator(".parley-evidence h3 a").first.click()
    page.wait_for_url(re.compile(rf"/parley/articles/.*#{meeting_id}$"))
    mark = page.locator(f"[id='{meeting_id}'] + mark")
    assert mark.is_visible()
    top = mark.bounding_box()["y"]
    assert -5 <= top <= 900, "the article opens at the highlighted words"
    # Meeting -> the map, with the meeting's place picked out.
    page.goto(server.url + pages["meeting"])
    map_link = page.get_by_role("link", name="on the map")
    if map_link.count():
        map_link.click()
        page.wait_for_url(re.compile(r"/map\?place="))
        assert page.locator("circle.place-dot.selected").count() == 1
        assert page.locator(".parley-selected strong").is_visible()
    # Search: result titles are links to what was found.
    page.goto(server.url + "/")
    word = page.locator(".parley-quick a").first.inner_text().split()[-1]
    page.fill("#parley-q", word)
    page.press("#parley-q", "Enter")
    page.wait_for_url(re.compile(r"/parley/search\?"))
    title = page.locator("table.rows-and-columns td.col-title a").first
    text = title.inner_text()
    title.click()
    page.wait_for_url(re.compile(r"/parley/(meetings|articles)/"))
    assert page.locator("h1").inner_text() == text
    # The 404 page leads home.
    page.goto(server.url + "/nowhere")
    page.get_by_role("link", name="Go to the Parley home page").click()
    page.wait_for_url(server.url + "/")
    # /downloads/ lists files; each link downloads.
    page.goto(server.url + "/downloads/")
    assert page.locator("h1").inner_text() == "Downloads"
    href = page.locator("td a", has_text="datapackage.json").first.get_attribute("href")
    assert json.loads(server.text(href))["resources"]
