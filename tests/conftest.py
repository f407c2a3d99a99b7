"""Fixtures and hooks only: the reference data, a built copy of the package, a clean checkout.

Helper functions live in helpers.py, which test files import.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import SEEDS, checkout_state

from parley.build import build
from parley.reference import load_reference

# ------------------------------------------ no test may write into the checkout


def pytest_sessionstart(session):
    session.config._parley_checkout = checkout_state()


def pytest_sessionfinish(session, exitstatus):
    before = getattr(session.config, "_parley_checkout", None)
    if before is None:
        return
    after = checkout_state()
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    if changed:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = "the test run wrote into the checkout (tests must use tmp_path): " + ", ".join(
            changed
        )
        if reporter:
            reporter.write_line(message, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def reference():
    return load_reference()


@pytest.fixture(scope="session")
def built_package(tmp_path_factory) -> Path:
    """A fresh build of seeds/ into a temporary folder (self-contained descriptor)."""
    out = tmp_path_factory.mktemp("package")
    build(SEEDS, out)
    return out


@pytest.fixture
def package_copy(built_package, tmp_path) -> Path:
    """A copy of the built package that a test may break."""
    target = tmp_path / "package"
    shutil.copytree(built_package, target)
    return target


def _mount_tmpfs(path: Path, options: str) -> None:
    path.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")


@pytest.fixture
def tmpfs(tmp_path):
    """`tmpfs(name, options)`: a real tmpfs mounted at tmp_path/name (a Docker volume, a
    small disk), unmounted afterwards; skips the test where mounting is not allowed."""
    mounts = []

    def mount(name: str, options: str = "size=4m") -> Path:
        path = tmp_path / name
        _mount_tmpfs(path, options)
        mounts.append(path)
        return path

    yield mount
    for path in mounts:
        if subprocess.run(["umount", str(path)], capture_output=True).returncode:
            subprocess.run(["umount", "-l", str(path)], capture_output=True)
