"""Helpers shared by the hardening tests: a small seeds folder, a build through the CLI, rows."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from click.testing import CliRunner

from parley.cli import main
from parley.reference import PROJECT_ROOT

SEEDS = PROJECT_ROOT / "seeds"
GOOD = ("000_fb82a6c145586567.txt", "004_0e89ee0f3769bdb9.txt")

csv.field_size_limit(2**31 - 1)


def rows(out: Path, resource: str) -> list[dict[str, str]]:
    with open(out / f"{resource}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def copy_seeds(tmp_path: Path) -> Path:
    """A seeds folder with two of the project's seed articles."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for name in GOOD:
        shutil.copy(SEEDS / name, folder / name)
    return folder


def run_build(seeds: Path, out: Path):
    result = CliRunner().invoke(main, ["build", str(seeds), "--out", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


# --- Hand-made records for the resolve and rows tests (no article text) --------------------


def tiny_reference():
    """A reference with three places (a city, a landmark in it, another city) and their
    countries: enough for resolve to compare places and for rows to name them."""
    from parley.reference import Country, Place, Reference

    def place(place_id, name, kind, country, city_id=None):
        return Place(place_id, name, kind, country, 0.0, 0.0, (), city_id)

    return Reference(
        people={},
        person_names={},
        person_short_names={},
        role_phrases=(),
        role_words={},
        countries={
            "AT": Country("AT", "Austria", ("Austria",), ("Austrian",), "vienna"),
            "CH": Country("CH", "Switzerland", ("Switzerland",), ("Swiss",), "bern"),
        },
        places={
            "vienna": place("vienna", "Vienna", "city", "AT"),
            "hofburg": place("hofburg", "Hofburg", "landmark", "AT", city_id="vienna"),
            "geneva": place("geneva", "Geneva", "city", "CH"),
        },
        topics={},
        outlets={},
    )


def claim(
    article_id: str,
    status: str,
    day=None,
    *,
    people: tuple[str, ...] = ("anna-berg", "tomas-novak"),
    kind: str = "talks",
    place: str = "",
    at: int = 0,
    expression: str = "",
    topics: tuple[tuple[str, str], ...] = (),
):
    """A MeetingClaim of `article_id`; `day` is a date, a (start, end) pair or None."""
    from parley.records import DateInterval, MeetingClaim, Span

    if day is None:
        interval = None
    elif isinstance(day, tuple):
        interval = DateInterval(*day)
    else:
        interval = DateInterval.day(day)
    quote = f"{status} {kind}"
    return MeetingClaim(
        article_id=article_id,
        participants=people,
        kind=kind,
        reported_status=status,
        interval=interval,
        date_expression=expression,
        place_id=place,
        evidence=Span(at, at + len(quote), quote),
        topics=tuple(t for t, _ in topics),
        topic_quotes=tuple(Span(at, at + len(q), q) for _, q in topics),
    )
