"""Benchmark the build at several corpus sizes: time, CPU and peak memory of each command.

For each size N it writes N synthetic articles (`parley synth N`), then runs
`parley build`, `parley validate` and `parley db` as separate processes,
recording wall time, CPU time and peak memory (the largest resident set of
the process tree, sampled from /proc every 50 ms, and the sum over the tree).
It also measures the per-article stages (parse, then recognise + extract) in
this process on one core, and can profile them and the resolve stage.

On real text (`--real`, by default the State Department corpus beside the
checkout, ../shared/corpora/state-dept-2021-2022/articles, when present):
articles/s and MB/s of each stage in this process (read, parse, recognise +
extract, resolve), with spaCy's blank English tokenizer over the same texts in
the same process as an anchor (skipped with a message when spaCy, the
`benchmark` extra, is not installed), and `parley build --jobs 1` beside a
process that only tokenizes them, interleaved.

How resolve grows (`--growth`): `parley build --jobs 1` on copies of a folder
(by default the dev set; each copy ends with a line of its own) and on many
short undated reports about a few dyads (written from the small template
below), at each size, per article; `--before DIR` runs another checkout's
parley on the same inputs, interleaved with this one, for a before/after.

Not a test: run it by hand and copy the table into docs/benchmarks.md.

    python scripts/benchmark_build.py --sizes 1000,10000,30000,100000 --jobs 2
    python scripts/benchmark_build.py --sizes 2000 --profile   # where the time goes
    python scripts/benchmark_build.py --sizes "" --real --growth --before /tmp/before
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import random
import resource
import shutil
import statistics
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
from parley.records import ReadProblem
from parley.reference import load_reference
from parley.tools.synth import write_corpus

SAMPLE_SECONDS = 0.05
CHECKOUT = Path(__file__).resolve().parent.parent
REAL_CORPUS = CHECKOUT.parent / "shared" / "corpora" / "state-dept-2021-2022" / "articles"
DEV_SET = CHECKOUT.parent / "shared" / "devset" / "articles"


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


def measure(size: int, args: list[str], label: str, cwd: Path | None = None) -> Run:
    """Run a command, sampling the memory of its process tree until it ends."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd
    )
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


# --- Real text -------------------------------------------------------------------------------

SPACY_SCRIPT = """
import sys
from pathlib import Path

import spacy

nlp = spacy.blank("en")
tokens = 0
for path in sorted(Path(sys.argv[1]).iterdir()):
    if path.is_file() and not path.name.startswith("."):
        tokens += len(nlp.tokenizer(path.read_bytes().decode("utf-8", "replace")))
print(f"{tokens} tokens")
"""


def spacy_tokenizer():
    """spaCy's blank English tokenizer, or None (with why) when spaCy is not installed."""
    try:
        import spacy
    except ImportError:
        return None, "spaCy is not installed (pip install -e '.[benchmark]'): anchor skipped"
    return spacy.blank("en").tokenizer, f"spaCy {spacy.__version__} blank('en') tokenizer"


def _rate(articles: int, megabytes: float, seconds: float) -> dict[str, float]:
    return {
        "seconds": seconds,
        "articles_per_second": articles / seconds if seconds else 0.0,
        "mb_per_second": megabytes / seconds if seconds else 0.0,
    }


