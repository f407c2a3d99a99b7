"""Bounds and headers that make a public Parley instance safe to expose.

A plugin file of the Parley site (Datasette's --plugins-dir loads every file
of the folder). It depends on Datasette alone. docs/publishing.md ("Safe to
publish") says what each bound is for; tests/test_hardening_serve.py runs the
hostile request that each one stops against a real server.

- SQLite's own limits on every connection (`LIMITS`): no string or blob
  longer than 4 MB (printf with a huge width, zeroblob and randomblob fail at
  once with "string or blob too big" instead of allocating gigabytes in one
  step the time limit cannot interrupt), no query text over 100 KB, no
  attached databases.
- An authorizer: the functions that make big values from nothing
  (randomblob, zeroblob) and fts3_tokenizer (which hands out and accepts raw
  pointers) are denied; the file column of pragma_database_list reads as
  null, so no query reveals where the database lives.
- A budget per query: the rows one query returns may hold at most
  `MAX_RESULT_BYTES`; max_returned_rows alone let 1,000 rows of 1 MB through.
- A cap on the bytes of every generated response (`MAX_RESPONSE_BYTES`); the
  static files (the data package downloads) and CSV streams, which are made
  page by page, are exempt.
- Headers on every response: Content-Security-Policy, X-Content-Type-Options,
  X-Frame-Options, Referrer-Policy. Links Datasette makes absolute (facet
  toggles, next pages, the JSON alternate) are made relative, so a forged Host
  header is never written into a cached page.
- /-/versions, /-/threads are not served; /-/databases lists no file paths.
- Only GET, HEAD and OPTIONS: any request that could write is a clean 405.
  The database is immutable anyway; this makes a write attempt a 405 rather
  than whatever a route does with a method it does not expect (Datasette
  0.65 answers a POST to a read-only canned query with a 500).
- CSV exported by Datasette (not the downloads, which stay faithful to the
  data package) has cells that a spreadsheet would run as a formula (`=`,
  `+`, `-`, `@`, tab, CR first, and not a plain number) prefixed with `'`.
"""

from __future__ import annotations

import codecs
import re
import sqlite3
import threading
import urllib.parse
import weakref

from datasette import hookimpl
from datasette.utils.asgi import Response

LIMITS = {
    sqlite3.SQLITE_LIMIT_LENGTH: 4_000_000,  # an article is at most 1 MB
    sqlite3.SQLITE_LIMIT_SQL_LENGTH: 100_000,
    sqlite3.SQLITE_LIMIT_COLUMN: 200,
    sqlite3.SQLITE_LIMIT_ATTACHED: 0,
    sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH: 1_000,
}
DENIED_FUNCTIONS = frozenset({"randomblob", "zeroblob", "fts3_tokenizer", "load_extension"})
MAX_RESULT_BYTES = 16_000_000
MAX_RESPONSE_BYTES = 32_000_000
CLOSED_PATHS = re.compile(r"^/-/(versions|threads)(\.json)?$")
DATABASES_PATH = re.compile(r"^/-/databases(\.json)?$")
READ_METHODS = {"GET", "HEAD", "OPTIONS"}
EXEMPT_PREFIXES = ("/downloads/", "/parley-static/", "/-/static/", "/-/static-plugins/")

