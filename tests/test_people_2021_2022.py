"""Reference data checked against a reading of the State Department corpus (2021-2022):
office dates of the leaders it names.

Each case is a sentence of our own in readout style; the expected list is every person
found, exactly: (person_id, quoted text).
"""

import datetime as dt

import pytest

from parley.recognise import PeopleContext, find_people


def found(text, reference, day):
    context = PeopleContext(reference, day, principals={})
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
    ],
)
def test_office_on_a_day(reference, person_id, day, title):
    assert title_on(reference, person_id, day) == title


def test_the_uae_president_before_may_2022_is_nobody_rather_than_a_guess(reference):
    # Khalifa was President and Mohamed bin Zayed Crown Prince (both head_of_state):
    # a bare role phrase resolves to one holder only.
    assert found("The UAE President met him.", reference, dt.date(2021, 6, 1)) == []
    assert found("The UAE President met him.", reference, dt.date(2022, 6, 1)) == [
        ("mohamed-bin-zayed", "UAE President")
    ]
