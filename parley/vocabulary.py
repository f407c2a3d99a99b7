"""The meeting vocabularies (kinds, statuses), read from the Table Schemas in schemas/.

The schema's enum constraint is the one list of values a column may take; the stages
name the values through `Vocabulary` attributes (`KIND.phone_call`), so a value the
schema does not list fails at import, not silently in the output. Imports nothing of
the pipeline: extract, resolve and the site may all use it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

from parley.package import load_schema
from parley.paths import SCHEMAS_DIR


@functools.cache
def field_values(resource: str, field: str, directory: Path = SCHEMAS_DIR) -> tuple[str, ...]:
    """The values a column may take, in the order its Table Schema lists them.

    >>> field_values("meetings", "status")
    ('planned', 'held', 'cancelled')
    """
    for entry in load_schema(resource, directory)["fields"]:
        if entry["name"] == field:
            return tuple(entry["constraints"]["enum"])
    raise KeyError(f"{directory / resource}.json: no field {field!r}")


class Vocabulary:
    """The values of one column by name: `KIND.talks == "talks"`; an unknown name raises.

    >>> KIND.phone_call, "summit" in KIND, STATUS.held
    ('phone_call', True, 'held')
    >>> KIND.chat
    Traceback (most recent call last):
    AttributeError: 'chat' is not a value of meetings.kind (schemas/meetings.json)
    """

    def __init__(self, resource: str, field: str):
        self._where = f"{resource}.{field}"
        self._values = field_values(resource, field)

    def __getattr__(self, name: str) -> str:
        if name.startswith("_") or name not in self._values:
            raise AttributeError(
                f"{name!r} is not a value of {self._where} (schemas/{self._where.split('.')[0]}.json)"
            )
        return name

    def __contains__(self, value: object) -> bool:
        return value in self._values

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)


KIND = Vocabulary("meetings", "kind")
STATUS = Vocabulary("meetings", "status")
