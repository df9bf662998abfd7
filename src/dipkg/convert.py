"""Articles to validated RDF, a chunk at a time.

`convert_stream` is the library form of `dipkg convert` and the first half of
`dipkg build`: it reads articles lazily, cuts the input into chunks of
`chunk_size` items (a long input's last ones into smaller pieces, see
`chunks_of`), and turns each chunk into the N-Quads of the articles
that passed and the failures, each naming its article and reason, in input
order. A chunk is parsed with `nlp.pipe` in batches, its triples are
validated together (the shapes are compiled once per process) and written
straight to N-Quads: an rdflib graph is built only when a caller asks for
`Chunk.dataset`. Memory stays bounded by the chunk size, whatever the corpus.

With `workers` > 1 the chunks are converted in that many processes, each
with its own model (see `dipkg.workers`); since the chunks are cut the same
way and merged in input order, the output is byte for byte the same.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph, URIRef

from dipkg.article import InputError
from dipkg.model import Article, Extraction
from dipkg.nlp import load_nlp, model_name
from dipkg.rdf import Triple, article_triples
from dipkg.serialize import graphs_nquads, read_dataset
from dipkg.validate import Validator, default_validator
from dipkg.vocab import article_iri

if TYPE_CHECKING:
    from spacy.language import Language

CHUNK_SIZE = 64  # articles validated and written together; also the unit of work of a worker process
LOAD_SIZE = 512  # articles a build hands the store at once (see `joined`)
BATCH_SIZE = 32  # texts the parser takes at once (nlp.pipe)
TAIL_PIECES = 8  # a long input ends in chunks of CHUNK_SIZE / TAIL_PIECES articles (see `chunks_of`)


@dataclass
class Failure:
    """An article (or input) that was not converted, and why, in one line."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class Chunk:
    """One chunk of the input converted: its articles' graphs as sorted N-Quads, their ids, and the failures."""

    nquads: bytes = b""
    articles: list[str] = field(default_factory=list)  # ids of the articles in `nquads`, in input order
    failures: list[Failure] = field(default_factory=list)  # in input order
    triples: int = 0

    @property
    def graphs(self) -> list[str]:
        """The IRIs of the graphs in `nquads`, one per article, so a store need not read them out of the data."""
        return [str(article_iri(article_id)) for article_id in self.articles]

    @cached_property
    def dataset(self) -> Dataset:
        """The graphs as an rdflib dataset, for the formats that need one; parsed from `nquads` on first use."""
        return read_dataset(self.nquads, "nquads") if self.nquads else Dataset()


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


class ChunkConverter:
    """Converts one chunk of input items at a time with one model and one validator (per process)."""

    def __init__(self, nlp: Language, validator: Validator | None, min_confidence: float, batch_size: int) -> None:
        self.nlp = nlp
        self.validator = validator
        self.min_confidence = min_confidence
        self.batch_size = batch_size

    def convert(self, items: list[Article | InputError]) -> Chunk:
        # imported here: the parent of worker processes never extracts, so it need not import spaCy
        from dipkg.extract.pipeline import extract_article

        failures: list[tuple[int, Failure]] = []
        articles: list[tuple[int, Article]] = []
        for position, item in enumerate(items):
            if isinstance(item, InputError):
                where, _, reason = str(item).partition(": ")
                failures.append((position, Failure(where, reason)))
            else:
                articles.append((position, item))
        graphs: dict[str, tuple[int, Article, URIRef, list[Triple]]] = {}
        docs = self.nlp.pipe((article.text for _, article in articles), batch_size=self.batch_size)
        for (position, article), doc in zip(articles, docs):
            try:
                if article.id in graphs:  # two graphs of one name would merge silently
                    raise ValueError(f"article {article.id!r} is converted twice: its graph already has triples")
                extraction = drop_below(extract_article(article, doc, self.nlp), self.min_confidence)
                graphs[article.id] = (position, article, *article_triples(extraction))
            except Exception as exc:  # one article's bug must not stop a batch
                failures.append((position, Failure(_where(article), f"extraction failed: {type(exc).__name__}: {exc}")))
        if self.validator is not None and graphs:
            failures += _drop_invalid(graphs, self.validator)
        kept = sorted(graphs.values(), key=lambda entry: entry[0])
        nquads = graphs_nquads((name, triples) for _, _, name, triples in kept)
        return Chunk(
            nquads=nquads,
            articles=[article.id for _, article, _, _ in kept],
            failures=[failure for _, failure in sorted(failures, key=lambda entry: entry[0])],
            triples=nquads.count(b"\n"),
        )


