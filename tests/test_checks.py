"""Stage 7, validate: the checks no schema can make, each broken once."""

import csv

from conftest import cell, edit

from parley.checks import check_semantics


def problems(package):
    return [str(p) for p in check_semantics(package / "datapackage.json")]


def row_of(package, resource, **match):
    with open(package / f"{resource}.csv", encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            if all(row[k] == v for k, v in match.items()):
                return number, row
    raise LookupError(match)


def test_the_built_package_passes_every_check(built_package):
    assert problems(built_package) == []


def test_a_quote_that_is_not_the_text_at_its_offsets(package_copy):
    edit(package_copy, "article_meetings", 2, "char_start", "0")
    quote = cell(package_copy, "article_meetings", 2, "quote")
    article = cell(package_copy, "article_meetings", 2, "article_id")
    end = cell(package_copy, "article_meetings", 2, "char_end")
    assert problems(package_copy) == [
        f"article_meetings.csv: row 2, column quote: quote {quote[:40]!r} is not the text of article {article} at 0..{end}"
    ]


def test_a_meeting_without_evidence(package_copy):
    meeting = cell(package_copy, "meetings", 2, "meeting_id")
    with open(package_copy / "article_meetings.csv", encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    kept = [table[0]] + [r for r in table[1:] if r[1] != meeting]
    with open(package_copy / "article_meetings.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(kept)
    assert problems(package_copy) == [
        f"meetings.csv: row 2, column meeting_id: meeting {meeting} has no article link with evidence in article_meetings"
    ]


def test_an_interval_that_ends_before_it_starts(package_copy):
    number, meeting = row_of(
        package_copy, "meetings", date_start="2019-05-14", city="Sochi", kind="talks"
    )
    edit(package_copy, "meetings", number, "date_end", "2019-05-01")
    assert problems(package_copy) == [
        f"meetings.csv: row {number}, column date_start: date_start 2019-05-14 is after date_end 2019-05-01"
    ]


def test_a_participant_who_did_not_hold_the_office_then(package_copy):
    # Trump was not President in May 2016 (Putin was).
    number, meeting = row_of(package_copy, "meetings", date_start="2019-05-03")
    edit(package_copy, "meetings", number, "date_start", "2016-05-03")
    edit(package_copy, "meetings", number, "date_end", "2016-05-03")
    trump, _ = row_of(
        package_copy,
        "meeting_participants",
        meeting_id=meeting["meeting_id"],
        person_id="donald-trump",
    )
    assert problems(package_copy) == [
        f"meeting_participants.csv: row {trump}, column role: donald-trump held no office as President "
        f"(US) on 2016-05-03..2016-05-03, the dates of meeting {meeting['meeting_id']}"
    ]


def test_held_reported_before_the_meeting(package_copy):
    number, article = row_of(package_copy, "articles", seed_file="004_0e89ee0f3769bdb9.txt")
    edit(package_copy, "articles", number, "published_start", "2019-12-01")
    edit(package_copy, "articles", number, "published_end", "2019-12-01")
    link_number, link = row_of(package_copy, "article_meetings", article_id=article["article_id"])
    assert problems(package_copy) == [
        f"article_meetings.csv: row {link_number}, column reported_status: article {article['article_id']} "
        f"(published by 2019-12-01) reports as held meeting {link['meeting_id']}, which starts 2019-12-10"
    ]


def test_a_held_meeting_abroad_outside_every_official_trip(package_copy):
    # Pompeo's Sochi visit moved to a week when he made no trip to Russia.
    number, meeting = row_of(package_copy, "meetings", date_start="2019-05-14", kind="visit")
    edit(package_copy, "meetings", number, "date_start", "2019-05-20")
    edit(package_copy, "meetings", number, "date_end", "2019-05-20")
    assert problems(package_copy) == [
        f"meetings.csv: row {number}, column date_start: held meeting {meeting['meeting_id']} of mike-pompeo "
        "in RU on 2019-05-20..2019-05-20 falls inside none of their official trips to RU (trips.csv)"
    ]
