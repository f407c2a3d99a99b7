"""Exports without the search highlight markers; downloads of text files with their charset.

A plugin file of the Parley site (Datasette's --plugins-dir loads every file
of the folder). It depends on Datasette alone.

The markers are how the search query tells the HTML page what to highlight;
in JSON and CSV they would be stray private-use characters. Static files are
served as Datasette's static handler guesses them (`text/csv`, no charset):
a spreadsheet then guesses the encoding.
"""

from __future__ import annotations

import os
import sys

from datasette import hookimpl

# Datasette runs each plugin file as a module of its own, without a package or an import
# path: the folder goes on the path so that the plugins share parley_common, beside them.
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.append(_HERE)

from parley_common import HIGHLIGHT_END, HIGHLIGHT_START  # noqa: E402

# The search highlight markers as they appear in a UTF-8 body and in JSON's \u escapes.
MARKERS = (
    HIGHLIGHT_START.encode("utf-8"),
    HIGHLIGHT_END.encode("utf-8"),
    b"\\ue000",
    b"\\ue001",
    b"\\uE000",
    b"\\uE001",
)
CARRY = max(len(m) for m in MARKERS) - 1
TEXT_TYPES = {".csv": "text/csv", ".md": "text/plain", ".txt": "text/plain"}


def strip_markers(data: bytes) -> bytes:
    r"""Remove the highlight markers from an export's bytes.

    >>> strip_markers('a \ue000b\ue001 c'.encode()) == b'a b c'
    True
    >>> strip_markers(b'"a \\ue000b\\ue001"')
    b'"a b"'
    """
    for marker in MARKERS:
        data = data.replace(marker, b"")
    return data


def _is_export(path: str, query: bytes) -> bool:
    return path.endswith((".json", ".csv")) or b"_format=" in query


def _with_header(headers: list, name: bytes, value: bytes) -> list:
    return [(k, v) for k, v in headers if k.lower() != name] + [(name, value)]


@hookimpl
def asgi_wrapper(datasette):
    """Inside the guard's wrapper (parley_guard.py), which is the outermost."""

    def wrap(app):
        async def fixed(scope, receive, send):
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            path = scope.get("path", "")
            export = _is_export(path, scope.get("query_string", b""))
            download_type = None
            if path.startswith("/downloads/"):
                for suffix, content_type in TEXT_TYPES.items():
                    if path.endswith(suffix):
                        download_type = content_type
            if not export and not download_type:
                await app(scope, receive, send)
                return
            state = {"start": None, "carry": b"", "buffer": None}

            async def send_fixed(message):
                if message["type"] == "http.response.start":
                    headers = list(message.get("headers", []))
                    if download_type:
                        headers = _with_header(
                            headers, b"content-type", f"{download_type}; charset=utf-8".encode()
                        )
                    if export and any(k.lower() == b"content-length" for k, _ in headers):
                        state["buffer"] = b""  # the length changes: send it whole, once
                    state["start"] = {**message, "headers": headers}
                    if not export or state["buffer"] is None:
                        await send(state["start"])
                    return
                if message["type"] != "http.response.body" or not export:
                    await send(message)
                    return
                more = message.get("more_body", False)
                data = state["carry"] + message.get("body", b"")
                if state["buffer"] is not None:
                    state["buffer"] += message.get("body", b"")
                    if not more:
                        body = strip_markers(state["buffer"])
                        start = state["start"]
                        start["headers"] = _with_header(
                            start["headers"], b"content-length", str(len(body)).encode()
                        )
                        await send(start)
                        await send({"type": "http.response.body", "body": body})
                    return
                if more:
                    # A marker may be split between chunks: whole ones are gone once
                    # stripped, and the start of a cut one can only be in the last bytes,
                    # which wait for the next chunk.
                    cleaned = strip_markers(data)
                    body, state["carry"] = cleaned[:-CARRY], cleaned[-CARRY:]
                    await send({**message, "body": body})
                    return
                state["carry"] = b""
                await send({**message, "body": strip_markers(data)})

            await app(scope, receive, send_fixed)

        return fixed

    return wrap
