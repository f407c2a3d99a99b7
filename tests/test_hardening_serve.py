"""The served instance under hostile requests: a real Datasette with the Parley plugins on a
loopback port, a bounded client (timeouts, bounded reads), and the time, memory and size
each hostile query takes asserted.

The database is built from the committed package into a temporary folder; the
server is started once for the module.
"""

from __future__ import annotations

import concurrent.futures
import csv
import http.client
import io
import json
import socket
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest

from parley.datasette.plugins import parley_guard as guard
from parley.db import build_database
from parley.serve import datasette_command, prepare_site

ROOT = Path(__file__).resolve().parent.parent
READ_LIMIT = 64_000_000  # the client never reads more than this


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    db = base / "parley.db"
    build_database(ROOT / "datapackage.json", db)
    site = prepare_site(db, ROOT / "datapackage.json", base / "site")
    port = free_port()
    log = open(base / "server.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        datasette_command(db, site, "127.0.0.1", port), stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if get(port, "/-/settings.json")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail((base / "server.log").read_text())
    yield {"port": port, "pid": process.pid, "db": db}
    process.terminate()
    process.wait(10)
    log.close()


def get(port: int, path: str, headers: dict | None = None, timeout: float = 10):
    """(status, headers, body, seconds): one GET with a timeout and a bounded read."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.monotonic()
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read(READ_LIMIT)
        return response.status, dict(response.getheaders()), body, time.monotonic() - started
    finally:
        connection.close()


def sql(port: int, query: str, suffix: str = ".json"):
    return get(port, f"/parley{suffix}?" + urllib.parse.urlencode({"sql": query}))


def peak_memory_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


needs_proc = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")


BIG = "replace(printf('%.*c', 100000, 'x'), 'x', 'xxxxxxxxxx')"  # 1 MB, in steps
HOSTILE = [
    ("select length(randomblob(2000000000))", "not authorized"),
    ("select length(zeroblob(2000000000))", "not authorized"),
    ("select fts3_tokenizer('simple')", "not authorized"),
    (
        f"select {BIG} from articles a, articles b, articles c limit 1000",
        "the result is over 16,000,000 bytes",
    ),
    (f"select length({BIG} || {BIG} || {BIG} || {BIG} || {BIG})", "string or blob too big"),
]


@needs_proc
@pytest.mark.parametrize(("query", "error"), HOSTILE)
def test_a_hostile_query_is_refused_fast_and_small(server, query, error):
    before = peak_memory_kb(server["pid"])
    status, _, body, seconds = sql(server["port"], query)
    assert status >= 400
    assert error in json.loads(body)["error"]
    assert seconds < 2.0
    assert len(body) < 10_000
    assert peak_memory_kb(server["pid"]) - before < 150_000  # KB: it allocated no gigabyte


@needs_proc
@pytest.mark.parametrize(
    "query",
    [
        "select length(printf('%.*c', 2147483647, 'x'))",
        "select length(printf('%2147483647d', 1))",
        "select length(format('%.*c', 2147483647, 'x'))",
    ],
)
def test_printf_with_a_huge_width_gives_null_at_once(server, query):
    before = peak_memory_kb(server["pid"])
    status, _, body, seconds = sql(server["port"], query)
    assert status == 200
    assert json.loads(body)["rows"] == [[None]]
    assert seconds < 1.0
    assert peak_memory_kb(server["pid"]) - before < 50_000


def test_printf_within_bounds_works_as_sqlite_s(server):
    query = "select printf('%5.2f|%s|%d%%|%.*c', 3.14159, 'a', 7, 3, 'x') as p"
    status, _, body, _ = sql(server["port"], query)
    assert status == 200 and json.loads(body)["rows"] == [[" 3.14|a|7%|xxx"]]


def test_three_hostile_queries_at_once_leave_the_server_answering(server):
    query = "select length(printf('%.*c', 2147483647, 'x'))"
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        hostile = [pool.submit(sql, server["port"], query) for _ in range(3)]
        status, _, _, seconds = pool.submit(get, server["port"], "/parley/meetings.json").result()
        assert status == 200 and seconds < 2.0
        assert all(f.result()[3] < 2.0 for f in hostile)


def test_an_ordinary_query_still_runs(server):
    status, _, body, _ = sql(server["port"], "select count(*) as n from meetings")
    assert status == 200
    assert json.loads(body)["rows"] == [[13]]


def test_every_response_carries_the_security_headers(server):
    for path in ("/", "/parley/meetings", "/parley/meetings.json", "/downloads/datapackage.json"):
        status, headers, _, _ = get(server["port"], path)
        assert status == 200, path
        lower = {k.lower(): v for k, v in headers.items()}
        assert lower["x-content-type-options"] == "nosniff", path
        assert lower["x-frame-options"] == "DENY", path
        assert "frame-ancestors 'none'" in lower["content-security-policy"], path
        assert "default-src 'self'" in lower["content-security-policy"], path


def test_no_response_reveals_where_the_database_is(server):
    folder = str(server["db"].parent)
    status, _, body, _ = get(server["port"], "/-/databases.json")
    assert status == 200
    assert json.loads(body) == [{"name": "parley", "route": "parley", "is_mutable": False}]
    status, _, body, _ = sql(server["port"], "select file from pragma_database_list()")
    assert status == 200 and json.loads(body)["rows"] == [[None]]
    for path in ("/-/databases", "/-/settings.json", "/-/plugins.json", "/-/metadata.json"):
        assert folder.encode() not in get(server["port"], path)[2], path


@pytest.mark.parametrize("path", ["/-/versions.json", "/-/versions", "/-/threads.json"])
def test_versions_and_threads_are_not_served(server, path):
    assert get(server["port"], path)[0] == 404


def test_a_forged_host_is_not_written_into_links(server):
    headers = {"Host": "evil.example"}
    for path in ("/parley/meetings?_facet=status", "/parley/meetings.json?_facet=status&_size=2"):
        status, response_headers, body, _ = get(server["port"], path, headers)
        assert status == 200
        assert b"evil.example" not in body, path
        assert "evil.example" not in json.dumps(response_headers), path
    _, _, body, _ = get(server["port"], "/parley/meetings.json?_facet=status&_size=2", headers)
    toggle = json.loads(body)["facet_results"]["status"]["results"][0]["toggle_url"]
    assert toggle.startswith("/parley/meetings.json?")


def test_a_page_over_the_response_cap_is_refused_whole(server):
    # 15 MB of control characters passes the row budget; JSON escapes each as \u0001 (6 bytes).
    query = (
        "select replace(printf('%.*c', 100000, char(1)), char(1), "
        "printf('%.*c', 10, char(1))) as x from articles a, articles b limit 15"
    )
    status, _, body, seconds = sql(server["port"], query)
    assert status == 413
    assert b"the most this instance sends" in body
    assert len(body) < 10_000 and seconds < 10


# --- CSV formula injection --------------------------------------------------------------


def test_datasette_csv_export_neutralises_formulas_and_keeps_numbers(server):
    query = (
        "select '=HYPERLINK(\"http://x\")' as a, '+1+2' as b, '-2' as c, '@SUM(A1)' as d, "
        "'-4.0083' as e, 'plain' as f, ' =not first' as g, '-x' as h"
    )
    status, _, body, _ = sql(server["port"], query, ".csv")
    assert status == 200
    header, row = list(csv.reader(io.StringIO(body.decode())))
    assert header == ["a", "b", "c", "d", "e", "f", "g", "h"]
    assert row == [
        '\'=HYPERLINK("http://x")',
        "'+1+2",
        "-2",
        "'@SUM(A1)",
        "-4.0083",
        "plain",
        " =not first",
        "'-x",
    ]


def test_the_downloads_stay_faithful_to_the_package(server):
    status, _, body, _ = get(server["port"], "/downloads/data/articles.csv")
    assert status == 200
    assert body == (ROOT / "data" / "articles.csv").read_bytes()


@pytest.mark.parametrize(
    ("chunks", "expected"),
    [
        ([b'a,b\r\n=1,"=2"\r\n'], b"a,b\r\n'=1,\"'=2\"\r\n"),
        ([b'x\r\n"-', b'5"\r\n-', b"5e3\r\n"], b'x\r\n"-5"\r\n-5e3\r\n'),
        ([b'x\r\n"a ""=b""",-', b"q\r\n"], b'x\r\n"a ""=b""",\'-q\r\n'),
        ([b'x\r\n"\tcmd"\r\n', b"@x,-"], b"x\r\n\"'\tcmd\"\r\n'@x,'-"),
        # A sign, digits, then an escaped quote: no number, whatever follows it.
        ([b'x\r\n"-1""+cmd|x"\r\n'], b'x\r\n"\'-1""+cmd|x"\r\n'),
        ([b'x\r\n"-1"', b'"', b'"\r\n'], b'x\r\n"\'-1"""\r\n'),
        ([b'x\r\n"-1"', b",2\r\n"], b'x\r\n"-1",2\r\n'),
        ([b'x\r\n"+2"'], b'x\r\n"+2"'),
    ],
)
def test_the_neutraliser_parses_csv_across_chunks(chunks, expected):
    cells = guard.FormulaNeutraliser()
    out = b"".join(cells.feed(c, final=i == len(chunks) - 1) for i, c in enumerate(chunks))
    assert out == expected


def test_the_guard_is_loaded_from_the_plugins_folder_that_publish_uses():
    from parley.serve import PLUGINS, publish_command

    assert Path(guard.__file__).parent == PLUGINS
    assert "parley/datasette/plugins" in publish_command("package")
