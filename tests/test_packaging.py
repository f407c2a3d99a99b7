"""What installing Parley takes: the package with all its site files, and only what browsing needs.

Static checks of pyproject.toml and the Makefile (a dry run of make writes
nothing); a real `pip install -e .` was checked by hand to print no setuptools
warning (see the report of issue 15).
"""

from __future__ import annotations

import fnmatch
import subprocess
import tomllib

import pytest
from helpers import ROOT

TEST_TOOLS = ("pytest", "hypothesis", "playwright", "ruff")


@pytest.fixture(scope="module")
def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _name(requirement: str) -> str:
    return requirement.split(">")[0].split("<")[0].split("=")[0].split("~")[0].strip().lower()


def test_browsing_needs_no_test_tool_and_the_test_extra_has_them_all(project):
    base = {_name(r) for r in project["project"]["dependencies"]}
    extra = {_name(r) for r in project["project"]["optional-dependencies"]["test"]}
    assert not base & set(TEST_TOOLS)
    assert set(TEST_TOOLS) <= extra
    assert "datasette" in base


def test_every_file_of_the_site_is_found_as_a_package_or_package_data(project):
    setuptools = project["tool"]["setuptools"]
    assert setuptools["packages"]["find"]["include"] == ["parley*"]
    assert setuptools["packages"]["find"].get("namespaces", True)  # parley/datasette/...
    patterns = setuptools["package-data"]["*"]
    site = ROOT / "parley" / "datasette"
    files = [p for p in site.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert files
    for path in files:
        # .py files are modules of the namespace packages; the rest must be package data.
        assert path.suffix == ".py" or any(fnmatch.fnmatch(path.name, p) for p in patterns), path


@pytest.mark.parametrize(("target", "extra"), [("serve", False), ("test", True)])
def test_make_installs_the_test_extra_only_for_the_tests(tmp_path, target, extra):
    # A dry run (-n) against a virtual environment that does not exist prints every step.
    result = subprocess.run(
        ["make", "-n", target, f"VENV={tmp_path / 'venv'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    installs = [
        line for line in result.stdout.splitlines() if "pip install" in line and " -e " in line
    ]
    assert installs, result.stdout
    assert any("[test]" in line for line in installs) == extra
    assert not list(tmp_path.iterdir())  # nothing was made
