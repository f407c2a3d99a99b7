"""The dev-set regression test: a build of ../shared/devset/articles, scored by `parley eval`,
must not fall below the figures recorded in tests/devset_figures.json.

Skipped, with the reason, when the dev set is not beside the checkout. When a change
improves a figure, raise its floor in tests/devset_figures.json (and docs/quality.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.cli import main
from parley.paths import PROJECT_ROOT

DEVSET = PROJECT_ROOT.parent / "shared" / "devset"
FIGURES = Path(__file__).with_name("devset_figures.json")
RATES = ("f1", "precision", "recall")
COUNTS = ("date_ok", "status_ok", "place_ok", "published_ok", "topic_recall")
MAXIMA = ("published_wrong", "events_split", "rows_merging_events")


def _right(value: str | int) -> int:
    """The number of right answers of a figure such as '11/21'."""
    return int(str(value).split("/")[0])


def regressions(recorded: dict, summary: dict) -> list[str]:
    """One line per figure worse than recorded: the figure, the recorded and the new value."""
    problems = []
    for name in RATES:
        if summary[name] < recorded[name]:
            problems.append(f"{name} dropped: recorded {recorded[name]}, now {summary[name]}")
    for name in COUNTS:
        if _right(summary[name]) < _right(recorded[name]):
            problems.append(f"{name} dropped: recorded {recorded[name]}, now {summary[name]}")
    for name in MAXIMA:
        limit = recorded[f"{name}_max"]
        if summary[name] > limit:
            problems.append(f"{name} rose: recorded at most {limit}, now {summary[name]}")
    return problems


def test_the_recorded_figures_name_every_figure():
    recorded = json.loads(FIGURES.read_text(encoding="utf-8"))
    expected = {"description", *RATES, *COUNTS, *(f"{name}_max" for name in MAXIMA)}
    assert set(recorded) == expected


RECORDED = {
    "f1": 0.7,
    "precision": 0.9,
    "recall": 0.6,
    "date_ok": "11/21",
    "status_ok": "25/30",
    "place_ok": "15/23",
    "published_ok": "25/30",
    "topic_recall": "57/119",
    "published_wrong_max": 0,
    "events_split_max": 0,
    "rows_merging_events_max": 1,
}
SAME = {k: v for k, v in RECORDED.items() if not k.endswith("_max")} | {
    "published_wrong": 0,
    "events_split": 0,
    "rows_merging_events": 1,
}


@pytest.mark.parametrize(
    "change, message",
    [
        ({}, None),
        ({"f1": 0.8, "date_ok": "12/30"}, None),  # better, and more found pairs
        ({"f1": 0.699}, "f1 dropped: recorded 0.7, now 0.699"),
        ({"date_ok": "10/19"}, "date_ok dropped: recorded 11/21, now 10/19"),
        ({"published_wrong": 1}, "published_wrong rose: recorded at most 0, now 1"),
        ({"rows_merging_events": 2}, "rows_merging_events rose: recorded at most 1, now 2"),
    ],
)
def test_a_drop_is_reported_with_the_figure_and_both_values(change, message):
    assert regressions(RECORDED, SAME | change) == ([message] if message else [])


@pytest.mark.skipif(
    not (DEVSET / "articles").is_dir() or not (DEVSET / "gold").is_dir(),
    reason=f"no dev set at {DEVSET} (it lives beside the checkout)",
)
def test_the_dev_set_figures_do_not_drop(tmp_path):
    out = tmp_path / "dev"
    runner = CliRunner()
    built = runner.invoke(main, ["build", str(DEVSET / "articles"), "--out", str(out)])
    assert built.exit_code == 0, built.output
    scored = runner.invoke(main, ["eval", str(out), str(DEVSET / "gold"), "--json"])
    assert scored.exit_code == 0, scored.output
    summary = json.loads(scored.output)
    recorded = json.loads(FIGURES.read_text(encoding="utf-8"))
    problems = regressions(recorded, summary)
    assert not problems, "dev-set figures fell below tests/devset_figures.json:\n" + "\n".join(
        problems
    )
