"""Every field documented in reference/schemas/*.json is read: no curated data that does
nothing (issue 10).

The loader and the recogniser run over a release of our own, with every document
(and the role words) wrapped so that each key looked up is recorded; a schema
property nobody looks up fails, unless it is documentation for readers. The cue
lists are compiled into patterns at import time (extract.py), so they are checked
in its source.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re

import pytest

import parley.reference as reference_module
from parley.paths import PROJECT_ROOT, REFERENCE_DIR
from parley.reference import REFERENCE_FILES

# For readers only: the title, the description, the sources of each file, notes.
_FOR_READERS = {"title", "description", "sources", "references", "note"}
# Fields for readers in one file, with why nothing reads them.
_DOCUMENTATION = {
    ("non-places", ("names", "[]", "kind")): "groups the names for the reader",
    ("roles", ("bodies", "[]", "name")): "the body's name, for the reader; code and names are read",
    ("roles", ("bodies", "[]", "source")): "where the body is described",
    ("roles", ("travellers", "source")): "where the rule comes from",
    ("roles", ("setting_offices", "source")): "where the rule comes from",
}
# place-exclusions.json is read by scripts/derive_places.py, not by a build: its fields
# are checked in the script. places-geonames.json's "generated" says how the script made
# it (places_sha256 is read from the raw text, before the documents are wrapped).
_SCRIPT = PROJECT_ROOT / "scripts" / "derive_places.py"

_RELEASE = (
    "Office of the Spokesperson\n\n"
    "Secretary Blinken’s Meeting with Russian Foreign Minister Lavrov\n\n"
    "January 21, 2022\n\n"
    "The Secretary met Russian Foreign Minister Sergey Lavrov in Geneva on Friday. "
    "Chief of Staff to President Biden Ron Klain and Dr. Maria de la Vega of the Kissinger "
    "Institute attended. Under Secretary Nuland spoke with the former US Secretary of State. "
    "Obama's predecessor and Merkel's successor were absent. "
    "He will meet his Chinese counterpart next week.\n"
)


class _Recorded(dict):
    """A JSON object that records the keys looked up in it."""

    def __init__(self, document: dict, path: tuple, file: str, reads: dict):
        super().__init__({k: _wrap(v, (*path, k), file, reads) for k, v in document.items()})
        self._path, self._file, self._reads = path, file, reads

    def _mark(self, key) -> None:
        self._reads.setdefault(self._file, set()).add((*self._path, key))

    def __getitem__(self, key):
        self._mark(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._mark(key)
        return super().get(key, default)

    def __contains__(self, key) -> bool:
        self._mark(key)
        return super().__contains__(key)


def _wrap(value, path: tuple, file: str, reads: dict):
    if isinstance(value, dict):
        return _Recorded(value, path, file, reads)
    if isinstance(value, list):
        return [_wrap(v, (*path, "[]"), file, reads) for v in value]
    return value


def _properties(schema: dict, path: tuple = ()) -> set[tuple]:
    out: set[tuple] = set()
    for key, sub in schema.get("properties", {}).items():
        out |= {(*path, key)} | _properties(sub, (*path, key))
    if isinstance(schema.get("items"), dict):
        out |= _properties(schema["items"], (*path, "[]"))
    return out


def _schema(name: str) -> dict:
    return json.loads((REFERENCE_DIR / "schemas" / f"{name}.schema.json").read_text("utf-8"))


@functools.cache
def _reads() -> dict[str, set[tuple]]:
    from unittest import mock

    from parley.extract import analyse_article
    from parley.parse import parse_article
    from parley.records import Article, Person
    from parley.rows import title_name

    reads: dict[str, set[tuple]] = {}
    original = reference_module.load_reference_file

    def recorded(name, directory=REFERENCE_DIR):
        return _wrap(original(name, directory), (), name, reads)

    with mock.patch.object(reference_module, "load_reference_file", recorded):
        reference = reference_module.load_reference()
        reference_module.travellers()  # the trips check's own reading of roles.json
    for name in dir(type(reference)):
        if isinstance(getattr(type(reference), name), functools.cached_property):
            getattr(reference, name)
    reference.role_words = _Recorded(reference.role_words, ("words",), "roles", reads)
    article = Article("release.txt", _RELEASE, "0" * 64)
    analyse_article(parse_article(article, reference), reference, dt.date(2022, 1, 21))
    # The writer's reading: how a meeting's title names a person not curated.
    title_name(Person("nobody-curated", "Ana Ruiz Jr.", "PW", False), reference)
    return reads


@pytest.mark.parametrize(
    "name", [n for n in REFERENCE_FILES if n not in ("cues", "place-exclusions")]
)
def test_every_documented_field_is_read(name):
    documented = {
        p
        for p in _properties(_schema(name))
        if not (_FOR_READERS & set(p))
        and (name, p) not in _DOCUMENTATION
        and not (name == "places-geonames" and p[0] == "generated")
    }
    assert sorted(documented - _reads().get(name, set())) == []


def test_every_field_of_the_exclusions_is_read_by_the_script():
    script = _SCRIPT.read_text(encoding="utf-8")
    documented = {p[-1] for p in _properties(_schema("place-exclusions")) if p[-1] != "[]"}
    assert sorted(k for k in documented - _FOR_READERS if f'"{k}"' not in script) == []


def test_every_cue_list_is_used_by_the_extractor():
    # In a pattern (`_words("...")`) or as a set of words (`_CUE_WORDS["..."]`).
    source = (PROJECT_ROOT / "parley" / "extract.py").read_text(encoding="utf-8")
    used = {
        a or b
        for a, b in re.findall(
            r"""_words\(\s*["'](\w+)["']\s*\)|_CUE_WORDS\[["'](\w+)["']\]""", source
        )
    }
    documented = {p[1] for p in _properties(_schema("cues")) if p[0] == "words" and len(p) == 2}
    assert sorted(documented - used) == []
