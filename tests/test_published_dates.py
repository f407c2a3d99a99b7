"""Publication dates from the lines real pages carry (docs/annotation-guide.md).

Each case is a short article of our own in the layout of a kind of page: a
stamp, a byline, a dateline, an official release's issuer and date lines. The
expected interval and basis are exact.
"""

import pytest

from parley.parse import parse_article
from parley.records import Article

BODY = "Foreign ministers of the two countries met to discuss trade and security."


def published(text: str, reference) -> tuple[str | None, str | None, str]:
    article = parse_article(Article("t.txt", text, "0" * 64), reference)
    interval = article.published
    if interval is None:
        return None, None, article.published_basis
    return interval.start.isoformat(), interval.end.isoformat(), article.published_basis


STATED = [
    # bylines with a date
    ("Ministers meet in Rome\n\nBy Jane Doe / June 2, 2015\n\n" + BODY, "2015-06-02"),
    ("Ministers meet in Rome\n\nBy Staff | April 3, 2016 at 7:45 AM\n\n" + BODY, "2016-04-03"),
    ("Ministers meet in Rome\n\nBy Jane Doe, June 2, 2015\n\n" + BODY, "2015-06-02"),
    ("Ministers meet in Rome\n\nPosted by Staff Writers / May 21, 2010\n\n" + BODY, "2010-05-21"),
    # published and updated stamps: the first publication wins over an update
    ("Ministers meet in Rome\n\nPublished: 2 June 2015, 10:04 BST\n\n" + BODY, "2015-06-02"),
    ("Ministers meet in Rome\n\nUpdated: 14-11-2021 08:30 IST\n\n" + BODY, "2021-11-14"),
    (
        "Ministers meet in Rome\n\nUpdated: 15-11-2021 08:30 IST\nPublished: 14-11-2021\n\n" + BODY,
        "2021-11-14",
    ),
    (
        "Ministers meet in Rome\n\nPublished June 2, 2015 | Updated June 3, 2015\n\n" + BODY,
        "2015-06-02",
    ),
    # stamps with weekdays, times and time zones as news sites print them
    ("Ministers meet in Rome\n\nTue 2 Jun 2015 10.04 BST\n\n" + BODY, "2015-06-02"),
    ("Ministers meet in Rome\n\nPublished 7:45 AM EDT, June 2, 2015\n\n" + BODY, "2015-06-02"),
    ("Ministers meet in Rome\n\nJane Doe | June 2, 2015\n\n" + BODY, "2015-06-02"),
    (
        "Ministers meet in Rome\n\nJune 2, 2015 / 7:45 AM / Updated 2 hours ago\n\n" + BODY,
        "2015-06-02",
    ),
    ("Ministers meet in Rome\n\n2015/06/02\n\n" + BODY, "2015-06-02"),
    # numeric day-month-year only when unambiguous
    ("Ministers meet in Rome\n\n25/03/2021\n\n" + BODY, "2021-03-25"),
    ("Ministers meet in Rome\n\n03/25/2021\n\n" + BODY, "2021-03-25"),
    # ISO dates and timestamps
    ("Ministers meet in Rome\n\n2021-06-09T14:05:00+03:00\n\n" + BODY, "2021-06-09"),
    ("Ministers meet in Rome\n\ndate: 2017-08-30\n\n" + BODY, "2017-08-30"),
    ("Ministers meet in Rome\n\n2025-05-28 11:01:27\n\n" + BODY, "2025-05-28"),
    # an archive's ISO stamp appended to the headline
    ("Ministers to meet in Rome - 2001-09-06\n\n" + BODY, "2001-09-06"),
    # datelines, date first or mixed case, with an agency
    ("Ministers meet in Rome\n\nAugust 21, 2019 (Agency)— " + BODY, "2019-08-21"),
    ("Ministers meet in Rome\n\nNairobi, October 9, 2020 (Agency) – " + BODY, "2020-10-09"),
    (
        "Ministers meet in Rome\n\nWashington, DC–(NEWSWIRE)–October 20, 2011.\n\n" + BODY,
        "2011-10-20",
    ),
    ("Ministers meet in Rome\n\nROME, 4 March 2021 - " + BODY, "2021-03-04"),
    # issuer and date lines of an official release
    (
        "Secretary’s Meeting with the Foreign Minister of Ruritania\n\n"
        "Office of the Spokesperson\nMay 21, 2021\n\nOffice of the Spokesperson\n\n"
        "The below is attributable to the Spokesperson:\n\n" + BODY,
        "2021-05-21",
    ),
    (
        "Travel to Ruritania\n\nMedia Note\nOffice of the Spokesperson\nWashington, DC\n"
        "October 4, 2007\n\n" + BODY,
        "2007-10-04",
    ),
    (
        "Readout of the Minister’s Call\n\nTHE WHITE HOUSE\nOffice of the Press Secretary\n"
        "FOR IMMEDIATE RELEASE May 21, 2009\n\n" + BODY,
        "2009-05-21",
    ),
    ("Readout\n\nMonday, July 29, 2024\nIMMEDIATE RELEASE\n\n" + BODY, "2024-07-29"),
    # a headline ending in a full stop or a quote is still the headline, not the body
    (
        "The Designation of Three Groups as “Extremist”\n\nOffice of the Spokesperson\n"
        "June 9, 2021\n\n" + BODY,
        "2021-06-09",
    ),
    (
        "Meeting with President Smith, Jr.\n\nU.S. Department of State\nAugust 4, 2021\n\n" + BODY,
        "2021-08-04",
    ),
    # a standfirst under the headline does not end the header
    (
        "Ministers meet in Rome\n\nThe two sides spoke of trade and security for three hours.\n"
        "By Jane Doe\nJune 2, 2015\n\n" + BODY,
        "2015-06-02",
    ),
]


