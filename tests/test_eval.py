"""`parley eval`: scoring of tiny hand-made packages against tiny gold files, exact figures."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.evaluate import EvaluationError, evaluate

PEOPLE = {
    "Barack Obama": {"country": "US", "aliases": ["Obama"]},
    "Karl Eikenberry": {"country": "US", "aliases": ["Eikenberry"]},
    "Vladimir Putin": {"country": "RU", "aliases": ["Putin"]},
    "Sergey Lavrov": {"country": "RU", "aliases": ["Sergei Lavrov"]},
    "Angela Merkel": {"country": "DE"},
}

# Package people: ids and names as a build writes them (a different spelling of Lavrov).
PACKAGE_PEOPLE = {
    "barack-obama": ("Barack Obama", "US"),
    "karl-eikenberry": ("Karl Eikenberry", "US"),
    "vladimir-putin": ("Vladimir Putin", "RU"),
    "sergei-lavrov": ("Sergei Lavrov", "RU"),
    "angela-merkel": ("Angela Merkel", "DE"),
}


def meeting(
    mid: str,
    people: list[str],
    start: str = "2020-05-04",
    end: str | None = None,
    status: str = "held",
    city: str = "Moscow",
    country: str = "RU",
    article: str = "a-1",
) -> dict:
    return dict(
        mid=mid,
        people=people,
        start=start,
        end=end or start,
        status=status,
        city=city,
        country=country,
        article=article,
    )


def interaction(
    participants: list[str],
    earliest: str | None = "2020-05-04",
    latest: str | None = "2020-05-04",
    status: str = "held",
    city: str | None = "Moscow",
    country: str | None = "RU",
    **extra,
) -> dict:
    return dict(
        date_earliest=earliest,
        date_latest=latest,
        participants=participants,
        city=city,
        country=country,
        status=status,
        kind="talks",
        optional=extra.pop("optional", False),
        evidence=extra.pop("evidence", f"{' and '.join(participants)} met."),
        **extra,
    )


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_package(
    folder: Path,
    meetings: list[dict],
    published: tuple[str, str] = ("2020-05-05", "2020-05-05"),
    topics: dict[str, str] | None = None,
) -> Path:
    """A package folder with one article (a-1, file x1.txt) and the given meetings."""
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(
        folder / "articles.csv",
        ["article_id", "seed_file", "published_start", "published_end"],
        [["a-1", "x1.txt", *published]],
    )
    write_csv(
        folder / "people.csv",
        ["person_id", "name", "country"],
        [[pid, name, country] for pid, (name, country) in PACKAGE_PEOPLE.items()],
    )
    write_csv(
        folder / "meetings.csv",
        ["meeting_id", "date_start", "date_end", "city", "country", "status"],
        [[m["mid"], m["start"], m["end"], m["city"], m["country"], m["status"]] for m in meetings],
    )
    write_csv(
        folder / "meeting_participants.csv",
        ["meeting_id", "person_id"],
        [[m["mid"], pid] for m in meetings for pid in m["people"]],
    )
    write_csv(
        folder / "article_meetings.csv",
        ["article_id", "meeting_id", "reported_status"],
        [[m["article"], m["mid"], m["status"]] for m in meetings],
    )
    topics = topics or {}
    write_csv(
        folder / "topics.csv",
        ["topic_id", "label", "aliases"],
        [[tid, label, ""] for tid, label in topics.items()],
    )
    write_csv(
        folder / "article_topics.csv", ["article_id", "topic_id"], [["a-1", t] for t in topics]
    )
    return folder


def write_gold(
    folder: Path,
    interactions: list[dict],
    published: dict | None = None,
    topics: list[str] | None = None,
) -> Path:
    gold = folder / "gold"
    gold.mkdir(parents=True, exist_ok=True)
    document = {
        "file": "x1.txt",
        "published": published or {"earliest": "2020-05-05", "latest": "2020-05-05"},
        "publisher": "Test",
        "interactions": interactions,
        "topics": topics or [],
        "cited_sources": [],
    }
    (gold / "x1.json").write_text(json.dumps(document), encoding="utf-8")
    (folder / "people.json").write_text(json.dumps(PEOPLE), encoding="utf-8")
    return gold


def score(
    tmp_path: Path,
    meetings: list[dict],
    interactions: list[dict],
    published: dict | None = None,
    topics: list[str] | None = None,
    package_published: tuple[str, str] = ("2020-05-05", "2020-05-05"),
    package_topics: dict[str, str] | None = None,
) -> dict:
    """Summary and error lines of one package against one gold file."""
    data = write_package(tmp_path / "data", meetings, package_published, package_topics)
    gold_dir = write_gold(tmp_path, interactions, published, topics)
    evaluation = evaluate(data, gold_dir)
    return {**evaluation.summary(), "details": [str(d) for d in evaluation.details]}


PAIR = ["barack-obama", "vladimir-putin"]
GOLD_PAIR = ["Barack Obama", "Vladimir Putin"]


def test_a_right_meeting_scores_one_true_positive_right_on_every_field(tmp_path):
    out = score(tmp_path, [meeting("m1", PAIR)], [interaction(GOLD_PAIR)])
    assert (out["tp"], out["fp"], out["fn"]) == (1, 0, 0)
    assert (out["f1"], out["precision"], out["recall"]) == (1.0, 1.0, 1.0)
    assert (out["date_ok"], out["status_ok"], out["place_ok"]) == ("1/1", "1/1", "1/1")
    assert (out["published_ok"], out["published_wrong"]) == ("1/1", 0)
    assert out["details"] == []


def test_a_missed_pair_counts_a_false_negative_and_names_it(tmp_path):
    out = score(
        tmp_path,
        [meeting("m1", PAIR)],
        [interaction(GOLD_PAIR), interaction(["Angela Merkel", "Vladimir Putin"], evidence="E2")],
    )
    assert (out["tp"], out["fp"], out["fn"]) == (1, 0, 1)
    assert (out["precision"], out["recall"], out["f1"]) == (1.0, 0.5, 0.667)
    assert out["details"] == [
        "x1: MISSED ['Angela Merkel', 'Vladimir Putin'] 2020-05-04..2020-05-04 held: E2"
    ]


def test_an_extra_pair_counts_a_false_positive_once_per_meeting(tmp_path):
    out = score(
        tmp_path,
        [
            meeting("m1", PAIR),
            meeting("m2", ["angela-merkel", "sergei-lavrov"], start="2020-05-01"),
        ],
        [interaction(GOLD_PAIR)],
    )
    assert (out["tp"], out["fp"], out["fn"]) == (1, 1, 0)
    assert out["precision"] == 0.5
    assert out["details"] == [
        "x1: EXTRA ['Angela Merkel', 'Sergey Lavrov'] 2020-05-01..2020-05-01 held (meeting m2)"
    ]


@pytest.mark.parametrize("found", [True, False])
def test_an_optional_item_is_neither_required_nor_penalised(tmp_path, found):
    meetings = [meeting("m1", PAIR)]
    if found:
        meetings.append(meeting("m2", ["angela-merkel", "sergei-lavrov"], start="2020-06-01"))
    optional = interaction(
        ["Sergey Lavrov", "Angela Merkel"], "2020-06-01", "2020-06-30", optional=True
    )
    out = score(tmp_path, meetings, [interaction(GOLD_PAIR), optional])
    assert (out["tp"], out["fp"], out["fn"]) == (1, 0, 0)
    assert out["details"] == []


def test_a_same_country_gold_item_is_not_required(tmp_path):
    # Obama's call with his own ambassador is not an interaction between countries.
    call = interaction(["Barack Obama", "Karl Eikenberry"], "2020-05-01", "2020-05-01", city=None)
    out = score(tmp_path, [meeting("m1", PAIR)], [interaction(GOLD_PAIR), call])
    assert (out["tp"], out["fp"], out["fn"]) == (1, 0, 0)


def test_a_same_country_predicted_pair_is_not_counted(tmp_path):
    out = score(
        tmp_path,
        [meeting("m1", PAIR), meeting("m2", ["barack-obama", "karl-eikenberry"], "2020-05-01")],
        [interaction(GOLD_PAIR)],
    )
    assert (out["tp"], out["fp"], out["fn"]) == (1, 0, 0)


def test_a_cross_country_pair_of_a_delegation_member_not_in_the_gold_is_extra(tmp_path):
    out = score(
        tmp_path,
        [meeting("m1", ["barack-obama", "karl-eikenberry", "vladimir-putin"])],
        [interaction(GOLD_PAIR)],
    )
    assert (out["tp"], out["fp"], out["fn"]) == (1, 1, 0)
    assert out["details"] == [
        "x1: EXTRA ['Karl Eikenberry', 'Vladimir Putin'] 2020-05-04..2020-05-04 held (meeting m1)"
    ]


def test_other_pairs_among_named_participants_of_one_encounter_are_absorbed(tmp_path):
    gold = interaction(GOLD_PAIR, optional_participants=["Sergey Lavrov"])
    out = score(
        tmp_path, [meeting("m1", ["barack-obama", "vladimir-putin", "sergei-lavrov"])], [gold]
    )
    assert (out["tp"], out["fp"], out["fn"]) == (1, 0, 0)


def test_a_date_overlapping_but_wider_than_gold_matches_and_is_counted_wrong(tmp_path):
    out = score(
        tmp_path,
        [meeting("m1", PAIR, start="2020-05-01", end="2020-05-10")],
        [interaction(GOLD_PAIR)],
    )
    assert (out["tp"], out["date_ok"], out["status_ok"]) == (1, "0/1", "1/1")
    assert out["details"] == [
        "x1: ['Barack Obama', 'Vladimir Putin'] date 2020-05-01..2020-05-10 vs gold 2020-05-04..2020-05-04"
    ]


def test_a_date_outside_gold_is_a_miss_and_an_extra(tmp_path):
    out = score(tmp_path, [meeting("m1", PAIR, start="2020-04-01")], [interaction(GOLD_PAIR)])
    assert (out["tp"], out["fp"], out["fn"]) == (0, 1, 1)
    assert out["date_ok"] == "0/0"


def test_an_undated_prediction_matches_when_no_dated_one_does_but_its_date_is_wrong(tmp_path):
    out = score(tmp_path, [meeting("m1", PAIR, start="", end="")], [interaction(GOLD_PAIR)])
    assert (out["tp"], out["fp"], out["fn"], out["date_ok"]) == (1, 0, 0, "0/1")


def test_a_date_the_text_cannot_fix_matches_any_date_and_is_not_counted(tmp_path):
    gold = interaction(GOLD_PAIR, date_inferable=False)
    out = score(tmp_path, [meeting("m1", PAIR, start="2019-01-01")], [gold])
    assert (out["tp"], out["fn"], out["date_ok"]) == (1, 0, "0/0")


def test_status_is_what_the_article_reported(tmp_path):
    out = score(tmp_path, [meeting("m1", PAIR, status="planned")], [interaction(GOLD_PAIR)])
    assert (out["tp"], out["status_ok"]) == (1, "0/1")
    assert out["details"] == ["x1: ['Barack Obama', 'Vladimir Putin'] status 'planned' vs held"]


@pytest.mark.parametrize(
    "city, country, gold_city, city_alt, right",
    [
        ("Moscow", "RU", "Moscow", [], True),
        ("", "RU", "Moscow", [], False),  # the gold names the city
        ("", "RU", None, [], True),  # the gold names only the country
        ("New York City", "US", "New York", [], True),  # either name inside the other
        ("Moscow", "US", "Moscow", [], False),
        ("Sankt-Peterburg", "RU", "Saint Petersburg", ["Sankt-Peterburg"], True),
    ],
)
def test_place(tmp_path, city, country, gold_city, city_alt, right):
    gold_country = "US" if "New York" in (gold_city or "") else "RU"
    extra = {"city_alt": city_alt} if city_alt else {}
    out = score(
        tmp_path,
        [meeting("m1", PAIR, city=city, country=country)],
        [interaction(GOLD_PAIR, city=gold_city, country=gold_country, **extra)],
    )
    assert out["place_ok"] == ("1/1" if right else "0/1")


def test_a_call_with_no_gold_place_is_not_counted_for_place(tmp_path):
    out = score(
        tmp_path,
        [meeting("m1", PAIR, city="", country="")],
        [interaction(GOLD_PAIR, city=None, country=None)],
    )
    assert out["place_ok"] == "0/0"


@pytest.mark.parametrize(
    "predicted, inferable, ok, wrong",
    [
        (("2020-05-05", "2020-05-05"), True, "1/1", 0),
        (("", ""), True, "0/1", 0),  # the text fixes it and the build left it unknown
        (("2020-05-06", "2020-05-06"), True, "0/1", 1),
        (("", ""), False, "1/1", 0),  # not inferable: unknown is right
        (("2020-05-01", "2020-05-31"), False, "1/1", 0),  # not inferable: overlapping is right
        (("2020-06-01", "2020-06-01"), False, "0/1", 1),  # ... and a date outside it is wrong
    ],
)
def test_publication_date(tmp_path, predicted, inferable, ok, wrong):
    published = {"earliest": "2020-05-05", "latest": "2020-05-05", "inferable": inferable}
    out = score(
        tmp_path,
        [meeting("m1", PAIR)],
        [interaction(GOLD_PAIR)],
        published=published,
        package_published=predicted,
    )
    assert (out["published_ok"], out["published_wrong"]) == (ok, wrong)


def test_events_split_across_rows_and_rows_merging_events(tmp_path):
    # One gold event found through two rows; one row that finds two gold items.
    meetings = [
        meeting("m1", ["barack-obama", "vladimir-putin", "angela-merkel"]),
        meeting("m2", ["barack-obama", "sergei-lavrov"]),
    ]
    interactions = [
        interaction(GOLD_PAIR, event="E1", evidence="first"),
        interaction(["Barack Obama", "Sergey Lavrov"], event="E1", evidence="first"),
        interaction(["Angela Merkel", "Vladimir Putin"], evidence="second"),
    ]
    out = score(tmp_path, meetings, interactions)
    assert (out["tp"], out["events_split"], out["rows_merging_events"]) == (3, 1, 1)


def test_topic_recall_matches_labels_inside_each_other(tmp_path):
    out = score(
        tmp_path,
        [meeting("m1", PAIR)],
        [interaction(GOLD_PAIR)],
        topics=["arms control", "Syria", "the war in Ukraine"],
        package_topics={"arms-control": "Arms control", "ukraine": "war in Ukraine"},
    )
    assert out["topic_recall"] == "2/3"


def test_an_article_missing_from_the_build_misses_its_required_items(tmp_path):
    data = write_package(tmp_path / "data", [])
    gold_dir = write_gold(tmp_path, [interaction(GOLD_PAIR), interaction(GOLD_PAIR, optional=True)])
    (gold_dir / "x1.json").write_text(
        (gold_dir / "x1.json").read_text().replace("x1.txt", "x2.txt"), encoding="utf-8"
    )
    summary = evaluate(data, gold_dir).summary()
    assert (summary["missing_articles"], summary["fn"], summary["published_ok"]) == (1, 1, "0/0")


# --- the command and its errors -------------------------------------------------------


def test_the_command_prints_error_lines_then_the_summary(tmp_path):
    data = write_package(tmp_path / "data", [meeting("m1", PAIR, status="planned")])
    gold_dir = write_gold(tmp_path, [interaction(GOLD_PAIR)])
    result = CliRunner().invoke(main, ["eval", str(data), str(gold_dir)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "  x1: ['Barack Obama', 'Vladimir Putin'] status 'planned' vs held"
    assert lines[1] == "Errors: 1 status"
    assert lines[-1].startswith("f1=1.0 precision=1.0 recall=1.0 tp=1 fp=0 fn=0 date_ok=1/1")


def test_the_command_json_has_the_reference_keys_and_details(tmp_path):
    data = write_package(tmp_path / "data", [meeting("m1", PAIR)])
    gold_dir = write_gold(tmp_path, [interaction(GOLD_PAIR)])
    result = CliRunner().invoke(main, ["eval", str(data), str(gold_dir), "--json"])
    out = json.loads(result.output)
    assert list(out) == [
        "f1", "precision", "recall", "tp", "fp", "fn", "date_ok", "status_ok", "place_ok",
        "published_ok", "published_wrong", "topic_recall", "events_split",
        "rows_merging_events", "missing_articles", "details",
    ]  # fmt: skip
    assert (out["tp"], out["details"]) == (1, [])


def _error(tmp_path, args: list[str]) -> str:
    result = CliRunner().invoke(main, ["eval", *args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_a_missing_data_folder_is_one_clear_line(tmp_path):
    gold_dir = write_gold(tmp_path, [interaction(GOLD_PAIR)])
    line = _error(tmp_path, [str(tmp_path / "nope"), str(gold_dir)])
    assert line == f"Error: {tmp_path / 'nope'}: data folder not found"


def test_a_folder_that_is_no_build_is_one_clear_line(tmp_path):
    gold_dir = write_gold(tmp_path, [interaction(GOLD_PAIR)])
    (tmp_path / "empty").mkdir()
    line = _error(tmp_path, [str(tmp_path / "empty"), str(gold_dir)])
    assert line.startswith(f"Error: {tmp_path / 'empty' / 'articles.csv'}: not found")


def test_a_missing_gold_folder_is_one_clear_line(tmp_path):
    data = write_package(tmp_path / "data", [])
    (tmp_path / "people.json").write_text(json.dumps(PEOPLE))
    line = _error(tmp_path, [str(data), str(tmp_path / "gold")])
    assert line == f"Error: {tmp_path / 'gold'}: gold folder not found"


def test_a_missing_people_file_is_one_clear_line(tmp_path):
    data = write_package(tmp_path / "data", [])
    gold_dir = write_gold(tmp_path, [interaction(GOLD_PAIR)])
    (tmp_path / "people.json").unlink()
    line = _error(tmp_path, [str(data), str(gold_dir)])
    assert (
        line == f"Error: {tmp_path / 'people.json'}: people file not found (give it with --people)"
    )
    other = tmp_path / "other.json"
    line = _error(tmp_path, [str(data), str(gold_dir), "--people", str(other)])
    assert line == f"Error: {other}: people file not found (give it with --people)"


def test_a_gold_file_that_is_not_json_is_named_with_its_line(tmp_path):
    data = write_package(tmp_path / "data", [])
    gold_dir = write_gold(tmp_path, [interaction(GOLD_PAIR)])
    (gold_dir / "x1.json").write_text('{\n  "file": "x1.txt",\n  oops\n}')
    line = _error(tmp_path, [str(data), str(gold_dir)])
    assert line.startswith(f"Error: {gold_dir / 'x1.json'}: line 3, column 3: not valid JSON")


def test_a_gold_participant_missing_from_the_people_file_is_named(tmp_path):
    data = write_package(tmp_path / "data", [])
    gold_dir = write_gold(tmp_path, [interaction(["Barack Obama", "Xi Jinping"])])
    with pytest.raises(EvaluationError) as caught:
        evaluate(data, gold_dir)
    assert str(caught.value) == (
        f"{gold_dir / 'x1.json'}: not a valid gold file: interactions[0]: "
        "participant 'Xi Jinping' is not in the people file"
    )


def test_the_help_gives_an_example_and_the_format_document():
    result = CliRunner().invoke(main, ["eval", "--help"])
    assert result.exit_code == 0
    assert "parley eval build/dev ../shared/devset/gold" in result.output
    assert "docs/gold-format.md" in result.output


def test_error_counts_by_kind_in_a_fixed_order(tmp_path):
    data = write_package(
        tmp_path / "data",
        [meeting("m1", PAIR, status="planned"), meeting("m2", ["angela-merkel", "sergei-lavrov"])],
        published=("", ""),
    )
    gold_dir = write_gold(
        tmp_path, [interaction(GOLD_PAIR), interaction(["Angela Merkel", "Barack Obama"])]
    )
    assert (
        evaluate(data, gold_dir).error_counts() == "1 missed, 1 extra, 1 status, 1 publication date"
    )


def test_a_package_file_that_is_not_utf8_is_one_clear_line(tmp_path):
    data = write_package(tmp_path / "data", [meeting("m1", PAIR)])
    gold_dir = write_gold(tmp_path, [interaction(GOLD_PAIR)])
    (data / "meetings.csv").write_bytes(b"meeting_id,city\nm1,K\xf6ln\n")
    line = _error(tmp_path, [str(data), str(gold_dir)])
    assert line.startswith(f"Error: {data / 'meetings.csv'}: cannot read:")


def test_a_gold_file_that_is_not_an_object_is_named(tmp_path):
    data = write_package(tmp_path / "data", [])
    gold_dir = write_gold(tmp_path, [interaction(GOLD_PAIR)])
    (gold_dir / "x0.json").write_text("[]")
    line = _error(tmp_path, [str(data), str(gold_dir)])
    assert line == (
        f"Error: {gold_dir / 'x0.json'}: not a valid gold file: (top level): [] is not of type 'object'"
    )
