"""Fast whole-word matching of many phrases at once (Aho-Corasick).

One automaton per vocabulary scans a text in a single pass, however many
phrases it holds; a regular expression with thousands of alternatives would
be a hundred times slower.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from typing import Any, Generic, NamedTuple, TypeVar

import ahocorasick

from parley.matching import leftmost_longest

T = TypeVar("T")


def fold(text: str) -> str:
    """Lower-case without changing the length, so offsets stay valid.

    >>> fold("İstanbul")[1:]
    'stanbul'
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def normalise_apostrophes(text: str) -> str:
    """Same-length copy of `text` with typographic quotes made plain."""
    for fancy, plain in _APOSTROPHES:
        if fancy in text:  # str.replace is much faster than str.translate here
            text = text.replace(fancy, plain)
    return text


_APOSTROPHES = (("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"), ("\u00a0", " "))


_SHORT = 60  # texts up to this length have their matches remembered
_SHORT_CACHE_SIZE = 200_000  # then the memory starts afresh


def _whole_words(automaton, text: str, case_sensitive: bool) -> list[tuple[int, int, Any]]:
    """(start, end, payload) of each automaton hit in `text` that is whole words."""
    haystack = normalise_apostrophes(text if case_sensitive else fold(text))
    size = len(text)
    found = []
    for end_index, (length, payload) in automaton.iter(haystack):
        start, end = end_index - length + 1, end_index + 1
        # Inlined rather than a function call: this runs for every candidate match.
        if start > 0:
            a, b = text[start - 1], text[start]
            if (a.isalnum() or a == "_") and (b.isalnum() or b == "_"):
                continue
        if end < size:
            a, b = text[end], text[end - 1]
            if (a.isalnum() or a == "_") and (b.isalnum() or b == "_"):
                continue
        found.append((start, end, payload))
    return found


class Match(NamedTuple, Generic[T]):
    """Where a phrase was found, and its value. A named tuple: made for every hit of
    every scan, it is built several times faster than a frozen dataclass."""

    start: int
    end: int
    value: T


class Gazetteer(Generic[T]):
    """Maps phrases to values and finds them, as whole words, in a text.

    >>> g = Gazetteer([("Lavrov", 1), ("Sergey Lavrov", 2)])
    >>> [(m.start, m.value) for m in g.find("Sergey Lavrov met Lavrovsky")]
    [(0, 2)]
    """

    def __init__(self, entries: Iterable[tuple[str, T]], *, case_sensitive: bool = True):
        self.case_sensitive = case_sensitive
        self._automaton = ahocorasick.Automaton()
        values: dict[str, list[T]] = {}
        for phrase, value in entries:
            key = normalise_apostrophes(phrase if case_sensitive else fold(phrase))
            if key.strip():
                values.setdefault(key, []).append(value)
        for key, vals in values.items():
            self._automaton.add_word(key, (len(key), tuple(vals)))
        self._empty = not values
        if not self._empty:
            self._automaton.make_automaton()
        self._short: dict[str, list[Match[T]]] = {}

    def find_all(self, text: str) -> Iterator[Match[tuple[T, ...]]]:
        """Every whole-word occurrence, overlapping ones included."""
        return iter(self._matches(text))

    def _matches(self, text: str) -> list[Match[tuple[T, ...]]]:
        if self._empty:
            return []
        return [
            Match(start, end, values)
            for start, end, values in _whole_words(self._automaton, text, self.case_sensitive)
        ]

    def find(self, text: str) -> list[Match[T]]:
        """Leftmost-longest, non-overlapping matches; the first value of each phrase."""
        short = len(text) <= _SHORT
        if short:
            # Words and short windows ("Russia's", "Secretary") are looked up again and
            # again across a corpus: answered from memory, without a scan.
            cached = self._short.get(text)
            if cached is not None:
                return list(cached)
        chosen = [Match(m.start, m.end, m.value[0]) for m in leftmost_longest(self._matches(text))]
        if short:
            if len(self._short) >= _SHORT_CACHE_SIZE:
                self._short.clear()
            self._short[text] = chosen
            return list(chosen)
        return chosen

    def find_multi(self, text: str) -> list[Match[tuple[T, ...]]]:
        """Like `find`, keeping every value of an ambiguous phrase."""
        return leftmost_longest(self._matches(text))


