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
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from parley.annotate import AnnotatedArticle, annotate
from parley.dates import (
    COUNT_WORD,
    COUNT_WORDS,
    MONTH_WORDS,
    WEEKDAYS,
    DateExpression,
    DateIndex,
    find_dates,
    resolve_in_tense,
)
from parley.gazetteer import TextIndex
from parley.matching import CaselessGate, leftmost_longest
from parley.recognise import (
    HE_OR_SHE,
    Mention,
    PeopleContext,
    Sentence,
    find_people,
    find_places,
    issuer_own_offices,
    issuer_principals,
    places_for_clause,
    unknown_places,
)
from parley.records import (
    DateInterval,
    Location,
    MeetingClaim,
    ParsedArticle,
    Person,
    Span,
    TopicMention,
)
from parley.reference import Place, Reference, ReferenceDataError, cue_words
from parley.vocabulary import KIND, STATUS

try:
    # The cue vocabulary is curated data (reference/cues.json, docs/reference/cues.md);
    # the grammar around it stays here.
    _CUE_WORDS = cue_words()
except ReferenceDataError as error:  # a broken installation: one line, no traceback
    raise SystemExit(str(error)) from None


def _words(name: str) -> str:
    """One list of reference/cues.json as an alternation, longest phrase first."""
    phrases = sorted(_CUE_WORDS[name], key=len, reverse=True)
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases) + ")"


# Cue vocabulary, all in one place. Cues: (pattern, status, kind hint). Status None:
# read from the sentence's tense. Kind hint "with": a verb of talking that is a meeting
# only with "with <person>". Bare "conference" is no meeting word (a press conference).
_MEETING_NOUNS = _words("meeting_nouns")
# A cue ending in "meet" or "met" before what one meets that is no person ("meet people's
# needs", "met these challenges", "to meet its targets") is no meeting.
_NOT_A_PERSON_MET = (
    r"(?!(?:(?<=meet)|(?<=meets)|(?<=met))\s+(?:(?:the|these|those|this|that|their|its|"
    r"our|your|his|her|my|all|every|[\w-]+[’']s)\s+)?(?:[\w-]+\s+)?"
    + _words("met_objects")
    + r"\b)"
)
# Words between a verb of talking and its "with": "spoke today with", "spoke by phone with".
_TALK_ADVERBS = (
    r"(?:\s+(?:today|yesterday|tonight|again|also|separately|first|later|earlier|"
    r"this (?:morning|afternoon|evening|week)|on (?:"
    + "|".join(d.title() for d in WEEKDAYS)
    + r")|"
    r"by (?:tele)?phone|by video(?:\s*conference|\s*link)?|virtually|"
    r"on the (?:tele)?phone|over the (?:tele)?phone|at (?:great |some )?length|(?:most\s+)?\w+ly)){0,3}"
)
# "are expected to": a cue of status alone when another cue follows ("hold a video call").
_EXPECTED_TO = (
    r"(?:is|are|was|were)\s+(?:also\s+)?(?:expected|scheduled|set|due|slated|planning|going)\s+to"
)
_CUES: list[tuple[str, str | None, str]] = [
    (
        r"(?:cancel(?:l)?ed|called off|calls off|call off|scrapped|cancels|cancel|"
        r"(?:is|are|was|were)\s+(?:now\s+)?off(?=\s*[.,;])|"
        # "the Singapore summit ... will not take place".
        r"(?:will|would|shall)\s+not\s+(?:take\s+place|go\s+ahead)|won[’']t\s+(?:take\s+place|go\s+ahead))",
        STATUS.cancelled,
        "",
    ),
    (
        r"(?:will|would|shall|to|may|might|could|(?<=\w)[’']ll)\s+(?:also\s+)?(?:be\s+)?"
        r"(?:meet|meeting)\b",
        STATUS.planned,
        "",
    ),
    (
        r"(?:will|would|may|to|might)\s+(?:also\s+)?(?:receive|host|welcome)",
        STATUS.planned,
        "visit",
    ),
    (
        r"(?:will|would|may|to)\s+(?:also\s+)?be\s+(?:received|hosted|welcomed)\s+by",
        STATUS.planned,
        "visit",
    ),
    (
        r"(?:will|would|to|may)\s+(?:also\s+)?(?:hold|have)\s+(?:a\s+|the\s+)?(?:[\w-]+\s+){0,2}?"
        + _MEETING_NOUNS,
        STATUS.planned,
        "",
    ),
    (
        r"(?:will|would|to|may|(?<=\w)[’']ll)\s+(?:also\s+)?(?:discuss|talk|speak|confer|negotiate)\b",
        STATUS.planned,
        "with",
    ),
    (
        r"(?:will|would|to)\s+(?:also\s+)?(?:visit|pay\s+a\s+(?:[\w-]+\s+)?visit)",
        STATUS.planned,
        "with",
    ),
    (
        _EXPECTED_TO + r"(?=\s+(?:meet|hold|have|receive|host|visit|be received|discuss|talk|"
        r"sit down|speak))",
        STATUS.planned,
        "",
    ),
    (
        r"(?:plans?|planned|planning|intends?)\s+to\s+(?:hold|meet|have|receive|host|visit)",
        STATUS.planned,
        "",
    ),
    (
        # "his planned June 12 summit in Singapore with Kim".
        r"(?:upcoming|forthcoming|planned|scheduled|expected|next)\s+(?:[\w-]+\s+){0,2}?"
        r"(?:talks|meeting|meetings|summit|visit|negotiations)",
        STATUS.planned,
        "",
    ),
    # "is meeting / is holding talks": going on or about to: planned, never held by default.
    (
        r"(?:is|are|am)\s+(?:also\s+)?(?:meeting(?:\s+with)?|hosting|receiving|"
        r"(?:holding|having)\s+(?:a\s+|an\s+|the\s+)?(?:[\w-]+\s+){0,2}?" + _MEETING_NOUNS + ")",
        STATUS.planned,
        "",
    ),
    # "looked forward to receiving the Prime Minister in Washington later this year".
    (
        r"(?:look|looks|looked|looking)\s+forward\s+to\s+(?:meeting|receiving|hosting|welcoming|"
        r"seeing|visiting)(?:\s+with)?",
        STATUS.planned,
        "",
    ),
    # "had an opportunity to meet": it happened; "... to speak with" is spoken, like "spoke
    # with": a call unless its clause puts it in a room.
    (
        r"(?:had|got|has had|have had|did have|did get)\s+(?:an?\s+|the\s+)?"
        r"(?:opportunity|chance|occasion)\s+to\s+(?:speak|talk)"
        + _TALK_ADVERBS
        + r"\s+(?:to|with)",
        STATUS.held,
        "spoke",
    ),
    (
        r"(?:had|got|has had|have had|did have|did get)\s+(?:an?\s+|the\s+)?"
        r"(?:opportunity|chance|occasion)\s+to\s+"
        r"(?:meet|speak|talk|sit down)(?:\s+with)?",
        STATUS.held,
        "",
    ),
    (r"(?:meets|meet)(?:\s+with)?", None, ""),
    # A participle clause of the subject's: "arriving at noon and meeting immediately with
    # Y", "..., meeting with Y": the tense is the main verb's.
    (r"(?:(?<=,\s)|(?<=\band\s))meeting(?:\s+\w+ly)?\s+with", None, ""),
    (r"met(?:\s+with)?", STATUS.held, ""),
    (
        # "held a second day of talks", "held a new round of talks", "held what officials
        # described as candid talks".
        r"(?:held|hold|holds|had|have)\s+"
        r"(?:what\s+(?:[\w-]+\s+){1,3}?(?:described|called|termed)\s+as\s+)?"
        r"(?:a\s+|an\s+|the\s+|their\s+|his\s+|her\s+)?"
        r"(?:(?!(?:to|with|invited|been)\b)[\w-]+[\s-]+){0,3}?" + _MEETING_NOUNS,
        None,
        "",
    ),
    (r"hosted|(?<!be )received|welcomed", STATUS.held, "visit"),
    (r"(?:hosts|receives|welcomes)", None, "visit"),
    (r"took place|was held|were held", STATUS.held, ""),
    # "joined other NATO ministers for a working lunch, including Lavrov": one shared
    # occasion of whoever joined and whoever the clause names at it.
    (
        r"joined\s+(?:[\w.-]+\s+){0,12}?(?:for|at|in)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?"
        r"(?:lunch|luncheon|dinner|breakfast|" + _MEETING_NOUNS + r")(?!\s+for\b)",
        STATUS.held,
        "",
    ),
    (r"co-host(?:ed|s)?", None, KIND.multilateral),
    # "spoke (today) with": in readouts and news a call, unless the clause places it.
    (r"(?:talked|spoke|conferred)" + _TALK_ADVERBS + r"\s+(?:to|with)", STATUS.held, "spoke"),
    # "had spoken with Putin by telephone"; not "has spoken to this".
    (
        r"spoken" + _TALK_ADVERBS + r"\s+(?:to|with)(?=\s+(?:the\s+)?(?-i:[A-Z]))",
        STATUS.held,
        "spoke",
    ),
    # "A and B spoke briefly on the sidelines": talking, then where or when.
    (
        r"(?:talked|spoke|conversed|chatted)(?:\s+\w+ly)?(?=\s+(?:on|at|in|during|for|over|"
        r"face|privately|behind)\b)",
        STATUS.held,
        "",
    ),
    # "spoke by phone", "talked by video link" (a video word makes it a video call).
    (
        r"(?:talked|spoke)\s+(?:by|on the|over the|via)\s+(?:(?:tele)?phone|video(?:\s+link)?)",
        STATUS.held,
        KIND.phone_call,
    ),
    # "called" a person, not "called on/for" something.
    (
        r"(?:phoned|telephoned|called(?=\s+(?:him\b|her\b|(?-i:[A-Z]))))",
        STATUS.held,
        KIND.phone_call,
    ),
    (r"shook hands", STATUS.held, ""),
    # "attended a P5+1 ministerial meeting in New York": one occasion of those who attended.
    (
        r"attended\s+(?:a|an|the)\s+(?:[\w+-]+\s+){0,3}?(?:meeting|summit|talks|ministerial|"
        r"conference)",
        STATUS.held,
        "",
    ),
    # "arrived in Lahore on Friday, meeting Pakistani Prime Minister Nawaz Sharif".
    (r"(?<=,\s)meeting(?=\s+(?-i:[A-Z]))", None, ""),
    (r"greeted", STATUS.held, ""),
    # "speaking at a joint news conference with Obama in Prague": both were there.
    (
        r"(?:(?<=[’'])s\s+)?joint\s+(?:news|press)\s+(?:conference|availability|appearance)\s+with",
        None,
        "",
    ),
    # "Obama and Medvedev signed the New START treaty in Prague": signing together is an
    # encounter of the signers (one signer alone, or countries, name no meeting).
    (r"(?:signed|signs|(?:will|would|to)\s+(?:also\s+)?sign)(?=\s)", None, ""),
    # "sat down for talks in Geneva on Monday", "sat down with Lavrov".
    (r"(?:sat|sit|sits)\s+down\s+(?:for|with|to)", None, ""),
    (
        r"(?:in|during|over)\s+(?:a|an|the|their)\s+(?:[\w-]+\s+)?(?:phone|telephone)\s+(?:conversation|call|talk)",
        None,
        KIND.phone_call,
    ),
    # "warned Putin on Tuesday ... during a two-hour video call".
    (
        r"(?:in|during|over)\s+(?:a|an|the|their)\s+(?:[\w-]+\s+)?(?:video\s+(?:call|conference|link)|"
        r"videoconference|video-conference|virtual\s+(?:meeting|summit))",
        None,
        KIND.video_call,
    ),
    # "would call Ukrainian President Zelenskyy on Thursday": a call to come.
    (
        r"(?:will|would|to|(?<=\w)[’']ll)\s+(?:also\s+)?(?:call|phone|telephone)"
        r"(?=\s+(?:him\b|her\b|(?-i:[A-Z])))",
        STATUS.planned,
        KIND.phone_call,
    ),
    # "a working lunch with A and B": a meal with named officials is an encounter of all.
    (
        r"(?:"
        + _MEETING_NOUNS
        + r"|ministerial|lunch|luncheon|dinner|breakfast)\s+(?:with|between)",
        None,
        "",
    ),
    # "Olmert's meetings ... with Abbas": the owner's meeting (the cue starts at the "s").
    (r"(?<=[’'])s\s+(?:(?!with\b)[\w-]+\s+){0,2}?" + _MEETING_NOUNS, None, ""),
    # "failed to reach a deal after talks Sunday": the talks the adjunct names, of the
    # main clause's people.
    (
        r"(?:after|following|emerged\s+from|emerging\s+from)\s+(?:(?:two|three|several|lengthy|long|"
        r"(?:(?:\d+|two|three|four|five|several|many)\s+)?(?:hours|days|weeks|months|rounds)\s+of|"
        r"[\w-]+-hour)\s+)?(?:(?:intense|intensive|lengthy|marathon|difficult|tough|frank)\s+)?"
        r"(?:talks|negotiations)",
        None,
        "",
    ),
    # "arrived in Geneva on Friday after meeting Israeli Prime Minister Netanyahu".
    (
        r"(?:after|before|following)\s+meeting(?=\s+(?:(?-i:[A-Z])|earlier\b|later\b|"
        r"separately\b|with\b))",
        None,
        "",
    ),
    # Not across an adjunct's word: "reached a deal after talks Sunday" states the talks of
    # the adjunct, with its date and place.
    (
        r"(?:the|their|his|her|a|an)\s+(?:(?!(?:after|before|following|during|since)\b)[\w-]+\s+)"
        r"{0,2}?(?:talks|meeting|negotiations|summit)",
        None,
        "",
    ),
]
# A cue's scope that ends in "for" / "at" / "to": what follows is the occasion it is for.
PURPOSE_END = re.compile(r"\b(?:for|at|to|into)\s+$", re.IGNORECASE)
CUE = re.compile("|".join(rf"\b(?:{p})\b{_NOT_A_PERSON_MET}" for p, _, _ in _CUES), re.IGNORECASE)
# CUE with each cue its own group: matched where CUE found a cue, the group that matched
# carries its status and kind (an alternation takes the first cue that matches there, as
# re-matching each one did). Only there: scanning a sentence with it is slower than CUE.
_CUE_BY_PART = re.compile(
    "|".join(rf"(?P<cue{n}>\b(?:{p})\b{_NOT_A_PERSON_MET})" for n, (p, _, _) in enumerate(_CUES)),
    re.IGNORECASE,
)
_CUE_MEANING = {f"cue{n}": (s, k) for n, (_, s, k) in enumerate(_CUES)}

