"""The package on disk: its resources and schemas, its descriptor, reading and writing it.

One place for each of these, used by every command:

- `RESOURCES` and `load_schemas`: the resources in descriptor order and their
  Table Schemas (`schemas/NAME.json`), the single source of truth for columns,
  types and keys;
- `load_package_metadata` and `descriptor`: the Data Package descriptor;
- `iter_rows`, `iter_cells`, `read_rows`, `read_table`: the one CSV reader (validate's checks,
  db, diff and eval use it). It accepts what users' tools write and
  frictionless accepts: a UTF-8 byte-order mark (spreadsheet programs write
  one) is dropped, so the first column keeps its name; cells of any size (an
  article's full text) are read, the csv module's default limit of 131,072
  characters being raised once for the process; rows come with their number
  as frictionless counts them (the header is row 1, the first record row 2; a
  record may span lines), so every message can name the row. A file that
  cannot be read raises `TableError` with one line naming the file (and the
  line, for a malformed CSV), never a traceback;
- `write_atomic` (one file) and `staged_directory` (a folder): the one way
  to replace what readers may be reading, so that they see the old or the new
  content, never half of it, and what a killed run left is cleaned up
  (`clean_litter`).
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import errno
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from parley.errors import ParleyError
from parley.paths import PACKAGE_METADATA, PROJECT_ROOT, SCHEMAS_DIR

try:
    import fcntl
except ImportError:  # not POSIX: no locks; litter is then removed only when an hour old
    fcntl = None  # type: ignore[assignment]


# Order of resources in the descriptor and in SQLite: referenced tables first.
RESOURCES = (
    "countries",
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
    "dyad_years",
)


def read_text(
    path: Path, *, error: type[ParleyError] = ParleyError, hint: str | None = None
) -> str:
    """A text file the package is made from or given, as UTF-8 (a byte-order mark allowed).

    Every way of failing is one `error` naming the file (and the line of a byte that is
    not UTF-8), with `hint` saying what to do about a missing file.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise error("no such file", file=path, hint=hint) from None
    except IsADirectoryError:
        raise error("is a folder, not a file", file=path, hint="check the path") from None
    except OSError as failure:
        raise error(f"cannot read: {failure.strerror or failure}", file=path) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as failure:
        start = failure.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        raise error(
            f"byte 0x{data[start]:02x} is not UTF-8",
            file=path,
            line=data.count(b"\n", 0, start) + 1,
            hint="save the file as UTF-8",
        ) from None


def read_json(
    path: Path,
    what: str | None = None,
    *,
    error: type[ParleyError] = ParleyError,
    hint: str | None = None,
) -> Any:
    """A JSON file, or one `error` naming the file, the line and column, and what to do.

    `what` names a file of the project (the package metadata, a Table Schema): the hint
    is then to restore it from git. The project's one JSON reader: descriptors,
    schemas, reference files and gold annotations all come through it.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "gold.json").write_text('{"a": 1,}', encoding="utf-8")
    9
    >>> read_json(folder / "gold.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    parley.errors.ParleyError: .../gold.json: line 1, column 9: not valid JSON: Expecting ...
    """
    if what is not None and hint is None:
        try:
            shown = path.resolve().relative_to(PROJECT_ROOT)
        except ValueError:
            shown = path
        hint = f"restore {what}: git checkout -- {shown}"
    return parse_json(path, read_text(path, error=error, hint=hint), error=error, hint=hint)


def parse_json(
    path: Path, text: str, *, error: type[ParleyError] = ParleyError, hint: str | None = None
) -> Any:
    """The JSON in `text`, read from `path` (for a caller that needs the text as well)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as failure:
        raise error(
            f"line {failure.lineno}, column {failure.colno}: not valid JSON: {failure.msg}",
            file=path,
            hint=hint,
        ) from None


def load_schemas(directory: Path | None = None) -> dict[str, dict]:
    """The Table Schema of every resource; a ParleyError for a missing or broken one."""
    return {name: load_schema(name, directory) for name in RESOURCES}


def load_schema(name: str, directory: Path | None = None) -> dict:
    """The Table Schema of the resource `name` (`schemas/NAME.json`), checked for its shape."""
    path = (directory or SCHEMAS_DIR) / f"{name}.json"
    schema = read_json(path, "the Table Schema")
    if (
        not isinstance(schema, dict)
        or not isinstance(schema.get("fields"), list)
        or not all(isinstance(f, dict) and "name" in f and "type" in f for f in schema["fields"])
        or "primaryKey" not in schema
    ):
        raise ParleyError(
            "not a Table Schema: it needs a list of fields, each with a name and a type, "
            "and a primaryKey",
            file=path,
            hint="restore it: git checkout -- schemas/",
        )
    return schema


# The one CSV reader

# The largest limit the csv module accepts on every platform (a C long).
FIELD_SIZE_LIMIT = min(sys.maxsize, 2**31 - 1)


class TableError(ParleyError):
    """A resource file cannot be read as CSV."""


def allow_large_fields() -> None:
    """Raise the csv module's cell size limit (process-wide, idempotent)."""
    if csv.field_size_limit() < FIELD_SIZE_LIMIT:
        csv.field_size_limit(FIELD_SIZE_LIMIT)


