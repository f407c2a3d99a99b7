"""Golden: rebuilding from seeds/ gives byte for byte the committed data/ and descriptor."""

import json

from conftest import ROOT, SEEDS

from parley.build import build
from parley.write import RESOURCES


def test_a_rebuild_is_byte_identical_to_the_committed_data(tmp_path):
    out = tmp_path / "data"
    build(SEEDS, out)
    differing = [
        f"data/{name}.csv"
        for name in RESOURCES
        if (out / f"{name}.csv").read_bytes() != (ROOT / "data" / f"{name}.csv").read_bytes()
    ]
    assert differing == [], f"committed files differ from a rebuild (run `make data`): {differing}"


def test_the_committed_descriptor_describes_the_committed_files(tmp_path):
    out = tmp_path / "data"
    build(SEEDS, out)
    rebuilt = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    committed = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    for mine, theirs in zip(committed["resources"], rebuilt["resources"], strict=True):
        assert (mine["name"], mine["bytes"], mine["hash"]) == (
            theirs["name"],
            theirs["bytes"],
            theirs["hash"],
        )
        assert mine["path"] == f"data/{mine['name']}.csv"
        assert mine["schema"] == f"schemas/{mine['name']}.json"
    assert {k: v for k, v in committed.items() if k != "resources"} == {
        k: v for k, v in rebuilt.items() if k != "resources"
    }


def test_two_builds_are_byte_identical(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    build(SEEDS, first)
    build(SEEDS, second)
    for path in sorted(first.iterdir()):
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name