NEGATION = re.compile(
    # "will skip / snub / boycott the summit with ...": staying away negates the meeting;
    # "don't", "didn't" end in "n't" inside a word.
    r"(?:\b(?:no|not|never|nor|neither|without|won[’']t|cannot|denied|ruled out|rules out|"
    r"refused to|" + _words("staying_away") + r")|n[’']t)\b(?:\s+\w+){0,2}\s*$",
    re.IGNORECASE,
)
# "4:00 p.m. Secretary X meets with Y, at the Department of State": a daily schedule's
# line, planned for the schedule's day.
SCHEDULE_LINE = re.compile(r"^\d{1,2}:\d{2}\s*(?:a\.m\.|p\.m\.|am\b|pm\b|AM\b|PM\b)?")
PRESENT_FOR = re.compile(
    r"\b(?:is|are)\s+(?:in|visiting|arriving in|heading to)\b[^.;]{0,60}?\bfor\s+"
    r"(?:a\s+|an\s+|the\s+)?$",
    re.IGNORECASE,
)
# "a readout of the call between X and Y", "the readout of the Secretary's meeting with Y".
READOUT_OF = re.compile(
    r"\breadouts?\s+(?:of|on)\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+)?"
    r"(?:[\w’'-]+[\s’']+){0,3}$",
    re.IGNORECASE,
)
# "we will issue a readout of the meeting": the meeting may be still to come.
READOUT_TO_COME = re.compile(
    r"\b(?:will|shall|to)\s+(?:also\s+|be\s+)?(?:issue|issuing|release|releasing|put out|"
    r"putting out|publish|have)\s+(?:a\s+|the\s+|our\s+)?readouts?$",
    re.I,
)
ANAPHOR_SUBJECT = re.compile(
    r"^(?:[\w,]+\s+){0,3}?(?:their|the|this|that)\s+(?:[\w-]+\s+){0,2}?(?:meeting|talks|"
    r"summit|discussions|encounter)\b",
    re.IGNORECASE,
)
DATED_ANAPHOR = re.compile(
    r"\b(?:the|these|this|their)\s+(?:[\w,-]+\s+){1,4}?(?:meetings?|talks|summit|visit|"
    r"discussions|negotiations)\b",
    re.IGNORECASE,
)
# "flew to Ankara to meet Y": the purpose of a past journey happened.
PAST_JOURNEY = re.compile(
    r"\b(?:flew|traveled|travelled|went|came|arrived|headed|journeyed|returned|drove|"
    r"was in|were in|stopped in)\b[^;]*$",
    re.IGNORECASE,
)
NO_PLANS = re.compile(
    r"\bno\s+(?:[\w-]+\s+){0,2}(?:meeting|meetings|talks|summit|plans?|visit)\b(?:\s+\w+){0,3}\s+"
    r"(?:has|have|had|is|are|was|were)\b|\bno\s+plans?\b|\bthere (?:is|are|was|were) no\b",
    re.IGNORECASE,
)
# Words of what is only wished, offered or rumoured, before a cue (cues.json "speculation").
SPECULATION = re.compile(
    r"\b" + _words("speculation") + r"\b(?:\s+[\w’']+){0,7}\s*$",
    re.I,
)
AGGREGATE = re.compile(
    r"\b(?:\w+|\d+)\s+times\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"several|many|numerous|multiple|\d+)\s+(?:[\w-]+\s+)?(?:meetings|phone conversations|"
    r"conversations|calls|phone calls|summits|talks)\b|"
    # "has had a number of occasions to meet", "in constant contact with": no one occasion.
    r"\b(?:a number of|numerous|many|several)\s+(?:occasions|opportunities)\b|"
    r"\b(?:constant|close|regular|frequent|continuous|daily|ongoing|continued)\s+"
    r"(?:contact|touch|communication|consultations?)\b",
    re.IGNORECASE,
)
INCLUDING = re.compile(
    r"\bincluding\s+(?:a|an|one|the)\s+(?:[\w-]+\s+){0,2}?(?:summit|meeting|visit|talks)\b[^,;.]*",
    re.IGNORECASE,
)
INVITATION = re.compile(r"\binvit(?:ed|es|e|ing|ations?)\b", re.IGNORECASE)
FUTURE = re.compile(
    r"\b(?:will|would|shall|is to|are to|expected|scheduled|plans?|planned|set to|due to|"
    r"likely to|"
    # "Next, she moved ...": a step of a narration, not the future.
    r"upcoming|forthcoming|next(?!\s*,)|tomorrow|later this|to meet|to hold|to visit|to be received|"
    r"comes|arrives|travels|is coming|(?-i:may|might|can|could)|"
    # "that's going to be on Wednesday"; "is embarking today on ... and then meeting".
    r"going to (?:be|meet|hold|have|host|visit|travel|see|sit down|talk|speak)|"
    r"(?:is|are) (?:embarking|setting off|setting out|departing))\b",
    re.IGNORECASE,
)
PAST = re.compile(
    r"\b(?:met|held|had|took place|was|were|hosted|visited|talked|spoke|yesterday|"
    r"last|previous|earlier|ago|since|latest|praised|following|after|discussed)\b",
    re.IGNORECASE,
)
# A clause with these words speaks of a call; "call on/for" is no call.
# "call on/for" someone to act is no call; "a call on Monday" is.
_CALL_ON = (
    r"(?!\s+(?:on|upon|for)\b(?!\s+(?:(?:"
    + "|".join(WEEKDAYS)
    + r")\b|(?:"
    + MONTH_WORDS
    + r")\.?\s+\d|\d)))"
)
PHONE = re.compile(
    r"\b(?:" + _words("phone_words") + r"|call" + _CALL_ON + r"|calls" + _CALL_ON + r")\b",
    re.IGNORECASE,
)
VIDEO = re.compile(r"\b" + _words("video_words") + r"\b", re.I)
SIDELINES = re.compile(r"\bon the (?:sidelines|margins|fringes)\b", re.IGNORECASE)
MULTILATERAL_EVENT = re.compile(
    r"\b(?:at|during|to)\s+(?:the|an?)\s+(?:[A-Z][\w-]*\s+)+(?:summit|ministerial|meeting|forum|conference|"
    r"council|assembly)\b|\bministerial\b|\bGeneral Assembly\b",
)
SUMMIT = re.compile(r"\bsummit\b", re.IGNORECASE)
AGENDA = re.compile(
    r"\b(?:discuss|discussed|discussing|discussion|discussions|agenda|talk about|talked about|"
    r"focus on|focused on|raise|raised|address|addressed|consider|topics?|issues? of|"
    r"exchange views|negotiat\w*|high on|mentioned in)\b",
    re.IGNORECASE,
)
TRIP = re.compile(
    r"\b(?:visit|visits|visiting|visited|trip|travels?|travel(?:l)?(?:ing|ed)|arrives?|arrived|arriving|"
    r"arrival|comes|coming|came|fly|flies|flew|heads?|headed)\s+(?:[\w,-]+\s+){0,3}?(?:to|in)\s",
    re.IGNORECASE,
)
VISIT_PLACE = re.compile(r"\bvisit(?:s|ed|ing)?\s+(?=(?-i:[A-Z]))", re.IGNORECASE)
# Presence: "X is in Riyadh", "While in Tokyo, ...", "X, in Brussels for ...", and a
# sentence opening on a place ("In Fiji on February 12, the Secretary will meet ...").
PRESENCE = re.compile(
    r"\b(?:is|are|was|were|while|whilst|when|being)\s+in\s|,\s+in\s+(?=(?-i:[A-Z])\w+\s+for\b)|"
    r"^\s*In\s+(?=(?-i:[A-Z]))",
    re.IGNORECASE,
)
# A sentence that moves on: what follows it has a setting of its own.
BREAK = re.compile(
    r"\bthen\s+(?:flew|traveled|travelled|went|headed|moved on|continued|left)\b|"
    r"\b(?:the next|the following) (?:day|morning|evening)\b|\bthe day after\b|"
    rf"\b(?:{COUNT_WORD})\s+days?\s+later\b|"
    r"\blater in (?-i:[A-Z])",
    re.IGNORECASE,
)
# Words in every match (a gate: most sentences hold none, and are not searched).
BREAK_GATE = CaselessGate(("then", "the next", "the following", "the day after", "later"))
TOGETHER = re.compile(r"\b" + _words("together") + r"\b", re.IGNORECASE)
COUNTERPARTS = re.compile(r"\bcounterparts\b", re.IGNORECASE)
DURING_FRAME = re.compile(
    r"\b(?:during|on|in the course of) (?:the|his|her|their|this|that) (?:visit|trip|stay|tour)\b|"
    r"\bwhile there\b",
    re.IGNORECASE,
)
AND_THEN = re.compile(r"\band\s+then\b", re.IGNORECASE)
# "During their meeting, they ...": the meeting the text has just told of.
DURING_THEIR_MEETING = re.compile(
    r"^\s*(?:during|in|at|in the course of)\s+(?:their|the)\s+(?:[\w-]+\s+)?"
    r"(?:meeting|talks|discussions?|conversation)\b",
    re.IGNORECASE,
)
# A follow-up: a meeting told as part of the setting of one told before.
FOLLOW_UP = re.compile(r"\b" + _words("follow_up") + r"\b", re.IGNORECASE)
# One list of verbs of saying (cues.json speech_verbs): "said on Monday" dates the saying.
_SPEECH_VERBS = _words("speech_verbs")
SPEECH_BEFORE_DATE = re.compile(
    r"\b" + _SPEECH_VERBS + r"(?:\s+(?:reporters|journalists|the press|in a statement))?\s+"
    r"(?:(?:just|only|already|earlier|first)\s+)?(?:on\s+)?$",
    re.IGNORECASE,
)
CLAUSE_BREAK = re.compile(
    r",\s+(?=(?:who|which|where|when|while|but|although|though|whereas|only|adding|saying|"
    r"according)\b)|;\s+|\s+[—–]\s+|,\s+(?:and\s+)?(?:the\s+)?(?=(?:first|second|last)\s+time\b)|"
    r",\s+(?=(?:[\w-]+\s+){0,2}(?:after|before|ahead of|following)\b)|"
    # "met Abbas in Ramallah on Monday, then traveled to Jerusalem for talks with Olmert":
    # the next verb of the same subject, a clause of its own.
    r",\s+(?:and\s+)?(?=then\s+(?-i:[a-z]))|"
    # ", and the Secretary will be meeting ...", ", and a planned signing ... was canceled":
    # a new subject, a new clause; not the last item of a list (", and the German
    # chancellor.").
    r",\s+and\s+(?=(?:(?:the|an?)\s+(?!(?:[\w’'-]+\s+){0,2}[\w’'-]+[.,;:!?])|he\s+|she\s+|they\s+)"
    r"(?-i:[a-zA-Z])|(?-i:I)\b)|"
    # "... the attack in Kabul, and said that he looked forward to receiving ...": what is
    # said is a clause of its own.
    r",\s+and\s+(?=" + _SPEECH_VERBS + r"\b)|"
    # An after/before adjunct splits off without a comma too ("will meet on Friday after
    # talks last week"); "the following day" is a date, not an adjunct.
    r"\s+(?=(?:(?:shortly|just|soon|immediately|only|a|one|two|three|days?|hours?|weeks?)\s+){0,2}"
    r"(?:after|before|ahead of|prior to|following(?!\s+(?:day|week|month|year|morning|"
    r"afternoon|evening|weekend)\b))\s)",
    re.IGNORECASE,
)
# A sentence that opens with an adjunct: "After talks with Lavrov last week, ...",
# "Before that, on March 3, ...": the adjunct ends at its comma.
OPENING_ADJUNCT = re.compile(
    r"^\s*(?:after|before|ahead of|prior to|following|building on|in keeping with|further to|"
    r"following up on)\b[^,;]*,\s*",
    re.IGNORECASE,
)
# What may stand between the people of "a meeting between A and B (and C)": titles,
# "and", commas.
CHAIN_GAP = re.compile(r"^(?:[\s,()]|and\b|of\b|the\b|for\b|his\b|her\b|their\b|[A-Z][\w.’'-]*)*$")
# "between" a meeting's people, not its days ("met in Vienna between March 10 and 12").
BETWEEN = re.compile(
    r"(?:[^.;,]{0,40}?\s)?between\b(?!\s+(?:\d|(?:" + MONTH_WORDS + r")\.?\s+\d))",
    re.IGNORECASE,
)
# A name that only qualifies a noun is no participant: "the Bush administration",
# "Putin's war", "Macron's predecessor"; "X's talks/visit" keeps X.
NAME_AS_MODIFIER = re.compile(r"^\s+" + _words("name_modifiers") + r"\b", re.IGNORECASE)
POSSESSIVE = re.compile(r"^[’']s?(?=\s)")
# An adjunct that counts days from the main clause's date: "a day after", "two days before".
DAYS_APART = re.compile(
    rf"(?<=,\s)(?P<n>{COUNT_WORD})\s+(?P<unit>days?|weeks?)\s+"
    r"(?P<rel>after|before)\b",
    re.IGNORECASE,
)
SINCE = re.compile(r"\bsince\b", re.IGNORECASE)
WHEN_CLAUSE = re.compile(r"when\b", re.IGNORECASE)
# The clause after a meeting's that cancels it by referring back: "..., but that meeting was
# called off", "..., but it was cancelled".
THAT_MEETING = re.compile(
    r"(?:[,;]?\s*(?:but|and)\s+)?(?:(?:that|the|this)\s+(?:planned\s+)?(?:meeting|talks|"
    r"summit|visit|trip|call)|it)\s+(?:was|were|has been|had been|have been|had to be)\s+",
    re.IGNORECASE,
)
# A meeting noun right after these is what was talked about, not the talkers' meeting.
THEIR = re.compile(r"\btheir\b", re.IGNORECASE)
TOPIC_OF_TALK = re.compile(
    r"\b(?:discuss|discussed|discusses|discussing|talked about|reviewed|previewed|"
    r"preparations for|prepare for|prepared for|exchanged views on|exchange views on|"
    r"lead[\s-]up to|run[\s-]up to)\s+(?:the\s+|this\s+|next\s+|upcoming\s+)?"
    r"(?:[\w’'-]+\s+){0,3}$",
    re.IGNORECASE,
)
# What was discussed, listed at more length ("discussed the March 24 NATO Summit and
# President Biden's upcoming visit"): only before a meeting noun (NOUN_CUE), never a verb,
# and not where it is discussed ("discuss the bilateral relations at the upcoming talks").
TOPIC_LIST = re.compile(
    r"\b(?:discuss|discussed|discusses|discussing|talked about|reviewed|previewed)\s+"
    r"(?:(?!(?:at|during|in|on|before|ahead|when|while|for)\b)[\w’'-]+\s+){4,12}$",
    re.IGNORECASE,
)
NOUN_CUE = re.compile(
    r"(?:upcoming|forthcoming|planned|scheduled|expected|next|the|their|his|her|a|an)\s|s\s",
    re.IGNORECASE,
)
# "a meeting between A and B is under consideration": not yet planned.
STATUS_ONLY = re.compile(_EXPECTED_TO + r"\s+", re.IGNORECASE)
UNDER_CONSIDERATION = re.compile(
    r"[^.;]*?\b(?:is|are|was|were|remains?)\s+(?:still\s+)?(?:under consideration|"
    r"under discussion|being considered|being discussed|not ruled out|an option|possible)\b",
    re.IGNORECASE,
)
# Words that put a "spoke with" in a room.
IN_PERSON = re.compile(
    r"\b(?:met|meet|meeting|visit|visited|visiting|sidelines|margins|fringes|face[- ]to[- ]face|"
    r"in person|at the|during (?:the|a|his|her)|while in|trip)\b",
    re.IGNORECASE,
)
# A yes/no question asks about a meeting, it does not state one.
QUESTION = re.compile(
    r"(?:^|[,:]\s*)(?i:(?:and\s+|so\s+|but\s+)?(?:did|does|do|will|would|is|are|was|were|has|"
    r"have|can|could|should)\s+(?:they|he|she|the|you|there))\b|"
    r"(?:^|[,:]\s*)(?i:(?:and\s+|so\s+|but\s+)?(?:did|does|do|will|would|is|are|was|were|has|"
    r"have|can|could|should))\s+[A-Z]\w+\b",
)
# "a close associate of Prime Minister Khan", "the Head of Cabinet of President von der
# Leyen": the owner named after "of" is not the one who met.
OWNER_OF = re.compile(
    r"\b" + _words("owner_nouns") + r"\s+(?:of|for|to)\s+"
    r"(?:the\s+)?(?:[\w.’'-]+\s+){0,5}$",
    re.IGNORECASE,
)
POSSESSED_MEETING = re.compile(
    r"^[’']s?\s+(?:[\w-]+\s+){0,2}?(?:" + _MEETING_NOUNS + r"|visit|visits|invitation|"
    r"(?:news|press)\s+(?:conference|availability))\b",
    re.IGNORECASE,
)
HOSTED_BY = re.compile(r"\s+by\s", re.IGNORECASE)
PASSIVE_AUXILIARY = re.compile(
    r"\b(?:is|are|was|were|be|been|being)\s+(?:(?:later|also|then|first|warmly|\w+ly)\s+)?$",
    re.IGNORECASE,
)
ATTENDANCE = re.compile(r"\b" + _words("attendance") + r"\b", re.IGNORECASE)
HIS_OR_HER = re.compile(r"(?:his|her)\b", re.IGNORECASE)
UNNAMED_OWNER = re.compile(r"[’']s\s+(?:[\w-]+\s+){0,3}$")
RELATION_WITH = re.compile(
    r"\b" + _words("relation_nouns") + r"\s+with\s+(?:the\s+)?(?:[\w.’'-]+\s+){0,4}$",
    re.IGNORECASE,
)
JOINED_NAMES = re.compile(r"\s*(?:,\s*)?(?:and\s+)?", re.IGNORECASE)
# "discussed Ukraine in a phone call": how they spoke, not what they discussed.
MANNER_CUE = re.compile(r"(?:in|during|over)\s", re.IGNORECASE)
# "the NATO secretary general", "the deputy": an official named by office, whom the
# sentence's people do not resolve (cues.json person_nouns).
UNNAMED_OFFICIAL = re.compile(
    r"\b(?:the|a|an|our|his|her|their)\s+(?:[\w-]+\s+){0,2}?" + _words("person_nouns") + r"\b",
    re.IGNORECASE,
)
UNNAMED_OFFICIAL_GATE = CaselessGate.of_phrases(_CUE_WORDS["person_nouns"])
# The labels of a journalist's turn in a transcript.
QUESTION_LABELS = ("QUESTION",)
# A transcript's speaker label: "SECRETARY BLINKEN: ", "FOREIGN MINISTER KULEBA: ".
SPEAKER_LABEL = re.compile(r"^(?P<label>(?:[A-Z][A-Z.’'-]*\s){0,4}[A-Z][A-Z.’'-]+):\s")
FIRST_PERSON = re.compile(
    r"\bI(?:[’']ll|[’']ve|[’']d)?\s+(?:(?:also|just|again|then|recently|first|have|had|will|"
    r"was|am|would|did|actually|finally|later|earlier)\s+){0,3}"
)
# "will speak with X", "I'll speak this evening with X": not "to speak with" (the purpose
# of a trip) nor "talk" ("an opportunity for the Secretary to talk with Modi" in Delhi).
SPEAK_WORD = re.compile(r"(?:\bwill|(?<=\w)[’']ll)\s+(?:also\s+)?speak\b", re.IGNORECASE)
THE_LATE = re.compile(r"\bthe\s+late\s+(?:(?:former|[A-Z][\w.’'-]*)\s+){0,5}$")
THEY = re.compile(
    r"\b(?P<p>they|the two (?:[\w-]+\s+)?(?:men|leaders|ministers|officials|diplomats|"
    r"presidents|sides)|"
    # "the two would meet again Monday": "the two" as a subject, before its verb.
    r"the two(?=\s+(?:would|will|are|were|had|have|also|last|again|met|meet|spoke|agreed|"
    r"held|plan|planned)\b)|"
    r"the sides|both (?:men|leaders|ministers|sides)|the pair)\b",
    re.IGNORECASE,
)
THEY_GATE = CaselessGate(("they", "the two", "the sides", "both", "the pair"))
SPOKE = re.compile(
    r"^[\s,]*(?:also\s+|later\s+|earlier\s+|has\s+|had\s+)?" + _SPEECH_VERBS + r"\b",
    re.IGNORECASE,
)
NOT_PLANNED = re.compile(
    r"[^.;]*?\b(?:is|are|was|were|has|have|had)\s+(?:been\s+)?not\s+(?:been\s+)?"
    r"(?:planned|scheduled|expected|foreseen|envisaged|on the agenda)\b",
    re.IGNORECASE,
)
POSTPONED = re.compile(r"\b(?:postponed|postpones|delayed|put off|pushed back|rescheduled)\b", re.I)
HOSTED_EVENT = re.compile(
    r"\b(?:summit|meeting|conference|ministerial|gathering|forum|event|dinner|lunch|luncheon|"
    r"reception)\s+(?:(?:in|at)\s+(?:the\s+)?[\w-]+\s+)?(?:hosted|organized|organised|convened|"
    r"chaired)\s+by\s",
    re.IGNORECASE,
)
POSTPONED_TO = re.compile(
    r"\b(?:postponed|delayed|put off|pushed back|rescheduled|moved)\s+(?:until|till|to|for)\s+$",
    re.IGNORECASE,
)
# "He met Wang Yi the next day.", "Two days later, ...", "the previous day": days counted
# from the day of the encounter or journey the article told last.
DAYS_LATER = re.compile(
    rf"\b(?:the\s+(?:next|following)\s+day|(?P<n>{COUNT_WORD})\s+days?\s+later|"
    r"the\s+(?P<before>previous\s+day|day\s+before)(?=\s*[,.;])|"
    r"the\s+day\s+after(?=\s*[,.;]))",
    re.IGNORECASE,
)
SAME_DAY = re.compile(
    r"\b(?:earlier|later) (?:in|on|that) (?:the|that) day\b|\b(?:earlier|later) that day\b|"
    r"\bthe same day\b|\bon the same day\b",
    re.IGNORECASE,
)
SAME_DAY_GATE = CaselessGate(("earlier", "later", "same day"))
AGENDA_PASSIVE = re.compile(
    r"\b(?:on the agenda|be discussed|was discussed|were discussed|been discussed|listed as topics?|"
    r"mentioned in|be raised|was raised|were raised|be addressed|were addressed|was addressed)\b",
    re.IGNORECASE,
)
# A word every match of AGENDA and of AGENDA_PASSIVE contains: most sentences hold none,
# and are not scanned twice.
_AGENDA_GATE = CaselessGate(
    ("discuss", "agenda", "talk", "focus", "raise", "address", "consider", "topic", "issue")
    + ("exchange", "negotiat", "high on", "mentioned in")
)
AGENDA_STOP = re.compile(r"\b(?:amid|despite|while|because|although|but|whereas)\b", re.IGNORECASE)
REFERS_TO_MEETING = re.compile(
    r"\b(?:during|at|in) the (?:meeting|talks|negotiations|visit|discussions)|"
    r"\b(?:their|the|his|her) (?:meeting|talks|discussions|negotiations)\b|\bmeeting (?:with|between)\b",
    re.IGNORECASE,
)


