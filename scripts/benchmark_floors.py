"""`parley validate` and `parley db` beside their floors, interleaved in one run.

The floors are what the work costs at the least with the same libraries:

- validate: frictionless alone validating the same descriptor (`frictionless.validate`),
  which `parley validate` runs and then adds the descriptor profile and the semantic checks;
- db: the plain `csv` reader and `sqlite3.executemany` loading the same rows into
  tables of the same columns (no keys, indexes or full-text search).

Each command runs as its own process, ROUNDS times in turn (command A, its floor, B, its
floor, ...), so that a busy moment of a shared machine hits both sides; the report gives
the median wall time, the median CPU time (user + system) and the peak resident memory of
each process (`os.wait4`), and the ratios to the floors. Issue 14's goal: both within 2
times their floor in time, and validate under 2 times frictionless's peak memory.

    parley synth 10000 --out /tmp/s10k && parley build /tmp/s10k --out /tmp/s10k-data --jobs 2
    python scripts/benchmark_floors.py /tmp/s10k-data --rounds 3

`--only db` (or `validate`) measures one pair; `--before OTHER/bin/parley` runs another
checkout's `parley` too, in the same rounds, as "before" (a change measured beside the
code it replaces and beside the floor).

Not a test: copy the table into docs/benchmarks.md with the command.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FRICTIONLESS_FLOOR = """
import sys
from frictionless import validate
report = validate(sys.argv[1])
sys.exit(0 if report.valid else 1)
"""

SQLITE_FLOOR = """
import csv, json, sqlite3, sys
from pathlib import Path
csv.field_size_limit(sys.maxsize)
descriptor = Path(sys.argv[1])
package = json.loads(descriptor.read_text(encoding="utf-8"))
connection = sqlite3.connect(sys.argv[2])
for resource in package["resources"]:
    with open(descriptor.parent / resource["path"], encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        columns = ", ".join(f'"{name}"' for name in header)
        connection.execute(f'CREATE TABLE "{resource["name"]}" ({columns})')
        marks = ", ".join("?" for _ in header)
        connection.executemany(f'INSERT INTO "{resource["name"]}" VALUES ({marks})', reader)
connection.commit()
connection.close()
"""


def run(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak resident MB of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    error = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command[:3])} failed:\n{error[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="a built package (its folder)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", choices=["validate", "db"], help="measure one pair only")
    parser.add_argument("--before", type=Path, help="another `parley` to run beside, as before")
    args = parser.parse_args(argv)
    descriptor = args.package / "datapackage.json"
    if not descriptor.is_file():
        raise SystemExit(f"{args.package}: no datapackage.json (build the package first)")
    if args.before is not None and not os.access(args.before, os.X_OK):
        raise SystemExit(f"{args.before}: not an executable `parley`")
    parley = str(Path(sys.executable).with_name("parley"))
    # (command, its floor) for each pair measured; "before" rows share the floor.
    pairs: list[tuple[str, str]] = []
    results: dict[str, list[tuple[float, float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="parley-floors-") as scratch:
        commands: dict[str, list[str]] = {}
        programs = {"": parley} | ({" (before)": str(args.before)} if args.before else {})
        if args.only in (None, "validate"):
            floor = "frictionless validate (floor)"
            for label, program in programs.items():
                commands[f"parley validate{label}"] = [program, "validate", str(descriptor)]
                pairs.append((f"parley validate{label}", floor))
            commands[floor] = [sys.executable, "-c", FRICTIONLESS_FLOOR, str(descriptor)]
        if args.only in (None, "db"):
            floor = "csv + executemany (floor)"
            for label, program in programs.items():
                out = f"{scratch}/p.db"
                commands[f"parley db{label}"] = [program, "db", "--package", str(descriptor), "--out", out]  # fmt: skip
                pairs.append((f"parley db{label}", floor))
            commands[floor] = [sys.executable, "-c", SQLITE_FLOOR, str(descriptor), f"{scratch}/f.db"]  # fmt: skip
        for round_number in range(args.rounds):
            for name, command in commands.items():
                for leftover in Path(scratch).glob("*.db"):
                    leftover.unlink()
                results.setdefault(name, []).append(run(command))
                print(f"round {round_number + 1}: {name} done", file=sys.stderr)
    median = {
        name: (
            statistics.median(w for w, _, _ in runs),
            statistics.median(c for _, c, _ in runs),
            max(m for _, _, m in runs),
        )
        for name, runs in results.items()
    }
    size = sum(p.stat().st_size for p in args.package.glob("*.csv")) / 1e6
    print(f"package: {args.package} ({size:.1f} MB of CSV); {args.rounds} rounds, interleaved")
    print(
        "| command | median wall s | median CPU s | peak RSS MB "
        "| time / floor | CPU / floor | memory / floor |"
    )
    print("|---|---|---|---|---|---|---|")
    for floor in dict.fromkeys(f for _, f in pairs):  # each floor after its commands
        floor_wall, floor_cpu, floor_memory = median[floor]
        for name in (n for n, f in pairs if f == floor):
            wall, cpu, memory = median[name]
            print(
                f"| `{name}` | {wall:.1f} | {cpu:.1f} | {memory:.0f} | {wall / floor_wall:.2f} "
                f"| {cpu / floor_cpu:.2f} | {memory / floor_memory:.2f} |"
            )
        print(f"| {floor} | {floor_wall:.1f} | {floor_cpu:.1f} | {floor_memory:.0f} | 1 | 1 | 1 |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
