"""Score a built data package against gold annotations (`parley eval`).

The gold format is documented in `docs/gold-format.md` and checked against
`docs/gold.schema.json`; the people file against `docs/gold-people.schema.json`.
The semantics are those of the project's reference scorer (`../shared/tools/score.py`),
figure for figure, so that `parley eval --json` and the reference agree:

- The unit is an *interaction*: an article, a date interval and an unordered pair of
  participants from different countries. A predicted meeting linked to an article yields
  one predicted pair per cross-country pair of its participants. People are matched by
  the last word of their (ASCII-folded) name through the gold people file and its aliases.
- A gold pair is found by an unused predicted pair of the same people whose dates overlap
  the gold interval (or by an undated one when no dated one exists); when the gold date
  is not inferable from the text, any date will do.
- Found pairs are then checked for date (predicted interval within gold), status, and
  place (country equal, and city a substring either way of the gold city or one of its
  `city_alt`, when the gold gives a country).
- Optional gold items, and items without a cross-country pair, are neither required nor
  penalised: predicted pairs that touch their people (and overlap their dates) are absorbed.
  Other pairs among the people of a found encounter (including its
  `optional_participants`) are absorbed too when their dates overlap.
- Every predicted pair left over is an EXTRA (false positive), counted once per meeting.
- Publication date: right when the predicted interval lies within the gold one; when the
  gold says it is not inferable from the text, leaving it unknown is right as well, and a
  predicted date that does not overlap the gold one is counted as *wrong*.
- Topic recall: gold topic labels matched by the article's topic labels or aliases (equal,
  or, for labels over three letters, one inside the other).
- Events split: gold events (an `event` id, or one gold item) found through several
  meeting rows; rows merging events: meeting rows that found several gold events.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from parley.errors import ParleyError
from parley.package import TableError, iter_rows, read_json
from parley.paths import GOLD_PEOPLE_SCHEMA as PEOPLE_SCHEMA
from parley.paths import GOLD_SCHEMA
from parley.problems import json_path

# Several column names are accepted for one value, as the reference scorer accepts them,
# so that packages from other tools (or older Parley builds) can be scored too.
ARTICLE_FILE_COLUMNS = ("seed_file", "file", "source_file", "filename", "path")
PUBLISHED_START_COLUMNS = ("published_start", "published", "published_date", "date")
PUBLISHED_END_COLUMNS = ("published_end", "published", "published_date", "date")
MEETING_START_COLUMNS = ("date_start", "start_date", "date")
MEETING_END_COLUMNS = ("date_end", "end_date", "date")


class EvaluationError(ParleyError):
    """Input that cannot be scored: a missing folder or file, or a gold file that is not valid."""


# --- small helpers --------------------------------------------------------------------


def fold(text: str | None) -> str:
    """Lower-case ASCII letters only, words separated by one space.

    >>> fold("Rastislav Káčer")
    'rastislav kacer'
    >>> fold("al-Jubeir")
    'al jubeir'
    """
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]+", " ", ascii_text.lower()).strip()


def name_key(name: str) -> str:
    """The key people are matched by: the last word of the folded name.

    >>> name_key("Antony J. Blinken")
    'blinken'
    """
    words = fold(name).split()
    return words[-1] if words else ""


def parse_day(value: str | None) -> dt.date | None:
    """The day at the start of an ISO date or timestamp; None when empty or not a date."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def overlaps(
    start: dt.date | None, end: dt.date | None, low: dt.date | None, high: dt.date | None
) -> bool:
    """Whether [start, end] meets the gold bounds [low, high] (None bounds are open).

    An undated prediction overlaps nothing; a missing end is the start.
    """
    if start is None:
        return False
    end = end or start
    return (high is None or start <= high) and (low is None or end >= low)


def within(
    start: dt.date | None, end: dt.date | None, low: dt.date | None, high: dt.date | None
) -> bool:
    """Whether [start, end] lies inside the gold bounds [low, high] (None bounds are open)."""
    if start is None:
        return False
    end = end or start
    return (low is None or low <= start) and (high is None or end <= high)