def real_stage_rates(folder: Path, limit: int | None = None) -> dict:
    """CPU time of each stage over the articles of `folder`, in this process (one core),
    and of spaCy's blank tokenizer over the same decoded texts: articles/s and MB/s."""
    reference = load_reference()
    paths = article_files(folder)[:limit]
    clock = time.process_time
    started = clock()
    sources = [load_source(p) for p in paths]
    decoded = [decode(s) for s in sources if not isinstance(s, ReadProblem)]
    articles = [a for a in decoded if not isinstance(a, ReadProblem)]
    read = clock() - started
    megabytes = sum(len(s.data) for s in sources if not isinstance(s, ReadProblem)) / 1e6
    n = len(articles)
    parse_analyse_article(articles[0], reference)  # warm the lazily built matchers
    started = clock()
    parsed = [parse_article(a, reference) for a in articles]
    parse = clock() - started
    started = clock()
    results = [
        (p.article, analyse_article(p, reference))
        if p.title
        else (ReadProblem(p.article.seed_file, "no headline and no body text"), None)
        for p in parsed
    ]
    analyse = clock() - started
    findings, _, _ = analyse_corpus(results)
    started = clock()
    resolve_corpus(findings, reference)
    resolve = clock() - started
    stages = {
        "read": _rate(n, megabytes, read),
        "parse": _rate(n, megabytes, parse),
        "recognise+extract": _rate(n, megabytes, analyse),
        "resolve": _rate(n, megabytes, resolve),
        "all": _rate(n, megabytes, read + parse + analyse + resolve),
    }
    tokenizer, anchor = spacy_tokenizer()
    if tokenizer is not None:
        started = clock()
        tokens = sum(len(tokenizer(a.text)) for a in articles)
        stages["spacy tokenizer (anchor)"] = _rate(n, megabytes, clock() - started)
        anchor += f", {tokens:,} tokens"
    return {
        "folder": str(folder),
        "articles": n,
        "megabytes": megabytes,
        "anchor": anchor,
        "stages": stages,
    }


def real_processes(folder: Path, workdir: Path, repeat: int) -> list[dict]:
    """`parley build --jobs 1` and a process that only tokenizes the same files with spaCy,
    as whole processes, interleaved `repeat` times: medians."""
    size = len(article_files(folder))
    commands = [
        (
            "parley build --jobs 1",
            [
                sys.executable,
                "-m",
                "parley",
                "build",
                str(folder),
                "--out",
                str(workdir / "out-real"),
                "--jobs",
                "1",
                "--timings",
            ],
        )
    ]
    if spacy_tokenizer()[0] is not None:
        commands.append(
            ("spaCy blank('en') tokenizer", [sys.executable, "-c", SPACY_SCRIPT, str(folder)])
        )
    runs: dict[str, list[Run]] = {label: [] for label, _ in commands}
    for _ in range(repeat):
        for label, args in commands:
            runs[label].append(measure(size, args, label, cwd=CHECKOUT))
    return [_median_row(label, size, found) for label, found in runs.items()]


def _median_row(label: str, size: int, runs: list[Run], **extra) -> dict:
    return {
        "command": label,
        "articles": size,
        "runs": len(runs),
        "wall_seconds": statistics.median(r.wall_seconds for r in runs),
        "cpu_seconds": statistics.median(r.cpu_seconds for r in runs),
        "peak_rss_mb": max(r.peak_rss_mb for r in runs),
        "exit_codes": sorted({r.exit_code for r in runs}),
        "detail": runs[-1].detail,
        **extra,
    }


# --- How resolve grows -----------------------------------------------------------------------


def _start_folder(folder: Path, marker: Path) -> bool:
    """False when a finished input is there already (its marker written); otherwise an
    empty folder to write it into (what a stopped run left is removed)."""
    if marker.exists():
        return False
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return True


def write_copies(source: Path, copies: int, workdir: Path) -> Path:
    """`copies` copies of every article of `source`, each ending with a line of its own,
    so that none is a duplicate of another (as syndicated copies of real news are not)."""
    folder = workdir / f"copies-{source.name}-{copies}"
    marker = folder / ".complete"
    if not _start_folder(folder, marker):
        return folder
    for copy in range(copies):
        for path in article_files(source):
            data = path.read_bytes().rstrip(b"\n")
            (folder / f"{copy:04d}-{path.name}").write_bytes(
                data + f"\n\nCopy {copy + 1}.\n".encode()
            )
    marker.write_text(f"{copies}\n")
    return folder


