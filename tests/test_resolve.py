"""Stage 5, resolve: one record per real meeting across articles, lifecycle, inferred dates, IDs.

The first tests resolve hand-made claims (tests/helpers.py: no article text);
the last ones check the same rules on the seed articles, built.
"""

import datetime as dt
import hashlib
import shutil

import pytest
from helpers import SEEDS, claim, rows, tiny_reference

from parley.build import build
from parley.errors import ParleyError
from parley.interop import meeting_enums
from parley.records import DateInterval, Location
from parley.resolve import (
    KINDS,
    STATUS_ORDER,
    InferredPublication,
    check_vocabulary,
    group_claims,
    infer_publication,
    resolve_meetings,
)

D = dt.date
AB = ("anna-berg", "tomas-novak")
REFERENCE = tiny_reference()


def summary(meetings):
    return [
        (
            m.participants,
            m.interval.start if m.interval else None,
            m.interval.end if m.interval else None,
            m.city.place_id if m.city else None,
            m.country,
            m.kind,
            m.status,
            m.status_as_of,
            m.article_count,
        )
        for m in meetings
    ]


MAR10 = D(2021, 3, 10)

CASES = {
    "two reports of one encounter merge; the latest report's status, the sharper kind": (
        [
            claim("a1", "planned", MAR10, place="vienna"),
            claim("a2", "held", MAR10, kind="visit", place="vienna"),
        ],
        {"a1": D(2021, 3, 8), "a2": D(2021, 3, 11)},
        [(AB, MAR10, MAR10, "vienna", "AT", "visit", "held", D(2021, 3, 11), 2)],
    ),
    "the same people on two days: two meetings": (
        [claim("a1", "held", MAR10), claim("a1", "held", D(2021, 4, 2), at=50)],
        {"a1": D(2021, 4, 5)},
        [
            (AB, MAR10, MAR10, None, None, "talks", "held", D(2021, 4, 5), 1),
            (AB, D(2021, 4, 2), D(2021, 4, 2), None, None, "talks", "held", D(2021, 4, 5), 1),
        ],
    ),
    "a later report of a cancellation cancels the planned meeting": (
        [claim("a1", "planned", MAR10), claim("a2", "cancelled", MAR10)],
        {"a1": D(2021, 3, 1), "a2": D(2021, 3, 5)},
        [(AB, MAR10, MAR10, None, None, "talks", "cancelled", D(2021, 3, 5), 2)],
    ),
    "an earlier report of a cancellation does not undo a later report of the meeting": (
        [claim("a1", "cancelled", MAR10), claim("a2", "held", MAR10)],
        {"a1": D(2021, 3, 1), "a2": D(2021, 3, 11)},
        [(AB, MAR10, MAR10, None, None, "talks", "held", D(2021, 3, 11), 2)],
    ),
    "of two reports published on one day, the later stage wins": (
        [claim("a1", "held", MAR10), claim("a2", "planned", MAR10)],
        {"a1": D(2021, 3, 10), "a2": D(2021, 3, 10)},
        [(AB, MAR10, MAR10, None, None, "talks", "held", MAR10, 2)],
    ),
    "a vague date joins the meeting it contains, whose sharper date stays": (
        [
            claim("a1", "held", (D(2021, 5, 1), D(2021, 5, 31))),
            claim("a2", "planned", D(2021, 5, 14)),
        ],
        {"a1": D(2021, 12, 1), "a2": D(2021, 5, 10)},
        [(AB, D(2021, 5, 14), D(2021, 5, 14), None, None, "talks", "held", D(2021, 12, 1), 2)],
    ),
    "an undated claim joins the only meeting of its people": (
        [claim("a1", "held", MAR10), claim("a2", "held")],
        {"a1": D(2021, 3, 11), "a2": None},
        [(AB, MAR10, MAR10, None, None, "talks", "held", D(2021, 3, 11), 2)],
    ),
    "an undated claim two meetings could take stands alone": (
        [
            claim("a1", "held", MAR10),
            claim("a1", "held", D(2021, 4, 2), at=50),
            claim("a2", "held"),
        ],
        {"a1": D(2021, 4, 5), "a2": D(2021, 4, 6)},
        [
            (AB, MAR10, MAR10, None, None, "talks", "held", D(2021, 4, 5), 1),
            (AB, D(2021, 4, 2), D(2021, 4, 2), None, None, "talks", "held", D(2021, 4, 5), 1),
            (AB, None, None, None, None, "talks", "held", D(2021, 4, 6), 1),
        ],
    ),
    "a call and a meeting in person on one day are two meetings": (
        [claim("a1", "held", MAR10, kind="phone_call"), claim("a2", "held", MAR10)],
        {"a1": D(2021, 3, 11), "a2": D(2021, 3, 11)},
        [
            (AB, MAR10, MAR10, None, None, "phone_call", "held", D(2021, 3, 11), 1),
            (AB, MAR10, MAR10, None, None, "talks", "held", D(2021, 3, 11), 1),
        ],
    ),
    "two cities on one day are two meetings": (
        [claim("a1", "held", MAR10, place="vienna"), claim("a2", "held", MAR10, place="geneva")],
        {"a1": D(2021, 3, 11), "a2": D(2021, 3, 11)},
        [
            (AB, MAR10, MAR10, "vienna", "AT", "talks", "held", D(2021, 3, 11), 1),
            (AB, MAR10, MAR10, "geneva", "CH", "talks", "held", D(2021, 3, 11), 1),
        ],
    ),
    "a country and a landmark in it: one meeting, in the landmark's city": (
        [
            claim("a1", "held", MAR10, place=str(Location.country("AT"))),
            claim("a2", "held", MAR10, place="hofburg"),
        ],
        {"a1": D(2021, 3, 11), "a2": D(2021, 3, 11)},
        [(AB, MAR10, MAR10, "vienna", "AT", "talks", "held", D(2021, 3, 11), 2)],
    ),
    "a country alone names no city": (
        [claim("a1", "held", MAR10, place=str(Location.country("CH")))],
        {"a1": None},
        [(AB, MAR10, MAR10, None, "CH", "talks", "held", None, 1)],
    ),
    "other people on the same day: another meeting": (
        [claim("a1", "held", MAR10), claim("a1", "held", MAR10, people=("li-wei", "tomas-novak"))],
        {"a1": D(2021, 3, 11)},
        [
            (AB, MAR10, MAR10, None, None, "talks", "held", D(2021, 3, 11), 1),
            (
                ("li-wei", "tomas-novak"),
                MAR10,
                MAR10,
                None,
                None,
                "talks",
                "held",
                D(2021, 3, 11),
                1,
            ),
        ],
    ),
}


