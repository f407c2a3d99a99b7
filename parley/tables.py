"""The one CSV reader for a package's resources: validate's checks, db and diff use it.

Three readers used to read the same files three ways; now every one of them
accepts what users' tools write and frictionless accepts:

- a UTF-8 byte-order mark (spreadsheet programs write one) is dropped, so the
  first column keeps its name;
- cells of any size (an article's full text) are read: the csv module's
  default limit of 131,072 characters is raised once for the process;
- rows come with their number as frictionless counts them (the header is row
  1, the first record row 2; a record may span lines), so every message can
  name the row.

A file that cannot be read raises `TableError` with one line naming the file
(and the line, for a malformed CSV), never a traceback.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

# The largest limit the csv module accepts on every platform (a C long).
FIELD_SIZE_LIMIT = min(sys.maxsize, 2**31 - 1)


class TableError(Exception):
    """A resource file cannot be read as CSV."""


def allow_large_fields() -> None:
    """Raise the csv module's cell size limit (process-wide, idempotent)."""
    if csv.field_size_limit() < FIELD_SIZE_LIMIT:
        csv.field_size_limit(FIELD_SIZE_LIMIT)


def iter_rows(path: Path, *, with_header: bool = False) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, row as a dict) for every data row of the CSV at `path`.

    With `with_header`, the first item is (1, {column: column}) for the header.
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
            if with_header:
                yield 1, {name: name for name in header}
            number = 1
            for row in reader:
                if not row:
                    continue  # a blank line is no row (as for csv.DictReader)
                number += 1
                cells = row + [""] * (len(header) - len(row))
                yield number, dict(zip(header, cells, strict=False))
        except UnicodeDecodeError as error:
            raise TableError(
                f"{path}: not UTF-8 text ({error.reason} at byte {error.start})"
            ) from None
        except csv.Error as error:
            raise TableError(f"{path}: line {reader.line_num}: not valid CSV: {error}") from None


def read_table(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The columns of the CSV at `path` and its rows (row number under `_row`)."""
    items = iter_rows(path, with_header=True)
    header = next(items, None)
    columns = list(header[1]) if header else []
    return columns, [{**row, "_row": number} for number, row in items]


def read_rows(path: Path) -> list[dict[str, str]]:
    """Every data row of the CSV at `path`, each with its row number under `_row`."""
    return [{**row, "_row": number} for number, row in iter_rows(path)]
