"""Reference data checked against a reading of the State Department corpus (2021-2022):
office dates of the leaders it names, officials it names that the list lacked, titles
that name their holder, and a place name with a surname inside it.

Each case is a sentence of our own in readout style; the expected list is every person
found, exactly: (person_id, quoted text).
"""

import datetime as dt

import pytest

from parley.recognise import PeopleContext, find_people


def found(text, reference, day, principals=None):
    context = PeopleContext(reference, day, principals=principals or {})
    return [(m.person_id, text[m.start : m.end]) for m in find_people(text, 0, context)]


def title_on(reference, person_id, day):
    office = reference.people[person_id].office_on(day)
    return office.title if office else None


@pytest.mark.parametrize(
    ("person_id", "day", "title"),
    [
        # Crown Prince until Khalifa bin Zayed's death (13 May 2022), President after.
        ("mohamed-bin-zayed", dt.date(2022, 3, 20), "Crown Prince of Abu Dhabi"),
        ("mohamed-bin-zayed", dt.date(2022, 5, 13), "Crown Prince of Abu Dhabi"),
        ("mohamed-bin-zayed", dt.date(2022, 5, 14), "President"),
        ("khalifa-bin-zayed", dt.date(2022, 5, 13), "President"),
        ("khalifa-bin-zayed", dt.date(2022, 5, 14), None),
        # Korean presidents hand over at midnight: 9 May 2022 was Moon's last day.
        ("moon-jae-in", dt.date(2022, 5, 9), "President"),
        ("moon-jae-in", dt.date(2022, 5, 10), None),
        ("yoon-suk-yeol", dt.date(2022, 5, 10), "President"),
        # Shoigu was still Defence Minister in 2022 (Security Council from May 2024).
        ("sergei-shoigu", dt.date(2022, 5, 13), "Minister of Defence"),
        ("sergei-shoigu", dt.date(2024, 6, 1), "Secretary of the Security Council"),
        # Philippine foreign secretaries change with the presidency (30 June 2022).
        ("teodoro-locsin-jr", dt.date(2022, 6, 30), "Secretary of Foreign Affairs"),
        ("teodoro-locsin-jr", dt.date(2022, 7, 1), None),
        ("enrique-manalo", dt.date(2022, 7, 1), "Secretary of Foreign Affairs"),
        (
            "brian-p-mckeon",
            dt.date(2022, 6, 9),
            "Deputy Secretary of State for Management and Resources",
        ),
        ("david-beasley", dt.date(2021, 6, 27), "Executive Director of the World Food Programme"),
        ("david-beasley", dt.date(2023, 4, 5), None),
        ("ayman-safadi", dt.date(2022, 4, 1), "Minister of Foreign Affairs and Expatriates"),
        ("kyriakos-mitsotakis", dt.date(2023, 6, 1), None),  # the caretaker government
        ("kyriakos-mitsotakis", dt.date(2023, 7, 1), "Prime Minister"),
    ],
)
def test_office_on_a_day(reference, person_id, day, title):
    assert title_on(reference, person_id, day) == title


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        (
            "The Deputy Secretary met Secretary of Foreign Affairs Teodoro Locsin, Jr. in Manila.",
            dt.date(2022, 6, 9),
            [("teodoro-locsin-jr", "Teodoro Locsin, Jr.")],
        ),
        (
            "Sherman met Angolan Minister of State Francisco Furtado in Luanda on Thursday.",
            dt.date(2022, 5, 5),
            [("wendy-sherman", "Sherman"), ("francisco-furtado", "Francisco Furtado")],
        ),
        (
            "In Rome he met WFP Executive Director David Beasley and FAO Director-General "
            "Qu Dongyu.",
            dt.date(2021, 6, 27),
            [("david-beasley", "David Beasley"), ("qu-dongyu", "Qu Dongyu")],
        ),
        (
            "Blinken called Jordanian Foreign Minister Ayman Safadi; Safadi thanked him.",
            dt.date(2022, 4, 1),
            [
                ("antony-blinken", "Blinken"),
                ("ayman-safadi", "Ayman Safadi"),
                ("ayman-safadi", "Safadi"),
            ],
        ),
        # A fuller name is another person: not Cho Hyun, not Sartaj Aziz, not Philippe.
        (
            "Sherman called First Vice Foreign Minister Cho Hyun-dong.",
            dt.date(2022, 5, 18),
            [("wendy-sherman", "Sherman"), ("cho-hyun-dong", "Cho Hyun-dong")],
        ),
        (
            "Blinken met Prime Minister Aziz Akhannouch in Rabat.",
            dt.date(2022, 3, 29),
            [("antony-blinken", "Blinken"), ("aziz-akhannouch", "Aziz Akhannouch")],
        ),
        (
            "Blinken met political director Philippe Errera in Berlin.",
            dt.date(2022, 5, 15),
            [("antony-blinken", "Blinken"), ("philippe-errera", "Philippe Errera")],
        ),
        # "King Abdullah" is Jordan's in 2021; in 2010 both kings reigned: nobody.
        (
            "The envoy met King Abdullah in the morning.",
            dt.date(2021, 5, 26),
            [("abdullah-ii", "King Abdullah")],
        ),
        (
            "The envoy met King Abdullah in the morning.",
            dt.date(2010, 3, 1),
            [],
        ),
    ],
)
def test_officials_the_list_lacked_are_recognised(reference, text, day, expected):
    assert found(text, reference, day) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The title before the name is the office of the person named, not the holder of
        # a shorter title ("Deputy Secretary of State" is Sherman that day).
        (
            "Deputy Secretary of State for Management and Resources Brian P. McKeon met the "
            "delegation.",
            [("brian-p-mckeon", "Brian P. McKeon")],
        ),
        (
            "The Deputy Secretary for Management and Resources, Brian McKeon, met them.",
            [("brian-p-mckeon", "Brian McKeon")],
        ),
        # "Secretary of Foreign Affairs" is a foreign minister's title, not "Secretary"
        # (the Secretary of State in a State Department release); "the Deputy Secretary"
        # is the release's deputy principal.
        (
            "The Deputy Secretary and Secretary of Foreign Affairs discussed trade.",
            [("wendy-sherman", "Deputy Secretary")],
        ),
        # A body's name in another word order is still that body: its officer, not the
        # UN's Secretary-General.
        (
            "McKeon met with Secretary General of the Organization for Economic Development "
            "and Cooperation Paul Wexford in Paris.",
            [
                ("brian-p-mckeon", "McKeon"),
                (
                    "paul-wexford",
                    "Secretary General of the Organization for Economic Development and "
                    "Cooperation Paul Wexford",
                ),
            ],
        ),
    ],
)
def test_a_title_names_its_holder(reference, text, expected):
    principals = {
        "the secretary": ("foreign_minister", "US"),
        "secretary": ("foreign_minister", "US"),
        "the deputy secretary": ("deputy_foreign_minister", "US"),
        "deputy secretary": ("deputy_foreign_minister", "US"),
    }
    day = dt.date(2022, 6, 10)
    assert found(text, reference, day, principals) == expected


