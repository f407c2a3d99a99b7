"""Stage 2, parse: headline, publication date, dateline, publisher and sources."""

import pytest
from helpers import SEEDS

from parley import parse
from parley.parse import parse_article
from parley.read import decode
from parley.records import SourceFile
from parley.reference import cue_words


def parsed(name, reference):
    return parse_article(decode(SourceFile(name, (SEEDS / name).read_bytes())), reference)


@pytest.mark.parametrize(
    ("name", "title", "published", "basis", "dateline", "publisher"),
    [
        (
            "000_fb82a6c145586567.txt",
            # No headline line: the first sentence stands in for it.
            "The US president may receive Russian Foreign Minister Lavrov in Washington DC on December 10, the first time since a controversial meeting in 2017.",
            None,
            "unknown",
            ("", ""),
            "",
        ),
        (
            "001_a1d53f081b74f1bf.txt",
            "PREVIEW - Russia's Foreign Minister Comes To US For Meetings With Trump, Pompeo",
            "2019-12-10",
            "stated",
            ("Washington", "US"),
            "pakistan-point-news",
        ),
        (
            "002_850cf3de63addd31.txt",
            "US Secretary of State Pompeo to meet Russia’s President Putin & Foreign Minister Lavrov on May 14",
            "2019-05-10",
            "stated",
            ("", ""),
            "rt",
        ),
        (
            # Skips the date lines, the photo label and the section word "Politics".
            "003_114ce16d5168d641.txt",
            "Russian Foreign Minister Lavrov to Start Visit to US on Tuesday",
            "2017-05-09",
            "stated",
            ("Moscow", "RU"),
            "sputnik",
        ),
        (
            "004_0e89ee0f3769bdb9.txt",
            "Lavrov holds meeting with Pompeo in Washington",
            None,
            "unknown",
            ("", ""),
            "",
        ),
    ],
)
def test_article_header(name, title, published, basis, dateline, publisher, reference):
    article = parsed(name, reference)
    assert article.title == title
    assert (article.published.start.isoformat() if article.published else None) == published
    assert article.published_basis == basis
    assert (article.dateline, article.dateline_country) == dateline
    assert article.publisher_id == publisher


@pytest.mark.parametrize(
    ("name", "sources"),
    [
        (
            "000_fb82a6c145586567.txt",
            {
                ("russian-foreign-ministry", "cited", "Russian Foreign Ministry"),
                ("reuters", "photo_credit", "Reuters"),
                ("us-state-department", "cited", "State Department"),
                ("tass", "photo_credit", "TASS"),
            },
        ),
        (
            "001_a1d53f081b74f1bf.txt",
            {
                ("pakistan-point-news", "publisher", "Pakistan Point News"),
                ("sputnik", "originator", "Sputnik"),
                ("russian-foreign-ministry", "cited", "Russian Foreign Ministry"),
                ("sputnik", "cited", "Sputnik"),
                ("oann", "cited", "One America news Network"),
            },
        ),
        (
            "002_850cf3de63addd31.txt",
            {
                ("rt", "publisher", "Also on rt.com"),
                ("us-state-department", "cited", "US State Department"),
            },
        ),
        (
            "003_114ce16d5168d641.txt",
            {
                ("sputnik", "publisher", "Sputnik"),
                ("russian-foreign-ministry", "cited", "Russian Foreign Ministry"),
                ("russian-defense-ministry", "photo_credit", "Russian Defense Ministry"),
                ("sputnik", "photo_credit", "Sputnik"),
                ("ap", "photo_credit", "AP Photo"),
            },
        ),
        ("004_0e89ee0f3769bdb9.txt", {("sputnik", "cited", "Sputnik")}),
    ],
)
def test_sources_with_roles_and_quotes(name, sources, reference):
    article = parsed(name, reference)
    assert {(s.source_id, s.role, s.span.quote) for s in article.sources} == sources
    for source in article.sources:
        assert article.article.text[source.span.start : source.span.end] == source.span.quote


