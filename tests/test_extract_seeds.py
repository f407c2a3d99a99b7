"""Stage 4, extract: each seed yields exactly the meetings an attentive reader finds.

One test per seed, following docs/annotation-guide.md. Claims are per article,
before cross-article resolution: an article with no printed date has its
relative dates unresolved here (tests/test_resolve.py checks them after
inference). Tuples are (participants, kind, reported status, date interval,
place), the place being a curated place ID or `country:XX`.
"""

from helpers import seed_claims

DEC_10_2019 = ("2019-12-10", "2019-12-10")
MAY_2017 = ("2017-05-01", "2017-05-31")


def test_seed_000_preview_of_lavrov_in_washington(reference):
    # Undated: "on December 10" stays unresolved until other articles date it.
    assert seed_claims("000_fb82a6c145586567.txt", reference) == {
        (("donald-trump", "sergey-lavrov"), "visit", "planned", None, "washington"),
        (("mike-pompeo", "sergey-lavrov"), "talks", "planned", None, "washington"),
        # "his controversial meeting with President Trump in May 2017"
        (("donald-trump", "sergey-lavrov"), "visit", "held", MAY_2017, "washington"),
    }


def test_seed_001_pakistan_point_news_preview(reference):
    assert seed_claims("001_a1d53f081b74f1bf.txt", reference) == {
        (("donald-trump", "sergey-lavrov"), "visit", "planned", DEC_10_2019, "washington"),
        (("mike-pompeo", "sergey-lavrov"), "talks", "planned", DEC_10_2019, "washington"),
        # "Pompeo, who visited Sochi last May and hold a meeting there with ... Putin"
        (("mike-pompeo", "vladimir-putin"), "visit", "held", ("2019-05-01", "2019-05-31"), "sochi"),
        (("donald-trump", "sergey-lavrov"), "visit", "held", MAY_2017, "white-house"),
        # "Last September, they had a brief talk on the sidelines of the UN General Assembly"
        (
            ("donald-trump", "sergey-lavrov"),
            "sidelines",
            "held",
            ("2019-09-01", "2019-09-30"),
            "new-york",
        ),
        # The aggregate ("has met Trump six times") yields only the occasion it names.
        (
            ("donald-trump", "vladimir-putin"),
            "summit",
            "held",
            ("2018-07-01", "2018-07-31"),
            "helsinki",
        ),
    }


def test_seed_002_rt_pompeo_to_sochi(reference):
    may_14 = ("2019-05-14", "2019-05-14")
    assert seed_claims("002_850cf3de63addd31.txt", reference) == {
        (("mike-pompeo", "vladimir-putin"), "visit", "planned", may_14, "sochi"),
        (("mike-pompeo", "sergey-lavrov"), "talks", "planned", may_14, "sochi"),
        # "earlier this week" in a Friday article: Monday to Thursday.
        (
            ("mike-pompeo", "sergey-lavrov"),
            "sidelines",
            "held",
            ("2019-05-06", "2019-05-09"),
            "country:FI",
        ),
        # "last Friday" in a Friday article is a week back.
        (
            ("donald-trump", "vladimir-putin"),
            "phone_call",
            "held",
            ("2019-05-03", "2019-05-03"),
            "",
        ),
    }


def test_seed_003_sputnik_lavrov_to_start_visit(reference):
    april_12 = ("2017-04-12", "2017-04-12")
    assert seed_claims("003_114ce16d5168d641.txt", reference) == {
        # "on Wednesday" in a Tuesday article is the next day; the trip is to the US.
        (
            ("rex-tillerson", "sergey-lavrov"),
            "talks",
            "planned",
            ("2017-05-10", "2017-05-10"),
            "country:US",
        ),
        # "Earlier in May": from the 1st to the day before publication.
        (
            ("rex-tillerson", "sergey-lavrov"),
            "phone_call",
            "held",
            ("2017-05-01", "2017-05-08"),
            "",
        ),
        # The caption "prior to their talks in Moscow" gives the place.
        (("rex-tillerson", "sergey-lavrov"), "talks", "held", april_12, "moscow"),
        (("rex-tillerson", "vladimir-putin"), "visit", "held", april_12, "country:RU"),
    }


def test_seed_004_lavrov_holds_meeting_with_pompeo(reference):
    # "yesterday" in an undated article: unresolved here, inferred by resolve.
    # "invited his U.S. counterpart to visit Russia at any convenient time": no meeting.
    assert seed_claims("004_0e89ee0f3769bdb9.txt", reference) == {
        (("mike-pompeo", "sergey-lavrov"), "talks", "held", None, "washington"),
    }
