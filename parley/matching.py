"""Leftmost-longest choice among overlapping matches: the one rule every matcher uses.

No dependencies, so that any stage (gazetteer, dates, recognise, extract) can import it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar


class Spanned(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=Spanned)


def leftmost_longest(found: Iterable[S], *, keep_ties: bool = False) -> list[S]:
    """Non-overlapping matches, read left to right: of matches starting at one offset the
    longest wins, and a match that begins inside a chosen one is dropped. Matches of the
    same start and length stay in the order given, the first one chosen; with
    `keep_ties=True` every match of exactly the chosen span is kept (a name that is a
    place and a country at once, for the caller to decide).

    >>> from parley.gazetteer import Match
    >>> [(m.start, m.end) for m in leftmost_longest(
    ...     [Match(4, 9, "b"), Match(0, 6, "a"), Match(0, 3, "c"), Match(7, 12, "d")])]
    [(0, 6), (7, 12)]
    >>> [m.value for m in leftmost_longest([Match(0, 3, "x"), Match(0, 3, "y")], keep_ties=True)]
    ['x', 'y']
    """
    candidates = found if isinstance(found, list) else list(found)
    if len(candidates) < 2:  # most scans of a sentence find one match or none
        return list(candidates)
    chosen: list[S] = []
    last_end = -1
    for match in sorted(candidates, key=_span_order):
        if match.start >= last_end:
            chosen.append(match)
            last_end = match.end
        elif keep_ties and (match.start, match.end) == (chosen[-1].start, chosen[-1].end):
            chosen.append(match)
    return chosen


def _span_order(match: Spanned) -> tuple[int, int]:
    return match.start, match.start - match.end


# Characters that a case-insensitive regular expression matches to an ASCII letter although
# their lower case is another character ("İ".lower() is two characters).
_CASELESS_ASCII = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"))


def fold_like_ignorecase(text: str) -> str:
    """A same-length copy of `text` in which every character that a `re.IGNORECASE`
    pattern matches to a lower-case ASCII letter is that letter, and word characters stay
    word characters: a case-sensitive pattern of lower-case ASCII words finds in it
    exactly what the case-insensitive one finds in `text`, several times faster (a
    case-insensitive pattern cannot skip ahead to its first letter).

    >>> fold_like_ignorecase("MAY ſ İstanbul")
    'may s istanbul'
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for odd, plain in _CASELESS_ASCII:
        if odd in lowered:
            lowered = lowered.replace(odd, plain)
    return lowered


class CaselessGate:
    """A quick test that a case-insensitive pattern cannot match a text: none of
    `words` (lower-case ASCII, one inside every match the pattern can make) is in it.

    >>> gate = CaselessGate(("discuss", "agenda"))
    >>> gate.may_match("The AGENDA was long"), gate.may_match("They met")
    (True, False)
    """

    def __init__(self, words: tuple[str, ...]):
        if not all(w.isascii() and w == w.lower() for w in words):
            raise ValueError(f"gate words must be lower-case ASCII: {words}")
        self.words = words

    @classmethod
    def of_phrases(cls, phrases: tuple[str, ...]) -> CaselessGate:
        """The gate of a pattern that matches one of `phrases` (their words may be apart
        by any spaces): each word of a phrase is in every match of it; the longest is
        the rarest, and kept.

        >>> CaselessGate.of_phrases(("prime minister", "Envoy", "on behalf of")).words
        ('minister', 'envoy', 'behalf')
        """
        words = tuple(dict.fromkeys(max(p.lower().split(), key=len) for p in phrases if p.strip()))
        if not all(w.isascii() for w in words):
            return cls(("",))  # a word fold_like_ignorecase may not keep: always searched
        return cls(words)

    def may_match(self, text: str, folded: str | None = None) -> bool:
        """(`folded`: `text` already folded by fold_like_ignorecase, when the caller
        has it: a sentence folds once for all the gates that read it.)"""
        if folded is None:
            folded = fold_like_ignorecase(text)
        # A loop, not any(...): no generator made for every sentence.
        for word in self.words:  # noqa: SIM110
            if word in folded:
                return True
        return False
