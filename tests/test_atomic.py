"""Atomic, reproducible output: a killed build leaves the previous package intact, and
the same inputs give the same bytes whatever the file order on disk or the current folder.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import SEEDS, snapshot

from parley.cli import main
from parley.reference import load_reference
from parley.tools.synth import write_corpus

CORPUS_SIZE = 150


@pytest.fixture(scope="module")
def scene(tmp_path_factory) -> dict:
    """A previous package built from seeds/, a larger new corpus, and its complete output."""
    base = tmp_path_factory.mktemp("atomic")
    corpus = base / "corpus"
    write_corpus(CORPUS_SIZE, corpus, load_reference(), seed=11)
    previous = base / "previous"
    assert CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(previous)]).exit_code == 0
    complete = base / "complete"
    subprocess.run(
        [sys.executable, "-m", "parley", "build", str(corpus), "--out", str(complete)],
        check=True,
        capture_output=True,
    )
    return {
        "corpus": corpus,
        "previous": snapshot(previous),
        "complete": snapshot(complete),
    }


def start(args: list[str], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_when(process: subprocess.Popen, ready, timeout: float = 120.0) -> bool:
    """SIGKILL the process as soon as `ready()` holds; False if it finished first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if ready():
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.001)
    process.kill()
    raise AssertionError("the build neither finished nor reached the moment to kill it")


BUILD_INTO = (
    "import sys; from pathlib import Path; from parley.build import build; "
    "build(Path(sys.argv[1]), Path(sys.argv[2]))"
)

# Prepended to a build's code: at its Nth article (argv[-2]) the build marks a file
# (argv[-1]) and waits there, so that a test kills it mid-reading whatever the machine's
# load, rather than at a guessed fraction of an earlier build's time.
PAUSE_AT_ARTICLE = (
    "import sys, time; from pathlib import Path; import parley.build as _b; "
    "_at, _mark = int(sys.argv.pop(-2)), Path(sys.argv.pop(-1)); _seen = [0]; "
    "_analyse = _b.analyse_source\n"
    "def _pausing(*args, **kwargs):\n"
    "    _seen[0] += 1\n"
    "    if _seen[0] == _at:\n"
    "        _mark.touch(); time.sleep(600)\n"
    "    return _analyse(*args, **kwargs)\n"
    "_b.analyse_source = _pausing\n"
)


def paused_build(code: str, args: list[str], tmp_path: Path, fraction: float):
    """Start the build of `code` paused at `fraction` of the corpus's articles; return the
    process and a test for "it has reached that article"."""
    mark = tmp_path / "paused"
    at = max(1, int(fraction * CORPUS_SIZE))
    process = start([PAUSE_AT_ARTICLE + code, *args, str(at), str(mark)], tmp_path)
    return process, mark.exists


@pytest.mark.parametrize("moment", [0.2, 0.5])
def test_a_build_killed_while_reading_leaves_the_previous_output_byte_for_byte(
    scene, tmp_path, moment
):
    out = tmp_path / "out"
    out.mkdir()
    for name, data in scene["previous"].items():
        (out / name).write_bytes(data)
    process, paused = paused_build(BUILD_INTO, [str(scene["corpus"]), str(out)], tmp_path, moment)
    killed = kill_when(process, paused)
    assert killed, "the build finished before the kill"
    assert snapshot(out) == scene["previous"]


