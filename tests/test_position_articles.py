"""Positions on whole articles written for the tests (other regions and wire styles than the dev set),
through the whole pipeline: a generalization check beyond the evaluation's dev articles.

Each article in ``tests/data/position_articles`` lists the positions it states and a few it must not
yield. A position the article does not state is worse than a missed one, so the triples listed as
absent are checked strictly and precision over all articles must stay higher than recall.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dipkg.article import article_from_text
from dipkg.extract.pipeline import extract_articles

FOLDER = Path(__file__).parent / "data" / "position_articles"
NAMES = sorted(p.stem for p in FOLDER.glob("*.txt"))
MIN_PRECISION = 0.9
MIN_RECALL = 0.75

Triple = tuple[str, str, str]


def _triples(items: list[dict]) -> set[Triple]:
    return {(p["holder"], p["issue"], p["stance"]) for p in items}


@pytest.fixture(scope="module")
def results() -> dict[str, tuple[set[Triple], set[Triple], set[Triple]]]:
    """name -> (found, expected, absent)."""
    articles, keys = [], {}
    for name in NAMES:
        key = json.loads((FOLDER / f"{name}.json").read_text(encoding="utf-8"))
        published = key.get("meta", {}).get("published")
        articles.append(article_from_text((FOLDER / f"{name}.txt").read_text(encoding="utf-8"), name,
                                          f"{name}.txt", date.fromisoformat(published) if published else None))
        keys[name] = key
    out = {}
    for extraction in extract_articles(articles):
        key = keys[extraction.article.id]
        found = {(p.holder.key, p.issue, p.stance.value) for p in extraction.positions}
        out[extraction.article.id] = (found, _triples(key["positions"]), _triples(key.get("absent", [])))
    return out


def test_there_are_articles_from_several_regions() -> None:
    regions = {json.loads((FOLDER / f"{n}.json").read_text(encoding="utf-8"))["meta"]["region"] for n in NAMES}
    assert len(NAMES) >= 3 and len(regions) >= 3


@pytest.mark.parametrize("name", NAMES)
def test_no_position_the_article_rules_out(results, name: str) -> None:
    found, _, absent = results[name]
    assert not found & absent


@pytest.mark.parametrize("name", NAMES)
def test_every_article_yields_most_of_its_positions(results, name: str) -> None:
    found, expected, _ = results[name]
    assert len(found & expected) >= len(expected) / 2, f"missed: {sorted(expected - found)}"


def test_precision_and_recall_over_all_articles(results) -> None:
    hits = sum(len(found & expected) for found, expected, _ in results.values())
    produced = sum(len(found) for found, _, _ in results.values())
    wanted = sum(len(expected) for _, expected, _ in results.values())
    false = {name: sorted(found - expected) for name, (found, expected, _) in results.items() if found - expected}
    missed = {name: sorted(expected - found) for name, (found, expected, _) in results.items() if expected - found}
    assert hits / produced >= MIN_PRECISION, f"not stated by the articles: {false}"
    assert hits / wanted >= MIN_RECALL, f"missed: {missed}"