# The template of the short undated reports: a few dyads of real people, a handful of
# places, relative days ("on Friday") that leave a report undated, and now and then a
# dated report, so that each dyad has several meetings an undated report could be.
REPORT_DYADS = (
    (
        "Russian Foreign Minister Sergei Lavrov",
        "US Secretary of State Antony Blinken",
        "Lavrov",
        "Blinken",
    ),
    (
        "Chinese Foreign Minister Wang Yi",
        "US Secretary of State Antony Blinken",
        "Wang Yi",
        "Blinken",
    ),
    (
        "Ukrainian Foreign Minister Dmytro Kuleba",
        "US Secretary of State Antony Blinken",
        "Kuleba",
        "Blinken",
    ),
    (
        "Russian Foreign Minister Sergei Lavrov",
        "Chinese Foreign Minister Wang Yi",
        "Lavrov",
        "Wang Yi",
    ),
)
REPORT_PLACES = ("Geneva", "Vienna", "Stockholm", "New York", "")
REPORT_DAYS = ("January 21, 2022", "February 24, 2022", "March 10, 2022", "July 8, 2022")
REPORT_TOPICS = (
    "security guarantees",
    "the war in Ukraine",
    "arms control",
    "trade and climate change",
    "grain exports",
    "the Iran nuclear deal",
)
REPORT_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def report_text(index: int, seed: int = 0) -> str:
    """The `index`-th short report: a headline, a meeting sentence, a topic, a unique line."""
    rng = random.Random(seed * 1_000_003 + index)
    first, second, first_short, second_short = rng.choice(REPORT_DYADS)
    place = rng.choice(REPORT_PLACES)
    where = f" in {place}" if place else ""
    when = rng.choice(REPORT_DAYS) if rng.random() < 0.125 else rng.choice(REPORT_WEEKDAYS)
    sentence = rng.choice(
        (
            f"{first} met {second}{where} on {when}, the foreign ministry said.",
            f"{first} held talks with {second}{where} on {when}.",
            f"{first} spoke by phone with {second} on {when}.",
        )
    )
    return (
        f"{first_short} and {second_short} discuss {rng.choice(REPORT_TOPICS)}\n\n"
        f"{sentence}\n\n"
        f"The two ministers discussed {rng.choice(REPORT_TOPICS)}, a statement said.\n\n"
        f"Wire report {index + 1:06d}.\n"
    )


def write_reports(count: int, workdir: Path, seed: int = 0) -> Path:
    """`count` short undated reports about a few dyads (`report_text`), written once."""
    folder = workdir / f"reports-{seed}-{count}"
    marker = folder / ".complete"
    if not _start_folder(folder, marker):
        return folder
    for index in range(count):
        (folder / f"report-{index:06d}.txt").write_text(report_text(index, seed), encoding="utf-8")
    marker.write_text(f"{count}\n")
    return folder


def _step_seconds(detail: str, step: str) -> float | None:
    """A step's seconds from a build's `Timings:` line ("setup 2.1s, per-article 12.3s,
    resolve 4.5s, write 1.2s"); "work" is every step but setup.

    >>> line = "Built x (Timings: setup 2.0s, per-article 6.5s, resolve 1.5s, write 0.5s)"
    >>> _step_seconds(line, "resolve"), _step_seconds(line, "work"), _step_seconds("", "work")
    (1.5, 8.5, None)
    """
    if "Timings:" not in detail:
        return None
    steps = {}
    for part in detail.split("Timings:", 1)[1].split(","):
        words = part.strip().rstrip(")").split()
        if len(words) == 2 and words[1].endswith("s"):
            steps[words[0]] = float(words[1][:-1])
    if step == "work":
        return sum(s for name, s in steps.items() if name != "setup") if steps else None
    return steps.get(step)


