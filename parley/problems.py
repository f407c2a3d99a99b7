"""`Problem`: one thing wrong with a data package, as typed data.

Every check (`parley.validate`'s descriptor and frictionless checks,
`parley.checks`'s semantic ones, `parley.interop`'s derived ones) returns
problems; the command line prints `str(problem)`, one line naming the file,
the row and the column. Each carries a type `code` (as frictionless-py's
errors carry a type), so a test or a program compares codes, not prose:

>>> problem = Problem("data/meetings.csv", "date_start is after date_end", 3, "date_start",
...                   code="interval")
>>> str(problem), problem.code
('data/meetings.csv: row 3, column date_start: date_start is after date_end', 'interval')

This module imports nothing of parley's, so every checker can import it
without a cycle.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# The code of a file whose bytes are not the ones the descriptor records (and nothing else
# is said of it): `parley serve` serves such a package with a warning.
EDITED = "edited"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a package, located as precisely as the check allows."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    # What kind of problem: a frictionless error type (`type-error`, `foreign-key`...),
    # `descriptor-error`, `edited`, or the name of a semantic check (`parley.checks`).
    code: str = "problem"

    @property
    def edited(self) -> bool:
        """The file changed since the build (its size or hash), and nothing else is said."""
        return self.code == EDITED

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f": row {self.row}"
        if self.column:
            where += (
                f", column {self.column}" if self.row is not None else f": column {self.column}"
            )
        return f"{where}: {self.message}"


def json_path(parts: Iterable[Any]) -> str:
    """Where in a JSON document an error is, written as a reader would look it up.

    >>> json_path(["people", 2, "offices", 0, "start"])
    'people[2].offices[0].start'
    >>> json_path([])
    '(top level)'
    """
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"