def iter_cells(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) for the header (row 1) and then every data row of the CSV at `path`.

    The cells as the file has them (a row may be shorter or longer than the
    header); `iter_rows` pairs them with the header. Lists rather than dicts
    for readers that map the columns once per file (`parley db`).
    """
    allow_large_fields()
    try:
        # Opened apart from the `with` so that each way of failing to open gets its message.
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115
    except FileNotFoundError:
        raise TableError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise TableError(f"{path}: is a folder, not a CSV file") from None
    except OSError as error:
        raise TableError(f"{path}: cannot read: {error.strerror or error}") from None
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                return
            yield 1, header
            number = 1
            for row in reader:
                if not row:
                    continue  # a blank line is no row (as for csv.DictReader)
                number += 1
                yield number, row
        except UnicodeDecodeError as error:
            raise TableError(
                f"{path}: not UTF-8 text ({error.reason} at byte {error.start})"
            ) from None
        except csv.Error as error:
            raise TableError(f"{path}: line {reader.line_num}: not valid CSV: {error}") from None


def iter_rows(path: Path, *, with_header: bool = False) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, row as a dict) for every data row of the CSV at `path`.

    With `with_header`, the first item is (1, {column: column}) for the header.
    """
    items = iter_cells(path)
    first = next(items, None)
    if first is None:
        return
    header = first[1]
    if with_header:
        yield 1, {name: name for name in header}
    for number, row in items:
        cells = row + [""] * (len(header) - len(row))
        yield number, dict(zip(header, cells, strict=False))


def read_table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The columns of the CSV at `path` and its rows (row number under `_row`)."""
    items = iter_rows(path, with_header=True)
    header = next(items, None)
    columns = list(header[1]) if header else []
    return columns, [{**row, "_row": number} for number, row in items]


def read_rows(path: Path) -> list[dict[str, str]]:
    """Every data row of the CSV at `path`, each with its row number under `_row`."""
    return [{**row, "_row": number} for number, row in iter_rows(path)]


# The descriptor


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_package_metadata(path: Path | None = None) -> dict:
    """The package's title, licence and sources; a ParleyError for a missing or broken file."""
    path = path or PACKAGE_METADATA
    metadata = read_json(path, "the package metadata")
    keys = ("name", "title", "licenses", "sources")
    missing = [k for k in keys if k not in metadata] if isinstance(metadata, dict) else list(keys)
    if missing or not isinstance(metadata.get("resources", {}), dict):
        raise ParleyError(
            f"not the package metadata: {', '.join(missing) or 'resources'} missing or wrong",
            file=path,
            hint="see docs/publishing.md for what it holds",
        )
    return metadata


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


class DescriptorError(ParleyError):
    """What a command was given is not a data package descriptor (one line, naming it)."""


def find_descriptor(argument: Path | None, default: Path) -> Path:
    """The descriptor a command means by `argument`.

    No argument: `./datapackage.json` when the current folder has one (an
    unzipped download), `default` (the project's) otherwise. A folder: its
    `datapackage.json`, or the one beside it that describes its files (the
    project's data/). A CSV file: refused, naming the descriptor beside it.
    """
    if argument is None:
        here = Path("datapackage.json")
        return here if here.is_file() else default
    if argument.is_dir():
        inside = argument / "datapackage.json"
        if inside.is_file():
            return inside
        # The project's data/ is described by the datapackage.json beside it.
        beside = argument.resolve().parent / "datapackage.json"
        if beside.is_file() and _describes(beside, argument.resolve().name):
            return beside
        raise DescriptorError(f"{argument}: a folder without a datapackage.json")
    if argument.suffix.lower() in (".csv", ".tsv", ".txt"):
        near = [
            folder / "datapackage.json"
            for folder in (argument.parent, argument.parent.parent)
            if (folder / "datapackage.json").is_file()
        ]
        hint = f"; give {near[0]}, which describes it" if near else ""
        raise DescriptorError(
            f"{argument}: a {argument.suffix.lstrip('.').upper()} file, not a data package "
            f"descriptor (datapackage.json){hint}"
        )
    if not argument.exists():
        raise DescriptorError(f"{argument}: no such file")
    return argument


