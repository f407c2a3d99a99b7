"""Who a name, a title or a label is: the right person or nobody (issue 12).

Each case is an ordinary readout or news sentence of our own; the expected list is
every person found, exactly: (person_id, quoted text).
"""

import datetime as dt

import pytest
from helpers import claims_of

from parley.recognise import PeopleContext, find_people

DAY = dt.date(2022, 5, 10)


def found(text, reference, day=DAY, principals=None):
    context = PeopleContext(reference, day, principals=principals or {})
    return [(m.person_id, text[m.start : m.end]) for m in find_people(text, 0, context)]


def new_people(text, reference, day=DAY):
    context = PeopleContext(reference, day)
    find_people(text, 0, context)
    return {
        (p.name, p.country, p.offices[0].title if p.offices else "")
        for p in context.extra_people.values()
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A surname with another given name printed before it is somebody else.
        ("Jose W. Fernandez met the delegation.", []),
        ("Vic Rodriguez met the delegation.", []),
        # ... but the person's own given name, another spelling of it, or its initial fit.
        ("Alberto Fernandez met the delegation.", [("alberto-fernandez", "Alberto Fernandez")]),
        ("A. Fernández met the delegation.", [("alberto-fernandez", "Fernández")]),
        ("Sergei V. Lavrov met the delegation.", [("sergey-lavrov", "Lavrov")]),
        # Titles and sentence openers before a surname are no given names.
        ("President Fernández met the delegation.", [("alberto-fernandez", "Fernández")]),
        ("Both Biden and Putin spoke.", [("joe-biden", "Biden"), ("vladimir-putin", "Putin")]),
    ],
)
def test_a_surname_needs_a_compatible_given_name(text, expected, reference):
    assert found(text, reference) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Blinken flew on to Costa Rica.", [("antony-blinken", "Blinken")]),
        ("The talks took place at the Obama Foundation.", []),
        ("She studied at the Clinton School of Public Service.", []),
        ("Blinken flew on to The Hague.", [("antony-blinken", "Blinken")]),
        ("The envoy spoke at the Guterres Lecture.", []),
        ("Guterres spoke at the Carter Presidential Center.", [("antonio-guterres", "Guterres")]),
    ],
)
def test_a_name_inside_a_place_or_organisation_name_is_no_person(text, expected, reference):
    assert found(text, reference) == expected


@pytest.mark.parametrize(
    ("text", "people"),
    [
        (
            "Blinken met Haitian Prime Minister Dr. Ariel Henry.",
            {("Ariel Henry", "HT", "Prime Minister")},
        ),
        (
            "Sullivan met British National Security Adviser Sir Edmund Hartley.",
            {("Edmund Hartley", "GB", "National Security Adviser")},
        ),
        (
            "Blinken met Kuwaiti Foreign Minister Sheikh Ahmad Nasser Al-Mohammad Al-Sabah.",
            {("Ahmad Nasser Al-Mohammad Al-Sabah", "KW", "Foreign Minister")},
        ),
        (
            "Blinken received Kenyan Foreign Minister H.E. Raychelle Omamo.",
            {("Raychelle Omamo", "KE", "Foreign Minister")},
        ),
        ("Prime Minister Dr. Ariel Henry spoke.", set()),  # no country: nobody
        ("Blinken met Mr. Smith.", set()),
    ],
)
def test_honorifics_are_never_people_nor_part_of_a_name(text, people, reference):
    assert new_people(text, reference) == people


def test_a_clock_time_is_no_prime_minister(reference):
    text = "At 7:45 PM Blinken spoke with Pakistani Foreign Minister Bilawal Bhutto Zardari."
    assert found(text, reference) == [
        ("antony-blinken", "Blinken"),
        ("bilawal-bhutto-zardari", "Bilawal Bhutto Zardari"),
    ]
    assert found("The briefing began at 10 PM in Kyiv.", reference) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("King Abdullah II of Jordan met Biden.", ("abdullah-ii", "King Abdullah II of Jordan")),
        ("Jordan's King Abdullah met Biden.", ("abdullah-ii", "King Abdullah")),
    ],
)
def test_a_monarch_resolves_with_the_country_printed(text, expected, reference):
    # Jordan's king, curated (people.json), and never the Saudi king who shares the
    # short name.
    assert found(text, reference) == [expected, ("joe-biden", "Biden")]


def test_a_monarch_outside_the_list_resolves_with_the_country_printed(reference):
    text = "King Mohammed VI of Morocco met Blinken."
    assert new_people(text, reference) == {("Mohammed VI", "MA", "King")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Saudi Arabia's Abdullah (2005-2015) and Jordan's Abdullah II (since 1999) both
        # reigned in 2008: the bare title names nobody, the country decides.
        ("King Abdullah received Bush.", [("george-w-bush", "Bush")]),
        (
            "Saudi King Abdullah received Bush.",
            [("abdullah-bin-abdulaziz", "King Abdullah"), ("george-w-bush", "Bush")],
        ),
        (
            "King Abdullah of Saudi Arabia received Bush.",
            [
                ("abdullah-bin-abdulaziz", "King Abdullah of Saudi Arabia"),
                ("george-w-bush", "Bush"),
            ],
        ),
    ],
)
def test_the_monarch_a_shared_short_name_means_depends_on_the_country(text, expected, reference):
    assert found(text, reference, dt.date(2008, 1, 15)) == expected


