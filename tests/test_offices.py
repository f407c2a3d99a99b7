"""Offices (issue 12): the office a participants row shows, officials of international
bodies in reference/people.json, and where every curated office's dates come from."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import claim

from parley.paths import REFERENCE_DIR
from parley.records import DateInterval, Office, Person
from parley.reference import ReferenceDataError, load_reference, presume_attested
from parley.resolve import Meeting
from parley.rows import meeting_participant_rows

D = dt.date
CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"

# Two people of our own, shaped like the cases the corpus showed wrong: a crown prince who
# became president, and a former foreign minister who came back as an envoy.
PEOPLE = {
    "prince": Person(
        "prince",
        "Prince",
        "AE",
        True,
        (
            Office("head_of_state", "Crown Prince", "AE", D(2004, 11, 3), D(2022, 5, 13)),
            Office("head_of_state", "President", "AE", D(2022, 5, 14), None),
        ),
    ),
    "envoy": Person(
        "envoy",
        "Envoy",
        "US",
        True,
        (
            Office("foreign_minister", "Secretary of State", "US", D(2013, 2, 1), D(2017, 1, 20)),
            Office("foreign_policy_aide", "Climate Envoy", "US", D(2021, 6, 16), D(2022, 7, 18)),
        ),
    ),
}


def _meeting(person_id: str, day: dt.date | None, latest_report: dt.date | None) -> Meeting:
    return Meeting(
        meeting_id="m-000000000001",
        participants=(person_id,),
        interval=DateInterval.day(day) if day else None,
        city=None,
        country=None,
        kind="talks",
        status="held",
        status_as_of=latest_report,
        claims=(claim("a1", "held", day, people=(person_id,)),),
    )


@pytest.mark.parametrize(
    ("person_id", "day", "latest_report", "shown"),
    [
        # A dated meeting: the office held on its first day.
        ("prince", D(2022, 3, 20), D(2022, 6, 1), ("head_of_state", "Crown Prince", "AE")),
        ("prince", D(2022, 5, 14), D(2022, 5, 14), ("head_of_state", "President", "AE")),
        # Undated: the office held on the day of the latest report, not the one begun last.
        ("prince", None, D(2022, 3, 20), ("head_of_state", "Crown Prince", "AE")),
        ("prince", None, D(2022, 5, 13), ("head_of_state", "Crown Prince", "AE")),
        ("prince", None, D(2022, 6, 1), ("head_of_state", "President", "AE")),
        # No day at all: the office begun last (Person.office_on without a day).
        ("prince", None, None, ("head_of_state", "President", "AE")),
        # Out of office on the day: no office shown, the person's own country.
        ("envoy", D(2019, 6, 1), D(2019, 6, 2), ("other", None, "US")),
        ("envoy", None, D(2021, 3, 1), ("other", None, "US")),
        ("envoy", D(2015, 6, 1), D(2015, 6, 1), ("foreign_minister", "Secretary of State", "US")),
        ("envoy", None, D(2022, 1, 10), ("foreign_policy_aide", "Climate Envoy", "US")),
        ("envoy", D(2021, 3, 1), D(2022, 1, 10), ("other", None, "US")),
    ],
)
def test_a_participant_shows_the_office_held_on_the_meeting_day(
    person_id, day, latest_report, shown
):
    [row] = meeting_participant_rows([_meeting(person_id, day, latest_report)], PEOPLE)
    assert (row["role"], row["title"], row["country"]) == shown


# A president known from a record until mid-2021, and a successor known only from the days
# releases attest (March to June 2022): presumed a year either side, not into the record.
ATTESTED = presume_attested(
    {
        "before": Person(
            "before",
            "Before",
            "AZ",
            True,
            (Office("head_of_state", "President", "AZ", D(2013, 10, 1), D(2021, 6, 30)),),
        ),
        "seen": Person(
            "seen",
            "Seen",
            "AZ",
            True,
            (Office("head_of_state", "President", "AZ", D(2022, 3, 1), D(2022, 6, 1), "attested"),),
        ),
    },
    (),
    365,
)


@pytest.mark.parametrize(
    ("day", "latest_report", "shown"),
    [
        (D(2022, 4, 1), D(2022, 4, 2), "head_of_state"),  # attested
        (D(2021, 12, 1), D(2021, 12, 1), "head_of_state"),  # presumed, before
        (D(2023, 5, 31), D(2023, 6, 1), "head_of_state"),  # presumed, after
        (None, D(2023, 1, 1), "head_of_state"),  # undated: the latest report's day
        (D(2021, 6, 30), D(2021, 7, 1), "other"),  # the recorded holder's last day
        (D(2023, 6, 2), D(2023, 6, 2), "other"),  # beyond the reach
    ],
)
def test_an_attested_office_is_shown_on_the_days_it_is_presumed_held(day, latest_report, shown):
    [row] = meeting_participant_rows([_meeting("seen", day, latest_report)], ATTESTED)
    assert row["role"] == shown


def test_an_attested_office_never_names_its_holder_outside_the_days_attested():
    seen = ATTESTED["seen"]
    assert (seen.office_on(D(2021, 12, 1)), seen.office_on(D(2022, 4, 1)).title) == (
        None,
        "President",
    )


# -- officials of international bodies (roles.json `bodies`) ------------------------------


@pytest.mark.parametrize(
    ("person_id", "day", "office"),
    [
        ("jens-stoltenberg", D(2022, 1, 10), ("secretary_general", "Secretary General", "NATO")),
        (
            "stefano-sannino",
            D(2021, 12, 1),
            (
                "secretary_general",
                "Secretary General of the European External Action Service",
                "EU",
            ),
        ),
        ("hissein-brahim-taha", D(2022, 5, 20), ("secretary_general", "Secretary General", "OIC")),
        ("mathias-cormann", D(2021, 9, 1), ("secretary_general", "Secretary-General", "OECD")),
        ("angel-gurria", D(2021, 6, 1), ("secretary_general", "Secretary-General", "OECD")),
        ("luis-almagro", D(2022, 1, 10), ("secretary_general", "Secretary General", "OAS")),
        ("helga-schmid", D(2022, 2, 15), ("secretary_general", "Secretary General", "OSCE")),
        (
            "hans-grundberg",
            D(2022, 5, 1),
            ("ambassador", "Special Envoy of the Secretary-General for Yemen", "UN"),
        ),
        (
            "john-kerry",
            D(2022, 1, 10),
            ("foreign_policy_aide", "Special Presidential Envoy for Climate", "US"),
        ),
        ("john-kerry", D(2016, 1, 10), ("foreign_minister", "Secretary of State", "US")),
        ("john-kerry", D(2020, 1, 10), None),
        ("mathias-cormann", D(2021, 5, 31), None),  # before the first release naming him so
    ],
)
def test_curated_officials_of_international_bodies(reference, person_id, day, office):
    held = reference.people[person_id].office_on(day)
    assert ((held.role, held.title, held.country) if held else None) == office


def _with_person(tmp_path: Path, country: str) -> Path:
    directory = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, directory)
    path = directory / "people.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    office = {
        "role": "secretary_general",
        "title": "Deputy Secretary General for Tests",
        "country": country,
        "start": "2021-01-01",
        "end": "2021-12-31",
        "source": "unsourced",
    }
    document["people"].append(
        {
            "person_id": "ada-body",
            "name": "Ada Body",
            "country": country,
            "aliases": [],
            "short_names": ["Body"],
            "offices": [office],
        }
    )
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    return directory


@pytest.mark.parametrize("code", ["NATO", "OIC", "WB", "AFU", "EU"])
def test_a_person_may_serve_a_body_of_roles_json(tmp_path, code):
    person = load_reference(_with_person(tmp_path, code)).people["ada-body"]
    assert (person.country, person.offices[0].country) == (code, code)


def test_a_body_outside_roles_json_is_rejected(tmp_path):
    directory = _with_person(tmp_path, "ZZ")
    with pytest.raises(ReferenceDataError) as caught:
        load_reference(directory)
    first = str(caught.value).splitlines()[0]
    assert re.fullmatch(
        re.escape(str(directory / "people.json"))
        + r": line \d+, people\[\d+\]\.country: 'ZZ' is not a country code in countries\.json"
        r" or roles\.json bodies \(rule: known country\)",
        first,
    )


# -- where the dates come from -----------------------------------------------------------

_DOCUMENT = json.loads((REFERENCE_DIR / "people.json").read_text(encoding="utf-8"))
_CORPUS_SOURCED = [
    (p, o) for p in _DOCUMENT["people"] for o in p["offices"] if o["source"].startswith("corpus:")
]
_CITED = re.compile(r"(?:corpus:([a-z0-9-]+)/)?(s\d+\.txt) '([^']+)' \((\d{4}-\d\d-\d\d)")


def test_corpus_sources_cite_a_file_a_title_and_a_day():
    assert len(_CORPUS_SOURCED) >= 60
    for person, office in _CORPUS_SOURCED:
        cited = _CITED.findall(office["source"])
        assert 1 <= len(cited) <= 2, (person["person_id"], office["source"])
        assert cited[0][0] == "state-dept-2021-2022"
        # The first release bounds the first attested day (it, or a meeting it reports up
        # to 3 days earlier), the last one is the last; no term is claimed.
        first_day = D.fromisoformat(cited[0][3])
        attested = office["attested"]
        assert D.fromisoformat(attested["first"]) <= first_day
        assert (first_day - D.fromisoformat(attested["first"])).days <= 3
        assert (attested["last"], "start" in office, "end" in office) == (
            cited[-1][3],
            False,
            False,
        )


@pytest.mark.skipif(
    not (CORPORA / "state-dept-2021-2022").exists(), reason="the corpus is not here"
)
@pytest.mark.parametrize(
    ("person", "office"), _CORPUS_SOURCED, ids=[p["person_id"] for p, _ in _CORPUS_SOURCED]
)
def test_a_cited_release_prints_its_title_its_day_and_the_name(person, office):
    articles = CORPORA / "state-dept-2021-2022" / "articles"
    for _, file, title, day in _CITED.findall(office["source"]):
        text = (articles / file).read_text(encoding="utf-8")
        assert title in text
        printed = D.fromisoformat(day)
        assert f"{printed:%B} {printed.day}, {printed.year}" in text
        names = [person["name"], *person["aliases"], *person["short_names"]]
        assert any(name in text for name in names)