def _describes(descriptor_path: Path, folder: str) -> bool:
    """Whether a descriptor's resources live in `folder` (a sibling of it)."""
    try:
        resources = json.loads(descriptor_path.read_text(encoding="utf-8-sig"))["resources"]
        return any(str(r.get("path", "")).startswith(f"{folder}/") for r in resources)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def read_descriptor(descriptor_path: Path) -> dict:
    """The descriptor as JSON (a byte-order mark allowed), or a one-line DescriptorError."""
    return read_json(descriptor_path, error=DescriptorError)


# Atomic writes


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
        hold(fd)
        os.fchmod(fd, ordinary_mode())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


# Litter: what a run killed before it could clean up leaves beside (or, for a mount
# point, inside) what it writes. Every run holds an flock(2) on its own temporary files
# and folders while it works; the kernel drops the lock when the process dies, so a
# temporary that nobody holds (and that is older than LITTER_GRACE_SECONDS, the moment
# between creating it and locking it) belongs to a dead run and is removed.
LITTER_GRACE_SECONDS = 2.0
_JOURNAL_SUFFIXES = ("-journal", "-wal", "-shm")


def hold(fd: int) -> int:
    """Lock an open file or folder as in use by this run (see `clean_litter`); return `fd`."""
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


def _hold_path(path: Path) -> int:
    return hold(os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)))


def _abandoned(path: Path, now: float) -> bool:
    """True when no live run holds `path`, a temporary of ours."""
    try:
        age = now - path.lstat().st_mtime
        if age < LITTER_GRACE_SECONDS or path.is_symlink():
            return False
        if fcntl is None:
            return age > 3600
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # a live run holds it
    finally:
        os.close(fd)
    return True


def litter(directory: Path, name: str) -> list[Path]:
    """Temporaries of runs writing `name` in `directory` (alive or dead)."""
    try:
        entries = list(directory.iterdir())
    except OSError:
        return []
    prefix = f".{name}."
    found = []
    for entry in entries:
        rest = entry.name[len(prefix) :] if entry.name.startswith(prefix) else None
        if rest is None:
            continue
        base = next((rest[: -len(s)] for s in _JOURNAL_SUFFIXES if rest.endswith(s)), rest)
        if rest.startswith(("new-", "old-")) or base.endswith(".tmp"):
            found.append(entry)
    return sorted(found)


def clean_litter(directory: Path, name: str) -> list[Path]:
    """Remove what dead runs writing `name` left in `directory`; return what was removed.

    A folder a dead run moved aside while swapping (`.NAME.old-*/NAME`) is
    moved back first when `NAME` itself is missing: that run died between
    its two renames, and the old folder is the last complete package.
    """
    now = time.time()
    removed = []
    target = directory / name
    for entry in litter(directory, name):
        if _is_journal(entry) or not _abandoned(entry, now):
            continue  # a journal goes with its database (below)
        aside = entry / name
        if entry.name.startswith(f".{name}.old-") and aside.is_dir() and not target.exists():
            with contextlib.suppress(OSError):
                os.replace(aside, target)
        with contextlib.suppress(OSError):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed.append(entry)
    for entry in litter(directory, name):
        suffix = next((s for s in _JOURNAL_SUFFIXES if entry.name.endswith(s)), "")
        if suffix and not os.path.lexists(str(entry)[: -len(suffix)]):
            with contextlib.suppress(OSError):
                entry.unlink()
                removed.append(entry)
    return removed


def _is_journal(path: Path) -> bool:
    return path.name.endswith(_JOURNAL_SUFFIXES)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # the kernel or file system cannot exchange: rename aside instead
    raise OSError(code, os.strerror(code), str(b))


# A rename of these fails on a mount point (EBUSY), or across file systems (EXDEV):
# then the files are swapped in one by one instead of the folder.
_CANNOT_RENAME_FOLDER = (errno.EBUSY, errno.EXDEV)