# Readout headlines: "Secretary Blinken's Call with ...", "... Meeting with ...",
# "X Meets With Y", "X and Y Before Their Meeting".
_READOUT_OF_ONES_OWN = (
    r"[’']s\s+(?:[\w-]+\s+){0,2}?(?:Call|Phone Call|Telephone Call|Video Call|"
    r"Videoconference|Video Conference|Virtual Meeting|Meeting|Meetings|Conversation)\s+[Ww]ith\b"
)
HEADLINE_READOUT = re.compile(
    _READOUT_OF_ONES_OWN + r"|\b(?:Meets|Meet|Holds Talks|Speaks|Talks)\s+[Ww]ith\b|"
    r"\b(?i:before|after|at) (?i:their|the) Meeting\b"
)
# "Readout of ...", "Secretary Blinken's Call with ...": the release reports the encounter
# on the day it is issued, when its body gives no other day.
READOUT_TITLE = re.compile(r"\s*Readout\b|.*" + _READOUT_OF_ONES_OWN, re.IGNORECASE)
HEADLINE_CALL = re.compile(r"\b(?:Call|Videoconference|Video Conference|Virtual Meeting)\b", re.I)
HEADLINE_GROUP = re.compile(r"\b(?:Trilateral|Quadrilateral|Multilateral|Joint)\b", re.I)
BEFORE_THEIR_MEETING = re.compile(r"\b(?i:before|after|at) (?i:their|the) Meeting\b")

# "Mayorkas also joined the meeting", "Sullivan will join the call": the subject is one
# more participant of the encounter just told.
JOINED_MEETING = re.compile(
    r"\b(?:also\s+)?(?:joined|joins|(?:will|would)\s+(?:also\s+)?join|took\s+part\s+in|"
    r"participated\s+in|attended)\s+(?:the|this|that|their|today[’']s)\s+(?:[\w-]+\s+)?"
    + _MEETING_NOUNS
    + r"\b",
    re.IGNORECASE,
)
# "He was joined by Z", "They will be accompanied by Z": Z joins the encounter of "he".
JOINED_BY = re.compile(
    r"\b(?:was|were|is|are|will\s+be|would\s+be|has\s+been|had\s+been)\s+(?:also\s+)?"
    r"(?:joined|accompanied)\s+by\b",
    re.IGNORECASE,
)
# ", joined by Z" inside a meeting sentence: Z is on the side of the one joined.
JOINED_BY_BEFORE = re.compile(
    r"\b(?:joined|accompanied)\s+(?:here\s+|today\s+)?by\s+(?:[^\s,;.]+\s+){0,6}$",
    re.IGNORECASE,
)

HEADS = ("head_of_state", "head_of_government")


@dataclass(slots=True)
class ArticleFindings:
    """What one article yields, before cross-article resolution."""

    parsed: ParsedArticle
    day: dt.date | None
    claims: list[MeetingClaim]
    people: dict[str, Person]
    topics: list[TopicMention]
    cited_people: list[str] = field(default_factory=list)  # officials the article quotes
    people_quotes: dict[str, str] = field(default_factory=dict)  # first sentence, not curated
    unknown_places: list[str] = field(default_factory=list)  # "in <Name>", not in the gazetteer

    @property
    def article_id(self) -> str:
        return self.parsed.article_id

    @property
    def undated(self) -> bool:
        """Neither the article's day nor its publication is known: resolve dates it from
        its meetings and analyses it again, so it keeps its text and its segments."""
        return self.day is None and self.parsed.published is None


@dataclass
class _Claim:
    participants: list[str]
    status: str
    kind_hint: str
    sentence: Sentence
    clause: tuple[int, int]  # offsets of the clause within the sentence text
    dates: list[tuple[DateExpression, DateInterval | None]]
    places: list[tuple[Location, Span]]
    cue_start: int
    # The words that belong to this cue (from the clause start or the cue, to the next
    # cue of the clause): where its call words are, so that "spoke by phone and agreed
    # to meet in Vienna" is a call and a meeting.
    scope: tuple[int, int] | None = None


def _masked_spans(parsed: ParsedArticle) -> list[tuple[int, int]]:
    """Dates that are the article's own, never a meeting's: the printed publication
    date and the whole dateline ("BRASÍLIA (Sputnik - 5th May, 2011)")."""
    spans = []
    for span in (parsed.published_span, parsed.dateline_span):
        if span:
            spans.append((span.start, span.end))
    return spans


def _status_from_tense(text: str, cue_start: int, clause: tuple[int, int] | None = None) -> str:
    """Planned or held, from tense words near the cue (the nearer one wins); with none
    near it, from the tense of the clause's main verb ("the talks between A and B on
    Friday will also deal with ..."); with none there either, held."""
    window = text[max(0, cue_start - 80) : cue_start + 40]
    anchor = min(cue_start, 80)
    future = [abs(m.start() - anchor) for m in FUTURE.finditer(window)]
    past = [abs(m.start() - anchor) for m in PAST.finditer(window)]
    if not future and not past and clause is not None:
        window = text[clause[0] : clause[1]]
        anchor = cue_start - clause[0]
        future = [abs(m.start() - anchor) for m in FUTURE.finditer(window)]
        past = [abs(m.start() - anchor) for m in PAST.finditer(window)]
    if future and (not past or min(future) < min(past)):
        return STATUS.planned
    return STATUS.held


def _cues(sentence: str) -> list[tuple[int, int, str | None, str]]:
    return [
        (
            match.start(),
            match.end(),
            *_CUE_MEANING[_CUE_BY_PART.match(sentence, match.start()).lastgroup],
        )
        for match in CUE.finditer(sentence)
    ]


def _clauses(text: str) -> list[tuple[int, int]]:
    """Clause boundaries: relative clauses, semicolons, dashes, contrastive "but"."""
    bounds, start = [], 0
    opening = OPENING_ADJUNCT.match(text)
    if opening:
        bounds.append((0, len(text[: opening.end()].rstrip(", \t"))))
        start = opening.end()
    for match in CLAUSE_BREAK.finditer(text, start):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def _countries(participants: list[str], context: PeopleContext) -> set[str]:
    return {_country_of(p, context) for p in participants}


def _country_of(person_id: str, context: PeopleContext) -> str:
    person = context.person(person_id)
    office = person.office_on(context.day, presumed=True)
    return office.country if office else person.country


def _role_of(person_id: str, context: PeopleContext) -> str:
    office = context.person(person_id).office_on(context.day, presumed=True)
    # On a known day, someone out of office ("Macron's predecessor") holds no role.
    return office.role if office else "other"


def _kind(claim: _Claim, context: PeopleContext) -> str:
    text = claim.sentence.text
    clause = text[claim.clause[0] : claim.clause[1]]
    words = text[claim.scope[0] : claim.scope[1]] if claim.scope else clause
    if VIDEO.search(words) or claim.kind_hint == KIND.video_call:
        return KIND.video_call
    if claim.kind_hint == KIND.phone_call or PHONE.search(words):
        return KIND.phone_call
    if claim.kind_hint == KIND.multilateral:
        return KIND.multilateral  # "co-hosted a ministerial"
    if SIDELINES.search(clause):
        return KIND.sidelines
    roles = [_role_of(p, context) for p in claim.participants]
    heads = [r in HEADS for r in roles]
    if MULTILATERAL_EVENT.search(clause):
        return KIND.sidelines if len(claim.participants) == 2 else KIND.multilateral
    if len(_countries(claim.participants, context)) >= 3:
        return KIND.multilateral  # a trilateral: one encounter of three countries or more
    if all(heads):
        return KIND.summit
    if any(heads):
        return KIND.visit
    return KIND.talks


def _bilaterals(
    subjects: list[Mention], objects: list[Mention], words: str, context: PeopleContext
) -> list[list[str]]:
    """Separate encounters a sentence lists: "X will meet with A, B, and C" (one
    person meeting people of several other countries) is a meeting with each;
    "X and Y ... talks with their counterparts, A and B" pairs them by office. A call,
    or words that put them together ("trilateral", "jointly", "a working lunch"), keep
    one encounter (empty result)."""
    if TOGETHER.search(words) or PHONE.search(words) or VIDEO.search(words):
        return []
    subject_ids = list(dict.fromkeys(m.person_id for m in subjects))
    object_ids = [p for p in dict.fromkeys(m.person_id for m in objects) if p not in subject_ids]
    if len(subject_ids) == 1 and len(object_ids) >= 2:
        own = _country_of(subject_ids[0], context)
        countries = [_country_of(p, context) for p in object_ids]
        if own not in countries and len(set(countries)) == len(countries):
            return [sorted([subject_ids[0], p]) for p in object_ids]
    if len(subject_ids) >= 2 and len(subject_ids) == len(object_ids) and COUNTERPARTS.search(words):
        roles = {p: _role_of(p, context) for p in subject_ids + object_ids}
        pairs = []
        for p in subject_ids:
            same = [q for q in object_ids if roles[q] == roles[p]]
            if len(same) != 1:
                return []
            pairs.append(sorted([p, same[0]]))
        if len({q for pair in pairs for q in pair}) == 2 * len(subject_ids):
            return pairs
    return []


def _split_pairs(
    participants: list[str], context: PeopleContext, subjects: Iterable[str] = ()
) -> list[list[str]]:
    """One visitor meeting several officials of one host country: one encounter each.

    ("Pompeo is to meet Putin and Lavrov" -> Pompeo-Putin, Pompeo-Lavrov.) Scoring
    looks at pairs, and separate encounters merge cleanly across articles. Joint
    subjects ("Austin and Blinken met with Zelenskyy": the larger side all among the
    `subjects`, the one person not) went together: one encounter of all of them.
    """
    by_country: dict[str, list[str]] = {}
    for person_id in participants:
        by_country.setdefault(_country_of(person_id, context), []).append(person_id)
    if len(by_country) == 2:
        sides = sorted(by_country.values(), key=len)
        subjects = set(subjects)
        joint = set(sides[1]) <= subjects and sides[0][0] not in subjects
        if len(sides[0]) == 1 and len(sides[1]) > 1 and not joint:
            return [sorted([sides[0][0], other]) for other in sides[1]]
    return [sorted(participants)]


def _prescan_names(parsed: ParsedArticle, context: PeopleContext) -> None:
    """People the article names in full anywhere: role phrases may refer to them."""
    text = parsed.article.text
    for segment in parsed.segments:
        if segment.kind not in ("body", "caption", "headline"):
            continue
        for match in context.scan(
            context.reference.name_gazetteer,
            text[segment.start : segment.end],
            segment.start,
            multi=True,
        ):
            full = [pid for pid, how in match.value if how == "name"]
            if len(set(full)) == 1:
                context.named.append(full[0])


def resolve_date(
    expression: DateExpression, context: PeopleContext, past: bool
) -> DateInterval | None:
    """Resolve against the article's day; with only a range of days, resolve when every
    day of the range gives the same answer ("December 10" said sometime in late 2019)."""
    if context.day is not None or context.day_range is None:
        return resolve_in_tense(expression, context.day, past)
    span = context.day_range
    if span.days > 400:
        return resolve_in_tense(expression, None, past)
    first = resolve_in_tense(expression, span.start, past)
    for i in range(1, span.days):
        if resolve_in_tense(expression, span.start + dt.timedelta(days=i), past) != first:
            return None  # two days of the range read it differently: no answer
    return first