@pytest.mark.parametrize(("text", "day"), STATED)
def test_stated_publication_date(text, day, reference):
    assert published(text, reference) == (day, day, "stated")
    span = parse_article(Article("t.txt", text, "0" * 64), reference).published_span
    assert text[span.start : span.end] == span.quote  # the evidence is where it says


NOT_DATED = [
    # the headline's own words
    "Department Briefing – July 1, 2021\n\n" + BODY,
    "Advisory Council Meeting on Thursday, April 7, 2022\n\nThe council meets in public.",
    # a standfirst: neither its full date nor the month it names
    "Ministers meet again\n\nThe ministers met for the first time since their talks in April "
    "2021.\n\n" + BODY,
    "Ministers meet again\n\nTheir last meeting was on March 3, 2020 in Rome.\n\n" + BODY,
    # a caption
    "Ministers meet in Rome\n\nThe ministers shake hands in Rome, Feb. 26, 2013.\nNews Staff\n\n"
    + BODY,
    "Ministers meet in Rome\n\nThe ministers shake hands in Rome on Thursday, May 21, 2009. "
    "They spoke for an hour. (Official photo by Jane Doe)\n\n" + BODY,
    # a date in the body
    "Ministers meet in Rome\n\n" + BODY + "\n\nThey last met on 4 March 2021 in Geneva.",
    # a body sentence that starts with a date is no dateline
    "Ministers meet in Rome\n\nOn December 4, 2012, the ministers met in Brussels.\n\n" + BODY,
    # numeric dates whose order cannot be told
    "Ministers meet in Rome\n\n03/04/2021\n\n" + BODY,
]


@pytest.mark.parametrize("text", NOT_DATED)
def test_no_publication_date_from_headline_standfirst_caption_or_body(text, reference):
    assert published(text, reference) == (None, None, "unknown")


