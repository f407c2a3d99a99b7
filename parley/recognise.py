"""Stage 3, recognise: sentences and the people, places and topics they mention.

People are found by name (curated names, aliases and short names), by role
phrase ("the US Secretary of State", "Russia's top diplomat", "his US
counterpart", "Biden's predecessor") resolved on the article's date, and by
a role phrase followed by an unknown name ("Chinese Foreign Minister Wang
Yi"), which makes a person marked as not curated.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field, replace
from functools import cached_property

from parley.dates import MONTHS
from parley.gazetteer import Gazetteer, Match, TextIndex
from parley.matching import CaselessGate, fold_like_ignorecase, leftmost_longest
from parley.records import DateInterval, Location, Office, ParsedArticle, Person, Span
from parley.reference import Reference, RolePhrase, fold

# Words after which a full stop ends no sentence, lower case, without the final stop. The
# countries' dotted short forms ("U.S.", "D.P.R.K.") are added from countries.json.
ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "gen",
    "col",
    "lt",
    "sgt",
    "prof",
    "sen",
    "rep",
    "gov",
    "no",
    "vs",
    "etc",
    "inc",
    "ltd",
    "co",
    "corp",
    "jr",
    "sr",
    "d.c",
    "a.m",
    "p.m",
    # Month abbreviations ("Jan.", "Sept."), but not "may": "in May." ends a sentence.
    *(month for month in MONTHS if len(month) == 3 and month != "may"),
    "sept",
}
# A sentence's last stop (and its closing quotes), before a capital or a digit or at the
# end of the line. Written to open with one set of characters, not with two alternatives
# that each do ("[.!?]+...(?=...)|[.!?]+...$", the same matches): the search then skips
# from stop to stop instead of trying every position (3 times faster over the corpus).
SENTENCE_END = re.compile(r"""[.!?][.!?]*["'”’)\]]*(?:(?=\s+["“‘(\[]?[A-Z0-9])|\s*$)""")
NAME_STOPWORDS = {
    "The",
    "A",
    "An",
    "On",
    "In",
    "At",
    "And",
    "But",
    "Or",
    "Of",
    "For",
    "To",
    "With",
    "As",
    "He",
    "She",
    "They",
    "It",
    "His",
    "Her",
    "Their",
    "This",
    "That",
    "Also",
    "After",
    "Before",
    "During",
    "Earlier",
    "Later",
    "Last",
    "Next",
    "Mr",
    "Mrs",
    "Ms",
    "Said",
    "Says",
    "Is",
    "Was",
    "Will",
    "Would",
    "Has",
    "Had",
    "Have",
    "Who",
    "Which",
    "While",
    "When",
    "Where",
}
# Month and weekday names are never people ("May", "August").
CALENDAR_WORDS = frozenset({*calendar.month_name[1:], *calendar.day_name})
NAME_STOPWORDS |= CALENDAR_WORDS


# "... visit to Washington, D.C. Secretary of Defense Austin visited ...": after a place's
# dotted abbreviation, a capitalised word starts a new sentence, unless it goes on naming
# something of that place ("D.C. Circuit"). Clock times stay as they are: "4:30 p.m.
# Secretary X meets with Y" is one line of a schedule.
_GOES_ON = re.compile(
    r"\s+(?:Circuit|Council|Court|Mayor|Police|Metro|Office|Area|National|Public|Washington)\b"
)


def _ends_after_place_or_time(line: str, end: int, last_word: str, before: list[str]) -> bool:
    """Whether "D.C." (ending at `end`) ends the sentence: after "<Place>, D.C.", before a
    word that does not go on naming the place. `before` is the text before the
    abbreviation and the abbreviation.

    >>> text = "He met Petkov in Washington, D.C. Secretary Austin was in Sofia."
    >>> _ends_after_place_or_time(text, 33, "d.c", ["He met Petkov in Washington,", "D.C."])
    True
    >>> text = "He spoke to the Washington, D.C. Council today."
    >>> _ends_after_place_or_time(text, 32, "d.c", ["He spoke to the Washington,", "D.C."])
    False
    """
    if last_word != "d.c" or len(before) < 2:
        return False
    return before[0].rstrip().endswith(",") and not _GOES_ON.match(line, end)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int
    kind: str = "body"  # body | caption

    @cached_property
    def folded(self) -> str:
        """The text folded by `fold_like_ignorecase`, once per sentence: what every
        `CaselessGate` of the rules reading this sentence tests."""
        return fold_like_ignorecase(self.text)


def split_sentences(
    parsed: ParsedArticle,
    kinds: tuple[str, ...] = ("body", "caption"),
    short_forms: frozenset[str] = frozenset(),
) -> list[Sentence]:
    """Sentences of the body (and captions), with offsets into the article text.

    `short_forms` are the countries' (Reference.dotted_short_forms): no sentence ends
    after "U.S." either.

    >>> from parley.records import Article, ParsedArticle, Segment
    >>> text = "Pompeo met Lavrov in Sochi. The U.S. side said so. Mr. Lavrov agreed."
    >>> p = ParsedArticle(Article("x", text, "0"*64), "", None, None, "unknown", "", None, "", "",
    ...     "", (), (Segment(0, len(text), "body"),), 0)
    >>> [s.text for s in split_sentences(p, short_forms=frozenset({"u.s"}))]
    ['Pompeo met Lavrov in Sochi.', 'The U.S. side said so.', 'Mr. Lavrov agreed.']
    """
    # The extractor, the caption anchor and the topic step each ask for one article's
    # sentences: it is split once, and a request for fewer kinds is filtered from that.
    global _LAST_SPLIT
    last = _LAST_SPLIT
    if (
        last is not None
        and last[0] is parsed
        and last[1] == short_forms
        and set(kinds) <= set(last[2])
    ):
        return [s for s in last[3] if s.kind in kinds]
    sentences = _split_sentences(parsed, kinds, short_forms)
    _LAST_SPLIT = (parsed, short_forms, kinds, sentences)
    return list(sentences)


# (article, short forms, kinds, sentences) of the latest split_sentences call.
_LAST_SPLIT: tuple[ParsedArticle, frozenset[str], tuple[str, ...], list[Sentence]] | None = None


def _split_sentences(
    parsed: ParsedArticle, kinds: tuple[str, ...], short_forms: frozenset[str]
) -> list[Sentence]:
    abbreviations = ABBREVIATIONS | short_forms
    text = parsed.article.text
    sentences: list[Sentence] = []
    skip = parsed.dateline_span
    for paragraph, segment in enumerate(parsed.segments):
        if segment.kind not in kinds:
            continue
        line = text[segment.start : segment.end]
        position = 0
        if skip and segment.start == skip.start:
            position = len(skip.quote)
        for match in SENTENCE_END.finditer(line):
            before = line[position : match.start()].rsplit(None, 1)
            last_word = before[-1].lower().rstrip(".") if before else ""
            if match.group(0).startswith(".") and (
                last_word in abbreviations or (len(last_word) == 1 and last_word.isalpha())
            ):
                if not _ends_after_place_or_time(line, match.end(), last_word, before):
                    continue
            end = match.end()
            chunk = line[position:end]
            stripped = chunk.strip()
            if stripped:
                start = segment.start + position + chunk.index(stripped)
                sentences.append(
                    Sentence(start, start + len(stripped), stripped, paragraph, segment.kind)
                )
            position = end
        rest = line[position:]
        if rest.strip():
            stripped = rest.strip()
            start = segment.start + position + rest.index(stripped)
            sentences.append(
                Sentence(start, start + len(stripped), stripped, paragraph, segment.kind)
            )
    return sentences


@dataclass(frozen=True)
class Mention:
    """A person mentioned in a sentence (offsets into the article text)."""

    person_id: str
    start: int
    end: int
    by: str  # name | short_name | role | counterpart | pronoun
    role: str = ""
    title: str = ""
    # "Putin's brutal war": the person owns something the sentence speaks of; whether
    # that makes them a participant is for the claim rules (extract.py) to decide.
    owner: bool = False
    # "Head of Cabinet of Commission President von der Leyen": named only to place
    # someone else, never a participant.
    relational: bool = False


@dataclass
class PeopleContext:
    """What the article has said about people so far: for short names and role phrases."""

    reference: Reference
    day: dt.date | None
    named: list[str] = field(default_factory=list)  # person_ids named in full, in order
    extra_people: dict[str, Person] = field(default_factory=dict)  # not curated
    day_range: DateInterval | None = None  # when only an interval of publication is known
    index: TextIndex | None = None  # matches over the whole article, computed once
    # The principal of the release's issuer: folded title ("the secretary") -> (role, country)
    principals: dict[str, tuple[str, str]] = field(default_factory=dict)
    extra_quotes: dict[str, str] = field(default_factory=dict)  # first sentence naming them
    # Who a "he" or "she" before any name of the sentence being read is (the extractor
    # sets it per sentence: the first person of the previous sentence naming anyone), so
    # that "She met her Bulgarian counterpart, X" has an owner for "her".
    pronoun_referent: str | None = None
    # Offices whose holders the release names without a country are its issuer's own
    # (roles.json issuers' "own_offices"), of the principals' country.
    own_offices: frozenset[str] = frozenset()
    # The country of the encounter a sentence follows up ("also met with ..."), set by the
    # extractor per sentence: the setting of an official it names without a country.
    follow_up_country: str | None = None

    def scan(self, gazetteer: Gazetteer, text: str, offset: int, *, multi: bool = False) -> list:
        if self.index is not None and self.index.text.startswith(text, offset):
            return self.index.find(gazetteer, offset, offset + len(text), multi=multi)
        return gazetteer.find_multi(text) if multi else gazetteer.find(text)

    def person(self, person_id: str) -> Person:
        return self.reference.people.get(person_id) or self.extra_people[person_id]


_BETWEEN_COUNTRY_AND_OFFICE = re.compile(
    r"[\s'’s)]*(?:MFA\s+|Foreign\s+Ministry\s+)?(?i:former\s+|then[\s-]+|new\s+|current\s+|"
    r"acting\s+|interim\s+|first\s+|second\s+)?(?:(?:[A-Z][\w.’'-]*\s+){0,3}"
    r"(?P<last>[A-Z][\w.’'-]*)\s+and\s+)?"
)


def _country_before(text: str, start: int, reference: Reference) -> tuple[str, int] | None:
    """The country an adjective or possessive right before `start` names ("US", "Russia's"),
    and where that word starts."""
    offset = max(0, start - 40)
    window = text[offset:start]
    matches = reference.country_gazetteer.find(window)
    if not matches:
        return None
    last = matches[-1]
    between = window[last.end :]
    # ... with a rank between ("First Vice Foreign Minister"), or another title joined by
    # "and" ("New Zealand Chief Executive and Secretary of Foreign Affairs and Trade"),
    # which ends on a title word (not "Prime Minister Ana Ruiz and Foreign Minister X").
    found = _BETWEEN_COUNTRY_AND_OFFICE.fullmatch(between)
    if found and (
        found.group("last") is None
        or found.group("last") in reference.role_words.get("title_words", ())
    ):
        return last.value[0], offset + last.start
    return None


def _country_after(
    text: str, end: int, reference: Reference, word: str = "of"
) -> tuple[str, int] | None:
    """ "President of Russia" (or, with `word` "to", "Ambassador to the United States"): the
    country named right after `end` and that word, and where it ends."""
    match = re.match(rf"\s+{word}\s+(?:the\s+)?", text[end : end + 20])
    if not match:
        return None
    rest = text[end + match.end() : end + match.end() + 40]
    found = reference.country_gazetteer.find(rest)
    if found and found[0].start == 0 and found[0].value[1] == "name":
        return found[0].value[0], end + match.end() + found[0].end
    return None


def _country_in_parentheses(text: str, end: int, reference: Reference) -> tuple[str, int] | None:
    """ "Foreign Minister Arnoldo Andre Tinoco (Costa Rica)": the country named alone in
    parentheses right after `end`, and where the parenthesis closes."""
    match = re.match(r"\s*\(([^()]{2,40})\)", text[end : end + 44])
    if not match:
        return None
    found = reference.country_gazetteer.find(match.group(1))
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(match.group(1)):
        return found[0].value[0], end + match.end()
    return None


def _slug(name: str) -> str:
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _holders(context: PeopleContext, role: str, country: str | None, *, weak: bool) -> list[str]:
    """People who hold `role` (of `country`), preferring those the article named; nobody
    for "other", the office of no one kind, which names a person only with their name."""
    if role == "other":
        return []

    def matches(person: Person) -> bool:
        return any(
            o.role == role
            and (country is None or o.country == country)
            and (context.day is None or o.covers(context.day))
            for o in person.offices
        )

    named = []
    for person_id in reversed(context.named):
        if person_id not in named and matches(context.person(person_id)):
            named.append(person_id)
    if named:
        return named
    if weak or context.day is None or country is None:
        return []
    # Only people with an office of that role and country can match.
    candidates = context.reference.people_by_office.get((role, country), ())
    return [p.person_id for p in candidates if matches(p)]


def _role_of(context: PeopleContext, person_id: str) -> tuple[str, str] | None:
    office = context.person(person_id).office_on(context.day, or_last=True)
    return (office.role, office.country) if office else None


# A capital letter of the Latin alphabets, accented ones included ("Álvarez", "Łukasz").
UPPER = "[" + "".join(chr(c) for c in range(0x41, 0x250) if chr(c).isupper()) + "]"
SPACE = r"[^\S\r\n]+"  # spaces, tabs and no-break spaces (U+00A0, U+202F), not line ends
# The patterns with a capital letter that the rules below match at a given place, compiled
# once (built with an f-string at each call they were formatted and looked up each time).
_CAPITALISED_WORD_AFTER = re.compile(rf"{SPACE}({UPPER}[\w'’-]*)(?![\w.])")
_WORDS_BEFORE_A_HEAD = re.compile(rf"(?:\s+{UPPER}[\w'’-]*){{0,2}}\s+({UPPER}[\w-]*)")
_PLURAL_AFTER = re.compile(rf"\s+{UPPER}[\w'’-]*?(?:s|ers)\b")
_CAPITALISED_RUN = re.compile(rf"(?:\s*{UPPER}[\w-]*)*\s*")
_CAPITAL_AFTER = re.compile(rf"{SPACE}{UPPER}")
_OF_CAPITAL_AFTER = re.compile(rf"{SPACE}of{SPACE}(?:the{SPACE})?{UPPER}")
_REMIT_OR_NAME_AFTER = re.compile(rf"{SPACE}(?:(?:of|for){SPACE}|{UPPER})")
# Words and the small words a headline leaves in lower case ("Secretary Travels to Moscow").
_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*")
SMALL_WORDS = frozenset(
    {"a", "an", "and", "the", "of", "to", "in", "on", "for", "with", "at", "by"}
)
CLOCK_TIME = re.compile(r"\b\d{1,2}(?::\d{2})?\s*$")
POSSESSIVE = re.compile(r"['’]s?\b")
# "Vice Premier He Lifeng", "Vice Premier Liu He, who ...": "He" in a name, not the
# pronoun, before a capitalised word, punctuation or a preposition rather than a verb.
HE_AS_NAME = re.compile(
    rf"(?:{SPACE}(?:{UPPER}|(?:in|on|at|and|for|to|of|with|from|during|after|before)\b)|[,.;:)]|$)"
)
# "he" or "she" as a word (the group "p"). Written as branches that each begin with one
# letter, the word start tested after it, rather than "\b(?:[Hh]e|[Ss]he)\b": a pattern
# whose first step is a literal lets the search skip to the next H, h, S or s, where one
# opening with "\b" is tried at every position (2.6 times faster over the State corpus).
HE_OR_SHE = re.compile(r"(?P<p>H(?<!\wH)e|h(?<!\wh)e|S(?<!\wS)he|s(?<!\ws)he)\b")


def _words(context: PeopleContext, key: str) -> tuple[str, ...]:
    return context.reference.role_words.get(key, ())


def _alternation(words: tuple[str, ...]) -> str:
    """Words of roles.json as a regular-expression alternation, longest first (an empty
    list matches nothing)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"