def extract_claims(
    parsed: ParsedArticle,
    reference: Reference,
    day: dt.date | None,
    day_range: DateInterval | None = None,
    annotated: AnnotatedArticle | None = None,
) -> tuple[list[MeetingClaim], PeopleContext, list[str]]:
    """The meeting claims of one article, one per encounter it speaks of (`annotated`:
    the article's annotations, when the caller has them)."""
    annotated = annotated or annotate(parsed, reference)
    index = annotated.index
    article_dates = annotated.dates
    context = PeopleContext(reference, day, day_range=day_range, index=index)
    context.principals = issuer_principals(parsed, reference)
    context.own_offices = issuer_own_offices(parsed, reference)
    _prescan_names(parsed, context)
    sentences = annotated.sentences
    masked = _masked_spans(parsed)
    raw: list[_Claim] = []
    previous_people: list[Mention] = []
    antecedents: list[Mention] = []  # whom a "he" or "she" may be (previous_people, or nobody)
    frames: list[_Frame] = []  # trips and presence: where and when someone is
    breaks: list[int] = []  # sentences that move on: "then flew to", "the next day"
    # The one day of the latest dated encounter or journey, and its paragraph.
    last_day: tuple[DateInterval, int] | None = None
    cited: list[str] = []
    body = [s for s in sentences if s.kind == "body"]
    captions = [s for s in sentences if s.kind == "caption"]
    speaker: str | None = None  # the speaker of the transcript's current turn
    asking = False  # the current turn is a journalist's ("QUESTION:")
    asked: set[int] = set()  # the claims of journalists' turns
    for sentence in body:
        text = sentence.text
        label = SPEAKER_LABEL.match(text)
        if label:
            speaker = _speaker_of_turn(label.group("label"), context)
            asking = label.group("label") in QUESTION_LABELS
        # "She ... her Bulgarian counterpart, X": "her" is whom "she" is (_add_he_or_she).
        context.pronoun_referent = previous_people[0].person_id if previous_people else None
        context.follow_up_country = _follow_up_country(sentence, raw, reference)
        # The label says who speaks, not who met: people are read after it only, so that
        # "SECRETARY GENERAL STOLTENBERG:" makes no uppercase person of its own.
        after_label = label.end() if label else 0
        mentions = find_people(text[after_label:], sentence.start + after_label, context)
        context.pronoun_referent = context.follow_up_country = None
        if speaker is not None:
            _add_speaker(sentence, mentions, speaker)
        unknown_antecedent = _add_he_or_she(sentence, mentions, antecedents)
        _add_they(sentence, mentions, previous_people, raw, context)
        for m in mentions:
            if m.by in ("name", "short_name", "role") and SPOKE.match(
                text[m.end - sentence.start :]
            ):
                cited.append(m.person_id)
        dates = _sentence_dates(sentence, article_dates, masked)
        places = find_places(text, sentence.start, reference, index)
        frame = _frame(sentence, mentions, dates, places, context)
        if frame:
            frames.append(frame)
        folded = sentence.folded
        if (raw or frames) and BREAK_GATE.may_match(text, folded) and BREAK.search(text):
            breaks.append(sentence.start)
        if mentions:
            previous_people = mentions
        if unknown_antecedent or (
            not mentions
            and UNNAMED_OFFICIAL_GATE.may_match(text, folded)
            and UNNAMED_OFFICIAL.search(text)
        ):
            # "As you know, the NATO secretary general was here yesterday. He and ...":
            # the next "he" is the official of this sentence, whom nobody names.
            antecedents = []
        elif mentions:
            antecedents = mentions
        found = _claims_in_sentence(sentence, mentions, dates, places, context)
        if asking:
            asked.update(id(claim) for claim in found)
        if (
            raw
            and raw[-1].dates
            and SAME_DAY_GATE.may_match(text, folded)
            and SAME_DAY.search(text)
        ):
            # "Earlier in the day ...": the day of the encounter reported just before.
            for claim in found:
                if not any(resolved for _, resolved in claim.dates):
                    claim.dates = raw[-1].dates
        counted = DAYS_LATER.search(text) if "day" in folded else None
        if counted and last_day and 0 <= sentence.paragraph - last_day[1] <= 1:
            for claim in found:
                if not _has_date(claim):
                    claim.dates = [_days_later(counted, last_day[0])]
        day = _last_day(found, frame)
        if day is not False:
            last_day = (day, sentence.paragraph) if day else None
        if not found and raw:
            _cancelled_by_anaphor(sentence, dates, raw, context)
        if not found and raw and (dates or places):
            _date_by_anaphor(sentence, dates, places, raw, context)
        if not found and raw and not asking and mentions:
            _join_earlier(sentence, mentions, raw)
        raw += found

    _inherit_setting(raw, frames, breaks)
    # A journalist's question that alludes to an encounter with no date even from its
    # setting ("your conversation with Lavrov") reports nothing of its own: it would be
    # an undated copy of the encounter the answers or the readouts tell.
    raw = [c for c in raw if id(c) not in asked or _has_date(c)]
    raw += _headline_claims(parsed, raw, body, context, masked, article_dates, index)
    claims = [_finish(c, captions, context, parsed) for c in raw]
    return _merge_within_article(claims), context, list(dict.fromkeys(cited))


def _days_later(counted: re.Match, day: DateInterval) -> tuple[DateExpression, DateInterval]:
    """The day "the next day" (or "two days later", "the previous day") names, counted
    from `day`, with the words as its expression.

    >>> import datetime as dt
    >>> match = DAYS_LATER.search("He met Wang two days later.")
    >>> _days_later(match, DateInterval(dt.date(2023, 6, 18), dt.date(2023, 6, 18)))[1]
    DateInterval(start=datetime.date(2023, 6, 20), end=datetime.date(2023, 6, 20))
    """
    count = COUNT_WORDS[counted.group("n").lower()] if counted.group("n") else 1
    shift = dt.timedelta(days=-count if counted.group("before") else count)
    expression = DateExpression(counted.start(), counted.end(), counted.group(0), "", {})
    return expression, DateInterval(day.start + shift, day.end + shift)


def _last_day(found: list[_Claim], frame: _Frame | None) -> DateInterval | None | bool:
    """The date of a sentence's latest dated encounter (else journey) when it is one day,
    None when it is longer (no day to count from), False when the sentence dates none."""
    for dates in [*(c.dates for c in reversed(found)), frame.dates if frame else []]:
        day = next((d for _, d in dates if d is not None), None)
        if day is not None:
            return day if day.start == day.end else None
    return False


def _follow_up_country(sentence: Sentence, raw: list[_Claim], reference: Reference) -> str | None:
    """The country of the paragraph's latest encounter when `sentence` follows it up with
    no place of its own ("... met President Duda in Warsaw. The Vice President also met
    with Prime Minister Mateusz Morawiecki."): where an uncountried minister met is."""
    if not raw or raw[-1].sentence.paragraph != sentence.paragraph or not raw[-1].places:
        return None
    if not FOLLOW_UP.search(sentence.text) or BREAK.search(sentence.text):
        return None
    place = _best_place(raw[-1].places)
    return place.code if place.is_country else reference.places[place.code].country


def _speaker_of_turn(label: str, context: PeopleContext) -> str | None:
    """The person a transcript's speaker label names ("SECRETARY BLINKEN", "FOREIGN
    MINISTER KULEBA"), read in title case; None for "QUESTION", "MODERATOR" or a label
    naming nobody (or several) the reference knows. Only looked up: a label naming
    someone the article has not introduced ("SECRETARY GENERAL OKONKWO") makes nobody,
    since a label gives no country."""
    words = " ".join(w.capitalize() for w in label.split())
    lookup = replace(
        context,
        named=list(context.named),
        extra_people=dict(context.extra_people),
        extra_quotes=dict(context.extra_quotes),
    )
    found = {m.person_id for m in find_people(words, 0, lookup)}
    known = {p for p in found if p in context.reference.people or p in context.extra_people}
    return known.pop() if len(found) == 1 and known else None


def _add_speaker(sentence: Sentence, mentions: list[Mention], speaker: str) -> None:
    """In a transcript's turn ("SECRETARY BLINKEN: ... when I met with Foreign Minister
    X"), the sentence's first "I" is the turn's speaker (added to `mentions`)."""
    if any(m.person_id == speaker for m in mentions):
        return
    added = False
    for found in FIRST_PERSON.finditer(sentence.text):
        # Only "I" as the one who meets: "I spoke again with ...", "when I met with ...",
        # "the minister and I spoke"; not "as I said, A met B". Each such "I" is one.
        if CUE.match(sentence.text, found.end()):
            at = sentence.start + found.start()
            mentions.append(Mention(speaker, at, at + 1, "pronoun"))
            added = True
    if added:
        mentions.sort(key=lambda m: m.start)


def _add_he_or_she(
    sentence: Sentence, mentions: list[Mention], previous_people: list[Mention]
) -> bool:
    """ "... he will discuss": a "he" or "she" before any name of the sentence is the
    first person of the previous sentence that named anyone (added to `mentions`); after
    only one person's possessive ("Blinken's trip ..., where he will meet"), that person.
    An official named by office alone before it ("speaking of the deputy, she ...") is
    its antecedent, someone unknown: nobody is added, and True says so."""
    pronoun = HE_OR_SHE.search(sentence.text)
    if not pronoun:
        return False
    before = [m for m in mentions if m.start - sentence.start < pronoun.start("p")]
    owners = {m.person_id for m in before}
    if len(owners) == 1 and all(
        POSSESSIVE.match(sentence.text[m.end - sentence.start :]) for m in before
    ):
        # "The Secretary's trip will culminate in Algiers, where he will meet ...": the
        # owner of the trip is the "he", a participant though the possessive is not.
        at = sentence.start + pronoun.start("p")
        mentions.append(Mention(owners.pop(), at, at + len(pronoun.group("p")), "pronoun"))
        mentions.sort(key=lambda m: m.start)
        return False
    if before:
        return False
    if UNNAMED_OFFICIAL_GATE.may_match(sentence.text, sentence.folded) and UNNAMED_OFFICIAL.search(
        sentence.text, 0, pronoun.start("p")
    ):
        return True
    if previous_people:
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
    return False


def _add_they(
    sentence: Sentence,
    mentions: list[Mention],
    previous_people: list[Mention],
    raw: list[_Claim],
    context: PeopleContext,
) -> None:
    """ "They" or "the two leaders" in a sentence naming fewer than two people: the people
    of the previous sentence, or of the latest encounter of the paragraph (`raw`, the
    claims so far) when they took part in it; added to `mentions` when they are of at
    least two countries."""
    if not previous_people:  # (tested first: the search is the dearer part)
        return
    they = THEY_GATE.may_match(sentence.text, sentence.folded) and THEY.search(sentence.text)
    if not they:
        return
    pair = re.search(r"\b(?:two|both|pair)\b", they.group("p"), re.IGNORECASE) is not None
    if len({m.person_id for m in mentions}) >= 2 and not (
        # "The two foreign ministers will meet again in April, when Obama and Medvedev
        # ...": a pair named first, before the sentence's own people.
        pair and all(m.start - sentence.start > they.start("p") for m in mentions)
    ):
        return
    ids = list(dict.fromkeys(m.person_id for m in previous_people))
    latest = raw[-1] if raw and raw[-1].sentence.paragraph == sentence.paragraph else None
    if raw and latest is None and they.group("p").lower() != "they":
        # "the two leaders" names a pair: the latest encounter of the people named.
        if set(ids) <= set(raw[-1].participants):
            latest = raw[-1]
    if latest and (set(ids) <= set(latest.participants) or len(_countries(ids, context)) < 2):
        # "They" after a claim of the same paragraph: the people of that encounter
        # ("A held a videoconference with B, C and D. B and C ... They agreed").
        ids = list(latest.participants)
    if len(ids) != 2 and pair:
        return  # "the two", "both men", "the pair" are two people, not the sentence's three
    if len(_countries(ids, context)) >= 2:
        present = {x.person_id for x in mentions}
        for person_id in ids:
            if person_id not in present:
                mentions.append(
                    Mention(
                        person_id,
                        sentence.start + they.start("p"),
                        sentence.start + they.end("p"),
                        "pronoun",
                    )
                )
        mentions.sort(key=lambda m: m.start)


def _sentence_dates(
    sentence: Sentence, article_dates: DateIndex, masked: list[tuple[int, int]]
) -> list[DateExpression]:
    """The date expressions of a sentence that can date a meeting: none of the article's
    own (`masked`: its publication date, its dateline) and none right after a speech verb
    ("said on Monday" dates the saying)."""
    text = sentence.text
    return [
        e
        for e in article_dates.within(sentence.start, sentence.end)
        if not any(a <= sentence.start + e.start < b for a, b in masked)
        and not SPEECH_BEFORE_DATE.search(text[max(0, e.start - 40) : e.start])
    ]


def _headline_claims(
    parsed: ParsedArticle,
    raw: list[_Claim],
    body: list[Sentence],
    context: PeopleContext,
    masked: list[tuple[int, int]],
    article_dates: DateIndex,
    index: TextIndex,
) -> list[_Claim]:
    """A readout's headline states the meeting its body describes.

    "Secretary X's Call with Foreign Minister Y" makes the body's first claim of X
    (or Y) a call; "X Meets With Y in Tokyo", "X and Y Before Their Meeting" state
    a held meeting of X and Y, which the body's sentences date (the first one naming
    either of them with a date) when no body claim already states it.
    """
    span = parsed.title_span
    readout = HEADLINE_READOUT.search(parsed.title) if span else None
    if span is None or readout is None:
        return []
    title = parsed.article.text[span.start : span.end]
    # "Sherman's Meeting with Special Assistant to the Prime Minister of Pakistan, X": the
    # Prime Minister only places X (a relational mention), as in the body.
    people = list(
        dict.fromkeys(
            m.person_id for m in find_people(title, span.start, context) if not m.relational
        )
    )
    if not people:
        return []
    kind = ""
    if HEADLINE_CALL.search(readout.group(0)):
        kind = KIND.video_call if VIDEO.search(readout.group(0)) else KIND.phone_call
    headline_people = set(people)
    first = next((c.sentence.start for c in raw if headline_people & set(c.participants)), None)
    described = [
        c for c in raw if c.sentence.start == first and headline_people & set(c.participants)
    ]
    if described:
        if len(described) > 1 and HEADLINE_GROUP.search(title):
            # "Secretary X's Trilateral Meeting with A and B": the body's "met with A and
            # B" is one encounter of all of them, not a meeting with each.
            group = sorted({p for c in described for p in c.participants})
            described[0].participants = group
            for claim in described[1:]:
                raw.remove(claim)
            described = described[:1]
        _headline_describes(described, kind, title, context)
        return []
    if len(people) < 2 or len(_countries(people, context)) < 2:
        return []
    status = STATUS.planned if FUTURE.search(title) else STATUS.held
    dates = _headline_dates(title, status, body, headline_people, context, masked, article_dates)
    places = [] if kind else find_places(title, span.start, context.reference, index)
    if not kind and not places:
        places, sidelines = _headline_setting(parsed, title, body, headline_people, context, index)
        kind = KIND.sidelines if sidelines else kind
    sentence = Sentence(span.start, span.end, title, -1, "headline")
    return [
        _Claim(
            sorted(participants),
            status,
            kind,
            sentence,
            (0, len(title)),
            dates,
            places,
            span.start + readout.start(),
        )
        for participants in _split_pairs(people, context)
    ]


# "Washington, D.C." or "Melbourne, Australia": a header line of remarks naming where
# they were given (a place name, and at most a state or country after a comma).
HEADER_PLACE_REST = re.compile(r"(?:,?\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)?)?\.?")
# "so glad to have you here in Berlaymont", "welcome to Chisinau": the speaker's venue.
HERE_IN = re.compile(
    r"\b(?:here\s+(?:in|at|to)|welcome(?:d)?\s+(?:you\s+)?to)\s+(?:the\s+)?$", re.I
)


# A sentence cut after an honorific or title's full stop ("H.E.", "Amb.", "Dr.").
TITLE_AT_END = re.compile(r"(?:\b[A-Z]\.[A-Z]\.|\b(?:Amb|Dr|Hon|Gen|Sen|Rep|Mr|Ms|Mrs)\.)$")


def _headline_setting(
    parsed: ParsedArticle,
    title: str,
    body: list[Sentence],
    headline_people: set[str],
    context: PeopleContext,
    index: TextIndex,
) -> tuple[list[tuple[Location, Span]], bool]:
    """Where a meeting only the headline states took place, and whether on the sidelines.

    Remarks "Before Their Meeting" were given at the meeting: a header line naming a
    place ("Washington, D.C.", "Melbourne, Australia") under the headline, else a "here
    in <Place>" or "welcome to <Place>" of the opening remarks. A readout's opening
    sentence about the headline's people that states a meeting ("met today in Washington
    with ... on the margins of ...") gives its place (and the sidelines)."""
    reference = context.reference
    if BEFORE_THEIR_MEETING.search(title):
        text = parsed.article.text
        end = parsed.title_span.end if parsed.title_span else 0
        for segment in parsed.segments:
            line = text[segment.start : segment.end]
            if segment.start < end or len(line.split()) > 5:
                if segment.start >= end and segment.kind == "body" and len(line.split()) > 5:
                    break  # the remarks begin
                continue
            first = next(iter(reference.place_gazetteer.find(line)), None)
            if first and first.start == 0 and HEADER_PLACE_REST.fullmatch(line, first.end):
                where = Span(segment.start, segment.start + first.end, line[: first.end])
                return [(Location.place(first.value), where)], False
        for sentence in body[:4]:
            for place, where in find_places(sentence.text, sentence.start, reference, index):
                before = sentence.text[
                    max(0, where.start - sentence.start - 30) : where.start - sentence.start
                ]
                if not place.is_country and HERE_IN.search(before):
                    return [(place, where)], False
        return [], False
    opening = body[:6]
    for i, sentence in enumerate(opening):
        named = {m.person_id for m in find_people(sentence.text, sentence.start, context)}
        if not named & headline_people or not CUE.search(sentence.text):
            continue
        if PHONE.search(sentence.text) or VIDEO.search(sentence.text):
            return [], False
        places = find_places(sentence.text, sentence.start, reference, index)
        words = sentence.text
        if i + 1 < len(opening) and TITLE_AT_END.search(words):
            # "... the Secretary General of the OIC, H.E. Hissein Brahim Taha, on the margins
            # of ...": the honorific's full stop cut the sentence, whose end is the next one.
            words += " " + opening[i + 1].text
        return places, bool(SIDELINES.search(words))
    return [], False


def _headline_describes(
    described: list[_Claim], kind: str, title: str, context: PeopleContext
) -> None:
    """The body's first sentence about the headline's people describes the headline's
    meeting: it takes the headline's kind (a call), and a "Readout of ..." reports it on
    the day the readout is issued when the body gives no day."""
    readout_day = bool(READOUT_TITLE.match(title)) and context.day is not None
    for claim in described:
        if kind:
            claim.kind_hint = kind
        if readout_day and claim.status == STATUS.held and not _has_date(claim):
            claim.dates = [
                (DateExpression(0, 0, "", "", {}), DateInterval(context.day, context.day))
            ]


