"""Print a seeded random sample of the meetings a build makes, for a person to judge.

Usage:
  python scripts/sample_meetings.py                      # build the State Department corpus, 50 meetings
  python scripts/sample_meetings.py --data /tmp/corpus   # read an existing build instead
  python scripts/sample_meetings.py -n 20 --seed 7       # another sample
  python scripts/sample_meetings.py --readouts 20        # 20 readouts, with the meetings found in each

Meetings: for each sampled meeting row, its participants (name, country, role), date
interval, place, status and kind, then every article link: the article (file, headline,
publication date), what it reported (status, dates, date expression), the evidence quote,
and the paragraphs around it, so that every field can be checked against the words.

Readouts (`--readouts N`): N releases whose headline contains "Call", "Meeting", "Meets" or
"Visit", each printed whole with the meetings the build links to it, so that a reader can
count the meetings the text states and how many the build found.

Deterministic: articles are read in file-name order, the sample is drawn with
random.Random(SEED) from the rows sorted by id, and the same build gives the same sample
(a different build, after an extractor change, gives different rows to read). Without
--data the corpus is built into a temporary folder (never into the checkout); the default
corpus is ../shared/corpora/state-dept-2021-2022/articles beside the checkout. The results
of reading a sample are recorded in docs/quality.md.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import tempfile
import textwrap
from collections import defaultdict
from pathlib import Path

from parley.build import build
from parley.paths import PROJECT_ROOT

DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "corpora" / "state-dept-2021-2022" / "articles"
DEFAULT_SEED = 2021
READOUT_WORDS = ("Call", "Meeting", "Meets", "Visit")
CONTEXT_PARAGRAPHS = 1  # paragraphs shown before and after the one holding the quote
MAX_PARAGRAPH = 700  # characters shown of one context paragraph


def read_table(data: Path, name: str) -> list[dict[str, str]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with open(data / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Package:
    """The rows of a built package this script prints, indexed."""

    def __init__(self, data: Path):
        self.meetings = {row["meeting_id"]: row for row in read_table(data, "meetings")}
        self.articles = {row["article_id"]: row for row in read_table(data, "articles")}
        self.people = {row["person_id"]: row for row in read_table(data, "people")}
        self.participants: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in read_table(data, "meeting_participants"):
            self.participants[row["meeting_id"]].append(row)
        self.links: dict[str, list[dict[str, str]]] = defaultdict(list)
        self.links_of_article: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in read_table(data, "article_meetings"):
            self.links[row["meeting_id"]].append(row)
            self.links_of_article[row["article_id"]].append(row)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the non-blank lines of a text: the paragraphs of a release."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]


def context(text: str, start: int, end: int, around: int = CONTEXT_PARAGRAPHS) -> list[str]:
    """The paragraph holding text[start:end] and `around` paragraphs on each side,
    the quote marked with [[ ]]."""
    spans = paragraphs(text)
    holding = [i for i, (s, e) in enumerate(spans) if s <= start < e or s < end <= e]
    if not holding:
        return []
    first, last = max(0, holding[0] - around), min(len(spans) - 1, holding[-1] + around)
    out = []
    for s, e in spans[first : last + 1]:
        piece = text[s:e]
        if s <= start < e or s < end <= e:
            a, b = max(start, s) - s, min(end, e) - s
            piece = f"{piece[:a]}[[{piece[a:b]}]]{piece[b:]}"
        elif len(piece) > MAX_PARAGRAPH:
            piece = piece[:MAX_PARAGRAPH] + " ..."
        out.append(piece)
    return out


def describe_meeting(package: Package, meeting_id: str, number: int) -> str:
    meeting = package.meetings[meeting_id]
    lines = [
        f"=== {number}. {meeting_id}: {meeting['title']}",
        f"  date:   {meeting['date_start'] or '?'}..{meeting['date_end'] or '?'}",
        f"  place:  {meeting['city'] or '-'}, {meeting['country'] or '-'}",
        f"  status: {meeting['status']} (as of {meeting['status_as_of']})   kind: {meeting['kind']}",
        "  participants:",
    ]
    for row in package.participants[meeting_id]:
        name = package.people.get(row["person_id"], {}).get("name", row["person_id"])
        lines.append(f"    - {name} ({row['country']}), {row['title'] or row['role']}")
    for link in package.links[meeting_id]:
        article = package.articles[link["article_id"]]
        lines += [
            f"  article {article['seed_file']}: {article['title']}",
            f"    published {article['published_start'] or '?'}..{article['published_end'] or '?'}"
            f" ({article['published_basis'] or 'unknown'});"
            f" reported {link['reported_status']}"
            f" {link['reported_date_start'] or '?'}..{link['reported_date_end'] or '?'}"
            f" from {link['date_expression']!r}",
        ]
        start, end = int(link["char_start"]), int(link["char_end"])
        for piece in context(article["text"], start, end):
            lines.append(textwrap.indent(textwrap.fill(piece, 100), "    | "))
    return "\n".join(lines)


def sample_meetings(package: Package, count: int, seed: int) -> list[str]:
    ids = sorted(package.meetings)
    return random.Random(seed).sample(ids, min(count, len(ids)))


def is_readout(title: str) -> bool:
    return any(word in title for word in READOUT_WORDS)


def sample_readouts(package: Package, count: int, seed: int) -> list[str]:
    ids = sorted(
        (article["seed_file"], article_id)
        for article_id, article in package.articles.items()
        if is_readout(article["title"])
    )
    chosen = random.Random(seed).sample(ids, min(count, len(ids)))
    return [article_id for _, article_id in chosen]


def describe_readout(package: Package, article_id: str, number: int) -> str:
    article = package.articles[article_id]
    links = package.links_of_article[article_id]
    lines = [f"=== readout {number}. {article['seed_file']}: {article['title']}", ""]
    lines += [
        textwrap.indent(textwrap.fill(p, 100), "  | ")
        for p in article["text"].splitlines()
        if p.strip()
    ]
    lines.append(f"  -> {len(links)} meeting link(s) in the build:")
    for link in links:
        meeting = package.meetings[link["meeting_id"]]
        names = ", ".join(
            package.people.get(row["person_id"], {}).get("name", row["person_id"])
            for row in package.participants[link["meeting_id"]]
        )
        lines.append(
            f"    - {meeting['kind']} {link['reported_status']} "
            f"{meeting['date_start'] or '?'}..{meeting['date_end'] or '?'} "
            f"{meeting['city'] or '-'},{meeting['country'] or '-'}: {names}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, default=DEFAULT_CORPUS, help="corpus to build")
    parser.add_argument("--data", type=Path, help="read this built package instead of building")
    parser.add_argument("-n", type=int, default=50, help="meetings to sample (default 50)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"default {DEFAULT_SEED}")
    parser.add_argument("--readouts", type=int, help="sample this many readouts instead")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="parley-sample-") as scratch:
        data = args.data
        if data is None:
            if not args.articles.is_dir():
                print(f"Error: {args.articles}: no such folder", file=sys.stderr)
                return 2
            data = Path(scratch) / "data"
            summary = build(args.articles, data)
            print(f"# built {args.articles}: {summary.line()}", file=sys.stderr)
        elif not (data / "meetings.csv").is_file():
            print(f"Error: {data}: not a built package (no meetings.csv)", file=sys.stderr)
            return 2
        package = Package(data)
    if args.readouts:
        chosen = sample_readouts(package, args.readouts, args.seed)
        print(f"# {len(chosen)} readouts, seed {args.seed}\n")
        for number, article_id in enumerate(chosen, start=1):
            print(describe_readout(package, article_id, number) + "\n")
        return 0
    chosen = sample_meetings(package, args.n, args.seed)
    print(f"# {len(chosen)} of {len(package.meetings)} meetings, seed {args.seed}\n")
    for number, meeting_id in enumerate(chosen, start=1):
        print(describe_meeting(package, meeting_id, number) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