@functools.cache
def _former_pattern(words: tuple[str, ...]) -> re.Pattern:
    """ "the former US Secretary of State", "then-President": roles.json words.former."""
    return re.compile(rf"\b(?:{_alternation(words)})\s*\S*\s*$")


@functools.cache
def _counterpart_pattern(words: tuple[str, ...]) -> re.Pattern:
    """ "his US counterpart", "her Russian colleague": roles.json words.counterpart."""
    return re.compile(
        rf"\b(?P<owner>his|her|their)\s+"
        rf"(?P<country>[\w.]+(?:\s[\w.]+)?(?:(?:,\s+|,?\s+and\s+)[\w.]+(?:\s[\w.]+)?){{0,5}})\s+"
        rf"(?:{_alternation(words)})s?\b"
    )


@functools.cache
def _neighbour_pattern(before: tuple[str, ...], after: tuple[str, ...]) -> re.Pattern:
    """ "Biden's predecessor", "Merkel's successor": roles.json words.predecessor and
    words.successor."""
    return re.compile(
        rf"(?P<name>\b[A-Z][\w-]+)['’]s\s+(?:(?P<predecessor>{_alternation(before)})|"
        rf"(?P<successor>{_alternation(after)}))\b"
    )


def _not_a_given_name(word: str, context: PeopleContext) -> bool:
    """Titles, honorifics, sentence openers, countries and places are no given names."""
    ref = context.reference
    bare = word.rstrip(".")
    if word in NAME_STOPWORDS or bare in NAME_STOPWORDS:
        return True
    if word in _words(context, "title_words") or bare in _words(context, "title_words"):
        return True
    if word in _words(context, "honorifics") or bare in _words(context, "honorifics"):
        return True
    if word.endswith(("'s", "’s")):
        return True
    if any(m.start == 0 and m.end == len(word) for m in ref.role_gazetteer.find(word)):
        return True
    if any(m.start == 0 and m.end >= len(bare) for m in ref.country_gazetteer.find(word)):
        return True
    if ref.place_by_folded_name.get(bare.casefold()):
        return True
    return bool(ref.body_gazetteer.find(bare))


def printed_given_name(text: str, start: int, context: PeopleContext) -> list[str]:
    """The given names printed right before a surname at `start` ("Jose W." in "Jose W.
    Fernandez"), left to right; empty when a title, a sentence opener or nothing comes
    before it."""
    words: list[str] = []
    position = start
    particles = _words(context, "name_particles")
    while True:
        match = re.search(
            rf"({UPPER}[\w'’-]*\.?|{UPPER}\.|[a-z]+)(\s+)$", text[max(0, position - 40) : position]
        )
        if not match or "\n" in match.group(2):
            break
        word = match.group(1)
        if word[0].islower():
            if word not in particles:
                break
            position -= len(match.group(0))  # "Ahmed bin Mubarak": look past "bin"
            continue
        if _not_a_given_name(word, context):
            break
        words.insert(0, word)
        position -= len(match.group(0))
        if len(words) == 3:
            break
    return words


def _printed_after(text: str, end: int, context: PeopleContext) -> list[str]:
    """The name words printed right after a surname found at `end` ("Yong Chol" after the
    "Kim" of "Kim Yong Chol"); empty in a headline (every word capitalised), where capitals
    say nothing, and before a title, a country, a place or a word of an organisation's
    name."""
    words: list[str] = []
    position = end
    stops = set(_words(context, "organisation_words"))
    while len(words) < 3:
        match = _CAPITALISED_WORD_AFTER.match(text[position : position + 40])
        if not match or _not_a_given_name(match.group(1), context) or match.group(1) in stops:
            break
        words.append(match.group(1))
        position += match.end()
    # The sentence-wide test only when a capital follows (most short names have none).
    if words and all(w[0].isupper() for w in _TITLE_WORD.findall(text) if w not in SMALL_WORDS):
        return []
    return words


def _name_goes_on_otherwise(person_id: str, after: list[str], context: PeopleContext) -> bool:
    """Whether the words printed after a short name make another person's name: "Kim Yong
    Chol" is not Kim Jong Un ("Abe Shinzo", in another order, is Shinzo Abe)."""
    if not after:
        return False
    particles = frozenset(_words(context, "name_particles"))
    printed = set(_name_words(" ".join(after), particles))
    return not _names_hold(context.person(person_id), printed, particles, context)


def _given_compatible(person_id: str, given: list[str], context: PeopleContext) -> bool:
    """Does the printed given name fit the person: the same first name, or its initial?"""
    if not given:
        return True
    known = context.reference.given_names.get(person_id)
    if known is None:
        person = context.extra_people.get(person_id)
        words = person.name.split() if person else []
        known = frozenset({fold(words[0]).rstrip(".")} if len(words) >= 2 else set())
    if not known:
        return True  # nothing to compare with: a one-word name
    first = fold(given[0]).rstrip(".")
    if len(first) == 1:
        return any(k.startswith(first) for k in known)
    return first in known


def _inside_name_of_thing(text: str, start: int, end: int, context: PeopleContext) -> bool:
    """ "the Kissinger Institute", "Garcia Marquez Airport", "Costa Rica": a name inside the
    name of a place, an organisation or a country is no person."""
    ref = context.reference
    following = _WORDS_BEFORE_A_HEAD.match(text[end : end + 60])
    if following and following.group(1) in _words(context, "organisation_words"):
        return True
    for found in ref.country_gazetteer.find(text[max(0, start - 30) : end + 30]):
        a = found.start + max(0, start - 30)
        b = found.end + max(0, start - 30)
        if a <= start and end <= b and (b - a) > (end - start):
            return True
    # "Costa Ricans", "New Zealanders": a name at the head of a country's adjective used
    # as a plural noun (the gazetteer holds "Costa Rican", not its plural).
    plural = _PLURAL_AFTER.match(text[end : end + 30])
    if plural:
        for cut in (1, 3):
            words = text[start : end + plural.end() - cut]
            if any(m.start == 0 and m.end == len(words) for m in ref.country_gazetteer.find(words)):
                return True
    return False


def _holder_by_printed_words(
    name: str, role: str, country: str | None, context: PeopleContext
) -> str | None:
    """The curated holder of `role` in `country` on the article's day whose name has every
    word of the printed `name` (folded, hyphens split, particles such as "al" left out),
    when exactly one does; None without a day or a country.

    A printed form the curated names lack (another case, order or spelling of a family
    name) then still finds the holder, while "Foreign Minister Al-Thani" on a day two
    holders named Al Thani share the office finds nobody.
    """
    if context.day is None or country is None:
        return None
    particles = frozenset(context.reference.role_words.get("name_particles", ()))
    printed = set(_name_words(name, particles))
    if not printed:
        return None
    found = {
        person.person_id
        for person in context.reference.people_by_office.get((role, country), ())
        if any(o.role == role and o.covers(context.day) for o in person.offices)
        and _names_hold(person, printed, particles, context)
    }
    return found.pop() if len(found) == 1 else None