def _headline_dates(
    title: str,
    status: str,
    body: list[Sentence],
    headline_people: set[str],
    context: PeopleContext,
    masked: list[tuple[int, int]],
    article_dates: DateIndex,
) -> list[tuple[DateExpression, DateInterval | None]]:
    """The date of a meeting only the headline states: the day of the remarks "Before
    Their Meeting", else the first date of the first of the body's opening sentences
    that names one of the headline's people."""
    if BEFORE_THEIR_MEETING.search(title) and context.day is not None:
        # Remarks before (or after) their meeting: the meeting is on the day of the remarks.
        return [(DateExpression(0, 0, "", "", {}), DateInterval(context.day, context.day))]
    for sentence in body[:6]:  # the readout's opening sentences
        if not any(
            m.person_id in headline_people
            for m in find_people(sentence.text, sentence.start, context)
        ):
            continue
        found = [
            e
            for e in article_dates.within(sentence.start, sentence.end)
            if not any(a <= sentence.start + e.start < b for a, b in masked)
        ]
        if found:
            return [(e, resolve_date(e, context, status == STATUS.held)) for e in found[:1]]
    return []


# The subject right before a cue is a group nobody names (cues.json "unnamed_groups").
UNNAMED_GROUP_BEFORE = re.compile(
    r"(?<!\btwo )(?<!\bboth )\b" + _words("unnamed_groups") + r"\s+(?:(?:would|will|should|could|"
    r"may|might|are to|were to|plan to|are due to|are expected to)\s+)?(?:also\s+)?$",
    re.IGNORECASE,
)
# The lower-case words that may stand between "welcomed" and its guest: "welcomed the
# visiting Foreign Minister", "welcomed back his counterpart", "a delegation led by".
GUEST_WORDS = frozenset(_CUE_WORDS["guest_words"])  # cues.json "guest_words"
# The title words before a name ("the Russian Foreign Minister ").
_TITLE_RUN = r"(?:(?:the|his|her|(?-i:[A-Z])[\w.’'-]*)\s+)*"
# Between two people who are one subject: "Kerry and Lavrov", "Kerry, Lavrov and Wang".
ADJUNCT_BEFORE_SPEAKER = re.compile(
    r"\s*(?:[\w-]+\s+){0,4}?(?:after|following|before|ahead of)\b[^,;]*,\s*"
    r"(?:(?:the|of|(?-i:[A-Z])[\w.’'-]*)\s+)*$",
    re.IGNORECASE,
)
JOINT_SUBJECTS = re.compile(r"\s*(?:(?:,\s*)?and\s+|,\s+)" + _TITLE_RUN, re.IGNORECASE)
# What may stand between "told" and the person told: "told Russian President Putin".
LISTENER_TITLE = re.compile(r"\s*" + _TITLE_RUN)


def _without_speakers(text: str, offset: int, mentions: list[Mention]) -> list[Mention]:
    """Whoever "told reporters" or "said" speaks about the meeting, not at it."""
    speakers = set()
    for m in mentions:
        spoke = SPOKE.match(text[m.end - offset :]) if m.by != "pronoun" else None
        if spoke is None:
            continue
        if any(
            n.end <= m.start and JOINT_SUBJECTS.fullmatch(text, n.end - offset, m.start - offset)
            for n in mentions
        ):
            continue  # "Kerry and Lavrov announced a plan after talks": they spoke together
        if ADJUNCT_BEFORE_SPEAKER.match(text, 0, m.start - offset):
            # "Speaking after talks with Wang Yi in Beijing, Blinken said ...": the
            # opening adjunct's talks are the speaker's own.
            continue
        after = m.end + spoke.end()
        listener = any(
            n.start >= after and LISTENER_TITLE.fullmatch(text, after - offset, n.start - offset)
            for n in mentions
        )
        if spoke.group(0).lower().rstrip().endswith(("told", "tells", "warned")) and listener:
            # "the secretary told Lavrov in a phone conversation", "Biden warned Putin ...
            # during a video call": both took part.
            continue
        # "he", "his" only up to the next person named (in "X said that Y in his call with
        # Z", "his" is Y's); an object "him"/"her" anywhere ("X said Y would meet him").
        following = [n.start for n in mentions if n.start >= after]
        until = min(following) - offset if following else len(text)
        if re.search(
            r"\b(?:he|she|his|himself|herself)\b|"
            r"^\s*(?:plans?|intends?|intention|readiness)\s+to\b",
            text[after - offset : until],
            re.IGNORECASE,
        ) or re.search(r"\b(?:him|her)\b", text[after - offset :], re.IGNORECASE):
            continue  # "Pompeo said ... his meeting with Lavrov": he speaks of his own meeting
        speakers.add(m.person_id)
    return [m for m in mentions if m.person_id not in speakers]


def _qualifies_a_noun(text: str, offset: int, m: Mention) -> bool:
    """ "an aide of X", "the Bush administration", "Putin's war": the name qualifies a
    noun; "X's talks" or "X's visit" keeps X."""
    if m.by != "counterpart" and OWNER_OF.search(
        text[max(0, m.start - offset - 80) : m.start - offset]
    ):
        return True
    after = text[m.end - offset :]
    if NAME_AS_MODIFIER.match(after):
        return True
    return bool(POSSESSIVE.match(after)) and not POSSESSED_MEETING.match(after)


def _sharper_first(resolved: list[tuple[DateExpression, DateInterval | None]]) -> None:
    """ "in April of this year": of two adjacent expressions, the sharper one first."""
    if len(resolved) > 1 and resolved[0][1] is not None:
        first, interval = resolved[0]
        for other, other_interval in resolved[1:]:
            adjacent = -1 <= other.start - first.end <= 4 or -1 <= first.start - other.end <= 4
            if (
                adjacent
                and other_interval is not None
                and other_interval.days < interval.days
                and interval.intersection(other_interval) == other_interval
            ):
                resolved.remove((other, other_interval))
                resolved.insert(0, (other, other_interval))
                break


def _one_per_occasion(claims: list[_Claim]) -> list[_Claim]:
    """Several cues about one group in one sentence are one claim, the first, when they
    agree on status, call or not, and date; "spoke by phone on Monday and agreed to
    meet next week" is a held call and a planned meeting."""
    unique: list[_Claim] = []
    for claim in claims:
        if unique and _status_cue_of(unique[-1], claim):
            # "are expected to hold a video call": one claim, of the cue with the words.
            claim.dates = claim.dates or unique[-1].dates
            unique[-1] = claim
            continue
        same = next((u for u in unique if _same_occasion(u, claim)), None)
        if same is None:
            unique.append(claim)
            continue
        if not same.dates and claim.dates:
            same.dates = claim.dates
        if not same.places and claim.places:
            # "greeted Blinken ... before their talks in Geneva": the occasion's place.
            same.places = claim.places
    return unique


# A verb of discussing shortly before a meeting noun: the meeting is what was discussed.
DISCUSSED_BEFORE = re.compile(
    r"\b(?:discuss|discussed|discusses|discussing|talked about|reviewed)\b[^,;.]{0,40}$",
    re.IGNORECASE,
)


def _cue_status(
    text: str,
    status: str | None,
    cue: tuple[int, int],
    clause: tuple[int, int],
    cancelled_at: int | None,
    planned_anyway: bool,
    earlier: str | None,
) -> tuple[str, bool]:
    """The status of the meeting a cue states, and whether the clause's dates are its.

    `status` is the cue's own (None: read from the tense); `cancelled_at` a cancelling
    cue in the clause; `planned_anyway` an invitation to a dated occasion or a line of
    the day's schedule; `earlier` the status of the clause's previous claim.
    """
    start, end = cue
    in_clause_dates = True
    if POSTPONED.search(text[clause[0] : clause[1]]):
        # Postponed: still to come, but the date it had no longer holds.
        status, in_clause_dates = STATUS.planned, False
    if cancelled_at is not None and not NEGATION.search(
        text[max(clause[0], cancelled_at - 40) : cancelled_at]
    ):
        # "The summit between A and B planned for May 2 was called off."
        status = STATUS.cancelled
    if planned_anyway:
        status = STATUS.planned  # invited to a dated occasion, or on the day's schedule
    elif (
        status == STATUS.planned
        and text[start:end].lower().startswith("to ")
        and PAST_JOURNEY.search(text[clause[0] : start])
        and not FUTURE.search(text[clause[0] : start])
    ):
        status = STATUS.held  # "flew to Ankara on Monday to meet Y"
    readout = READOUT_OF.search(text[clause[0] : start])
    if (
        readout
        and status != STATUS.cancelled
        and cancelled_at is None
        and not READOUT_TO_COME.search(text[clause[0] : clause[0] + readout.start() + 7])
    ):
        status = STATUS.held  # "we issued a readout of the call between X and Y": it happened
    if status is None and PRESENT_FOR.search(text[clause[0] : start]):
        status = STATUS.planned  # "X is in Washington for talks with Y": under way or ahead
    if status is None:
        # "is expected to be received by A and hold talks with B": "hold" is planned too.
        status = earlier or _status_from_tense(text, start, clause)
    return status, in_clause_dates


def _cue_dates(
    dates: list[DateExpression],
    clause: tuple[int, int],
    single_clause: bool,
    scope: tuple[int, int],
    cue: tuple[int, int],
    context: PeopleContext,
    *,
    past: bool,
    own_dates: bool,
    schedule: bool,
    text: str = "",
) -> list[tuple[DateExpression, DateInterval | None]]:
    """The dates of the meeting a cue states, best first: the clause's (every date of a
    one-clause sentence), inside the cue's own words first, then the nearest; none when
    the clause's dates no longer hold (`own_dates` False); a schedule line's day. A date
    before "and then" dates the step before it ("is embarking today on a trip ... and
    then meeting with Y"), not the cue after it."""
    start, end = cue
    in_clause = [e for e in dates if clause[0] <= e.start < clause[1]] or (
        dates if single_clause else []
    )
    if text and "since" in text:
        # "the first contact between the two since the conflict escalated in February
        # 2022": a date after "since" starts a period, it is not the meeting's.
        in_clause = [e for e in in_clause if e.start < end or not SINCE.search(text, end, e.start)]
    if text and "then" in text:
        in_clause = [
            e for e in in_clause if e.start > start or not AND_THEN.search(text, e.end, start)
        ]
    in_clause = sorted(
        in_clause,
        key=lambda e: (
            not scope[0] <= e.start < scope[1],
            abs(e.start - start) if e.start < start else e.start - end,
        ),
    )
    resolved = [(e, resolve_date(e, context, past)) for e in in_clause] if own_dates else []
    _sharper_first(resolved)
    if schedule and not resolved and context.day is not None:
        resolved = [(DateExpression(0, 0, "", "", {}), DateInterval(context.day, context.day))]
    return resolved


def _denied(text: str, clause: tuple[int, int], start: int, end: int) -> bool:
    """The cue at text[start:end] is negated ("did not meet"), said not to be planned or
    under consideration, or speculated about."""
    if NEGATION.search(text[max(clause[0], start - 40) : start]):
        return True
    if NOT_PLANNED.match(text, end, clause[1]) or UNDER_CONSIDERATION.match(text, end, clause[1]):
        return True
    return bool(SPECULATION.search(text[max(clause[0], start - 80) : start]))


def _hosts_a_guest(text: str, offset: int, end: int, objects: list[Mention]) -> bool:
    """ "hosted/received/welcomed <guest>": the guest follows the verb (ending at `end`),
    and "welcomed Blinken's travel" welcomes no one."""
    first = objects[0] if objects else None
    if first is None or not _names_next(text, end, first.start - offset):
        return False
    if any(
        word not in GUEST_WORDS
        for word in re.findall(r"\b(?-i:[a-z])[\w-]*", text[end : first.start - offset])
    ):
        return False  # "welcomed the national dialogue President Duque has convened"
    guests = [first]
    for m in objects[1:]:
        gap = text[guests[-1].end - offset : m.start - offset]
        if not (CHAIN_GAP.match(gap) and re.search(r",|\band\b", gap)):
            break
        guests.append(m)
    return not any(POSSESSIVE.match(text[m.end - offset :]) for m in guests)


def _clause_of(clauses: list[tuple[int, int]], position: int) -> tuple[int, int]:
    return next((c for c in clauses if c[0] <= position < c[1]), clauses[-1])


def _main_subjects(
    text: str,
    offset: int,
    mentions: list[Mention],
    cues: list[tuple[int, int, str | None, str]],
    clauses: list[tuple[int, int]],
) -> list[Mention]:
    """The people named before the first cue of the main clause: the subjects of a
    clause that names none ("After talks with Lavrov, Blinken will ...": the main
    clause follows the opening adjunct)."""
    if OPENING_ADJUNCT.match(text) and len(clauses) > 1:
        main_clause = clauses[1]
        first_cue = next((c[0] for c in cues if c[0] >= main_clause[0]), main_clause[1])
        return [m for m in mentions if main_clause[0] <= m.start - offset < first_cue]
    return [
        m
        for m in mentions
        if m.start - offset < cues[0][0] and _clause_of(clauses, m.start - offset) == clauses[0]
    ]


@dataclass(frozen=True)
class _SentenceReading:
    """One sentence that may report a meeting, read once for all of its cues: the people
    it names, its dates and places, its cues (start, end, status, kind hint) and clauses
    (offsets within the sentence text)."""

    sentence: Sentence
    mentions: list[Mention]
    dates: list[DateExpression]
    places: list[tuple[Location, Span]]
    cues: list[tuple[int, int, str | None, str]]
    clauses: list[tuple[int, int]]
    invitation_at: int  # where an invitation is made; the sentence's length when none is
    schedule: bool  # a line of a schedule ("10:00 a.m. Meeting with ...")
    main_subjects: list[Mention]

    @property
    def text(self) -> str:
        return self.sentence.text

    @property
    def offset(self) -> int:
        return self.sentence.start

    def clause_of(self, position: int) -> tuple[int, int]:
        return _clause_of(self.clauses, position)

    def local(self, m: Mention) -> int:
        return m.start - self.offset


def _claims_in_sentence(
    sentence: Sentence,
    mentions: list[Mention],
    dates: list[DateExpression],
    places: list[tuple[Location, Span]],
    context: PeopleContext,
) -> list[_Claim]:
    """The encounters one sentence reports: one claim per pair (or group) a cue joins."""
    mentions = _meeting_mentions(sentence, mentions, context)
    if not mentions:
        return []
    reading = _read_sentence(sentence, mentions, dates, places)
    if reading is None:
        return []
    claims: list[_Claim] = []
    for i in range(len(reading.cues)):
        claims.extend(_claims_at_cue(reading, i, claims, context))
    return _one_per_occasion(claims)


def _meeting_mentions(
    sentence: Sentence, mentions: list[Mention], context: PeopleContext
) -> list[Mention]:
    """The mentions that could take part in a meeting: no relational mention ("Chief of
    Staff to President X"), no speaker, no name qualifying a noun; none at all unless they
    are at least two people of at least two countries."""
    text = sentence.text
    offset = sentence.start
    mentions = [m for m in mentions if not m.relational]  # "Chief of Staff to President X"
    # "to pay respects to the late X": the dead meet nobody.
    mentions = [
        m
        for m in mentions
        if not THE_LATE.search(text, max(0, m.start - offset - 80), m.start - offset)
    ]
    mentions = _without_speakers(text, offset, mentions)
    if len({m.person_id for m in mentions}) < 2:
        return []
    mentions = [m for m in mentions if m.by == "pronoun" or not _qualifies_a_noun(text, offset, m)]
    people_ids = list(dict.fromkeys(m.person_id for m in mentions))
    if len(people_ids) < 2 or len(_countries(people_ids, context)) < 2:
        return []
    return mentions


def _read_sentence(
    sentence: Sentence,
    mentions: list[Mention],
    dates: list[DateExpression],
    places: list[tuple[Location, Span]],
) -> _SentenceReading | None:
    """The sentence's cues and clauses; None when it has no cue, asks a question or says
    there are no plans. An aggregate ("held 40 meetings, including a summit in June")
    keeps only the occasion it names: its dates, places and one held cue."""
    text = sentence.text
    offset = sentence.start
    cues = _cues(text)
    if not cues:
        return None
    if text.rstrip().endswith("?") and QUESTION.search(text):
        return None
    if NO_PLANS.search(text):
        return None
    clauses = _clauses(text)
    aggregate = AGGREGATE.search(text)
    if aggregate:
        including = INCLUDING.search(text)
        if not including:
            return None
        # Only the occasion the aggregate names is a meeting.
        dates = [e for e in dates if including.start() <= e.start < including.end()]
        places = [p for p in places if including.start() <= p[1].start - offset < including.end()]
        kind = KIND.summit if SUMMIT.search(including.group(0)) else ""
        cues = [(including.start(), including.end(), STATUS.held, kind)]
        clauses = [(0, including.start()), (including.start(), including.end())]
    # An invitation makes the invited visit planned (and needs a date), not the call or
    # meeting in which it was made.
    invited = INVITATION.search(text)
    return _SentenceReading(
        sentence=sentence,
        mentions=mentions,
        dates=dates,
        places=places,
        cues=cues,
        clauses=clauses,
        invitation_at=invited.start() if invited else len(text),
        schedule=bool(SCHEDULE_LINE.match(text)),
        main_subjects=_main_subjects(text, offset, mentions, cues, clauses),
    )


