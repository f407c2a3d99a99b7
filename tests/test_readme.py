"""The README's generated parts are current, and its two set-up commands are the real ones."""

import re

from helpers import ROOT

from parley.tools.docs import readme_with_resources


def test_resource_section_is_generated_from_the_current_schemas():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_with_resources(readme) == readme, (
        "README is stale: run python scripts/update_readme.py"
    )


def test_the_resource_section_names_every_column():
    from parley.package import load_schemas

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, schema in load_schemas().items():
        assert f"### `{name}`" in readme
        for field in schema["fields"]:
            assert f"| `{field['name']}` |" in readme


def test_ci_runs_the_test_command_the_readme_gives():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set-up: two commands", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^(make \w+)", setup, re.MULTILINE)
    assert commands == ["make serve", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text().splitlines()
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^serve: .*\n\t\$\(BIN\)/parley serve", makefile, re.MULTILINE)