def _all_names(person: Person, context: PeopleContext) -> tuple[str, ...]:
    return context.reference.person_names.get(person.person_id, (person.name,))


def _names_hold(
    person: Person, printed: set[str], particles: frozenset[str], context: PeopleContext
) -> bool:
    """Whether one of the person's names has every one of the printed name words."""
    return any(printed <= set(_name_words(n, particles)) for n in _all_names(person, context))


def _country_conflict(
    text: str, start: int, end: int, person: Person, context: PeopleContext
) -> bool:
    """ "King Abdullah II of Jordan", "Jordan's King Abdullah": a country (or regnal number)
    printed with the name that is not the person's."""
    ref = context.reference
    countries = {person.country} | {o.country for o in person.offices}
    after = re.match(r"\s+([IVX]+)\b", text[end : end + 8])
    tail = end + (after.end() if after else 0)
    if after and not any(
        re.search(rf"\b{after.group(1)}$", name)
        for name in ref.person_names.get(person.person_id, ())
    ):
        return True
    named = _country_after(text, tail, ref)
    if named and named[0] not in countries:
        return True
    before = _country_before(text, start, ref)
    if before and before[0] not in countries:
        title_before = re.search(
            r"(?:King|Queen|Emir|Sultan|Prince|Princess)\s+$", text[max(0, start - 12) : start]
        )
        return bool(title_before) or start - before[1] < 25
    return False


def _printed_name(text: str, position: int, context: PeopleContext) -> tuple[int, int] | None:
    """Where the personal name after a role phrase starts and ends: honorifics skipped
    ("Prime Minister Dr. Ariel Henry"), initials and particles kept ("Jose W. Fernandez",
    "Staffan de Mistura"), a possessive dropped ("Landsbergis's"), never cut inside a word."""
    ref = context.reference
    honorifics = sorted(_words(context, "honorifics"), key=len, reverse=True)
    particles = set(_words(context, "name_particles"))
    while True:
        space = re.match(SPACE, text[position:])
        if not space:
            return None
        position += space.end()
        for honorific in honorifics:
            if text.startswith(honorific, position) and re.match(
                r"\s", text[position + len(honorific) : position + len(honorific) + 1]
            ):
                position += len(honorific)
                break
        else:
            break
    start = position
    end = None
    count = 0
    while count < 6:
        nickname = re.match(rf"[“\"]{UPPER}[\w'’-]*[”\"]", text[position:])
        if nickname and end is not None:
            # "Josaia Voreqe “Frank” Bainimarama": a nickname inside the name.
            gap = re.match(SPACE, text[position + nickname.end() :])
            if gap:
                position += nickname.end() + gap.end()
                count += 1
                continue
        word = re.match(
            rf"{UPPER}[\w'’-]*\.?|{UPPER}\.|[a-z]{{1,3}}-{UPPER}[\w'’-]*|[a-z]+(?={SPACE}{UPPER})",
            text[position:],
        )
        if not word:
            break
        token = word.group(0)
        if token[0].islower() and "-" in token:
            if end is None:
                break
            position += len(token)  # "Khalifa al-Harthy"
            end = position
        elif token[0].islower():
            if token not in particles or end is None:
                break
            position += len(token)
        else:
            bare = token.rstrip(".")
            pronoun_as_name = bare == "He" and HE_AS_NAME.match(text, position + len(token))
            if (
                count
                and not pronoun_as_name
                and (bare in NAME_STOPWORDS or bare in _words(context, "title_words"))
            ):
                break
            if (
                not count
                and not pronoun_as_name
                and (bare in NAME_STOPWORDS or re.fullmatch(r"[IVX]+", bare))
            ):
                return None  # "Foreign Minister II": a rank, no name
            if any(m.start == 0 for m in ref.role_gazetteer.find(text[position : position + 40])):
                break
            countries = ref.country_gazetteer.find(text[position : position + 40])
            if any(m.start == 0 and m.end >= len(bare) for m in countries):
                break
            if ref.place_by_folded_name.get(bare.casefold()) and count:
                break
            owner = POSSESSIVE.search(token)
            if owner and owner.end() == len(token):
                end = position + owner.start()
                break
            is_initial = len(bare) == 1
            if token.endswith(".") and not is_initial:
                end = position + len(bare)  # the sentence ends after this word
                break
            position += len(token)
            if not is_initial:
                end = position
        count += 1
        gap = re.match(SPACE, text[position:])
        if not gap:
            break
        position += gap.end()
    if end is None or end <= start:
        return None
    return start, end


def _body_before(text: str, start: int, context: PeopleContext) -> str | None:
    """ "NATO Secretary General", "OECD Secretary-General", "the EEAS Secretary General":
    the international body named right before a role phrase."""
    window_start = max(0, start - 60)
    window = text[window_start:start]
    found = context.reference.body_gazetteer.find(window)
    if not found:
        return None
    last = found[-1]
    if re.fullmatch(r"(?:\s*(?:\([A-Z]+\)|[A-Z][\w-]*|of|the|and))*\s*", window[last.end :]):
        return last.value
    return None


def _country_in_run(text: str, start: int, context: PeopleContext) -> str | None:
    """The country named by an adjective at the head of the capitalised words right before
    `start` ("Estonian Foreign Ministry ...")."""
    window_start = max(0, start - 50)
    window = text[window_start:start]
    found = context.reference.country_gazetteer.find(window)
    if not found:
        return None
    last = found[-1]
    if _CAPITALISED_RUN.fullmatch(window[last.end :]):
        return last.value[0]
    return None


def _body_after(text: str, end: int, context: PeopleContext) -> tuple[str, int] | None:
    match = re.match(r"\s+of\s+(?:the\s+)?", text[end : end + 20])
    if not match:
        return None
    found = context.reference.body_gazetteer.find(text[end + match.end() : end + match.end() + 60])
    if found and found[0].start == 0:
        return found[0].value, end + match.end() + found[0].end
    return None


@functools.cache
def _phrase_before_name(
    words: tuple[str, ...], joiner: str = ""
) -> tuple[re.Pattern, CaselessGate] | None:
    """A phrase of `words` (roles.json staff or not_present), then `joiner`, right before
    a name, with nothing, "former", "late" or capitalised title words between: "Chief of
    Staff to President ...", "on behalf of ...". Built once per list, with the gate of
    its phrases (most text before a name holds none of them, and is not searched)."""
    phrases = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    if not phrases:
        return None
    pattern = re.compile(
        rf"\b(?i:{phrases}){joiner}\s+(?:the\s+)?"
        rf"(?P<between>(?:(?:former|late|then-|[A-Z][\w.’'-]*)\s*){{0,6}})$"
    )
    return pattern, CaselessGate.of_phrases(words)


def _relational(text: str, start: int, context: PeopleContext) -> bool:
    """Is the person at `start` named only to place someone else ("Chief of Staff to
    President Biden", "Head of Cabinet of Commission President von der Leyen", "an adviser
    to Putin"), or named but not present ("on behalf of President Biden", "the
    assassination of former Prime Minister Abe")? Not "Special Envoy for Climate John
    Kerry": Kerry is the envoy."""
    before = text[max(0, start - 120) : start]
    folded = fold_like_ignorecase(before)
    for gated in (
        _phrase_before_name(_words(context, "staff"), r"\s+(?:of|to|for)"),
        _phrase_before_name(_words(context, "not_present")),
    ):
        if gated is None:
            continue
        pattern, gate = gated
        found = gate.may_match(before, folded) and pattern.search(before)
        if not found:
            continue
        between = re.sub(r"^(?:(?:former|late|then-)\s*)+", "", found.group("between")).rstrip()
        if not between:
            return True
        roles = context.reference.role_gazetteer.find(between)
        if roles and roles[-1].end == len(between):
            return True
    return False


def _issuer(parsed: ParsedArticle, reference: Reference) -> dict | None:
    """The issuer of an official release (roles.json "issuers"): from the publisher, or from
    the release's opening lines."""
    issuer = reference.issuers.get(parsed.publisher_id)
    if issuer is None:
        text = parsed.article.text
        opening = [text[s.start : s.end].strip() for s in parsed.segments[:8]]
        for candidate in reference.issuers.values():
            if any(line in candidate["markers"] for line in opening):
                return candidate
    return issuer


def issuer_own_offices(parsed: ParsedArticle, reference: Reference) -> frozenset[str]:
    """The offices whose uncountried holders a release names are its issuer's own
    ("Special Envoy Tim Lenderking" in a State Department release)."""
    issuer = _issuer(parsed, reference)
    return frozenset(issuer.get("own_offices", ())) if issuer else frozenset()


def issuer_principals(parsed: ParsedArticle, reference: Reference) -> dict[str, tuple[str, str]]:
    """The titles that name the issuer's principal in an official release ("the Secretary"
    in a State Department release)."""
    issuer = _issuer(parsed, reference)
    if issuer is None:
        return {}
    return {
        phrase.casefold(): (principal["role"], principal["country"])
        for principal in issuer["principals"]
        for phrase in principal["phrases"]
    }


@dataclass
class _Found:
    """What find_people has found in one sentence so far (offsets within the sentence)."""

    text: str
    offset: int  # of the sentence in the article
    places: list[tuple[int, int]]  # names of places and topics: no person inside them
    mentions: list[Mention] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)  # words already explained
    by_setting: set[str] = field(default_factory=set)  # given the country of the venue

    def free(self, start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in self.taken)


def find_people(sentence_text: str, offset: int, context: PeopleContext) -> list[Mention]:
    """People in one sentence, in order. Updates `context` with people named in full.

    In four steps, each leaving what it explained to the next: names, people the
    article introduced named again, role phrases, counterparts and predecessors.
    """
    state = _Found(sentence_text, offset, _names_of_things(sentence_text, offset, context))
    _people_by_name(state, context)
    _people_named_again(state, context)
    # Role phrases: before a name they only describe it; before an unknown capitalised
    # name they make a new person; alone they resolve by office.
    for match in context.scan(context.reference.role_gazetteer, sentence_text, offset, multi=True):
        _person_by_role_phrase(state, match, context)
    _people_by_counterpart(state, context)
    _people_by_neighbour(state, context)
    found = _flagged(state, context)
    # A person named by surname ("Prime Minister Singh") is named too: a later role phrase
    # without a country ("receiving the Prime Minister") may refer back to them.
    for m in found:
        if m.by == "short_name":
            # Only the order of the latest mentions counts (_holders, _choose_person): drop
            # the earlier one, so that a long transcript's list stays short.
            if m.person_id in context.named:
                context.named.remove(m.person_id)
            context.named.append(m.person_id)
    return found


def _names_of_things(text: str, offset: int, context: PeopleContext) -> list[tuple[int, int]]:
    """Where the sentence names a place or a topic ("The Hague", "Dar es Salaam")."""
    ref = context.reference
    things = (ref.place_gazetteer, ref.topic_gazetteer_exact, ref.topic_gazetteer_folded)
    if context.index is not None and context.index.text.startswith(text, offset):
        return context.index.spans(things, offset, offset + len(text))
    return [
        (m.start, m.end)
        for gazetteer in (
            ref.place_gazetteer,
            ref.topic_gazetteer_exact,
            ref.topic_gazetteer_folded,
        )
        for m in context.scan(gazetteer, text, offset)
    ]


