"""scripts/check_people.py: honorifics, truncated names and surname-only duplicates among
the people a build holds outside the curated list."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from helpers import ROOT, load_script

check_people = load_script("check_people")

TEXTS = {
    "a.txt": (
        "Foreign Minister Renske Aalberg met Dr Halvard Mossberg and Drago Petrov in "
        "Utrecht on Monday. Aalberg said talks with Pieter Damme went well."
    ),
    "b.txt": (
        "Lena Marsh said that Minister Tomasz Wierzbicki spoke by phone with Oskar\n"
        "Lindqvist on Tuesday."
    ),
    "c.txt": (
        "Élise Ferránd met Ilse Marta Veldkamp, Nasser Sheikh Hamdan, Yusuf al Rashid, "
        "Pieter Dam, Greta Holm and Kenji Morikawa. Ferrand and Ilse Marta spoke first.\n"
        "KORVALD: Thank you. Al-Rashid and MORIKAWA Kenji answered questions."
    ),
}

# person_id: (name, country, curated, meetings)
PEOPLE = {
    "renske-aalberg": ("Renske Aalberg", "NL", True, ["m1"]),
    "sir-edmund-vane": ("Sir Edmund Vane", "GB", True, []),  # curated: never checked
    "kenji-morikawa": ("Kenji Morikawa", "JP", True, ["m3"]),
    "dr-halvard-mossberg": ("Dr Halvard Mossberg", "NO", False, ["m1"]),
    "drago-petrov": ("Drago Petrov", "RS", False, ["m1"]),  # "Dr" only as letters
    "aalberg": ("Aalberg", "NL", False, ["m1"]),
    "pieter-dam": ("Pieter Dam", "NL", False, ["m1"]),  # whole only in c.txt, not his
    "tomasz-wierzbick": ("Tomasz Wierzbick", "PL", False, ["m2"]),
    "oskar-lindqvist": ("Oskar Lindqvist", "SE", False, ["m2"]),  # a line break inside
    "lena-marsh": ("Lena Marsh", "IE", False, []),  # in the report only
    "greta-holm": ("Greta Holm", "DK", False, []),  # nowhere: every text is searched
    "elise-ferrand": ("Élise Ferránd", "FR", False, ["m3"]),
    "ferrand": ("Ferrand", "FR", False, ["m3"]),
    "ilse-marta-veldkamp": ("Ilse Marta Veldkamp", "BE", False, ["m3"]),
    "ilse-marta": ("Ilse Marta", "BE", False, ["m3"]),
    "nasser-sheikh-hamdan": ("Nasser Sheikh Hamdan", "QA", False, ["m3"]),
    "korvald": ("KORVALD", "NO", False, ["m3"]),
    "yusuf-al-rashid": ("Yusuf al Rashid", "JO", False, ["m3"]),
    "al-rashid": ("Al-Rashid", "JO", False, ["m3"]),
    "morikawa-kenji": ("MORIKAWA Kenji", "JP", False, ["m3"]),
}
MEETING_ARTICLES = {"m1": "a.txt", "m2": "b.txt", "m3": "c.txt"}
REPORTED = {"lena-marsh": "b.txt", "oskar-lindqvist": "b.txt"}

EXPECTED = {
    "honorific": ["dr-halvard-mossberg", "nasser-sheikh-hamdan"],
    "truncated": ["pieter-dam", "tomasz-wierzbick"],
    "duplicate": ["aalberg", "al-rashid", "ferrand", "ilse-marta", "korvald", "morikawa-kenji"],
}


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def article_id(seed_file: str) -> str:
    return "a-" + seed_file.removesuffix(".txt")


def write_package(
    tmp_path: Path,
    people: dict = PEOPLE,
    texts: dict = TEXTS,
    reported: dict = REPORTED,
    with_text: bool = True,
) -> Path:
    """A build's folder and, beside it as `parley build --out` writes it, the report."""
    data = tmp_path / "build"
    data.mkdir()
    write_csv(
        data / "people.csv",
        ["person_id", "name", "country", "curated"],
        [[pid, n, c, "true" if cur else "false"] for pid, (n, c, cur, _) in people.items()],
    )
    meetings = sorted({m for *_, ms in people.values() for m in ms})
    write_csv(data / "meetings.csv", ["meeting_id", "title"], [[m, m] for m in meetings])
    write_csv(
        data / "meeting_participants.csv",
        ["meeting_id", "person_id", "role"],
        [[m, pid, ""] for pid, (*_, ms) in people.items() for m in ms],
    )
    write_csv(
        data / "article_meetings.csv",
        ["article_id", "meeting_id", "quote"],
        [[article_id(MEETING_ARTICLES[m]), m, ""] for m in meetings],
    )
    header = ["article_id", "seed_file", "title"] + (["text"] if with_text else [])
    write_csv(
        data / "articles.csv",
        header,
        [[article_id(f), f, "t"] + ([t] if with_text else []) for f, t in texts.items()],
    )
    reports = tmp_path / "build-reports"
    reports.mkdir()
    write_csv(
        reports / "unknown-people.csv",
        ["person_id", "name", "country", "role_phrase", "articles", "first_article"],
        [
            [pid, people[pid][0], people[pid][1], "Minister", 1, seed]
            for pid, seed in reported.items()
            if pid in people
        ],
    )
    return data


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_check_finds_exactly_its_offenders(tmp_path, name):
    result = check_people.check(write_package(tmp_path))
    assert result.offenders(name) == EXPECTED[name]
    assert len(result.uncurated) == 17
    assert result.meetings == 3