@pytest.mark.parametrize(
    ("text", "person", "owner", "relational"),
    [
        ("Blinken condemned Putin's brutal war.", "vladimir-putin", True, False),
        (
            "Blinken met Bjoern Seibert, Head of Cabinet of Commission President von der Leyen.",
            "ursula-von-der-leyen",
            False,
            True,
        ),
        (
            "Sullivan met the Chief of Staff to President Zelenskyy.",
            "volodymyr-zelensky",
            False,
            True,
        ),
        ("Blinken met an adviser to Erdogan.", "recep-tayyip-erdogan", False, True),
        ("Blinken met President Zelenskyy in Kyiv.", "volodymyr-zelensky", False, False),
        # Named but not present: represented, or mourned.
        (
            "Blinken met Kishida to offer condolences on behalf of President Biden.",
            "joe-biden",
            False,
            True,
        ),
        (
            "Kishida spoke of the assassination of former Prime Minister Abe Shinzo.",
            "shinzo-abe",
            False,
            True,
        ),
        ("Blinken met Macron after the death of Queen Elizabeth.", "elizabeth-ii", False, True),
        ("Blinken met Macron on behalf of the delegation.", "emmanuel-macron", False, False),
    ],
)
def test_owners_and_people_named_only_to_place_someone_else_are_flagged(
    text, person, owner, relational, reference
):
    mentions = find_people(text, 0, PeopleContext(reference, DAY))
    flags = {m.person_id: (m.owner, m.relational) for m in mentions}
    assert flags[person] == (owner, relational)


def test_a_person_named_only_to_place_someone_else_takes_no_part(reference):
    # Seibert met Blinken; von der Leyen, named only to place him, was not there.
    text = (
        "Blinken met Bjoern Seibert, Head of Cabinet of Commission President von der "
        "Leyen, in Brussels on May 9, 2022."
    )
    assert claims_of(text, reference, DAY) == {
        (
            ("antony-blinken", "bjoern-seibert"),
            "talks",
            "held",
            ("2022-05-09", "2022-05-09"),
            "brussels",
        )
    }


STATE = (
    "Secretary's Meeting\n\nOffice of the Spokesperson\nMay 10, 2022\n\n"
    "The below is attributable to Spokesperson Ned Price:\n\n"
)
WHITE_HOUSE = "Readout of a Meeting\n\nThe White House\nMay 10, 2022\n\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            STATE + "The Secretary met today with his Egyptian counterpart in Cairo.",
            {(("antony-blinken", "sameh-shoukry"), "talks", "held", ("2022-05-10",) * 2, "cairo")},
        ),
        (
            STATE + "The Secretary met today with the Saudi foreign minister in Riyadh.",
            {
                (
                    ("antony-blinken", "faisal-bin-farhan"),
                    "talks",
                    "held",
                    ("2022-05-10",) * 2,
                    "riyadh",
                )
            },
        ),
        (
            WHITE_HOUSE + "The President met today with Prime Minister Kishida in Tokyo.",
            {(("fumio-kishida", "joe-biden"), "summit", "held", ("2022-05-10",) * 2, "tokyo")},
        ),
        # The release's deputy principal, qualified ("Deputy") as the Secretary is not.
        (
            STATE + "On May 10, the Deputy Secretary will meet with Algerian Foreign Minister "
            "Ramtane Lamamra in Algiers.",
            {
                (
                    ("ramtane-lamamra", "wendy-sherman"),
                    "talks",
                    "planned",
                    ("2022-05-10",) * 2,
                    "algiers",
                )
            },
        ),
        (STATE + "The Deputy Secretary of Defense met Ramtane Lamamra in Algiers today.", set()),
        # Without an issuer, "the Secretary" and "the President" are nobody.
        ("The Secretary met today with his Egyptian counterpart in Cairo on May 10, 2022.", set()),
        ("The President met today with Prime Minister Kishida in Tokyo on May 10, 2022.", set()),
    ],
)
def test_the_issuers_principal_and_counterparts_resolve_on_the_day(text, expected, reference):
    assert claims_of(text, reference, DAY) == expected


def test_an_under_secretary_or_executive_secretary_is_not_the_secretary(reference):
    principals = {
        "the secretary": ("foreign_minister", "US"),
        "secretary": ("foreign_minister", "US"),
    }
    assert found("The Secretary spoke.", reference, principals=principals) == [
        ("antony-blinken", "Secretary")
    ]
    for text in ("The Under Secretary spoke.", "Executive Secretary Vic Rodriguez spoke."):
        assert found(text, reference, principals=principals) == []


