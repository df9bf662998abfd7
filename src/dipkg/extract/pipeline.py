"""The extraction pipeline: one parsed article in, one `Extraction` out.

The components run in a fixed order, each reading what the earlier ones
found: persons, then states and organizations, coreference, offices, events,
positions. `extract_articles` parses a batch with `nlp.pipe`, so the model's
cost is paid in batches, once per process.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from dipkg.extract.actors import find_actors
from dipkg.extract.context import ArticleContext
from dipkg.extract.coref import resolve_coreference
from dipkg.extract.events import extract_events
from dipkg.extract.offices import find_offices
from dipkg.extract.persons import find_persons
from dipkg.extract.positions import extract_positions
from dipkg.model import Article, Extraction, Sentence
from dipkg.nlp import load_nlp


def build_context(article: Article, doc: Doc, nlp: Language | None = None) -> ArticleContext:
    """The context after the actors are known: persons, states, organizations, offices, coreference."""
    nlp = nlp or load_nlp()
    ctx = ArticleContext(doc=doc, extraction=Extraction(article=article))
    ctx.extraction.sentences.extend(Sentence(i, s.start_char, s.end_char, ctx.span_text(s).strip())
                                    for i, s in enumerate(ctx.sentences))
    find_persons(ctx, nlp)
    find_actors(ctx, nlp)
    resolve_coreference(ctx)
    find_offices(ctx, nlp)
    return ctx


def extract_article(article: Article, doc: Doc, nlp: Language | None = None) -> Extraction:
    ctx = build_context(article, doc, nlp)
    extract_events(ctx)
    extract_positions(ctx)
    return ctx.extraction


def extract_articles(articles: Iterable[Article], nlp: Language | None = None,
                     batch_size: int = 32) -> Iterator[Extraction]:
    """Extractions of a stream of articles, in input order, parsed in batches."""
    nlp = nlp or load_nlp()
    pairs = ((article.text, article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield extract_article(article, doc, nlp)


def analyze(text: str, published: date | None = None, article_id: str = "t") -> Extraction:
    """Extract one text: the quickest way to try the pipeline from Python."""
    nlp = load_nlp()
    article = Article(id=article_id, text=text, published=published)
    return extract_article(article, nlp(text), nlp)
