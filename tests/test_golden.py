"""Golden: the committed data/ and datapackage.json are what the code makes from seeds/.

The rebuild goes to a temporary folder, never over the checkout: a hand edit
or a stale data/ stays in place until this test has compared it, whatever
ran before (no fixture of the suite writes into the checkout; conftest.py
fails the session if one does). A difference names the file and its first
differing row.
"""

import csv
import io
import json
import shutil

import pytest
from helpers import ROOT, SEEDS

from parley.build import build
from parley.diff import compare_with_rebuild

HINT = "data/ is not what the code makes from seeds/ (run `make data` and review the diff)"


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    out = tmp_path_factory.mktemp("golden") / "data"
    build(SEEDS, out)
    return out / "datapackage.json"


def test_the_committed_package_is_byte_for_byte_a_rebuild(rebuilt):
    differences = compare_with_rebuild(ROOT / "datapackage.json", rebuilt)
    assert differences == [], HINT + ":\n" + "\n".join(differences)


def test_the_committed_descriptor_points_to_data_and_schemas():
    committed = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    for resource in committed["resources"]:
        assert resource["path"] == f"data/{resource['name']}.csv"
        assert resource["schema"] == f"schemas/{resource['name']}.json"


def test_two_builds_are_byte_identical(tmp_path, rebuilt):
    again = tmp_path / "again"
    build(SEEDS, again)
    for path in sorted(rebuilt.parent.iterdir()):
        assert path.read_bytes() == (again / path.name).read_bytes(), path.name


# ---------------------------------------------------- the golden test can fail


@pytest.fixture
def repo_copy(tmp_path, rebuilt):
    """The package laid out as the repository's (datapackage.json beside data/), in tmp_path.

    Made from the rebuild, so that this test of the comparison does not depend
    on the state of the checkout (the test above judges that).
    """
    copy = tmp_path / "repo"
    shutil.copytree(rebuilt.parent, copy / "data", ignore=shutil.ignore_patterns("*.json"))
    descriptor = json.loads(rebuilt.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        resource["path"] = f"data/{resource['path']}"
    (copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return copy


def _edit(path, change):
    with open(path, encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(change(table))
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def test_a_hand_edit_of_data_fails_the_golden_comparison_naming_file_and_row(repo_copy, tmp_path):
    """The issue's reproduction: a meeting's kind set to picnic, a participant row deleted."""
    pristine = tmp_path / "pristine"
    shutil.copytree(repo_copy, pristine)

    def picnic(table):
        table[2][table[0].index("kind")] = "picnic"
        return table

    _edit(repo_copy / "data" / "meetings.csv", picnic)
    with open(repo_copy / "data" / "meetings.csv", encoding="utf-8", newline="") as handle:
        meetings = list(csv.reader(handle))
    with open(pristine / "data" / "meetings.csv", encoding="utf-8", newline="") as handle:
        kind = list(csv.reader(handle))[2][meetings[0].index("kind")]
    with open(pristine / "data" / "meeting_participants.csv", encoding="utf-8", newline="") as f:
        participants = list(csv.reader(f))
    _edit(repo_copy / "data" / "meeting_participants.csv", lambda t: t[:3] + t[4:])
    deleted = participants[3]

    found = compare_with_rebuild(repo_copy / "datapackage.json", pristine / "datapackage.json")
    assert found == [
        f"data/meetings.csv: row 3 ({meetings[2][0]}), column kind: 'picnic', a rebuild gives "
        f"{kind!r}",
        f"data/meeting_participants.csv: row 4: {deleted[0]} / {deleted[1]} is missing (a rebuild "
        f"has it) ({len(participants) - 2} rows committed, {len(participants) - 1} in a rebuild)",
    ]


def test_a_descriptor_edit_fails_the_golden_comparison(repo_copy, tmp_path):
    pristine = tmp_path / "pristine"
    shutil.copytree(repo_copy, pristine)
    descriptor = json.loads((repo_copy / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["version"] = "9.9.9"
    descriptor["resources"][0]["hash"] = "sha256:" + "0" * 64
    (repo_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    found = compare_with_rebuild(repo_copy / "datapackage.json", pristine / "datapackage.json")
    name = descriptor["resources"][0]["name"]
    assert found[0].startswith(f"datapackage.json: resource {name}: hash sha256:000")
    assert found[1:] == [f'datapackage.json: version: "9.9.9" -> {json.dumps(_version(pristine))}']


def _version(package):
    return json.loads((package / "datapackage.json").read_text(encoding="utf-8"))["version"]
