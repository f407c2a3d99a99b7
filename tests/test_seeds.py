"""The seed articles are in seeds/ byte for byte."""

import hashlib

from helpers import SEEDS


def test_every_listed_seed_has_its_recorded_sha256():
    listed = [line.split() for line in (SEEDS / "SHA256SUMS").read_text().splitlines() if line]
    assert len(listed) == 5
    for digest, name in listed:
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == digest, name


def test_seeds_holds_no_unlisted_article():
    listed = {line.split()[1] for line in (SEEDS / "SHA256SUMS").read_text().splitlines() if line}
    assert {p.name for p in SEEDS.glob("*.txt")} == listed