@pytest.mark.parametrize(
    ("text", "expected", "new"),
    [
        # Another country's secretary is not the release's Secretary (of State), nor that
        # country's foreign minister: a person outside the list, or nobody.
        (
            "Sherman's Meeting with New Zealand Secretary Ana Ruiz",
            [("wendy-sherman", "Sherman")],
            set(),
        ),
        (
            "Sherman met German State Secretary Ana Ruiz today.",
            [("wendy-sherman", "Sherman"), ("ana-ruiz", "State Secretary Ana Ruiz")],
            {("Ana Ruiz", "DE", "State Secretary")},
        ),
        (
            "Blinken met Holy See Secretary of State Cardinal Ana Ruiz in Vatican City.",
            [
                ("antony-blinken", "Blinken"),
                ("ana-ruiz", "Secretary of State Cardinal Ana Ruiz"),
            ],
            {("Ana Ruiz", "VA", "Secretary of State")},
        ),
        # "Secretary X" in running text, X unknown: X's title, not the Secretary of State.
        ("The Deputy Secretary congratulated Secretary Ruiz on the forum.", [], set()),
        # Another country's "Secretary of State for ...".
        ("He met Secretary of State for Energy Ana Ruiz in Warsaw.", [], set()),
    ],
)
def test_another_countrys_secretary_is_not_the_secretary(text, expected, new, reference):
    principals = {
        "the secretary": ("foreign_minister", "US"),
        "secretary": ("foreign_minister", "US"),
    }
    context = PeopleContext(reference, DAY, principals=principals)
    assert [(m.person_id, text[m.start : m.end]) for m in find_people(text, 0, context)] == expected
    assert {(p.name, p.country, p.offices[0].title) for p in context.extra_people.values()} == new


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A secretary of another department is not the Secretary (of State) of a release:
        # an official of that department (roles.json, role "other", named only).
        (
            "Secretary of Homeland Security Ana Ruiz also joined the meeting.",
            [("ana-ruiz", "Secretary of Homeland Security Ana Ruiz")],
        ),
        ("The Secretary of the Treasury spoke.", []),
        ("Secretary for Foreign Affairs Ana Ruiz spoke.", []),
        # The Secretary of State is a phrase of its own, and "the Secretary" still the issuer's.
        ("The Secretary of State spoke.", [("antony-blinken", "Secretary of State")]),
        ("The Secretary spoke of the talks.", [("antony-blinken", "Secretary")]),
    ],
)
def test_a_secretary_with_a_remit_of_another_department_is_not_the_secretary(
    text, expected, reference
):
    principals = {
        "the secretary": ("foreign_minister", "US"),
        "secretary": ("foreign_minister", "US"),
    }
    assert found(text, reference, principals=principals) == expected


@pytest.mark.parametrize(
    ("text", "people"),
    [
        (
            "Blinken met Lithuanian Foreign Minister Dainius Kerbelis.",
            {("Dainius Kerbelis", "LT", "Foreign Minister")},
        ),
        (
            "Lithuanian Foreign Minister Dainius Kerbelis's visit ended.",
            {("Dainius Kerbelis", "LT", "Foreign Minister")},
        ),
        (
            "Blinken met UN Special Envoy Staffan de Mistura.",
            {("Staffan de Mistura", "UN", "Envoy")},
        ),
        (
            "Blinken met NATO Secretary General Lars Eikeland.",
            {("Lars Eikeland", "NATO", "Secretary General")},
        ),
        (
            "Blinken met OECD Secretary-General Paul Wexford.",
            {("Paul Wexford", "OECD", "Secretary-General")},
        ),
        (
            "Blinken met EEAS Secretary General Marco Vitelli.",
            {("Marco Vitelli", "EU", "Secretary General")},
        ),
        (
            "Blinken met Egyptian President Abdel Fattah Al Sisi.",
            set(),  # a longer form of a curated person's name
        ),
    ],
)
def test_officials_outside_the_list_keep_their_full_name_and_their_body(text, people, reference):
    assert new_people(text, reference) == people


@pytest.mark.parametrize(
    ("text", "people"),
    [
        (
            "Blinken held talks with his Bulgarian counterpart, Petar Ivanov, in Sofia.",
            {("Petar Ivanov", "BG", "")},  # no office printed: none recorded
        ),
        (
            "Blinken then met his Polish colleague, Foreign Minister Jan Nowicki, in Warsaw.",
            {("Jan Nowicki", "PL", "Foreign Minister")},
        ),
        # a curated person in apposition is that person, no new one
        ("Blinken met his Russian counterpart, Sergey Lavrov, in Geneva.", set()),
        # a surname alone is no full name
        ("Blinken met his Bulgarian counterpart, Ivanov, in Sofia.", set()),
        # no apposition: the counterpart resolves by office or not at all
        ("Blinken met his Bulgarian counterpart in Sofia.", set()),
    ],
)
def test_a_counterpart_named_in_apposition_is_a_new_person_of_that_country(text, people, reference):
    assert new_people(text, reference) == people


def test_the_counterpart_named_in_apposition_is_the_mention(reference):
    text = "Blinken held talks with his Bulgarian counterpart, Petar Ivanov, in Sofia."
    assert found(text, reference) == [
        ("antony-blinken", "Blinken"),
        ("petar-ivanov", "his Bulgarian counterpart, Petar Ivanov"),
    ]


def test_an_official_introduced_once_is_found_again_by_surname(reference):
    context = PeopleContext(reference, DAY)
    first = "Blinken met Moroccan Foreign Minister Nasser Bourita in Rabat."
    second = "Bourita thanked him; Ahmed Bourita was not there."
    find_people(first, 0, context)
    assert [(m.person_id, second[m.start : m.end]) for m in find_people(second, 0, context)] == [
        ("nasser-bourita", "Bourita")
    ]


