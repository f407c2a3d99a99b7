"""`parley serve`: generated metadata, downloads, and the real server as users start it.

One server per test session (`parley_server`, shared with test_browser.py):
`python -m parley serve --port N --db TMP/parley.db` on a free loopback
port, the way the README starts it. It serves the checkout's data/ as it is
and writes only under TMP (database, site files): it never rebuilds data/,
so a hand edit is still there for the golden test to find
(`test_serving_leaves_the_checkout_as_it_was`).
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import re
import shlex
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest
from helpers import (
    ROOT,
    Server,
    free_port,
    package_state,
    shared_server,
    stop_server,
)
from markupsafe import escape

from parley.datasette.plugins import (
    parley_article,
    parley_dates,
    parley_map,
    parley_timeline,
    parley_topic,
)
from parley.db import DERIVED_TABLES, build_database, read_descriptor_schemas
from parley.serve import (
    SETTINGS,
    canned_queries,
    datasette_metadata,
    publish_command,
    shell_line,
    write_downloads,
)


@pytest.fixture(scope="session")
def parley_server(request, tmp_path_factory) -> Server:
    return shared_server(request, tmp_path_factory)


# ------------------------------------------------------ metadata, offline


@pytest.fixture(scope="module")
def package_db(built_package, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serve-db") / "parley.db"
    build_database(built_package / "datapackage.json", out)
    return out


def test_metadata_comes_from_the_descriptor_and_every_table_schema(built_package):
    descriptor, schemas = read_descriptor_schemas(built_package / "datapackage.json")
    metadata = datasette_metadata(built_package / "datapackage.json")
    assert metadata["title"] == descriptor["title"]
    assert metadata["description"] == descriptor["description"]
    assert metadata["license_url"] == descriptor["licenses"][0]["path"]
    assert descriptor["sources"][0]["title"] in metadata["source"]
    tables = metadata["databases"]["parley"]["tables"]
    for name, schema in schemas.items():
        assert tables[name]["title"] == schema["title"]
        assert tables[name]["description"] == schema["description"]
        assert tables[name]["columns"] == {f["name"]: f["description"] for f in schema["fields"]}


def test_derived_tables_describe_every_column_reusing_the_schemas_words(built_package):
    _, schemas = read_descriptor_schemas(built_package / "datapackage.json")
    tables = datasette_metadata(built_package / "datapackage.json")["databases"]["parley"]["tables"]
    meetings = {f["name"]: f["description"] for f in schemas["meetings"]["fields"]}
    for table in DERIVED_TABLES:
        columns = tables[table.name]["columns"]
        assert list(columns) == [c.name for c in table.columns]
        assert all(
            description and not description.startswith("=") for description in columns.values()
        )
    assert tables["browse_meetings"]["columns"]["status"] == meetings["status"]


def test_every_table_others_refer_to_names_its_rows(built_package):
    _, schemas = read_descriptor_schemas(built_package / "datapackage.json")
    tables = datasette_metadata(built_package / "datapackage.json")["databases"]["parley"]["tables"]
    referenced = {
        fk["reference"]["resource"]
        for schema in schemas.values()
        for fk in schema.get("foreignKeys", [])
    }
    assert {"articles", "meetings", "people", "sources", "topics", "places"} <= referenced
    for name in referenced:
        label = tables[name]["label_column"]
        assert label in {f["name"] for f in schemas[name]["fields"]}
    assert tables["meetings"]["label_column"] == "title"
    assert tables["people"]["label_column"] == "name"
    assert tables["meetings"]["sort_desc"] == "date_start"


def site_connection(db_file: Path) -> sqlite3.Connection:
    """A connection with the SQL functions Datasette and the site's plugins register."""
    from datasette.utils import escape_fts

    connection = sqlite3.connect(db_file)
    connection.create_function("escape_fts", 1, escape_fts)
    for plugin in (parley_dates, parley_topic):
        plugin.prepare_connection(connection)
    return connection


