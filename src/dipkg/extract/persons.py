"""Persons: names from the entity recognizer, merged so that "Harris" is "Tom Harris".

A person is keyed by the fullest form of the name the article uses. Later
mentions by surname (or any part of the full name) become mentions of that
person, whatever label the recognizer gave them: a surname alone is often
tagged as an organization or a place.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dipkg.extract.context import ArticleContext
from dipkg.model import ActorKind, ActorRef, Mention, Person
from dipkg.reference import load_gazetteer, load_titles

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@lru_cache(maxsize=4096)
def person_key(name: str) -> str:
    """A stable key for a name: accents stripped, lower case, words joined by '-'."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


@cache
def _title_words() -> frozenset[str]:
    """Single words that are titles or honorifics, never part of a name ("President", "Sheikh")."""
    return frozenset(t.title for t in load_titles() if " " not in t.title)


@cache
def _demonyms() -> frozenset[str]:
    """Nationality words ("Kenyan"), which the recognizer sometimes puts at the start of a name."""
    return frozenset(form.text.lower() for form in load_gazetteer().surface_forms() if form.how == "demonym")


@cache
def _particles() -> frozenset[str]:
    lines = (files("dipkg") / "data" / "name_particles.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def _place_names() -> frozenset[str]:
    """Names of states, capitals and organizations: never a person, whatever the recognizer says."""
    return frozenset(form.text.lower() for form in load_gazetteer().surface_forms())


def _extend_right(doc: Doc, end: int, limit: int) -> int:
    """Grow a name over what the recognizer cut off: particles, hyphenated parts, capitalized words."""
    particles = _particles()
    while end < limit:
        token = doc[end]
        nxt = doc[end + 1] if end + 1 < limit else None
        if token.text in ("-", "‐") and nxt is not None and nxt.text[:1].isalpha() and not doc[end - 1].whitespace_:
            end += 2
        elif token.lower_ in particles and nxt is not None and (nxt.text[:1].isupper() or nxt.text == "-"):
            end += 1
        elif (token.pos_ == "PROPN" and token.text[:1].isupper() and token.lower_ not in _title_words()
              and doc[end - 1].whitespace_ and token.ent_type_ in ("", "PERSON")):
            end += 1
        else:
            break
    return end


def _extend_left(ctx: ArticleContext, start: int, limit: int, in_title: set[int]) -> int:
    """Grow a name over a given name the recognizer cut off ("MaryKay" of "MaryKay Carlson")."""
    doc = ctx.doc
    while (start > limit and _is_name_token(doc[start - 1]) and doc[start - 1].whitespace_
           and doc[start - 1].ent_type_ in ("", "PERSON") and start - 1 not in in_title
           and ctx.lower[start - 1] not in _place_names()):
        start -= 1
    return start


@dataclass
class NameSpan:
    span: Span
    text: str  # the name without titles and possessive endings


def _is_name_token(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.text[:1].isupper() and token.lower_ not in _title_words()


def _name_end(doc: Doc, start: int, limit: int) -> int:
    """End of up to four name words from `start`; hyphenated parts ("Kassym-Jomart") count as one,
    particles ("de" of "Staffan de Mistura") as none."""
    end, words = start, 0
    while end < limit and words < 4:
        if _is_name_token(doc[end]):
            end, words = end + 1, words + 1
        elif (doc[end].text in ("-", "‐") and end > start and not doc[end - 1].whitespace_
              and end + 1 < limit and _is_name_token(doc[end + 1])):
            end += 1
        elif doc[end].text in _particles() and end > start and end + 1 < limit and _is_name_token(doc[end + 1]):
            end += 1
        else:
            break
    return end


def _name_before_apposition(ctx: ArticleContext, title: Span) -> list[Span]:
    """"Jasem Albudaiwi, secretary-general of the GCC": a name whose apposition is an office."""
    if title.label_ != "office":
        return []
    head = next((t.head for t in title if t.dep_ == "appos" and not title.start <= t.head.i < title.end), None)
    if head is None or not _is_name_token(head) or head.i >= title.start:
        return []
    name = _name_ending_at(ctx, head)
    return [name] if name is not None else []


def _name_in_apposition(ctx: ArticleContext, title: Span) -> list[Span]:
    """"A spokesperson for the ministry, Jane Okafor, said": a name in apposition to an office's noun,
    after the words that complete the office."""
    if title.label_ != "office":
        return []
    for child in ctx.children[title.root.i]:
        if child.dep_ == "appos" and child.i >= title.end and _is_name_token(child):
            name = _name_ending_at(ctx, child)
            if name is not None and ctx.texts[name.start - 1] == ",":
                return [name]
    return []


def _name_ending_at(ctx: ArticleContext, last: Token) -> Span | None:
    """The name a parse's name token heads, from its leftmost word, when it is two to four name words."""
    start = last.left_edge.i
    if last.i + 1 - start < 2 or _name_end(ctx.doc, start, last.i + 1) != last.i + 1:
        return None
    return ctx.doc[start:last.i + 1]


def _titled_names(ctx: ArticleContext, titles: list[Span], ents: tuple[Span, ...]) -> list[Span]:
    """Names the recognizer missed or mislabelled, found by their position: right after a title
    ("Chancellor Karl Weber") or in apposition to a noun ("his counterpart, Ravi Menon,")."""
    doc = ctx.doc
    found: list[Span] = []
    for title in titles:
        i = title.end
        if i < len(doc) and ctx.texts[i] == ",":
            i += 1
        j = _name_end(doc, i, ctx.sentence_end[title.end - 1])
        if j - i >= 2:
            found.append(doc[i:j])
        found += _name_before_apposition(ctx, title) + _name_in_apposition(ctx, title)
    for ent in ents:
        if (ent.label_ in ("ORG", "GPE", "NORP", "FAC") and 2 <= len(ent) <= 4
                and all(_is_name_token(t) for t in ent) and ent.root.dep_ == "appos"
                and ent.root.head.pos_ == "NOUN"):
            found.append(ent)
    return found


def name_spans(ctx: ArticleContext, nlp: Language) -> list[NameSpan]:
    """Person names: PERSON entities and titled names, without leading titles and trailing possessives."""
    doc = ctx.doc
    titles = _title_words()
    places = _place_names()
    title_matches = ctx.titles(nlp)
    ents = doc.ents  # built anew on every access
    in_title = {i for span in title_matches for i in range(span.start, span.end)}
    found: list[NameSpan] = []
    covered = -1
    candidates = [e for e in ents if e.label_ == "PERSON"] + _titled_names(ctx, title_matches, ents)
    for ent in sorted(candidates, key=lambda s: (s.start, -len(s))):
        if ent.start < covered:
            continue
        start = _extend_left(ctx, ent.start, max(covered, ctx.sentence_start[ent.start]), in_title)
        end = _extend_right(doc, ent.end, ctx.sentence_end[ent.end - 1])
        covered = end
        while start < end and (ctx.lower[start] in titles or start in in_title or not ctx.texts[start][:1].isalpha()
                               or (ctx.lower[start] in _demonyms() and end - start > 2)):
            start += 1  # "Kenyan Raila Odinga": a nationality is no part of the name
        while end > start and (ctx.texts[end - 1] in ("'s", "’s", "'", "’")
                               or not ctx.texts[end - 1][:1].isalnum()):
            end -= 1
        if start >= end:
            continue
        span = doc[start:end]
        text = _POSSESSIVE.sub("", ctx.span_text(span)).strip()
        if (any(ch.isdigit() for ch in text) or not any(ch.isupper() for ch in text)
                or text.lower() in places or (len(span) == 1 and span[0].pos_ != "PROPN")):
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


def find_persons(ctx: ArticleContext, nlp: Language) -> None:
    """Add the article's persons and a mention for every time each is named."""
    spans = _people_only(ctx, nlp, name_spans(ctx, nlp))
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


def _people_only(ctx: ArticleContext, nlp: Language, spans: list[NameSpan]) -> list[NameSpan]:
    """Drop the names the recognizer took for persons that are places: a name it calls a facility
    or location elsewhere in the article ("near Scarborough Shoal"), and a single word never
    titled, never acting and never owning anything ("differences persist over Depsang")."""
    places = {ctx.span_text(ent) for ent in ctx.doc.ents if ent.label_ in ("FAC", "LOC")}
    title_ends = {title.end for title in ctx.titles(nlp)}
    words = {item.text for item in spans}
    anchored = {item.text for item in spans
                if item.span.start in title_ends or item.span.root.dep_ in ("nsubj", "nsubjpass", "poss")
                or any(c.dep_ == "appos" for c in item.span.root.children)}
    canonical = cluster_names(list(words))
    return [item for item in spans if item.text not in places
            and (" " in canonical[item.text] or any(canonical[w] == canonical[item.text] for w in anchored))]


def _surname_mentions(ctx: ArticleContext) -> None:
    """Mentions of a known person by one part of the name, which the recognizer may have labelled
    otherwise: the last word ("Harris"), or the first where it is the family name ("Li" of
    "Li Wei"), as long as the word names only one person of the article."""
    owners: dict[str, set[str]] = {}
    for person in ctx.extraction.persons.values():
        words = [w for w in person.name.split() if w.lower() not in _particles()]
        if len(words) >= 2:
            for word in {words[0], words[-1]}:
                if len(word) >= 3 and word[:1].isupper():
                    owners.setdefault(word, set()).add(person.key)
    if not owners:
        return
    texts, pos = ctx.texts, ctx.pos
    for token, text in zip(ctx.tokens, texts):
        keys = owners.get(text)
        if keys is None or len(keys) != 1 or ctx.mention_at(token) is not None or pos[token.i] != "PROPN":
            continue
        following = token.i + 1
        if following < len(texts) and pos[following] == "PROPN" and texts[following][:1].isupper():
            continue  # part of another name: "Li Ming" is not "Li Wei"
        ctx.add_mention(Mention(ActorRef(ActorKind.PERSON, next(iter(keys))), token.idx, ctx.ends[token.i],
                                ctx.sentence_index(token), text, "surname", 0.85))
