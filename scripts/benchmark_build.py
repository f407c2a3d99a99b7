"""Benchmark the build at several corpus sizes: time, CPU and peak memory of each command.

For each size N it writes N synthetic articles (`parley synth N`), then runs
`parley build`, `parley validate` and `parley db` as separate processes,
recording wall time, CPU time and peak memory (the largest resident set of
the process tree, sampled from /proc every 50 ms, and the sum over the tree).
It also measures the per-article stages (parse, then recognise + extract) in
this process on one core, and can profile them and the resolve stage.

Not a test: run it by hand and copy the table into docs/benchmarks.md.

    python scripts/benchmark_build.py --sizes 1000,10000,30000,100000 --jobs 2
    python scripts/benchmark_build.py --sizes 2000 --profile   # where the time goes
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from parley.build import analyse_corpus, article_files, load_source, resolve_corpus
from parley.extract import analyse_article
from parley.parse import parse_article
from parley.read import decode
from parley.reference import load_reference
from parley.synth import write_corpus

SAMPLE_SECONDS = 0.05


@dataclass
class Run:
    size: int
    command: str
    wall_seconds: float
    cpu_seconds: float
    peak_rss_mb: float  # largest single process
    peak_tree_rss_mb: float  # sum over the process and its children (shared pages counted twice)
    exit_code: int
    detail: str = ""

    @property
    def per_second(self) -> float:
        return self.size / self.wall_seconds if self.wall_seconds else 0.0


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(entry))
    return out


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(size: int, args: list[str], label: str) -> Run:
    """Run a command, sampling the memory of its process tree until it ends."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak, peak_tree = [0], [0]

    def sample() -> None:
        while process.poll() is None:
            pids = [process.pid]
            pids += [child for pid in list(pids) for child in _children(pid)]
            sizes = [_rss_kb(pid) for pid in pids]
            peak[0] = max(peak[0], *sizes)
            peak_tree[0] = max(peak_tree[0], sum(sizes))
            time.sleep(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of the children is a maximum over all of them so far: a lower bound here.
    peak[0] = max(peak[0], after.ru_maxrss if after.ru_maxrss > before.ru_maxrss else 0)
    detail = (stdout.strip().splitlines() or [""])[-1]
    timings = [line for line in stderr.splitlines() if line.startswith("Timings:")]
    if timings:
        detail += f" ({timings[0]})"
    if process.returncode not in (0, 1):
        detail += f" stderr: {stderr.strip()[-500:]}"
    return Run(
        size, label, wall, cpu, peak[0] / 1024, peak_tree[0] / 1024, process.returncode, detail
    )


def corpus(workdir: Path, size: int, seed: int) -> Path:
    """The synthetic corpus of `size` articles, written once and reused."""
    folder = workdir / f"corpus-{seed}-{size}"
    marker = folder / ".complete"
    if not marker.exists():
        started = time.perf_counter()
        write_corpus(size, folder, load_reference(), seed=seed)
        marker.write_text(f"{size}\n")
        print(f"synth {size}: {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return folder


def per_article_rates(folder: Path, limit: int) -> dict[str, float]:
    """Articles per second of each per-article stage on one core (CPU time, this process)."""
    reference = load_reference()
    paths = article_files(folder)[:limit]
    sources = [load_source(p) for p in paths]
    articles = [decode(s) for s in sources]
    parse_analyse_article(articles[0], reference)  # warm the lazily built matchers
    started = time.process_time()
    parsed = [parse_article(a, reference) for a in articles]
    parse_seconds = time.process_time() - started
    started = time.process_time()
    for item in parsed:
        analyse_article(item, reference)
    analyse_seconds = time.process_time() - started
    n = len(articles)
    return {
        "articles": n,
        "parse_per_second": n / parse_seconds,
        "recognise_extract_per_second": n / analyse_seconds,
        "parse_recognise_extract_per_second": n / (parse_seconds + analyse_seconds),
    }


def parse_analyse_article(article, reference):
    return analyse_article(parse_article(article, reference), reference)


def profile(folder: Path, limit: int, top: int) -> str:
    """cProfile of the per-article stages and of resolve, as text."""
    reference = load_reference()
    paths = article_files(folder)[:limit]
    parse_analyse_article(decode(load_source(paths[0])), reference)
    report = io.StringIO()
    profiler = cProfile.Profile()
    profiler.enable()
    results = [
        (decode(load_source(p)), parse_analyse_article(decode(load_source(p)), reference))
        for p in paths
    ]
    profiler.disable()
    report.write(f"## per-article stages, {len(paths)} articles\n")
    pstats.Stats(profiler, stream=report).sort_stats("tottime").print_stats(top)
    findings, _, _ = analyse_corpus(results)
    profiler = cProfile.Profile()
    profiler.enable()
    resolve_corpus(findings, reference)
    profiler.disable()
    report.write(f"## resolve, {len(findings)} articles\n")
    pstats.Stats(profiler, stream=report).sort_stats("tottime").print_stats(top)
    return report.getvalue()


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if "model name" in line)
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GB RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}"
    )