@contextlib.contextmanager
def staged_directory(target: Path, also: list[tuple[Path, Path]] | None = None) -> Iterator[Path]:
    """A new folder to write into, swapped in for `target` at the end.

    Files are written into the yielded folder one by one (no need to hold them
    all in memory). When the block ends without an error:

    - Files in `target` that the block did not make (a README, a symlink, a
      named pipe) stay exactly as they are: they are hard-linked into the new
      folder, so they keep their inode, owner, links and kind.
    - The new folder replaces `target` in one atomic exchange (renameat2; two
      renames where it is missing), then the pairs `also` appends to,
      (temporary, destination), are renamed: a descriptor outside the folder
      follows its data within microseconds. Only then is the old folder removed.
    - A `target` that is a mount point (a Docker volume, a tmpfs) cannot be
      renamed: the new folder is made inside it, and its files are renamed
      into place one by one. So are they when a file of `target` cannot be
      hard-linked (a file system without hard links).

    On an error, or if the process is killed, `target` is left as it was; the
    next run removes what a killed one left (`clean_litter`).
    """
    target = target.resolve()
    pending = also if also is not None else []
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_litter(target.parent, target.name)
    in_place = target.is_dir() and os.path.ismount(target)
    if in_place:
        clean_litter(target, target.name)
    home = target if in_place else target.parent
    staging = Path(tempfile.mkdtemp(dir=home, prefix=f".{target.name}.new-"))
    lock = _hold_path(staging)
    old: Path | None = None
    try:
        os.chmod(staging, ordinary_mode(folder=True))
        yield staging
        made = sorted(p.name for p in staging.iterdir())
        if in_place:
            _swap_contents(staging, target, made)
        else:
            old = _swap_folder(staging, target, made)
        for temporary, destination in pending:
            os.replace(temporary, destination)
        pending.clear()
    finally:
        os.close(lock)
        for path in (staging, old):
            if path is not None and path.exists():
                shutil.rmtree(path, ignore_errors=True)
        for temporary, _ in pending:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _swap_folder(staging: Path, target: Path, made: list[str]) -> Path | None:
    """Swap `staging` in for `target`, keeping the files of `target` it lacks; return the old.

    Retried when another build swaps in between: the last complete folder wins.
    """
    for _ in range(5):
        if not target.exists():
            try:
                os.replace(staging, target)
                return None
            except OSError as error:
                if error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                    raise
                continue  # another build made it first: swap with its folder
        if not _link_foreign(target, staging, made):
            _swap_contents(staging, target, made)
            return None
        try:
            if _exchange(staging, target):
                return staging  # staging now holds the old folder
            old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-"))
            os.replace(target, old / target.name)
            os.replace(staging, target)
            return old
        except FileNotFoundError:
            continue  # another build's swap moved target away for a moment
        except OSError as error:
            if error.errno not in _CANNOT_RENAME_FOLDER:
                raise
            _swap_contents(staging, target, made)
            return None
    raise OSError(errno.EBUSY, "other builds keep replacing the folder", str(target))


def _link_foreign(target: Path, staging: Path, made: list[str]) -> bool:
    """Hard-link the entries of `target` that the build did not make into `staging`.

    A hard link is the entry itself (same inode): a symlink stays a symlink, a
    named pipe a pipe, a file keeps its owner and its other links. False when
    one cannot be linked (then the caller swaps file by file instead).
    """
    for entry in target.iterdir():
        if entry.name in made or (staging / entry.name).exists():
            continue
        try:
            os.link(entry, staging / entry.name, follow_symlinks=False)
        except FileNotFoundError:
            continue  # removed meanwhile
        except OSError:
            return False
    return True


def _swap_contents(staging: Path, target: Path, made: list[str]) -> None:
    """Rename each made file into `target` (copying first where a rename cannot cross)."""
    for name in made:
        source = staging / name
        try:
            os.replace(source, target / name)
        except OSError as error:
            if error.errno != errno.EXDEV:
                raise
            fd, temporary = tempfile.mkstemp(dir=target, prefix=f".{name}.", suffix=".tmp")
            try:
                hold(fd)
                os.fchmod(fd, os.stat(source).st_mode & 0o7777)
                with os.fdopen(fd, "wb") as handle, open(source, "rb") as data:
                    shutil.copyfileobj(data, handle)
                os.replace(temporary, target / name)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary)