@pytest.mark.parametrize(("claims", "published", "expected"), CASES.values(), ids=CASES)
def test_claims_resolve_to_meetings(claims, published, expected):
    days = {a: DateInterval.day(d) if d else None for a, d in published.items()}
    assert summary(resolve_meetings(claims, days, REFERENCE)) == expected


@pytest.mark.parametrize(("claims", "published", "expected"), CASES.values(), ids=CASES)
def test_the_order_of_the_claims_does_not_matter(claims, published, expected):
    days = {a: DateInterval.day(d) if d else None for a, d in published.items()}
    assert summary(resolve_meetings(reversed(claims), days, REFERENCE)) == expected


def meeting_id(*parts):
    return "m-" + hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:12]


def test_a_meeting_id_is_a_hash_of_its_people_and_first_day():
    claims = [claim("a1", "held", MAR10), claim("a2", "held")]
    [meeting] = resolve_meetings(claims, {"a1": None, "a2": None}, REFERENCE)
    assert meeting.meeting_id == meeting_id(*AB, "2021-03-10")


def test_an_undated_meeting_id_is_a_hash_of_its_first_report():
    [meeting] = resolve_meetings([claim("a7", "held", at=42)], {"a7": None}, REFERENCE)
    assert meeting.meeting_id == meeting_id(*AB, "undated:a7:42")