def growth(
    workloads: list[tuple[str, int, Path]],
    checkouts: list[tuple[str, Path]],
    workdir: Path,
    repeat: int,
) -> list[dict]:
    """`parley build --jobs 1` of each checkout on each workload, interleaved (every
    workload and checkout once per round, `repeat` rounds): medians, and per article."""
    runs: dict[tuple[str, int, str], list[Run]] = {}
    for _ in range(repeat):
        for family, size, folder in workloads:
            for name, checkout in checkouts:
                out = workdir / f"out-growth-{name}"
                args = [
                    sys.executable,
                    "-m",
                    "parley",
                    "build",
                    str(folder),
                    "--out",
                    str(out),
                    "--jobs",
                    "1",
                    "--timings",
                ]
                run = measure(size, args, f"{name}: parley build --jobs 1", cwd=checkout)
                runs.setdefault((family, size, name), []).append(run)
                print(
                    f"{family} {size:>7,} {name:<8} {run.wall_seconds:7.1f}s wall "
                    f"{run.cpu_seconds:7.1f}s CPU: {run.detail}",
                    file=sys.stderr,
                    flush=True,
                )
    rows = []
    for (family, size, name), found in runs.items():
        row = _median_row(
            f"{name}: parley build --jobs 1", size, found, family=family, checkout=name
        )
        # The build's own steps: `setup` (loading the reference data) is the same at
        # every size, so the work per article leaves it out.
        for step in ("resolve", "work"):
            known = [_step_seconds(r.detail, step) for r in found]
            known = [s for s in known if s is not None]
            row[f"{step}_seconds"] = statistics.median(known) if known else None
        row["ms_per_article"] = 1000 * row["wall_seconds"] / size
        row["cpu_ms_per_article"] = 1000 * row["cpu_seconds"] / size
        for step in ("resolve", "work"):
            seconds = row[f"{step}_seconds"]
            row[f"{step}_ms_per_article"] = 1000 * seconds / size if seconds is not None else None
        rows.append(row)
    # Growth: per-article time at each size over that at the smallest size of the family.
    for row in rows:
        smallest = min(
            (r for r in rows if r["family"] == row["family"] and r["checkout"] == row["checkout"]),
            key=lambda r: r["articles"],
        )
        for key, name in (
            ("ms_per_article", "growth"),
            ("cpu_ms_per_article", "growth_cpu"),
            ("work_ms_per_article", "work_growth"),
        ):
            mine, base = row[key], smallest[key]
            row[name] = mine / base if mine is not None and base else None
    return rows


def growth_markdown(rows: list[dict]) -> str:
    def number(value: float | None, digits: int) -> str:
        return "?" if value is None else f"{value:.{digits}f}"

    header = (
        "| workload | articles | checkout | wall s | CPU s | resolve s | ms/article: wall / CPU / "
        "build steps / resolve | growth per article: wall / CPU / build steps |"
    )
    cells = [
        [
            r["family"],
            f"{r['articles']:,}",
            r["checkout"],
            f"{r['wall_seconds']:.1f}",
            f"{r['cpu_seconds']:.1f}",
            number(r["resolve_seconds"], 1),
            f"{r['ms_per_article']:.1f} / {r['cpu_ms_per_article']:.1f} / "
            f"{number(r['work_ms_per_article'], 1)} / {number(r['resolve_ms_per_article'], 2)}",
            f"{number(r['growth'], 2)} / {number(r['growth_cpu'], 2)} / "
            f"{number(r['work_growth'], 2)}",
        ]
        for r in rows
    ]
    lines = markdown_table(header, "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |", cells)
    return "\n".join(lines)


def stages_markdown(rates: dict) -> str:
    lines = [
        f"{rates['articles']:,} articles, {rates['megabytes']:.1f} MB ({rates['folder']}); "
        f"anchor: {rates['anchor']}",
        "",
    ]
    cells = [
        [
            stage,
            f"{rate['seconds']:.2f}",
            f"{rate['articles_per_second']:,.0f}",
            f"{rate['mb_per_second']:.2f}",
        ]
        for stage, rate in rates["stages"].items()
    ]
    header = "| stage (CPU, one core, this process) | s | articles/s | MB/s |"
    lines += markdown_table(header, "| --- | ---: | ---: | ---: |", cells)
    return "\n".join(lines)


