"""Stage 7, validate: a data package is checked three ways.

1. The descriptor against the Data Package v2 JSON Schema (jsonschema, with the
   profiles shipped in `profiles/`, since the machines have no internet).
2. Every resource with frictionless: types, constraints, primary and foreign keys.
3. Rules no schema can express (`parley.checks`).

Each problem is one line naming the file, row and column and what is wrong.
A file whose size or hash is not the one the descriptor records (edited
since the build) is one line saying so and what to do; its rows are still
checked, so an edit is also reported by the rows, keys and counts it breaks.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import referencing
from referencing.jsonschema import DRAFT7

from parley.checks import check_semantics
from parley.package import (
    DescriptorError,
    TableError,
    allow_large_fields,
    find_descriptor,
    read_descriptor,
)
from parley.paths import PROFILES_DIR
from parley.problems import EDITED as EDITED_CODE
from parley.problems import Problem, json_path

PROFILE_BASE = "https://datapackage.org/profiles/2.0/"
# Codes of the problems found here that are no frictionless error type.
DESCRIPTOR_ERROR = "descriptor-error"  # not a Data Package descriptor, or not a valid one
TABLE_ERROR = "table-error"  # a resource file cannot be read as CSV


def _registry() -> referencing.Registry:
    resources = []
    for path in sorted(PROFILES_DIR.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = referencing.Resource.from_contents(contents, default_specification=DRAFT7)
        resources.append((PROFILE_BASE + path.name, resource))
    return referencing.Registry().with_resources(resources)


def check_descriptor(descriptor: dict, name: str = "datapackage.json") -> list[Problem]:
    """The descriptor against the Data Package v2 profile."""
    profile = json.loads((PROFILES_DIR / "datapackage.json").read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(profile)
    validator = validator_class(profile, registry=_registry())
    problems = []
    for error in sorted(validator.iter_errors(descriptor), key=lambda e: list(e.absolute_path)):
        message = error.message
        shown = repr(error.instance)
        if len(shown) > 60 and message.startswith(shown):
            message = "the entry" + message[len(shown) :]
        if error.context:
            deepest = max(error.context, key=lambda e: len(e.absolute_path))
            message += f" (for instance: {deepest.message})"
        problems.append(
            Problem(
                name,
                f"{json_path(error.absolute_path)}: {message} (rule: {error.validator})",
                code=DESCRIPTOR_ERROR,
            )
        )
    return problems


EDITED = (
    "edited since the build: its {what} not the one{s} {descriptor} records; run `parley build` "
    "to rebuild it from seeds/ (dropping the edit), or re-hash it (set its bytes and hash in "
    "{descriptor}) to keep the edit"
)


@contextlib.contextmanager
def _lookups_read_once() -> Iterator[None]:
    """While one package is validated, each referenced resource's keys are read once.

    frictionless builds, for every resource with foreign keys, the set of keys of each
    resource it refers to by reading that resource whole (typed rows): the articles
    three times, the countries five. The sets are only read (a row's foreign key is
    looked up in them), so the resources that refer to the same key of the same
    resource can share one. This is frictionless's own `__open_lookup` (5.18 to 5.x),
    with the sets kept by (resource, key); with another version it stays as it is.
    """
    from frictionless import errors
    from frictionless.exception import FrictionlessException
    from frictionless.resources import table

    original = getattr(table.TableResource, "_TableResource__open_lookup", None)
    if original is None or not hasattr(table, "Lookup"):
        yield
        return
    read: dict[tuple[str, tuple[str, ...]], set] = {}

    def open_lookup(self) -> None:
        lookup = self._TableResource__lookup = table.Lookup()
        for fk in self.schema.foreign_keys:
            source_name = fk["reference"]["resource"]
            source_key = tuple(fk["reference"]["fields"])
            if source_name == self.name or not source_name:
                source_res = self.to_copy()
            else:
                if not self.package:
                    note = 'package is required for foreign keys to other resources: "{fk}"'
                    raise FrictionlessException(errors.ResourceError(note=note))
                if not self.package.has_resource(source_name):
                    note = (
                        f'failed to handle a foreign key for resource "{self.name}" as '
                        f'resource "{source_name}" does not exist'
                    )
                    raise FrictionlessException(errors.ResourceError(note=note))
                source_res = self.package.get_resource(source_name).to_copy()
            if source_res.schema:
                source_res.schema.foreign_keys = []
            lookup.setdefault(source_name, {})
            if source_key in lookup[source_name]:
                continue
            shared = (source_name or self.name, source_key)
            if shared in read:
                lookup[source_name][source_key] = read[shared]
                continue
            keys: set = set()
            lookup[source_name][source_key] = keys
            if not source_res:
                continue
            with source_res:
                for row in source_res.row_stream:
                    cells = tuple(row.get(field_name) for field_name in source_key)
                    if set(cells) == {None}:
                        continue
                    keys.add(cells)
            read[shared] = keys

    table.TableResource._TableResource__open_lookup = open_lookup
    try:
        yield
    finally:
        table.TableResource._TableResource__open_lookup = original


def check_resources(descriptor_path: Path) -> list[Problem]:
    """Every resource with frictionless: types, constraints, keys, foreign keys.

    A file's hash and byte-count errors become one `edited` problem.
    """
    import frictionless  # slow to import: only when validating

    allow_large_fields()  # frictionless reads with the csv module too: the same limit
    try:
        package = frictionless.Package(str(descriptor_path))
        keys = {}
        for resource in package.resources:
            key = resource.schema.primary_key
            keys[resource.name] = list(key) if key else []
        with _lookups_read_once():
            report = package.validate()
    except frictionless.FrictionlessException as error:
        return [Problem(str(descriptor_path), _clean(error.error.message), code=error.error.type)]
    problems = []
    for task in report.tasks:
        file = _relative(descriptor_path.parent, task.place)
        changed = []
        for error in task.errors:
            if error.type in ("hash-count", "byte-count"):
                changed.append(error.type)
                continue
            message, column = explain(error, keys.get(task.name, []), task.name)
            row = getattr(error, "row_number", None)
            problems.append(Problem(file, message, row, column, code=error.type))
        if changed:
            what = (
                "size and SHA-256 are"
                if len(set(changed)) == 2
                else ("SHA-256 is" if changed == ["hash-count"] else "size is")
            )
            message = EDITED.format(
                what=what, s="s" if len(set(changed)) == 2 else "", descriptor=descriptor_path.name
            )
            problems.insert(0, Problem(file, message, code=EDITED_CODE))
    for error in report.errors:
        problems.append(Problem(descriptor_path.name, _clean(error.message), code=error.type))
    return problems


_CONSTRAINT = re.compile(r'constraint "(?P<name>\w+)" is "(?P<value>.*)"$', re.DOTALL)


def explain(error, primary_key: list[str], resource: str) -> tuple[str, str | None]:
    """A frictionless error as one plain sentence, and the column it concerns."""
    kind = error.type
    column = getattr(error, "field_name", None)
    cell = getattr(error, "cell", None)
    note = _clean(getattr(error, "note", "") or "")
    if kind == "type-error":
        expected = re.search(r'type is "(\w+)', note)
        return (
            f"type error: {cell!r} is not a {expected.group(1) if expected else 'valid value'}",
            column,
        )
    if kind == "constraint-error":
        match = _CONSTRAINT.match(note)
        if match:
            name, value = match.group("name"), match.group("value")
            if name == "enum":
                options = ", ".join(re.findall(r"'([^']*)'", value))
                return f"constraint error: {cell!r} is not one of {options}", column
            if name == "pattern":
                return f"constraint error: {cell!r} does not match the pattern {value}", column
            if name == "required":
                return "constraint error: the cell is empty but the column is required", column
            if name in ("minimum", "maximum", "minLength", "maxLength"):
                return f"constraint error: {cell!r} breaks {name} {value}", column
        return f"constraint error: {cell!r}: {note}", column
    if kind == "foreign-key":
        fields = list(error.field_names)
        cells = list(error.field_cells)
        target = error.reference_name or resource
        shown = cells[0] if len(cells) == 1 else tuple(cells)
        return (
            f"foreign key error: {shown!r} is not a {', '.join(error.reference_field_names)} in {target}",
            ", ".join(fields),
        )
    if kind in ("primary-key", "unique-error"):
        other = re.search(r"position (\d+)", note)
        fields = primary_key if kind == "primary-key" else [column]
        values = _key_values(error, fields)
        label = "primary key error" if kind == "primary-key" else "unique error"
        where = f"row {other.group(1)}" if other else "another row"
        return f"{label}: {values!r} is also the key of {where}", ", ".join(f for f in fields if f)
    if kind == "hash-count":
        return (
            "hash count error: the file's SHA-256 is not the one datapackage.json records "
            "(the file changed since the build)",
            None,
        )
    if kind == "byte-count":
        return (
            "byte count error: the file's size is not the one datapackage.json records "
            "(the file changed since the build)",
            None,
        )
    return f"{error.title.lower()}: {note or _clean(error.message)}", column


def _key_values(error, fields: list[str]):
    cells = list(getattr(error, "cells", []) or [])
    labels = list(getattr(error, "labels", []) or [])
    values = [
        cells[labels.index(f)] if f in labels and labels.index(f) < len(cells) else None
        for f in fields
    ]
    if all(v is None for v in values) and cells:
        values = cells[: len(fields)]
    return values[0] if len(values) == 1 else tuple(values)


def _clean(message: str) -> str:
    return " ".join(message.split())


def _relative(base: Path, place: str) -> str:
    try:
        return str(Path(place).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        try:
            return str((base / place).resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return place


def validate_package(descriptor_path: Path) -> list[Problem]:
    """All problems with the package at `descriptor_path`; an empty list when valid.

    `descriptor_path` may also be the package's folder. Files edited since
    the build are reported and their rows still checked: the semantic checks
    run whenever frictionless finds nothing wrong but edited files.
    """
    try:
        if descriptor_path.is_dir():
            descriptor_path = find_descriptor(descriptor_path, descriptor_path)
        descriptor = read_descriptor(descriptor_path)
    except DescriptorError as error:
        file, _, message = str(error).partition(": ")
        return [Problem(file, message, code=DESCRIPTOR_ERROR)]
    problems = check_descriptor(descriptor, str(descriptor_path))
    if problems:
        return problems
    problems = check_resources(descriptor_path)
    if any(not problem.edited for problem in problems):
        return problems
    try:
        return problems + check_semantics(descriptor_path)
    except TableError as error:
        file, _, message = str(error).partition(": ")
        return [*problems, Problem(file, message, code=TABLE_ERROR)]


def validate_argument(argument: Path | None, default: Path) -> tuple[Path, list[Problem]]:
    """The descriptor `argument` means (`find_descriptor`) and its problems (`validate_package`).

    What is not a descriptor at all (a missing file, a CSV file) is the one problem.
    """
    try:
        descriptor_path = find_descriptor(argument, default)
    except DescriptorError as error:
        file, _, message = str(error).partition(": ")
        return Path(file), [Problem(file, message, code=DESCRIPTOR_ERROR)]
    return descriptor_path, validate_package(descriptor_path)