def test_two_meetings_of_the_same_people_and_day_get_different_ids():
    claims = [
        claim("a1", "held", MAR10, place="vienna"),
        claim("a2", "held", MAR10, place="geneva", at=9),
    ]
    vienna, geneva = resolve_meetings(claims, {"a1": None, "a2": None}, REFERENCE)
    assert vienna.meeting_id == meeting_id(*AB, "2021-03-10")
    assert geneva.meeting_id == meeting_id(*AB, "2021-03-10", "a2", "9")


def test_ids_do_not_change_when_an_unrelated_claim_is_added():
    claims = [claim("a1", "held", MAR10), claim("a2", "planned", D(2021, 6, 1))]
    published = {"a1": None, "a2": None, "a3": None}
    before = {m.meeting_id for m in resolve_meetings(claims, published, REFERENCE)}
    other = claim("a3", "held", MAR10, people=("li-wei", "tomas-novak"))
    after = {m.meeting_id for m in resolve_meetings([other, *claims], published, REFERENCE)}
    assert before < after and len(after - before) == 1


def test_each_article_reports_a_meeting_by_its_first_claim_and_the_agenda_by_the_first_article():
    claims = [
        claim("a2", "held", MAR10, at=80, topics=(("iran", "on Iran"),)),
        claim("a2", "held", MAR10, at=10, topics=(("trade", "on trade"),)),
        claim("a1", "planned", MAR10, at=30, topics=(("trade", "to discuss trade"),)),
    ]
    [meeting] = resolve_meetings(claims, {"a1": None, "a2": None}, REFERENCE)
    assert {a: c.evidence.start for a, c in meeting.reports().items()} == {"a1": 30, "a2": 10}
    assert meeting.agenda() == {"trade": ("a1", "to discuss trade"), "iran": ("a2", "on Iran")}


# --- Dating an undated article from the meetings it reports


def groups_of(article_id, claims):
    return [
        g
        for g in group_claims(claims, REFERENCE)
        if any(c.article_id == article_id for c in g.claims)
    ]


INFERENCES = {
    "held 'yesterday' the meeting another article dates": (
        "The two ministers met in Vienna yesterday.",
        [claim("a1", "held", MAR10), claim("a2", "held", expression="yesterday")],
        InferredPublication(
            DateInterval.day(D(2021, 3, 11)),
            "reports as held 'yesterday' the meeting other articles date to 2021-03-10: "
            "published 2021-03-11",
        ),
    ),
    "a preview 'on Tuesday' of a meeting dated to a Tuesday: the week before it": (
        "The two ministers will meet on Tuesday.",
        [
            claim("a1", "held", D(2021, 3, 9)),
            claim("a2", "planned", expression="on Tuesday"),
        ],
        InferredPublication(
            DateInterval(D(2021, 3, 3), D(2021, 3, 9)),
            "previews as planned the meeting other articles date to 2021-03-09: "
            "published between 2021-03-03 and 2021-03-09",
        ),
    ),
    "no other article dates the meeting": (
        "The two ministers met in Vienna yesterday.",
        [claim("a2", "held", expression="yesterday")],
        None,
    ),
    "other articles date it to a month only": (
        "The two ministers met in Vienna yesterday.",
        [
            claim("a1", "held", (D(2021, 3, 1), D(2021, 3, 31))),
            claim("a2", "held", expression="yesterday"),
        ],
        None,
    ),
    "the claim's date expression is not in the text": (
        "The two ministers met in Vienna.",
        [claim("a1", "held", MAR10), claim("a2", "held", expression="yesterday")],
        None,
    ),
}


@pytest.mark.parametrize(("text", "claims", "expected"), INFERENCES.values(), ids=INFERENCES)
def test_an_undated_article_is_dated_from_the_meetings_it_reports(text, claims, expected):
    assert infer_publication("a2", text, groups_of("a2", claims)) == expected


# --- The kinds and statuses are those of the Table Schema


