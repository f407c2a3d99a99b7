"""Benchmark the Datasette instance: requests per second and p50/p99 latency per page.

Starts Datasette on an existing database exactly as `parley serve` does
(same metadata, settings, templates and plugin, via parley.serve), on a free
loopback port, sends a fixed number of requests to each page, prints a
Markdown table, and stops the server. It never talks to anything but
127.0.0.1.

Usage:
  python scripts/benchmark_server.py --db build/parley.db --package datapackage.json
  python scripts/benchmark_server.py --db /tmp/synth-db/parley.db \\
      --package /tmp/synth-data/datapackage.json --requests 200 --concurrency 2

Each page first gets a few warm-up requests (not counted), then `--requests`
requests from `--concurrency` threads, each with its own keep-alive
connection. Latency is per request; requests per second is the page's
request count over the wall time it took.
"""

from __future__ import annotations

import argparse
import http.client
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


def sample_values(db_file: Path) -> dict[str, str]:
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
            "topic": one(
                "SELECT topic_id FROM article_topics GROUP BY topic_id ORDER BY count(*) DESC LIMIT 1"
            ),
            "year": one("SELECT year FROM browse_meetings GROUP BY year ORDER BY count(*) DESC"),
        }
    finally:
        connection.close()


def pages(db_name: str, values: dict[str, str]) -> list[tuple[str, str]]:
    """(label, path) of every page measured."""
    surname = values["person"].split()[-1] if values["person"] else "minister"
    q = urllib.parse.quote
    return [
        ("home page", "/"),
        ("meetings table", f"/{db_name}/meetings"),
        ("meetings, 6 facets", f"/{db_name}/browse_meetings"),
        ("facet selected", f"/{db_name}/browse_meetings?year={values['year']}&status=held"),
        ("person facet", f"/{db_name}/browse_meetings?_person={q(values['person'])}"),
        ("meeting page", f"/{db_name}/meetings/{values['meeting']}"),
        ("articles, search", f"/{db_name}/browse_articles?_search={q(surname)}"),
        ("search (canned)", f"/{db_name}/search?q={q(surname)}"),
        ("meetings_of_person", f"/{db_name}/meetings_of_person?name={q(surname)}"),
        ("who_met_whom", f"/{db_name}/who_met_whom?name="),
        ("meeting_evidence", f"/{db_name}/meeting_evidence?title="),
        ("topics_by_year", f"/{db_name}/topics_by_year"),
        ("meeting_lifecycle", f"/{db_name}/meeting_lifecycle?meeting={values['meeting']}"),
        ("articles_about_topic", f"/{db_name}/articles_about_topic?topic={values['topic']}"),
        ("timeline", "/timeline"),
        ("map", "/map"),
        ("meetings JSON", f"/{db_name}/meetings.json"),
    ]


def measure(port: int, path: str, requests: int, concurrency: int) -> dict:
    """Send `requests` GETs for `path` from `concurrency` threads; return latencies and errors."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    per_thread = [
        requests // concurrency + (i < requests % concurrency) for i in range(concurrency)
    ]

    def worker(count: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        for _ in range(count):
            started = time.perf_counter()
            try:
                connection.request("GET", path)
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
    ordered = sorted(latencies)
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "rps": len(latencies) / wall,
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
    }


def wait_until_up(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="SQLite file from `parley db`")
    parser.add_argument("--package", type=Path, required=True, help="its datapackage.json")
    parser.add_argument("--requests", type=int, default=200, help="per page (default 200)")
    parser.add_argument("--concurrency", type=int, default=1, help="client threads (default 1)")
    parser.add_argument("--warmup", type=int, default=5, help="uncounted requests per page")
    args = parser.parse_args()

    port = free_port()
    with tempfile.TemporaryDirectory() as site_dir:
        site = prepare_site(args.db, args.package, Path(site_dir))
        command = datasette_command(args.db, site, HOST, port)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until_up(port, process)
            values = sample_values(args.db)
            articles = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True).execute(
                "SELECT count(*) FROM articles"
            )
            print(
                f"{args.db} ({articles.fetchone()[0]:,} articles), {args.requests} requests "
                f"per page, concurrency {args.concurrency}\n"
            )
            print("| page | requests | errors | req/s | p50 ms | p99 ms |")
            print("| --- | ---: | ---: | ---: | ---: | ---: |")
            failures = 0
            for label, path in pages(args.db.stem, values):
                measure(port, path, args.warmup, 1)
                result = measure(port, path, args.requests, args.concurrency)
                failures += result["errors"]
                note = f" ({result['first_error']})" if result["errors"] else ""
                print(
                    f"| {label} | {result['requests']} | {result['errors']}{note} | "
                    f"{result['rps']:.0f} | {result['p50']:.1f} | {result['p99']:.1f} |",
                    flush=True,
                )
        finally:
            process.terminate()
            process.wait(timeout=10)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
