"""The module layout: no import cycle, resolve a pure stage, a paths module without
dependencies, checks under validate, the tools aside from the pipeline.

The imports are read from the source (ast), at module level and inside
functions alike: an import moved into a function hides a cycle from Python at
load time but not from a reader, who still has to know both modules to change
either.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import parley

PACKAGE = Path(parley.__file__).parent


def module_name(path: Path) -> str:
    parts = ("parley", *path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, modules: dict[str, Path] = MODULES) -> set[str]:
    """The modules of `modules` that module `name` imports, wherever in it."""
    path = modules[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {m for m in found if m in modules and m != name}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import one another, directly or not (the strongly
    connected components of more than one module, or of one that imports itself), each
    sorted."""
    reaches = {node: _reachable(graph, node) for node in graph}
    groups: list[list[str]] = []
    for node in sorted(graph):
        if node in reaches[node] and not any(node in g for g in groups):
            groups.append(sorted(other for other in reaches[node] if node in reaches[other]))
    return groups


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    """Every module `start` imports, directly or through others."""
    seen: set[str] = set()
    todo = list(graph.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, ()))
    return seen


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b", "c"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"a"}}, [["a"]]),
        ({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"c"}}, [["a", "b"], ["c", "d"]]),
        ({"x": {"b"}, "b": {"c"}, "c": {"b"}}, [["b", "c"]]),
    ],
)
def test_cycles_are_found(graph, expected):
    assert cycles(graph) == expected


def test_relative_and_nested_imports_are_read(tmp_path):
    (tmp_path / "parley").mkdir()
    files = {
        "parley/a.py": "from . import b\n",
        "parley/b.py": "def f():\n    from parley.c import thing\n",
        "parley/c.py": "import json\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    modules = {n.removesuffix(".py").replace("/", "."): tmp_path / n for n in files}
    graph = {name: imports_of(name, modules) for name in modules}
    assert graph == {"parley.a": {"parley.b"}, "parley.b": {"parley.c"}, "parley.c": set()}


# None: the last one (validate and checks importing each other, interop's checks importing
# validate's Problem) went with parley/problems.py. A new cycle fails the test.
KNOWN_CYCLES: list[list[str]] = []


def test_parley_has_no_import_cycle():
    assert cycles(GRAPH) == KNOWN_CYCLES


@pytest.mark.parametrize("later", ["parley.extract", "parley.write", "parley.rows", "parley.build"])
def test_resolve_does_not_reach_back_up_the_pipeline(later):
    assert later not in imports_of("parley.resolve")


GRAPH = {name: imports_of(name) for name in MODULES}


def test_validate_imports_checks_and_checks_not_validate():
    assert "parley.checks" in GRAPH["parley.validate"]
    assert "parley.validate" not in _reachable(GRAPH, "parley.checks")


def test_the_paths_module_imports_nothing_of_parley():
    assert GRAPH["parley.paths"] == set()


@pytest.mark.parametrize("module", ["parley.build", "parley.resolve", "parley.extract"])
def test_the_pipeline_does_not_import_the_tools(module):
    assert not {m for m in _reachable(GRAPH, module) if m.startswith("parley.tools")}
