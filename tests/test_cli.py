"""The command line in-process: help with examples, build elsewhere, validate, synth, diff."""

from __future__ import annotations

import errno
import json
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from helpers import SEEDS, free_port

from parley.cli import main
from parley.errors import EXIT_ERROR, ParleyError

COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_shows_an_example_and_names_its_arguments(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    assert f"parley {command}" in result.output
    usage = result.output.splitlines()[0]
    for param in main.commands[command].params:
        if isinstance(param, click.Argument):
            assert param.make_metavar(click.Context(main.commands[command])) in usage, param.name
        else:
            assert param.opts[0] in result.output, param.name


def _stand_in(param: click.Parameter, tmp_path: Path) -> list[str]:
    """Arguments that satisfy a required parameter's type (its value never read)."""
    value = "1" if isinstance(param.type, click.IntRange) else str(tmp_path / param.name)
    if isinstance(param.type, click.Choice):
        value = param.type.choices[0]
    return [value] if isinstance(param, click.Argument) else [param.opts[0], value]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("error", "line"),
    [
        (
            ParleyError("is broken", file="x.csv", row=3, hint="fix it"),
            "Error: x.csv: row 3: is broken (fix it)",
        ),
        (
            OSError(errno.ENOSPC, "No space left on device", "out"),
            "Error: out: no space left on the device (free some space and run it again)",
        ),
    ],
    ids=["parley-error", "os-error"],
)
def test_every_command_maps_a_domain_error_to_one_line_and_exit_2(
    command, error, line, tmp_path, monkeypatch
):
    """The group maps errors once: whatever a command's library call raises, one line, exit 2."""

    def fails(**kwargs):
        raise error

    monkeypatch.setattr(main.commands[command], "callback", fails)
    args = [a for p in main.commands[command].params if p.required for a in _stand_in(p, tmp_path)]
    result = CliRunner().invoke(main, [command, *args])
    assert (result.exit_code, result.stderr, result.stdout) == (EXIT_ERROR, line + "\n", "")


# A real mistake of each command: (arguments, exit status, stderr), `{tmp}` the test's folder.
MISTAKES = {
    "build": (["{tmp}/nowhere", "--out", "{tmp}/out"], 2, "Error: {tmp}/nowhere: no such folder"),
    "db": (
        ["--package", "{tmp}/none.json", "--out", "{tmp}/x.db"],
        2,
        "Error: {tmp}/none.json: no such file",
    ),
    "diff": (
        ["{tmp}/none.json", "--against", "{tmp}/none.json"],
        2,
        "Error: {tmp}/none.json: no such file",
    ),
    "eval": (
        ["{tmp}", "{tmp}/gold"],
        2,
        "Error: {tmp}/people.json: people file not found (give it with --people)",
    ),
    "export": (
        ["--format", "plover", "--package", "{tmp}/none.json", "{tmp}/out.jsonl"],
        2,
        "Error: {tmp}/none.json: no such file",
    ),
    "serve": (
        ["--port", "{port}", "--package", "{tmp}/none.json"],
        2,
        "Error: {tmp}/none.json: no such file",
    ),
    "synth": (["3", "--out", "{tmp}/file.txt"], 2, "Error: {tmp}/file.txt: not a folder"),
    # Not a package is an answer of validate (on stdout), not a failure to run: exit 1.
    "validate": (["{tmp}/none.json"], 1, "{tmp}/none.json: 1 problem(s)"),
}


def test_every_registered_command_has_a_mistake_below():
    assert sorted(MISTAKES) == COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_a_users_mistake_is_one_line_and_the_documented_exit_status(command, tmp_path):
    (tmp_path / "file.txt").write_text("x")
    args, status, line = MISTAKES[command]
    fill = {"tmp": str(tmp_path), "port": str(free_port())}
    result = CliRunner().invoke(main, [command, *(a.format(**fill) for a in args)])
    assert (result.exit_code, result.stderr) == (status, line.format(**fill) + "\n")
    assert "Traceback" not in result.output


@pytest.fixture
def articles(tmp_path) -> Path:
    folder = tmp_path / "new articles"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(path, folder / path.name)
    return folder


def test_build_elsewhere_writes_a_self_contained_package_that_validates(articles, tmp_path):
    out = tmp_path / "elsewhere" / "data"
    built = CliRunner().invoke(main, ["build", str(articles), "--out", str(out)])
    assert built.exit_code == 0, built.output
    assert f"Built {out}: 3 articles read, 0 skipped" in built.stdout
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        assert isinstance(resource["schema"], dict), "schemas are inline"
        assert (out / resource["path"]).is_file(), "paths are relative to the descriptor"
    validated = CliRunner().invoke(main, ["validate", str(out / "datapackage.json")])
    assert validated.exit_code == 0, validated.output
    assert validated.stdout.endswith(": valid\n")


def test_build_with_several_jobs_writes_the_same_bytes_as_one(tmp_path):
    """Per-article analysis in a process pool: results come back in name order."""
    from parley.reference import load_reference
    from parley.tools.synth import write_corpus

    corpus = tmp_path / "corpus"
    write_corpus(120, corpus, load_reference(), seed=3)
    for name in sorted(p.name for p in SEEDS.glob("*.txt")):
        shutil.copy(SEEDS / name, corpus / name)
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}"
        result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(out), "-j", jobs])
        assert result.exit_code == 0, result.output
        outputs[jobs] = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    assert outputs["1"] == outputs["2"]
    assert len(outputs["1"]) >= 13


