"""Helpers shared by the hardening tests: a small seeds folder, a build through the CLI, rows."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from click.testing import CliRunner

from parley.cli import main
from parley.paths import PROJECT_ROOT

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