def file_stem(name: str) -> str:
    """The file name without its last extension: how gold files and articles are matched.

    >>> file_stem("d01.txt")
    'd01'
    """
    return os.path.splitext(name)[0]


def first_value(row: dict[str, str] | None, *columns: str) -> str | None:
    """The first non-empty value among the columns, or None."""
    for column in columns:
        value = (row or {}).get(column)
        if value not in (None, ""):
            return value
    return None


# --- inputs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldPeople:
    """The gold people file: canonical names, their countries, and the key -> name index."""

    countries: dict[str, str | None]
    by_key: dict[str, str]

    @classmethod
    def from_json(cls, document: dict[str, dict[str, Any]]) -> GoldPeople:
        by_key: dict[str, str] = {}
        # Two people sharing a last word collide: the later one wins, as in the reference.
        for name, info in document.items():
            for alias in [name, *info.get("aliases", [])]:
                by_key[name_key(alias)] = name
        return cls({name: info.get("country") for name, info in document.items()}, by_key)

    def canonical(self, name: str) -> str:
        return self.by_key.get(name_key(name), name)

    def country(self, name: str) -> str | None:
        return self.countries.get(name)


@dataclass(frozen=True)
class GoldFile:
    path: Path
    document: dict[str, Any]


@functools.cache
def _validator(schema_path: Path) -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def schema_problems(document: Any, schema_path: Path) -> list[str]:
    """One line per way the document breaks the JSON Schema: where, then what."""
    errors = sorted(
        _validator(schema_path).iter_errors(document), key=lambda e: list(map(str, e.path))
    )
    return [f"{json_path(error.absolute_path)}: {error.message}" for error in errors]


def load_people(path: Path) -> GoldPeople:
    """Read and check the gold people file (canonical name -> country and aliases)."""
    if not path.is_file():
        raise EvaluationError(f"{path}: people file not found (give it with --people)")
    document = read_json(path, error=EvaluationError)
    problems = schema_problems(document, PEOPLE_SCHEMA)
    if problems:
        raise EvaluationError(f"{path}: not a valid people file: {problems[0]}")
    return GoldPeople.from_json(document)


def gold_problems(document: Any, people: GoldPeople | None = None) -> list[str]:
    """Problems of one gold document: its schema, then rules a schema cannot say."""
    problems = schema_problems(document, GOLD_SCHEMA)
    if problems:
        return problems
    for number, item in enumerate(document["interactions"]):
        low, high = parse_day(item["date_earliest"]), parse_day(item["date_latest"])
        if low and high and low > high:
            problems.append(f"interactions[{number}]: date_earliest is after date_latest")
        if people is not None:
            for name in item["participants"] + item.get("optional_participants", []):
                if name not in people.countries:
                    problems.append(
                        f"interactions[{number}]: participant {name!r} is not in the people file"
                    )
    published = document["published"]
    low, high = parse_day(published["earliest"]), parse_day(published["latest"])
    if low and high and low > high:
        problems.append("published: earliest is after latest")
    return problems


def load_gold(gold_dir: Path, people: GoldPeople | None = None) -> list[GoldFile]:
    """Every `*.json` of the gold folder, by file name, each checked against the gold schema."""
    if not gold_dir.is_dir():
        raise EvaluationError(f"{gold_dir}: gold folder not found")
    paths = sorted(path for path in gold_dir.iterdir() if path.name.endswith(".json"))
    if not paths:
        raise EvaluationError(f"{gold_dir}: no gold files (*.json) in the folder")
    files = []
    for path in paths:
        document = read_json(path, error=EvaluationError)
        problems = gold_problems(document, people)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise EvaluationError(f"{path}: not a valid gold file: {problems[0]}{more}")
        files.append(GoldFile(path, document))
    return files