def _people_by_name(state: _Found, context: PeopleContext) -> None:
    """Names, except a short name inside a place's or a topic's name ("The Hague",
    "Dar es Salaam", "Comprehensive Nuclear-Test-Ban Treaty"), a name inside an
    organisation's ("the Kissinger Institute"), and a surname printed with another
    given name or country ("Jose W. Fernandez", "King Abdullah II of Jordan")."""
    ref = context.reference
    text, offset = state.text, state.offset
    mentions, taken, places = state.mentions, state.taken, state.places
    for match in context.scan(ref.name_gazetteer, text, offset, multi=True):
        candidates = match.value
        short = all(how == "short_name" for _, how in candidates)
        if short and any(
            a <= match.start and match.end <= b and (b - a) > (match.end - match.start)
            for a, b in places
        ):
            continue
        if _inside_name_of_thing(text, match.start, match.end, context):
            continue
        full = [pid for pid, how in candidates if how == "name"]
        pool = full or [pid for pid, _ in candidates]
        if not full and _introduced_by_surname(text[match.start : match.end], context):
            continue  # "Under Secretary Fernandez" after "Jose W. Fernandez": named again
        if not full:
            given = printed_given_name(text, match.start, context)
            after = _printed_after(text, match.end, context)
            pool = [
                pid
                for pid in pool
                if _given_compatible(pid, given, context)
                and not _name_goes_on_otherwise(pid, after, context)
                and not _country_conflict(
                    text, match.start, match.end, context.person(pid), context
                )
            ]
        chosen = _choose_person(pool, context) if pool else None
        if chosen is None:
            continue
        how = "name" if full else "short_name"
        mentions.append(Mention(chosen, offset + match.start, offset + match.end, how))
        taken.append((match.start, match.end))
        if how == "name":
            context.named.append(chosen)


def _introduced_by_surname(surname: str, context: PeopleContext) -> list[str]:
    """The people outside the curated list the article has introduced in full with this
    surname: a later "Fernandez" is that "Jose W. Fernandez", not a curated one."""
    folded = fold(surname)
    return [
        person_id
        for person_id, p in context.extra_people.items()
        if len(p.name.split()) > 1 and fold(p.name.split()[-1]) == folded
    ]


@functools.lru_cache(maxsize=4096)
def _form_pattern(form: str) -> re.Pattern:
    """A name as a whole word (not inside "Kim-Jong" or "Kims")."""
    return re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])")