def _claims_at_cue(
    reading: _SentenceReading, i: int, earlier: list[_Claim], context: PeopleContext
) -> list[_Claim]:
    """The claims the i-th cue makes (`earlier`: those of the cues before it): none when
    the cue is a cancellation, is denied, or joins fewer than two countries' people."""
    text, offset = reading.text, reading.offset
    start, end, status, kind_hint = reading.cues[i]
    if status == STATUS.cancelled:
        return []  # it sets the status of the meeting it names, in _cue_status
    clause = reading.clause_of(start)
    if _denied(text, clause, start, end):
        return []
    following_cues = [c for c in reading.cues[i + 1 :] if reading.clause_of(c[0]) == clause]
    following = [c[0] for c in following_cues]
    next_start = following[0] if following else clause[1]
    subjects, objects = _cue_subjects_objects(reading, clause, start, end, next_start)
    if following:
        # "their call and President Biden's video call with ...": the owner of the next
        # cue's meeting is a participant of that one, not an object of this one.
        objects = _without_next_cues_owners(text, offset, objects, next_start)
    # "spoke with Le Drian ... to welcome strong ties with President Macron": the partner
    # of a relation is not met (cues.json "relation_nouns").
    objects = [
        m
        for m in objects
        if not RELATION_WITH.search(text, max(0, m.start - offset - 60), m.start - offset)
    ]
    if (
        HOSTED_BY.match(text, end)
        and not PASSIVE_AUXILIARY.search(text, max(0, start - 30), start)
        and not ATTENDANCE.search(text, clause[0], start)
    ):
        # "discussed the Leaders' Retreat hosted by Prime Minister Ardern with President
        # Biden participating", "recalled the Joint Declaration signed by Morocco, the
        # United States, and Israel": the agents after "by" (and those named after them)
        # met, not the people who only spoke of the occasion (cues.json "attendance").
        subjects = []
    passive_host = PASSIVE_AUXILIARY.search(text, max(0, start - 30), start) and re.search(
        r"\bby\s", text[end:next_start]
    )
    if kind_hint == "visit" and not passive_host and not _hosts_a_guest(text, offset, end, objects):
        # ("was welcomed at the White House by President Obama": the subject is the guest.)
        return []
    if (
        kind_hint == "visit"
        and HOSTED_EVENT.search(text, max(0, start - 40), end + 4)
        and (re.search(r"\b(?:sidelines|margins|fringes)\s+of\b", text[max(0, start - 80) : start]))
    ):
        # "met on the sidelines of a summit hosted by Macron": the host of the occasion,
        # not one more participant of the meeting on its margins.
        return []
    invited_here = clause[0] <= reading.invitation_at < start
    if invited_here and not [e for e in reading.dates if e.start >= reading.invitation_at]:
        return []  # an undated invitation is no meeting
    if kind_hint == "with":
        found = _with_participants(
            reading, clause, start, next_start, subjects, objects, invited_here
        )
        if found is None:
            return []
        subjects, objects = found
    group = list(dict.fromkeys(m.person_id for m in subjects + objects))
    if len(group) < 2 or len(_countries(group, context)) < 2:
        return []
    if UNNAMED_GROUP_BEFORE.search(text, clause[0], start):
        return []  # "They agreed that negotiators would meet again": not the named people
    previous_cues = [c for c in reading.cues[:i] if reading.clause_of(c[0]) == clause]
    scope = (previous_cues[-1][1] if previous_cues else clause[0], next_start)
    status, resolved = _cue_status_and_dates(
        reading, (start, end), status, clause, scope, invited_here, earlier, context
    )
    if _past_of_report(status, resolved, context):
        status = STATUS.held  # "it was important to meet Putin in Geneva last week": it was
    clause_places = places_for_clause(text, offset, clause, reading.places)
    if kind_hint == "with" and SPEAK_WORD.search(text, start, end):
        kind_hint = "spoke"  # "I'll speak this evening with X": spoken, like "spoke with"
    hint = _cue_kind_hint(kind_hint, clause_places, text[clause[0] : clause[1]])
    # "the 2+2 between A and B and C and D" names one encounter of all of them.
    if not subjects:
        pairs = [sorted(group)]
    else:
        words = text[scope[0] : scope[1]]
        if following_cues and PURPOSE_END.search(words):
            # "hosted A and B for a trilateral meeting": the occasion the next cue names
            # is the one the guests came for, so its words say whether they met together.
            words += text[following_cues[0][0] : following_cues[0][1]]
        pairs = _bilaterals(subjects, objects, words, context) or _split_pairs(
            group, context, [m.person_id for m in subjects]
        )
    return [
        _Claim(
            participants,
            status,
            hint,
            reading.sentence,
            clause,
            resolved,
            clause_places,
            offset + start,
            scope,
        )
        for participants in pairs
    ]


def _without_next_cues_owners(
    text: str, offset: int, objects: list[Mention], next_cue: int
) -> list[Mention]:
    """The objects of a cue less the owners of the next cue's meeting ("President Biden's
    video call", "Blinken and Lavrov's planned meeting": both of a joint possessive)."""
    owners = [i for i, m in enumerate(objects) if _owns_next_cue(text, m.end - offset, next_cue)]
    if not owners:
        return objects
    first = owners[0]
    while first > 0 and JOINED_NAMES.fullmatch(
        text, objects[first - 1].end - offset, objects[first].start - offset
    ):
        first -= 1
    return objects[:first] + [
        m for m in objects[first:] if m not in objects[first : owners[-1] + 1]
    ]


def _owns_next_cue(text: str, end: int, next_cue: int) -> bool:
    """Whether the name ending at `end` owns the meeting of the cue starting at
    `next_cue` ("President Biden's February 11 video call"): a possessive, then at most
    four words to the cue (which may begin with the possessive itself)."""
    return bool(POSSESSIVE.match(text[end : end + 3])) and len(text[end:next_cue].split()) <= 5


def _past_of_report(
    status: str, resolved: list[tuple[DateExpression, DateInterval | None]], context: PeopleContext
) -> bool:
    """A meeting read as planned whose date is over before the report's day ("thought it
    so important to meet with Putin in Geneva last week"): the text puts it in the past."""
    if status != STATUS.planned or context.day is None:
        return False
    first = next((d for _, d in resolved if d is not None), None)
    return first is not None and first.end < context.day


def _cue_subjects_objects(
    reading: _SentenceReading,
    clause: tuple[int, int],
    start: int,
    end: int,
    next_start: int,
) -> tuple[list[Mention], list[Mention]]:
    """Who meets whom at a cue: the objects from the cue to the next cue of the clause,
    the subjects before it in the clause; with none there, the person a relative clause
    ("..., who met ...") hangs on, else the sentence's main subjects. Participant phrases
    ("between A and B", "A and B met") then decide (`_phrase_participants`)."""
    text, offset, mentions, local = reading.text, reading.offset, reading.mentions, reading.local
    objects = [m for m in mentions if start <= local(m) < next_start]
    subjects = [m for m in mentions if clause[0] <= local(m) < start]
    if not subjects:
        relative = re.match(r"\s*(?:who|whom)\b", text[clause[0] : clause[1]], re.IGNORECASE)
        before = [m for m in mentions if local(m) < start]
        if HIS_OR_HER.match(text, start) and before:
            # "..., Trump told reporters after his talks with Xi": whose talks "his" says,
            # the person named last before it.
            subjects = before[-1:]
        elif relative and clause[0] > 0:
            before = [m for m in mentions if local(m) < clause[0]]
            subjects = before[-1:]
        elif not UNNAMED_OWNER.search(text, clause[0], start):
            # "Building on the President's trilateral meeting with Yoon and Kishida,
            # Blinken ...": a meeting someone unnamed owns is not the main subject's.
            subjects = reading.main_subjects
    before = [m for m in mentions if local(m) < start]
    if (
        THEIR.match(text, start)
        and not objects
        and len({m.person_id for m in before}) == 2
        and len({m.person_id for m in subjects}) < 2
    ):
        # "Lavrov greeted Tillerson with a handshake before their talks in Moscow": the
        # two people named before "their".
        subjects = before
    # "X met Y on Monday, joined by Z": Z is on X's side, not another one X met.
    joining = [m for m in objects if JOINED_BY_BEFORE.search(text, max(0, local(m) - 80), local(m))]
    if joining and subjects:
        objects = [m for m in objects if m not in joining]
        subjects = [*subjects, *joining]
    return _phrase_participants(text, offset, start, end, next_start, subjects, objects)


def _with_participants(
    reading: _SentenceReading,
    clause: tuple[int, int],
    start: int,
    next_start: int,
    subjects: list[Mention],
    objects: list[Mention],
    invited_here: bool,
) -> tuple[list[Mention], list[Mention]] | None:
    """A "with" cue ("held talks with X"): only the objects after "with" meet the
    subjects; None (no claim) when there are none, unless an invitation is made here,
    when the inviter and invitee of the clause are the participants ("accepted the
    President's invitation to visit")."""
    local = reading.local
    with_object = re.search(r"\bwith\b", reading.text[start:next_start])
    with_objects = [m for m in objects if with_object and local(m) > start + with_object.start()]
    if invited_here and not with_objects:
        return [m for m in reading.mentions if clause[0] <= local(m) < start], []
    if not with_objects:
        return None
    return subjects, with_objects


def _cue_status_and_dates(
    reading: _SentenceReading,
    cue: tuple[int, int],
    status: str | None,
    clause: tuple[int, int],
    scope: tuple[int, int],
    invited_here: bool,
    earlier: list[_Claim],
    context: PeopleContext,
) -> tuple[str, list[tuple[DateExpression, DateInterval | None]]]:
    """The status a cue reports (a cancellation in its clause, an invitation or schedule,
    the status of the clause's earlier cue: `_cue_status`) and the dates that belong to
    it, resolved in the tense of that status (`_cue_dates`)."""
    cancelled = [
        c
        for c in reading.cues
        if c[2] == STATUS.cancelled
        and (
            reading.clause_of(c[0]) == clause
            or (
                reading.clause_of(c[0])[0] >= clause[1]
                and THAT_MEETING.fullmatch(reading.text, clause[1], c[0]) is not None
            )
        )
    ]
    in_clause = [c for c in earlier if c.clause == clause]
    status, in_clause_dates = _cue_status(
        reading.text,
        status,
        cue,
        clause,
        cancelled[0][0] if cancelled else None,
        invited_here or reading.schedule,
        in_clause[-1].status if in_clause else None,
    )
    dated_clause = clause
    if WHEN_CLAUSE.match(reading.text, clause[0]) and not any(
        clause[0] <= e.start < clause[1] for e in reading.dates
    ):
        # "..., including last week, when the Secretary had an opportunity to meet X": the
        # time a when-clause hangs on is the clause before it.
        before = [c for c in reading.clauses if c[1] <= clause[0]]
        if before:
            dated_clause = (before[-1][0], clause[1])
    dates = reading.dates
    discussed = DISCUSSED_BEFORE.search(reading.text, clause[0], cue[0]) if in_clause else None
    if discussed:
        # "spoke today with Kuleba to discuss the foreign minister's trilateral meeting with
        # Lavrov": the meeting discussed is another occasion; the call's "today" is not
        # its date, only a date after the discussing verb is.
        dates = [e for e in dates if e.start >= discussed.end()]
    if not in_clause_dates:
        # "set for Tuesday, has been postponed until Friday": the new date holds.
        dates = [
            e
            for e in dates
            if dated_clause[0] <= e.start < dated_clause[1]
            and POSTPONED_TO.search(reading.text, max(0, e.start - 40), e.start)
        ]
        in_clause_dates = bool(dates)
    resolved = _cue_dates(
        dates,
        dated_clause,
        len(reading.clauses) == 1,
        scope,
        cue,
        context,
        past=status == STATUS.held,
        own_dates=in_clause_dates,
        schedule=reading.schedule,
        text=reading.text,
    )
    offset_adjunct = DAYS_APART.search(reading.text, max(0, clause[0] - 20), clause[0] + 8)
    if not resolved and offset_adjunct:
        resolved = _days_apart(reading, clause, offset_adjunct, status, context)
    if (
        status == STATUS.held
        and context.day is not None
        and READOUT_OF.search(reading.text[clause[0] : cue[0]])
    ):
        # The meeting a readout reports took place: not after the article ("the readout of
        # the conversation ... made a reference to his intent to travel later this year").
        resolved = [(e, d) for e, d in resolved if d is None or d.start <= context.day]
    return status, resolved


def _days_apart(
    reading: _SentenceReading,
    clause: tuple[int, int],
    adjunct: re.Match,
    status: str,
    context: PeopleContext,
) -> list[tuple[DateExpression, DateInterval | None]]:
    """ "met Abbas in Ramallah Sunday, a day after talks in Jerusalem with Olmert": the
    talks are the date before the adjunct shifted by the days it counts (earlier after
    "after", later after "before")."""
    before = (0, adjunct.start())  # the clauses the adjunct counts from
    if not before[1]:
        return []
    main = _cue_dates(
        reading.dates,
        before,
        False,
        before,
        (before[1], before[1]),
        context,
        past=status == STATUS.held,
        own_dates=True,
        schedule=False,
        text=reading.text,
    )
    first = next(((e, d) for e, d in main if d is not None and d.start == d.end), None)
    if first is None:
        return []
    count = COUNT_WORDS[adjunct.group("n").lower()] * (
        7 if adjunct.group("unit").lower().startswith("week") else 1
    )
    shift = dt.timedelta(days=-count if adjunct.group("rel").lower() == "after" else count)
    return [(first[0], DateInterval(first[1].start + shift, first[1].end + shift))]


def _cue_kind_hint(
    kind_hint: str, clause_places: list[tuple[Location, Span]], clause_text: str
) -> str:
    """The kind a cue suggests: a call, visit or multilateral meeting by its words; "spoke"
    is a phone call unless its clause names a place or says in person.

    >>> _cue_kind_hint("spoke", [], "spoke with her counterpart")
    'phone_call'
    >>> _cue_kind_hint("spoke", [], "spoke in person with her counterpart")
    ''
    >>> _cue_kind_hint("with", [], "held talks with him")
    ''
    """
    hint = kind_hint if kind_hint in (KIND.phone_call, "visit", KIND.multilateral) else ""
    if kind_hint == "spoke" and not clause_places and not IN_PERSON.search(clause_text):
        hint = KIND.phone_call
    return hint


def _is_call_clause(claim: _Claim) -> bool:
    clause = claim.sentence.text[claim.clause[0] : claim.clause[1]]
    if claim.scope:
        clause = claim.sentence.text[claim.scope[0] : claim.scope[1]]
    return claim.kind_hint in (KIND.phone_call, KIND.video_call) or bool(
        PHONE.search(clause) or VIDEO.search(clause)
    )


def _status_cue_of(a: _Claim, b: _Claim) -> bool:
    """Whether `a` is only the status of `b`, the next cue: "are expected to" right before
    "hold a virtual summit", about the same people."""
    if a.sentence is not b.sentence or a.participants != b.participants or a.status != b.status:
        return False
    start = a.sentence.start
    between = a.sentence.text[a.cue_start - start : b.cue_start - start]
    return bool(STATUS_ONLY.fullmatch(between))


def _same_occasion(a: _Claim, b: _Claim) -> bool:
    if a.participants != b.participants or a.status != b.status:
        return False
    if _is_call_clause(a) != _is_call_clause(b):
        return False
    days_a = {d for _, d in a.dates if d is not None}
    days_b = {d for _, d in b.dates if d is not None}
    return not days_a or not days_b or bool(days_a & days_b)


def _names_next(text: str, position: int, mention_start: int) -> bool:
    """Whether a mention is the next thing named after `position`: close by, or after
    nothing but titles ("with Organization for Economic Cooperation and Development
    (OECD) Secretary General Mathias Cormann")."""
    if mention_start < position:
        return False
    gap = text[position:mention_start]
    return len(gap) <= 60 or bool(CHAIN_GAP.match(gap))


def _phrase_participants(
    text: str,
    offset: int,
    start: int,
    end: int,
    next_start: int,
    subjects: list[Mention],
    objects: list[Mention],
) -> tuple[list[Mention], list[Mention]]:
    """The people of the meeting's own phrase, when the phrase names them.

    "a meeting between A and B (and C)": exactly those. "A's talks with B": A (not
    the main clause's subject) and whoever follows "with". "his meeting with B": the
    person "his" refers to, the nearest one named before.
    """
    cue = text[start:end]
    with_word = re.match(r"\s*(?:(?!with\b)[a-z-]+\s+){0,2}?with\b", text[end:next_start])
    with_end = (
        end if cue.lower().endswith("with") else (end + with_word.end() if with_word else None)
    )
    if with_end is not None and not any(
        _names_next(text, with_end, m.start - offset) for m in objects
    ):
        # "their meeting with the South Koreans": the other side is nobody named.
        return [], []
    between_end = end if cue.lower().endswith("between") else None
    if between_end is None:
        between = BETWEEN.match(text, end, next_start)
        between_end = between.end() if between else None
    if between_end is not None:
        return [], _between_chain(text, offset, between_end, objects)
    inside = [m for m in objects if m.end - offset <= end]
    if inside and re.match(r"(?:the|a|an|this|that)\s", cue, re.IGNORECASE):
        # "the President Biden meeting with President Putin": the names inside the
        # meeting's own phrase, and whoever follows "with"; not the clause's subject.
        return [], objects
    if cue.startswith("s ") and not (
        subjects and re.fullmatch(r"[’']", text[subjects[-1].end - offset : start])
    ):
        # "the President's meeting with Putin", the President unnamed: nobody else's.
        return [], objects
    topic = TOPIC_OF_TALK.search(text[max(0, start - 60) : start])
    if (
        topic
        and not with_end
        and not THEIR.search(topic.group(0) + " " + cue[:6])
        and not MANNER_CUE.match(cue)
    ):
        # "A and B discussed next month's NATO Summit": a topic, not their meeting ("their
        # upcoming meeting" is theirs).
        return [], []
    if NOUN_CUE.match(cue) and TOPIC_LIST.search(text, max(0, start - 120), start):
        # "They also discussed the NATO Summit and President Biden's upcoming visit to
        # Poland": a meeting noun in the list of what was discussed is a topic too.
        return [], []
    if subjects:
        return _subjects_of_phrase(text, offset, start, cue, subjects), objects
    return subjects, objects


