"""Benchmark the Datasette instance: requests per second and p50/p99 latency per page.

Starts Datasette on an existing database exactly as `parley serve` does
(same metadata, settings, templates and plugin, via parley.serve), on a free
loopback port, sends a fixed number of requests to each page, prints a
Markdown table, and stops the server. It never talks to anything but
127.0.0.1.

Usage:
  python scripts/benchmark_server.py --db build/parley.db --package datapackage.json
  python scripts/benchmark_server.py --db /tmp/synth-db/parley.db \\
      --package /tmp/synth-data/datapackage.json --requests 200 --concurrency 4 \\
      --plain --baseline /tmp/parley-main --baseline-db /tmp/main-db/parley.db

Each page first gets a few warm-up requests (not counted), then `--requests`
requests from `--concurrency` threads, each with its own keep-alive
connection. Latency is per request; requests per second is the page's
request count over the wall time it took.

Side by side, in the same run: `--plain` also starts plain Datasette
(`datasette serve -i` with the same inspect counts, its default settings, no
Parley metadata, templates or plugins) on the same file and measures it on
the pages it has too (table, row and JSON pages); `--baseline SRC` also
starts the Parley of another checkout (say, main's, from `git archive`) on
its own database (`--baseline-db`, built by that checkout's `parley db`);
`--uncached` also starts this Parley with its caches off (`PARLEY_CACHE=off`,
parley/datasette/plugins/parley_cache.py): what a page costs the first time
it is asked for since the server started, since every other request of the
run repeats an address.
The servers are measured interleaved: each page's requests are sent in
`--rounds` rounds, every server in turn in each round, so that a busy moment
of a shared machine falls on all of them alike.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from parley.serve import datasette_command, prepare_site

HOST = "127.0.0.1"  # loopback only, by design


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def sample_values(db_file: Path) -> dict:
    """Realistic parameters from the database: its busiest person, meeting, topic, a word."""
    connection = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:

        def one(sql: str) -> str:
            row = connection.execute(sql).fetchone()
            return "" if row is None or row[0] is None else str(row[0])

        return {
            "person": one(
                "SELECT p.name FROM meeting_participants mp JOIN people p USING (person_id) "
                "GROUP BY person_id ORDER BY count(*) DESC LIMIT 1"
            ),
            "meeting": one("SELECT meeting_id FROM meetings ORDER BY article_count DESC LIMIT 1"),
            "person_id": one(
                "SELECT person_id FROM meeting_participants GROUP BY person_id "
                "ORDER BY count(*) DESC LIMIT 1"
            ),
            "place": one(
                "SELECT place_id FROM meetings WHERE place_id IS NOT NULL GROUP BY place_id "
                "ORDER BY count(*) DESC LIMIT 1"
            ),
            "article": one(
                "SELECT article_id FROM article_meetings GROUP BY article_id "
                "ORDER BY count(*) DESC LIMIT 1"
            ),
            "topic": one(
                "SELECT topic_id FROM article_topics GROUP BY topic_id ORDER BY count(*) DESC LIMIT 1"
            ),
            "year": one("SELECT year FROM browse_meetings GROUP BY year ORDER BY count(*) DESC"),
            # Rows for pages asked for once each: the busiest first, as readers would find them.
            "meetings": [
                row[0]
                for row in connection.execute(
                    "SELECT meeting_id FROM meetings ORDER BY article_count DESC, meeting_id"
                )
            ],
            "articles": [
                row[0]
                for row in connection.execute(
                    "SELECT article_id FROM article_meetings GROUP BY article_id "
                    "ORDER BY count(*) DESC, article_id"
                )
            ],
        }
    finally:
        connection.close()


def pages(db_name: str, values: dict) -> list[tuple[str, str | list[str]]]:
    """(label, path) of every page measured; a list of paths is asked for in turn.

    The lists are rows asked for once each (as many as a run sends, warm-up
    and rounds included): what a first visit to a row costs when the server
    has answered others (a cache of pages has nothing for it).
    """
    surname = values["person"].split()[-1] if values["person"] else "minister"
    q = urllib.parse.quote
    return [
        ("home page", "/"),
        ("meetings table", f"/{db_name}/meetings"),
        ("meetings, 6 facets", f"/{db_name}/browse_meetings"),
        ("facet selected", f"/{db_name}/browse_meetings?year={values['year']}&status=held"),
        ("person facet", f"/{db_name}/browse_meetings?_person={q(values['person'])}"),
        ("meeting page", f"/{db_name}/meetings/{values['meeting']}"),
        ("meeting pages, each new", [f"/{db_name}/meetings/{m}" for m in values["meetings"]]),
        ("articles, search", f"/{db_name}/browse_articles?_search={q(surname)}"),
        ("search (canned)", f"/{db_name}/search?q={q(surname)}"),
        ("meetings_of_person", f"/{db_name}/meetings_of_person?name={q(surname)}"),
        ("who_met_whom", f"/{db_name}/who_met_whom?name="),
        ("meeting_evidence", f"/{db_name}/meeting_evidence?title="),
        ("topics_by_year", f"/{db_name}/topics_by_year"),
        ("meeting_lifecycle", f"/{db_name}/meeting_lifecycle?meeting={values['meeting']}"),
        ("articles_about_topic", f"/{db_name}/articles_about_topic?topic={values['topic']}"),
        ("review", f"/{db_name}/review"),
        ("timeline", "/timeline"),
        ("map", "/map"),
        ("map, place picked", f"/map?place={q(values['place'])}"),
        ("article page", f"/{db_name}/articles/{values['article']}"),
        ("article pages, each new", [f"/{db_name}/articles/{a}" for a in values["articles"]]),
        ("person page", f"/{db_name}/people/{values['person_id']}"),
        ("place page", f"/{db_name}/places/{values['place']}"),
        ("topic page", f"/{db_name}/topics/{values['topic']}"),
        ("people table", f"/{db_name}/people"),
        ("data page", "/data"),
        ("downloads index", "/downloads/"),
        ("search JSON (markers stripped)", f"/{db_name}/search.json?q={q(surname)}"),
        ("meetings JSON", f"/{db_name}/meetings.json"),
    ]


def measure(port: int, path: str | list[str], requests: int, concurrency: int) -> dict:
    """Send `requests` GETs for `path` from `concurrency` threads: latencies, errors, wall time.

    A list of paths is walked in turn (each server from its start: `paths.pop`).
    """
    paths = path if isinstance(path, list) else None
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    per_thread = [
        requests // concurrency + (i < requests % concurrency) for i in range(concurrency)
    ]

    def worker(count: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        for _ in range(count):
            with lock:
                here = paths.pop(0) if paths is not None else path
            started = time.perf_counter()
            try:
                connection.request("GET", here)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                problem = f"HTTP {response.status}"
            except (OSError, http.client.HTTPException) as error:
                ok, problem = False, repr(error)
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors.append(problem)
        connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in per_thread]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {"latencies": latencies, "errors": errors, "wall": wall}


# Pages that plain Datasette has too (the base tables' pages, rows and JSON).
PLAIN_PAGES = (
    "meetings table",
    "meeting page",
    "meeting pages, each new",
    "article page",
    "article pages, each new",
    "person page",
    "place page",
    "topic page",
    "people table",
    "meetings JSON",
)


def wait_until_up(port: int, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"datasette exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/-/settings.json")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("datasette did not start")


def baseline_command(source: Path, db_file: Path, package: Path, site_dir: Path, port: int):
    """The `datasette serve` command of the Parley checked out at `source` (its own serve.py)."""
    program = (
        "import json, sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
        "from parley.serve import datasette_command, prepare_site; "
        "site = prepare_site(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])); "
        "print(json.dumps(datasette_command(Path(sys.argv[2]), site, sys.argv[5], int(sys.argv[6]))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", program, str(source.resolve()), str(db_file), str(package)]
        + [str(site_dir), HOST, str(port)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def plain_command(db_file: Path, inspect: Path, port: int) -> list[str]:
    """Plain Datasette on the same file: immutable, the same counts, nothing of Parley's."""
    return [sys.executable, "-m", "datasette", "serve", "-i", str(db_file)] + [
        "--inspect-file",
        str(inspect),
        "--host",
        HOST,
        "--port",
        str(port),
    ]


