"""Stage 6, write: rows -> CSV files and the data package descriptor.

The Table Schemas in `schemas/` are the single source of truth: they give the
resources, their column order and their primary keys. Output is deterministic
(rows sorted by primary key, UTF-8, `\\n` line ends) and atomic: everything is
written to a temporary folder beside the target, which then replaces it.
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from parley.reference import PROJECT_ROOT

SCHEMAS_DIR = PROJECT_ROOT / "schemas"
PACKAGE_METADATA = PROJECT_ROOT / "reference" / "package.json"

# Order of resources in the descriptor and in SQLite: referenced tables first.
RESOURCES = (
    "sources",
    "articles",
    "article_sources",
    "people",
    "offices",
    "places",
    "meetings",
    "meeting_participants",
    "article_meetings",
    "topics",
    "article_topics",
    "meeting_topics",
    "trips",
)


def load_schemas(directory: Path = SCHEMAS_DIR) -> dict[str, dict]:
    return {
        name: json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        for name in RESOURCES
    }


def format_cell(value: Any) -> str:
    """How a Python value is written in a CSV cell.

    >>> [format_cell(v) for v in (None, True, 3, 2.5, dt.date(2019, 5, 14))]
    ['', 'true', '3', '2.5', '2019-05-14']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(round(value, 6))
    return str(value)


def _sort_key(row: dict, key_fields: list[str], types: dict[str, str]) -> tuple:
    out = []
    for name in key_fields:
        value = row.get(name)
        if types.get(name) in ("integer", "number"):
            out.append((0, value if value is not None else -1, ""))
        else:
            out.append((0, 0, format_cell(value)))
    return tuple(out)


def render_csv(rows: Iterable[dict], schema: dict) -> bytes:
    """CSV bytes for `rows`: schema column order, sorted by primary key."""
    buffer = io.BytesIO()
    _write_csv(rows, schema, buffer)
    return buffer.getvalue()


def write_csv(rows: Iterable[dict], schema: dict, path: Path) -> tuple[int, str]:
    """Write what `render_csv` gives straight to `path`; return its size and sha256 (hex).

    The bytes are hashed as they are written, so a large resource (the
    articles with their texts) is never held in memory as a whole.
    """
    with open(path, "wb") as handle:
        hashing = _HashingWriter(handle)
        _write_csv(rows, schema, hashing)
        return hashing.size, hashing.hash.hexdigest()


class _HashingWriter(io.RawIOBase):
    """A binary stream that hashes and counts what passes through it to a file."""

    def __init__(self, handle) -> None:
        self.handle = handle
        self.hash = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.hash.update(data)
        self.size += len(data)
        return self.handle.write(data)


def _write_csv(rows: Iterable[dict], schema: dict, stream) -> None:
    fields = [f["name"] for f in schema["fields"]]
    types = {f["name"]: f["type"] for f in schema["fields"]}
    key = schema["primaryKey"]
    key = [key] if isinstance(key, str) else key
    # Encode as the rows are written: a StringIO of articles.csv (with its texts) holds
    # two to four bytes per character before encoding, four times the output.
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(fields)
    for row in sorted(rows, key=lambda r: _sort_key(r, key, types)):
        unknown = set(row) - set(fields)
        if unknown:
            raise ValueError(f"row has columns not in the schema: {sorted(unknown)}")
        writer.writerow([format_cell(row.get(name)) for name in fields])
    text.flush()
    text.detach()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_package_metadata(path: Path = PACKAGE_METADATA) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def descriptor(
    files: dict[str, bytes],
    schemas: dict[str, dict],
    *,
    data_prefix: str,
    inline_schemas: bool,
    metadata: dict | None = None,
    stats: dict[str, tuple[int, str]] | None = None,
) -> dict:
    """The Data Package v2 descriptor for CSV `files` (resource name -> bytes).

    With `inline_schemas` the descriptor carries the Table Schemas itself and
    is self-contained; otherwise it points at `schemas/NAME.json`. `stats`
    (resource name -> (size, sha256 hex)) stands in for `files` when the CSV
    files were written without being kept in memory.
    """
    metadata = metadata if metadata is not None else load_package_metadata()
    package = {key: value for key, value in metadata.items() if key != "resources"}
    resources = []
    for name in RESOURCES:
        schema = schemas[name]
        size, digest = stats[name] if stats else (len(files[name]), sha256_hex(files[name]))
        resource = {
            "name": name,
            "title": schema["title"],
            "description": schema["description"],
            "type": "table",
            "path": f"{data_prefix}{name}.csv",
            "scheme": "file",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": size,
            "hash": "sha256:" + digest,
            "schema": schema if inline_schemas else f"schemas/{name}.json",
        }
        resource.update(metadata.get("resources", {}).get(name, {}))
        resources.append(resource)
    package["resources"] = resources
    return package


def render_json(document: dict) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def ordinary_mode(folder: bool = False) -> int:
    """The mode `open` and `mkdir` would give (0644 and 0755 under the usual umask).

    `tempfile` makes its files 0600 and folders 0700, which would leave a
    build's output unreadable to anyone else once renamed into place.
    """
    umask = os.umask(0o022)
    os.umask(umask)
    return (0o777 if folder else 0o666) & ~umask


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old or the new content, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, ordinary_mode())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def replace_directory(target: Path, files: dict[str, bytes]) -> None:
    """Make `target` hold exactly `files` (name -> bytes), swapping a complete new folder in.

    The new folder is written in full beside the target first; only then is the
    old one moved aside and the new one renamed into place, so an interruption
    leaves the previous folder intact.
    """
    with staged_directory(target) as staging:
        for name, data in files.items():
            (staging / name).write_bytes(data)


@contextlib.contextmanager
def staged_directory(target: Path) -> Iterator[Path]:
    """A new folder beside `target` to write into, swapped in for `target` at the end.

    Files are written into the yielded folder one by one (no need to hold them
    all in memory); when the block ends without an error, files of `target`
    that the block did not write are copied over (e.g. a README) and the new
    folder replaces `target` in one rename. On an error, or if the process is
    killed, `target` is left as it was.
    """
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.new-"))
    try:
        os.chmod(staging, ordinary_mode(folder=True))
        yield staging
        made = {p.name for p in staging.iterdir()}
        if target.exists():
            keep = {p.name for p in target.iterdir()} - made
            for name in keep:  # files we did not make stay (e.g. a README)
                source = target / name
                if source.is_file():
                    shutil.copy2(source, staging / name)
            if _exchange(staging, target):  # staging now holds the old folder
                shutil.rmtree(staging, ignore_errors=True)
            else:
                old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-"))
                os.replace(target, old / target.name)
                os.replace(staging, target)
                shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