@pytest.mark.parametrize(
    ("text", "people"),
    [
        (
            "Blinken met Dominican Foreign Minister Roberto Ávila.",
            {("Roberto Ávila", "DO", "Foreign Minister")},
        ),
        (
            "Blinken met Rwandan Minister of Foreign Affairs and International Cooperation "
            "Vincent Biruta.",
            {
                (
                    "Vincent Biruta",
                    "RW",
                    "Minister of Foreign Affairs and International Cooperation",
                )
            },
        ),
        (
            "Sherman met Estonian Foreign Ministry Secretary General Jonatan Vseviov.",
            {("Jonatan Vseviov", "EE", "Secretary General")},
        ),
        ("Blinken met Bruneian Foreign Minister II Erywan.", set()),
        (
            "Sherman spoke with Omani Deputy Foreign Minister Khalifa al-Harthy.",
            {("Khalifa al-Harthy", "OM", "Deputy Foreign Minister")},
        ),
    ],
)
def test_names_with_accented_capitals_titles_and_ranks(text, people, reference):
    assert new_people(text, reference) == people


def test_a_no_break_space_inside_a_name_does_not_cut_it(reference):
    text = (
        "Secretary of State Antony J.\u202fBlinken\u202fmet Polish Foreign Minister Tomasz Wierzba."
    )
    context = PeopleContext(reference, DAY)
    assert [(m.person_id, m.by) for m in find_people(text, 0, context)] == [
        ("antony-blinken", "name"),
        ("tomasz-wierzba", "name"),
    ]
    assert set(context.extra_people) == {"tomasz-wierzba"}


def _findings(reference, *texts):
    from parley.extract import analyse_article
    from parley.parse import parse_article
    from parley.records import Article

    return [
        analyse_article(parse_article(Article(f"a{i}.txt", t, f"{i:064d}"), reference), reference)
        for i, t in enumerate(texts)
    ]


def test_one_row_per_person_across_the_package(reference):
    from parley.recognise import unify_people, unknown_people_report

    findings = _findings(
        reference,
        "Talks in Yerevan\n\nMay 10, 2022\n\nBlinken met Armenian Prime Minister Tevosyan "
        "in Yerevan on May 9, 2022.",
        "Talks in Washington\n\nMay 11, 2022\n\nBlinken met Armenian Prime Minister Nikol "
        "Tevosyan in Washington on May 10, 2022. Tevosyan thanked him.",
        "Talks in Panama\n\nMay 12, 2022\n\nBlinken met Panamanian President Julio "
        "Guardia in Panama City on May 11, 2022.",
        "Talks in Panama\n\nMay 13, 2022\n\nBlinken met Panamanian President Julio "
        "Guardia Marin in Panama City on May 12, 2022.",
    )
    assert {pid for f in findings for pid in f.people} == {
        "tevosyan",
        "nikol-tevosyan",
        "julio-guardia",
        "julio-guardia-marin",
    }
    unified = unify_people(findings, reference)
    assert [sorted(f.people) for f in unified] == [
        ["nikol-tevosyan"],
        ["nikol-tevosyan"],
        ["julio-guardia-marin"],
        ["julio-guardia-marin"],
    ]
    assert [c.participants for f in unified for c in f.claims] == [
        ("antony-blinken", "nikol-tevosyan"),
        ("antony-blinken", "nikol-tevosyan"),
        ("antony-blinken", "julio-guardia-marin"),
        ("antony-blinken", "julio-guardia-marin"),
    ]
    rows = [
        {"person_id": "nikol-tevosyan", "curated": False},
        {"person_id": "julio-guardia-marin", "curated": False},
        {"person_id": "antony-blinken", "curated": True},
    ]
    report = unknown_people_report(unified, rows)
    assert [(r["name"], r["country"], r["role_phrase"], r["articles"]) for r in report] == [
        ("Julio Guardia Marin", "PA", "President", 2),
        ("Nikol Tevosyan", "AM", "Prime Minister", 2),
    ]
    assert report[1]["first_article"] == "a0.txt"
    assert report[1]["first_quote"].startswith("Blinken met Armenian Prime Minister Tevosyan")


def test_a_surname_shared_by_two_fuller_names_stays_apart(reference):
    from parley.recognise import unify_people

    findings = _findings(
        reference,
        "Talks\n\nMay 10, 2022\n\nBlinken met Yemeni Foreign Minister Ahmed in Aden.",
        "Talks\n\nMay 10, 2022\n\nBlinken met Yemeni Foreign Minister Ali Ahmed in Aden.",
        "Talks\n\nMay 10, 2022\n\nBlinken met Yemeni Foreign Minister Omar Ahmed in Aden.",
    )
    assert [sorted(f.people) for f in unify_people(findings, reference)] == [
        ["ahmed"],
        ["ali-ahmed"],
        ["omar-ahmed"],
    ]


def test_a_hyphenated_family_name_with_a_particle_is_the_same_person(reference):
    from parley.recognise import unify_people

    findings = _findings(
        reference,
        "Talks\n\nMay 10, 2022\n\nBlinken met Omani Deputy Foreign Minister Al Harbi in Muscat.",
        "Talks\n\nMay 11, 2022\n\nBlinken met Omani Deputy Foreign Minister Salim al-Harbi "
        "in Muscat.",
    )
    assert [sorted(f.people) for f in unify_people(findings, reference)] == [
        ["salim-al-harbi"],
        ["salim-al-harbi"],
    ]