def processes_markdown(rows: list[dict]) -> str:
    header = (
        "| command (whole process) | articles | runs | wall s (median) | CPU s (median) "
        "| articles/s (wall) | peak RSS MB |"
    )
    cells = [
        [
            f"`{r['command']}`",
            f"{r['articles']:,}",
            f"{r['runs']}",
            f"{r['wall_seconds']:.1f}",
            f"{r['cpu_seconds']:.1f}",
            f"{r['articles'] / r['wall_seconds']:,.0f}",
            f"{r['peak_rss_mb']:,.0f}",
        ]
        for r in rows
    ]
    align = "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    return "\n".join(markdown_table(header, align, cells))


def markdown_table(header: str, align: str, cells: list[list[str]]) -> list[str]:
    """The lines of a Markdown table: its header and alignment rows, then a row per cell list.

    >>> markdown_table("| a | b |", "| --- | ---: |", [["x", "1"]])
    ['| a | b |', '| --- | ---: |', '| x | 1 |']
    """
    return [header, align, *("| " + " | ".join(row) + " |" for row in cells)]


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
    header = (
        "| articles | command | wall s | CPU s | articles/s (wall) "
        "| peak RSS MB (largest process / tree) | exit |"
    )
    cells = [
        [
            f"{run.size:,}",
            f"`{run.command}`",
            f"{run.wall_seconds:.1f}",
            f"{run.cpu_seconds:.1f}",
            f"{run.per_second:,.0f}",
            f"{run.peak_rss_mb:,.0f} / {run.peak_tree_rss_mb:,.0f}",
            f"{run.exit_code}",
        ]
        for run in runs
    ]
    lines = markdown_table(header, "| ---: | --- | ---: | ---: | ---: | ---: | ---: |", cells)
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
    parser.add_argument(
        "--real",
        type=Path,
        nargs="?",
        const=REAL_CORPUS,
        help=f"stage rates and whole processes on real articles (default {REAL_CORPUS})",
    )
    parser.add_argument("--real-limit", type=int, help="only the first N real articles")
    parser.add_argument("--growth", action="store_true", help="how resolve grows (see above)")
    parser.add_argument("--copies", default="25,100", help="copies of --copies-of, per size")
    parser.add_argument("--copies-of", type=Path, default=DEV_SET)
    parser.add_argument("--reports", default="2500,10000", help="short undated reports, sizes")
    parser.add_argument("--before", type=Path, help="another checkout to run beside this one")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds (medians)")
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
    report: dict = {"machine": machine()}
    if options.real is not None:
        if not options.real.is_dir():
            print(f"{options.real}: no such folder: real-text benchmark skipped", flush=True)
        else:
            report["real_stages"] = real_stage_rates(options.real, options.real_limit)
            print(stages_markdown(report["real_stages"]), flush=True)
            print(flush=True)
            report["real_processes"] = real_processes(options.real, options.workdir, options.repeat)
            print(processes_markdown(report["real_processes"]), flush=True)
            print(flush=True)
    if options.growth:
        workloads = [
            (
                "copies",
                n * len(article_files(options.copies_of)),
                write_copies(options.copies_of, n, options.workdir),
            )
            for n in (int(c) for c in options.copies.split(",") if c)
        ]
        workloads += [
            ("undated reports", n, write_reports(n, options.workdir, options.seed))
            for n in (int(c) for c in options.reports.split(",") if c)
        ]
        checkouts = [("after", CHECKOUT)]
        if options.before is not None:
            checkouts.insert(0, ("before", options.before.resolve()))
        report["growth"] = growth(workloads, checkouts, options.workdir, options.repeat)
        print(growth_markdown(report["growth"]), flush=True)
        print(flush=True)
    if not sizes:
        if options.json:
            options.json.write_text(json.dumps(report, indent=2))
        return
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
        report.update(per_article=rates, runs=[asdict(r) for r in runs])
        options.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