def test_output_and_exit_status(tmp_path, capsys):
    data = write_package(tmp_path)
    assert check_people.main(["--data", str(data)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[:5] == [
        "people not curated: 17",
        "meetings: 3",
        "honorific: 2",
        "truncated: 2",
        "duplicate: 6",
    ]
    assert lines[5] == (
        "honorific\tdr-halvard-mossberg\tDr Halvard Mossberg\tNO\tarticles=1 (a.txt)"
        "\thonorific 'Dr'"
    )
    assert "truncated\tpieter-dam\tPieter Dam\tNL\tarticles=1 (a.txt)\tnot whole in 1 text" in lines
    assert (
        "duplicate\tferrand\tFerrand\tFR\tarticles=1 (c.txt)\twords of Élise Ferránd (elise-ferrand)"
    ) in lines
    assert "duplicate\tkorvald\tKORVALD\tNO\tarticles=1 (c.txt)\tall uppercase" in lines
    assert len(lines) == 5 + 10


# One offender alone in a package (beside the clean people every package has): each check
# on its own makes the exit status 1, and a package of clean people exits 0.
ONE_OFFENDER = {
    "honorific": {"dr-halvard-mossberg": PEOPLE["dr-halvard-mossberg"]},
    "truncated": {"tomasz-wierzbick": PEOPLE["tomasz-wierzbick"]},
    "duplicate": {"aalberg": PEOPLE["aalberg"]},
    None: {},
}
CLEAN = ("renske-aalberg", "sir-edmund-vane", "drago-petrov", "oskar-lindqvist", "lena-marsh")


@pytest.mark.parametrize("offending", list(ONE_OFFENDER), ids=str)
def test_exit_status_per_check(tmp_path, capsys, offending):
    people = {pid: PEOPLE[pid] for pid in CLEAN} | ONE_OFFENDER[offending]
    data = write_package(tmp_path, people=people)
    status = check_people.main(["--data", str(data)])
    out = capsys.readouterr().out.splitlines()
    assert status == (0 if offending is None else 1)
    counts = {name: 1 if name == offending else 0 for name in check_people.CHECKS}
    assert out[2:5] == [f"{name}: {count}" for name, count in counts.items()]
    assert [line.split("\t")[:2] for line in out[5:]] == [
        [offending, pid] for pid in ONE_OFFENDER[offending]
    ]


def test_texts_from_the_articles_folder(tmp_path, capsys):
    """Without a text column in articles.csv, --articles reads the seed files."""
    data = write_package(tmp_path, with_text=False)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, text in TEXTS.items():
        (seeds / name).write_text(text, encoding="utf-8")
    result = check_people.check(data, articles_dir=seeds)
    assert {name: result.offenders(name) for name in EXPECTED} == EXPECTED
    assert check_people.main(["--data", str(data)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"check_people: {data / 'articles.csv'}: line 1: no column text"
    )


def test_report_given_explicitly(tmp_path):
    """The report names an article no meeting gives: Lena Marsh is looked for there only."""
    data = write_package(tmp_path, texts=TEXTS | {"d.txt": "Lena Marsh spoke."})
    other = tmp_path / "elsewhere.csv"
    write_csv(
        other,
        ["person_id", "name", "country", "role_phrase", "articles", "first_article"],
        [["lena-marsh", "Lena Marsh", "IE", "Minister", 1, "a.txt"]],
    )
    result = check_people.check(data, report=other)
    assert result.offenders("truncated") == ["lena-marsh", "pieter-dam", "tomasz-wierzbick"]


def test_honorifics_come_from_roles_json(tmp_path):
    """A word added to reference/roles.json's honorifics is found: the list is not copied."""
    reference = tmp_path / "reference"
    (reference / "schemas").mkdir(parents=True)
    roles = json.loads((ROOT / "reference" / "roles.json").read_text(encoding="utf-8"))
    roles["words"]["honorifics"].append("Sayyid")
    (reference / "roles.json").write_text(json.dumps(roles), encoding="utf-8")
    shutil.copy(ROOT / "reference/schemas/roles.schema.json", reference / "schemas")
    people = PEOPLE | {"sayyid-karim-nour": ("Sayyid Karim Nour", "OM", False, [])}
    data = write_package(tmp_path, people=people, texts=TEXTS | {"d.txt": "Sayyid Karim Nour"})
    assert check_people.check(data, reference_dir=reference).offenders("honorific") == [
        "dr-halvard-mossberg",
        "nasser-sheikh-hamdan",
        "sayyid-karim-nour",
    ]
    assert check_people.check(data).offenders("honorific") == EXPECTED["honorific"]


@pytest.mark.parametrize("missing", ["people.csv", "meetings.csv", "meeting_participants.csv"])
def test_missing_file_is_one_line_naming_it(tmp_path, capsys, missing):
    data = write_package(tmp_path)
    (data / missing).unlink()
    assert check_people.main(["--data", str(data)]) == 2
    assert capsys.readouterr().err.strip() == f"check_people: {data / missing}: no such file"


def test_bad_report_count_is_one_line_naming_the_row(tmp_path, capsys):
    data = write_package(tmp_path)
    report = tmp_path / "build-reports" / "unknown-people.csv"
    report.write_text(report.read_text(encoding="utf-8").replace(",1,b.txt", ",one,b.txt", 1))
    assert check_people.main(["--data", str(data)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"check_people: {report}: line 2: articles 'one' is no count"
    )