@pytest.mark.parametrize(
    ("headline", "body", "expected"),
    [
        # A headline's surname, then the full name in the body: one person, in full.
        (
            "Sherman's Meeting with Zambian Foreign Minister Mwale",
            "Sherman met Foreign Minister Stanley Mwale in Lusaka on May 9.",
            {"stanley-mwale": "Stanley Mwale"},
        ),
        # The given name first, then given and family name.
        (
            "Sherman's Meeting with Lao Deputy Foreign Minister Khamsouk",
            "Sherman met today with Khamsouk Vongsa, Deputy Minister of Foreign Affairs.",
            {"khamsouk-vongsa": "Khamsouk Vongsa"},
        ),
        # A nickname inside the name is part of it.
        (
            "Talks in Suva",
            "Blinken met Fiji Prime Minister Josaia Tuilagi “Frank” Vunivalu in Suva on May 9.",
            {"josaia-tuilagi-frank-vunivalu": "Josaia Tuilagi “Frank” Vunivalu"},
        ),
    ],
)
def test_a_fuller_printed_form_names_the_person_in_full(headline, body, expected, reference):
    from parley.recognise import unify_people

    [finding] = unify_people(
        _findings(reference, f"{headline}\n\nMay 10, 2022\n\n{body}"), reference
    )
    assert {pid: person.name for pid, person in finding.people.items()} == expected
    assert {p for claim in finding.claims for p in claim.participants} - {
        "antony-blinken",
        "wendy-sherman",
    } == set(expected)


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        # A given name with a letter doubled, the same surname and office: one person.
        ("Kirill Dobrev", [["kiril-dobrev"], ["kiril-dobrev"]]),
        # Another letter, or another office: two.
        ("Kirila Dobrev", [["kiril-dobrev"], ["kirila-dobrev"]]),
    ],
)
def test_a_given_name_spelt_with_a_double_letter_is_the_same_person(second, expected, reference):
    from parley.recognise import unify_people

    findings = _findings(
        reference,
        "Talks\n\nMay 10, 2022\n\nBlinken met Bulgarian Prime Minister Kiril Dobrev in Sofia.",
        f"Talks\n\nMay 11, 2022\n\nBlinken met Bulgarian Prime Minister {second} in Sofia.",
    )
    assert [sorted(f.people) for f in unify_people(findings, reference)] == expected


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        # Another case and order, or a family name with its particle: the one holder of
        # the office printed on the day whose name has those words.
        (
            "Blinken met Japanese Foreign Minister HAYASHI Yoshimasa.",
            DAY,
            [
                ("antony-blinken", "Blinken"),
                ("yoshimasa-hayashi", "Foreign Minister HAYASHI Yoshimasa"),
            ],
        ),
        (
            "Blinken called Qatari Foreign Minister Al-Thani.",
            DAY,
            [
                ("antony-blinken", "Blinken"),
                ("mohammed-bin-abdulrahman-al-thani", "Foreign Minister Al-Thani"),
            ],
        ),
        # Before his term the words fit nobody: a person outside the list, as printed.
        (
            "Blinken met Japanese Foreign Minister HAYASHI Yoshimasa.",
            dt.date(2020, 5, 10),
            [
                ("antony-blinken", "Blinken"),
                ("hayashi-yoshimasa", "Foreign Minister HAYASHI Yoshimasa"),
            ],
        ),
    ],
)
def test_a_printed_form_of_the_holders_name_is_the_holder(text, day, expected, reference):
    assert found(text, reference, day) == expected


def test_the_build_reports_people_outside_the_list_beside_the_package(tmp_path):
    import csv

    from parley.build import build

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(
        "Talks in Vilnius\n\nMay 10, 2022\n\nBlinken met Lithuanian Foreign Minister "
        "Dainius Kerbelis in Vilnius on May 9, 2022.\n",
        encoding="utf-8",
    )
    summary = build(seeds, tmp_path / "out")
    report = tmp_path / "out-reports" / "unknown-people.csv"
    assert summary.report == report and summary.unknown_people == 1
    assert "1 people not curated" in summary.line()
    with open(report, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["name"], r["country"], r["role_phrase"], r["articles"]) for r in rows] == [
        ("Dainius Kerbelis", "LT", "Foreign Minister", "1")
    ]
    assert "unknown-people.csv" not in {p.name for p in (tmp_path / "out").iterdir()}


@pytest.mark.parametrize(
    ("text", "people"),
    [
        # A particle is looked past: "Ahmed bin" is the given name, not Hosni Mubarak's.
        (
            "Blinken met Yemeni Foreign Minister Khaled bin Mubarak.",
            {("Khaled bin Mubarak", "YE", "Foreign Minister")},
        ),
        # A title the curated namesake never held makes somebody else.
        ("He hosted Indian Defense Minister Singh.", {("Singh", "IN", "Defense Minister")}),
        # A surname after the full name in the same sentence is the same person.
        (
            "Sherman met Belgian Secretary General Theodora Gentzis in Washington, D.C. "
            "Sherman and Secretary General Gentzis spoke.",
            {("Theodora Gentzis", "BE", "Secretary General")},
        ),
    ],
)
def test_surnames_after_particles_titles_and_full_names(text, people, reference):
    assert new_people(text, reference) == people
    assert "hosni-mubarak" not in {p for p, _ in found(text, reference)}
    assert "manmohan-singh" not in {p for p, _ in found(text, reference)}