def test_every_canned_query_runs_on_a_real_database(package_db):
    connection = site_connection(package_db)
    person = connection.execute("SELECT name FROM people ORDER BY name").fetchone()[0]
    meeting = connection.execute("SELECT meeting_id FROM article_meetings").fetchone()[0]
    topic = connection.execute("SELECT topic_id FROM article_topics").fetchone()[0]
    pair = connection.execute("SELECT country_a, country_b FROM dyad_years").fetchone()
    values = {
        "country": pair[0],
        "other": pair[1],
        "q": person.split()[-1],
        "name": person,
        "meeting": meeting,
        "topic": topic,
        "title": "",
    }
    queries = canned_queries()
    expected = {
        "search",
        "meetings_of_person",
        "who_met_whom",
        "meeting_evidence",
        "topics_by_year",
        "meeting_lifecycle",
        "articles_about_topic",
        "dyad_years",
        "review",
    }
    assert set(queries) == expected
    for name, query in queries.items():
        assert query["title"] and query["description"], name
        params = {p: values[p] for p in set(re.findall(r":(\w+)", query["sql"]))}
        rows = connection.execute(query["sql"], params).fetchall()
        assert rows, f"{name} found nothing for {params}"
        # With its parameter left empty a query shows nothing or everything, never an error.
        connection.execute(query["sql"], dict.fromkeys(params, "")).fetchall()
    connection.close()


def test_downloads_are_the_package_byte_for_byte_and_the_zip_is_reproducible(
    built_package, tmp_path
):
    first = write_downloads(built_package / "datapackage.json", tmp_path / "one")
    write_downloads(built_package / "datapackage.json", tmp_path / "two")
    zip_name = first["zip"].rsplit("/", 1)[1]
    assert (tmp_path / "one" / zip_name).read_bytes() == (tmp_path / "two" / zip_name).read_bytes()
    descriptor = json.loads((built_package / "datapackage.json").read_text(encoding="utf-8"))
    with zipfile.ZipFile(tmp_path / "one" / zip_name) as archive:
        names = set(archive.namelist())
        assert "parley/datapackage.json" in names
        for resource in descriptor["resources"]:
            original = (built_package / resource["path"]).read_bytes()
            assert archive.read(f"parley/{resource['path']}") == original
            assert (tmp_path / "one" / resource["path"]).read_bytes() == original
    assert [r["name"] for r in first["resources"]] == [r["name"] for r in descriptor["resources"]]


def test_the_publishing_guide_gives_the_commands_the_code_would_run():
    guide = (ROOT / "docs" / "publishing.md").read_text(encoding="utf-8")
    for target in ("cloudrun", "package"):
        line = shell_line(publish_command(target))
        flattened = re.sub(r"\s*\\\n\s*", " ", guide)
        assert line in flattened, f"docs/publishing.md lacks:\n{line}"


# ------------------------------------------------------------ real server


@pytest.mark.server
def test_serve_binds_loopback_and_prints_the_address(parley_server):
    log = parley_server.log.read_text()
    port = parley_server.url.rsplit(":", 1)[1]
    assert f"Serving Parley at http://127.0.0.1:{port}/" in log
    assert f"Uvicorn running on http://127.0.0.1:{port}" in log
    databases = parley_server.json("/-/databases.json")
    assert [(d["name"], d["is_mutable"]) for d in databases] == [("parley", False)]


@pytest.mark.server
def test_serving_leaves_the_checkout_as_it_was(parley_server):
    """The server fixture serves data/ as it is: not one byte of the package is rewritten."""
    assert parley_server.checkout and package_state() == parley_server.checkout
    log = parley_server.log.read_text()
    assert "Built" not in log
    assert (parley_server.db.parent / "site" / "downloads" / "parley-datapackage.zip").is_file()


@pytest.mark.server
def test_home_page_has_title_licence_search_questions_pictures_and_downloads(parley_server):
    page = parley_server.text("/")
    descriptor = json.loads(parley_server.text("/downloads/datapackage.json"))
    assert escape(descriptor["title"]) in page
    assert "opendatacommons.org/licenses/by/1-0/" in page
    assert 'action="/parley/search"' in page
    for name in canned_queries():
        assert f'href="/parley/{name}"' in page, name
    for href in ("/timeline", "/map", "/parley/browse_meetings", "/parley/browse_articles"):
        assert f'href="{href}"' in page, href
    assert 'href="/downloads/datapackage.json"' in page
    assert 'href="/downloads/parley-datapackage.zip"' in page
    assert 'href="/parley.db"' in page
    for resource in descriptor["resources"]:
        assert f'href="/downloads/{resource["path"]}"' in page, resource["name"]