class GazetteerBundle:
    """Gazetteers of one case sensitivity scanned together: one pass of one automaton
    over a text finds, for each member, the matches its own `find_multi` finds.

    >>> places = Gazetteer([("Paris", "fr-paris"), ("Sochi", "ru-sochi")])
    >>> people = Gazetteer([("Lavrov", "lavrov"), ("Paris Hilton", "hilton")])
    >>> bundle = GazetteerBundle([places, people])
    >>> found = bundle.find_multi("Lavrov left Paris for Sochi")
    >>> [(m.start, m.value) for m in found[0]], [(m.start, m.value) for m in found[1]]
    ([(12, ('fr-paris',)), (22, ('ru-sochi',))], [(0, ('lavrov',))])
    """

    def __init__(self, members: Iterable[Gazetteer]):
        self.members = tuple(members)
        if len({g.case_sensitive for g in self.members}) > 1:
            raise ValueError("a bundle holds gazetteers of one case sensitivity")
        self.case_sensitive = self.members[0].case_sensitive if self.members else True
        combined: dict[str, list[tuple[int, tuple]]] = {}
        for number, gazetteer in enumerate(self.members):
            if gazetteer._empty:
                continue
            for key, (_, values) in gazetteer._automaton.items():
                combined.setdefault(key, []).append((number, values))
        self._automaton = ahocorasick.Automaton()
        for key, entries in combined.items():
            self._automaton.add_word(key, (len(key), tuple(entries)))
        self._empty = not combined
        if not self._empty:
            self._automaton.make_automaton()

    def find_multi(self, text: str) -> list[list[Match[tuple]]]:
        """Per member, in order: what `member.find_multi(text)` gives."""
        found: list[list[Match[tuple]]] = [[] for _ in self.members]
        if self._empty:
            return found
        for start, end, entries in _whole_words(self._automaton, text, self.case_sensitive):
            for number, values in entries:
                found[number].append(Match(start, end, values))
        return [leftmost_longest(candidates) for candidates in found]


class TextIndex:
    """Matches of several gazetteers over one whole text, computed once and sliced.

    Scanning an article once per vocabulary, rather than once per sentence,
    keeps the per-article cost at a few passes whatever the number of sentences.
    """

    def __init__(self, text: str, bundles: Iterable[GazetteerBundle] = ()):
        self.text = text
        # Per gazetteer (the object itself is the key), its matches over the whole text
        # and their starts: one for `find`, one for `find(multi=True)`.
        self._single: dict[Gazetteer, tuple[list[Match], list[int]]] = {}
        self._multiple: dict[Gazetteer, tuple[list[Match], list[int]]] = {}
        # Gazetteers scanned together with others (the article's vocabularies): the
        # first request for one scans the text for all of its bundle.
        self._bundles = {g: b for b in bundles for g in b.members}
        self._multi: dict[Gazetteer, list[Match]] = {}
        # Per tuple of gazetteers, the spans of all their matches, sorted: for `spans`.
        self._spans: dict[tuple[Gazetteer, ...], tuple[list[tuple[int, int]], list[int]]] = {}

    def _whole_text(self, gazetteer: Gazetteer, multi: bool) -> tuple[list[Match], list[int]]:
        bundle = self._bundles.get(gazetteer)
        if bundle is not None:
            if gazetteer not in self._multi:
                for member, matches in zip(
                    bundle.members, bundle.find_multi(self.text), strict=True
                ):
                    self._multi[member] = matches
            found = self._multi[gazetteer]
            if not multi:  # as Gazetteer.find: the first value of each phrase
                found = [Match(m.start, m.end, m.value[0]) for m in found]
        else:
            found = gazetteer.find_multi(self.text) if multi else gazetteer.find(self.text)
        scanned = (found, [m.start for m in found])
        (self._multiple if multi else self._single)[gazetteer] = scanned
        return scanned

    def find(
        self, gazetteer: Gazetteer, start: int, end: int, *, multi: bool = False
    ) -> list[Match]:
        """Matches inside text[start:end], with offsets relative to `start` (a new list)."""
        scanned = (self._multiple if multi else self._single).get(gazetteer)
        found, starts = scanned if scanned is not None else self._whole_text(gazetteer, multi)
        index = bisect.bisect_left(starts, start)
        # Most slices hold no match at all (nine requests in ten): no loop, no list to
        # build but the empty one.
        if index == len(found) or found[index].start >= end:
            return []
        # Up to the first match starting at `end` (no copy of the rest of the list).
        return [
            Match(match.start - start, match.end - start, match.value)
            for match in found[index : bisect.bisect_left(starts, end, index)]
            if match.end <= end
        ]

    def spans(
        self, gazetteers: tuple[Gazetteer, ...], start: int, end: int
    ) -> list[tuple[int, int]]:
        """(start, end) of every match of each of `gazetteers` (as `find` gives them)
        inside text[start:end], relative to `start`, in text order: one lookup for
        several vocabularies when only where they match counts.

        >>> places = Gazetteer([("Paris", "fr-paris")])
        >>> topics = Gazetteer([("climate", "climate")], case_sensitive=False)
        >>> TextIndex("Climate talks. In Paris on climate.").spans((places, topics), 15, 35)
        [(3, 8), (12, 19)]
        """
        merged = self._spans.get(gazetteers)
        if merged is None:
            found = sorted(
                (m.start, m.end)
                for gazetteer in gazetteers
                for m in (self._single.get(gazetteer) or self._whole_text(gazetteer, False))[0]
            )
            merged = self._spans[gazetteers] = (found, [a for a, _ in found])
        found, starts = merged
        index = bisect.bisect_left(starts, start)
        if index == len(found) or found[index][0] >= end:
            return []
        return [
            (a - start, b - start)
            for a, b in found[index : bisect.bisect_left(starts, end, index)]
            if b <= end
        ]
