"""Political titles in text, found with the title lexicon (offices, ranks, honorifics)."""
from __future__ import annotations

from functools import cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from dipkg.reference import load_titles


@cache
def title_matcher(nlp: Language) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for title in load_titles():
        matcher.add(title.kind, [nlp.make_doc(title.title)])
    return matcher


def title_spans(doc: Doc, nlp: Language) -> list[Span]:
    """Longest title matches, labelled with their kind (office, rank, honorific)."""
    matcher = title_matcher(nlp)
    spans = [Span(doc, start, end, label=match_id) for match_id, start, end in matcher(doc)]
    return filter_spans(spans)