@pytest.mark.server
def test_downloads_match_the_package_and_the_database(parley_server):
    descriptor = json.loads(parley_server.text("/downloads/datapackage.json"))
    for resource in descriptor["resources"]:
        status, _, body = parley_server.get(f"/downloads/{resource['path']}")
        assert status == 200
        assert "sha256:" + hashlib.sha256(body).hexdigest() == resource["hash"], resource["name"]
    status, _, body = parley_server.get("/downloads/parley-datapackage.zip")
    assert status == 200
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert json.loads(archive.read("parley/datapackage.json")) == descriptor
        assert {"parley/README.md", "parley/LICENCES.md", "parley/docs/annotation-guide.md"} <= set(
            archive.namelist()
        )
    assert descriptor["homepage"] == parley_server.url + "/"
    status, _, body = parley_server.get("/parley.db")
    assert status == 200
    assert hashlib.sha256(body).digest() == hashlib.sha256(parley_server.db.read_bytes()).digest()


@pytest.mark.server
def test_table_page_shows_the_schema_descriptions(parley_server):
    page = parley_server.text("/parley/meetings")
    schema = json.loads((ROOT / "schemas" / "meetings.json").read_text(encoding="utf-8"))
    assert escape(schema["title"]) in page
    for field in schema["fields"]:
        assert escape(field["description"]) in page, field["name"]


@pytest.mark.server
def test_json_api_returns_meetings_newest_first_with_the_schema_columns(parley_server):
    data = parley_server.json("/parley/meetings.json?_shape=objects&_size=max")
    schema = json.loads((ROOT / "schemas" / "meetings.json").read_text(encoding="utf-8"))
    assert data["columns"] == [f["name"] for f in schema["fields"]]
    assert len(data["rows"]) == parley_server.query("SELECT count(*) FROM meetings")[0][0]
    dates = [row["date_start"] for row in data["rows"] if row["date_start"]]
    assert dates and dates == sorted(dates, reverse=True)


@pytest.mark.server
def test_foreign_keys_show_names_not_ids(parley_server):
    data = parley_server.json("/parley/article_meetings.json?_shape=objects&_labels=on")
    titles = {r["meeting_id"]: r["title"] for r in parley_server.query("SELECT * FROM meetings")}
    assert data["rows"]
    for row in data["rows"]:
        assert row["meeting_id"]["label"] == titles[row["meeting_id"]["value"]]
    page = parley_server.text("/parley/meeting_participants")
    name = parley_server.query(
        "SELECT name FROM people JOIN meeting_participants USING (person_id)"
    )
    assert escape(name[0][0]) in page


@pytest.mark.server
def test_meetings_facet_by_year_status_kind_country_person_and_topic(parley_server):
    data = parley_server.json("/parley/browse_meetings.json")
    assert {"year", "status", "kind", "country", "people", "topics"} <= set(data["facet_results"])
    person = parley_server.query(
        "SELECT p.name, count(*) AS n FROM meeting_participants JOIN people p USING (person_id) "
        "GROUP BY person_id ORDER BY n DESC"
    )[0]
    query = urllib.parse.urlencode({"_person": person["name"], "_size": "max"})
    narrowed = parley_server.json(f"/parley/browse_meetings.json?{query}&_shape=objects")
    assert narrowed["filtered_table_rows_count"] == person["n"]
    assert all(person["name"] in json.loads(row["people"]) for row in narrowed["rows"])
    articles = parley_server.json("/parley/browse_articles.json")
    assert {"year", "publisher_id"} <= set(articles["facet_results"])


@pytest.mark.server
def test_search_finds_articles_and_evidence_quotes(parley_server):
    article = parley_server.query("SELECT article_id, title FROM articles ORDER BY article_id")[0]
    word = max(re.findall(r"[A-Za-z]{4,}", article["title"]), key=len)
    found = parley_server.json(f"/parley/search.json?q={word}&_shape=array")
    assert article["article_id"] in {
        row["article_id"] for row in found if row["found_in"] == "article"
    }
    page = parley_server.text(f"/parley/search?q={word}")
    assert re.search(rf"<mark>{word}</mark>", page, re.IGNORECASE)
    for table in ("articles", "browse_articles"):
        rows = parley_server.json(f"/parley/{table}.json?_search={word}&_shape=array")
        assert article["article_id"] in {row["article_id"] for row in rows}, table
    quote = parley_server.query("SELECT rowid, quote FROM article_meetings")[0]["quote"]
    quote_word = max(re.findall(r"[A-Za-z]{4,}", quote), key=len)
    rows = parley_server.json(f"/parley/article_meetings.json?_search={quote_word}&_shape=array")
    assert quote in {row["quote"] for row in rows}