def _between_chain(
    text: str, offset: int, between_end: int, objects: list[Mention]
) -> list[Mention]:
    """ "a meeting between A, B and C": the names listed right after "between" (ending at
    `between_end`); none unless they are at least two people ("a meeting between the
    families and President Biden")."""
    chain: list[Mention] = []
    for m in objects:
        if m.start - offset < between_end:
            continue
        gap = text[(chain[-1].end - offset if chain else between_end) : m.start - offset]
        if chain and m.start == chain[-1].start:
            chain.append(m)  # "between the two leaders": one phrase, several people
        elif CHAIN_GAP.match(gap) and (not chain or re.search(r",|\band\b", gap)):
            chain.append(m)
        else:
            break
    if len({m.person_id for m in chain}) >= 2:
        return chain
    return []


def _subjects_of_phrase(
    text: str, offset: int, start: int, cue: str, subjects: list[Mention]
) -> list[Mention]:
    """Which of the subjects before a cue take part: all of them after "returned ...'s
    call"; every owner of a possessive ("A and B's planned meeting"); the nearest one
    for "his meeting"; otherwise all of them."""
    gap = text[subjects[-1].end - offset : start]
    noun_cue = re.match(r"s\s|" + _MEETING_NOUNS + r"\b", cue, re.IGNORECASE)
    answered = re.search(
        r"\b(?:returned|returns|answered|took|received|accepted|joined)\s+(?:[\w.-]+\s+){0,5}$",
        text[: subjects[-1].start - offset],
        re.IGNORECASE,
    )
    if noun_cue and answered and len(subjects) > 1:
        # "Obama returned Singh's phone call": the one who answers takes part too.
        return subjects
    if noun_cue and re.fullmatch(r"[’'](?:s\s+(?:[\w-]+\s+){0,2})?", gap):
        # "Aliyev and Pashinyan's planned meeting": every owner of the possessive.
        owners = [subjects[-1]]
        for m in reversed(subjects[:-1]):
            between_owners = text[m.end - offset : owners[0].start - offset]
            if not (CHAIN_GAP.match(between_owners) and re.search(r",|\band\b", between_owners)):
                break
            owners.insert(0, m)
        return owners
    if re.match(r"(?:his|her)\s", cue, re.IGNORECASE):
        return subjects[-1:]
    return subjects


@dataclass
class _Frame:
    """A trip or a presence ("will travel to Bangkok July 6-11, where ...", "X is in
    Riyadh", "While in Tokyo, ..."): the place and dates of the meetings inside it."""

    person: str
    place: tuple[Location, Span]
    dates: list[tuple[DateExpression, DateInterval | None]]
    status: str
    start: int  # the sentence's start
    paragraph: int
    trip: bool = False  # a journey ("will travel to"), not a presence ("while in")
    # The words after the trip word: they name the trip's stops ("will travel to
    # Jerusalem, Ramallah, Cairo, and Amman May 24-27"), found or not as places.
    stops: str = ""


def _frame(
    sentence: Sentence,
    mentions: list[Mention],
    dates: list[DateExpression],
    places: list[tuple[Location, Span]],
    context: PeopleContext,
) -> _Frame | None:
    if not mentions or not places:
        return None  # most sentences: no need to look for a trip
    text = sentence.text
    match = TRIP.search(text) or PRESENCE.search(text) or VISIT_PLACE.search(text)
    if not match:
        return None
    after = [p for p in places if p[1].start - sentence.start >= match.end() - 1]
    if not after or after[0][1].start - sentence.start - match.end() > 40:
        return None
    before = [m for m in mentions if m.start - sentence.start < match.start()]
    # The traveller: the person named last before the trip word ("talks with Kishida,
    # who is on a visit to India", "after the North Korean leader made a trip to"),
    # but the sentence's subject for a coordinated verb ("A spoke with B and will
    # travel to Kyiv").
    person = mentions[0].person_id
    if match.re is PRESENCE:
        word = match.group(0).split()[0].lower().strip(",")
        if word in ("while", "whilst", "when", "being", "in"):
            # "While in Tokyo, X met ...": the subject named after the place.
            later = [
                m for m in mentions if m.start - sentence.start > after[0][1].start - sentence.start
            ]
            if not later:
                return None
            person = later[0].person_id
        else:
            # "Lavrov is in Vienna": the person right before "is"; "we are in Vienna"
            # frames nobody named.
            gap = text[before[-1].end - sentence.start : match.start()] if before else "x" * 99
            if not re.fullmatch(r"[\s,]*(?:who\s+)?(?:(?:also|currently|now|still)\s+)?", gap):
                return None
            person = before[-1].person_id
    elif before:
        gap = text[before[-1].end - sentence.start : match.start()]
        if not re.search(r"\band\b|[;:]", gap):
            person = before[-1].person_id
    status = _status_from_tense(text, match.start())
    if match.re is PRESENCE and match.start() == 0 and text[:2].lower() == "in":
        # "In Fiji on February 12, the Secretary will meet ...": the tense of the clause.
        status = _status_from_tense(text, match.start(), (0, len(text)))
    if re.match(r"(?:is|are|while|whilst|being)\b", match.group(0), re.IGNORECASE):
        status = "present"  # "X is in Riyadh": the meetings held today and those ahead
    end = _trip_clause_end(text, match.end())
    own = sorted(
        (e for e in dates if e.start < end),
        key=lambda e: abs(e.start - match.start()),
    )
    resolved = [(e, resolve_date(e, context, status == STATUS.held)) for e in own[:1]]
    return _Frame(
        person,
        after[0],
        resolved,
        status,
        sentence.start,
        sentence.paragraph,
        trip=match.re is not PRESENCE,
        stops=text[match.end() :],
    )


# "; Panama City, Panama; and San Salvador, El Salvador, June 27-30": a semicolon between
# the stops of a journey (a capitalised name and a comma after it), no new clause.
STOP_LIST_BREAK = re.compile(r";\s+(?:and\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}\s*,")


def _trip_clause_end(text: str, start: int) -> int:
    """Where the clause of a trip word ends: at the first clause break after `start`, but
    not at a semicolon that only separates its stops (the dates after the last stop are
    the whole journey's).

    >>> text = "She will travel to Lima, Peru; and Quito, Ecuador, May 2-5; he stays there."
    >>> text[:_trip_clause_end(text, 15)]
    'She will travel to Lima, Peru; and Quito, Ecuador, May 2-5'
    """
    position = start
    while True:
        found = CLAUSE_BREAK.search(text, position)
        if not found:
            return len(text)
        if not STOP_LIST_BREAK.match(text, found.start()):
            return found.start()
        position = found.end()


def _date_by_anaphor(
    sentence: Sentence,
    dates: list[DateExpression],
    places: list[tuple[Location, Span]],
    raw: list[_Claim],
    context: PeopleContext,
) -> None:
    """ "The September 21 meetings will ...": a dated noun phrase naming a meeting,
    in a sentence that states none, dates the latest undated claim of its tense.
    "Their meeting near Riyadh, on Friday, focused on ...": a sentence about "their
    meeting" gives its date and place to the claim just before it (same or previous
    paragraph, same tense) when that claim has none."""
    text = sentence.text
    subject = ANAPHOR_SUBJECT.match(text)
    latest = raw[-1]
    if subject and 0 <= sentence.paragraph - latest.sentence.paragraph <= 1:
        status = STATUS.planned if FUTURE.search(text) else STATUS.held
        if latest.status == status:
            same = [c for c in raw if c.sentence.start == latest.sentence.start]
            if dates:
                resolved = resolve_date(dates[0], context, status == STATUS.held)
                for claim in same:
                    if resolved is not None and not _has_date(claim):
                        claim.dates = [(dates[0], resolved)]
            for claim in same:
                if places and not claim.places and not _is_call_clause(claim):
                    claim.places = list(places)
            return
    for match in DATED_ANAPHOR.finditer(text):
        inside = [e for e in dates if match.start() <= e.start and e.end <= match.end()]
        if not inside or _named_event(text, match, inside[-1]):
            continue
        status = _status_from_tense(text, match.start())
        # A dated noun phrase far from the claim names another occasion ("commitments made
        # during the December 2021 Summit for Democracy", paragraphs after "During their
        # meeting, ..."): only a claim of the same or the previous paragraph takes its date.
        undated = [
            c
            for c in raw
            if c.status == status
            and not _has_date(c)
            and 0 <= sentence.paragraph - c.sentence.paragraph <= 1
        ]
        if undated:
            latest = undated[-1]
            resolved = resolve_date(inside[0], context, status == STATUS.held)
            if resolved is not None:
                for claim in raw:
                    if claim.sentence.start == latest.sentence.start and not _has_date(claim):
                        claim.dates = [(inside[0], resolved)]
        return


# "The meeting was later called off.", "... the Singapore summit ... will not take place":
# a meeting the text told of, named again before a cancellation.
MEETING_NAMED_AGAIN = re.compile(
    r"\b(?:the|their|this|that|his|her)\s+(?:[\w-]+\s+){0,3}?(?:meeting|meetings|talks|summit|"
    r"visit|trip|call)\b[^.;]*$",
    re.IGNORECASE,
)


# Words in every match of the cancellation cue and of POSTPONED (a gate: most sentences
# hold none; tests/test_pattern_equivalence.py checks it lets their sentences through).
CANCEL_OR_POSTPONE_GATE = CaselessGate(
    (
        "cancel",
        "off",
        "scrapped",
        "take place",
        "go ahead",
        "postpone",
        "delayed",
        "rescheduled",
        "pushed back",
    )
)


def _cancelled_by_anaphor(
    sentence: Sentence, dates: list[DateExpression], raw: list[_Claim], context: PeopleContext
) -> None:
    """ "Blinken will meet Lavrov on Friday. The meeting was later called off.": a
    sentence that states no encounter but cancels "the meeting" cancels the latest
    planned claim of its paragraph or the one before (and the claims of that claim's
    sentence), unless it denies the cancellation ("was not cancelled") or dates what it
    cancels elsewhere ("Their talks were cancelled last year"); one that postpones it
    takes its date away, or gives the new one ("postponed until March 20")."""
    text = sentence.text
    if not CANCEL_OR_POSTPONE_GATE.may_match(text, sentence.folded):
        return  # most sentences: no word of cancelling or postponing
    cancels = [c for c in _cues(text) if c[2] == STATUS.cancelled]
    postponed = POSTPONED.search(text)
    if not cancels and not postponed:
        return
    at = cancels[0][0] if cancels else postponed.start()
    if not MEETING_NAMED_AGAIN.search(text, 0, at) or NEGATION.search(text, max(0, at - 40), at):
        return
    planned = [
        c
        for c in raw
        if c.status == STATUS.planned and 0 <= sentence.paragraph - c.sentence.paragraph <= 1
    ]
    if not planned:
        return
    latest = planned[-1].sentence.start
    if not cancels:
        # "The meeting has been postponed (until March 20).": still planned, on the new
        # date if the sentence gives one, else on none.
        new = [
            (e, resolve_date(e, context, False))
            for e in dates
            if POSTPONED_TO.search(text, max(0, e.start - 40), e.start)
        ]
        for claim in raw:
            if claim.sentence.start == latest and claim.status == STATUS.planned:
                claim.dates = new[:1]
        return
    own = _date_of(planned[-1])[0]
    for expression in dates:
        said = resolve_date(expression, context, False)
        if own and said and (said.end < own.start or own.end < said.start):
            return
    for claim in raw:
        if claim.sentence.start == latest and claim.status == STATUS.planned:
            claim.status = STATUS.cancelled


def _named_event(text: str, match: re.Match, date: DateExpression) -> bool:
    """Whether a dated noun phrase is the name of an event ("the March 24 extraordinary
    NATO Summit", "the June 14 EU-U.S. Summit"): a capitalised head noun after capitalised
    words that are no part of the date. It is another occasion than the article's
    undated meeting, which it does not date.

    >>> text = "They discussed the March 24 extraordinary NATO Summit."
    >>> match = DATED_ANAPHOR.search(text)
    >>> _named_event(text, match, DateExpression(19, 27, "March 24", "month_day", {}))
    True
    """
    words = text[date.end : match.end()].split()
    return len(words) >= 2 and words[-1][0].isupper() and words[-2][0].isupper()


def _join_earlier(sentence: Sentence, mentions: list[Mention], raw: list[_Claim]) -> None:
    """ "X met Y. Z also joined the meeting." / "He was joined by Z.": a sentence that
    states no encounter of its own but that someone joined one adds them to the nearest
    earlier claim of the article with the tense's status (same or previous paragraph),
    and to the other claims of that claim's sentence with that status ("met with
    President A and Foreign Minister B ... Z also joined the meeting"). "Joined by"
    needs its subject to be in that claim."""
    text = sentence.text
    joined = JOINED_MEETING.search(text)
    joined_by = None if joined else JOINED_BY.search(text)
    match = joined or joined_by
    if match is None:
        return
    status = _status_from_tense(text, match.start())
    earlier = [
        c for c in raw if c.status == status and 0 <= sentence.paragraph - c.sentence.paragraph <= 1
    ]
    if not earlier:
        return
    latest = earlier[-1]
    before = [m.person_id for m in mentions if m.start - sentence.start < match.start()]
    after = [m.person_id for m in mentions if m.start - sentence.start >= match.end()]
    if joined:
        people = before
    else:
        if not before or not set(before) <= set(latest.participants):
            return  # "I am delighted to be joined by X": nobody of the encounter
        people = after
    for claim in earlier:
        if claim.sentence.start == latest.sentence.start:
            claim.participants = list(dict.fromkeys([*claim.participants, *people]))


def _has_date(claim: _Claim) -> bool:
    return any(resolved for _, resolved in claim.dates)


def _inherit_setting(raw: list[_Claim], frames: list[_Frame], breaks: list[int]) -> None:
    """Give claims with no date or place of their own those of their setting.

    A follow-up ("also met", "separately met", "then met", "on the sidelines, X also
    met ...") takes them from the nearest earlier claim sharing a participant and of
    the same status; a meeting inside a trip or presence frame of one of its
    participants (same status) takes the frame's. Nothing is inherited across a
    sentence that moves on ("then flew to", "the next day", "later in <City>").
    A frame dated to one day dates the meetings of its paragraph too. A planned meeting with no earlier frame takes the trip announced after it.
    """

    def moved_on(since: int, until: int) -> bool:
        return any(since < b <= until for b in breaks)

    for i, claim in enumerate(raw):
        start = claim.sentence.start
        people = set(claim.participants)
        call = _is_call_clause(claim)
        needs_date, needs_place = not _has_date(claim), not claim.places and not call
        if not (needs_date or needs_place):
            continue
        if FOLLOW_UP.search(claim.sentence.text):
            earlier = [
                c
                for c in raw[:i]
                if c.sentence.start < start
                and people & set(c.participants)
                and c.status == claim.status
                and not moved_on(c.sentence.start, start)
            ]
            # A frame of one of its people told after that claim, in its own paragraph
            # ("In Fiji on February 12, ..." opening it), is the nearer setting: its
            # date (when it has one) and place are the follow-up's, below.
            nearer = [
                f
                for f in frames
                if earlier
                and f.person in people
                and f.status in (claim.status, "present")
                and earlier[-1].sentence.start < f.start <= start
                and f.paragraph == claim.sentence.paragraph
            ]
            nearer_dated = any(d for f in nearer for _, d in f.dates)
            if earlier:
                source = earlier[-1]
                if needs_date and _has_date(source) and not nearer_dated:
                    claim.dates, needs_date = source.dates, False
                if needs_place and source.places and not nearer:
                    claim.places, needs_place = source.places, False
        # A past trip or presence frames its own paragraph only; an announced trip the
        # article's planned meetings; "During their meeting, ..." opening a paragraph
        # speaks of the visit the paragraph before told.
        anaphor = bool(DURING_THEIR_MEETING.match(claim.sentence.text))
        own = [
            f
            for f in frames
            if f.person in people
            and f.status in (claim.status, "present")
            and f.start <= start
            and (
                f.status == STATUS.planned
                or 0 <= claim.sentence.paragraph - f.paragraph <= (1 if anaphor else 0)
            )
        ]
        # A sentence that moves on ("then flew to Paris, where ...") frames itself only.
        own = [
            f
            for f in own
            if not moved_on(f.start, start) and (f.start == start or f.start not in breaks)
        ]
        if not own and claim.status == STATUS.planned:
            own = [f for f in frames if f.person in people and f.status == STATUS.planned][:1]
        if own:
            frame = own[-1]
            # A frame's date is the meeting's only inside the frame's own sentence or
            # when the meeting is said to be during it ("during the visit").
            inside = frame.start == start or DURING_FRAME.search(claim.sentence.text) or anaphor
            # A presence on one day ("On December 4, X, in Brussels for ...") is the day
            # of the meetings its paragraph goes on to tell.
            one_day = any(d is not None and d.days == 1 for _, d in frame.dates)
            inside = inside or (one_day and frame.paragraph == claim.sentence.paragraph)
            if needs_date and inside and any(d for _, d in frame.dates):
                claim.dates, needs_date = frame.dates, False
            trip = _dating_trip(claim, own) if needs_date else None
            if trip is not None:
                claim.dates = trip.dates
            if needs_place:
                claim.places = [frame.place]
        if claim.status == STATUS.held and claim.places and not _has_date(claim):
            # A past journey told in an earlier paragraph ("traveled to Abu Dhabi, Riyadh,
            # and Cairo June 13-17.") dates the meetings later paragraphs set at one of
            # its stops ("In Cairo, Kerry met with ..."); _dating_trip checks the stops.
            earlier = [
                f
                for f in frames
                if f.trip
                and f.person in people
                and f.paragraph < claim.sentence.paragraph
                and not moved_on(f.start, start)
            ]
            trip = _dating_trip(claim, earlier, across_paragraphs=True)
            if trip is not None:
                claim.dates = trip.dates