@functools.lru_cache(maxsize=4096)
def _forms_named_again(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words of a name introduced in the article, and the forms that name its person
    again: the name, its last word, and the first word of a two-word name (a name
    printed family name first, "Kihara Minoru", is named again by its first word after
    a title, "Minister Kihara"). Asked for every sentence and every person introduced.

    >>> _forms_named_again("Kihara Minoru")
    (('Kihara', 'Minoru'), ('Kihara Minoru', 'Minoru', 'Kihara'))
    """
    words = name.split()
    forms = [name] + ([words[-1]] if len(words) >= 2 else [])
    if len(words) == 2:
        forms.append(words[0])
    return tuple(words), tuple(forms)


def _people_named_again(state: _Found, context: PeopleContext) -> None:
    """People the article introduced with a role phrase, named again ("Bourita")."""
    text, offset = state.text, state.offset
    mentions, taken, free = state.mentions, state.taken, state.free
    for person_id, person in list(context.extra_people.items()):
        words, forms = _forms_named_again(person.name)
        for form in forms:
            if form not in text:  # the pattern matches the form as printed
                continue
            for found in _form_pattern(form).finditer(text):
                if not free(found.start(), found.end()):
                    continue
                if form == words[0] and form != person.name:
                    titles = {*_words(context, "title_words"), *_words(context, "honorifics")}
                    title = re.search(
                        r"(\S+)\s+$", text[max(0, found.start() - 30) : found.start()]
                    )
                    if not (title and title.group(1) in titles):
                        continue
                if form != person.name and not _given_compatible(
                    person_id, printed_given_name(text, found.start(), context), context
                ):
                    continue
                if _inside_name_of_thing(text, found.start(), found.end(), context):
                    continue
                how = "name" if form == person.name else "short_name"
                start, end, who = found.start(), found.end(), person_id
                if len(words) == 1 and start and text[start - 1].isspace():
                    # "Thongphane Savanphet" after a headline's "Minister Thongphane".
                    span = _printed_name(text, start - 1, context)
                    if span and span[0] == start and span[1] > end and free(start, span[1]):
                        end = span[1]
                        who = _fuller_form(person_id, text[start:end], text, context)
                mentions.append(Mention(who, offset + start, offset + end, how))
                taken.append((start, end))


def _fuller_form(person_id: str, printed: str, sentence: str, context: PeopleContext) -> str:
    """The person a fuller printed form of a name introduced in the article names: for
    someone outside the list known by fewer words ("Kakubo" from a headline), the printed
    form with every one of their words ("Stanley Kakubo") is introduced as its own
    person, of the same country and office, whom `unify_people` then makes the one row
    of both; anyone else is who they were."""
    short = context.extra_people.get(person_id)
    if short is None:
        return person_id
    particles = frozenset(context.reference.role_words.get("name_particles", ()))
    mine, theirs = set(_name_words(short.name, particles)), set(_name_words(printed, particles))
    if not mine < theirs:
        return person_id
    fuller = _slug(printed)
    if fuller not in context.extra_people and fuller not in context.reference.people:
        context.extra_people[fuller] = replace(short, person_id=fuller, name=printed)
        context.extra_quotes.setdefault(fuller, sentence)
        context.named.append(fuller)
    return fuller if fuller in context.extra_people else person_id


# An office still to come: "President-elect", "Foreign Minister-designate".
_ELECT_AFTER = re.compile(r"[-\s](?:elect|designate)\b", re.IGNORECASE)
_ELECTION_BEFORE = re.compile(
    r"\b(?:election|elected|re-elected|nominated|nomination|inauguration|sworn in|candidate|"
    r"to become|becoming)\s+(?:as\s+|for\s+)?(?:the\s+)?(?:new\s+|next\s+)?$",
    re.IGNORECASE,
)


def _person_by_role_phrase(state: _Found, match: Match, context: PeopleContext) -> None:
    """One role phrase: the name it describes, a new person it introduces ("Chinese
    Foreign Minister Wang Yi"), or the holder of its office on the article's day."""
    text = state.text
    if not state.free(match.start, match.end) or any(
        a <= match.start and match.end <= b for a, b in state.places
    ):
        return  # "the Office of the President of Ukraine" is a place, not a person
    phrase: RolePhrase = match.value[0]
    before = re.search(r"(\S+)\s+$", text[max(0, match.start - 12) : match.start])
    if before and (
        before.group(1) in _words(context, "name_particles")
        or (
            before.group(1) in _words(context, "personal_honorifics")
            and " " not in phrase.phrase
            and _CAPITAL_AFTER.match(text[match.end : match.end + 3])
        )
    ):
        # "Mohamed bin Zayed bin Sultan Al Nahyan", "Dr. Sultan Al Jaber": a given name.
        return
    if phrase.phrase.isupper() and CLOCK_TIME.search(text[: match.start]):
        return  # "7:45 PM" is a time of day, not a prime minister
    if _ELECT_AFTER.match(text, match.end) or _ELECTION_BEFORE.search(
        text, max(0, match.start - 30), match.start
    ):
        # "President-Elect Marcos", "his election as President of Colombia": the office is
        # still to come, so its holder on the day is not meant; a printed name is found as
        # a name.
        state.taken.append((match.start, match.end))
        return
    window_start = max(0, match.start - 16)
    qualifier = re.search(r"\b([A-Z][a-z]+)\s+$", text[window_start : match.start])
    if qualifier and qualifier.group(1) in _words(context, "other_office"):
        # "Under Secretary", "Executive Secretary": another office than the phrase's; but
        # "the Deputy Secretary" of a State Department release is its deputy principal.
        _qualified_principal(state, window_start + qualifier.start(1), match.end, context)
        state.taken.append((match.start, match.end))
        return
    if (
        phrase.weak
        and re.match(r"\s+(?:of|for)\s+(?:the\s+)?\w", text[match.end : match.end + 30])
        and _country_after(text, match.end, context.reference) is None
        and _body_after(text, match.end, context) is None
        and _remit_after(text, match.end, phrase, context) == match.end
    ):
        # "the Minister of Unification", "the vice minister of unification", "Secretary of
        # Homeland Security Mayorkas": a weak phrase with a remit of its own names another
        # office than the phrase's (the Secretary of State is a phrase of its own).
        state.taken.append((match.start, match.end))
        return
    if (
        phrase.country is not None
        and not phrase.weak
        and _OF_CAPITAL_AFTER.match(text[match.end : match.end + 12])
        and _country_after(text, match.end, context.reference) is None
        and _body_after(text, match.end, context) is None
    ):
        # "the Secretary General of the International Maritime Organization": the officer
        # of a body the reference does not know, not the UN's Secretary-General.
        state.taken.append((match.start, match.end))
        return
    extent = _role_extent(state, match, phrase, context)
    if extent is None:
        return
    if match.start > 0 and text[match.start].islower() and phrase.phrase[0].isupper():
        # "president" in lower case is still a title; "PM" is not "pm".
        if phrase.phrase.isupper():
            return
    if _describes_next_name(state, match, phrase, extent.end, context):
        return
    if phrase.weak and phrase.country is not None and extent.country != phrase.country:
        # "New Zealand Secretary Chris Seed": that country's secretary, whom the phrase
        # (the US Secretary of State's) cannot name; nobody rather than a guess.
        unknown = _printed_name(text, extent.end, context)
        state.taken.append((match.start, unknown[1] if unknown else extent.end))
        return
    # A weak phrase names someone only by referring back; but an office several people hold
    # at once ("Under Secretary Uzra Zeya") is the printed name's, whoever the curated
    # holders are.
    names = not phrase.weak or (
        phrase.country is not None
        and extent.country == phrase.country
        and phrase.role in context.reference.shared_offices
    )
    if not names and not _title_cased(text):
        unknown = _printed_name(text, extent.end, context)
        if unknown and unknown[0] - extent.end <= 1:
            # "congratulated Secretary Seed": the title of someone the reference does not
            # know, not the issuer's Secretary.
            state.taken.append((match.start, unknown[1]))
            return
    if phrase.country is not None and re.match(
        r"\s+for\s+(?-i:[A-Z])", text[extent.end : extent.end + 30]
    ):
        # "Secretary of State for Strategic Energy Infrastructure Piotr Naimski",
        # "Secretary of State for Health": another country's office, not the phrase's.
        state.taken.append((match.start, extent.end))
        return
    country = extent.country
    name_span = _printed_name(text, extent.end, context) if names else None
    if name_span:
        done, country = _person_named_after(
            state, match, phrase, country, extent.end, name_span, context
        )
        if done:
            return
    if phrase.named_only or _former_pattern(_words(context, "former")).search(
        text[max(0, match.start - 20) : match.start]
    ):
        # "the finance minister" with no name: which of a government's many ministers
        # the reference cannot tell; "the former Foreign Minister": no holder on the day.
        state.taken.append((match.start, extent.end))
        return
    _person_by_office(state, match, phrase, replace(extent, country=country), context)


def _principal_titled(
    text: str, start: int, end: int, context: PeopleContext
) -> tuple[str, str] | None:
    """The issuer's principal (role, country) that the title text[start:end] names, with
    the "the" before it if there is one ("the Deputy Secretary")."""
    the = text[max(0, start - 4) : start].casefold() == "the "
    return context.principals.get(("the " if the else "") + text[start:end].casefold())


def _qualified_principal(state: _Found, start: int, end: int, context: PeopleContext) -> None:
    """ "The Deputy Secretary will meet with ...": a qualified title (`start`..`end`) that
    is a principal of the release's issuer (roles.json "issuers") is the one holder of
    that office on the day, unless a name or a remit of its own follows ("Deputy
    Secretary Sherman" is named; "Deputy Secretary of Defense" is another office)."""
    text = state.text
    title = text[start:end]
    principal = _principal_titled(text, start, end, context)
    if principal is None or not title[0].isupper():
        return
    if _REMIT_OR_NAME_AFTER.match(text[end : end + 6]):
        return
    holders = _holders(context, principal[0], principal[1], weak=False)
    if len(holders) == 1 and state.free(start, end):
        state.mentions.append(
            Mention(
                holders[0], state.offset + start, state.offset + end, "role", principal[0], title
            )
        )
        state.taken.append((start, end))


@dataclass(frozen=True)
class _RoleExtent:
    """A role phrase with the words around it that say whose office it is: from `start`
    (a country adjective before it) to `end` (past "of Russia"), within the sentence."""

    country: str | None  # the country (or international body) of the office
    start: int
    end: int
    body: str | None  # an international body named with it ("NATO Secretary General")


def _role_extent(
    state: _Found, match: Match, phrase: RolePhrase, context: PeopleContext
) -> _RoleExtent | None:
    """Whose office a role phrase names: an international body before or after it ("NATO
    Secretary General", "Secretary General of NATO"), else a country adjective before it
    ("Russian Foreign Minister") or "of <country>" after it, else the phrase's own
    country. None (the phrase taken, nobody found) when an organisation's acronym that is
    no country comes first ("ASEAN Secretary General" unknown to the reference)."""
    ref = context.reference
    text = state.text
    country = phrase.country
    end = match.end
    phrase_start = match.start
    body = _body_before(text, match.start, context)
    if body is None:
        after_body = _body_after(text, end, context)
        if after_body:
            body, end = after_body
    end = _remit_after(text, end, phrase, context)
    if body:
        # "NATO Secretary General" is not the UN's: the body is the phrase's country.
        return _RoleExtent(body, phrase_start, end, body)
    organisation = re.search(r"\b([A-Z]{2,})\s+$", text[max(0, match.start - 12) : match.start])
    if country and organisation and not ref.country_gazetteer.find(organisation.group(1)):
        state.taken.append((match.start, end))
        return None
    before = _country_before(text, match.start, ref)
    if before:
        # "Russian Foreign Minister"; "Austrian Chancellor", "New Zealand Secretary": the
        # printed country's office, whatever country the phrase alone would mean.
        country, phrase_start = before
    elif country and phrase.role == "secretary_general":
        # "Belgian Secretary General", "Estonian Foreign Ministry Secretary General":
        # a ministry's secretary general, not the UN's.
        national = _country_in_run(text, match.start, context)
        if national and national != country:
            country = national
    after = _country_after(text, end, ref)
    if country is None and after:
        country, end = after
    return _RoleExtent(country, phrase_start, end, body)


def _remit_after(text: str, end: int, phrase: RolePhrase, context: PeopleContext) -> int:
    """ "UN Special Envoy for Syria Staffan de Mistura": an envoy's remit, a known
    country, place or topic after "for (the)", belongs to the role phrase (ending at
    `end`), and so do an ambassador's country ("Ambassador to the United States") and an
    office's remit that a curated title gives ("Under Secretary for Political Affairs");
    the name follows it. Where the phrase ends, past the remit if
    there is one.

    An unknown remit is left alone: without a gazetteer the remit's last word and the
    name's first cannot be told apart."""
    ref = context.reference
    if phrase.role == "ambassador":
        # "Saudi Ambassador to the United States Reema bint Bandar": accredited to a country.
        accredited = _country_after(text, end, ref, "to")
        if accredited:
            return accredited[1]
    remit = re.match(r"\s+for\s+(?:the\s+)?", text[end : end + 12])
    if not remit:
        return end
    start = end + remit.end()
    if phrase.country is not None:
        # "Under Secretary of State for Civilian Security, Democracy, and Human Rights Uzra
        # Zeya": what a curated title of the office says it is for.
        for known in ref.office_remits.get((phrase.role, phrase.country), ()):
            if text.startswith(known, start) and not text[start + len(known) :][:1].isalnum():
                return start + len(known)
    if phrase.role != "ambassador":
        return end
    window = text[start : start + 60]
    known = [
        m.end
        for gazetteer in (ref.country_gazetteer, ref.place_gazetteer, ref.topic_gazetteer_exact)
        for m in gazetteer.find(window)
        if m.start == 0 and not window[m.end : m.end + 1].isalnum()
    ]
    return start + max(known) if known else end


def _title_cased(text: str) -> bool:
    """A headline-like line, most words capitalised ("The Secretary Meets Foreign Minister
    Lavrov"), where a capital says nothing of a name.

    >>> _title_cased("Secretary Travels to Moscow and Kyiv"), _title_cased("He met Secretary Seed.")
    (True, False)
    """
    counted = [w for w in _TITLE_WORD.findall(text) if w not in SMALL_WORDS]
    return len(counted) >= 3 and sum(w[0].isupper() for w in counted) > 0.8 * len(counted)


def _describes_next_name(
    state: _Found, match: Match, phrase: RolePhrase, end: int, context: PeopleContext
) -> bool:
    """Whether the phrase only describes the name found right after it ("Foreign
    Minister Lavrov"); then it is taken. A short name right after it whose person never
    held the office is dropped instead: "Defense Minister Singh" is not Manmohan Singh."""
    text, offset, mentions = state.text, state.offset, state.mentions
    after_phrase = [m for m in mentions if m.start - offset >= end]
    next_mention = min(after_phrase, key=lambda m: m.start) if after_phrase else None
    if (
        next_mention
        and next_mention.by == "short_name"
        and not phrase.weak
        and text[end : next_mention.start - offset].strip() == ""
        and not any(
            o.role == phrase.role or phrase.phrase.casefold() in o.title.casefold()
            for o in context.person(next_mention.person_id).offices
        )
    ):
        mentions.remove(next_mention)
        state.taken.remove((next_mention.start - offset, next_mention.end - offset))
        next_mention = None
    if next_mention and text[end : next_mention.start - offset].strip() in ("", ","):
        state.taken.append((match.start, end))
        if end > match.end and next_mention.start - offset == end + 1:
            # "Ambassador to the United States Qin Gang": the title and its remit are part
            # of the mention (the name is no owner of an "ambassador to").
            mentions[mentions.index(next_mention)] = replace(
                next_mention, start=offset + match.start
            )
        return True
    return False


def _person_by_office(
    state: _Found, match: Match, phrase: RolePhrase, extent: _RoleExtent, context: PeopleContext
) -> None:
    """A role phrase with no name: the one holder of its office (of its country) on the
    article's day, if there is exactly one; "the Secretary" alone in a release is the
    outlet's principal ("the Secretary of State"). The phrase is taken either way."""
    text, offset = state.text, state.offset
    country, weak = extent.country, phrase.weak
    principal = _principal_titled(text, match.start, match.end, context)
    if (
        principal
        and text[match.start].isupper()
        and extent.end == match.end
        and extent.start == match.start
        and not extent.body
    ):
        # "the Secretary" in a State Department release: the Secretary of State that day.
        role, country, weak = principal[0], principal[1], False
    else:
        role = phrase.role
    holders = _holders(context, role, country, weak=weak)
    if len(holders) == 1:
        state.mentions.append(
            Mention(
                holders[0],
                offset + extent.start,
                offset + extent.end,
                "role",
                role,
                text[extent.start : extent.end],
            )
        )
    state.taken.append((match.start, extent.end))


def _person_named_after(
    state: _Found,
    match: Match,
    phrase: RolePhrase,
    country: str | None,
    end: int,
    name_span: tuple[int, int],
    context: PeopleContext,
) -> tuple[bool, str | None]:
    """A role phrase before a printed name: a longer form of a name already found, or a
    new person the article introduces ("Chinese Foreign Minister Wang Yi"), or nobody
    when the name cannot be placed. Whether that settled the phrase, and its country
    (the name may be followed by "of Russia")."""
    ref = context.reference
    text, offset = state.text, state.offset
    mentions, taken = state.mentions, state.taken
    name = text[name_span[0] : name_span[1]]
    name_end = name_span[1]
    title = text[match.start : match.end]

    def named(person_id: str) -> None:
        """The phrase and the name are one mention of `person_id`."""
        mentions.append(
            Mention(person_id, offset + match.start, offset + name_end, "name", phrase.role, title)
        )
        taken.append((match.start, name_end))

    inside = [m for m in mentions if name_span[0] <= m.start - offset < name_end]
    if inside:
        # "President Abdel Fattah Al Sisi": a longer form of a name already known.
        for m in inside:
            mentions.remove(m)
            taken.remove((m.start - offset, m.end - offset))
        named(_fuller_form(inside[-1].person_id, name, text, context))
        return True, country
    if country is None:
        after = (
            _country_after(text, name_end, ref)
            or _body_after(text, name_end, context)
            or _country_in_parentheses(text, name_end, ref)
        )
        if after:
            country = after[0]
    if country is None:
        country = _country_of_setting(state, phrase, name_span[0], context)
        if country is not None:
            state.by_setting.add(_slug(name))
    if country is None and phrase.role in context.own_offices:
        country = _issuers_own(state, match.start, match.end, context)
    holder = _holder_by_printed_words(name, phrase.role, country, context)
    if holder is not None:
        # "Qatari Foreign Minister Al-Thani", "Japanese Foreign Minister HAYASHI Yoshimasa":
        # the one holder of that office on the day whose name has these words.
        named(holder)
        return True, country
    person_id = _slug(name)
    if len(name.split()) == 1:
        # "Secretary General Gentzis" after "Secretary General Theodora Gentzis".
        same = _introduced_by_surname(name, context)
        if len(same) == 1:
            person_id, country = same[0], context.extra_people[same[0]].country
    role = phrase.role
    window = max(0, match.start - 60)
    staff_before = _phrase_before_name(_words(context, "staff"), r"\s+(?:of|to|for)")
    staff = staff_before[0].search(text, window, match.start) if staff_before else None
    if staff and not staff.group("between"):
        # "Foreign Policy Advisor to the President of Azerbaijan Hikmet Hajiyev": the
        # name is the adviser's, an official of no one kind, not the President's.
        role, title = "other", text[staff.start() : match.end]
    if country and person_id and person_id not in ref.people:
        person = context.extra_people.get(person_id) or Person(
            person_id,
            name,
            country,
            False,
            (Office(role, _title_case(title), country, None, None),),
        )
        context.extra_people[person_id] = person
        context.extra_quotes.setdefault(person_id, text)
        context.named.append(person_id)
        named(person_id)
        return True, country
    if name_span[0] - end <= 1 or country is None:
        taken.append((match.start, end))
        return True, country  # a name we cannot place: nobody rather than a guess
    return False, country


def _issuers_own(state: _Found, start: int, end: int, context: PeopleContext) -> str | None:
    """The issuer's country, for one of its own offices printed without a country by the
    first person a sentence names ("Special Envoy Tim Lenderking will meet ..." in a State
    Department release). Not after someone else ("met with President Zelenskyy ... and
    Ambassador Oksana Markarova": the other side's), after an organisation's or a
    country's initials ("PRC Special Representative"), or when accredited to that very
    country ("Ambassador to the United States Reema bint Bandar")."""
    text = state.text
    countries = {country for _, country in context.principals.values()}
    if len(countries) != 1 or any(m.start - state.offset < start for m in state.mentions):
        return None
    if re.search(r"\b[A-Z]{2,}\.?\s+$", text[max(0, start - 12) : start]):
        return None
    country = countries.pop()
    accredited = _country_after(text, end, context.reference, "to")
    if accredited and accredited[0] == country:
        return None
    return country


def _country_of_setting(
    state: _Found, phrase: RolePhrase, start: int, context: PeopleContext
) -> str | None:
    """The country of an official printed by office and name alone ("President Gitanas
    Nauseda"), from where the sentence places the encounter: its one country, other than
    the release issuer's, when the first person the sentence names before `start` (or
    its "he" or "she", else the issuer) is of another country, there to visit it ("[the Secretary] will travel to
    Vilnius, Lithuania ... to meet with ..."). None at a gathering of many countries ("on
    the margins of the NATO Ministerial in Brussels"), where the venue says nothing of
    who is met, at home ("Putin met President X in Sochi", "Secretary Austin and I look
    forward to hosting ... in Washington"), and for offices that travel (roles.json
    "setting_offices").
    """
    ref = context.reference
    roles, gathering = ref.setting_offices
    text = state.text
    if phrase.role not in roles or gathering.search(text) or ref.body_gazetteer.find(text):
        return None
    countries = {
        location.code if location.is_country else ref.places[location.code].country
        for location, _ in find_places(text, state.offset, ref, context.index)
    }
    issuer = {country for _, country in context.principals.values()}
    if not countries and context.follow_up_country:
        countries = {context.follow_up_country}
    countries -= issuer
    if len(countries) != 1:
        return None
    venue = countries.pop()
    before = sorted(
        (m.start, context.person(m.person_id).country)
        for m in state.mentions
        if m.start - state.offset < start and m.person_id not in state.by_setting
    )
    pronoun = HE_OR_SHE.search(text[:start]) if context.pronoun_referent else None
    if pronoun and (not before or pronoun.start() < before[0][0] - state.offset):
        # "He will travel to Tallinn, Estonia, to meet with President Alar Karis"; "In
        # Sofia, he will meet with Bulgarian Prime Minister X and Foreign Minister Y".
        before = [(0, context.person(context.pronoun_referent).country), *before]
    if before:
        # The first person named is the one who travels (or, at home, the host).
        return venue if before[0][1] != venue else None
    return venue if issuer else None


HEADS = ("head_of_state", "head_of_government")


def _holds_any(text: str, words: tuple[str, ...]) -> bool:
    """Whether one of `words` is in `text` as printed: the cheap test before a pattern
    of them. (A loop rather than any(...): no generator made for every sentence.)"""
    for word in words:  # noqa: SIM110
        if word in text:
            return True
    return False


def _people_by_counterpart(state: _Found, context: PeopleContext) -> None:
    """ "his US counterpart": the holder of the owner's office in the country named."""
    ref = context.reference
    text, offset = state.text, state.offset
    mentions, taken, free = state.mentions, state.taken, state.free
    words = _words(context, "counterpart")
    if not _holds_any(text, words):  # the pattern matches one of them as printed
        return
    for found in _counterpart_pattern(words).finditer(text):
        if not free(found.start(), found.end()):
            continue
        countries = ref.country_gazetteer.find(found.group("country"))
        if not countries:
            continue
        several = len({c.value[0] for c in countries}) > 1
        if found.group(0).endswith("s") and not several:
            continue  # "his Turkish counterparts": several people, which ones unsaid
        before = [m for m in mentions if m.start - offset < found.start()]
        owner_id = max(before, key=lambda m: m.start).person_id if before else None
        by_pronoun = owner_id is None and bool(HE_OR_SHE.search(text[: found.start()]))
        if by_pronoun:
            owner_id = context.pronoun_referent  # "She met her Bulgarian counterpart, X"
        if owner_id is None:
            continue
        owner_role = _role_of(context, owner_id)
        if owner_role is None:
            continue
        holders = _holders(context, owner_role[0], countries[-1].value[0], weak=False)
        holders = [h for h in holders if h != owner_id]
        after_phrase = [m for m in mentions if m.start - offset >= found.end()]
        next_mention = min(after_phrase, key=lambda m: m.start) if after_phrase else None
        if next_mention and text[found.end() : next_mention.start - offset].strip() in ("", ","):
            taken.append((found.start(), found.end()))
            continue
        if several and owner_role[0] in HEADS:
            # "Biden's meeting with his Japanese and ROK counterparts": a president's
            # counterpart may be a prime minister; which, the office does not say.
            taken.append((found.start(), found.end()))
            continue
        if several:
            # "his British, French and German counterparts": the holder of the owner's
            # office (a minister's, not a head's) in each country, each named by its
            # adjective.
            group_start = found.start("country")
            for country in countries:
                holders = [
                    h
                    for h in _holders(context, owner_role[0], country.value[0], weak=False)
                    if h != owner_id
                ]
                if len(holders) == 1 and not by_pronoun:
                    start, end = group_start + country.start, group_start + country.end
                    mentions.append(
                        Mention(
                            holders[0], offset + start, offset + end, "counterpart", owner_role[0]
                        )
                    )
            taken.append((found.start(), found.end()))
            continue
        if _counterpart_named(state, found, countries[-1].value[0], owner_role[0], context):
            continue
        # A pronoun's referent is a guess: good enough for whose country "her" is when the
        # apposition names the counterpart, not for finding one by office.
        if len(holders) == 1 and not by_pronoun:
            mentions.append(
                Mention(
                    holders[0],
                    offset + found.start(),
                    offset + found.end(),
                    "counterpart",
                    owner_role[0],
                )
            )
            taken.append((found.start(), found.end()))


def _honorifics_only(gap: str, context: PeopleContext) -> bool:
    """Whether `gap` is nothing but spaces and honorifics ("Lt. Gen.", "H.E. Dr.")."""
    pattern = _honorifics_run(_words(context, "honorifics"))
    return pattern.fullmatch(gap + " " if gap.strip() else gap) is not None


@functools.cache
def _honorifics_run(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(rf"\s*(?:(?:{_alternation(words)})\s+)*")


def _counterpart_named(
    state: _Found, found: re.Match, country: str, role: str, context: PeopleContext
) -> bool:
    """ "her Bulgarian counterpart, Petar Ivanov", "his Polish colleague, Foreign Minister
    Jan Nowicki": the apposition names the counterpart; a full name (two words or more)
    outside the curated list is a new person of the counterpart's country, with the
    office the apposition prints; with none printed, no office ("Bulgarian counterpart"
    is no title, and the office it implies is not printed). Whether a person was added."""
    text, offset = state.text, state.offset
    comma = re.match(r",(\s+)", text[found.end() :])
    if not comma:
        return False
    role_end = found.end() + 1  # _printed_name starts at the space before the name
    role_start = found.end() + comma.end()
    title = ""
    phrases = context.reference.role_gazetteer.find(text[role_start : role_start + 60])
    if phrases and phrases[0].start == 0:
        phrase: RolePhrase = phrases[0].value
        if phrase.weak or phrase.country not in (None, country):
            return False
        role, title = phrase.role, text[role_start : role_start + phrases[0].end]
        role_end = role_start + phrases[0].end
    name_span = _printed_name(text, role_end, context)
    # Only honorifics may come between ("his Chinese counterpart, General Liang Guanglie").
    if name_span is None or not _honorifics_only(text[role_end : name_span[0]], context):
        return False
    name = text[name_span[0] : name_span[1]]
    person_id = _slug(name)
    if len(name.split()) < 2 or not person_id or person_id in context.reference.people:
        return False
    if any(found.end() <= m.start - offset < name_span[1] for m in state.mentions):
        return False  # the apposition already names someone
    offices = (Office(role, _title_case(title), country, None, None),) if title else ()
    person = context.extra_people.get(person_id) or Person(person_id, name, country, False, offices)
    context.extra_people[person_id] = person
    context.extra_quotes.setdefault(person_id, text)
    context.named.append(person_id)
    state.mentions.append(
        Mention(
            person_id,
            offset + found.start(),
            offset + name_span[1],
            "name",
            role if title else "",
            title,
        )
    )
    state.taken.append((found.start(), name_span[1]))
    return True


def _people_by_neighbour(state: _Found, context: PeopleContext) -> None:
    """ "Biden's predecessor": who held the named person's office before (or after)."""
    text, offset, mentions = state.text, state.offset, state.mentions
    before, after = _words(context, "predecessor"), _words(context, "successor")
    if not (_holds_any(text, before) or _holds_any(text, after)):  # as printed, or not at all
        return
    neighbours = _neighbour_pattern(before, after)
    for found in neighbours.finditer(text):
        owner = next((m for m in mentions if m.start - offset == found.start()), None)
        if owner is None:
            continue
        which = "predecessor" if found.group("predecessor") else "successor"
        other = _neighbour_in_office(context, owner.person_id, which)
        if other:
            mentions.append(Mention(other, offset + found.start(), offset + found.end(), "role"))


_OWNER_AFTER = re.compile(r"['’]s?(?![\w])")  # "Putin's", "the Ministers'"


def _flagged(state: _Found, context: PeopleContext) -> list[Mention]:
    """The mentions in order, each marked as an owner ("Putin's war") or as named only
    to place someone else ("Chief of Staff to President Biden")."""
    text, offset, mentions = state.text, state.offset, state.mentions
    flagged = []
    for m in mentions:
        start, end = m.start - offset, m.end - offset
        # Built directly, not by dataclasses.replace (several times dearer, for every
        # mention of every sentence).
        flagged.append(
            Mention(
                m.person_id,
                m.start,
                m.end,
                m.by,
                m.role,
                m.title,
                owner=_OWNER_AFTER.match(text, end, end + 3) is not None,
                relational=_relational(text, start, context),
            )
        )
    flagged.sort(key=lambda m: m.start)
    return flagged


def _title_case(title: str) -> str:
    small = {"of", "and", "for", "the", "to", "in"}
    return " ".join(
        w if w.isupper() or (i and w in small) else w[:1].upper() + w[1:]
        for i, w in enumerate(title.split())
    )


def _choose_person(candidates: list[str], context: PeopleContext) -> str | None:
    """Pick among people sharing a name: one the article named, else one in office."""
    unique = list(dict.fromkeys(candidates))
    if len(unique) == 1:
        return unique[0]
    for person_id in reversed(context.named):
        if person_id in unique:
            return person_id
    if context.day:
        in_office = [
            pid for pid in unique if any(o.covers(context.day) for o in context.person(pid).offices)
        ]
        if len(in_office) == 1:
            return in_office[0]
    return None


def _neighbour_in_office(context: PeopleContext, person_id: str, which: str) -> str | None:
    """The person who held `person_id`'s office just before (or after) them."""
    person = context.person(person_id)
    office = person.office_on(context.day, or_last=True)
    if office is None or office.start is None:
        return None
    best: tuple[dt.date, str] | None = None
    # Only people with an office of that role and country can be the neighbour.
    for other in context.reference.people_by_office.get((office.role, office.country), ()):
        if other.person_id == person_id:
            continue
        for o in other.offices:
            if o.role != office.role or o.country != office.country:
                continue
            if which == "predecessor" and o.end and o.end <= office.start:
                if best is None or o.end > best[0]:
                    best = (o.end, other.person_id)
            if which == "successor" and o.start and office.end and o.start >= office.end:
                if best is None or o.start < best[0]:
                    best = (o.start, other.person_id)
    return best[1] if best else None


# Places. The vocabularies (bodies that are no places, organisation and treaty
# names, regions, words that are no place names) are in reference/non-places.json;
# what is here is grammar: which words make a place name the setting of an event.

# "in Sochi", "at the White House", "visited Sochi", "the southern city of Sochi".
# Between two places of one list: "to Lebanon and Syria", "to Vilnius, Riga and Tallinn".
_PLACE_LIST_GAP = re.compile(r",?\s+and\s+|,\s+")
_LOCATIVE_BEFORE = re.compile(
    r"(?:\b(?:in|at|inside|near|outside|into|visited|visiting|visits|visit|reached|"
    r"hosted in|(?:sidelines|margins|fringes) of)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:(?:city|capital|resort|town|port|village|island)\s+of\s+(?:the\s+)?)?"
    r"|\b(?:in|at)\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
# "to" is locative only after a verb or noun of motion: "will travel May 1-2 to
# Geneva", "welcomed Prime Minister Kishida to the White House", "her trip to
# Tokyo"; not "spoke to Victoria Nuland" or "committed to the Paris Agreement".
_MOTION_TO = re.compile(
    r"(?:\b(?:travel\w*|fl(?:y|ew|ies|ying|own)|went|go|goes|going|gone|came|come|comes|"
    r"coming|arriv\w*|return\w*|head(?:s|ed|ing)?|mov(?:e|ed|es|ing)|deploy\w*|drove|driv\w*|"
    r"sail\w*|relocat\w*|transfer\w*)\b[^,;:.!?]{0,50}?"
    # A noun of motion only right before "to": "her trip to Tokyo", not "the visit
    # underscored our commitment to Ukraine".
    r"|\b(?:trips?|visits?|journeys?|flights?|way|route|tours?|missions?|delegations?|"
    r"voyages?|pilgrimages?|back|bound)\s+(?:from\s+(?:[\w-]+\s+){1,3}?)?)\bto\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:(?:city|capital|resort|town|port|village|island)\s+of\s+"
    r"(?:the\s+)?)?$",
    re.IGNORECASE,
)
# Verbs whose object comes between them and "to": "welcomed Minister of Defence
# Rajnath Singh and Minister of External Affairs Dr. S. Jaishankar to Washington".
_BRING_TO = re.compile(
    r"\b(?:welcom\w*|invit\w*|accompan\w*|brought|bring\w*|sent|send\w*|receiv\w*)\b"
    r"[^;:!?]{0,110}?\bto\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?$",
    re.IGNORECASE,
)
_TO_IN_BETWEEN = re.compile(r"\bto\b(?=.*\bto\s)", re.IGNORECASE)
# "a Beijing summit", "the Doha talks", "Blinken's Kyiv visit": a city before a meeting noun.
_MEETING_NOUN_AFTER = re.compile(
    r"\s+(?:[A-Z][\w-]+\s+)?(?:summit|talks|meeting|meetings|conference|ministerial|"
    r"negotiations|round|session|forum|dialogue|visit|trip|consultations|gathering)s?\b",
    re.IGNORECASE,
)
# "the war in Ukraine", "the situation in Kabul": what the talks were about, not where.
_TOPIC_BEFORE_IN = frozenset(
    [
        "war",
        "wars",
        "crisis",
        "crises",
        "conflict",
        "conflicts",
        "situation",
        "fighting",
        "violence",
        "election",
        "elections",
        "peace",
        "security",
        "stability",
        "democracy",
        "rights",
        "invasion",
        "aggression",
        "atrocities",
        "attack",
        "attacks",
        "protest",
        "protests",
        "unrest",
        "developments",
        "events",
        "investment",
        "investments",
        "troops",
        "forces",
        "operations",
        "presence",
        "reconstruction",
        "ceasefire",
        "cease-fire",
        "hostilities",
        "casualties",
        "deaths",
        "violations",
        "abuses",
        "detention",
        "detained",
        "killed",
        "crimes",
        "genocide",
        "famine",
        "drought",
        "pandemic",
        "outbreak",
        "humanitarian",
        "refugees",
        "people",
        "citizens",
        "civilians",
        "population",
        "economy",
        "interests",
        "influence",
        "activities",
        "activity",
        "actions",
        "behavior",
        "behaviour",
        "role",
        "transition",
        "future",
        "progress",
        "reform",
        "reforms",
        "efforts",
        "engagement",
        "involvement",
        "terrorism",
        "extremism",
        "insurgency",
        "militants",
        "protesters",
        "opposition",
        "regime",
        "occupation",
        "annexation",
        "offensive",
        "strike",
        "strikes",
        "shelling",
        "bombing",
        "explosion",
        "earthquake",
        "flood",
        "floods",
        "disaster",
        "tragedy",
        "coup",
        "uprising",
    ]
)
# "... to discuss the response to the suffering in Ukraine": a place in what a meeting is
# to discuss, with no other verb of meeting or going, or a "where", between.
_DISCUSSED_BEFORE = re.compile(
    r"\b(?:to discuss|to review|to address|to talk about)\b"
    r"(?:(?!\b(?:where|when|then|before|after|while|met|meet|meets|meeting|travel|travels|"
    r"traveled|travelled|visit|visits|visited|arrive|arrived|held|hold)\b)[^;])*$",
    re.IGNORECASE,
)
_NOT_A_NAME_AFTER = CALENDAR_WORDS
_NON_PLACE_HEAD_BEFORE = re.compile(r"\b([A-Z][\w-]+)\s+of\s+(?:the\s+)?$")


def _scan(index: TextIndex | None, gazetteer: Gazetteer, text: str, offset: int) -> list:
    if index is not None and index.text.startswith(text, offset):
        return index.find(gazetteer, offset, offset + len(text))
    return gazetteer.find(text)


def _in_a_name(text: str, start: int, end: int, reference: Reference) -> bool:
    """Whether the place name text[start:end] is part of an organisation's, a treaty's,
    a newspaper's or a person's name ("Paris Agreement", "Minsk peace agreements",
    "Treaty of Rome", "Washington Post", "Victoria Nuland")."""
    heads = reference.non_places.head_words
    following = re.findall(r"[\w’'.-]+", text[end : end + 60])[:3]
    for position, word in enumerate(following):
        word = word.strip(".’'")
        if word.casefold() in _JOINERS:
            break
        pair = " ".join(following[position : position + 2]).strip(".’'")
        if word.casefold() in heads or pair.casefold() in heads:
            return True
    head_before = _NON_PLACE_HEAD_BEFORE.search(text[max(0, start - 30) : start])
    if head_before and head_before.group(1).casefold() in heads:
        return True  # "the Treaty of Rome", "the Congress of Vienna"
    if text[end - 1] == ".":
        return False  # "in Washington, D.C. Secretary Blinken said": a sentence ends there
    name = re.match(r" ([A-Z][\w’'-]*)(?=[\s,.;:!?)]|$)", text[end : end + 40])
    return bool(
        name
        and not name.group(1).isupper()
        and name.group(1) not in _NOT_A_NAME_AFTER
        and name.group(1) not in NAME_STOPWORDS
        and name.group(1) not in reference.non_places.words  # "Secretary", "President"
        and not _MEETING_NOUN_AFTER.match(text, end)
    )  # "Victoria Nuland", "Washington Nationals": a longer name goes on


_JOINERS = {"of", "the", "on", "in", "at", "to", "with", "for", "and", "a", "an", "by", "from"}


def find_places(
    sentence_text: str, offset: int, reference: Reference, index: TextIndex | None = None
) -> list[tuple[Location, Span]]:
    """Places where something happens: a place name in a locative position.

    "in Sochi", "at the White House", "visited Sochi", "the southern city of
    Sochi", "will travel to Geneva", "the Doha talks"; not "Moscow's position"
    or "Washington said" (a capital standing for a government), not "the war
    in Ukraine" (what talks are about), not "the Paris Agreement", "the
    Shanghai Cooperation Organisation" or "spoke to Victoria Nuland".
    """
    out: list[tuple[Location, Span]] = []
    text = sentence_text
    candidates: list[Match[Location]] = [
        Match(m.start, m.end, Location.place(m.value))
        for m in _scan(index, reference.place_gazetteer, text, offset)
    ]
    for match in _scan(index, reference.country_gazetteer, text, offset):
        code, how = match.value
        if code in reference.non_places.codes:
            continue
        if how == "name" and not text[match.start : match.end].endswith(("'s", "’s")):
            candidates.append(Match(match.start, match.end, Location.country(code)))
    # "El Salvador" is a country, not the city of Salvador: the longer name wins; a name
    # that is a city and a country at once ("Singapore") stays both.
    kept = [(m.start, m.end, m.value) for m in leftmost_longest(candidates, keep_ties=True)]
    if not kept:
        return out  # most sentences name no place: no need for the organisations' names
    names = [(m.start, m.end) for m in _scan(index, reference.non_place_gazetteer, text, offset)]
    for start, end, value in kept:
        if end < len(text) and text[end : end + 2] in ("'s", "’s"):
            continue
        if not value.is_country:  # a city or landmark
            if _MEETING_NOUN_AFTER.match(text, end):
                # "the Doha talks", "a Beijing summit", "the Munich Security Conference"
                # (a country before a meeting noun is a topic: "the Iran talks" were in
                # Vienna).
                if not any(a <= start and end <= b for a, b in names):
                    out.append((value, Span(offset + start, offset + end, text[start:end])))
                continue
        # The cheap tests first: most place names are in no locative position.
        before = text[max(0, start - 45) : start]
        locative = _LOCATIVE_BEFORE.search(before)
        if locative:
            cue_start = start - len(before) + locative.start()
            if locative.group(0)[:2].lower() == "in":
                previous = before[: locative.start()].split()[-1:]
                if previous and previous[0].lower() in _TOPIC_BEFORE_IN:
                    continue
                if _DISCUSSED_BEFORE.search(text, 0, cue_start):
                    continue  # "to discuss the human suffering in and around Ukraine"
        else:
            if "to" not in before:
                continue
            before = text[max(0, start - 80) : start]
            motion = _MOTION_TO.search(before)
            if not motion:
                before = text[max(0, start - 140) : start]
                motion = _BRING_TO.search(before)
            if not motion or _TO_IN_BETWEEN.search(motion.group(0)):
                continue
            last_to = [m.start() for m in re.finditer(r"\bto\b", motion.group(0), re.I)][-1]
            cue_start = start - len(before) + motion.start() + last_to
        if any(a <= start and end <= b for a, b in names):
            continue  # "the Shanghai Cooperation Organisation"
        if _in_a_name(text, start, end, reference):
            continue
        between = [k for k in kept if cue_start <= k[0] and k[1] <= start]
        if between and not all(
            _PLACE_LIST_GAP.fullmatch(text, a[1], b[0])
            for a, b in zip(between, [*between[1:], (start, end)], strict=True)
        ):
            # "travel to Kyiv before Geneva": the place the cue names is Kyiv; but "travel
            # to Lebanon and Syria" and "to Vilnius, Riga and Tallinn" name them all.
            continue
        out.append((value, Span(offset + start, offset + end, text[start:end])))
    return out


_RELATIVE_WHERE = re.compile(r"[\s,]*(?:where|at which)\b", re.IGNORECASE)


def places_for_clause(
    sentence_text: str, offset: int, clause: tuple[int, int], places: list[tuple[Location, Span]]
) -> list[tuple[Location, Span]]:
    """The places of one clause of a sentence (offsets of `clause` within the sentence).

    A relative clause of place ("will travel to Geneva, where he will meet
    Judeh") takes the place its antecedent names: the last one before it.
    """
    inside = [p for p in places if clause[0] <= p[1].start - offset < clause[1]]
    if inside or clause[0] == 0:
        return inside
    if _RELATIVE_WHERE.match(sentence_text, clause[0]):
        before = [p for p in places if p[1].start - offset < clause[0]]
        # The antecedent is the last place, or the whole list it ends ("will travel to
        # Rome and Matera, Italy, where ..."), the first of which is the best guess.
        chain = before[-1:]
        for place in reversed(before[:-1]):
            gap = (place[1].end - offset, chain[0][1].start - offset)
            if not _PLACE_LIST_GAP.fullmatch(sentence_text, *gap):
                break
            chain.insert(0, place)
        return chain
    return []


# "in Kananaskis", "In Carbis Bay,": a capitalised name after "in", up to three words.
# (The word start is tested after the "I" or "i": a pattern that opens with a set of
# letters lets the search skip to the next of them, one that opens with a lookbehind is
# tried at every position; the same matches, in half the time.)
_AFTER_IN = re.compile(
    r"[Ii](?<![\w-][Ii])n\s+(?P<name>[A-Z][\w'’.-]*[\w](?:\s+(?:[A-Z][\w'’-]*[\w]|de|del|la|el|al|"
    r"es|of|upon|am|an|sur)){0,3})(?P<after>['’]s\b)?"
)


def unknown_places(sentences: list[Sentence], reference: Reference) -> list[str]:
    """Capitalised names after "in" that are no known place, country, region,
    person, role, organisation, topic, outlet, month or day: places the
    gazetteer may lack, for the build's warnings.

    >>> from parley.reference import load_reference
    >>> s = Sentence(0, 45, "The G7 met in Kananaskis, not in Washington.", 0)
    >>> unknown_places([s], load_reference())
    ['Kananaskis']
    """
    found: list[str] = []
    non = reference.non_places
    for sentence in sentences:
        text = sentence.text
        if "in " not in text and "In " not in text:
            continue
        heading = None
        for match in _AFTER_IN.finditer(text):
            name = match.group("name").rstrip(".")
            if re.search(r"['’]s\b|-[a-z]", name):
                continue  # "in Brittney’s case", "in English-language media"
            while name.split()[-1] in {"de", "del", "la", "el", "al", "es", "of", "upon", "am"}:
                name = name.rsplit(None, 1)[0]
            if match.group("after") or name.isupper() or len(name) < 3 or "." in name:
                continue  # "in Moscow's view", "in NATO", "in D.C."
            parts = name.split()
            if (
                parts[0] in non.words
                or (parts[-1] in non.words and parts[-1] not in _PLACE_NAME_ENDINGS)
                or any(w in NAME_STOPWORDS for w in parts)
            ):
                continue  # "in Fiscal Year 2022", "in Rakhine State"; but "in Carbis Bay"
            if name in non.regions or _known(name, reference):
                continue
            if name.endswith("s") and _known(name[:-1], reference):
                continue  # "in Ukrainians' hands": a people, not a place
            following = text[match.end("name") : match.end("name") + 2]
            if following[:1].isalnum():
                continue
            if heading is None:
                words = text.split()
                heading = sum(w[:1].isupper() for w in words) > 0.6 * len(words)
            if heading:
                break  # a heading in title case: "Partnership in Fisheries and Research"
            found.append(name)
    return list(dict.fromkeys(found))


# Words that end the names of towns as well as of other things: "Carbis Bay", "Victoria Falls".
_PLACE_NAME_ENDINGS = {"Bay", "Beach", "Falls", "Island", "Port", "Square", "Springs", "Heights"}


def _known(name: str, reference: Reference) -> bool:
    """Whether any vocabulary the recogniser has covers a word of `name`."""
    for gazetteer in (
        reference.place_gazetteer,
        reference.country_gazetteer,
        reference.name_gazetteer,
        reference.role_gazetteer,
        reference.topic_gazetteer_exact,
        reference.topic_gazetteer_folded,
        reference.source_gazetteer,
        reference.non_place_gazetteer,
    ):
        if gazetteer.find(name):
            return True
    return False


def unknown_place_warnings(per_article: list[tuple[str, list[str]]]) -> list[str]:
    """One warning per name the gazetteer lacks: most articles first, with the first file."""
    files: dict[str, list[str]] = {}
    for file, names in per_article:
        for name in names:
            files.setdefault(name, []).append(file)
    ranked = sorted(files.items(), key=lambda item: (-len(item[1]), item[0]))
    return [
        f"place not in the gazetteer (reference/places.json): {name} "
        f"({len(where)} article{'s' if len(where) > 1 else ''}, first {where[0]})"
        for name, where in ranked
    ]


@functools.lru_cache(maxsize=65_536)
def _name_words(name: str, particles: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """A name's words, folded, hyphenated parts apart, without particles. Remembered:
    a printed name after a role phrase is compared with the curated names of every
    holder of the office (_holder_by_printed_words), the same names article after
    article.

    >>> _name_words("Khalifa al-Harthy", frozenset({"al"})), _name_words("HAYASHI Yoshimasa")
    (('khalifa', 'harthy'), ('hayashi', 'yoshimasa'))
    """
    words = (fold(w).rstrip(".") for w in re.split(r"[\s\-‐‑]+", name) if w)
    return tuple(w for w in words if w and w not in particles)


def _spelt_otherwise(
    mine: tuple[str, ...], theirs: tuple[str, ...], me: Person, them: Person
) -> bool:
    """Two names of one person transliterated two ways: the same surname and office
    title, and one given name with a letter doubled in the other ("Kirill", "Kiril";
    "Mohammed", "Mohamed"). Names one letter apart otherwise are often two people
    ("Jan", "Jana").

    >>> o = (Office("head_of_government", "Prime Minister", "BG", None, None),)
    >>> a, b, c = (Person(i, n, "BG", False, o) for i, n in zip("abc", ("Kiril", "Kirill", "Kirila")))
    >>> _spelt_otherwise(("kiril", "petkov"), ("kirill", "petkov"), a, b)
    True
    >>> _spelt_otherwise(("kiril", "petkov"), ("kirila", "petkov"), a, c)
    False
    """
    if len(mine) != len(theirs) or len(mine) < 2 or mine[-1] != theirs[-1]:
        return False
    titles = {o.title.casefold() for o in me.offices}
    if not titles & {o.title.casefold() for o in them.offices}:
        return False
    differ = [(a, b) for a, b in zip(mine[:-1], theirs[:-1], strict=True) if a != b]
    return len(differ) == 1 and _doubled_once(*differ[0])


def _doubled_once(a: str, b: str) -> bool:
    """One word is the other with one letter doubled."""
    short, long = sorted((a, b), key=len)
    if len(long) != len(short) + 1:
        return False
    return any(
        long[:i] + long[i + 1 :] == short and long[i] == long[i - 1] for i in range(1, len(long))
    )


def unify_people(findings: list, reference: Reference) -> list:
    """One row per person across the package: a person outside the curated list named by
    surname only ("Pashinyan") or by a shorter form ("Laurentino Cortizo") is the one
    whose fuller name, in the same country, contains it ("Nikol Pashinyan", "Laurentino
    Cortizo Cohen"), when exactly one such fuller name exists. Claims, quoted people and
    the people of each article are renamed to that person (`people_renaming`, then
    `PeopleRenaming.apply`)."""
    return people_renaming(findings, reference).apply(findings)


@dataclass(frozen=True)
class PeopleRenaming:
    """What `unify_people` renames: each person outside the curated list to the one they
    are (`mapping`, followed to its end), and those people's records. Kept by the build so
    that an article analysed again later (`build.redate`) is renamed the same way."""

    mapping: dict[str, str]
    people: dict[str, Person]

    def final(self, person_id: str) -> str:
        seen = set()
        while person_id in self.mapping and person_id not in seen:
            seen.add(person_id)
            person_id = self.mapping[person_id]
        return person_id

    def apply(self, findings: list) -> list:
        """The findings with their claims, people, quotes and cited people renamed."""
        if not self.mapping:
            return findings
        final, people = self.final, self.people
        out = []
        for finding in findings:
            claims = []
            for claim in finding.claims:
                renamed = tuple(sorted({final(p) for p in claim.participants}))
                claims.append(
                    replace(claim, participants=renamed) if renamed != claim.participants else claim
                )
            kept = {final(pid): people.get(final(pid), p) for pid, p in finding.people.items()}
            quotes: dict[str, str] = {}
            for pid, quote in finding.people_quotes.items():
                quotes.setdefault(final(pid), quote)
            cited = list(dict.fromkeys(final(p) for p in finding.cited_people))
            out.append(
                replace(
                    finding, claims=claims, people=kept, people_quotes=quotes, cited_people=cited
                )
            )
        return out


def people_renaming(findings: list, reference: Reference) -> PeopleRenaming:
    """The renaming `unify_people` applies to `findings` (see there)."""
    particles = frozenset(reference.role_words.get("name_particles", ()))
    people: dict[str, Person] = {}
    for finding in findings:
        for person_id, person in finding.people.items():
            if not person.curated:
                people.setdefault(person_id, person)
    words = {pid: _name_words(p.name, particles) for pid, p in people.items()}
    mapping: dict[str, str] = {}
    for pid, person in people.items():
        mine = set(words[pid])
        if not mine:
            continue
        fuller = [
            other
            for other, them in words.items()
            if other != pid
            and people[other].country == person.country
            and mine < set(them)
            and (len(mine) > 1 or words[pid][-1] in them)
        ]
        widest = [q for q in fuller if not any(set(words[q]) < set(words[r]) for r in fuller)]
        if len({words[q] for q in widest}) > 1:
            # "Foreign Minister Momen": Abdul Momen the Foreign Minister, not Masud Bin
            # Momen the Foreign Secretary.
            titles = {o.title.casefold() for o in person.offices}
            widest = [q for q in widest if titles & {o.title.casefold() for o in people[q].offices}]
        if len({words[q] for q in widest}) == 1:
            mapping[pid] = min(widest)
        elif not fuller:
            # "ABDULLAH" and "Abdullah": the same words in another case or accent; "Kiril
            # Petkov" and "Kirill Petkov", the same office: a given name spelt another way.
            same = sorted(
                o
                for o, them in words.items()
                if o != pid
                and people[o].country == person.country
                and (them == words[pid] or _spelt_otherwise(words[pid], them, person, people[o]))
            )
            if same and same[0] < pid:
                mapping[pid] = same[0]

    return PeopleRenaming(mapping, people)


UNKNOWN_PEOPLE_COLUMNS = [
    "person_id",
    "name",
    "country",
    "role_phrase",
    "articles",
    "first_article",
    "first_quote",
]


def unknown_people_report(findings: list, people_rows: list[dict]) -> list[dict]:
    """People of the package outside the curated list, most frequent first: what a
    maintainer needs to curate them (build/unknown-people.csv)."""
    wanted = {row["person_id"] for row in people_rows if not row["curated"]}
    rows: dict[str, dict] = {}
    for finding in findings:
        for person_id, person in finding.people.items():
            if person_id not in wanted:
                continue
            row = rows.setdefault(
                person_id,
                {
                    "person_id": person_id,
                    "name": person.name,
                    "country": person.country,
                    "role_phrase": "|".join(dict.fromkeys(o.title for o in person.offices)),
                    "articles": 0,
                    "first_article": finding.parsed.article.seed_file,
                    "first_quote": finding.people_quotes.get(person_id, ""),
                },
            )
            row["articles"] += 1
            if not row["first_quote"]:
                row["first_quote"] = finding.people_quotes.get(person_id, "")
    return sorted(rows.values(), key=lambda r: (-r["articles"], r["name"]))
