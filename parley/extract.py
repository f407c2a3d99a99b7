"""Stage 4, extract: per sentence, the meeting claims an article makes.

A claim needs a meeting cue ("met", "will meet", "held talks", "may receive",
"phone conversation", ...), two or more people from different countries (or
an international body), and no negation of the cue. Its status comes from the
cue's tense, its date from the nearest date expression (resolved against the
article's publication date), its place from a locative place name. Sentences
of one article about the same encounter become one claim. Aggregates ("has
met six times") and undated invitations are not claims; captions may only add
a place or a date to a claim of the body; related-story links are ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from parley.dates import DateExpression, find_dates, resolve_in_tense
from parley.recognise import (
    Mention,
    PeopleContext,
    Sentence,
    find_people,
    find_places,
    split_sentences,
)
from parley.records import DateInterval, MeetingClaim, ParsedArticle, Person, Span, TopicMention
from parley.reference import Reference

# Cues: (pattern, status, kind hint). Status None: read from the sentence's tense.
_CUES: list[tuple[str, str | None, str]] = [
    (r"(?:cancel(?:l)?ed|called off|calls off|call off|scrapped|cancels|cancel)", "cancelled", ""),
    (
        r"(?:will|would|shall|to|may|might|could)\s+(?:also\s+)?(?:be\s+)?(?:meet|meeting)\b",
        "planned",
        "",
    ),
    (r"(?:will|would|may|to|might)\s+(?:also\s+)?(?:receive|host)", "planned", "visit"),
    (r"(?:will|would|may|to)\s+(?:also\s+)?be\s+received\s+by", "planned", "visit"),
    (
        r"(?:will|would|to|may)\s+(?:also\s+)?(?:hold|have)\s+(?:a\s+|the\s+)?(?:\w+\s+){0,2}?"
        r"(?:talks|meeting|meetings|dialogue|conversation|discussions|negotiations|summit|call|phone call)",
        "planned",
        "",
    ),
    (
        r"(?:will|would|to|may)\s+(?:also\s+)?(?:discuss|talk|speak|confer|negotiate)\b",
        "planned",
        "",
    ),
    (r"(?:will|would|to)\s+(?:also\s+)?(?:visit|pay\s+a\s+(?:\w+\s+)?visit)", "planned", "visit"),
    (
        r"(?:is|are|was|were)\s+(?:also\s+)?(?:expected|scheduled|set|due|slated|planning|going)\s+to",
        "planned",
        "",
    ),
    (
        r"(?:plans?|planned|planning|intends?)\s+to\s+(?:hold|meet|have|receive|host|visit)",
        "planned",
        "",
    ),
    (
        r"(?:upcoming|forthcoming|planned|scheduled|expected|next)\s+(?:\w+\s+)?"
        r"(?:talks|meeting|meetings|summit|visit|negotiations)",
        "planned",
        "",
    ),
    (r"(?:meets|meet)\s+with", None, ""),
    (r"met(?:\s+with)?", "held", ""),
    (
        r"(?:held|hold|holds|had)\s+(?:a\s+|the\s+|their\s+|his\s+|her\s+)?(?:\w+[\s-]+){0,2}?"
        r"(?:talks|talk|meeting|meetings|dialogue|conversation|discussions|negotiations|summit|call|phone call)",
        None,
        "",
    ),
    (r"hosted|received|welcomed", "held", "visit"),
    (r"(?:hosts|receives|welcomes)", None, "visit"),
    (r"took place|was held|were held", "held", ""),
    (r"(?:talked|spoke|conferred)\s+(?:to|with)", "held", ""),
    (r"(?:talked|spoke)\s+(?:by|on the|over the)\s+(?:tele)?phone", "held", "phone_call"),
    (r"shook hands", "held", ""),
    (
        r"(?:talks|meeting|negotiations|summit|dialogue|conversation|encounter|phone call|call)"
        r"\s+(?:with|between)",
        None,
        "",
    ),
    (r"(?:the|their|his|her)\s+(?:\w+\s+){0,2}?(?:talks|meeting|negotiations|summit)", None, ""),
]
CUE = re.compile("|".join(rf"\b(?:{p})\b" for p, _, _ in _CUES), re.IGNORECASE)
_CUE_PARTS = [(re.compile(rf"\b(?:{p})\b", re.IGNORECASE), s, k) for p, s, k in _CUES]

NEGATION = re.compile(
    r"\b(?:no|not|never|nor|neither|without|n't|won't|cannot|denied|ruled out|rules out)\b"
    r"(?:\s+\w+){0,3}\s*$",
    re.IGNORECASE,
)
NO_PLANS = re.compile(
    r"\b(?:no|not any)\s+(?:\w+\s+){0,2}(?:meeting|talks|summit|plans?)\b|\bno\s+plans?\b",
    re.IGNORECASE,
)
SPECULATION = re.compile(
    r"\b(?:possibility|possible|possibly|whether|if)\b(?:\s+\w+){0,6}\s*$", re.I
)
AGGREGATE = re.compile(
    r"\b(?:\w+|\d+)\s+times\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"several|many|numerous|multiple|\d+)\s+(?:\w+\s+)?(?:meetings|phone conversations|"
    r"conversations|calls|phone calls|summits|talks)\b",
    re.IGNORECASE,
)
INCLUDING = re.compile(
    r"\bincluding\s+(?:a|an|one|the)\s+(?:[\w-]+\s+){0,2}?(?:summit|meeting|visit|talks)\b[^,;.]*",
    re.IGNORECASE,
)
INVITATION = re.compile(r"\binvit(?:ed|es|e|ation)\b", re.IGNORECASE)
FUTURE = re.compile(
    r"\b(?:will|would|shall|is to|are to|expected|scheduled|plans?|planned|set to|due to|"
    r"upcoming|forthcoming|next|tomorrow|later this|to meet|to hold|to visit|to be received|"
    r"comes|arrives|travels|is coming)\b",
    re.IGNORECASE,
)
PAST = re.compile(
    r"\b(?:met|held|had|took place|was|were|hosted|received|visited|talked|spoke|yesterday|"
    r"last|previous|earlier|ago|since|latest|praised|following|after|discussed)\b",
    re.IGNORECASE,
)
PHONE = re.compile(r"\b(?:phone|telephone|phoned|call|called|calls)\b", re.IGNORECASE)
VIDEO = re.compile(
    r"\b(?:video\s*(?:call|conference|link)|videoconference|video-conference)\b", re.I
)
SIDELINES = re.compile(r"\bon the (?:sidelines|margins)\b", re.IGNORECASE)
MULTILATERAL_EVENT = re.compile(
    r"\b(?:at|during)\s+the\s+(?:[A-Z][\w-]*\s+)+(?:summit|ministerial|meeting|forum|conference|"
    r"council|assembly)\b|\bministerial\b|\bGeneral Assembly\b",
)
SUMMIT = re.compile(r"\bsummit\b", re.IGNORECASE)
AGENDA = re.compile(
    r"\b(?:discuss|discussed|discussing|discussion|discussions|agenda|talk about|talked about|"
    r"focus on|focused on|raise|raised|address|addressed|consider|topics?|issues? of|"
    r"exchange views|negotiat\w*|high on)\b",
    re.IGNORECASE,
)
TRIP = re.compile(
    r"\b(?:visit|trip|travels?|travel(?:l)?ing|arrives?|arrival|comes|coming)\s+(?:\w+\s+){0,2}?(?:to|in)\b",
    re.IGNORECASE,
)
HEADS = ("head_of_state", "head_of_government")


@dataclass
class ArticleFindings:
    """What one article yields, before cross-article resolution."""

    parsed: ParsedArticle
    day: dt.date | None
    claims: list[MeetingClaim]
    people: dict[str, Person]
    topics: list[TopicMention]
    mentioned_people: list[str] = field(default_factory=list)

    @property
    def article_id(self) -> str:
        return self.parsed.article_id


@dataclass
class _Claim:
    participants: list[str]
    status: str
    kind_hint: str
    sentence: Sentence
    dates: list[tuple[DateExpression, DateInterval | None]]
    places: list[tuple[str, Span]]
    cue_start: int


def _masked_spans(parsed: ParsedArticle) -> list[tuple[int, int]]:
    spans = []
    if parsed.published_span:
        spans.append((parsed.published_span.start, parsed.published_span.end))
    return spans


def _status_from_tense(sentence: str, cue_start: int) -> str:
    """Planned or held, from tense words near the cue (the nearer one wins)."""
    window_before = sentence[max(0, cue_start - 80) : cue_start + 40]
    future = [m.start() for m in FUTURE.finditer(window_before)]
    past = [m.start() for m in PAST.finditer(window_before)]
    if future and not past:
        return "planned"
    if past and not future:
        return "held"
    if future and past:
        anchor = min(cue_start, 80)
        nearest_future = min(abs(p - anchor) for p in future)
        nearest_past = min(abs(p - anchor) for p in past)
        return "planned" if nearest_future < nearest_past else "held"
    return "held"


def _cues(sentence: str) -> list[tuple[int, int, str | None, str]]:
    out = []
    for match in CUE.finditer(sentence):
        for pattern, status, kind in _CUE_PARTS:
            if pattern.fullmatch(match.group(0)):
                out.append((match.start(), match.end(), status, kind))
                break
        else:
            out.append((match.start(), match.end(), None, ""))
    return out


def _countries(participants: list[str], context: PeopleContext) -> set[str]:
    return {_country_of(p, context) for p in participants}


def _country_of(person_id: str, context: PeopleContext) -> str:
    person = context.person(person_id)
    office = context.office_on_day(person)
    return office.country if office else person.country


def _role_of(person_id: str, context: PeopleContext) -> str:
    person = context.person(person_id)
    office = context.office_on_day(person)
    if office is None and person.offices:
        office = person.offices[-1]
    return office.role if office else "other"


def _kind(claim: _Claim, context: PeopleContext) -> str:
    text = claim.sentence.text
    if VIDEO.search(text):
        return "video_call"
    if PHONE.search(text) and re.search(r"\b(?:phone|telephone|call)\w*\b", text, re.I):
        return "phone_call"
    if SIDELINES.search(text):
        return "sidelines"
    roles = [_role_of(p, context) for p in claim.participants]
    if MULTILATERAL_EVENT.search(text):
        return "sidelines" if len(claim.participants) == 2 else "multilateral"
    heads = [r in HEADS for r in roles]
    if all(heads):
        return "summit"
    if SUMMIT.search(text) and sum(heads) >= 2:
        return "summit"
    if any(heads) and not all(heads):
        return "visit"
    if claim.kind_hint == "visit" and any(heads):
        return "visit"
    return "talks"


def _split_pairs(participants: list[str], context: PeopleContext) -> list[list[str]]:
    """One visitor meeting several officials of one host country: one encounter each.

    ("Pompeo is to meet Putin and Lavrov" -> Pompeo-Putin, Pompeo-Lavrov.) Scoring
    looks at pairs, and separate encounters merge cleanly across articles.
    """
    by_country: dict[str, list[str]] = {}
    for person_id in participants:
        by_country.setdefault(_country_of(person_id, context), []).append(person_id)
    if len(by_country) == 2:
        sides = sorted(by_country.values(), key=len)
        if len(sides[0]) == 1 and len(sides[1]) > 1:
            return [sorted([sides[0][0], other]) for other in sides[1]]
    return [sorted(participants)]


def extract_claims(
    parsed: ParsedArticle, reference: Reference, day: dt.date | None
) -> tuple[list[MeetingClaim], PeopleContext, list[str]]:
    """The meeting claims of one article, one per encounter it speaks of."""
    context = PeopleContext(reference, day)
    sentences = split_sentences(parsed)
    masked = _masked_spans(parsed)
    raw: list[_Claim] = []
    previous_people: list[Mention] = []
    previous_paragraph = -1
    frames: list[tuple[str, str, DateInterval | None, int]] = []  # trip: person, place, dates
    mentioned: list[str] = []
    last_claim_of_paragraph: _Claim | None = None
    body = [s for s in sentences if s.kind == "body"]
    captions = [s for s in sentences if s.kind == "caption"]
    for sentence in body:
        text = sentence.text
        if sentence.paragraph != previous_paragraph:
            last_claim_of_paragraph = None
        mentions = find_people(text, sentence.start, context)
        # "He is expected to ...": the subject of the previous sentence.
        pronoun = re.match(r"^(?:\W*(?:[\w,]+\s+){0,4}?)(?P<p>He|She)\b", text)
        if (
            pronoun
            and previous_people
            and not any(m.start - sentence.start < pronoun.start("p") for m in mentions)
        ):
            subject = previous_people[0]
            mentions.insert(
                0,
                Mention(
                    subject.person_id,
                    sentence.start + pronoun.start("p"),
                    sentence.start + pronoun.end("p"),
                    "pronoun",
                ),
            )
        they = re.search(r"\b(?P<p>they|the two|the sides|the two sides|both)\b", text, re.I)
        if they and len({m.person_id for m in mentions}) < 2 and previous_people:
            ids = {m.person_id for m in previous_people}
            if len(_countries(list(ids), context)) >= 2:
                for m in previous_people:
                    if m.person_id not in {x.person_id for x in mentions}:
                        mentions.append(
                            Mention(
                                m.person_id,
                                sentence.start + they.start("p"),
                                sentence.start + they.end("p"),
                                "pronoun",
                            )
                        )
                mentions.sort(key=lambda m: m.start)
        mentioned += [m.person_id for m in mentions]
        dates = [
            e
            for e in find_dates(text)
            if not any(a <= sentence.start + e.start < b for a, b in masked)
        ]
        places = find_places(text, sentence.start, reference)
        trip = TRIP.search(text)
        if trip and mentions and places:
            past = bool(PAST.search(text)) and not FUTURE.search(text)
            interval = next(
                (resolve_in_tense(e, day, past) for e in dates if resolve_in_tense(e, day, past)),
                None,
            )
            after_trip = [p for p in places if p[1].start - sentence.start >= trip.start()]
            if after_trip:
                frames.append(
                    (mentions[0].person_id, after_trip[0][0], interval, sentence.paragraph)
                )
        if mentions:
            previous_people = mentions
        previous_paragraph = sentence.paragraph
        found = _claims_in_sentence(sentence, mentions, dates, places, context, day)
        if not found and last_claim_of_paragraph is not None:
            pass
        for claim in found:
            if not claim.dates and not claim.places and last_claim_of_paragraph is not None:
                shared = set(claim.participants) & set(last_claim_of_paragraph.participants)
                if shared and claim.status == last_claim_of_paragraph.status:
                    claim.dates = last_claim_of_paragraph.dates
            raw.append(claim)
            last_claim_of_paragraph = claim
        if not found and mentions and dates and len({m.person_id for m in mentions}) == 1:
            # A one-person sentence can frame what follows ("On December 10, Lavrov will
            # pay a working visit to Washington. He is expected to be received by ...").
            pass

    claims = [_finish(c, frames, captions, context, day, reference, parsed) for c in raw]
    return _merge_within_article(claims), context, mentioned


def _claims_in_sentence(
    sentence: Sentence,
    mentions: list[Mention],
    dates: list[DateExpression],
    places: list[tuple[str, Span]],
    context: PeopleContext,
    day: dt.date | None,
) -> list[_Claim]:
    text = sentence.text
    offset = sentence.start
    if text.lower().startswith(("also on ", "related")):
        return []
    people_ids = list(dict.fromkeys(m.person_id for m in mentions))
    if len(people_ids) < 2 or len(_countries(people_ids, context)) < 2:
        return []
    cues = _cues(text)
    if not cues:
        return []
    if NO_PLANS.search(text) and not re.search(r"\b(?:met|held|will|expected)\b", text):
        return []
    aggregate = AGGREGATE.search(text)
    if aggregate:
        including = INCLUDING.search(text)
        if not including:
            return []
        # Only the occasion the aggregate names is a meeting.
        dates = [e for e in dates if including.start() <= e.start < including.end()]
        places = [p for p in places if including.start() <= p[1].start - offset < including.end()]
        cues = [
            (
                including.start(),
                including.end(),
                "held",
                "summit" if SUMMIT.search(including.group(0)) else "",
            )
        ]
    if INVITATION.search(text) and not dates:
        return []

    claims: list[_Claim] = []
    # People before the first cue are its subjects; the people after each cue, up
    # to the next cue, are that cue's objects (coordinated verbs, each its own meeting).
    first_cue = cues[0][0]
    subjects = [m for m in mentions if m.start - offset < first_cue]
    used_subjects = False
    for i, (start, _end, status, kind_hint) in enumerate(cues):
        before = text[max(0, start - 40) : start]
        if NEGATION.search(before) or SPECULATION.search(text[max(0, start - 60) : start]):
            continue
        next_start = cues[i + 1][0] if i + 1 < len(cues) else len(text)
        objects = [m for m in mentions if start <= m.start - offset < next_start]
        own_subjects = [m for m in mentions if m.start - offset < start and m not in subjects]
        group = list(dict.fromkeys(m.person_id for m in subjects + own_subjects + objects))
        if not objects and (used_subjects or i > 0):
            continue
        if len(group) < 2 or len(_countries(group, context)) < 2:
            continue
        used_subjects = True
        if status is None:
            status = _status_from_tense(text, start)
        past = status == "held"
        resolved = [(e, resolve_in_tense(e, day, past)) for e in dates]
        local_places = places
        for participants in _split_pairs(group, context):
            claims.append(
                _Claim(
                    participants,
                    status,
                    kind_hint,
                    sentence,
                    resolved,
                    local_places,
                    offset + start,
                )
            )
    # Several cues about one group in one sentence: one claim.
    unique: dict[tuple[str, ...], _Claim] = {}
    for claim in claims:
        unique.setdefault(tuple(claim.participants), claim)
    return list(unique.values())


def _finish(
    claim: _Claim,
    frames: list[tuple[str, str, DateInterval | None, int]],
    captions: list[Sentence],
    context: PeopleContext,
    day: dt.date | None,
    reference: Reference,
    parsed: ParsedArticle,
) -> MeetingClaim:
    interval, expression = None, ""
    for date_expression, resolved in claim.dates:
        if resolved is not None:
            interval, expression = resolved, date_expression.text
            break
    if not expression and claim.dates:
        expression = claim.dates[0][0].text
    place_id = _best_place(claim.places, reference)
    participants = set(claim.participants)
    for person_id, frame_place, frame_dates, _ in frames:
        if person_id not in participants or claim.status != "planned":
            continue
        compatible = frame_dates is None or interval is None or frame_dates.intersection(interval)
        if not compatible:
            continue
        if interval is None and frame_dates is not None:
            interval = frame_dates
        if _more_specific(frame_place, place_id, reference):
            place_id = frame_place
    for caption in captions:
        caption_people = set(
            find_people(
                caption.text,
                caption.start,
                PeopleContext(reference, day, list(context.named), dict(context.extra_people)),
            )
        )
        caption_ids = {m.person_id for m in caption_people}
        if not participants <= caption_ids:
            continue
        caption_dates = [resolve_in_tense(e, day, True) for e in find_dates(caption.text)]
        caption_dates = [d for d in caption_dates if d is not None]
        caption_interval = caption_dates[-1] if caption_dates else None
        if interval is not None and caption_interval is not None:
            if not interval.intersection(caption_interval):
                continue
        caption_places = find_places(caption.text, caption.start, reference)
        caption_place = _best_place(caption_places, reference)
        if caption_place and _more_specific(caption_place, place_id, reference):
            place_id = caption_place
        if interval is None and caption_interval is not None:
            interval = caption_interval
    kind = _kind(claim, context)
    if kind in ("phone_call", "video_call"):
        place_id = ""
    text = parsed.article.text
    evidence = Span(
        claim.sentence.start, claim.sentence.end, text[claim.sentence.start : claim.sentence.end]
    )
    return MeetingClaim(
        article_id=parsed.article_id,
        participants=tuple(sorted(claim.participants)),
        kind=kind,
        reported_status=claim.status,
        interval=interval,
        date_expression=expression,
        place_id=place_id,
        evidence=evidence,
    )


def _best_place(places: list[tuple[str, Span]], reference: Reference) -> str:
    best = ""
    for value, _ in places:
        if _more_specific(value, best, reference):
            best = value
    return best


def _more_specific(candidate: str, current: str, reference: Reference) -> bool:
    """A city beats a country; a landmark stands for its city; the first city wins."""
    if not candidate:
        return False
    if not current:
        return True
    return current.startswith("country:") and not candidate.startswith("country:")


def _merge_within_article(claims: list[MeetingClaim]) -> list[MeetingClaim]:
    """Sentences about the same encounter become one claim (the first sentence is the quote)."""
    merged: list[MeetingClaim] = []
    for claim in claims:
        for i, other in enumerate(merged):
            if other.participants != claim.participants:
                continue
            if (
                other.interval
                and claim.interval
                and not other.interval.intersection(claim.interval)
            ):
                continue
            if other.reported_status != claim.reported_status and other.interval != claim.interval:
                if other.interval is not None and claim.interval is not None:
                    continue
            if (other.kind in ("phone_call", "video_call")) != (
                claim.kind in ("phone_call", "video_call")
            ):
                continue
            interval = other.interval
            if interval and claim.interval:
                interval = interval.intersection(claim.interval)
            elif claim.interval:
                interval = claim.interval
            place = other.place_id
            if claim.place_id and (
                not place
                or (place.startswith("country:") and not claim.place_id.startswith("country:"))
            ):
                place = claim.place_id
            kind = other.kind if other.kind != "talks" else claim.kind
            merged[i] = replace(
                other,
                interval=interval,
                place_id=place,
                kind=kind,
                date_expression=other.date_expression or claim.date_expression,
            )
            break
        else:
            merged.append(claim)
    return merged


def find_topics(parsed: ParsedArticle, reference: Reference) -> list[TopicMention]:
    """Every topic mention in the body, in text order."""
    text = parsed.article.text
    mentions: list[TopicMention] = []
    for segment in parsed.segments:
        if segment.kind != "body":
            continue
        line = text[segment.start : segment.end]
        found = [
            *reference.topic_gazetteer_exact.find(line),
            *reference.topic_gazetteer_folded.find(line),
        ]
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        last_end = -1
        for match in found:
            if match.start < last_end:
                continue
            last_end = match.end
            start, end = segment.start + match.start, segment.start + match.end
            mentions.append(TopicMention(match.value, Span(start, end, text[start:end])))
    return mentions


def agenda_topics(
    claim: MeetingClaim,
    parsed: ParsedArticle,
    topics: list[TopicMention],
    sentences: list[Sentence],
) -> list[tuple[str, Span]]:
    """Topics an article says were or will be discussed at the claim's meeting.

    The topic must be named in a sentence that speaks of discussing it (an agenda
    word) and that is the claim's own sentence, or a sentence that names the
    meeting ("during the meeting", "their discussions", "the negotiations").
    """
    out: list[tuple[str, Span]] = []
    for sentence in sentences:
        if sentence.kind != "body":
            continue
        own = sentence.start == claim.evidence.start
        refers = re.search(
            r"\b(?:during the (?:meeting|talks|negotiations|visit)|at the (?:meeting|talks)|"
            r"(?:their|the|his|her) (?:meeting|talks|discussions|negotiations|agenda)|"
            r"meeting (?:with|between))\b",
            sentence.text,
            re.IGNORECASE,
        )
        if not (own or refers) or not AGENDA.search(sentence.text):
            continue
        if not own:
            # The sentence must name the meeting's place, a participant, or be adjacent.
            adjacent = abs(sentence.start - claim.evidence.end) < 400
            if not adjacent:
                continue
        for topic in topics:
            if sentence.start <= topic.span.start < sentence.end:
                out.append((topic.topic_id, topic.span))
    return out


def analyse_article(
    parsed: ParsedArticle, reference: Reference, day: dt.date | None = None
) -> ArticleFindings:
    """Everything one article yields on its own: claims, people, topics."""
    if day is None and parsed.published is not None and parsed.published.days == 1:
        day = parsed.published.start
    claims, context, mentioned = extract_claims(parsed, reference, day)
    topics = find_topics(parsed, reference)
    sentences = split_sentences(parsed, ("body",))
    with_topics = []
    for claim in claims:
        agenda = agenda_topics(claim, parsed, topics, sentences)
        seen: dict[str, Span] = {}
        for topic_id, span in agenda:
            seen.setdefault(topic_id, span)
        with_topics.append(replace(claim, topics=tuple(seen), topic_quotes=tuple(seen.values())))
    return ArticleFindings(
        parsed=parsed,
        day=day,
        claims=with_topics,
        people=dict(context.extra_people),
        topics=topics,
        mentioned_people=list(dict.fromkeys(mentioned)),
    )
