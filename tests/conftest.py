"""Shared fixtures: the reference data, a built copy of the package, a free port."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from parley.build import build
from parley.reference import PROJECT_ROOT, load_reference

ROOT = PROJECT_ROOT
SEEDS = ROOT / "seeds"


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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
