"""Stage 7, validate: the checks no schema can make, each broken once."""

import csv
import json

import pytest
from helpers import ROOT, cell, edit, refresh

from parley.checks import Package, check_semantics


def problems(package, **options):
    return [str(p) for p in check_semantics(package / "datapackage.json", **options)]


def delete_rows(package, resource, **match):
    """Drop the rows matching `match` (and re-hash: only the rows are wrong)."""
    path = package / f"{resource}.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    header = table[0]
    kept = [header] + [
        r for r in table[1:] if not all(r[header.index(k)] == v for k, v in match.items())
    ]
    assert len(kept) < len(table), match
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(kept)
    refresh(package, resource, path.read_bytes())


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


def test_wrong_quotes_in_several_link_tables_come_in_file_then_row_order(package_copy):
    """The evidence check streams the texts article by article; its problems still come
    ordered by link table and row, whatever the order of the articles."""
    for resource, row in (("article_topics", 3), ("article_meetings", 4), ("article_meetings", 2)):
        edit(package_copy, resource, row, "quote", "not in any text")
    found = [p for p in problems(package_copy) if "column quote" in p]
    assert [p.split(", column")[0] for p in found] == [
        "article_meetings.csv: row 2",
        "article_meetings.csv: row 4",
        "article_topics.csv: row 3",
    ]


def test_the_cached_rows_leave_the_texts_out(built_package):
    package = Package(built_package / "datapackage.json")
    articles = package.rows("articles")
    assert articles and all("text" not in row and row["article_id"] for row in articles)