def _dating_trip(
    claim: _Claim, frames: list[_Frame], across_paragraphs: bool = False
) -> _Frame | None:
    """The trip whose days are those of a meeting inside it: the latest journey of one of
    its participants over several days ("will travel to Tokyo, May 21-24. While in Tokyo,
    the Secretary will meet ..."), announced for a planned meeting of the article or past
    for a held one of its own paragraph, when the meeting's own place (if any) is one of
    the trip's stops. A one-day trip date is the day of travel, not of the meetings.
    With `across_paragraphs`, a past journey of an earlier paragraph, for a meeting whose
    place it names among its stops."""
    for frame in reversed(frames):
        if not frame.trip or frame.status != claim.status:
            continue
        if (
            frame.status == STATUS.held
            and frame.paragraph != claim.sentence.paragraph
            and not (across_paragraphs and claim.places)
        ):
            continue
        if not any(d is not None and d.days > 1 for _, d in frame.dates):
            continue
        if any(
            not re.search(rf"(?<!\w){re.escape(span.quote)}(?!\w)", frame.stops)
            for _, span in claim.places
        ):
            continue  # a meeting elsewhere than the trip's stops
        return frame
    return None


def _finish(
    claim: _Claim, captions: list[Sentence], context: PeopleContext, parsed: ParsedArticle
) -> MeetingClaim:
    """The claim as a record: its date, its place (a caption may sharpen it; a call has
    none), its kind and its evidence sentence."""
    interval, expression = _date_of(claim)
    hosts = _countries(list(claim.participants), context)
    place = _best_place(claim.places, hosts, context.reference.places)
    for caption in _captions_about(claim, interval, captions, context):
        caption_place = _best_place(find_places(caption.text, caption.start, context.reference))
        if caption_place and caption_place.more_specific_than(place):
            place = caption_place
    kind = _kind(claim, context)
    if claim.kind_hint == KIND.sidelines and kind in (KIND.talks, KIND.visit, KIND.summit):
        kind = KIND.sidelines  # a headline's meeting that the body puts on the margins
    if kind in (KIND.phone_call, KIND.video_call):
        place = None
    elif place is None:
        trips = _trips_on(claim, interval, context)
        place = _trip_place(claim, interval, trips, context)
        if place is None and not trips:
            place = _dateline_place(claim, interval, parsed, context)
    sentence = claim.sentence
    return MeetingClaim(
        article_id=parsed.article_id,
        participants=tuple(sorted(claim.participants)),
        kind=kind,
        reported_status=claim.status,
        interval=interval,
        date_expression=expression,
        place_id=str(place) if place else "",
        evidence=Span(
            sentence.start, sentence.end, parsed.article.text[sentence.start : sentence.end]
        ),
        sentences=(sentence.start,),
    )


def _date_of(claim: _Claim) -> tuple[DateInterval | None, str]:
    """The first date expression that resolves, and its words (else the first one's words)."""
    for date_expression, resolved in claim.dates:
        if resolved is not None:
            return resolved, date_expression.text
    return None, claim.dates[0][0].text if claim.dates else ""


def _captions_about(
    claim: _Claim,
    interval: DateInterval | None,
    captions: list[Sentence],
    context: PeopleContext,
) -> list[Sentence]:
    """Captions that show this encounter: every participant named, a meeting cue, and a
    date that meets the claim's (or no date on either side)."""
    participants = set(claim.participants)
    out = []
    for caption in captions:
        caption_context = PeopleContext(
            context.reference,
            context.day,
            list(context.named),
            dict(context.extra_people),
            index=context.index,
        )
        caption_ids = {
            m.person_id for m in find_people(caption.text, caption.start, caption_context)
        }
        if not participants <= caption_ids or not CUE.search(caption.text):
            continue
        caption_dates = [resolve_date(e, context, True) for e in find_dates(caption.text)]
        caption_dates = [d for d in caption_dates if d is not None]
        caption_interval = min(caption_dates, key=lambda d: d.days) if caption_dates else None
        if interval is not None and caption_interval is not None:
            if not interval.intersection(caption_interval):
                continue
        elif interval is not None or caption_interval is not None:
            # Without a date on both sides, a caption cannot be tied to this encounter.
            continue
        out.append(caption)
    return out


def _trips_on(
    claim: _Claim, interval: DateInterval | None, context: PeopleContext
) -> list[tuple[str, str]]:
    """(country, locale) of the official trips (trips.csv) of the claim's participants that
    hold its whole interval."""
    if interval is None:
        return []
    trips = context.reference.trips_by_person
    return [
        (country, locale)
        for person_id in claim.participants
        for start, end, country, locale in trips.get(person_id, ())
        if start <= interval.start and interval.end <= end
    ]


def _trip_place(
    claim: _Claim,
    interval: DateInterval | None,
    trips: list[tuple[str, str]],
    context: PeopleContext,
) -> Location | None:
    """Where a held encounter in person took place when the text says nowhere but a
    participant's official trip (trips.csv: US Secretaries of State and Presidents) holds
    its day(s) in one country: its locale when that is one city the gazetteer knows there,
    else the country ("Secretary Pompeo met today with Prime Minister Abe", on a trip to
    Japan)."""
    if claim.status != STATUS.held or interval is None or claim.kind_hint == "spoke":
        return None  # ("spoke with": a call, unless the text puts it in a room)
    if (interval.end - interval.start).days > 1:
        return None
    found = set(trips)  # (`_trips_on`)
    if len({country for country, _ in found}) != 1:
        return None
    country, locale = next(iter(found))
    if len(found) == 1:
        place_id = context.reference.place_by_folded_name.get(locale.strip().casefold())
        if place_id and context.reference.places[place_id].country == country:
            return _city_level(Location.place(place_id), context.reference)
    return Location.country(country)


def _dateline_place(
    claim: _Claim, interval: DateInterval | None, parsed: ParsedArticle, context: PeopleContext
) -> Location | None:
    """The dateline's city ("PANAMA CITY — Obama and Castro met Saturday.") for an encounter
    in person that the text places nowhere, held within two days before the report: where
    the reporter is when the meeting has just taken place. Never for what is still to come
    or long past."""
    if not parsed.dateline or claim.status != STATUS.held or interval is None:
        return None
    if context.day is None or not (
        context.day - dt.timedelta(days=2) <= interval.start and interval.end <= context.day
    ):
        return None
    place_id = context.reference.place_by_folded_name.get(parsed.dateline.casefold())
    if place_id:
        return Location.place(place_id)
    # "NUSA DUA, INDONESIA —": a city the gazetteer lacks gives its country.
    return Location.country(parsed.dateline_country) if parsed.dateline_country else None


def _best_place(
    places: list[tuple[Location, Span]],
    hosts: set[str] = frozenset(),
    gazetteer: dict[str, Place] | None = None,
) -> Location | None:
    """The most specific place, the first of equals; of several countries alone, the one
    a participant is of ("will travel to Lebanon and Syria to meet President Assad": Syria).
    Of several cities of one country (with the `gazetteer`), that country ("will travel
    to Istanbul and Ankara, Turkey ... to meet with Foreign Minister Cavusoglu": which
    city the text does not say).

    >>> from parley.records import Location, Span
    >>> lebanon, syria = Location.country("LB"), Location.country("SY")
    >>> at = Span(0, 0, "")
    >>> str(_best_place([(lebanon, at), (syria, at)], {"SY", "US"}))
    'country:SY'
    """
    best = None
    for value, _ in places:
        if value.more_specific_than(best):
            best = value
    if best is not None and best.is_country and best.code not in hosts:
        best = next((v for v, _ in places if v.is_country and v.code in hosts), best)
    if best is not None and not best.is_country and gazetteer:
        best = _one_city(best, [v for v, _ in places if not v.is_country], gazetteer)
    return best


def _one_city(first: Location, cities: list[Location], gazetteer: dict[str, Place]) -> Location:
    """Of several cities a clause names, their one country, else the first (a city in a
    participant's country is no better guess: "their meeting in Rome ... launched on April
    4 in Ankara")."""
    found: dict[str, tuple[Location, str]] = {}  # city -> (its first place, country)
    for city in cities:
        place = gazetteer.get(city.code)
        if place is not None:
            found.setdefault(place.city_id or place.place_id, (city, place.country))
    if len(found) < 2:
        return first
    countries = {country for _, country in found.values()}
    if len(countries) == 1:
        return Location.country(countries.pop())
    return first


def _is_call(kind: str) -> bool:
    return kind in (KIND.phone_call, KIND.video_call)


def _compatible(a: MeetingClaim, b: MeetingClaim) -> bool:
    if a.participants != b.participants or _is_call(a.kind) != _is_call(b.kind):
        return False
    if a.interval and b.interval:
        return a.interval.intersection(b.interval) is not None
    return True


def _calendar_days(expression: str) -> bool:
    """Whether a date expression names calendar days ("April 21 and 22", "May 3, 2022"),
    not a vaguer stretch ("next month", "this week").

    >>> _calendar_days("April 21 and 22"), _calendar_days("next month")
    (True, False)
    """
    found = find_dates(expression)
    if len(found) != 1 or found[0].rule is None:
        return False
    return found[0].rule.precision != "" or found[0].kind == "between_month_days"


def _merge_within_article(claims: list[MeetingClaim]) -> list[MeetingClaim]:
    """Sentences about the same encounter become one claim (the first sentence is the quote).

    Dated claims merge when their intervals meet (the shared days are the date when
    both have one status); an undated claim joins the claim of the same people and
    status (or, failing that, the only one).
    """
    merged: list[MeetingClaim] = []
    for claim in sorted(claims, key=lambda c: (c.interval is None, c.evidence.start)):
        candidates = [i for i, other in enumerate(merged) if _compatible(other, claim)]
        if claim.interval is None:
            # An undated sentence joins an encounter reported with the same status only.
            same_status = [
                i for i in candidates if merged[i].reported_status == claim.reported_status
            ]
            candidates = same_status if len(same_status) == 1 else []
        if not candidates:
            merged.append(claim)
            continue
        i = candidates[0]
        other = merged[i]
        interval = other.interval
        if interval and claim.interval:
            # Two sentences of one encounter: the sharper date is the encounter's ("next
            # month" ... "on June 12"). But days the text states ("met on April 21 and 22")
            # are not cut by a date of another status ("welcomed that the dialogue will be
            # held on April 22"): that one is another occasion's.
            if other.reported_status == claim.reported_status or not _calendar_days(
                other.date_expression
            ):
                interval = interval.intersection(claim.interval)
        elif claim.interval:
            interval = claim.interval
        place = other.place
        if claim.place and claim.place.more_specific_than(place):
            place = claim.place
        first, second = sorted((other, claim), key=lambda c: c.evidence.start)
        merged[i] = replace(
            first,
            interval=interval,
            place_id=str(place) if place else "",
            kind=other.kind if other.kind != KIND.talks else claim.kind,
            reported_status=other.reported_status,
            date_expression=other.date_expression or claim.date_expression,
            sentences=tuple(sorted(set(other.sentences) | set(claim.sentences))),
        )
    return sorted(merged, key=lambda c: c.evidence.start)


def find_topics(
    parsed: ParsedArticle, reference: Reference, index: TextIndex | None = None
) -> list[TopicMention]:
    """Every topic mention in the body, in text order (`index`: the article's, if scanned)."""
    text = parsed.article.text
    index = index if index is not None and index.text == text else TextIndex(text)
    mentions: list[TopicMention] = []
    for segment in parsed.segments:
        if segment.kind != "body":
            continue
        found = [
            *index.find(reference.topic_gazetteer_exact, segment.start, segment.end),
            *index.find(reference.topic_gazetteer_folded, segment.start, segment.end),
        ]
        for match in leftmost_longest(found):
            start, end = segment.start + match.start, segment.start + match.end
            mentions.append(TopicMention(match.value, Span(start, end, text[start:end])))
    return mentions


def _agenda_windows(sentence: str, folded: str | None = None) -> list[tuple[int, int]]:
    """Where in a sentence the things discussed are named (`folded`: Sentence.folded)."""
    windows = []
    if not _AGENDA_GATE.may_match(sentence, folded):
        return windows
    for match in AGENDA.finditer(sentence):
        stop = AGENDA_STOP.search(sentence, match.end())
        end = min(match.end() + 160, stop.start() if stop else len(sentence))
        windows.append((match.start(), end))
    for match in AGENDA_PASSIVE.finditer(sentence):
        windows.append((0, match.end()))
    return windows


def _city_level(location: Location, reference: Reference) -> Location:
    """A landmark's city ("the Kremlin" -> Moscow); a city or a country as it is."""
    city = None if location.is_country else reference.city_of(location.code)
    return Location.place(city.place_id) if city else location


def agenda_topics(
    claims: list[MeetingClaim],
    topics: list[TopicMention],
    sentences: list[Sentence],
    reference: Reference,
) -> dict[int, list[tuple[str, Span]]]:
    """Topics an article says were or will be discussed at each claim's meeting (by index).

    A topic counts only where a sentence speaks of discussing it (an agenda word)
    and that sentence is about the meeting: one of the claim's own sentences, or
    one that names a meeting ("during the talks", "their discussions"), which is
    taken to mean the nearest preceding claim of the same tense (and place).
    """
    out: dict[int, list[tuple[str, Span]]] = {}
    for sentence in sentences:
        windows = _agenda_windows(sentence.text, sentence.folded)
        if not windows:
            continue
        in_window = [
            t
            for t in topics
            if sentence.start <= t.span.start < sentence.end
            and any(a <= t.span.start - sentence.start < b for a, b in windows)
        ]
        if not in_window:
            continue
        owners = [i for i, c in enumerate(claims) if sentence.start in c.sentences]
        if not owners and REFERS_TO_MEETING.search(sentence.text):
            status = STATUS.planned if FUTURE.search(sentence.text) else STATUS.held
            candidates = [i for i, c in enumerate(claims) if c.reported_status == status]
            named_places = {
                _city_level(p, reference)
                for p, _ in find_places(sentence.text, sentence.start, reference)
            }
            if named_places:
                candidates = [
                    i
                    for i in candidates
                    if claims[i].place and _city_level(claims[i].place, reference) in named_places
                ]
            preceding = [i for i in candidates if claims[i].evidence.start < sentence.start]
            pool = preceding or candidates
            if pool:
                nearest = (
                    max(pool, key=lambda i: claims[i].evidence.start)
                    if preceding
                    else min(pool, key=lambda i: claims[i].evidence.start)
                )
                owners = [
                    i for i in pool if claims[i].evidence.start == claims[nearest].evidence.start
                ]
        for i in owners:
            out.setdefault(i, []).extend((t.topic_id, t.span) for t in in_window)
    return out


# A caption's closing date: "... departs Riyadh for Washington, March 29, 2014."
def analyse_article(
    parsed: ParsedArticle, reference: Reference, day: dt.date | None = None
) -> ArticleFindings:
    """Everything one article yields on its own: claims, people, topics."""
    day_range = None
    if day is None and parsed.published is not None:
        if parsed.published.days == 1:
            day = parsed.published.start
        else:
            day_range = parsed.published
    annotated = annotate(parsed, reference)  # sentences, vocabularies, dates: found once
    claims, context, cited = extract_claims(parsed, reference, day, day_range, annotated)
    topics = find_topics(parsed, reference, annotated.index)
    sentences = annotated.of_kind("body")
    agenda_by_claim = agenda_topics(claims, topics, sentences, reference)
    with_topics = []
    for index, claim in enumerate(claims):
        agenda = agenda_by_claim.get(index, [])
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
        cited_people=cited,
        people_quotes=dict(context.extra_quotes),
        unknown_places=unknown_places(sentences, reference),
    )