def test_resolve_ranks_exactly_the_kinds_and_statuses_of_the_schema():
    kinds, statuses = meeting_enums()
    assert (set(KINDS), set(STATUS_ORDER)) == (set(kinds), set(statuses))
    check_vocabulary(kinds, statuses)


@pytest.mark.parametrize(
    ("kinds", "statuses", "message"),
    [
        (["talks", "banquet"], ["held"], "kind 'banquet' has no rank"),
        (["talks"], ["held", "postponed"], "status 'postponed' has no rank"),
    ],
)
def test_a_kind_or_status_resolve_cannot_rank_is_refused(kinds, statuses, message):
    with pytest.raises(ParleyError, match=message):
        check_vocabulary(kinds, statuses)


# --- The same rules on the seed articles


def meetings_by_people(package):
    people = {}
    for row in rows(package, "meeting_participants"):
        people.setdefault(row["meeting_id"], []).append(row["person_id"])
    return {
        (tuple(sorted(people[m["meeting_id"]])), m["date_start"], m["date_end"]): m
        for m in rows(package, "meetings")
    }


def test_each_real_encounter_is_one_row(built_package):
    found = {
        key: (
            m["city"],
            m["country"],
            m["kind"],
            m["status"],
            m["status_as_of"],
            m["article_count"],
        )
        for key, m in meetings_by_people(built_package).items()
    }
    assert found == {
        # Previewed by two outlets, reported held "yesterday" by a third.
        (("mike-pompeo", "sergey-lavrov"), "2019-12-10", "2019-12-10"): (
            "Washington",
            "US",
            "talks",
            "held",
            "2019-12-11",
            "3",
        ),
        (("donald-trump", "sergey-lavrov"), "2019-12-10", "2019-12-10"): (
            "Washington",
            "US",
            "visit",
            "planned",
            "2019-12-10",
            "2",
        ),
        # The same two people two years earlier: another meeting.
        (("donald-trump", "sergey-lavrov"), "2017-05-01", "2017-05-31"): (
            "Washington",
            "US",
            "visit",
            "held",
            "2019-12-10",
            "2",
        ),
        (("donald-trump", "sergey-lavrov"), "2019-09-01", "2019-09-30"): (
            "New York",
            "US",
            "sidelines",
            "held",
            "2019-12-10",
            "1",
        ),
        # "last May" (held) and "May 14" (planned): the sharper date, the later status.
        (("mike-pompeo", "vladimir-putin"), "2019-05-14", "2019-05-14"): (
            "Sochi",
            "RU",
            "visit",
            "held",
            "2019-12-10",
            "2",
        ),
        (("mike-pompeo", "sergey-lavrov"), "2019-05-14", "2019-05-14"): (
            "Sochi",
            "RU",
            "talks",
            "planned",
            "2019-05-10",
            "1",
        ),
        (("mike-pompeo", "sergey-lavrov"), "2019-05-06", "2019-05-09"): (
            "",
            "FI",
            "sidelines",
            "held",
            "2019-05-10",
            "1",
        ),
        (("donald-trump", "vladimir-putin"), "2019-05-03", "2019-05-03"): (
            "",
            "",
            "phone_call",
            "held",
            "2019-05-10",
            "1",
        ),
        (("donald-trump", "vladimir-putin"), "2018-07-01", "2018-07-31"): (
            "Helsinki",
            "FI",
            "summit",
            "held",
            "2019-12-10",
            "1",
        ),
        (("rex-tillerson", "sergey-lavrov"), "2017-05-10", "2017-05-10"): (
            "",
            "US",
            "talks",
            "planned",
            "2017-05-09",
            "1",
        ),
        (("rex-tillerson", "sergey-lavrov"), "2017-05-01", "2017-05-08"): (
            "",
            "",
            "phone_call",
            "held",
            "2017-05-09",
            "1",
        ),
        (("rex-tillerson", "sergey-lavrov"), "2017-04-12", "2017-04-12"): (
            "Moscow",
            "RU",
            "talks",
            "held",
            "2017-05-09",
            "1",
        ),
        (("rex-tillerson", "vladimir-putin"), "2017-04-12", "2017-04-12"): (
            "",
            "RU",
            "visit",
            "held",
            "2017-05-09",
            "1",
        ),
    }


