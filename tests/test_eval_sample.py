"""scripts/sample_meetings.py: a reproducible sample, printed with its evidence in context."""

from __future__ import annotations

import pytest
from helpers import load_script

sample_meetings = load_script("sample_meetings")


def run(capsys, *args: str) -> str:
    assert sample_meetings.main(list(args)) == 0
    return capsys.readouterr().out


def test_the_same_build_and_seed_give_the_same_sample(built_package, capsys):
    first = run(capsys, "--data", str(built_package), "-n", "4")
    again = run(capsys, "--data", str(built_package), "-n", "4")
    assert first == again
    assert first.count("\n=== ") == 4
    assert "[[" in first and "]]" in first  # the evidence is marked inside its paragraph


def test_another_seed_draws_from_the_same_rows(built_package, capsys):
    package = sample_meetings.Package(built_package)
    one = sample_meetings.sample_meetings(package, 5, seed=1)
    two = sample_meetings.sample_meetings(package, 5, seed=2)
    assert len(set(one)) == 5 and set(one) <= set(package.meetings)
    assert one != two


def test_every_sampled_meeting_shows_its_fields_and_articles(built_package, capsys):
    out = run(capsys, "--data", str(built_package), "-n", "100")  # more than there are
    package = sample_meetings.Package(built_package)
    assert out.count("\n=== ") == len(package.meetings)
    for field in ("  date:", "  place:", "  status:", "  participants:", "  article "):
        assert out.count(field) >= len(package.meetings), field


def test_readouts_are_the_articles_whose_headline_names_a_call_meeting_or_visit(
    built_package, capsys
):
    package = sample_meetings.Package(built_package)
    chosen = sample_meetings.sample_readouts(package, 50, seed=0)
    titles = {package.articles[a]["title"] for a in chosen}
    expected = {
        row["title"]
        for row in package.articles.values()
        if any(word in row["title"] for word in ("Call", "Meeting", "Meets", "Visit"))
    }
    assert titles == expected and titles
    out = run(capsys, "--data", str(built_package), "--readouts", "2")
    assert out.count("=== readout ") == 2
    assert "meeting link(s) in the build" in out


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (6, 9, ["One.", "T[[wo ]]here.", "Three."]),  # the paragraph and one either side
        (0, 4, ["[[One.]]", "Two here."]),  # the first paragraph has nothing before it
        (22, 27, ["Three.", "[[Four.]]"]),
    ],
)
def test_context_marks_the_quote_with_one_paragraph_around(start, end, expected):
    assert sample_meetings.context("One.\nTwo here.\nThree.\nFour.", start, end) == expected


def test_a_folder_that_is_no_build_is_refused(tmp_path, capsys):
    assert sample_meetings.main(["--data", str(tmp_path)]) == 2
    assert "not a built package" in capsys.readouterr().err
