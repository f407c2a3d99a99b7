"""Measure `parley build` with --engine dask beside --engine local (docs/benchmarks.md, "Dask engine").

    python scripts/benchmark_dask.py copies SRC_DIR N OUT_DIR   # N distinct articles from SRC_DIR
    python scripts/benchmark_dask.py run LABEL -- parley build ...   # one measured command

`copies` repeats the files of SRC_DIR until there are N, each copy made
distinct by a last line "Archive copy K." (an identical copy would be skipped
as a duplicate). `run` runs the command and samples its process tree every
0.1 s: wall time, CPU time of the whole tree (the command and every process
it waited for), the peak resident memory of the command itself (the client)
and of its largest child (a pool process, or a Dask worker), and of the tree.
It prints one Markdown table row. Not part of the test suite.
"""

from __future__ import annotations

import contextlib
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil


def copies(source: Path, count: int, out: Path) -> None:
    files = sorted(p for p in source.iterdir() if p.suffix.lower() == ".txt")
    out.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        original = files[n % len(files)]
        k = n // len(files)
        target = out / f"{original.stem}-{k:03d}.txt"
        if k == 0:
            shutil.copyfile(original, target)
        else:
            target.write_bytes(original.read_bytes().rstrip() + f"\n\nArchive copy {k}.\n".encode())


def run(label: str, command: list[str]) -> None:
    peaks = {"client": 0, "child": 0, "tree": 0}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        root = psutil.Process(process.pid)
        while not done.is_set():
            try:
                client = root.memory_info().rss
                children = []
                for child in root.children(recursive=True):
                    with contextlib.suppress(psutil.Error):  # it may have just exited
                        children.append(child.memory_info().rss)
            except psutil.Error:
                break
            peaks["client"] = max(peaks["client"], client)
            peaks["child"] = max([peaks["child"], *children])
            peaks["tree"] = max(peaks["tree"], client + sum(children))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    mb = {k: v / 2**20 for k, v in peaks.items()}
    print(
        f"| {label} | {wall:,.1f} | {cpu:,.1f} | {mb['client']:,.0f} | {mb['child']:,.0f} | "
        f"{mb['tree']:,.0f} | {process.returncode} |"
    )
    if process.returncode:
        sys.stderr.write(stderr.decode(errors="replace")[-2000:])


def main() -> None:
    if sys.argv[1] == "copies":
        copies(Path(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]))
    elif sys.argv[1] == "run":
        label, rest = sys.argv[2], sys.argv[3:]
        run(label, rest[1:] if rest[:1] == ["--"] else rest)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