def _where(article: Article) -> str:
    return article.origin or article.id


def _drop_invalid(graphs: dict[str, tuple[int, Article, URIRef, list[Triple]]],
                  validator: Validator) -> list[tuple[int, Failure]]:
    """Validate the chunk at once; when it fails, find, report and drop the articles that do (pyshacl decides)."""
    if validator.conforms(itertools.chain.from_iterable(triples for *_, triples in graphs.values())):
        return []
    failures = []
    for article_id, (position, article, _, triples) in list(graphs.items()):
        if validator.conforms(triples):
            continue
        graph = Graph()
        graph.addN((s, p, o, graph) for s, p, o in triples)
        report = validator.validate(graph)
        if not report.conforms:
            first = report.text().splitlines()[0] if report.text() else "does not conform to the shapes"
            failures.append((position, Failure(_where(article), f"invalid graph: {first}")))
            del graphs[article_id]
    return failures


def chunks_of(items: Iterable[Article | InputError], size: int, tail_size: int | None = None,
              ) -> Iterator[list[Article | InputError]]:
    """The input cut into lists of `size` items, read lazily, one list ahead.

    With `tail_size`, an input longer than two lists ends in lists of
    `tail_size` items (the last full list and the rest after it): worker
    processes then finish within a few articles of one another, rather than
    one idling while another converts a whole chunk.
    """
    iterator = iter(items)
    held = list(itertools.islice(iterator, size))
    first = True
    while held:
        following = list(itertools.islice(iterator, size))
        if tail_size is not None and not first and len(following) < size:  # the input has ended
            rest = held + following
            for start in range(0, len(rest), tail_size):
                yield rest[start:start + tail_size]
            return
        yield held
        held, first = following, False


def joined(chunks: Iterable[Chunk], articles: int, input_read: Callable[[], bool] = lambda: False) -> Iterator[Chunk]:
    """Consecutive chunks joined until each holds at least `articles` articles (the last may hold fewer).

    A store loads fewer, larger batches this way: Oxigraph's bulk loader was
    measured to spend a quarter less CPU on 512-article loads than on 64-article
    ones, which leave it more small files to merge in the background.

    The first chunk to come once `input_read()` says the whole input has been
    read goes on at once with what is held (see `dipkg.build`); the chunks
    after it are joined as before.
    """
    batch: list[Chunk] = []
    held = 0
    ended = False  # whether the batch that was held when the input ended has gone on
    for chunk in chunks:
        batch.append(chunk)
        held += len(chunk.articles)
        ending = not ended and input_read()
        if held >= articles or ending:
            yield _join(batch)
            batch, held = [], 0
            ended = ended or ending
    if batch:
        yield _join(batch)


def _join(chunks: list[Chunk]) -> Chunk:
    if len(chunks) == 1:
        return chunks[0]
    return Chunk(
        nquads=b"".join(c.nquads for c in chunks),
        articles=[article for c in chunks for article in c.articles],
        failures=[failure for c in chunks for failure in c.failures],
        triples=sum(c.triples for c in chunks),
    )


def convert_stream(
    items: Iterable[Article | InputError],
    *,
    validate: bool = True,
    min_confidence: float = 0.0,
    nlp: Language | None = None,
    chunk_size: int = CHUNK_SIZE,
    batch_size: int = BATCH_SIZE,
    workers: int = 1,
) -> Iterator[Chunk]:
    """Chunks of converted articles, in input order; bad inputs come back as failures.

    `workers` > 1 converts in that many processes, each loading the model
    `load_nlp()` gives, so a model object (`nlp`) can only be passed with one worker.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    chunks = chunks_of(items, chunk_size, max(1, chunk_size // TAIL_PIECES))
    if workers == 1:
        validator = default_validator() if validate else None
        converter = ChunkConverter(nlp or load_nlp(), validator, min_confidence, batch_size)
        yield from map(converter.convert, chunks)
        return
    if nlp is not None:
        raise ValueError("worker processes load their own model: pass nlp only with workers=1")
    model_name()  # a missing model is one clear error here rather than a broken pool
    from dipkg.workers import convert_in_processes

    yield from convert_in_processes(chunks, workers, validate=validate, min_confidence=min_confidence,
                                    batch_size=batch_size)