def test_a_surname_goes_to_the_fuller_name_with_the_same_title(reference):
    from parley.recognise import unify_people

    findings = _findings(
        reference,
        "Talks\n\nMay 10, 2022\n\nBlinken met Bangladeshi Foreign Minister Hossainy in Dhaka.",
        "Talks\n\nMay 10, 2022\n\nBlinken met Bangladeshi Foreign Minister Abdul Hossainy in Dhaka.",
        "Talks\n\nMay 10, 2022\n\nSherman met Bangladeshi Foreign Secretary Masud Bin Hossainy.",
    )
    assert [sorted(f.people) for f in unify_people(findings, reference)] == [
        ["abdul-hossainy"],
        ["abdul-hossainy"],
        ["masud-bin-hossainy"],
    ]


# One office lookup for every stage (records.Person.office_on): the rule and its one
# named variant, on a person of our own with two offices begun the same day.
_KING = dt.date(2015, 1, 23)
_TWO_HATS = (
    ("head_of_government", "Prime Minister", "SA", _KING, dt.date(2022, 9, 27)),
    ("head_of_state", "King", "SA", _KING, None),
)


@pytest.mark.parametrize(
    ("offices", "day", "or_last", "expected"),
    [
        (_TWO_HATS, dt.date(2020, 1, 1), False, "Prime Minister"),  # first listed covering
        (_TWO_HATS, dt.date(2023, 1, 1), False, "King"),
        (_TWO_HATS, dt.date(2010, 1, 1), False, None),  # out of office: none
        (_TWO_HATS, dt.date(2010, 1, 1), True, "King"),  # or the last listed
        (_TWO_HATS, None, False, "King"),  # no day: begun last, last listed of a tie
        ((("ambassador", "Ambassador", "US", None, None),), None, False, "Ambassador"),
        ((), DAY, True, None),
    ],
)
def test_office_on(offices, day, or_last, expected):
    from parley.records import Office, Person

    person = Person("p", "P", "SA", True, tuple(Office(*o) for o in offices))
    office = person.office_on(day, or_last=or_last)
    assert (office.title if office else None) == expected


# roles.json words.counterpart is the only list of counterpart words: "colleague" is one.
@pytest.mark.parametrize(
    "sentence",
    [
        "Blinken met his Russian colleague in Geneva on Friday.",
        "Blinken met his Russian counterpart in Geneva on Friday.",
        "Blinken met his Russian opposite number in Geneva on Friday.",
    ],
)
def test_a_counterpart_word_of_roles_json_names_the_counterpart(sentence, reference):
    text = f"Talks in Geneva\n\n14 January, 2022\n\n{sentence}\n"
    assert claims_of(text, reference, dt.date(2022, 1, 14)) == {
        (
            ("antony-blinken", "sergey-lavrov"),
            "talks",
            "held",
            ("2022-01-14", "2022-01-14"),
            "geneva",
        )
    }


_US_RELEASE = {"the secretary": ("foreign_minister", "US"), "secretary": ("foreign_minister", "US")}


@pytest.mark.parametrize(
    ("text", "principals", "new"),
    [
        # Met in another country, an office printed without a country is that country's.
        (
            "The Secretary will travel to Vilnius, Lithuania on March 6 to meet with "
            "President Ana Ruiz and Prime Minister Juan Soto.",
            _US_RELEASE,
            {("Ana Ruiz", "LT", "President"), ("Juan Soto", "LT", "Prime Minister")},
        ),
        (
            "Blinken met with Prime Minister Juan Soto in Vilnius.",
            {},
            {("Juan Soto", "LT", "Prime Minister")},
        ),
        # At home, or hosting, the venue says nothing of the guest.
        ("Secretary Blinken met with Prime Minister Juan Soto in Washington.", _US_RELEASE, set()),
        ("Putin met with Prime Minister Juan Soto in Sochi.", {}, set()),
        (
            "Secretary Austin and I look forward to hosting Defense Minister Juan Soto in "
            "Washington.",
            {},
            set(),
        ),
        # Nor at a gathering of many countries, nor for an office that travels.
        (
            "On the margins of the NATO Ministerial in Brussels, Secretary Blinken met with "
            "Foreign Minister Juan Soto.",
            _US_RELEASE,
            set(),
        ),
        (
            "The Secretary will travel to Vilnius to meet with Ambassador Juan Soto.",
            _US_RELEASE,
            set(),
        ),
        # A printed country wins, after "interim" too.
        (
            "Blinken met Libyan interim Prime Minister Juan Soto in Berlin.",
            {},
            {("Juan Soto", "LY", "Prime Minister")},
        ),
    ],
)
def test_an_official_met_abroad_is_of_the_country_visited(text, principals, new, reference):
    context = PeopleContext(reference, DAY, principals=principals, pronoun_referent=None)
    find_people(text, 0, context)
    assert {(p.name, p.country, p.offices[0].title) for p in context.extra_people.values()} == new


def test_an_under_secretary_outside_the_list_is_named_and_found_again(reference):
    context = PeopleContext(reference, DAY, principals=_US_RELEASE)
    first = (
        "Under Secretary of State for Civilian Security, Democracy, and Human Rights "
        "Ana Ruiz and Under Secretary of State Jose W. Fernandez will travel to Tunis."
    )
    second = "In Tunis, Under Secretary Fernandez will meet with Tunisian President Juan Soto."
    assert [(m.person_id, first[m.start : m.end]) for m in find_people(first, 0, context)] == [
        ("ana-ruiz", first[: first.index(" and Under")]),
        ("jose-w-fernandez", "Under Secretary of State Jose W. Fernandez"),
    ]
    # "Fernandez" is the Fernandez the article introduced, not the curated Alberto Fernández.
    assert [m.person_id for m in find_people(second, 0, context)] == [
        "jose-w-fernandez",
        "juan-soto",
    ]
    assert context.extra_people["ana-ruiz"].country == "US"


