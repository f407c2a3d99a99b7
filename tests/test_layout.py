"""The module layout: a paths module without dependencies, checks under validate, tools aside.

(No import cycle at all: tests/test_imports.py.)
"""

from __future__ import annotations

import ast

import pytest
from helpers import ROOT


def _imports() -> dict[str, set[str]]:
    """Each module of parley/ (the Datasette plugins apart) -> the parley modules it imports.

    Imports inside functions count too: a cycle through a lazy import is still a cycle.
    """
    graph = {}
    for path in sorted((ROOT / "parley").rglob("*.py")):
        if "datasette" in path.parts:
            continue  # loaded by Datasette from their folder, not imported
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("parley"):
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("parley")}
        graph[name] = found
    return graph


GRAPH = _imports()


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(graph.get(start, ()))
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo += graph.get(module, ())
    return seen


def test_validate_imports_checks_and_checks_not_validate():
    assert "parley.checks" in GRAPH["parley.validate"]
    assert "parley.validate" not in _reachable(GRAPH, "parley.checks")


def test_the_paths_module_imports_nothing_of_parley():
    assert GRAPH["parley.paths"] == set()


@pytest.mark.parametrize("module", ["parley.build", "parley.resolve", "parley.extract"])
def test_the_pipeline_does_not_import_the_tools(module):
    assert not {m for m in _reachable(GRAPH, module) if m.startswith("parley.tools")}