def _read_table(data_dir: Path, name: str, required: bool = False) -> list[dict[str, str]]:
    """Rows of `NAME.csv`; a missing optional table has no rows (as in the reference)."""
    path = data_dir / f"{name}.csv"
    if not path.exists():
        if required:
            raise EvaluationError(f"{path}: not found (is {data_dir} a built package?)")
        return []
    try:
        return [row for _, row in iter_rows(path)]
    except TableError as error:
        reason = str(error).removeprefix(f"{path}: ")
        raise EvaluationError(f"{path}: cannot read: {reason}") from None


@dataclass
class Package:
    """The rows of a built package that scoring needs, indexed by their keys."""

    articles: list[dict[str, str]]
    people: dict[str, dict[str, str]]
    meetings: dict[str, dict[str, str]]
    participants: dict[str, list[str]]
    links: dict[str, list[dict[str, str]]]
    topics: dict[str, dict[str, str]]
    article_topics: dict[str, set[str]]

    @classmethod
    def read(cls, data_dir: Path) -> Package:
        if not data_dir.is_dir():
            raise EvaluationError(f"{data_dir}: data folder not found")

        def by_id(rows: list[dict[str, str]], *columns: str) -> dict[str, dict[str, str]]:
            return {first_value(row, *columns): row for row in rows}

        participants: dict[str, list[str]] = {}
        for row in _read_table(data_dir, "meeting_participants"):
            participants.setdefault(first_value(row, "meeting_id"), []).append(
                first_value(row, "person_id")
            )
        links: dict[str, list[dict[str, str]]] = {}
        for row in _read_table(data_dir, "article_meetings"):
            links.setdefault(first_value(row, "article_id"), []).append(row)
        article_topics: dict[str, set[str]] = {}
        for row in _read_table(data_dir, "article_topics"):
            article_topics.setdefault(first_value(row, "article_id"), set()).add(
                first_value(row, "topic_id")
            )
        return cls(
            articles=_read_table(data_dir, "articles", required=True),
            people=by_id(_read_table(data_dir, "people"), "person_id", "id"),
            meetings=by_id(_read_table(data_dir, "meetings"), "meeting_id", "id"),
            participants=participants,
            links=links,
            topics=by_id(_read_table(data_dir, "topics"), "topic_id", "id"),
            article_topics=article_topics,
        )

    def articles_by_file(self) -> dict[str, dict[str, str]]:
        """Articles by file name, by file name without extension, and by id."""
        index: dict[str, dict[str, str]] = {}
        for article in self.articles:
            name = os.path.basename(first_value(article, *ARTICLE_FILE_COLUMNS) or "")
            index[name] = article
            index[file_stem(name)] = article
            article_id = first_value(article, "article_id", "id")
            if article_id:
                index.setdefault(article_id, article)
        return index


# --- scoring --------------------------------------------------------------------------


@dataclass(frozen=True)
class PredictedPair:
    """One cross-country pair of a predicted meeting, as one article reports it."""

    meeting_id: str | None
    pair: frozenset[str]
    start: dt.date | None
    end: dt.date | None
    status: str
    city: str
    country: str


DETAIL_KINDS = {
    "missing_article": "articles missing",
    "missed": "missed",
    "extra": "extra",
    "date": "date",
    "status": "status",
    "place": "place",
    "published": "publication date",
}
"""Kinds of error line, in the order the counts are shown, with their label."""


@dataclass(frozen=True)
class Detail:
    """One error line: the article, what kind of error, and the text shown."""

    article: str
    kind: str  # a key of DETAIL_KINDS
    text: str

    def __str__(self) -> str:
        return f"{self.article}: {self.text}"


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    date_ok: int = 0
    date_n: int = 0
    status_ok: int = 0
    place_ok: int = 0
    place_n: int = 0
    published_ok: int = 0
    published_n: int = 0
    published_wrong: int = 0
    topic_hits: int = 0
    topic_n: int = 0
    missing_articles: int = 0