@pytest.mark.parametrize(
    "text",
    [
        "In the United Arab Emirates, Kerry met Sheikh Tahnoun bin Sultan Al Nahyan.",
        "In the United Arab Emirates, Kerry met Special Envoy for Climate Change Dr. Sultan Al Jaber.",
    ],
)
def test_a_title_inside_a_name_is_a_given_name(text, reference):
    context = PeopleContext(reference, DAY)
    mentions = find_people(text, 0, context)
    assert not any(m.title == "Sultan" for m in mentions)
    assert context.extra_people == {}


@pytest.mark.parametrize(
    ("referent", "new"), [("antony-blinken", {("Ana Ruiz", "EE")}), (None, set())]
)
def test_the_visitor_may_be_the_sentences_he_or_she(referent, new, reference):
    context = PeopleContext(reference, DAY, pronoun_referent=referent)
    find_people("He will travel to Tallinn, Estonia, to meet with President Ana Ruiz.", 0, context)
    assert {(p.name, p.country) for p in context.extra_people.values()} == new


@pytest.mark.parametrize(
    ("referent", "new"),
    [("antony-blinken", {("Juan Soto", "EE")}), (None, set())],
)
def test_the_he_or_she_before_a_host_named_first_is_the_visitor(referent, new, reference):
    # "he" comes before the Estonian: he travels, and the minister is of the venue too.
    context = PeopleContext(reference, DAY, pronoun_referent=referent)
    find_people(
        "In Tallinn, he will meet with Estonian Prime Minister Ana Ruiz and Foreign Minister "
        "Juan Soto.",
        0,
        context,
    )
    assert {(p.name, p.country) for p in context.extra_people.values()} - {
        ("Ana Ruiz", "EE")
    } == new


@pytest.mark.parametrize(
    ("text", "new"),
    [
        # An envoy a State Department release names first, without a country, is its own.
        (
            "Special Envoy for Yemen Ana Ruiz met with Yemeni Foreign Minister Juan Soto.",
            {("Ana Ruiz", "US"), ("Juan Soto", "YE")},
        ),
        # Not the other side's, named after someone else, nor another body's, nor one
        # accredited to the issuer's own country.
        ("Blinken met with President Zelenskyy and Ambassador Ana Ruiz.", set()),
        ("PRC Special Representative Ana Ruiz spoke.", set()),
        ("Ambassador to the United States Ana Ruiz spoke.", set()),
    ],
)
def test_an_envoy_a_release_names_first_is_the_issuers(text, new, reference):
    context = PeopleContext(
        reference, DAY, principals=_US_RELEASE, own_offices=frozenset({"ambassador"})
    )
    find_people(text, 0, context)
    assert {(p.name, p.country) for p in context.extra_people.values()} == new


def test_an_ambassadors_country_of_accreditation_is_part_of_the_title(reference):
    text = "Saudi Ambassador to the United States Ana Ruiz met Sherman."
    assert new_people(text, reference) == {("Ana Ruiz", "SA", "Ambassador")}
    # A curated name after it is one mention with the title, its owner no "ambassador to".
    text = "Sherman met Chinese Ambassador to the United States Qin Gang at the Department."
    day = dt.date(2021, 8, 12)
    assert found(text, reference, day) == [
        ("wendy-sherman", "Sherman"),
        ("qin-gang", "Ambassador to the United States Qin Gang"),
    ]
    assert claims_of("Talks\n\nAugust 12, 2021\n\n" + text, reference, day) == {
        (("qin-gang", "wendy-sherman"), "talks", "held", None, "")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A short name followed by other name words is somebody else ...
        ("Pompeo met Kim Chol Su in New York.", [("mike-pompeo", "Pompeo")]),
        # ... but not its own name in another order, nor a day, nor a headline's capitals.
        (
            "Pompeo met Abe Shinzo in Tokyo.",
            [("mike-pompeo", "Pompeo"), ("shinzo-abe", "Abe Shinzo")],
        ),
        (
            "Blinken met Lavrov Tuesday.",
            [("antony-blinken", "Blinken"), ("sergey-lavrov", "Lavrov")],
        ),
        ("Putin Tells Reporters Of Talks", [("vladimir-putin", "Putin")]),
    ],
)
def test_a_short_name_printed_with_other_name_words_is_somebody_else(text, expected, reference):
    assert found(text, reference, dt.date(2018, 6, 1)) == expected


@pytest.mark.parametrize(
    ("text", "expected", "new"),
    [
        # An assistant secretary outside the list is named (several hold the office at once).
        (
            "Assistant Secretary Ana Ruiz met Lithuanian Foreign Minister Juan Soto.",
            ["ana-ruiz", "juan-soto"],
            {("Ana Ruiz", "US", "Assistant Secretary"), ("Juan Soto", "LT", "Foreign Minister")},
        ),
        # The Secretary General of a body the reference does not know is not the UN's.
        (
            "Blinken met the Secretary General of the International Maritime Organization.",
            ["antony-blinken"],
            set(),
        ),
        (
            "Blinken met with Secretary-General of the United Nations Antonio Guterres.",
            ["antony-blinken", "antonio-guterres"],
            set(),
        ),
    ],
)
def test_assistant_secretaries_and_other_bodies_officers(text, expected, new, reference):
    context = PeopleContext(reference, DAY, principals=_US_RELEASE)
    assert [m.person_id for m in find_people(text, 0, context)] == expected
    assert {(p.name, p.country, p.offices[0].title) for p in context.extra_people.values()} == new


