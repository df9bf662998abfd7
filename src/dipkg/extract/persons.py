"""Persons: names from the entity recognizer, merged so that "Biegun" is "Stephen Biegun".

A person is keyed by the fullest form of the name the article uses. Later
mentions by surname (or any part of the full name) become mentions of that
person, whatever label the recognizer gave them: a surname alone is often
tagged as an organization or a place.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from dipkg.extract.context import ArticleContext
from dipkg.model import ActorKind, ActorRef, Mention, Person
from dipkg.reference import load_titles

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def person_key(name: str) -> str:
    """A stable key for a name: accents stripped, lower case, words joined by '-'."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def _title_words() -> frozenset[str]:
    """Single words that are titles or honorifics, never part of a name ("President", "Sheikh")."""
    return frozenset(t.title for t in load_titles() if " " not in t.title)


@dataclass
class NameSpan:
    span: Span
    text: str  # the name without titles and possessive endings


def name_spans(doc: Doc) -> list[NameSpan]:
    """PERSON entities with leading titles and honorifics and trailing possessives removed."""
    titles = _title_words()
    found: list[NameSpan] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        start, end = ent.start, ent.end
        while start < end and (doc[start].lower_ in titles or not doc[start].text[:1].isalpha()):
            start += 1
        while end > start and (doc[end - 1].text in ("'s", "’s", "'", "’") or not doc[end - 1].text[:1].isalnum()):
            end -= 1
        if start >= end:
            continue
        span = doc[start:end]
        text = _POSSESSIVE.sub("", span.text).strip()
        if any(ch.isdigit() for ch in text) or not any(ch.isupper() for ch in text):
            continue
        found.append(NameSpan(span, text))
    return found


def _tokens(name: str) -> list[str]:
    return person_key(name).split("-")


def cluster_names(names: list[str]) -> dict[str, str]:
    """Map every name form to the fullest form of the same person.

    A shorter form belongs to a longer one when its words are a subset of the
    longer one's and it shares the last word (the surname) or is a single word
    of the longer name; the longest such form wins.
    """
    by_length = sorted(set(names), key=lambda n: (-len(_tokens(n)), n))
    canonical: dict[str, str] = {}
    for name in by_length:
        words = _tokens(name)
        for full in by_length:
            if full == name or len(_tokens(full)) <= len(words):
                continue
            full_words = _tokens(full)
            if set(words) <= set(full_words) and (words[-1] == full_words[-1] or len(words) == 1):
                canonical[name] = canonical.get(full, full)
                break
        canonical.setdefault(name, name)
    return canonical


def find_persons(ctx: ArticleContext) -> None:
    """Add the article's persons and a mention for every time each is named."""
    doc = ctx.doc
    spans = name_spans(doc)
    canonical = cluster_names([s.text for s in spans])
    persons = ctx.extraction.persons
    for item in spans:
        full = canonical[item.text]
        key = person_key(full)
        if key not in persons:
            persons[key] = Person(key=key, name=full, evidence=ctx.evidence(item.span))
        ctx.add_mention(Mention(ActorRef(ActorKind.PERSON, key), item.span.start_char, item.span.end_char,
                                ctx.sentence_index(item.span[0]), item.text, "name", 0.9))
    _surname_mentions(ctx)


def _surname_mentions(ctx: ArticleContext) -> None:
    """Mentions of a known person by surname alone, which the recognizer may have labelled otherwise."""
    surnames: dict[str, str] = {}
    for person in ctx.extraction.persons.values():
        words = person.name.split()
        if len(words) >= 2:
            surnames.setdefault(words[-1], person.key)
    for token in ctx.doc:
        key = surnames.get(token.text)
        if key is not None and ctx.mention_at(token) is None:
            ctx.add_mention(Mention(ActorRef(ActorKind.PERSON, key), token.idx, token.idx + len(token.text),
                                    ctx.sentence_index(token), token.text, "surname", 0.85))
