"""Stage 7, validate: a data package is checked three ways.

1. The descriptor against the Data Package v2 JSON Schema (jsonschema, with the
   profiles shipped in `profiles/`, since the machines have no internet).
2. Every resource with frictionless: types, constraints, primary and foreign keys.
3. Rules no schema can express (`parley.checks`).

Each problem is one line naming the file, row and column and what is wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import referencing
from referencing.jsonschema import DRAFT7

from parley.reference import PROJECT_ROOT

PROFILES_DIR = PROJECT_ROOT / "profiles"
PROFILE_BASE = "https://datapackage.org/profiles/2.0/"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a package, located as precisely as the check allows."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f": row {self.row}"
        if self.column:
            where += (
                f", column {self.column}" if self.row is not None else f": column {self.column}"
            )
        return f"{where}: {self.message}"


def _registry() -> referencing.Registry:
    resources = []
    for path in sorted(PROFILES_DIR.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = referencing.Resource.from_contents(contents, default_specification=DRAFT7)
        resources.append((PROFILE_BASE + path.name, resource))
    return referencing.Registry().with_resources(resources)


def _json_path(parts) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def check_descriptor(descriptor: dict, name: str = "datapackage.json") -> list[Problem]:
    """The descriptor against the Data Package v2 profile."""
    profile = json.loads((PROFILES_DIR / "datapackage.json").read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(profile)
    validator = validator_class(profile, registry=_registry())
    problems = []
    for error in sorted(validator.iter_errors(descriptor), key=lambda e: list(e.absolute_path)):
        problems.append(
            Problem(
                name,
                f"{_json_path(error.absolute_path)}: {error.message} (rule: {error.validator})",
            )
        )
    return problems


def check_resources(descriptor_path: Path) -> list[Problem]:
    """Every resource with frictionless: types, constraints, keys, foreign keys."""
    import frictionless  # slow to import: only when validating

    base = descriptor_path.parent
    package = frictionless.Package(str(descriptor_path))
    report = package.validate()
    problems = []
    for task in report.tasks:
        file = _relative(base, task.place)
        for error in task.errors:
            row = getattr(error, "row_number", None)
            column = getattr(error, "field_name", None)
            message = f"{error.title.lower()}: {error.note}" if error.note else error.message
            if row is None and column is None and getattr(error, "label", None):
                column = error.label
            problems.append(Problem(file, _clean(message), row, column))
    for error in report.errors:
        problems.append(Problem(descriptor_path.name, _clean(error.message)))
    return problems


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
    """All problems with the package at `descriptor_path`; an empty list when valid."""
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [Problem(str(descriptor_path), "no such file")]
    except json.JSONDecodeError as error:
        return [Problem(str(descriptor_path), f"line {error.lineno}: not valid JSON: {error.msg}")]
    problems = check_descriptor(descriptor, str(descriptor_path))
    if problems:
        return problems
    problems = check_resources(descriptor_path)
    if problems:
        return problems
    from parley.checks import check_semantics

    return check_semantics(descriptor_path)