HEADERS = {
    # Datasette's pages use inline scripts and styles; nothing comes from elsewhere.
    "content-security-policy": (
        "default-src 'self'; script-src 'self' 'unsafe-inline'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


# --- SQLite -----------------------------------------------------------------------


def _authorizer(action, arg1, arg2, database, source):
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_READ and arg1 == "pragma_database_list" and arg2 == "file":
        return sqlite3.SQLITE_IGNORE  # the column reads as null
    return sqlite3.SQLITE_OK


class ResultTooLarge(sqlite3.OperationalError):
    """Raised while fetching rows once a query's result passes MAX_RESULT_BYTES."""


_spent: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # cursor -> bytes so far


def _row_factory(cursor, row):
    size = sum(len(v) if isinstance(v, (str, bytes)) else 8 for v in row)
    total = _spent.get(cursor, 0) + size
    if total > MAX_RESULT_BYTES:
        raise ResultTooLarge(
            f"the result is over {MAX_RESULT_BYTES:,} bytes: ask for fewer rows or "
            "shorter values (this instance bounds every query)"
        )
    _spent[cursor] = total
    return sqlite3.Row(cursor, row)


# printf('%.*c', 2147483647, 'x') loops two billion times inside one step of SQLite 3.40
# (the time limit cannot interrupt it, the length limit does not stop the loop), so
# printf and format are replaced by a version that refuses a width or precision over
# MAX_PRINTF_WIDTH (its result is null, as SQLite's own printf gives for a result over
# the length limit) and hands the rest to SQLite's printf on a private connection.
MAX_PRINTF_WIDTH = 100_000
_CONVERSION = re.compile(r"%([-+ 0#,!]*)(\*|\d+)?(?:\.(\*|\d*))?(l{0,2})(.)", re.DOTALL)
_plain = sqlite3.connect(":memory:", check_same_thread=False)
_plain.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, LIMITS[sqlite3.SQLITE_LIMIT_LENGTH])
_plain_lock = threading.Lock()


def _widths_ok(fmt: str, args: tuple) -> bool:
    argument = 0
    for match in _CONVERSION.finditer(fmt):
        if match.group(5) == "%" and not any(match.group(i) for i in (1, 2, 3, 4)):
            continue
        for part in (match.group(2), match.group(3)):
            if part == "*":
                value = args[argument] if argument < len(args) else 0
                argument += 1
                try:
                    number = abs(int(value or 0))
                except (TypeError, ValueError):
                    number = 0
            else:
                number = int(part) if part else 0
            if number > MAX_PRINTF_WIDTH:
                return False
        argument += 1
    return True


def safe_printf(fmt, *args):
    """SQLite's printf(); null for a width or precision over MAX_PRINTF_WIDTH."""
    if fmt is None or not _widths_ok(str(fmt), args):
        return None
    placeholders = ", ".join("?" * (len(args) + 1))
    with _plain_lock:
        return _plain.execute(f"select printf({placeholders})", (fmt, *args)).fetchone()[0]


@hookimpl
def prepare_connection(conn):
    for limit, value in LIMITS.items():
        conn.setlimit(limit, value)
    conn.set_authorizer(_authorizer)
    conn.row_factory = _row_factory
    for name in ("printf", "format"):
        conn.create_function(name, -1, safe_printf, deterministic=True)


@hookimpl
def startup(datasette):
    def relative_url(request, path):
        """Datasette's absolute_url without scheme and host: the Host header is not echoed."""
        here = request.path + ("?" + request.query_string if request.query_string else "")
        parts = urllib.parse.urlsplit(urllib.parse.urljoin(here, path))
        return urllib.parse.urlunsplit(("", "", parts.path, parts.query, parts.fragment))

    datasette.absolute_url = relative_url


# --- HTTP -------------------------------------------------------------------------


def _is_datasette_csv(scope) -> bool:
    path = scope.get("path", "")
    query = urllib.parse.parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return path.endswith(".csv") or query.get("_format") == ["csv"]


def _is_stream(scope) -> bool:
    query = urllib.parse.parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return query.get("_stream", [""])[0] in ("1", "on", "true")


# Last of the plugins' wrappers, so the outermost: its headers and bounds apply to every
# response, the other plugins' (parley_exports.py) included.
@hookimpl(trylast=True)
def asgi_wrapper(datasette):
    def wrap(app):
        async def guarded(scope, receive, send):
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            path = scope.get("path", "")
            if CLOSED_PATHS.match(path):
                await _send(send, Response.text("Not found\n", status=404))
                return
            if DATABASES_PATH.match(path):
                listing = [
                    {"name": name, "route": db.route, "is_mutable": db.is_mutable}
                    for name, db in datasette.databases.items()
                    if name != "_internal"
                ]
                await _send(send, Response.json(listing))
                return
            if scope.get("method", "GET") not in READ_METHODS:
                refusal = Response.text(
                    "This Parley instance is read-only: only GET requests are allowed.\n",
                    status=405,
                    headers={"Allow": "GET, HEAD, OPTIONS"},
                )
                await _send(send, refusal)
                return
            exempt = path.startswith(EXEMPT_PREFIXES)
            cap = None if exempt or _is_stream(scope) else MAX_RESPONSE_BYTES
            neutralise = not exempt and _is_datasette_csv(scope)
            await app(scope, receive, _guarded_send(send, cap, neutralise))

        return guarded

    return wrap


async def _send(send, response: Response) -> None:
    response.headers.update(HEADERS)
    await response.asgi_send(send)


def _guarded_send(send, cap: int | None, neutralise: bool):
    """`send` with the headers added, the CSV neutralised and the body capped at `cap`."""
    state = {"start": None, "sent": 0, "done": False}
    cells = FormulaNeutraliser() if neutralise else None

    async def guarded_send(message):
        if state["done"]:
            return
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            if neutralise:  # the body changes length
                headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
            names = {k.lower() for k, _ in headers}
            headers += [
                (k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in names
            ]
            state["start"] = dict(message, headers=headers)  # sent with the first body
            return
        if message["type"] != "http.response.body":
            await send(message)
            return
        body = message.get("body", b"")
        more = message.get("more_body", False)
        if cells is not None:
            body = cells.feed(body, final=not more)
        over = cap is not None and state["sent"] + len(body) > cap
        if state["start"] is not None:
            start, state["start"] = state["start"], None
            if over:  # nothing sent yet: answer with an error instead
                state["done"] = True
                await _send(
                    send,
                    Response.text(
                        f"This response would be over {cap:,} bytes, the most this instance "
                        "sends: ask for fewer rows (_size) or fewer columns (_col).\n",
                        status=413,
                    ),
                )
                return
            await send(start)
        if over:  # a long stream: cut it off, and say so
            state["done"] = True
            note = f"\n[cut off: this instance sends at most {cap:,} bytes]\n".encode()
            await send({"type": "http.response.body", "body": note, "more_body": False})
            return
        state["sent"] += len(body)
        await send(dict(message, body=body))

    return guarded_send


class FormulaNeutraliser:
    """Rewrites CSV as it streams by: a cell a spreadsheet would run as a formula gets a `'`.

    A cell starting with `=`, `+`, `-`, `@`, a tab or a CR is one, unless the
    whole cell is a plain number (a longitude of -4.0083 stays a number). The
    CSV is parsed incrementally (quotes, escaped quotes, commas and line ends),
    so chunk boundaries anywhere are fine.
    """

    DANGER = "=+-@\t\r"
    NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")

    def __init__(self) -> None:
        # start | qstart | quoted | quote | plain | held | held_quote (a quote after a held
        # quoted start: the cell's end, or the first half of an escaped quote)
        self.state = "start"
        self.held = ""  # a cell start kept back until it is known to be a number or not
        self.held_quoted = False
        self.decoder = None

    def feed(self, data: bytes, final: bool = False) -> bytes:
        if self.decoder is None:
            self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        text = self.decoder.decode(data, final)
        out = []
        for char in text:
            out.append(self._char(char))
        if final and self.state == "held":
            out.append(self._release(number=self.NUMBER.fullmatch(self.held) is not None))
        elif final and self.state == "held_quote":
            out.append(self._release(self.NUMBER.fullmatch(self.held) is not None) + '"')
        return "".join(out).encode("utf-8")

    def _release(self, number: bool) -> str:
        held, self.held = self.held, ""
        return held if number else "'" + held

    def _char(self, c: str) -> str:
        state = self.state
        if state == "held_quote":
            if c == '"':  # an escaped quote: a cell holding a quote is no number ("-1""...")
                self.state = "quoted"
                return self._release(number=False) + '""'
            self.state = "quote"  # the quote closed the cell
            return self._release(self.NUMBER.fullmatch(self.held) is not None) + '"' + self._char(c)
        if state == "held":
            if self.held_quoted and c == '"':
                self.state = "held_quote"
                return ""
            if not self.held_quoted and c in ",\r\n":
                self.state = "start"
                return self._release(self.NUMBER.fullmatch(self.held) is not None) + c
            self.held += c
            if re.fullmatch(r"[+-]?[\d.eE+-]*", self.held):
                return ""
            self.state = "quoted" if self.held_quoted else "plain"
            return self._release(number=False)
        if state == "start":
            if c == '"':
                self.state = "qstart"
                return c
            if c in ",\r\n":
                return c
            return self._first(c, quoted=False)
        if state == "qstart":
            if c == '"':
                self.state = "quote"
                return c
            return self._first(c, quoted=True)
        if state == "quoted":
            if c == '"':
                self.state = "quote"
            return c
        if state == "quote":  # after a quote inside a quoted cell
            if c == '"':
                self.state = "quoted"  # an escaped quote
            elif c in ",\r\n":
                self.state = "start"
            else:
                self.state = "plain"
            return c
        if c in ",\r\n":  # plain
            self.state = "start"
        return c

    def _first(self, c: str, quoted: bool) -> str:
        if c in "+-":  # a sign: a number, or a formula
            self.state, self.held, self.held_quoted = "held", c, quoted
            return ""
        self.state = "quoted" if quoted else "plain"
        return "'" + c if c in self.DANGER else c
