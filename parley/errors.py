"""The one error type a user sees: `Error: <file>: <what> (<what to do>)`.

Every failure a user can cause or fix (bad input, bad reference data, a full
disk, a folder they cannot write) is raised as a `ParleyError`, or one of its
kinds, naming the file, the line or row when there is one, what is wrong and
what to do. The command line (`parley.cli`) turns every one of them, in one
place, into `Error: ` lines on stderr and its `exit_code`; it never shows a
traceback for one. The kinds are the subclasses each stage raises:
`BuildError`, `ReferenceDataError`, `DescriptorError`, `TableError`,
`DatabaseError`, `DiffError`, `ExportError`, `EvaluationError`.

The exit statuses of every command, the one mapping:

- `EXIT_OK` (0): done;
- `EXIT_NO` (1): the command ran and the answer is no: the package is not
  valid (`validate`, `serve`), or packages differ (`diff --exit-code`);
- `EXIT_ERROR` (2): the command could not do what it was asked, a
  `ParleyError` (every kind) or an unexpected `OSError`;
- `EXIT_INTERRUPTED` (130): interrupted (Ctrl-C), the output left as it was.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

EXIT_OK = 0
EXIT_NO = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


class ParleyError(Exception):
    """A failure the user can fix, with where it is, what it is and what to do.

    `ParleyError("a message")` is a complete message already; with `file`
    (and `line` or `row`) the message is put together as
    `file: line N: what (hint)`.
    """

    exit_code = EXIT_ERROR

    def __init__(
        self,
        what: str,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        row: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.what = what
        self.file = file
        self.line = line
        self.row = row
        self.hint = hint
        super().__init__(self._message())

    def _message(self) -> str:
        parts = [str(self.file)] if self.file is not None else []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        parts.append(self.what)
        message = ": ".join(parts)
        return f"{message} ({self.hint})" if self.hint else message


# What to tell a user about the errors the operating system gives most often.
_OS_HINTS = {
    errno.ENOSPC: ("no space left on the device", "free some space and run it again"),
    errno.EDQUOT: ("disk quota exceeded", "free some space and run it again"),
    errno.EACCES: ("permission denied", "choose a folder you can write to"),
    errno.EPERM: ("operation not permitted", "choose a folder you can write to"),
    errno.EROFS: ("read-only file system", "choose a folder you can write to"),
    errno.ENOENT: ("no such file or folder", "check the path"),
    errno.ENOTDIR: ("a part of the path is not a folder", "check the path"),
    errno.EISDIR: ("is a folder, not a file", "check the path"),
    errno.EIO: ("input/output error", "check the disk"),
}


def os_error(error: OSError, file: Path | str | None = None, *, intact: str = "") -> ParleyError:
    """A ParleyError for an OSError: the file, what went wrong in words, what to do.

    `intact` names what is still as it was (e.g. "data/ is as it was before").
    """
    what, hint = _OS_HINTS.get(error.errno or 0, (error.strerror or str(error), ""))
    hint = "; ".join(h for h in (hint, intact) if h)
    return ParleyError(what, file=file or error.filename, hint=hint or None)


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def printable(text: str) -> str:
    r"""`text` with control characters escaped, for a terminal or a log.

    A file name may hold a newline or an escape sequence; printed raw it could
    forge a line of the build log or rewrite the terminal. Each such
    character becomes a visible escape; a backslash stays a backslash.

    >>> printable("evil\n\x1b[2Jname.txt")
    'evil\\n\\x1b[2Jname.txt'
    """

    def escape(match: re.Match) -> str:
        char = match.group()
        named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
        if char in named:
            return named[char]
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNPRINTABLE.sub(escape, text)
