"""Articles to validated RDF, a chunk at a time.

`convert_stream` is the library form of `dipkg convert` and the first half of
`dipkg build`: it reads articles lazily, parses them in batches, maps each
extraction to its named graph, validates a chunk's graphs together (the
shapes are compiled once), and yields per chunk the dataset of the articles
that passed and the failures, each naming its article and reason. Memory
stays bounded by the chunk size.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import Dataset
from spacy.language import Language

from dipkg.article import InputError
from dipkg.extract.pipeline import extract_article
from dipkg.model import Article, Extraction
from dipkg.nlp import load_nlp
from dipkg.rdf import extraction_graph
from dipkg.validate import Validator


@dataclass
class Failure:
    """An article (or input) that was not converted, and why, in one line."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class Chunk:
    dataset: Dataset
    articles: list[str] = field(default_factory=list)  # ids of the articles in `dataset`
    failures: list[Failure] = field(default_factory=list)
    triples: int = 0


def drop_below(extraction: Extraction, min_confidence: float) -> Extraction:
    """The extraction without the facts whose confidence is below `min_confidence`."""
    if min_confidence <= 0:
        return extraction
    extraction.events = [e for e in extraction.events if e.confidence >= min_confidence]
    extraction.positions = [p for p in extraction.positions if p.confidence >= min_confidence]
    extraction.mentions = [m for m in extraction.mentions if m.confidence >= min_confidence]
    for person in extraction.persons.values():
        person.offices = [o for o in person.offices if o.confidence >= min_confidence]
    return extraction


def _articles_of(items: Iterable[Article | InputError], failures: list[Failure]) -> Iterator[Article]:
    for item in items:
        if isinstance(item, InputError):
            where, _, reason = str(item).partition(": ")
            failures.append(Failure(where, reason))
        else:
            yield item


def convert_stream(
    items: Iterable[Article | InputError],
    *,
    validate: bool = True,
    min_confidence: float = 0.0,
    nlp: Language | None = None,
    chunk_size: int = 64,
    batch_size: int = 32,
) -> Iterator[Chunk]:
    """Chunks of converted articles, in input order; bad inputs come back as failures."""
    nlp = nlp or load_nlp()
    validator = Validator() if validate else None
    pending: list[Failure] = []
    articles = _articles_of(items, pending)
    docs = nlp.pipe(((a.text, a) for a in articles), as_tuples=True, batch_size=batch_size)
    while True:
        batch = list(itertools.islice(docs, chunk_size))
        chunk = Chunk(dataset=Dataset(), failures=pending[:])
        pending.clear()
        if not batch and not chunk.failures:
            return
        for doc, article in batch:
            where = article.origin or article.id
            try:
                extraction = drop_below(extract_article(article, doc, nlp), min_confidence)
                extraction_graph(extraction, chunk.dataset)
                chunk.articles.append(article.id)
            except Exception as exc:  # one article's bug must not stop a batch
                chunk.failures.append(Failure(where, f"extraction failed: {type(exc).__name__}: {exc}"))
        if validator is not None and chunk.articles:
            _drop_invalid(chunk, validator, {a.id: a.origin or a.id for _, a in batch})
        chunk.triples = len(chunk.dataset)
        yield chunk


def _drop_invalid(chunk: Chunk, validator: Validator, origins: dict[str, str]) -> None:
    """Validate the chunk at once; when it fails, find and drop the articles that do."""
    if validator.validate(chunk.dataset).conforms:
        return
    from dipkg.vocab import article_iri

    for article_id in list(chunk.articles):
        graph = chunk.dataset.graph(article_iri(article_id))
        report = validator.validate(graph)
        if not report.conforms:
            first = report.text().splitlines()[0] if report.text() else "does not conform to the shapes"
            chunk.failures.append(Failure(origins[article_id], f"invalid graph: {first}"))
            chunk.dataset.remove_graph(graph)
            chunk.articles.remove(article_id)