def test_related_links_captions_and_furniture_are_not_body(reference):
    article = parsed("002_850cf3de63addd31.txt", reference)
    text = article.article.text
    kinds = {text[s.start : s.end][:20]: s.kind for s in article.segments}
    assert kinds["Also on rt.com Did P"] == "related"
    assert kinds["Like this story? Sha"] == "furniture"
    assert kinds["10 May, 2019 12:08 /"] == "date"
    caption = parsed("000_fb82a6c145586567.txt", reference)
    kinds = {caption.article.text[s.start : s.end][:20]: s.kind for s in caption.segments}
    assert kinds["US President Donald "] == "caption"
    assert kinds["post"] == "furniture"


def test_word_count_counts_body_words_only(reference):
    from parley.parse import parse_article
    from parley.records import Article

    text = "Headline here now\n\n10 May, 2019\n\nOne two three four.\n\nAlso on rt.com Five six\n"
    assert parse_article(Article("x.txt", text, "0" * 64), reference).word_count == 4


def test_an_accented_dateline_is_a_dateline(reference):
    from parley.parse import parse_article
    from parley.records import Article

    text = "Lula meets Xi\n\nBRASÍLIA (Reuters) - 5th May, 2023 - Lula met Xi in Brasília.\n"
    article = parse_article(Article("x.txt", text, "0" * 64), reference)
    assert (article.dateline, article.dateline_country, article.publisher_id) == (
        "Brasília",
        "BR",
        "reuters",
    )


@pytest.mark.parametrize(
    ("first_line", "dateline"),
    [
        ("PANAMA CITY — Obama met Castro.", ("Panama City", "PA")),
        # A place the gazetteer lacks, in the country printed after it.
        ("NUSA DUA, INDONESIA — Biden met Xi.", ("Nusa Dua", "ID")),
        # Neither known nor followed by a country: no dateline.
        ("NUSA DUA, MONDAY — Biden met Xi.", ("", "")),
        # A reposted release's mixed-case dateline, of a city the gazetteer knows only.
        ("Washington, DC - Today the Secretary met Lavrov.", ("Washington", "US")),
        ("Washington, DC (STL.News) The Secretary met Lavrov.", ("Washington", "US")),
        ("Springfield, IL - The Secretary met Lavrov.", ("", "")),
    ],
)
def test_a_dateline_opening_the_body(first_line, dateline, reference):
    from parley.parse import parse_article
    from parley.records import Article

    text = f"Leaders meet\n\n{first_line}\n"
    article = parse_article(Article("x.txt", text, "0" * 64), reference)
    assert (article.dateline, article.dateline_country) == dateline


@pytest.mark.parametrize(
    ("link", "publisher"),
    [
        # A phrase sources.json lists under self_references, in any case, names the publisher.
        (
            "Also on sputniknews.com Lavrov answers questions",
            ("sputnik", "Also on sputniknews.com"),
        ),
        ("ALSO ON RT.COM Lavrov answers questions", ("rt", "ALSO ON RT.COM")),
        # A domain alone is not a self-reference: only the listed phrases are.
        ("Also on reuters.com Lavrov answers questions", None),
        # The phrase opens the link; quoted further on, it says nothing about the page.
        ("Read more: Also on rt.com Lavrov answers questions", None),
    ],
)
def test_a_self_reference_comes_from_outlets_json(link, publisher, reference):
    from parley.records import Article

    text = f"Lavrov meets Blinken in Geneva\n\nLavrov met Blinken in Geneva.\n\n{link}\n"
    article = parse_article(Article("x.txt", text, "0" * 64), reference)
    found = [(s.source_id, s.span.quote) for s in article.sources if s.role == "publisher"]
    assert found == ([publisher] if publisher else [])
    assert article.publisher_id == (publisher[0] if publisher else "")


@pytest.mark.parametrize(
    "verb",
    sorted({*cue_words()["speech_verbs"], *parse.CITING_WORDS} - {*parse.NOT_CITING, "statement"}),
)
def test_an_outlet_followed_by_a_verb_of_saying_is_cited(verb, reference):
    from parley.records import Article

    text = f"Lavrov meets Blinken\n\nInterfax {verb} that Lavrov met Blinken in Geneva.\n"
    article = parse_article(Article("x.txt", text, "0" * 64), reference)
    assert [(s.source_id, s.role, s.span.quote) for s in article.sources] == [
        ("interfax", "cited", "Interfax")
    ]
