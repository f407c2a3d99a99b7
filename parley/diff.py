"""Row-level differences between two data packages (`parley diff`).

For reviewing a pull request: which rows of which resource a change adds,
removes or alters, matched by primary key, with the cells that differ. The
usual comparison is the committed package against a fresh rebuild of the
seeds, which shows hand edits to data/ (a rebuild would undo them) and the
effect of a code or reference-data change.

Cells are compared as the text written in the CSV, so a change of format
(`1.0` for `1`) counts as a change: the files are what users download.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from parley.errors import ParleyError
from parley.package import TableError, iter_rows, read_descriptor, read_table

ELLIPSIS = "…"
SHOWN_VALUE = 80  # characters of a long cell (an article's text) shown around a change
DESCRIBE_COLUMNS = ("title", "name", "label", "quote", "seed_file")


class DiffError(ParleyError):
    """A package cannot be read for comparison."""


@dataclass(frozen=True)
class CellChange:
    column: str
    old: str
    new: str


@dataclass(frozen=True)
class RowChange:
    key: tuple[str, ...]
    cells: tuple[CellChange, ...]


@dataclass
class ResourceDiff:
    """How one resource differs; `status` is added, removed, changed or same."""

    name: str
    status: str
    key_fields: tuple[str, ...] = ()
    added: list[dict[str, str]] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    columns_added: tuple[str, ...] = ()
    columns_removed: tuple[str, ...] = ()
    duplicate_keys: tuple[str, ...] = ()  # in either package: a hand edit may break a key

    @property
    def has_changes(self) -> bool:
        return self.status != "same"

    def counts(self) -> str:
        parts = [f"{len(self.added)} added", f"{len(self.removed)} removed"]
        parts.append(f"{len(self.changed)} changed")
        return ", ".join(parts)


@dataclass
class PackageDiff:
    old: str
    new: str
    resources: list[ResourceDiff]
    metadata: list[CellChange] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.metadata) or any(r.has_changes for r in self.resources)


@dataclass
class _Table:
    fields: list[str]
    key: tuple[str, ...]
    rows: dict[tuple[str, ...], dict[str, str]]
    duplicates: list[str]


def _load_table(base: Path, resource: dict) -> _Table:
    schema = resource.get("schema", {})
    if isinstance(schema, str):
        schema = read_descriptor(base / schema)
    key = schema.get("primaryKey") or []
    key = (key,) if isinstance(key, str) else tuple(key)
    path = base / resource["path"]
    try:
        items = iter_rows(path, with_header=True)
        header = next(items, None)
        fields = list(header[1]) if header else []
        key = key or tuple(fields)  # no primary key: the whole row is its identity
        rows: dict[tuple[str, ...], dict[str, str]] = {}
        duplicates: list[str] = []
        for _, row in items:
            identity = tuple(row.get(name) or "" for name in key)
            if identity in rows:
                duplicates.append(_show_key(identity))
            rows[identity] = {name: row.get(name) or "" for name in fields}
    except TableError as error:
        raise DiffError(str(error)) from None
    return _Table(fields, key, rows, duplicates)


def _resources(descriptor_path: Path) -> dict[str, dict]:
    descriptor = read_descriptor(descriptor_path)
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        raise DiffError(f"{descriptor_path}: no list of resources")
    return {r["name"]: r for r in resources if isinstance(r, dict) and "name" in r}


# Keys that describe files rather than the data: they change whenever the data does.
_FILE_KEYS = {"resources"}


def _metadata_changes(old: dict, new: dict) -> list[CellChange]:
    changes = []
    for key in sorted((set(old) | set(new)) - _FILE_KEYS):
        if old.get(key) != new.get(key):
            changes.append(
                CellChange(
                    key,
                    json.dumps(old.get(key), ensure_ascii=False),
                    json.dumps(new.get(key), ensure_ascii=False),
                )
            )
    return changes


def diff_tables(name: str, old: _Table | None, new: _Table | None) -> ResourceDiff:
    """Rows added, removed and changed between two versions of one resource."""
    if old is None and new is not None:
        return ResourceDiff(name, "added", new.key, added=list(new.rows.values()))
    if new is None and old is not None:
        return ResourceDiff(name, "removed", old.key, removed=list(old.rows.values()))
    assert old is not None and new is not None
    common = [c for c in new.fields if c in old.fields]
    result = ResourceDiff(
        name,
        "same",
        new.key,
        columns_added=tuple(c for c in new.fields if c not in old.fields),
        columns_removed=tuple(c for c in old.fields if c not in new.fields),
        duplicate_keys=tuple(dict.fromkeys(old.duplicates + new.duplicates)),
    )
    if old.key != new.key:
        # Rows cannot be matched by a key that changed: match them by the new key's
        # columns where the old rows have them, else report everything as replaced.
        if all(c in old.fields for c in new.key):
            old = _Table(old.fields, new.key, _rekey(old.rows, new.key), old.duplicates)
        else:
            result.removed = list(old.rows.values())
            result.added = list(new.rows.values())
            result.status = "changed"
            return result
    for identity, row in new.rows.items():
        before = old.rows.get(identity)
        if before is None:
            result.added.append(row)
            continue
        cells = tuple(
            CellChange(c, before.get(c, ""), row.get(c, ""))
            for c in common
            if before.get(c, "") != row.get(c, "")
        )
        if cells:
            result.changed.append(RowChange(identity, cells))
    result.removed = [row for identity, row in old.rows.items() if identity not in new.rows]
    if (
        result.added
        or result.removed
        or result.changed
        or result.columns_added
        or result.columns_removed
        or result.duplicate_keys
    ):
        result.status = "changed"
    return result


def _rekey(rows: dict[tuple[str, ...], dict[str, str]], key: tuple[str, ...]):
    return {tuple(row.get(c, "") for c in key): row for row in rows.values()}


def diff_packages(old_path: Path, new_path: Path) -> PackageDiff:
    """Compare the packages whose descriptors are at `old_path` and `new_path`."""
    old_resources, new_resources = _resources(old_path), _resources(new_path)
    names = list(new_resources) + [n for n in old_resources if n not in new_resources]
    diffs = []
    for name in names:
        old = _load_table(old_path.parent, old_resources[name]) if name in old_resources else None
        new = _load_table(new_path.parent, new_resources[name]) if name in new_resources else None
        diffs.append(diff_tables(name, old, new))
    metadata = _metadata_changes(read_descriptor(old_path), read_descriptor(new_path))
    return PackageDiff(str(old_path), str(new_path), diffs, metadata)


# --- golden: the committed package against a rebuild, file by file --------------------


def _key_of(resource: dict, base: Path) -> tuple[str, ...]:
    schema = resource.get("schema", {})
    if isinstance(schema, str):
        schema = read_descriptor(base / schema)
    key = schema.get("primaryKey") or []
    return (key,) if isinstance(key, str) else tuple(key)


def _first_row_difference(committed: Path, rebuilt: Path, key: tuple[str, ...]) -> str:
    """Where the rows of one resource first differ, as one line naming the row."""
    try:
        columns, old = read_table(committed)
        new_columns, new = read_table(rebuilt)
    except TableError as error:
        return str(error)
    if columns != new_columns:
        return f"columns {columns} differ from a rebuild's {new_columns}"
    key = key or tuple(columns)
    old_keys = {tuple(r[c] for c in key) for r in old}
    new_keys = {tuple(r[c] for c in key) for r in new}
    counts = f"({len(old)} rows committed, {len(new)} in a rebuild)"
    for index in range(max(len(old), len(new))):
        mine = old[index] if index < len(old) else None
        theirs = new[index] if index < len(new) else None
        row = index + 2
        mine_key = tuple(mine[c] for c in key) if mine else None
        theirs_key = tuple(theirs[c] for c in key) if theirs else None
        if mine_key != theirs_key:
            if theirs_key is not None and theirs_key not in old_keys:
                return f"row {row}: {_show_key(theirs_key)} is missing (a rebuild has it) {counts}"
            if mine_key is not None and mine_key not in new_keys:
                return f"row {row}: {_show_key(mine_key)} is not in a rebuild {counts}"
            return (
                f"row {row}: {_show_key(mine_key or ())} where a rebuild has "
                f"{_show_key(theirs_key or ())} {counts}"
            )
        assert mine is not None and theirs is not None
        cells = [c for c in columns if mine[c] != theirs[c]]
        if cells:
            shown = "; ".join(
                "column {}: {!r}, a rebuild gives {!r}".format(
                    c, *_around_difference(mine[c], theirs[c])
                )
                for c in cells[:3]
            )
            return f"row {row} ({_show_key(mine_key or ())}), {shown}"
    return "the rows are a rebuild's but the bytes are not (quoting or line ends)"


def compare_with_rebuild(committed: Path, rebuilt: Path) -> list[str]:
    """How the package at `committed` differs from the rebuild at `rebuilt`, byte for byte.

    One line per differing file, naming it and its first differing row, then
    one per descriptor entry that differs (ignoring where the files and
    schemas live: the committed package points to data/ and schemas/, a
    rebuild elsewhere is self-contained). Empty when they are the same.
    """
    old_descriptor, new_descriptor = read_descriptor(committed), read_descriptor(rebuilt)
    old_resources, new_resources = _resources(committed), _resources(rebuilt)
    lines = []
    for name in list(new_resources) + [n for n in old_resources if n not in new_resources]:
        if name not in old_resources:
            lines.append(f"{committed.name}: no resource {name}, which a rebuild has")
            continue
        path = old_resources[name]["path"]
        if name not in new_resources:
            lines.append(f"{path}: a resource a rebuild does not have")
            continue
        old_file = committed.parent / path
        new_file = rebuilt.parent / new_resources[name]["path"]
        try:
            same = old_file.read_bytes() == new_file.read_bytes()
        except OSError as error:
            lines.append(f"{path}: cannot read: {error.strerror or error}")
            continue
        if not same:
            key = _key_of(new_resources[name], rebuilt.parent)
            lines.append(f"{path}: {_first_row_difference(old_file, new_file, key)}")
        for entry in ("bytes", "hash"):
            mine, theirs = old_resources[name].get(entry), new_resources[name].get(entry)
            if mine != theirs:
                lines.append(
                    f"{committed.name}: resource {name}: {entry} {mine} is not a rebuild's {theirs}"
                )
    for change in _metadata_changes(old_descriptor, new_descriptor):
        lines.append(
            f"{committed.name}: {change.column}: {_short(change.old)} -> {_short(change.new)}"
        )
    return lines


# --- report ------------------------------------------------------------------------


def _show_key(identity: tuple[str, ...]) -> str:
    return " / ".join(identity)


def _short(value: str, limit: int = SHOWN_VALUE) -> str:
    value = value.replace("\r", "\\r").replace("\n", "\\n")
    return value if len(value) <= limit else value[: limit - 1] + ELLIPSIS


def _around_difference(old: str, new: str) -> tuple[str, str]:
    """Both values, cut to the stretch where they differ when they are long."""
    if len(old) <= SHOWN_VALUE and len(new) <= SHOWN_VALUE:
        return _short(old), _short(new)
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    begin = max(0, start - 20)
    prefix = ELLIPSIS if begin else ""
    return (
        prefix + _short(old[begin:], SHOWN_VALUE),
        prefix + _short(new[begin:], SHOWN_VALUE),
    )


def _describe(row: dict[str, str], key: tuple[str, ...]) -> str:
    identity = _show_key(tuple(row.get(c, "") for c in key))
    extra = next((row[c] for c in DESCRIBE_COLUMNS if c not in key and row.get(c)), "")
    return f"{identity}: {_short(extra)}" if extra else identity


def format_diff(
    diff: PackageDiff, *, limit: int = 20, old_label: str = "", new_label: str = ""
) -> str:
    """The report `parley diff` prints: one block per changed resource.

    `limit` caps the rows shown per kind of change in each resource (0: all).
    """
    old_label = old_label or diff.old
    new_label = new_label or diff.new
    lines = [f"--- {old_label}", f"+++ {new_label}"]
    if not diff.has_changes:
        lines.append("No differences.")
        return "\n".join(lines) + "\n"

    def capped(items: list) -> tuple[list, int]:
        if limit and len(items) > limit:
            return items[:limit], len(items) - limit
        return items, 0

    for change in diff.metadata:
        lines.append(f"descriptor: {change.column}: {_short(change.old)} -> {_short(change.new)}")
    same = [r.name for r in diff.resources if not r.has_changes]
    for resource in diff.resources:
        if not resource.has_changes:
            continue
        if resource.status in ("added", "removed"):
            rows = resource.added or resource.removed
            lines.append(f"{resource.name}: resource {resource.status} ({len(rows)} rows)")
            continue
        lines.append(f"{resource.name}: {resource.counts()}")
        if resource.columns_added:
            lines.append(f"  columns added: {', '.join(resource.columns_added)}")
        if resource.columns_removed:
            lines.append(f"  columns removed: {', '.join(resource.columns_removed)}")
        if resource.duplicate_keys:
            shown, more = capped(list(resource.duplicate_keys))
            lines.append(
                f"  duplicate primary keys: {'; '.join(shown)}"
                + (f" and {more} more" if more else "")
            )
        for sign, rows in (("+", resource.added), ("-", resource.removed)):
            shown, more = capped(sorted(rows, key=lambda r: _describe(r, resource.key_fields)))
            lines += [f"  {sign} {_describe(row, resource.key_fields)}" for row in shown]
            if more:
                lines.append(f"  {sign} ... and {more} more")
        shown, more = capped(sorted(resource.changed, key=lambda c: c.key))
        for row_change in shown:
            lines.append(f"  ~ {_show_key(row_change.key)}")
            for cell in row_change.cells:
                old, new = _around_difference(cell.old, cell.new)
                lines.append(f"      {cell.column}: {old!r} -> {new!r}")
        if more:
            lines.append(f"  ~ ... and {more} more")
    changed = len(diff.resources) - len(same)
    lines.append(f"{changed} resource(s) changed, {len(same)} unchanged")
    return "\n".join(lines) + "\n"


# --- `parley diff`: a package against another, or against a fresh rebuild ------------


@dataclass
class DiffReport:
    """What `parley diff` shows: the differences and their report."""

    diff: PackageDiff
    text: str


def diff_report(
    datapackage: Path,
    other: Path | None = None,
    *,
    seeds_dir: Path,
    limit: int = 20,
    on_rebuilt: Callable[[str], None] | None = None,
) -> DiffReport:
    """`datapackage` against the package `other`, or against a rebuild of `seeds_dir`.

    The rebuild goes to a temporary folder, removed at the end: nothing of the
    checkout is written. `on_rebuilt` is given the line saying what the
    rebuild read, as soon as it is done.
    """
    if other is not None:
        diff = diff_packages(datapackage, other)
        return DiffReport(diff, format_diff(diff, limit=limit))
    import tempfile

    from parley.build import build  # here: a diff against another package needs no build

    with tempfile.TemporaryDirectory(prefix="parley-diff-") as scratch:
        rebuilt = Path(scratch) / "data"
        summary = build(seeds_dir, rebuilt)
        if on_rebuilt is not None:
            on_rebuilt(f"Rebuilt {seeds_dir}: {summary.line()}")
        diff = diff_packages(datapackage, rebuilt / "datapackage.json")
        text = format_diff(
            diff,
            limit=limit,
            old_label=f"{datapackage} (committed)",
            new_label=f"rebuild of {seeds_dir}",
        )
    return DiffReport(diff, text)