@pytest.mark.server
def test_each_canned_query_answers_with_links_to_rows(parley_server):
    person = parley_server.query("SELECT name FROM people ORDER BY name")[0]["name"]
    meeting = parley_server.query("SELECT meeting_id FROM article_meetings")[0][0]
    topic = parley_server.query("SELECT topic_id FROM article_topics")[0][0]
    pages = {
        "meetings_of_person": {"name": person},
        "who_met_whom": {"name": ""},
        "meeting_evidence": {"title": ""},
        "topics_by_year": {},
        "meeting_lifecycle": {"meeting": meeting},
        "articles_about_topic": {"topic": topic},
    }
    for name, params in pages.items():
        query = urllib.parse.urlencode(params)
        rows = parley_server.json(f"/parley/{name}.json?{query}&_shape=array")
        assert rows, name
        page = parley_server.text(f"/parley/{name}?{query}")
        assert "rows-and-columns" in page, name
    lifecycle = parley_server.json(f"/parley/meeting_lifecycle.json?meeting={meeting}&_shape=array")
    reports = parley_server.query("SELECT * FROM article_meetings WHERE meeting_id = ?", (meeting,))
    assert {r["article_id"] for r in lifecycle} == {r["article_id"] for r in reports}
    page = parley_server.text(f"/parley/meeting_lifecycle?meeting={meeting}")
    assert f'href="/parley/meetings/{meeting}"' in page


@pytest.mark.server
def test_meeting_page_shows_participants_place_date_and_each_quote(parley_server):
    meeting = parley_server.query(
        "SELECT m.* FROM meetings m WHERE place_id IS NOT NULL ORDER BY article_count DESC"
    )[0]
    page = parley_server.text(f"/parley/meetings/{meeting['meeting_id']}")
    assert escape(meeting["title"]) in page
    assert meeting["date_start"] in page
    place = parley_server.query(
        "SELECT name FROM places WHERE place_id = ?", (meeting["place_id"],)
    )
    assert escape(place[0]["name"]) in page
    for person in parley_server.query(
        "SELECT name FROM meeting_participants JOIN people USING (person_id) WHERE meeting_id = ?",
        (meeting["meeting_id"],),
    ):
        assert escape(person["name"]) in page
    marked = re.findall(r'<mark class="parley-evidence-quote">(.*?)</mark>', page, re.DOTALL)
    quotes = parley_server.query(
        "SELECT quote FROM article_meetings WHERE meeting_id = ?", (meeting["meeting_id"],)
    )
    assert sorted(html.unescape(m) for m in marked) == sorted(q["quote"] for q in quotes)


@pytest.mark.server
def test_timeline_and_map_are_drawn_on_the_server(parley_server):
    timeline = parley_server.text("/timeline")
    bars = re.findall(r'<rect class="bar status-(\w+)"', timeline)
    dated = parley_server.query(
        "SELECT DISTINCT substr(date_start, 1, 7), status FROM meetings WHERE date_start IS NOT NULL"
    )
    assert len(bars) == len(dated) > 0
    yearly = parley_server.text("/timeline?by=year")
    assert 'href="/parley/browse_meetings?year=' in html.unescape(yearly)
    world = parley_server.text("/map")
    assert re.search(r'<path class="land" d="M[\d.]+ [\d.]+L', world)
    circles = re.findall(r'<circle class="place-dot', world)
    places = parley_server.query(
        "SELECT DISTINCT place_id FROM meetings WHERE place_id IS NOT NULL"
    )
    assert len(circles) == len(places) > 0
    for page in (timeline, world):
        # Nothing is fetched from elsewhere: every script, style and image is the instance's own.
        assert not re.search(r'(src="|<link[^>]*href=")(https?:)?//', page)


# ----------------------------------------------------------------- safety


