"""The annotation step: what one article's text holds, found once, before any rule runs.

An `AnnotatedArticle` carries the sentences of the body and captions (split once), the
matches of every vocabulary the reference bundles (one case-sensitive and one folded
automaton over the whole text, sliced per sentence on request) and every date expression
of the text (one scan). The extractor's stages (`parley.extract`: claims, topics, agenda,
the caption anchor, unknown places) read these instead of splitting or scanning the text
again.
"""

from __future__ import annotations

from dataclasses import dataclass

from parley.dates import DateIndex
from parley.gazetteer import TextIndex
from parley.recognise import Sentence, split_sentences
from parley.records import ParsedArticle
from parley.reference import Reference


@dataclass(frozen=True)
class AnnotatedArticle:
    parsed: ParsedArticle
    sentences: tuple[Sentence, ...]  # of the body and the captions, in text order
    index: TextIndex  # gazetteer matches over the whole text
    dates: DateIndex  # date expressions over the whole text

    def of_kind(self, *kinds: str) -> list[Sentence]:
        """The sentences of these segment kinds ("body", "caption"), in text order."""
        return [s for s in self.sentences if s.kind in kinds]


def annotate(parsed: ParsedArticle, reference: Reference) -> AnnotatedArticle:
    """Annotate one parsed article (the gazetteer scans run when first asked for).

    Examples in tests/test_speed_equivalence.py (the parse needs the reference data).
    """
    text = parsed.article.text
    return AnnotatedArticle(
        parsed,
        tuple(split_sentences(parsed, ("body", "caption"), reference.dotted_short_forms)),
        TextIndex(text, reference.text_bundles),
        DateIndex(text),
    )
