"""Stage 2, parse: an article's text -> headline, date, dateline, sources, body.

Seeds are copy-pasted web pages. Every line is classified as headline, date
line, section word, body, photo caption, photo credit, related-story link or
other page furniture; later stages read claims from body lines only. All
rules are general: nothing here knows a particular outlet or article, and
outlets are recognised by the names and domains in reference/sources.json.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from parley.dates import find_dates
from parley.published import find_publication
from parley.records import Article, ParsedArticle, Segment, SourceMention, Span
from parley.reference import Reference, ReferenceDataError, cue_words

WORD = re.compile(r"\w+(?:['’]\w+)*")
RELATED = re.compile(
    r"^(?:also on\s+\S+|related(?:\s+news|\s+stories|\s+story)?\s*:|read more\s*:?|read also\s*:?|"
    r"see also\s*:?|more on this\s*:?|recommended\s*:?)",
    re.IGNORECASE,
)
CREDIT_LINE = re.compile(r"^(?:©|\(c\)|photo\s*:|image\s*:|picture\s*:|credit\s*:)", re.IGNORECASE)
CREDIT_TAIL = re.compile(r"\b(?:photo|image|picture)\s*:\s*(?P<credit>[^.]{2,60})\.?\s*$", re.I)
FURNITURE = re.compile(
    r"^(?:like this story\b.*|share (?:this|it)\b.*|advertisement|subscribe\b.*|sign up\b.*|"
    r"follow us\b.*|comments?|print|email|updated\b.*|published\b.*|register|log ?in|"
    r"post|tags?\s*:.*|source\s*:.*)$",
    re.IGNORECASE,
)
TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
DATELINE = re.compile(
    r"^(?P<place>[A-Z\u00c0-\u00de][A-Z\u00c0-\u00de.'’-]+(?:[ -][A-Z\u00c0-\u00de][A-Z\u00c0-\u00de.'’-]+){0,3})"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2})|,\s*(?P<region>[A-Z][\w.]+(?: [A-Z][\w.]+)?))?"
    r"\s*(?:\((?P<paren>[^()\n]{1,120})\)|\.?\s*/(?P<slash>[^/\n]{2,40})/\.?)?\s*(?P<dash>[-–—:]+)?\s*",
)
# A mixed-case dateline of reposted releases: "Washington, DC -", "Washington, DC
# (STL.News)", "Washington, DC–(ENEWSPF)–": only a city the gazetteer knows.
CITY_DATELINE = re.compile(
    r"^(?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}),\s*(?P<region>D\.?\s?C\.?|[A-Z]{2})"
    r"\s*(?=[-–—(])(?P<dash>[-–—]+)?\s*(?:\((?P<paren>[^()\n]{1,120})\)\s*[-–—]*)?\s*"
)
try:
    # The verbs of saying are one list, reference/cues.json speech_verbs (extract reads it
    # too); citing an outlet adds the words of quoting and publishing, and leaves out the
    # verbs of emphasis, which have never marked a citation here ("the UN warned that":
    # counting them would add cited sources to the corpus build, a change of its own).
    SPEECH_VERBS = cue_words()["speech_verbs"]
except ReferenceDataError as error:  # a broken installation: one line, no traceback
    raise SystemExit(str(error)) from None
CITING_WORDS = (
    "say",
    "cited",
    "cites",
    "quoted",
    "quoting",
    "confirming",
    "reports",
    "announces",
    "writes",
    "published",
    "statement",
)
NOT_CITING = ("stressed", "warned", "insisted")
_CITING = {*SPEECH_VERBS, *CITING_WORDS} - set(NOT_CITING)
CITE_AFTER = re.compile(
    r"^(?:\W+\w+){0,3}?\W+(?:"
    + "|".join(re.escape(w) for w in sorted(_CITING, key=lambda w: (-len(w), w)))
    + r")\b",
    re.IGNORECASE,
)
CITE_BEFORE = re.compile(
    r"(?:according to|told|cited by|quoted by|confirmed to|interview to|interview with|"
    r"source in|sources in|official at|official in|spokesperson for|spokesman for|"
    r"statement from|statement by|said in|quoted in|reported by|cited)\s+(?:the\s+|a\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str

    @cached_property
    def words(self) -> int:
        # Counted once: line classification and the publication date ask often.
        return len(WORD.findall(self.text))


def ends_like_a_sentence(text: str) -> bool:
    r"""Whether `text` ends with a stop (closing quotes or brackets may follow it) or a
    closing quote, then only spaces: what `[.!?…]["'”’)\]]*\s*$|["”]\s*$` finds, read
    from the end of the line rather than by a search trying every position of it (15
    times faster over the State corpus's lines).

    >>> [ends_like_a_sentence(t) for t in ("He left.", "(He left.) ", 'a "quote"', "Title")]
    [True, True, True, False]
    """
    end = text.rstrip()  # str.isspace() is what \s matches
    return end.endswith(('"', "”")) or end.rstrip("\"'”’)]").endswith((".", "!", "?", "…"))


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with their offsets, surrounding whitespace trimmed.

    >>> [(line.start, line.text) for line in split_lines("  Headline \\n\\n Body text.\\n")]
    [(2, 'Headline'), (14, 'Body text.')]
    """
    lines = []
    position = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip(" \t\r\n\u00a0\ufeff")
        if stripped:
            start = position + raw.index(stripped)
            lines.append(Line(start, start + len(stripped), stripped))
        position += len(raw)
    return lines


def _is_date_line(line: Line) -> bool:
    dates = find_dates(line.text)
    if not dates:
        return bool(TIME.search(line.text)) and line.words <= 8
    covered = sum(e.end - e.start for e in dates)
    return line.words <= 10 and (covered >= len(line.text) / 3 or bool(TIME.search(line.text)))


def _only_names(text: str, reference: Reference) -> bool:
    """True for a label such as "Russian Foreign Minister Sergei Lavrov": names and roles only.

    >>> from parley.reference import load_reference
    >>> reference = load_reference()
    >>> _only_names("Russian Foreign Minister Sergei Lavrov", reference)
    True
    >>> _only_names("Lavrov arrives in Geneva", reference)
    False
    """
    remaining = list(text)
    matched_name = False
    for gazetteer in (
        reference.name_gazetteer,
        reference.role_gazetteer,
        reference.country_gazetteer,
    ):
        for match in gazetteer.find(text):
            if gazetteer is reference.name_gazetteer:
                matched_name = True
            remaining[match.start : match.end] = [" "] * (match.end - match.start)
    return matched_name and not WORD.search("".join(remaining))


def classify_lines(lines: list[Line], reference: Reference) -> list[str]:
    """Label each line: headline, date, section, body, caption, credit, related, furniture.

    Lines above the first body sentence form the header: there a short line is a
    headline, a date line, a section word or a name label.

    >>> from parley.reference import load_reference
    >>> text = (
    ...     "Lavrov meets Blinken\\n\\nPolitics\\n\\nJune 9, 2021 12:08\\n\\n"
    ...     "Lavrov met Blinken in Geneva.\\n\\nRead more: Blinken in Kyiv"
    ... )
    >>> classify_lines(split_lines(text), load_reference())
    ['headline', 'section', 'date', 'body', 'related']
    """
    kinds = ["" for _ in lines]
    for i, line in enumerate(lines):
        if RELATED.match(line.text):
            kinds[i] = "related"
        elif CREDIT_LINE.match(line.text):
            kinds[i] = "credit"
        elif FURNITURE.match(line.text):
            kinds[i] = "furniture"
        elif (
            ":" in line.text  # CREDIT_TAIL needs one, and most lines have none
            and CREDIT_TAIL.search(line.text)
            and (not ends_like_a_sentence(line.text[:-1] or "x") or line.words <= 40)
        ):
            kinds[i] = "caption"
    # A photo block: [caption] credit [related headline]. The line before a credit is
    # its caption; a headline-like line right after it links to another story.
    for i, kind in enumerate(kinds):
        if kind != "credit":
            continue
        if i > 0 and not kinds[i - 1]:
            kinds[i - 1] = "caption"
        if i + 1 < len(lines) and not kinds[i + 1] and not ends_like_a_sentence(lines[i + 1].text):
            kinds[i + 1] = "related"
    in_header = True
    for i, line in enumerate(lines):
        if kinds[i]:
            continue
        sentence_like = ends_like_a_sentence(line.text) or line.words >= 30
        if in_header and not sentence_like:
            if _is_date_line(line):
                kinds[i] = "date"
            elif line.words <= 1:
                kinds[i] = "section"
            elif _only_names(line.text, reference):
                kinds[i] = "caption"
            else:
                kinds[i] = "headline"
            continue
        if sentence_like or line.words >= 12:
            in_header = False
            kinds[i] = "body"
        elif line.words <= 3:
            kinds[i] = "section" if in_header else "furniture"
        else:
            kinds[i] = "body"
    return kinds


def _first_sentence(line: Line) -> Span:
    match = re.search(r"[.!?](?=\s+[A-Z\"“]|\s*$)", line.text)
    end = match.end() if match else len(line.text)
    return Span(line.start, line.start + end, line.text[:end])


def parse_article(article: Article, reference: Reference) -> ParsedArticle:
    """Read the page structure of one article.

    >>> from parley.reference import load_reference
    >>> from parley.records import Article
    >>> text = "Lavrov meets Pompeo\\n\\nMOSCOW (Sputnik) - Lavrov met Pompeo on 10 May, 2019."
    >>> parsed = parse_article(Article("x.txt", text, "0" * 64), load_reference())
    >>> parsed.title, parsed.dateline, parsed.publisher_id
    ('Lavrov meets Pompeo', 'Moscow', 'sputnik')
    """
    text = article.text
    lines = split_lines(text)
    kinds = classify_lines(lines, reference) if lines else []
    title_span = _title(lines, kinds)
    dateline = find_dateline(text, lines, kinds, reference)
    publication = find_publication(text, lines, kinds, title_span, dateline.paren_span, reference)
    sources = dateline.sources + _page_sources(text, lines, kinds, dateline.paren_span, reference)
    publisher_id, kept = _one_publisher(sources)
    return ParsedArticle(
        article=article,
        title=title_span.quote if title_span else "",
        title_span=title_span,
        published=publication.interval,
        published_basis=publication.basis,
        published_note=publication.note,
        published_span=publication.span,
        dateline=dateline.place,
        dateline_country=dateline.country,
        publisher_id=publisher_id,
        sources=kept,
        segments=tuple(Segment(ln.start, ln.end, k) for ln, k in zip(lines, kinds, strict=True)),
        word_count=sum(ln.words for ln, k in zip(lines, kinds, strict=True) if k == "body"),
        dateline_span=dateline.span,
    )


def _title(lines: list[Line], kinds: list[str]) -> Span | None:
    """The headline line; a page without one is titled by its first sentence."""
    headline = next((ln for ln, k in zip(lines, kinds, strict=True) if k == "headline"), None)
    if headline:
        return Span(headline.start, headline.end, headline.text)
    first_body = next((ln for ln, k in zip(lines, kinds, strict=True) if k == "body"), None)
    return _first_sentence(first_body) if first_body else None


@dataclass(frozen=True)
class Dateline:
    """Where a story was filed ("MOSCOW (Sputnik) -"), and the outlets its parentheses name."""

    place: str = ""
    country: str = ""
    span: Span | None = None
    paren_span: Span | None = None  # "(Sputnik)", "/TASS/": the outlet that sent the story
    sources: list[SourceMention] = field(default_factory=list)


def find_dateline(text: str, lines: list[Line], kinds: list[str], reference: Reference) -> Dateline:
    """The dateline of a date line in the header or of one of the first three body lines.

    >>> from parley.reference import load_reference
    >>> text = "Headline of the story\\n\\nGENEVA, June 16 (Reuters) - Talks began."
    >>> lines = split_lines(text)
    >>> found = find_dateline(text, lines, ["headline", "body"], load_reference())
    >>> found.place, found.paren_span.quote, [s.source_id for s in found.sources]
    ('Geneva', 'Reuters', ['reuters'])
    """
    first_body_index = next((i for i, k in enumerate(kinds) if k == "body"), len(kinds))
    candidates = [ln for ln, k in zip(lines[:first_body_index], kinds, strict=False) if k == "date"]
    body_lines = [ln for ln, k in zip(lines, kinds, strict=True) if k == "body"]
    for line in candidates + body_lines[:3]:
        match = DATELINE.match(line.text)
        mixed_case = match is None
        match = match or CITY_DATELINE.match(line.text)
        if not match:
            continue
        found = match.groupdict()  # (CITY_DATELINE has no date or slash group)
        group = "paren" if found["paren"] else ("slash" if found.get("slash") else None)
        if group is None and not found["dash"]:
            continue
        place_words = found["place"]
        if len(place_words.replace(".", "")) < 3:
            continue
        place_id = reference.place_by_folded_name.get(place_words.casefold())
        if mixed_case and not place_id:
            continue
        region = found["region"]
        if region and region.isupper():
            region = region.title()  # the country gazetteer reads names as printed in text
        region_countries = reference.country_gazetteer.find(region) if region else []
        if place_id:
            place = reference.city_of(place_id)
            name, country = place.name, place.country
        elif group is None and not (
            region_countries
            and region_countries[0].start == 0
            and region_countries[0].end == len(region)
        ):
            continue
        else:
            # "NUSA DUA, INDONESIA —": a place the gazetteer lacks, in the country printed.
            name = place_words.title()
            country = region_countries[0].value[0] if region_countries else ""
        span = Span(line.start, line.start + match.end(), match.group(0))
        if not group:
            return Dateline(name, country, span)
        paren_start = line.start + match.start(group)
        paren = match.group(group)
        paren_span = Span(paren_start, paren_start + len(paren), paren)
        sources = [
            SourceMention(
                found.value,
                "publisher" if n == 0 else "originator",
                Span(
                    paren_start + found.start,
                    paren_start + found.end,
                    text[paren_start + found.start : paren_start + found.end],
                ),
            )
            for n, found in enumerate(reference.source_gazetteer.find(paren))
        ]
        return Dateline(name, country, span, paren_span, sources)
    return Dateline()


def _page_sources(
    text: str, lines: list[Line], kinds: list[str], paren: Span | None, reference: Reference
) -> list[SourceMention]:
    """Outlets the page names outside its dateline, in page order: self-references in
    related-story links, photo credits, and outlets the body cites."""
    sources: list[SourceMention] = []
    for line, kind in zip(lines, kinds, strict=True):
        if kind == "related":
            sources += _self_reference(text, line, reference)
        elif kind in ("credit", "caption"):
            sources += _photo_credits(text, line, kind, reference)
        elif kind == "body":
            sources += _citations(text, line, paren, reference)
    return sources


def _self_reference(text: str, line: Line, reference: Reference) -> list[SourceMention]:
    """A related-story link that opens with a phrase an outlet prints about itself
    ("Also on rt.com", sources.json `self_references`): that outlet is the publisher."""
    found = reference.self_reference_at(line.text)
    if found is None:
        return []
    source_id, length = found
    end = line.start + length
    return [SourceMention(source_id, "publisher", Span(line.start, end, text[line.start : end]))]


def _photo_credits(text: str, line: Line, kind: str, reference: Reference) -> list[SourceMention]:
    """Outlets a credit line names, or the credit at the end of a caption ("Photo: AFP")."""
    credit_start = 0
    if kind == "caption":
        tail = CREDIT_TAIL.search(line.text)
        credit_start = tail.start() if tail else len(line.text)
    sources = []
    for found in reference.source_gazetteer.find(line.text[credit_start:]):
        start = line.start + credit_start + found.start
        end = line.start + credit_start + found.end
        sources.append(
            SourceMention(found.value, "photo_credit", Span(start, end, text[start:end]))
        )
    return sources


def _citations(
    text: str, line: Line, paren: Span | None, reference: Reference
) -> list[SourceMention]:
    """Outlets a body line cites ("Interfax reported", "according to TASS"); the
    dateline's own parentheses are the publisher, not a citation."""
    sources = []
    for found in reference.source_gazetteer.find(line.text):
        after = line.text[found.end : found.end + 60]
        before = line.text[max(0, found.start - 40) : found.start]
        if CITE_AFTER.match(after) or CITE_BEFORE.search(before):
            if paren and paren.start <= line.start + found.start < paren.end:
                continue
            start, end = line.start + found.start, line.start + found.end
            sources.append(SourceMention(found.value, "cited", Span(start, end, text[start:end])))
    return sources


def _one_publisher(sources: list[SourceMention]) -> tuple[str, tuple[SourceMention, ...]]:
    """One publisher: the dateline's outlet, else the first self-reference; each outlet
    once per role, in text order."""
    publishers = [s for s in sources if s.role == "publisher"]
    publisher_id = publishers[0].source_id if publishers else ""
    kept: dict[tuple[str, str], SourceMention] = {}
    for mention in sources:
        if mention.role == "publisher" and mention.source_id != publisher_id:
            continue
        kept.setdefault((mention.source_id, mention.role), mention)
    return publisher_id, tuple(sorted(kept.values(), key=lambda s: (s.span.start, s.role)))