def combine(parts: list[dict]) -> dict:
    """One page's figures from the rounds it was measured in."""
    latencies = sorted(x for part in parts for x in part["latencies"])
    wall = sum(part["wall"] for part in parts)
    errors = [e for part in parts for e in part["errors"]]
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="SQLite file from `parley db`")
    parser.add_argument("--package", type=Path, required=True, help="its datapackage.json")
    parser.add_argument("--requests", type=int, default=200, help="per page (default 200)")
    parser.add_argument("--concurrency", type=int, default=1, help="client threads (default 1)")
    parser.add_argument("--warmup", type=int, default=5, help="uncounted requests per page")
    parser.add_argument("--rounds", type=int, default=4, help="interleaved rounds per page")
    parser.add_argument("--plain", action="store_true", help="also plain Datasette, same file")
    parser.add_argument(
        "--uncached", action="store_true", help="also Parley with PARLEY_CACHE=off (first visits)"
    )
    parser.add_argument("--baseline", type=Path, help="another Parley checkout to compare")
    parser.add_argument("--baseline-db", type=Path, help="its database (default: --db)")
    parser.add_argument("--pages", nargs="*", help="only these pages (labels)")
    args = parser.parse_args()

    processes: list[subprocess.Popen] = []
    servers: list[tuple[str, int]] = []  # (name, port)
    with tempfile.TemporaryDirectory() as site_dir:
        try:
            port = free_port()
            site = prepare_site(args.db, args.package, Path(site_dir) / "parley")
            command = datasette_command(args.db, site, HOST, port)
            servers.append(("parley", port))
            processes.append(_start(command))
            if args.uncached:
                port = free_port()
                command = datasette_command(args.db, site, HOST, port)
                servers.append(("uncached", port))
                processes.append(_start(command, {"PARLEY_CACHE": "off"}))
            if args.baseline:
                port = free_port()
                command = baseline_command(
                    args.baseline,
                    args.baseline_db or args.db,
                    args.package,
                    Path(site_dir) / "baseline",
                    port,
                )
                servers.append(("before", port))
                processes.append(_start(command))
            if args.plain:
                port = free_port()
                servers.append(("plain Datasette", port))
                processes.append(_start(plain_command(args.db, site.inspect, port)))
            for process, (_, port) in zip(processes, servers, strict=True):
                wait_until_up(port, process)
            return _run(args, servers)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=10)


