"""Rules no schema can express, run by `parley validate` after frictionless."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from parley.validate import Problem


def _rows(base: Path, descriptor: dict, name: str) -> tuple[str, list[dict]]:
    resource = next(r for r in descriptor["resources"] if r["name"] == name)
    path = base / resource["path"]
    with open(path, encoding="utf-8", newline="") as handle:
        return resource["path"], list(csv.DictReader(handle))


def check_semantics(descriptor_path: Path) -> list[Problem]:
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    base = descriptor_path.parent
    problems: list[Problem] = []
    articles_file, articles = _rows(base, descriptor, "articles")
    texts = {a["article_id"]: a["text"] for a in articles}
    for name in ("article_meetings", "article_sources", "article_topics"):
        file, rows = _rows(base, descriptor, name)
        for number, row in enumerate(rows, start=2):
            text = texts.get(row["article_id"], "")
            start, end = int(row["char_start"]), int(row["char_end"])
            if text[start:end] != row["quote"]:
                problems.append(
                    Problem(
                        file, f"quote is not the article's text at {start}..{end}", number, "quote"
                    )
                )
    meetings_file, meetings = _rows(base, descriptor, "meetings")
    for number, row in enumerate(meetings, start=2):
        if row["date_start"] and row["date_end"] and row["date_start"] > row["date_end"]:
            problems.append(
                Problem(
                    meetings_file,
                    f"date_start {row['date_start']} is after date_end {row['date_end']}",
                    number,
                    "date_start",
                )
            )
    return problems
