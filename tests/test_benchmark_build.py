"""scripts/benchmark_build.py: its inputs and the shape of its report (never its speeds).

The benchmark itself is run by hand (docs/benchmarks.md); these tests check that
what it builds and reports is what it says: copies that are not duplicates,
undated reports about a few dyads, a report with every stage and workload.
"""

import json
import subprocess
import sys

import pytest
from helpers import ROOT, SEEDS, load_script, rows

bench = load_script("benchmark_build")


def test_copies_end_with_a_line_of_their_own(tmp_path):
    folder = bench.write_copies(SEEDS, 3, tmp_path)
    names = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    seeds = sorted(p.name for p in SEEDS.glob("*.txt"))
    assert names == sorted(f"{k:04d}-{n}" for k in range(3) for n in seeds)
    texts = [(folder / n).read_bytes() for n in names]
    assert len(set(texts)) == len(texts)  # no copy is a duplicate of another
    first = (SEEDS / seeds[0]).read_bytes().rstrip(b"\n")
    assert (folder / f"0002-{seeds[0]}").read_bytes() == first + b"\n\nCopy 3.\n"


def test_reports_are_short_undated_and_about_a_few_dyads(tmp_path):
    folder = bench.write_reports(40, tmp_path, seed=1)
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    assert len(texts) == 40 and len(set(texts)) == 40
    assert bench.report_text(7, seed=1) == texts[7]  # deterministic
    assert all(len(t) < 600 for t in texts)
    out = tmp_path / "out"
    subprocess.run(
        [sys.executable, "-m", "parley", "build", str(folder), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    assert {a["published_basis"] for a in rows(out, "articles")} == {"unknown"}
    dyads = {
        frozenset(p["person_id"] for p in rows(out, "meeting_participants") if p["meeting_id"] == m)
        for m in {p["meeting_id"] for p in rows(out, "meeting_participants")}
    }
    assert len(dyads) == len(bench.REPORT_DYADS)
    # Most reports leave their meeting undated; a few date it.
    meetings = rows(out, "meetings")
    undated = [m for m in meetings if not m["date_start"]]
    assert 0 < len(meetings) - len(undated) < len(undated)


@pytest.mark.parametrize(
    ("detail", "step", "seconds"),
    [
        ("Built x (Timings: setup 2.0s, per-article 6.5s, resolve 1.5s, write 0.5s)", "work", 8.5),
        ("Built x (Timings: setup 2.0s, per-article 6.5s, resolve 1.5s, write 0.5s)", "setup", 2.0),
        ("Built x", "resolve", None),
    ],
)
def test_the_build_steps_are_read_from_its_timings_line(detail, step, seconds):
    assert bench._step_seconds(detail, step) == seconds


def test_the_report_has_every_stage_and_workload(tmp_path):
    report = tmp_path / "report.json"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "benchmark_build.py"),
            "--sizes",
            "",
            "--real",
            str(SEEDS),
            "--growth",
            "--copies",
            "1,2",
            "--copies-of",
            str(SEEDS),
            "--reports",
            "6",
            "--repeat",
            "1",
            "--workdir",
            str(tmp_path / "work"),
            "--json",
            str(report),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(report.read_text())
    stages = found["real_stages"]
    assert stages["articles"] == len(list(SEEDS.glob("*.txt")))
    assert stages["megabytes"] == pytest.approx(
        sum(p.stat().st_size for p in SEEDS.glob("*.txt")) / 1e6
    )
    expected = ["read", "parse", "recognise+extract", "resolve", "all"]
    try:
        import spacy  # noqa: F401

        expected.append("spacy tokenizer (anchor)")
    except ImportError:
        assert "not installed" in stages["anchor"]
    assert list(stages["stages"]) == expected
    for rate in stages["stages"].values():
        assert set(rate) == {"seconds", "articles_per_second", "mb_per_second"}
    commands = [r["command"] for r in found["real_processes"]]
    assert commands[0] == "parley build --jobs 1" and len(commands) == len(expected) - 4
    assert {r["exit_codes"][0] for r in found["real_processes"]} == {0}
    growth = {(r["family"], r["articles"]): r for r in found["growth"]}
    assert sorted(growth) == [("copies", 5), ("copies", 10), ("undated reports", 6)]
    assert growth[("copies", 5)]["growth"] == 1.0
    assert growth[("copies", 10)]["detail"].startswith("Built ")
    assert "10 articles read" in growth[("copies", 10)]["detail"]
    assert "| copies | 10 | after |" in done.stdout