def _start(command: list[str], environment: dict[str, str] | None = None) -> subprocess.Popen:
    env = {**os.environ, **(environment or {})}
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def _run(args, servers: list[tuple[str, int]]) -> int:
    values = sample_values(args.db)
    connection = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    articles = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    connection.close()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"{args.db} ({articles:,} articles), {args.requests} requests per page and server, "
        f"concurrency {args.concurrency}, {args.rounds} interleaved rounds; "
        f"load average {load:.1f} at the start\n"
    )
    names = [name for name, _ in servers]
    header = "| page | " + " | ".join(f"{n} req/s | {n} p50 ms | {n} p99 ms" for n in names)
    print(header + " | errors |")
    print("| --- |" + " ---: | ---: | ---: |" * len(names) + " ---: |")
    failures = 0
    for label, path in pages(args.db.stem, values):
        if args.pages and label not in args.pages:
            continue
        here = [(n, p) for n, p in servers if n != "plain Datasette" or label in PLAIN_PAGES]
        # Rows asked for once each: every server walks the same list from its start.
        todo = {n: list(path) if isinstance(path, list) else path for n, _ in here}
        if any(isinstance(p, list) and len(p) < args.requests + args.warmup for p in todo.values()):
            print(f"| {label} | too few rows for {args.requests} requests |")
            continue
        for name, port in here:
            measure(port, todo[name], args.warmup, 1)
        parts: dict[str, list[dict]] = {n: [] for n, _ in here}
        for round_number in range(args.rounds):
            count = args.requests // args.rounds + (round_number < args.requests % args.rounds)
            turn = round_number % len(here)
            for name, port in here[turn:] + here[:turn]:
                parts[name].append(measure(port, todo[name], count, args.concurrency))
        cells, errors = [], []
        for name in names:
            if name not in parts:
                cells.append("— | — | —")
                continue
            result = combine(parts[name])
            failures += result["errors"]
            if result["errors"]:
                errors.append(f"{name}: {result['errors']} ({result['first_error']})")
            cells.append(f"{result['rps']:.0f} | {result['p50']:.1f} | {result['p99']:.1f}")
        print(f"| {label} | " + " | ".join(cells) + f" | {'; '.join(errors) or 0} |", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
