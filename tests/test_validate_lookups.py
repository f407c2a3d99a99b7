"""Foreign keys checked with the referenced keys read once give frictionless's own errors."""

import frictionless
from helpers import edit

from parley.validate import _lookups_read_once


def _errors(package) -> list[tuple]:
    report = frictionless.Package(str(package / "datapackage.json")).validate()
    return [
        (task.name, error.type, getattr(error, "row_number", None), error.message)
        for task in report.tasks
        for error in task.errors
    ]


def test_shared_lookups_find_the_foreign_key_errors_of_separate_ones(package_copy) -> None:
    edit(package_copy, "meeting_participants", 2, "person_id", "nobody-known")
    edit(package_copy, "article_meetings", 2, "article_id", "no-such-article")
    edit(package_copy, "article_topics", 2, "article_id", "no-such-article")
    edit(package_copy, "meetings", 2, "country", "ZZ")
    plain = _errors(package_copy)
    with _lookups_read_once():
        shared = _errors(package_copy)
    assert shared == plain
    assert [e[:3] for e in plain if e[1] == "foreign-key"] == [
        ("meetings", "foreign-key", 2),
        ("meeting_participants", "foreign-key", 2),
        ("article_meetings", "foreign-key", 2),
        ("article_topics", "foreign-key", 2),
    ]
