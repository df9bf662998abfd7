"""The conversion library: batches, cross-article identity, confidence thresholds, validation per chunk."""
from __future__ import annotations

from datetime import date

from rdflib import URIRef

from dipkg.article import InputError
from dipkg.convert import convert_stream
from dipkg.model import Article
from dipkg.vocab import DIP, person_iri

FIRST = Article(id="c1", published=date(2024, 2, 9), text=(
    "Indian External Affairs Minister Subrahmanyam Jaishankar met Chinese Foreign Minister Wang Yi in Munich "
    "on Friday. Wang urged India to resume dialogue on the border."))
SECOND = Article(id="c2", published=date(2024, 3, 1), text=(
    "Chinese Foreign Minister Wang Yi visited Brazil on Thursday and praised its role in the BRICS bloc."))


def test_same_person_in_two_articles_is_one_node_with_facts_in_each_graph() -> None:
    [chunk] = list(convert_stream([FIRST, SECOND]))
    assert chunk.articles == ["c1", "c2"] and chunk.failures == []
    wang = person_iri("Wang Yi")
    graphs_with_wang = {g.identifier for g in chunk.dataset.graphs() if (wang, None, None) in g}
    assert graphs_with_wang == {URIRef("https://w3id.org/dipkg/article/c1"), URIRef("https://w3id.org/dipkg/article/c2")}


def test_input_errors_become_failures_in_order_and_the_rest_converts() -> None:
    chunks = list(convert_stream([InputError("a.txt: file is empty"), FIRST, InputError("b.jsonl:3: malformed JSON")],
                                 chunk_size=1))
    failures = [str(f) for c in chunks for f in c.failures]
    assert failures == ["a.txt: file is empty", "b.jsonl:3: malformed JSON"]
    assert [a for c in chunks for a in c.articles] == ["c1"]


def test_min_confidence_drops_low_confidence_facts() -> None:
    def facts(threshold: float) -> dict[float, int]:
        [chunk] = list(convert_stream([FIRST], min_confidence=threshold, validate=False))
        found: dict[float, int] = {}
        for _, _, value, _ in chunk.dataset.quads((None, DIP.confidence, None, None)):
            found[float(value)] = found.get(float(value), 0) + 1
        return found

    everything = facts(0.0)
    assert min(everything) < 0.8
    kept = facts(0.8)
    assert kept and min(kept) >= 0.8
    assert sum(kept.values()) < sum(everything.values())