def markdown(runs: list[Run]) -> str:
    lines = [
        "| articles | command | wall s | CPU s | articles/s (wall) | peak RSS MB (largest process / tree) | exit |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        lines.append(
            f"| {run.size:,} | `{run.command}` | {run.wall_seconds:.1f} | {run.cpu_seconds:.1f} | "
            f"{run.per_second:,.0f} | {run.peak_rss_mb:,.0f} / {run.peak_tree_rss_mb:,.0f} | "
            f"{run.exit_code} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,30000,100000")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/parley-bench"))
    parser.add_argument("--sample", type=int, default=2000, help="articles for per-article rates")
    parser.add_argument("--skip", default="", help="commands to skip, e.g. validate,db")
    parser.add_argument("--profile", action="store_true", help="profile instead of timing")
    parser.add_argument("--json", type=Path, help="also write the results here")
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",") if s]
    skip = set(options.skip.split(","))
    options.workdir.mkdir(parents=True, exist_ok=True)
    parley = [sys.executable, "-m", "parley"]

    if options.profile:
        folder = corpus(options.workdir, max(sizes), options.seed)
        print(profile(folder, min(max(sizes), options.sample), top=25))
        return

    print(f"Machine: {machine()}", flush=True)
    rates = per_article_rates(
        corpus(options.workdir, max(options.sample, 1), options.seed), options.sample
    )
    print(
        "Per-article stages, one core, {articles} articles: parse {parse_per_second:,.0f}/s, "
        "recognise+extract {recognise_extract_per_second:,.0f}/s, "
        "parse+recognise+extract {parse_recognise_extract_per_second:,.0f}/s".format(**rates),
        flush=True,
    )
    runs: list[Run] = []
    for size in sizes:
        folder = corpus(options.workdir, size, options.seed)
        out = options.workdir / f"out-{options.seed}-{size}"
        database = options.workdir / f"parley-{options.seed}-{size}.db"
        steps = [
            (
                "build",
                [
                    *parley,
                    "build",
                    str(folder),
                    "--out",
                    str(out),
                    "--jobs",
                    str(options.jobs),
                    "--timings",
                ],
                f"parley build --jobs {options.jobs}",
            ),
            ("validate", [*parley, "validate", str(out / "datapackage.json")], "parley validate"),
            (
                "db",
                [*parley, "db", "--package", str(out / "datapackage.json"), "--out", str(database)],
                "parley db",
            ),
        ]
        for name, args, label in steps:
            if name in skip:
                continue
            run = measure(size, args, label)
            runs.append(run)
            print(
                f"{size:>7,} {label:<24} {run.wall_seconds:8.1f}s wall {run.cpu_seconds:8.1f}s CPU "
                f"{run.per_second:8,.0f}/s peak {run.peak_rss_mb:,.0f} MB "
                f"(tree {run.peak_tree_rss_mb:,.0f} MB) exit {run.exit_code}: {run.detail}",
                flush=True,
            )
    print()
    print(markdown(runs))
    if options.json:
        options.json.write_text(
            json.dumps(
                {"machine": machine(), "per_article": rates, "runs": [asdict(r) for r in runs]},
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
