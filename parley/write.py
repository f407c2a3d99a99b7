"""Stage 6, write: rows -> the bytes of each CSV file.

The Table Schemas in `schemas/` (loaded by `parley.package.load_schemas`) are
the single source of truth: they give the column order and the primary key.
Output is deterministic (rows sorted by primary key, UTF-8, `\\n` line ends;
rows already sorted elsewhere, in runs, are merged: `Runs`);
a row must have exactly the schema's columns, no more and no fewer, so that a
column added to a schema but not to the rows is an error, not a column
written silently empty. The descriptor, and the folder swapped in at the end,
are `parley.package`'s.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import heapq
import io
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from parley.errors import ParleyError


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


def sort_key(schema: dict) -> Callable[[dict], tuple]:
    """The order the writer puts a resource's rows in: by primary key, as its cells read.

    Rows sorted elsewhere by this key (`Runs`) are merged as they are.

    >>> key = sort_key({"primaryKey": ["a", "n"], "fields": [{"name": "a", "type": "string"},
    ...     {"name": "n", "type": "integer"}]})
    >>> sorted([{"a": "x", "n": 10}, {"a": "x", "n": 9}, {"a": "w", "n": 11}], key=key)
    [{'a': 'w', 'n': 11}, {'a': 'x', 'n': 9}, {'a': 'x', 'n': 10}]
    """
    key = schema["primaryKey"]
    fields = [key] if isinstance(key, str) else list(key)
    types = {f["name"]: f["type"] for f in schema["fields"]}
    return lambda row: _sort_key(row, fields, types)


FAN_IN = 32
"""The most runs `Runs` merges at once. An open part file costs about 0.35 MB resident
(docs/benchmarks.md), so with more runs than this the writer merges them in rounds,
`FAN_IN` at a time, into temporary runs, and its memory does not grow with the parts."""


@dataclass
class Runs:
    """A resource's rows: some in any order (`rows`, sorted when written) and `runs`, each
    sorted by `sort_key` already (part files written elsewhere), merged k-way with them.

    The writer never holds more than the rows in any order and one row per run,
    and never reads more than `fan_in` runs at once: more are merged first, in
    rounds of `fan_in` consecutive runs, each into an anonymous temporary file
    (`TemporaryRun`). Two rows of equal key come out in the order of their runs,
    `rows` first, whatever the rounds.

    >>> schema = {"primaryKey": "n", "fields": [{"name": "n", "type": "integer"}]}
    >>> rows = Runs([{"n": 4}, {"n": 1}], [[{"n": 2}, {"n": 5}], [{"n": 3}]], count=5)
    >>> render_csv(rows, schema).decode().split(), len(rows)
    (['n', '1', '2', '3', '4', '5'], 5)
    >>> runs = [[{"n": n}, {"n": n + 10}] for n in range(5)]
    >>> [row["n"] for row in Runs([{"n": 7}], runs, count=11, fan_in=2).ordered(lambda r: r["n"])]
    [0, 1, 2, 3, 4, 7, 10, 11, 12, 13, 14]
    """

    rows: Iterable[dict]
    runs: Sequence[Iterable[dict]] = ()
    count: int = 0  # the number of rows in all
    fan_in: int | None = None  # None: `FAN_IN`

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[dict]:
        """Every row, in no order (`ordered` gives the writer's)."""
        yield from self.rows
        for run in self.runs:
            yield from run

    def ordered(self, key: Callable[[dict], tuple]) -> Iterable[dict]:
        fan_in = max(2, self.fan_in or FAN_IN)
        runs: Sequence[Iterable[dict]] = self.runs
        while len(runs) > fan_in:
            # Each group is merged whole (its runs read to the end, then closed) before
            # the next is opened.
            runs = [
                TemporaryRun(heapq.merge(*runs[start : start + fan_in], key=key))
                for start in range(0, len(runs), fan_in)
            ]
        return heapq.merge(sorted(self.rows, key=key), *runs, key=key)


class SpilledRows:
    """Rows of one resource in an anonymous temporary file, one JSON line each, read
    back in the order they were put (as often as asked, until `close`).

    A cell is a string, a number, a boolean, None or a date, which
    come back as they were: a lone surrogate included (escaped as ASCII), a date
    as a date (`_cell`, `_typed`).

    >>> rows = SpilledRows()
    >>> rows.extend([{"quote": "Łukasz \\ud800", "char_start": 3, "note": None,
    ...               "day": dt.date(2021, 5, 3)}])
    >>> list(rows) == [{"quote": "Łukasz \\ud800", "char_start": 3, "note": None,
    ...                 "day": dt.date(2021, 5, 3)}]
    True
    """

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self._count = 0

    def extend(self, rows: Iterable[dict]) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 (kept open until `close`)
        self._file.seek(0, 2)
        for row in rows:
            self._file.write(json.dumps(row, default=_cell).encode("ascii") + b"\n")
            self._count += 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[dict]:
        if self._file is None:
            return
        self._file.seek(0)
        for _ in range(self._count):
            row = json.loads(self._file.readline())
            yield {name: _typed(cell) for name, cell in row.items()}

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def _cell(value: object) -> dict:
    """A cell JSON has no type for, as an object `_typed` turns back (a date, the only one)."""
    if type(value) is dt.date:  # not a datetime, which would lose its time
        return {"date": value.isoformat()}
    raise TypeError(f"no JSON form for a cell of type {type(value).__name__}")


def _typed(cell: Any) -> object:
    """A cell as it was (no cell is a dict: an object is one `_cell` made)."""
    return dt.date.fromisoformat(cell["date"]) if isinstance(cell, dict) else cell


class TemporaryRun(SpilledRows):
    """Rows written to an anonymous temporary file as they come, read back once, in their
    order: the file is closed, and gone, when they have been read.

    >>> run = TemporaryRun(iter([{"n": 1, "day": dt.date(2021, 5, 3)}, {"n": None}]))
    >>> len(run), list(run)
    (2, [{'n': 1, 'day': datetime.date(2021, 5, 3)}, {'n': None}])
    """

    def __init__(self, rows: Iterable[dict]) -> None:
        super().__init__()
        self.extend(rows)

    def __iter__(self) -> Iterator[dict]:
        yield from super().__iter__()
        self.close()


def render_csv(rows: Iterable[dict], schema: dict, name: str = "rows") -> bytes:
    """CSV bytes for `rows`: schema column order, sorted by primary key.

    `name` (the resource's) is what an error about the rows' columns names.
    """
    buffer = io.BytesIO()
    _write_csv(rows, schema, buffer, name)
    return buffer.getvalue()


def write_csv(rows: Iterable[dict], schema: dict, path: Path) -> tuple[int, str]:
    """Write what `render_csv` gives straight to `path`; return its size and sha256 (hex).

    The bytes are hashed as they are written, so a large resource (the
    articles with their texts) is never held in memory as a whole.
    """
    with open(path, "wb") as handle:
        hashing = _HashingWriter(handle)
        _write_csv(rows, schema, hashing, path.stem)
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


def _check_columns(row: dict, fields: frozenset[str], name: str) -> None:
    """Refuse a row without exactly the schema's columns, naming the resource and the columns.

    >>> _check_columns({"id": 1}, frozenset({"id", "day"}), "meetings")
    Traceback (most recent call last):
    ...
    parley.errors.ParleyError: meetings: a row lacks the schema's column 'day' (add it to the rows, or remove it from schemas/meetings.json)
    """
    if row.keys() == fields:
        return
    unknown = sorted(row.keys() - fields)
    if unknown:
        raise ParleyError(
            f"row has columns not in the schema: {unknown}",
            file=name,
            hint=f"add them to schemas/{name}.json, or remove them from the rows",
        )
    missing = sorted(fields - row.keys())
    raise ParleyError(
        f"a row lacks the schema's column{'s' if len(missing) > 1 else ''} "
        + ", ".join(repr(column) for column in missing),
        file=name,
        hint=f"add {'them' if len(missing) > 1 else 'it'} to the rows, "
        f"or remove {'them' if len(missing) > 1 else 'it'} from schemas/{name}.json",
    )


def _write_csv(rows: Iterable[dict], schema: dict, stream, name: str) -> None:
    fields = [f["name"] for f in schema["fields"]]
    columns = frozenset(fields)
    key = sort_key(schema)
    ordered = rows.ordered(key) if isinstance(rows, Runs) else sorted(rows, key=key)
    # Encode as the rows are written: a StringIO of articles.csv (with its texts) holds
    # two to four bytes per character before encoding, four times the output.
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(fields)
    for row in ordered:
        _check_columns(row, columns, name)
        cells = [format_cell(row.get(name)) for name in fields]
        if any("\r" in cell for cell in cells):
            # The csv module quotes only cells holding the delimiter, a quote or a
            # character of the line terminator ("\n"): a CR would go out bare, and
            # every reader ends the row there. Such rows are quoted here.
            text.write(",".join(_quoted(cell) for cell in cells) + "\n")
        else:
            writer.writerow(cells)
    text.flush()
    text.detach()


def _quoted(cell: str) -> str:
    """A cell as the csv module writes it, but quoted when it holds a carriage return too."""
    if any(c in cell for c in ',"\n\r'):
        return '"' + cell.replace('"', '""') + '"'
    return cell