@pytest.mark.server
def test_writes_are_refused_and_leave_the_database_unchanged(parley_server):
    before = hashlib.sha256(parley_server.db.read_bytes()).hexdigest()
    for path in ("/parley", "/parley/meetings", "/parley/search", "/parley/meetings/-/insert"):
        status, _, body = parley_server.get(path, method="POST", data=b"sql=delete+from+meetings")
        assert status == 405, (path, status)
        assert b"read-only" in body
    sql = urllib.parse.quote("DELETE FROM meetings")
    status, _, body = parley_server.get(f"/parley.json?sql={sql}")
    assert status == 400
    assert json.loads(body)["error"] == "Statement must be a SELECT"
    assert hashlib.sha256(parley_server.db.read_bytes()).hexdigest() == before
    assert parley_server.query("SELECT count(*) FROM meetings")[0][0] > 0


@pytest.mark.server
def test_an_over_long_query_is_cut_off_cleanly(parley_server):
    sql = urllib.parse.quote(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
    )
    started = time.monotonic()
    status, _, body = parley_server.get(f"/parley.json?sql={sql}")
    elapsed = time.monotonic() - started
    assert status == 400
    assert "took too long" in json.loads(body)["error"]
    assert elapsed < SETTINGS["sql_time_limit_ms"] / 1000 + 2
    # The server is still there for the next reader.
    assert parley_server.get("/parley/meetings.json")[0] == 200


@pytest.mark.server
def test_limits_are_in_force(parley_server):
    settings = parley_server.json("/-/settings.json")
    for name in ("sql_time_limit_ms", "max_returned_rows", "facet_time_limit_ms"):
        assert settings[name] == SETTINGS[name], name
    sql = urllib.parse.quote(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000) "
        "SELECT x FROM c"
    )
    data = parley_server.json(f"/parley.json?sql={sql}&_shape=objects")
    assert len(data["rows"]) == SETTINGS["max_returned_rows"]
    assert data["truncated"] is True


