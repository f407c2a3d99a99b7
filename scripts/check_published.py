"""Compare the publication dates of a build with a manifest of true dates.

Usage:
    python scripts/check_published.py BUILD_DIR MANIFEST_TSV [--show wrong,unknown,vague]

BUILD_DIR is the output of `parley build` (it holds articles.csv); MANIFEST_TSV has
a `file` column (the article's file name) and a `published` column (ISO date), like
../shared/corpora/state-dept-2021-2022/manifest.tsv. Each article is counted as:

- right:   the build's interval is exactly the true day;
- vague:   the interval contains the true day but is wider than it;
- wrong:   the interval does not contain the true day;
- unknown: the build gives no publication date;
- missing: the manifest names a file the build did not read (duplicates, bad files).

It prints the counts, then the articles of the kinds given by --show (default: wrong).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

csv.field_size_limit(sys.maxsize)


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def judge(start: dt.date | None, end: dt.date | None, truth: dt.date) -> str:
    """right, vague, wrong or unknown for one article."""
    if start is None:
        return "unknown"
    end = end or start
    if start == end == truth:
        return "right"
    if start <= truth <= end:
        return "vague"
    return "wrong"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("build", type=Path, help="folder written by parley build")
    parser.add_argument("manifest", type=Path, help="TSV with file and published columns")
    parser.add_argument("--show", default="wrong", help="kinds to list, comma-separated")
    args = parser.parse_args(argv)
    articles_csv = args.build / "articles.csv"
    for path in (articles_csv, args.manifest):
        if not path.is_file():
            print(f"check_published: {path}: no such file", file=sys.stderr)
            return 2
    with articles_csv.open(encoding="utf-8", newline="") as handle:
        built = {row["seed_file"]: row for row in csv.DictReader(handle)}
    counts = {"right": 0, "vague": 0, "wrong": 0, "unknown": 0, "missing": 0}
    shown = {kind.strip() for kind in args.show.split(",") if kind.strip()}
    listing = []
    with args.manifest.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        missing = {"file", "published"} - set(reader.fieldnames or [])
        if missing:
            print(
                f"check_published: {args.manifest}: line 1: no column {', '.join(sorted(missing))}",
                file=sys.stderr,
            )
            return 2
        for line, row in enumerate(reader, start=2):
            truth = _date(row.get("published", ""))
            if truth is None:
                print(
                    f"check_published: {args.manifest}: line {line}: "
                    f"bad published date {row.get('published')!r}",
                    file=sys.stderr,
                )
                return 2
            article = built.get(row["file"])
            if article is None:
                counts["missing"] += 1
                continue
            start, end = _date(article["published_start"]), _date(article["published_end"])
            kind = judge(start, end, truth)
            counts[kind] += 1
            if kind in shown:
                listing.append(
                    f"{kind}\t{row['file']}\t{start or ''}..{end or ''}\ttrue {truth}\t"
                    f"{article['published_basis']}: {article['published_note']}"
                )
    print(" ".join(f"{kind}={n}" for kind, n in counts.items()))
    for entry in listing:
        print(entry)
    return 0


if __name__ == "__main__":
    sys.exit(main())