@dataclass
class Evaluation:
    """The figures and the error lines of one scoring run."""

    tally: Tally = field(default_factory=Tally)
    details: list[Detail] = field(default_factory=list)
    # gold event (its `event` id, or one gold item) -> meeting rows that found it
    event_rows: dict[str, set[str | None]] = field(default_factory=dict)

    def note(self, article: str, kind: str, text: str) -> None:
        self.details.append(Detail(article, kind, text))

    def summary(self) -> dict[str, Any]:
        """The figures under the reference scorer's keys, in its order and rounding."""
        t = self.tally
        precision = t.tp / max(1, t.tp + t.fp)
        recall = t.tp / max(1, t.tp + t.fn)
        f1 = 2 * precision * recall / max(1e-9, precision + recall)
        row_events: dict[str | None, set[str]] = {}
        for event, rows in self.event_rows.items():
            for row in rows:
                row_events.setdefault(row, set()).add(event)
        return {
            "f1": round(f1, 3),
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "tp": t.tp,
            "fp": t.fp,
            "fn": t.fn,
            "date_ok": f"{t.date_ok}/{t.date_n}",
            "status_ok": f"{t.status_ok}/{t.tp}",
            "place_ok": f"{t.place_ok}/{t.place_n}",
            "published_ok": f"{t.published_ok}/{t.published_n}",
            "published_wrong": t.published_wrong,
            "topic_recall": f"{t.topic_hits}/{t.topic_n}",
            "events_split": sum(1 for rows in self.event_rows.values() if len(rows) > 1),
            "rows_merging_events": sum(1 for events in row_events.values() if len(events) > 1),
            "missing_articles": t.missing_articles,
        }

    def error_counts(self) -> str:
        """ "27 missed, 1 extra, 10 date, ...": how many error lines of each kind."""
        counts: dict[str, int] = {}
        for detail in self.details:
            counts[detail.kind] = counts.get(detail.kind, 0) + 1
        order = [kind for kind in DETAIL_KINDS if kind in counts]
        return ", ".join(f"{counts[kind]} {DETAIL_KINDS[kind]}" for kind in order) or "no errors"

    def summary_line(self) -> str:
        return " ".join(f"{key}={value}" for key, value in self.summary().items())

    def as_json(self) -> dict[str, Any]:
        return {**self.summary(), "details": [str(detail) for detail in self.details]}


def _pairs(names: list[str]) -> set[frozenset[str]]:
    return {frozenset(pair) for pair in itertools.combinations(names, 2)}