def test_build_of_a_missing_folder_exits_2_naming_it(tmp_path):
    missing = tmp_path / "nowhere"
    result = CliRunner().invoke(main, ["build", str(missing), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert str(missing) in result.stderr
    assert "no such folder" in result.stderr
    assert "Traceback" not in result.output


def test_validate_of_a_missing_package_exits_1_naming_it(tmp_path):
    missing = tmp_path / "datapackage.json"
    result = CliRunner().invoke(main, ["validate", str(missing)])
    assert result.exit_code == 1
    assert f"{missing}: no such file" in result.stdout


def test_synth_writes_n_articles_deterministically(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        result = CliRunner().invoke(main, ["synth", "7", "--out", str(out), "--seed", "5"])
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("Wrote 7 articles (")
    names = sorted(p.name for p in first.iterdir())
    assert names == [f"synth-{i:06d}.txt" for i in range(7)]
    assert all((first / n).read_bytes() == (second / n).read_bytes() for n in names)


def test_synth_into_a_file_is_exit_2(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    result = CliRunner().invoke(main, ["synth", "3", "--out", str(target)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {target}: not a folder\n"


def test_diff_of_a_missing_package_exits_2_naming_it(tmp_path):
    missing = tmp_path / "datapackage.json"
    result = CliRunner().invoke(main, ["diff", str(missing), "--against", str(missing)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {missing}: no such file\n"


class FakeTerminal:
    """A stderr that says it is a terminal and keeps what is written to it."""

    def __init__(self) -> None:
        self.written: list[str] = []

    def isatty(self) -> bool:
        return True

    def write(self, text: str | bytes) -> int:
        self.written.append(text if isinstance(text, str) else text.decode())
        return len(text)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize(("tty", "shown"), [(True, True), (False, False)])
def test_progress_bar_only_on_a_terminal(monkeypatch, tty, shown):
    import parley.cli as cli

    terminal = FakeTerminal()
    monkeypatch.setattr(terminal, "isatty", lambda: tty)
    monkeypatch.setattr(cli.sys, "stderr", terminal)
    tick = cli._progress(60)
    for _ in range(60):
        tick()
    cli._stage("Resolving meetings across 60 articles")
    output = "".join(terminal.written)
    assert ("Reading articles" in output and "60/60" in output) is shown
    assert ("Resolving meetings across 60 articles..." in output) is shown


def test_compacting_the_findings_for_memory_does_not_change_the_output(tmp_path, monkeypatch):
    """build.compact drops what resolve does not read, and spill.set_aside the texts of dated
    articles; if resolve starts reading them, this fails."""
    from parley import build as build_module
    from parley.reference import load_reference
    from parley.tools.synth import write_corpus

    corpus = tmp_path / "corpus"
    write_corpus(60, corpus, load_reference(), seed=8)
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, corpus / path.name)
    (corpus / "undated.txt").write_text(
        "Lavrov meets Pompeo\n\nRussian Foreign Minister Sergei Lavrov and US Secretary of State "
        "Mike Pompeo held a meeting in Washington yesterday. They discussed arms control, "
        "arms control and New START.\n",
        encoding="utf-8",
    )
    outputs = []
    for compacting in (True, False):
        if not compacting:
            monkeypatch.setattr(build_module, "compact", lambda findings: findings)
            monkeypatch.setattr(build_module, "set_aside", lambda findings, texts: findings)
        out = tmp_path / f"out-{compacting}"
        build_module.build(corpus, out)
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]
    assert b"inferred" in outputs[0]["articles.csv"], "an undated article was dated by resolve"


def test_an_interrupted_build_says_the_output_is_unchanged(tmp_path, monkeypatch):

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("parley.build.build", interrupted)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(out)])
    assert result.exit_code == 130
    assert result.stderr == f"\nInterrupted: {out} is as it was before this build.\n"


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("export", ["--format", "plover", "--package", "{p}", "{tmp}/out.jsonl"]),
        ("diff", ["{p}", "--against", "{p}"]),
        ("db", ["--package", "{p}", "--out", "{tmp}/x.db"]),
    ],
)
def test_a_descriptor_that_is_not_an_object_is_one_line(command, args, tmp_path):
    package = tmp_path / "datapackage.json"
    package.write_text("[1]", encoding="utf-8")
    fill = {"p": str(package), "tmp": str(tmp_path)}
    result = CliRunner().invoke(main, [command, *(a.format(**fill) for a in args)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {package}: ")
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.output


def test_the_command_line_starts_without_the_extraction_rules_or_the_reference_data():
    # `parley db`, `parley serve` and `--help` should not pay for what only a build runs.
    code = "import sys, parley.cli; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    modules = set(loaded.stdout.split())
    assert "parley.cli" in modules
    assert {"parley.build", "parley.extract", "parley.reference", "jsonschema"} & modules == set()
