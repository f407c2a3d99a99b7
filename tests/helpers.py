"""Helpers the tests share: paths, a small seeds folder, builds, cell edits, claims, a port.

Test files import these from here (`from helpers import ...`), never from conftest.py
(which holds only fixtures and hooks) or from one another.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.paths import PROJECT_ROOT

ROOT = PROJECT_ROOT
SEEDS = PROJECT_ROOT / "seeds"
GOOD = ("000_fb82a6c145586567.txt", "004_0e89ee0f3769bdb9.txt")

csv.field_size_limit(2**31 - 1)


def load_script(name: str):
    """The module of scripts/NAME.py (scripts are not a package), registered in sys.modules
    so that its dataclasses and pickling work."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def rows(out: Path, resource: str) -> list[dict[str, str]]:
    with open(out / f"{resource}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def snapshot(folder: Path) -> dict[str, bytes]:
    """The bytes of every file of a folder by name; nothing for a folder that is not there."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def copy_seeds(tmp_path: Path) -> Path:
    """A seeds folder with two of the project's seed articles."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for name in GOOD:
        shutil.copy(SEEDS / name, folder / name)
    return folder


def run_build(seeds: Path, out: Path):
    result = CliRunner().invoke(main, ["build", str(seeds), "--out", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def checkout_state(root: Path = ROOT) -> dict[str, str]:
    """What a test must not change: the bytes of the package, and git's view of the tree."""
    state = {}
    for path in [root / "datapackage.json", *sorted((root / "data").glob("*"))]:
        if path.is_file():
            state[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    try:
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return state
    if status.returncode == 0:
        for line in status.stdout.splitlines():
            path = root / line[3:]
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
            state[f"git: {line[3:]}"] = f"{line[:2]} {digest}"
    return state


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def claims_of(text: str, reference, day=None, name: str = "test.txt") -> set[tuple]:
    """An article's claims as comparable tuples:
    (participants, kind, status, (start, end) or None, place)."""
    import datetime as dt

    from parley.extract import analyse_article
    from parley.parse import parse_article
    from parley.records import Article

    article = Article(name, text, "0" * 64)
    findings = analyse_article(parse_article(article, reference), reference, day)
    out = set()
    for claim in findings.claims:
        interval = None
        if claim.interval:
            interval = (claim.interval.start.isoformat(), claim.interval.end.isoformat())
        out.add((claim.participants, claim.kind, claim.reported_status, interval, claim.place_id))
    if day is not None:
        assert isinstance(day, dt.date)
    return out


def seed_claims(name: str, reference) -> set[tuple]:
    return claims_of((SEEDS / name).read_text(encoding="utf-8"), reference, name=name)


def edit(package, resource, row_number, column, value):
    """Set one cell (row numbered as in the file, header = 1) and refresh bytes and hash,
    so that the only problem left is the broken cell itself."""
    path = package / f"{resource}.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    table[row_number - 1][table[0].index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(table)
    data = buffer.getvalue().encode("utf-8")
    path.write_bytes(data)
    refresh(package, resource, data)


def refresh(package, resource, data):
    descriptor_path = package / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for entry in descriptor["resources"]:
        if entry["name"] == resource:
            entry["bytes"] = len(data)
            entry["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
    descriptor_path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def cell(package, resource, row_number, column):
    with open(package / f"{resource}.csv", encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    return table[row_number - 1][table[0].index(column)]


# --- Hand-made records for the resolve and rows tests (no article text) --------------------


def tiny_reference():
    """A reference with three places (a city, a landmark in it, another city) and their
    countries: enough for resolve to compare places and for rows to name them."""
    from parley.reference import Country, Place, Reference

    def place(place_id, name, kind, country, city_id=None):
        return Place(place_id, name, kind, country, 0.0, 0.0, (), city_id)

    return Reference(
        people={},
        person_names={},
        person_short_names={},
        role_phrases=(),
        role_words={},
        countries={
            "AT": Country("AT", "Austria", ("Austria",), ("Austrian",), "vienna"),
            "CH": Country("CH", "Switzerland", ("Switzerland",), ("Swiss",), "bern"),
        },
        places={
            "vienna": place("vienna", "Vienna", "city", "AT"),
            "hofburg": place("hofburg", "Hofburg", "landmark", "AT", city_id="vienna"),
            "geneva": place("geneva", "Geneva", "city", "CH"),
        },
        topics={},
        sources={},
    )


def claim(
    article_id: str,
    status: str,
    day=None,
    *,
    people: tuple[str, ...] = ("anna-berg", "tomas-novak"),
    kind: str = "talks",
    place: str = "",
    at: int = 0,
    expression: str = "",
    topics: tuple[tuple[str, str], ...] = (),
):
    """A MeetingClaim of `article_id`; `day` is a date, a (start, end) pair or None."""
    from parley.records import DateInterval, MeetingClaim, Span

    if day is None:
        interval = None
    elif isinstance(day, tuple):
        interval = DateInterval(*day)
    else:
        interval = DateInterval.day(day)
    quote = f"{status} {kind}"
    return MeetingClaim(
        article_id=article_id,
        participants=people,
        kind=kind,
        reported_status=status,
        interval=interval,
        date_expression=expression,
        place_id=place,
        evidence=Span(at, at + len(quote), quote),
        topics=tuple(t for t, _ in topics),
        topic_quotes=tuple(Span(at, at + len(q), q) for _, q in topics),
    )


STARTUP_SECONDS = 90


# --- A running `parley serve` (tests/test_serve.py, test_site_pages.py, test_browser.py)


@dataclass
class Server:
    """A running `parley serve` and the database file it serves."""

    url: str
    db: Path
    log: Path
    process: subprocess.Popen
    checkout: dict | None = None  # the checkout's package before the server started

    def get(self, path: str, method: str = "GET", data: bytes | None = None):
        """(status, headers, body) of a request; error statuses are returned, not raised."""
        request = urllib.request.Request(self.url + path, method=method, data=data)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def text(self, path: str) -> str:
        status, _, body = self.get(path)
        assert status == 200, (path, status, body[:500])
        return body.decode("utf-8")

    def json(self, path: str):
        return json.loads(self.text(path))

    def query(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        """Rows from the served database file itself, to compare pages with."""
        connection = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True)
        connection.row_factory = sqlite3.Row
        try:
            return connection.execute(sql, params).fetchall()
        finally:
            connection.close()


def package_state() -> dict:
    """Bytes, inode and modification time of data/ and datapackage.json: untouched means equal."""
    state = {k: v for k, v in checkout_state().items() if not k.startswith("git: ")}
    for path in [ROOT / "data", ROOT / "datapackage.json", *sorted((ROOT / "data").glob("*"))]:
        if path.exists():
            info = path.stat()
            state[f"stat: {path.relative_to(ROOT)}"] = (info.st_ino, info.st_mtime_ns)
    return state


def start_server(tmp_dir: Path) -> Server:
    before = package_state()
    port = free_port()
    db = tmp_dir / "parley.db"
    log = tmp_dir / "serve.log"
    handle = log.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "parley", "serve", "--port", str(port), "--db", str(db)],
        cwd=ROOT,
        stdout=handle,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    server = Server(f"http://127.0.0.1:{port}", db, log, process, before)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"parley serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if server.get("/-/settings.json")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.25)
    stop_server(server)
    pytest.fail(f"parley serve did not answer within {STARTUP_SECONDS}s:\n{log.read_text()}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=10)


def shared_server(request, tmp_path_factory) -> Server:
    """The session's one server, started on first use (test_serve.py and test_browser.py)."""
    config = request.config
    failed = getattr(config, "_parley_server_failed", None)
    if failed:
        pytest.fail(f"the session's server did not start (see the first error): {failed}")
    server = getattr(config, "_parley_server", None)
    if server is None:
        try:
            server = start_server(tmp_path_factory.mktemp("serve"))
        except pytest.fail.Exception as error:
            # Every server test would wait for it again: fail them at once.
            config._parley_server_failed = str(error).splitlines()[0]
            raise
        config._parley_server = server
        config.add_cleanup(lambda: stop_server(server))
    return server
