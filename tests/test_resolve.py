"""Stage 5, resolve: one row per real meeting across articles, lifecycle, inferred dates, IDs."""

import csv
import shutil

from helpers import SEEDS

from parley.build import build


def rows(package, name):
    with open(package / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


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