def test_a_build_killed_while_writing_leaves_the_old_or_the_new_output_never_a_mix(scene, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name, data in scene["previous"].items():
        (out / name).write_bytes(data)
    process = start([BUILD_INTO, str(scene["corpus"]), str(out)], tmp_path)
    staging = lambda: any(p.name.startswith(".out.new-") for p in tmp_path.iterdir())  # noqa: E731
    killed = kill_when(process, staging)
    assert snapshot(out) in (scene["previous"], scene["complete"]), f"killed={killed}"
    # The next build finishes the job, whatever was left beside the folder.
    assert (
        CliRunner().invoke(main, ["build", str(scene["corpus"]), "--out", str(out)]).exit_code == 0
    )
    assert snapshot(out) == scene["complete"]


PROJECT_BUILD = (
    "import sys; from pathlib import Path; import parley.build as b; "
    "root = Path(sys.argv[2]); b.PROJECT_ROOT = root; b.DEFAULT_DATA = root / 'data'; "
    "b.DATAPACKAGE = root / 'datapackage.json'; "
    "b.UNKNOWN_PEOPLE_REPORT = root / 'build' / 'unknown-people.csv'; "
    "b.build(Path(sys.argv[1]), root / 'data')"
)


def project_build(seeds: Path, project: Path) -> tuple[dict[str, bytes], bytes]:
    """Build as into the project's own data/ (descriptor beside it), in a scratch project."""
    project.mkdir(exist_ok=True)
    process = subprocess.run(
        [sys.executable, "-c", PROJECT_BUILD, str(seeds), str(project)], capture_output=True
    )
    assert process.returncode == 0, process.stderr
    return snapshot(project / "data"), (project / "datapackage.json").read_bytes()


def project_pair(complete: dict[str, bytes]) -> tuple[dict[str, bytes], bytes]:
    """The data/ files and project descriptor a build writes, from its self-contained output."""
    from parley.package import RESOURCES, descriptor, load_schemas, render_json

    files = {name: complete[f"{name}.csv"] for name in RESOURCES}
    package = descriptor(files, load_schemas(), data_prefix="data/", inline_schemas=False)
    return {f"{n}.csv": d for n, d in sorted(files.items())}, render_json(package)


@pytest.mark.parametrize("moment", ["reading", "writing"])
def test_killing_a_build_of_the_projects_data_keeps_data_and_descriptor_together(
    scene, tmp_path, moment
):
    """Into data/, the descriptor lives outside the folder: both stay the previous pair
    (or, once the folder is swapped, become the new pair)."""
    project = tmp_path / "project"
    before = project_build(SEEDS, project)
    new = project_pair(scene["complete"])
    if moment == "reading":
        args = [str(scene["corpus"]), str(project)]
        process, ready = paused_build(PROJECT_BUILD, args, tmp_path, 0.5)
    else:
        process = start([PROJECT_BUILD, str(scene["corpus"]), str(project)], tmp_path)
        ready = lambda: any(p.name.startswith(".data.new-") for p in project.iterdir())  # noqa: E731
    killed = kill_when(process, ready)
    after = snapshot(project / "data"), (project / "datapackage.json").read_bytes()
    if moment == "reading":
        assert killed and after == before
    else:
        assert after in (before, new), f"killed={killed}"


def test_a_database_load_killed_part_way_leaves_the_previous_database(scene, tmp_path):
    previous_package = tmp_path / "previous"
    previous_package.mkdir()
    for name, data in scene["previous"].items():
        (previous_package / name).write_bytes(data)
    new_package = tmp_path / "new"
    new_package.mkdir()
    for name, data in scene["complete"].items():
        (new_package / name).write_bytes(data)
    database = tmp_path / "db" / "parley.db"
    result = CliRunner().invoke(
        main,
        ["db", "--package", str(previous_package / "datapackage.json"), "--out", str(database)],
    )
    assert result.exit_code == 0, result.output
    before = database.read_bytes()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "parley",
            "db",
            "--package",
            str(new_package / "datapackage.json"),
            "--out",
            str(database),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    temporary = lambda: any(p.name.startswith(".parley.db.") for p in database.parent.iterdir())  # noqa: E731
    killed = kill_when(process, temporary)
    assert killed, "the load finished before the kill"
    assert database.read_bytes() == before


def write_articles(folder: Path, names: list[str]) -> None:
    folder.mkdir()
    for name in names:
        shutil.copy(SEEDS / name, folder / name)


def test_same_inputs_give_the_same_bytes_whatever_the_file_order_and_current_folder(
    tmp_path, monkeypatch
):
    names = sorted(p.name for p in SEEDS.glob("*.txt"))
    write_articles(tmp_path / "forward", names)
    write_articles(tmp_path / "backward", list(reversed(names)))
    (tmp_path / "elsewhere").mkdir()
    outputs = []
    for articles, cwd in (("forward", tmp_path), ("backward", tmp_path / "elsewhere")):
        monkeypatch.chdir(cwd)
        relative = os.path.relpath(tmp_path / articles, cwd)
        out = os.path.relpath(tmp_path / f"out-{articles}", cwd)
        result = CliRunner().invoke(main, ["build", relative, "--out", out])
        assert result.exit_code == 0, result.output
        outputs.append(snapshot(tmp_path / f"out-{articles}"))
    assert outputs[0] == outputs[1]
    assert "datapackage.json" in outputs[0] and len(outputs[0]) >= 13