class _ArticleScorer:
    """Scores one article: its publication date, its pairs and its topics."""

    def __init__(
        self,
        evaluation: Evaluation,
        people: GoldPeople,
        package: Package,
        gold: dict[str, Any],
        article: dict[str, str],
    ):
        self.evaluation = evaluation
        self.tally = evaluation.tally
        self.people = people
        self.package = package
        self.gold = gold
        self.article = article
        self.stem = file_stem(gold["file"])
        self.article_id = first_value(article, "article_id", "id")
        self.predictions = self._predictions()
        self.used: set[int] = set()

    def note(self, kind: str, text: str) -> None:
        self.evaluation.note(self.stem, kind, text)

    # people of the package, as gold names and countries
    def person_name(self, person_id: str | None) -> str:
        row = self.package.people.get(person_id)
        name = first_value(row, "name", "canonical_name", "label") or person_id or ""
        return self.people.canonical(name)

    def person_country(self, person_id: str | None) -> str | None:
        row = self.package.people.get(person_id)
        return first_value(row, "country", "country_code") or self.people.country(
            self.person_name(person_id)
        )

    def _predictions(self) -> list[PredictedPair]:
        predictions = []
        for link in self.package.links.get(self.article_id, []):
            meeting_id = first_value(link, "meeting_id")
            meeting = self.package.meetings.get(meeting_id) or {}
            start = parse_day(first_value(meeting, *MEETING_START_COLUMNS))
            end = parse_day(first_value(meeting, *MEETING_END_COLUMNS)) or start
            # What this article reports (the link) comes before the meeting's overall status.
            status = first_value(link, "reported_status", "status") or first_value(
                meeting, "status"
            )
            person_ids = sorted(set(self.package.participants.get(meeting_id, [])))
            for one, other in itertools.combinations(person_ids, 2):
                one_country, other_country = self.person_country(one), self.person_country(other)
                if one_country and other_country and one_country == other_country:
                    continue  # a delegation's own members are not an interaction
                predictions.append(
                    PredictedPair(
                        meeting_id=meeting_id,
                        pair=frozenset((self.person_name(one), self.person_name(other))),
                        start=start,
                        end=end,
                        status=(status or "").lower(),
                        city=fold(first_value(meeting, "city", "location_city")),
                        country=(
                            first_value(meeting, "country", "country_code", "location_country")
                            or ""
                        ).upper(),
                    )
                )
        return predictions

    def score(self) -> None:
        self.score_publication_date()
        # Required items first, so an optional reading never takes a pair a required one needs;
        # among each, items whose date the text fixes first.
        items = sorted(
            self.gold["interactions"],
            key=lambda item: (item.get("optional", False), not item.get("date_inferable", True)),
        )
        for item in items:
            self.score_item(item)
        self.count_extras()
        self.score_topics()

    def score_publication_date(self) -> None:
        gold = self.gold["published"]
        low, high = parse_day(gold.get("earliest")), parse_day(gold.get("latest"))
        start = parse_day(first_value(self.article, *PUBLISHED_START_COLUMNS))
        end = parse_day(first_value(self.article, *PUBLISHED_END_COLUMNS)) or start
        inferable = gold.get("inferable", True)
        self.tally.published_n += 1
        if inferable:
            right = within(start, end, low, high)
        else:
            # Not fixed by the text: unknown is right, and so is any date that could be true.
            right = start is None or overlaps(start, end, low, high)
        if right:
            self.tally.published_ok += 1
            return
        if start is not None and not overlaps(start, end, low, high):
            self.tally.published_wrong += 1
        self.note(
            "published",
            f"published {start}..{end} vs gold {low}..{high}"
            + ("" if inferable else " (not inferable)"),
        )

    def _dates_fit(self, pred: PredictedPair, item: dict[str, Any], undated_ok: bool) -> bool:
        if not item.get("date_inferable", True):
            return True
        if undated_ok and pred.start is None:
            return True
        return overlaps(
            pred.start, pred.end, parse_day(item["date_earliest"]), parse_day(item["date_latest"])
        )

    def score_item(self, item: dict[str, Any]) -> None:
        names = item["participants"]
        extra_names = item.get("optional_participants", [])
        required = {
            frozenset((one, other))
            for one, other in itertools.combinations(names, 2)
            if self.people.country(one) != self.people.country(other)
        }
        if item.get("optional") or not required:
            # Neither required nor penalised: absorb the predictions that touch its people.
            people = set(names) | set(extra_names)
            for number, pred in enumerate(self.predictions):
                if (
                    number not in self.used
                    and pred.pair & people
                    and self._dates_fit(pred, item, undated_ok=True)
                ):
                    self.used.add(number)
            return
        for pair in sorted(required, key=sorted):
            self.match_pair(item, pair)
        # Other pairs of the same encounter (say, two counterparts of one US official) are
        # not false positives when their dates overlap.
        allowed = required | _pairs(names + extra_names)
        for number, pred in enumerate(self.predictions):
            if (
                number not in self.used
                and pred.pair in allowed
                and self._dates_fit(pred, item, undated_ok=False)
            ):
                self.used.add(number)

    def match_pair(self, item: dict[str, Any], pair: frozenset[str]) -> None:
        low, high = parse_day(item["date_earliest"]), parse_day(item["date_latest"])
        candidates = [
            number
            for number, pred in enumerate(self.predictions)
            if number not in self.used and pred.pair == pair
        ]
        dated = [n for n in candidates if self._dates_fit(self.predictions[n], item, False)]
        undated = [n for n in candidates if self.predictions[n].start is None]
        names = sorted(pair)
        if not dated and not undated:
            self.tally.fn += 1
            self.note(
                "missed", f"MISSED {names} {low}..{high} {item['status']}: {item['evidence'][:80]}"
            )
            return
        number = (dated or undated)[0]
        pred = self.predictions[number]
        self.used.add(number)
        self.tally.tp += 1
        event = item.get("event") or f"{self.stem}:{item['evidence'][:30]}"
        self.evaluation.event_rows.setdefault(event, set()).add(pred.meeting_id)
        if item.get("date_inferable", True):
            self.tally.date_n += 1
            if within(pred.start, pred.end, low, high):
                self.tally.date_ok += 1
            else:
                self.note("date", f"{names} date {pred.start}..{pred.end} vs gold {low}..{high}")
        if pred.status == item["status"]:
            self.tally.status_ok += 1
        else:
            self.note("status", f"{names} status {pred.status!r} vs {item['status']}")
        if item.get("country"):
            self.tally.place_n += 1
            if self._place_right(pred, item):
                self.tally.place_ok += 1
            else:
                self.note(
                    "place",
                    f"{names} place {pred.city!r},{pred.country!r} vs "
                    f"{item.get('city')},{item['country']}",
                )

    @staticmethod
    def _place_right(pred: PredictedPair, item: dict[str, Any]) -> bool:
        if pred.country != item["country"]:
            return False
        gold_cities = [fold(city) for city in [item.get("city"), *item.get("city_alt", [])] if city]
        if not gold_cities:
            return True  # the gold names only the country
        # "New York" matches "new york city"; either may be the longer name.
        return bool(pred.city) and any(
            city in pred.city or pred.city in city for city in gold_cities
        )

    def count_extras(self) -> None:
        for number, pred in enumerate(self.predictions):
            if number in self.used:
                continue
            # A meeting linked twice to one article is one prediction, not two.
            repeated = any(
                other in self.used
                and self.predictions[other].pair == pred.pair
                and self.predictions[other].meeting_id == pred.meeting_id
                for other in range(len(self.predictions))
            )
            if not repeated:
                self.tally.fp += 1
                self.note(
                    "extra",
                    f"EXTRA {sorted(pred.pair)} {pred.start}..{pred.end} {pred.status} "
                    f"(meeting {pred.meeting_id})",
                )
            self.used.add(number)

    def score_topics(self) -> None:
        gold = {fold(label) for label in self.gold.get("topics", [])}
        found: set[str] = set()
        for topic_id in self.package.article_topics.get(self.article_id, set()):
            topic = self.package.topics.get(topic_id) or {}
            label = first_value(topic, "label", "name", "title") or topic_id or ""
            aliases = (first_value(topic, "aliases") or "").split("|")
            found |= {fold(name) for name in [label, *aliases] if name}
        hits = {
            label
            for label in gold
            if any(
                label == other or (len(label) > 3 and (label in other or other in label))
                for other in found
            )
        }
        self.tally.topic_hits += len(hits)
        self.tally.topic_n += len(gold)


def default_people_path(gold_dir: Path) -> Path:
    """`people.json` beside the gold folder, as in the dev set."""
    return gold_dir.resolve().parent / "people.json"


def evaluate(data_dir: Path, gold_dir: Path, people_path: Path | None = None) -> Evaluation:
    """Score the package in DATA_DIR against every gold file of GOLD_DIR."""
    people = load_people(people_path or default_people_path(gold_dir))
    gold_files = load_gold(gold_dir, people)
    package = Package.read(data_dir)
    articles = package.articles_by_file()
    evaluation = Evaluation()
    for gold_file in gold_files:
        gold = gold_file.document
        stem = file_stem(gold["file"])
        article = articles.get(gold["file"]) or articles.get(stem)
        if article is None:
            evaluation.tally.missing_articles += 1
            # As the reference: every required item counts once as missed.
            evaluation.tally.fn += sum(
                1 for item in gold["interactions"] if not item.get("optional")
            )
            evaluation.note(stem, "missing_article", "article missing from articles.csv")
            continue
        _ArticleScorer(evaluation, people, package, gold, article).score()
    return evaluation