def test_a_ministry_official_is_not_the_foreign_minister_named_before(reference):
    # New Zealand's Secretary of Foreign Affairs and Trade heads the ministry's staff;
    # the phrase is no foreign minister's: he is a new person, not the one named before.
    context = PeopleContext(reference, dt.date(2021, 7, 16), principals={})
    first = "Blinken meets with Chilean Foreign Minister Andrés Allamand."
    second = "Sherman meets with New Zealand Secretary of Foreign Affairs and Trade Chris Seed."
    find_people(first, 0, context)
    assert [m.person_id for m in find_people(second, 0, context)] == ["wendy-sherman", "chris-seed"]
    seed = context.extra_people["chris-seed"]
    assert (seed.country, seed.offices[0].title) == ("NZ", "Secretary of Foreign Affairs and Trade")


def test_a_secretary_of_defence_is_not_the_secretary_of_state(reference):
    # "Secretary" alone in a State Department release is the Secretary of State; the
    # British spelling "Secretary of Defence" (New Zealand's ministry head) is another title.
    principals = {"secretary": ("foreign_minister", "US")}
    text = "Sherman met New Zealand Secretary of Defence Andrew Bridgman in Washington."
    assert found(text, reference, dt.date(2022, 3, 23), principals) == [
        ("wendy-sherman", "Sherman"),
        ("andrew-bridgman", "Secretary of Defence Andrew Bridgman"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "They discussed the violence at Jerusalem's Haram al-Sharif/Temple Mount.",
            [],
        ),
        ("They discussed the situation at the Haram al-Sharif.", []),
        (
            "Blinken met Prime Minister Shehbaz Sharif; Sharif thanked him.",
            [
                ("antony-blinken", "Blinken"),
                ("shehbaz-sharif", "Shehbaz Sharif"),
                ("shehbaz-sharif", "Sharif"),
            ],
        ),
    ],
)
def test_a_surname_inside_a_holy_site_name_is_no_person(reference, text, expected):
    assert found(text, reference, dt.date(2022, 4, 19)) == expected


def test_the_un_secretary_general_has_one_holder_beside_the_un_agency_heads(reference):
    # The WFP's and the FAO's heads are listed under UN too, but not in its
    # Secretary-General's office: the bare title still resolves.
    text = "Blinken thanked the UN Secretary-General for his work."
    assert found(text, reference, dt.date(2021, 6, 27)) == [
        ("antony-blinken", "Blinken"),
        ("antonio-guterres", "Secretary-General"),
    ]


def test_the_uae_president_before_may_2022_is_nobody_rather_than_a_guess(reference):
    # Khalifa was President and Mohamed bin Zayed Crown Prince (both head_of_state):
    # a bare role phrase resolves to one holder only.
    assert found("The UAE President met him.", reference, dt.date(2021, 6, 1)) == []
    assert found("The UAE President met him.", reference, dt.date(2022, 6, 1)) == [
        ("mohamed-bin-zayed", "UAE President")
    ]