def test_each_article_link_keeps_the_status_it_reported(built_package):
    meeting = meetings_by_people(built_package)[
        (("mike-pompeo", "sergey-lavrov"), "2019-12-10", "2019-12-10")
    ]
    titles = {a["article_id"]: a["seed_file"] for a in rows(built_package, "articles")}
    links = {
        titles[r["article_id"]]: (r["reported_status"], r["date_expression"])
        for r in rows(built_package, "article_meetings")
        if r["meeting_id"] == meeting["meeting_id"]
    }
    assert links == {
        "000_fb82a6c145586567.txt": ("planned", "December 10"),
        "001_a1d53f081b74f1bf.txt": ("planned", "Tuesday"),
        "004_0e89ee0f3769bdb9.txt": ("held", "yesterday"),
    }
    assert meeting["title"] == "Pompeo and Lavrov, talks in Washington, 10 December 2019"


def test_undated_articles_are_dated_where_other_articles_pin_them_down(built_package):
    articles = {a["seed_file"]: a for a in rows(built_package, "articles")}
    held_yesterday = articles["004_0e89ee0f3769bdb9.txt"]
    assert (
        held_yesterday["published_start"],
        held_yesterday["published_end"],
        held_yesterday["published_basis"],
    ) == ("2019-12-11", "2019-12-11", "inferred")
    assert (
        "'yesterday'" in held_yesterday["published_note"]
        and "2019-12-10" in held_yesterday["published_note"]
    )
    preview = articles["000_fb82a6c145586567.txt"]
    assert preview["published_basis"] == "inferred"
    # A preview of the 10 December meeting: published before it, within the months
    # in which "December 10" (no year) can only mean 10 December 2019.
    assert preview["published_end"] == "2019-12-10"
    assert "2019-05-01" <= preview["published_start"] < "2019-12-10"


def test_agenda_topics_come_only_from_what_an_article_says_was_or_will_be_discussed(built_package):
    meetings = meetings_by_people(built_package)
    topics = {}
    for row in rows(built_package, "meeting_topics"):
        topics.setdefault(row["meeting_id"], set()).add(row["topic_id"])
    washington = meetings[(("mike-pompeo", "sergey-lavrov"), "2019-12-10", "2019-12-10")][
        "meeting_id"
    ]
    finland = meetings[(("mike-pompeo", "sergey-lavrov"), "2019-05-06", "2019-05-09")]["meeting_id"]
    sochi = meetings[(("mike-pompeo", "sergey-lavrov"), "2019-05-14", "2019-05-14")]["meeting_id"]
    assert {"arms-control", "china-arms-control", "iran", "north-korea", "trade"} <= topics[
        washington
    ]
    assert finland not in topics
    assert {"arms-control", "ukraine", "venezuela", "iran", "syria", "north-korea"} <= topics[sochi]


UNRELATED = """Merkel hosts Macron in Berlin

3 February, 2020

German Chancellor Angela Merkel hosted French President Emmanuel Macron in Berlin on Monday for talks on Libya.
"""


def test_ids_do_not_change_when_an_unrelated_article_is_added(built_package, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / "zzz_unrelated.txt").write_text(UNRELATED, encoding="utf-8")
    out = tmp_path / "out"
    build(seeds, out)
    for name in ("meetings", "articles", "meeting_participants", "article_meetings", "people"):
        before, after = rows(built_package, name), rows(out, name)
        assert [r for r in before if r not in after] == [], f"{name}: rows changed or vanished"
    assert len(rows(out, "articles")) == len(rows(built_package, "articles")) + 1
    new = [m for m in rows(out, "meetings") if m not in rows(built_package, "meetings")]
    assert [(m["title"], m["status"]) for m in new] == [
        ("Merkel and Macron, summit in Berlin, 3 February 2020", "held")
    ]
