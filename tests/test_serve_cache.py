"""The site's caches (parley/datasette/plugins/parley_cache.py): same bytes, only what may be kept.

Against the session's real server (`parley_server`, as test_serve.py), and the
plugin's pieces offline.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import urllib.parse
import urllib.request

import pytest
from helpers import shared_server

from parley.datasette.plugins import parley_cache


@pytest.fixture(scope="session")
def parley_server(request, tmp_path_factory):
    return shared_server(request, tmp_path_factory)


def _get(server, path: str, headers: dict | None = None):
    request = urllib.request.Request(server.url + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, _lower(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, _lower(error.headers), error.read()


def _lower(headers) -> dict:
    return {k.lower(): v for k, v in headers.items()}


def _pages(server) -> list[str]:
    meeting = server.query("SELECT meeting_id FROM meetings ORDER BY meeting_id LIMIT 1")[0][0]
    article = server.query("SELECT article_id FROM articles ORDER BY article_id LIMIT 1")[0][0]
    return [
        "/",
        "/parley/browse_meetings",
        f"/parley/meetings/{meeting}",
        f"/parley/articles/{article}",
        "/parley/who_met_whom?name=",
        "/parley/meetings.json?_shape=objects",
        "/timeline",
    ]


@pytest.mark.server
def test_a_page_asked_again_is_the_same_bytes_from_the_cache(parley_server):
    for path in _pages(parley_server):
        first = _get(parley_server, path)
        second = _get(parley_server, path)
        assert first[0] == second[0] == 200, path
        assert second[1].get("x-parley-cache") == "hit", path
        assert second[2] == first[2], path
        # (The first may be a hit too: the session's server has answered other tests.)
        same = [
            {k: v for k, v in h.items() if k not in ("x-parley-cache", "date")}
            for h in (first[1], second[1])
        ]
        assert same[0] == same[1], path


@pytest.mark.server
def test_a_first_visit_is_made_and_kept_and_the_second_is_its_copy(parley_server):
    path = "/parley/browse_meetings?_size=7&_sort=title"  # asked by no other test
    first = _get(parley_server, path)
    second = _get(parley_server, path)
    assert first[0] == 200 and "x-parley-cache" not in first[1]
    assert second[1].get("x-parley-cache") == "hit"
    assert second[2] == first[2]


@pytest.mark.server
@pytest.mark.parametrize(
    "path, headers",
    [
        ("/parley/meetings", {"Cookie": "ds_actor=x"}),  # a reader with a session
        ("/parley/meetings", {"Authorization": "Bearer x"}),
        ("/parley/meetings/no-such-meeting", {}),  # a 404
        ("/parley-static/parley.css", {}),  # served from its file
        ("/parley/meetings.csv?_stream=1", {}),  # a stream
    ],
)
def test_what_is_never_answered_from_the_cache(parley_server, path, headers):
    statuses = [_get(parley_server, path, headers)[0] for _ in range(2)]
    status, answer, _ = _get(parley_server, path, headers)
    assert status == statuses[0]
    assert "x-parley-cache" not in answer


@pytest.mark.server
@pytest.mark.parametrize(
    "sql",
    [
        "select random() as r",
        "select abs(random()) % 1000000 as r",
        "select julianday('now') as r",
        "select strftime('%f', 'now') || random() as r",
    ],
)
def test_sql_whose_answer_changes_without_the_data_is_run_every_time(parley_server, sql):
    path = "/parley.json?_shape=array&sql=" + urllib.parse.quote(sql)
    answers = set()
    for _ in range(3):
        status, headers, body = _get(parley_server, path)
        assert status == 200
        assert "x-parley-cache" not in headers
        answers.add(json.loads(body)[0]["r"])
    assert len(answers) > 1


@pytest.mark.parametrize(
    "sql, unstable",
    [
        (b"select random()", True),
        (b"SELECT RANDOM()", True),
        (b"select date('now')", True),
        (b"select date(%27now%27)", True),
        (b"select current_timestamp", True),
        (b"select changes()", True),
        (b"select * from meetings where status = 'held'", False),
        (b"select count(*) from meetings", False),
        (b"PRAGMA schema_version", False),
    ],
)
def test_unstable_sql_is_recognised(sql, unstable):
    assert (parley_cache.UNSTABLE_SQL.search(sql) is not None) is unstable


def test_a_schema_answer_is_computed_once_and_every_caller_gets_its_own_copy():
    calls = []

    async def columns(table):
        calls.append(table)
        return {"columns": [table, "id"]}

    once = parley_cache._asked_once(columns)

    async def ask():
        first = await once("meetings")
        first["columns"].append("changed by a caller")
        return first, await once("meetings"), await once("people")

    # In a thread of its own: the browser tests may leave an event loop running in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        first, again, other = pool.submit(asyncio.run, ask()).result()
    assert again == {"columns": ["meetings", "id"]}
    assert other == {"columns": ["people", "id"]}
    assert calls == ["meetings", "people"]


@pytest.mark.parametrize(
    "puts, kept",
    [
        ([("a", 4), ("b", 4)], ["a", "b"]),
        ([("a", 4), ("b", 4), ("c", 4)], ["b", "c"]),  # over 10: the oldest goes
        ([("a", 11)], []),  # bigger than the whole cache
        ([("a", 4), ("a", 6)], ["a"]),  # replaced, counted once
    ],
)
def test_response_cache_keeps_the_most_recently_used_within_its_bytes(puts, kept):
    cache = parley_cache.ResponseCache(limit=10)
    for key, size in puts:
        cache.put(key, 200, [], b"x" * size, cost=size)
    assert list(cache.entries) == kept
    assert cache.size == sum(cache.entries[k][3] for k in kept)
    assert cache.size <= 10
