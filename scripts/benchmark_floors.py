"""`parley validate` and `parley db` beside their floors, interleaved in one run.

The floors are what the work costs at the least with the same libraries:

- validate: frictionless alone validating the same descriptor (`frictionless.validate`),
  which `parley validate` runs and then adds the descriptor profile and the semantic checks;
- db: the plain `csv` reader and `sqlite3.executemany` loading the same rows into
  tables of the same columns (no keys, indexes or full-text search).

Each command runs as its own process, ROUNDS times in turn (command A, its floor, B, its
floor, ...), so that a busy moment of a shared machine hits both sides; the report gives
the median wall time and the peak resident memory of each process (`os.wait4`), and the
ratios to the floors. Issue 14's goal: both within 2 times their floor in time, and
validate under 2 times frictionless's peak memory.

    parley synth 10000 --out /tmp/s10k && parley build /tmp/s10k --out /tmp/s10k-data --jobs 2
    python scripts/benchmark_floors.py /tmp/s10k-data --rounds 3

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


def run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    error = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command[:3])} failed:\n{error[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="a built package (its folder)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    descriptor = args.package / "datapackage.json"
    if not descriptor.is_file():
        raise SystemExit(f"{args.package}: no datapackage.json (build the package first)")
    parley = str(Path(sys.executable).with_name("parley"))
    results: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="parley-floors-") as scratch:
        commands = {
            "parley validate": [parley, "validate", str(descriptor)],
            "frictionless validate (floor)": [sys.executable, "-c", FRICTIONLESS_FLOOR, str(descriptor)],
            "parley db": [parley, "db", "--package", str(descriptor), "--out", f"{scratch}/p.db"],
            "csv + executemany (floor)": [sys.executable, "-c", SQLITE_FLOOR, str(descriptor), f"{scratch}/f.db"],
        }  # fmt: skip
        for round_number in range(args.rounds):
            for name, command in commands.items():
                for leftover in Path(scratch).glob("*.db"):
                    leftover.unlink()
                results.setdefault(name, []).append(run(command))
                print(f"round {round_number + 1}: {name} done", file=sys.stderr)
    median = {
        name: (statistics.median(w for w, _ in runs), max(m for _, m in runs))
        for name, runs in results.items()
    }
    size = sum(p.stat().st_size for p in args.package.glob("*.csv")) / 1e6
    print(f"package: {args.package} ({size:.1f} MB of CSV); {args.rounds} rounds, interleaved")
    print("| command | median wall s | peak RSS MB | time / floor | memory / floor |")
    print("|---|---|---|---|---|")
    pairs = [("parley validate", "frictionless validate (floor)"),
             ("parley db", "csv + executemany (floor)")]  # fmt: skip
    for name, floor in pairs:
        (wall, memory), (floor_wall, floor_memory) = median[name], median[floor]
        print(
            f"| `{name}` | {wall:.1f} | {memory:.0f} | {wall / floor_wall:.2f} | {memory / floor_memory:.2f} |"
        )
        print(f"| {floor} | {floor_wall:.1f} | {floor_memory:.0f} | 1 | 1 |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