@pytest.mark.parametrize(
    "text",
    [
        "Blinken spoke with Colombian President-Elect Juan Soto.",
        "Blinken congratulated him on his election as President of Colombia.",
        "Blinken met Colombian Foreign Minister-designate Ana Ruiz.",
    ],
)
def test_an_office_still_to_come_is_not_its_holders(text, reference):
    # The holder of the office on the day (Colombia's president) is not meant.
    context = PeopleContext(reference, dt.date(2022, 6, 21))
    assert [m.person_id for m in find_people(text, 0, context)] == ["antony-blinken"]


@pytest.mark.parametrize(
    ("text", "expected", "new"),
    [
        # Offices of no one kind (roles.json, role "other") name the person printed after
        # them, of the country the text gives.
        (
            "He met Indian Finance Minister Rhea Sen.",
            [("rhea-sen", "Finance Minister Rhea Sen")],
            {("Rhea Sen", "IN", "Finance Minister")},
        ),
        (
            "He met German MFA Political Director Tomas Berg.",
            [("tomas-berg", "Political Director Tomas Berg")],
            {("Tomas Berg", "DE", "Political Director")},
        ),
        (
            "He met Treasury Secretary Ana Ruiz.",
            [("ana-ruiz", "Treasury Secretary Ana Ruiz")],
            {("Ana Ruiz", "US", "Treasury Secretary")},
        ),
        (
            "He met Saudi Minister of Energy Prince Omar bin Fahd.",
            [("omar-bin-fahd", "Minister of Energy Prince Omar bin Fahd")],
            {("Omar bin Fahd", "SA", "Minister of Energy")},
        ),
        # The adviser to an office, named after it, is the adviser, not its holder.
        (
            "He met Foreign Policy Advisor to the President of Azerbaijan Omar Aliyev.",
            [("omar-aliyev", "President of Azerbaijan Omar Aliyev")],
            {("Omar Aliyev", "AZ", "Advisor to the President")},
        ),
        # ... never anyone by office alone, nor without a country.
        ("He met the Indian finance minister.", [], set()),
        ("He met Finance Minister Rhea Sen.", [], set()),
    ],
)
def test_an_office_of_no_one_kind_names_only_the_person_printed_after_it(
    text, expected, new, reference
):
    context = PeopleContext(reference, DAY)
    assert [(m.person_id, text[m.start : m.end]) for m in find_people(text, 0, context)] == expected
    assert {(p.name, p.country, p.offices[0].title) for p in context.extra_people.values()} == new


@pytest.mark.parametrize(
    ("text", "expected", "new"),
    [
        # Another title joined by "and" between the country and the office.
        (
            "He met New Zealand Chief Executive and Secretary of Foreign Affairs and Trade "
            "Ana Ruiz.",
            [("ana-ruiz", "Secretary of Foreign Affairs and Trade Ana Ruiz")],
            {("Ana Ruiz", "NZ", "Secretary of Foreign Affairs and Trade")},
        ),
        (
            "He met Thai Deputy Prime Minister and Foreign Minister Omar Sen.",
            [("omar-sen", "Foreign Minister Omar Sen")],
            {("Omar Sen", "TH", "Foreign Minister")},
        ),
    ],
)
def test_a_country_before_two_titles_joined_by_and(text, expected, new, reference):
    context = PeopleContext(reference, DAY)
    assert [(m.person_id, text[m.start : m.end]) for m in find_people(text, 0, context)] == expected
    assert {(p.name, p.country, p.offices[0].title) for p in context.extra_people.values()} == new


def test_an_article_dated_by_its_meetings_names_its_people_as_the_rest_of_the_package(tmp_path):
    # The undated article is analysed again once its meeting dates it ("yesterday"); its
    # "Foreign Minister Kettleby" is still the other article's Zorvan Kettleby, so both
    # report one meeting.
    import csv

    from parley.build import build

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Blinken meets Armenian foreign minister - 2021-05-04\n\nWASHINGTON, May 4, 2021 -- "
        "Secretary of State Antony Blinken met Armenian Foreign Minister Zorvan Kettleby in "
        "Washington on May 3.\n",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text(
        "Blinken and Kettleby talk\n\nSecretary of State Antony Blinken met Armenian Foreign "
        "Minister Kettleby in Washington yesterday. They discussed the region.\n",
        encoding="utf-8",
    )
    build(folder, tmp_path / "out")
    with open(tmp_path / "out" / "articles.csv", encoding="utf-8", newline="") as handle:
        dates = [
            (r["seed_file"], r["published_start"], r["published_basis"])
            for r in csv.DictReader(handle)
        ]
    assert sorted(dates) == [("a.txt", "2021-05-04", "stated"), ("b.txt", "2021-05-04", "inferred")]
    with open(
        tmp_path / "out" / "meeting_participants.csv", encoding="utf-8", newline=""
    ) as handle:
        people = [(r["person_id"], r["country"]) for r in csv.DictReader(handle)]
    assert people == [("antony-blinken", "US"), ("zorvan-kettleby", "AM")]