def test_parley_serve_binds_loopback_unless_told_otherwise():
    result = subprocess.run(
        [sys.executable, "-m", "parley", "serve", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert result.returncode == 0
    assert re.search(r"--host TEXT\s+Address to bind\.\s+\[default: 127\.0\.0\.1\]", result.stdout)


@pytest.mark.server
def test_the_published_instance_works_as_datasette_publish_lays_it_out(parley_server, tmp_path):
    """What `datasette package`/`publish` would build, run here without Docker.

    Datasette's own publish helper lays out the container's folder from the
    command in docs/publishing.md; its Dockerfile's CMD then serves it.
    """
    from datasette.utils import temporary_docker_directory

    site = parley_server.db.parent / "site"
    args = publish_command(
        "package",
        db_file=str(parley_server.db),
        site_dir=str(site),
        assets=str(ROOT / "parley" / "datasette"),
    )
    options = dict(zip(args[3::2], args[4::2], strict=False))
    statics = [args[i + 1].split(":", 1) for i, a in enumerate(args) if a == "--static"]
    port = free_port()
    with (
        open(options["--metadata"], encoding="utf-8") as metadata,
        temporary_docker_directory(
            files=[str(parley_server.db)],
            name="parley",
            metadata=metadata,
            extra_options=options["--extra-options"],
            branch=None,
            template_dir=options["--template-dir"],
            plugins_dir=options["--plugins-dir"],
            static=statics,
            install=[options["--install"]],
            spatialite=False,
            version_note=None,
            secret="test",
        ) as folder,
    ):
        dockerfile = (Path(folder) / "Dockerfile").read_text()
        inspect = re.search(r"RUN datasette inspect (.*)", dockerfile).group(1).split()
        subprocess.run(
            [sys.executable, "-m", "datasette", "inspect", *inspect], cwd=folder, check=True
        )
        install = re.search(r"RUN pip install (.*)", dockerfile).group(1)
        assert "datasette~=0.65" in install and not re.search("[<>|;&]", install)
        command = re.search(r"^CMD (.*)$", dockerfile, re.MULTILINE).group(1)
        command = command.replace("$PORT", str(port)).replace("--host 0.0.0.0", "--host 127.0.0.1")
        assert command.startswith("datasette serve")
        process = subprocess.Popen(
            [sys.executable, "-m", *shlex.split(command)],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        published = Server(f"http://127.0.0.1:{port}", parley_server.db, tmp_path / "log", process)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if published.get("/-/settings.json")[0] == 200:
                        break
                except OSError:
                    time.sleep(0.2)
            home = published.text("/")
            assert 'action="/parley/search"' in home
            assert re.search(r'<rect class="bar', published.text("/timeline"))
            assert re.search(r'<path class="land" d="M', published.text("/map"))
            assert published.get("/downloads/parley-datapackage.zip")[0] == 200
            assert published.get("/parley-static/parley.css")[0] == 200
            assert published.get("/parley", method="POST", data=b"")[0] == 405
            settings = published.json("/-/settings.json")
            assert settings["sql_time_limit_ms"] == SETTINGS["sql_time_limit_ms"]
            assert published.json("/-/databases.json")[0]["is_mutable"] is False
        finally:
            stop_server(published)


@pytest.mark.server
def test_article_page_marks_every_evidence_quote_in_its_text(parley_server):
    article_id = parley_server.query(
        "SELECT article_id FROM article_meetings GROUP BY article_id ORDER BY count(*) DESC"
    )[0][0]
    page = parley_server.text(f"/parley/articles/{article_id}")
    reports = parley_server.query(
        "SELECT meeting_id, quote FROM article_meetings WHERE article_id = ?", (article_id,)
    )
    for report in reports:
        assert f'id="{report["meeting_id"]}"' in page
        assert f'href="#{report["meeting_id"]}"' in page
    marked = {
        html.unescape(m)
        for m in re.findall(r'<mark class="parley-evidence-quote"[^>]*>(.*?)</mark>', page, re.S)
    }
    assert marked and marked <= {r["quote"] for r in reports}


# ------------------------------------------------ the site plugin's drawing


def test_timeline_has_a_bar_slot_for_every_month_even_empty_ones():
    counts = {("2019-01", "held"): 2, ("2019-01", "planned"): 1, ("2019-04", "cancelled"): 3}
    svg, rows = parley_timeline.timeline_svg(
        counts, "month", "/parley/browse_meetings", ["held", "planned", "cancelled"]
    )
    assert [row["bucket"] for row in rows] == ["2019-01", "2019-02", "2019-03", "2019-04"]
    assert [row["total"] for row in rows] == [3, 0, 0, 3]
    assert len(re.findall(r"<rect class=\"bar", svg)) == 3
    assert 'href="/parley/browse_meetings?month=2019-04&amp;status=cancelled"' in svg


def test_map_names_overlap_neither_dots_nor_each_other():
    places = [
        {"name": name, "cx": cx, "cy": 50.0, "r": 1.0}
        for name, cx in [("Washington", 103.0), ("New York", 106.0), ("Baltimore", 103.5)]
    ]
    parley_map.place_labels(places, font_size=2.0, view=(60.0, 20.0, 80.0, 40.0))
    boxes = []
    for place in places:
        if place["label_x"] is None:
            continue
        width = len(place["name"]) * 2.0 * 0.6
        left = place["label_x"] if place["anchor"] == "start" else place["label_x"] - width
        boxes.append((left, place["label_y"] - 2.0, left + width, place["label_y"] + 0.5))
    assert len(boxes) >= 2
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
        for place in places:
            dot = (place["cx"] - 1, place["cy"] - 1, place["cx"] + 1, place["cy"] + 1)
            assert not (a[0] < dot[2] and dot[0] < a[2] and a[1] < dot[3] and dot[1] < a[3])


def test_marked_text_escapes_the_text_and_shares_a_mark_between_meetings():
    text = "Intro <b>. They met in Paris. Later."
    start = text.index("They")
    end = text.index(" Later")
    spans = [
        {"char_start": start, "char_end": end, "meeting_id": "m-1", "meeting": "A"},
        {"char_start": start, "char_end": end, "meeting_id": "m-2", "meeting": "B"},
    ]
    html_text = str(parley_article.marked_text(text, spans))
    assert "&lt;b&gt;" in html_text and "<b>" not in html_text
    assert html_text.count("<mark") == 1
    assert 'id="m-1"' in html_text and 'id="m-2"' in html_text
    assert 'title="A; B">They met in Paris.</mark>' in html_text
