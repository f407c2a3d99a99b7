"""`parley eval` agrees with the reference scorer (../shared/tools/score.py) on the dev set.

Both score the same build of ../shared/devset/articles, and then the same builds with
seeded random damage (rows dropped, dates moved, statuses and places changed), so that
every branch of the scoring is compared, not only today's output. Skipped when the shared
folder is absent (a checkout outside the development machine).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from parley.build import build
from parley.cli import main
from parley.paths import PROJECT_ROOT

SHARED = PROJECT_ROOT.parent / "shared"
DEVSET = SHARED / "devset"
REFERENCE_SCORER = SHARED / "tools" / "score.py"

pytestmark = pytest.mark.skipif(
    not (DEVSET / "gold").is_dir() or not REFERENCE_SCORER.is_file(),
    reason=f"no dev set and reference scorer at {SHARED} (they live beside the checkout)",
)


@pytest.fixture(scope="module")
def devset_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("devset") / "build"
    build(DEVSET / "articles", out)
    return out


PEOPLE = DEVSET / "people.json"


def reference_scores(data: Path, gold: Path = DEVSET / "gold") -> dict:
    result = subprocess.run(
        [sys.executable, str(REFERENCE_SCORER), str(data), str(gold), "--people", str(PEOPLE)]
        + ["--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def parley_scores(data: Path, gold: Path = DEVSET / "gold") -> dict:
    result = CliRunner().invoke(
        main, ["eval", str(data), str(gold), "--people", str(PEOPLE), "--json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_same_figures_and_error_lines_as_the_reference_on_the_dev_set(devset_build):
    ours, theirs = parley_scores(devset_build), reference_scores(devset_build)
    assert ours == theirs
    assert ours["tp"] > 0  # a real comparison, not two empty results


def _rewrite(path: Path, change) -> None:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    rows = [row for row in (change(row) for row in rows) if row is not None]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields)
        writer.writeheader()
        writer.writerows(rows)


def _shift(value: str, days: int) -> str:
    return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat() if value else value


def damage(data: Path, seed: int) -> None:
    """Drop, move and change rows at random, as a worse (or different) extractor would."""
    rng = random.Random(seed)

    def participants(row):
        return None if rng.random() < 0.15 else row

    def meetings(row):
        roll = rng.random()
        if roll < 0.2:
            row["date_start"] = row["date_end"] = ""
        elif roll < 0.4:
            days = rng.choice([-40, -3, -1, 1, 5])
            row["date_start"], row["date_end"] = (
                _shift(row["date_start"], days),
                _shift(row["date_end"], days + rng.choice([0, 0, 7])),
            )
        if rng.random() < 0.3:
            row["city"], row["country"] = rng.choice([("", ""), ("Paris", "FR"), ("", "US")])
        return row

    def links(row):
        if rng.random() < 0.1:
            return None
        if rng.random() < 0.3:
            row["reported_status"] = rng.choice(["held", "planned", "cancelled", ""])
        return row

    def articles(row):
        roll = rng.random()
        if roll < 0.2:
            row["published_start"] = row["published_end"] = ""
        elif roll < 0.35:
            row["published_start"] = _shift(row["published_start"], -2)
        elif roll < 0.5:
            row["published_start"] = _shift(row["published_start"], 30)
            row["published_end"] = _shift(row["published_end"], 30)
        return row

    def topics(row):
        return None if rng.random() < 0.3 else row

    def people(row):
        if rng.random() < 0.2:
            row["country"] = ""  # then the gold people file gives the country
        return row

    _rewrite(data / "meeting_participants.csv", participants)
    _rewrite(data / "meetings.csv", meetings)
    _rewrite(data / "article_meetings.csv", links)
    _rewrite(data / "articles.csv", articles)
    _rewrite(data / "people.csv", people)
    _rewrite(data / "article_topics.csv", topics)
    # Two extra cross-country meetings for an article, one dated and one not.
    with open(data / "articles.csv", encoding="utf-8", newline="") as handle:
        article = next(csv.DictReader(handle))["article_id"]
    with open(data / "meetings.csv", "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [["m-x1", "t", "2009-10-10", "2009-10-10"], ["m-x2", "t", "", ""]]
        )
    with open(data / "meeting_participants.csv", "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [["m-x1", "barack-obama"], ["m-x1", "vladimir-putin"]]
            + [["m-x2", "donald-trump"], ["m-x2", "kim-jong-un"]]
        )
    with open(data / "article_meetings.csv", "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [[article, "m-x1", "held"], [article, "m-x2", "planned"], [article, "m-x1", "held"]]
            + [[article, "m-nowhere", "held"]]  # a link twice, and a link to no meeting
        )


@pytest.mark.parametrize("seed", range(6))
def test_same_figures_as_the_reference_on_damaged_builds(devset_build, tmp_path, seed):
    data = tmp_path / "damaged"
    shutil.copytree(devset_build, data)
    damage(data, seed)
    ours, theirs = parley_scores(data), reference_scores(data)
    assert ours == theirs


def damage_gold(source: Path, target: Path, seed: int) -> None:
    """Copies of the gold files with their scoring options flipped at random (still valid)."""
    rng = random.Random(seed)
    target.mkdir()
    for path in sorted(source.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if rng.random() < 0.3:
            gold["published"]["inferable"] = not gold["published"].get("inferable", True)
        for item in gold["interactions"]:
            roll = rng.random()
            if roll < 0.15:
                item["optional"] = not item.get("optional", False)
            elif roll < 0.3:
                item["date_inferable"] = not item.get("date_inferable", True)
            elif roll < 0.4 and item.get("city"):
                item["city_alt"] = [item["city"][:4], "Elsewhere"]
                item["city"] = "Nowhere"
            elif roll < 0.5:
                item["date_latest"] = None
            elif roll < 0.55:
                item["event"] = "E_SHARED"
        if rng.random() < 0.2:
            gold["interactions"].reverse()
        (target / path.name).write_text(json.dumps(gold), encoding="utf-8")


@pytest.mark.parametrize("seed", range(6))
def test_same_figures_as_the_reference_with_changed_gold_options(devset_build, tmp_path, seed):
    data = tmp_path / "damaged"
    shutil.copytree(devset_build, data)
    damage(data, seed)
    gold = tmp_path / "gold"
    damage_gold(DEVSET / "gold", gold, seed)
    ours, theirs = parley_scores(data, gold), reference_scores(data, gold)
    assert ours == theirs