def test_a_meeting_without_evidence(package_copy):
    meeting = cell(package_copy, "meetings", 2, "meeting_id")
    with open(package_copy / "article_meetings.csv", encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    kept = [table[0]] + [r for r in table[1:] if r[1] != meeting]
    with open(package_copy / "article_meetings.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(kept)
    assert problems(package_copy) == [
        f"meetings.csv: row 2, column meeting_id: meeting {meeting} has no article link with evidence in article_meetings",
        f"meetings.csv: row 2, column article_count: article_count 1 is not the number of articles that report meeting {meeting} in article_meetings.csv (0)",
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
    link, _ = row_of(package_copy, "article_meetings", meeting_id=meeting["meeting_id"])
    edit(package_copy, "article_meetings", link, "reported_date_start", "2016-05-03")
    edit(package_copy, "article_meetings", link, "reported_date_end", "2016-05-03")
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
    meeting_row, _ = row_of(package_copy, "meetings", meeting_id=link["meeting_id"])
    # The article was the meeting's latest report: its status now comes from an earlier one.
    assert problems(package_copy) == [
        f"article_meetings.csv: row {link_number}, column reported_status: article {article['article_id']} "
        f"(published by 2019-12-01) reports as held meeting {link['meeting_id']}, which starts 2019-12-10",
        f"meetings.csv: row {meeting_row}, column status: status 'held' is not the status of the latest "
        f"report of meeting {link['meeting_id']}: article a-1c5b09b1ecf1 (published 2019-12-10) reports 'planned'",
        f"meetings.csv: row {meeting_row}, column status_as_of: status_as_of 2019-12-11 is not the "
        f"publication date of the latest report of meeting {link['meeting_id']}, article a-1c5b09b1ecf1 "
        "(published 2019-12-10)",
    ]


def test_a_held_meeting_abroad_outside_every_official_trip(package_copy):
    # Pompeo's Sochi visit moved to a week when he made no trip to Russia.
    number, meeting = row_of(package_copy, "meetings", date_start="2019-05-14", kind="visit")
    edit(package_copy, "meetings", number, "date_start", "2019-05-20")
    edit(package_copy, "meetings", number, "date_end", "2019-05-20")
    for link in (
        row_of(
            package_copy,
            "article_meetings",
            meeting_id=meeting["meeting_id"],
            reported_date_end="2019-05-14",
        )[0],
    ):
        edit(package_copy, "article_meetings", link, "reported_date_start", "2019-05-20")
        edit(package_copy, "article_meetings", link, "reported_date_end", "2019-05-20")
    assert problems(package_copy) == [
        f"meetings.csv: row {number}, column date_start: held meeting {meeting['meeting_id']} of mike-pompeo "
        "in RU on 2019-05-20..2019-05-20 falls inside none of their official trips to RU (trips.csv)"
    ]


# ------------------------------------------------------------- across tables


def test_a_meeting_with_one_participant(package_copy):
    number, meeting = row_of(package_copy, "meetings", kind="phone_call", date_start="2019-05-03")
    delete_rows(
        package_copy,
        "meeting_participants",
        meeting_id=meeting["meeting_id"],
        person_id="vladimir-putin",
    )
    assert problems(package_copy) == [
        f"meetings.csv: row {number}, column meeting_id: meeting {meeting['meeting_id']} has 1 "
        "participant(s) in meeting_participants.csv; a meeting needs at least two"
    ]


def test_a_meeting_of_one_country(package_copy):
    number, meeting = row_of(package_copy, "meetings", kind="phone_call", date_start="2019-05-03")
    putin, _ = row_of(
        package_copy,
        "meeting_participants",
        meeting_id=meeting["meeting_id"],
        person_id="vladimir-putin",
    )
    edit(package_copy, "meeting_participants", putin, "country", "US")
    found = problems(package_copy)
    # Putin held no US office either: the office checks speak of the participant row too.
    assert [p for p in found if p.startswith("meetings.csv")] == [
        f"meetings.csv: row {number}, column meeting_id: the 2 participants of meeting "
        f"{meeting['meeting_id']} all represent US; a meeting needs officials of different "
        "countries (or an international body)"
    ]
    others = [p for p in found if not p.startswith("meetings.csv")]
    assert others and all(
        p.startswith(f"meeting_participants.csv: row {putin}, column role: ") for p in others
    )


def test_an_article_count_that_is_not_the_number_of_links(package_copy):
    number, meeting = row_of(package_copy, "meetings", article_count="3")
    edit(package_copy, "meetings", number, "article_count", "4")
    assert problems(package_copy) == [
        f"meetings.csv: row {number}, column article_count: article_count 4 is not the number of "
        f"articles that report meeting {meeting['meeting_id']} in article_meetings.csv (3)"
    ]


def test_a_status_that_is_not_the_latest_reports(package_copy):
    # Reported planned on 10 May and 20 May, held on 11 December: held as of 11 December.
    number, meeting = row_of(package_copy, "meetings", article_count="3")
    edit(package_copy, "meetings", number, "status", "planned")
    assert problems(package_copy) == [
        f"meetings.csv: row {number}, column status: status 'planned' is not the status of the "
        f"latest report of meeting {meeting['meeting_id']}: article a-c9814eee00a1 (published "
        "2019-12-11) reports 'held'"
    ]


def test_a_status_as_of_that_is_not_the_latest_reports_date(package_copy):
    number, meeting = row_of(package_copy, "meetings", article_count="3")
    edit(package_copy, "meetings", number, "status_as_of", "2019-12-10")
    assert problems(package_copy) == [
        f"meetings.csv: row {number}, column status_as_of: status_as_of 2019-12-10 is not the "
        f"publication date of the latest report of meeting {meeting['meeting_id']}, article "
        "a-c9814eee00a1 (published 2019-12-11)"
    ]


@pytest.mark.parametrize(
    ("start", "end"),
    [("2019-05-15", "2019-05-15"), ("2019-05-01", "2019-05-13"), ("2019-06-01", "2019-06-30")],
    ids=["other-day", "ends-before", "other-month"],
)
def test_a_reported_date_outside_the_meetings_interval(package_copy, start, end):
    # Pompeo and Putin in Sochi, 14 May 2019: "last May" and "next week" both hold the 14th.
    _, meeting = row_of(package_copy, "meetings", date_start="2019-05-14", kind="visit")
    link, _ = row_of(
        package_copy,
        "article_meetings",
        meeting_id=meeting["meeting_id"],
        reported_date_end="2019-05-31",
    )
    edit(package_copy, "article_meetings", link, "reported_date_start", start)
    edit(package_copy, "article_meetings", link, "reported_date_end", end)
    assert problems(package_copy) == [
        f"article_meetings.csv: row {link}, column reported_date_start: reported dates {start}..{end} "
        f"do not hold the dates of meeting {meeting['meeting_id']}, 2019-05-14..2019-05-14 (a "
        "meeting takes the sharpest interval consistent with all its reports)"
    ]


def test_an_empty_reported_date_is_no_problem(package_copy):
    _, meeting = row_of(package_copy, "meetings", date_start="2019-05-14", kind="visit")
    link, _ = row_of(
        package_copy,
        "article_meetings",
        meeting_id=meeting["meeting_id"],
        reported_date_end="2019-05-31",
    )
    edit(package_copy, "article_meetings", link, "reported_date_start", "")
    edit(package_copy, "article_meetings", link, "reported_date_end", "")
    assert problems(package_copy) == []


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        (
            {"published_end": "2019-05-01"},
            "published_start",
            "published_start 2019-05-10 is after published_end 2019-05-01",
        ),
        (
            {"published_end": ""},
            "published_end",
            "published_end is empty but published_start is 2019-05-10",
        ),
        (
            {"published_basis": "unknown"},
            "published_basis",
            "published_basis is 'unknown' but the article has dates 2019-05-10..2019-05-10",
        ),
    ],
    ids=["reversed", "half-empty", "unknown-but-dated"],
)
def test_a_publication_interval_out_of_order(package_copy, changes, column, message):
    number, article = row_of(package_copy, "articles", published_start="2019-05-10")
    for name, value in changes.items():
        edit(package_copy, "articles", number, name, value)
    assert f"articles.csv: row {number}, column {column}: {message}" in problems(package_copy)
    assert [p for p in problems(package_copy) if p.startswith("articles.csv")] == [
        f"articles.csv: row {number}, column {column}: {message}"
    ]


def test_a_participant_without_a_row_in_people(package_copy):
    delete_rows(package_copy, "people", person_id="rex-tillerson")
    with open(package_copy / "meeting_participants.csv", encoding="utf-8", newline="") as handle:
        rows = [
            number
            for number, row in enumerate(csv.DictReader(handle), start=2)
            if row["person_id"] == "rex-tillerson"
        ]
    found = [p for p in problems(package_copy) if "people.csv" in p]
    assert found == [
        f"meeting_participants.csv: row {n}, column person_id: participant rex-tillerson of meeting "
        f"{cell(package_copy, 'meeting_participants', n, 'meeting_id')} has no row in people.csv"
        for n in rows
    ]
    assert len(rows) == 4


def test_a_curated_person_missing_from_the_curated_list(package_copy, tmp_path):
    curated = json.loads((ROOT / "reference" / "people.json").read_text(encoding="utf-8"))
    curated["people"] = [p for p in curated["people"] if p["person_id"] != "mike-pompeo"]
    reference = tmp_path / "people.json"
    reference.write_text(json.dumps(curated), encoding="utf-8")
    number, _ = row_of(package_copy, "people", person_id="mike-pompeo")
    assert problems(package_copy, curated_people=reference) == [
        f"people.csv: row {number}, column curated: mike-pompeo is marked curated but is not in "
        "the curated list (people.json); set curated to false or add the person"
    ]


def test_a_person_not_curated_needs_no_curated_entry(package_copy, tmp_path):
    reference = tmp_path / "people.json"
    reference.write_text(json.dumps({"people": []}), encoding="utf-8")
    for number in range(2, 7):
        edit(package_copy, "people", number, "curated", "false")
    assert problems(package_copy, curated_people=reference) == []


def test_each_semantic_problem_carries_the_code_of_its_check(package_copy):
    edit(package_copy, "article_meetings", 2, "char_start", "0")
    number, _ = row_of(
        package_copy, "meetings", date_start="2019-05-14", city="Sochi", kind="talks"
    )
    edit(package_copy, "meetings", number, "date_end", "2019-05-01")
    found = check_semantics(package_copy / "datapackage.json")
    assert sorted(p.code for p in found) == ["evidence", "interval"]