YEARLESS = [
    # a titled office holder whose term leaves one year for the dateline
    (
        "Ministers meet\n\nMOSCOW, October 2. /TASS/. Russian Foreign Minister Sergey Lavrov "
        "met U.S. Secretary of State Mike Pompeo to discuss arms control.",
        # Pompeo: 2018-04-26..2021-01-20, so October 2 is 2018, 2019 or 2020: unknown
        (None, None, "unknown"),
    ),
    (
        "Ministers meet\n\nMOSCOW, October 2. /TASS/. Secretary of State Mike Pompeo met Russian "
        "Foreign Minister Sergey Lavrov. They signed an accord on June 5, 2020 in Geneva.",
        # the past date rules out 2018 and 2019
        ("2020-10-02", "2020-10-02", "inferred"),
    ),
    (
        "Leaders meet\n\nPARIS, Feb 8 (Agency) - President Barack Obama and Chancellor Angela "
        "Merkel held talks. The two leaders last met on March 3, 2016 in Berlin.",
        # Obama left office on 2017-01-20 and the text reports March 3, 2016 as past:
        # no February 8 lies between the two
        (None, None, "unknown"),
    ),
    (
        "Leaders meet\n\nPARIS, Feb 8 (Agency) - President Barack Obama and Chancellor Angela "
        "Merkel held talks. The two leaders last met on March 3, 2015 in Berlin.",
        ("2016-02-08", "2016-02-08", "inferred"),
    ),
    (
        "Leaders meet\n\nWASHINGTON, Tuesday, March 4 (Agency) - President Barack Obama "
        "received the Chancellor.",
        # Obama 2009-2017: March 4 is a Tuesday only in 2014
        ("2014-03-04", "2014-03-04", "inferred"),
    ),
    (
        "Leaders meet\n\nBEIJING, March 4 (Agency) -- The foreign ministers met in Beijing.",
        (None, None, "unknown"),
    ),
    (
        "Leaders meet\n\nWASHINGTON, Tuesday, March 4 (Agency) - Then-President Barack Obama "
        "was mentioned by the minister.",
        # "then-" is the title at the time of another event
        (None, None, "unknown"),
    ),
    (
        "Leaders meet\n\nWASHINGTON, Tuesday, March 4 (Agency) - Acting Secretary of State "
        "John Kerry received the minister.",
        # an acting holder is not the holder whose term the reference data gives
        (None, None, "unknown"),
    ),
    (
        "Leaders meet\n\nBEIJING, March 4 (Agency) -- Former President Barack Obama met the "
        "foreign minister in Beijing.",
        # a former office holder bounds from below only
        (None, None, "unknown"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), YEARLESS)
def test_yearless_dateline_gets_a_year_only_when_one_is_left(text, expected, reference):
    assert published(text, reference) == expected


def test_inferred_year_says_why(reference):
    text = YEARLESS[4][0]
    article = parse_article(Article("t.txt", text, "0" * 64), reference)
    assert article.published_note == (
        "dateline 'March 4' without a year; 2014 is the only year that fits: Barack Obama, "
        "President 2009-01-20..2017-01-20; 2014-03-04 is a Tuesday"
    )


UNDATED = [
    # a planned meeting on a weekday and date without a year, during a term of office:
    # only June 9, 2022 is a Thursday in Blinken's term; a year-less date lies within
    # half a year of publication, so the article appeared from 2021-12-08 to 2022-06-08
    (
        "Secretary to meet Ruritanian minister\n\nSecretary of State Antony Blinken will meet "
        "the Ruritanian foreign minister on Thursday, June 9 in Washington.",
        ("2021-12-08", "2022-06-08", "inferred"),
    ),
    # ... and a past month without a year narrows it to that month onwards
    (
        "Secretary to meet Ruritanian minister\n\nSecretary of State Antony Blinken will meet "
        "the Ruritanian foreign minister on Thursday, June 9 in Washington. The two last spoke "
        "by phone in May.",
        ("2022-05-01", "2022-06-08", "inferred"),
    ),
    # a past event with a year and the end of a term
    (
        "Ministers sign accord\n\nSecretary of State Mike Pompeo and the Ruritanian foreign "
        "minister signed the accord on 5 June 2020 in Geneva.",
        ("2020-06-05", "2021-01-20", "inferred"),
    ),
    # no tense to read the date by: nothing
    (
        "Ministers sign accord\n\nSecretary of State Mike Pompeo and the Ruritanian foreign "
        "minister, on 5 June 2020 in Geneva.",
        (None, None, "unknown"),
    ),
    # no titled office holder to bound the window
    (
        "Ministers to meet\n\nThe Ruritanian foreign minister will visit Washington on "
        "Thursday, June 9.",
        (None, None, "unknown"),
    ),
    # a present tense ("expires on") and a limit ("until") say nothing of publication
    # (read as past, each would leave less than a year of Pompeo's term)
    (
        "Treaty to expire\n\nSecretary of State Mike Pompeo said the treaty, which was signed "
        "in 2010, expires on February 5, 2020.",
        (None, None, "unknown"),
    ),
    (
        "Sanctions extended\n\nSecretary of State Mike Pompeo said sanctions were extended "
        "until December 2020.",
        (None, None, "unknown"),
    ),
    # a title further down may be the one held at the time of an earlier event
    (
        "Ministers meet\n\nThe foreign ministers met in Geneva.\n\nThey discussed the accord "
        "that was signed in Vienna.\n\nThe accord President Barack Obama signed on 5 June "
        "2016 was discussed.",
        (None, None, "unknown"),
    ),
    # what is left is wider than a year
    (
        "Ministers meet\n\nSecretary of State Antony Blinken met the Ruritanian foreign "
        "minister in Geneva.",
        (None, None, "unknown"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), UNDATED)
def test_undated_article_gets_the_interval_its_statements_leave(text, expected, reference):
    assert published(text, reference) == expected


CAPTIONED = "Ministers meet in Berlin\n\nKerry meets Lavrov in Berlin, Feb. 26, 2013.\nVOA News\n\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A caption's day whose weekday the body names: that day's news, written that day
        # (present) or that day or the next (past).
        ("Kerry is in Berlin on Tuesday for talks.", ("2013-02-26", "2013-02-26", "inferred")),
        (
            "Kerry and Lavrov held lengthy talks Tuesday in Berlin.",
            ("2013-02-26", "2013-02-27", "inferred"),
        ),
        # The body never names that weekday: the photo may be older.
        ("Kerry and Lavrov held lengthy talks in Berlin.", (None, None, "unknown")),
    ],
)
def test_a_captions_day_named_by_the_body_dates_an_undated_article(body, expected, reference):
    assert published(CAPTIONED + body, reference) == expected
