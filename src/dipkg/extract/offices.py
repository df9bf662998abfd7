"""Offices persons hold and the state or organization they serve.

Titles come from the title lexicon, found where English puts them: before the
name ("Vice Foreign Minister Luo Zhaohui"), or in an apposition before or
after it ("Ukraine's infrastructure minister, Oleksandr Kubrakov"; "John
Silk, the Marshall Islands' natural resources minister"). A title grows left
over the words that modify it ("climate" in "climate envoy"), and the state or
organization named in front of it ("U.S.", "Russian", "China's") is the one the
office serves. A military rank or an honorific is no office.
"""
from __future__ import annotations

from functools import cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from dipkg.extract.context import ArticleContext
from dipkg.model import ActorKind, ActorRef, Mention, Office
from dipkg.reference import load_titles

_MODIFIER_POS = {"ADJ", "NOUN", "PROPN", "NUM"}
_STOP_WORDS = {"top", "senior", "former", "new", "then", "incoming", "outgoing", "acting", "chief", "the", "a", "an"}
_APPOSITION_WINDOW = 10


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


def find_offices(ctx: ArticleContext, nlp: Language) -> None:
    """Attach offices and affiliations to the persons already found."""
    doc = ctx.doc
    titles = title_spans(doc, nlp)
    ends = {span.end: span for span in titles}
    starts = {span.start: span for span in titles}
    for mention in list(ctx.extraction.mentions):
        if mention.actor.kind is not ActorKind.PERSON or mention.how != "name":
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        person = ctx.extraction.persons[mention.actor.key]
        for title, served in _titles_before(ctx, span, ends) + _titles_after(ctx, span, starts):
            if title.label_ != "office":
                continue
            text, served_here = _grow_title(ctx, title)
            served = served or served_here
            _add_office(ctx, person.key, text, served, title)
            ctx.add_mention(Mention(ActorRef(ActorKind.PERSON, person.key), title.start_char, title.end_char,
                                    ctx.sentence_index(title[0]), title.text, "title", 0.7))
    _fallback_affiliations(ctx)


def _titles_before(ctx: ArticleContext, name: Span, ends: dict[int, Span]) -> list[tuple[Span, ActorRef | None]]:
    """Titles right before the name, skipping honorifics and an apposition comma; "A and B NAME" gives both."""
    found: list[tuple[Span, ActorRef | None]] = []
    i = name.start
    while i > name.sent.start and ends.get(i) is not None and ends[i].label_ == "honorific":
        i = ends[i].start
    if i > name.sent.start and name.doc[i - 1].text == ",":
        i -= 1
    while i in ends:
        title = ends[i]
        if title.label_ == "honorific":
            i = title.start
            continue
        found.append((title, None))
        j = _grow_start(ctx, title)
        if j > name.sent.start and name.doc[j - 1].lower_ == "and" and (j - 1) in ends:
            i = j - 1
            continue
        break
    return found


def _titles_after(ctx: ArticleContext, name: Span, starts: dict[int, Span]) -> list[tuple[Span, ActorRef | None]]:
    """A title in an apposition after the name: "NAME, the Marshall Islands' minister, said"."""
    doc = name.doc
    if name.end >= name.sent.end or doc[name.end].text != ",":
        return []
    stop = min(name.sent.end, name.end + _APPOSITION_WINDOW)
    for k in range(name.end + 1, stop):
        if doc[k].text in (",", ";", "(", ")") or doc[k].pos_ in ("VERB", "AUX"):
            break
        for span in (s for s in starts.values() if s.start <= k < s.end):
            if span.end < stop and (span.end >= len(doc) or doc[span.end].text in (",", ".", ";", "said", "who")):
                return [(span, None)]
    return []


def _grow_start(ctx: ArticleContext, title: Span) -> int:
    """Index of the first token of the title with its modifiers ("natural resources minister")."""
    doc = title.doc
    j = title.start
    while j > title.sent.start:
        tok = doc[j - 1]
        if (tok.pos_ not in _MODIFIER_POS or tok.lower_ in _STOP_WORDS or ctx.mention_at(tok) is not None
                or tok.tag_ == "POS"):
            break
        j -= 1
    return j


def _grow_title(ctx: ArticleContext, title: Span) -> tuple[str, ActorRef | None]:
    """The title with its modifiers and trailing "for X"/"of X", and the actor named before it."""
    doc = title.doc
    start = _grow_start(ctx, title)
    end = title.end
    if end + 1 < title.sent.end and doc[end].lower_ in ("for", "of") and doc[end + 1].pos_ in ("PROPN", "NOUN"):
        k = end + 1
        while k < title.sent.end and doc[k].pos_ in ("PROPN", "NOUN", "ADJ", "CCONJ") and doc[k].text != ",":
            k += 1
        end = k
    served = None
    k = start - 1
    while k >= title.sent.start and k >= start - 4:
        tok = doc[k]
        if tok.tag_ == "POS" or tok.lower_ in ("the",):
            k -= 1
            continue
        ref = ctx.acting_for(ctx.actor_ref(tok, depth=0))
        if ref is not None and ref.kind is not ActorKind.PERSON:
            served = ref
        break
    return doc[start:end].text, served


def _add_office(ctx: ArticleContext, key: str, text: str, served: ActorRef | None, title: Span) -> None:
    person = ctx.extraction.persons[key]
    if served is not None and person.affiliation is None:
        person.affiliation = served
    if any(o.title.lower() == text.lower() for o in person.offices):
        return
    person.offices.append(Office(title=text, state=served or person.affiliation, evidence=ctx.evidence(title),
                                 confidence=0.85 if served else 0.7))


def dateline_state(ctx: ArticleContext) -> ActorRef | None:
    """The state of the article's dateline ("BEIJING --"), when it names exactly one."""
    found = {m.actor for m in ctx.extraction.mentions if m.how == "dateline" and m.sentence <= 2}
    return found.pop() if len(found) == 1 else None


def _fallback_affiliations(ctx: ArticleContext) -> None:
    """Office holders whose title named no state: wire copy names foreign officials with their
    state, so an unqualified office ("Prime Minister X") is most often the dateline's; failing
    a dateline, the state named last before the person, if in the same or previous sentence."""
    home = dateline_state(ctx)
    for person in ctx.extraction.persons.values():
        if person.affiliation is not None or not person.offices or person.evidence is None:
            continue
        guess = home or _previous_actor(ctx, person.evidence.start, person.evidence.sentence)
        if guess is None:
            continue
        person.affiliation = guess
        person.confidence = 0.5
        for office in person.offices:
            office.state = office.state or guess


def _previous_actor(ctx: ArticleContext, before: int, sentence: int) -> ActorRef | None:
    previous = [m for m in ctx.extraction.mentions
                if m.end <= before and m.actor.kind is not ActorKind.PERSON and sentence - m.sentence <= 1]
    return max(previous, key=lambda m: m.start).actor if previous else None
