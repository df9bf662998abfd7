"""States and organizations an article refers to, found with the reference gazetteer.

Every surface form of the gazetteer (names, short forms, capitals, seats of
government, demonyms, organization names and abbreviations) goes into one
spaCy `PhraseMatcher`; the longest match wins. Forms marked ambiguous in the
data ("the North", "Georgia", "Washington") count only when the context backs
them: the named-entity recognizer calls them a place, nationality or
organization, or the same actor is named unambiguously elsewhere.
"""
from __future__ import annotations

from functools import cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span
from spacy.util import filter_spans

from dipkg.extract.context import ArticleContext
from dipkg.model import ActorRef, Mention
from dipkg.reference import SurfaceForm, load_gazetteer

# confidence of a mention by how it names the actor
CONFIDENCE = {"name": 0.95, "alias": 0.9, "org_name": 0.95, "org_alias": 0.9, "capital": 0.85, "city": 0.75,
              "demonym": 0.85, "seat": 0.85, "group": 0.8, "dateline": 0.9}
_ENTITY_LABELS = {"GPE", "NORP", "ORG", "LOC", "FAC"}


class ActorMatcher:
    """A phrase matcher over every surface form in the gazetteer, for one vocabulary."""

    def __init__(self, nlp: Language) -> None:
        self.forms: dict[str, list[SurfaceForm]] = {}
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        texts: dict[str, None] = {}
        for form in load_gazetteer().surface_forms():
            for text in _variants(form):
                self.forms.setdefault(text, []).append(form)
                texts.setdefault(text, None)
        keys = list(texts)
        for start in range(0, len(keys), 1000):
            chunk = keys[start:start + 1000]
            self.matcher.add("ACTOR", list(nlp.tokenizer.pipe(chunk)))

    def spans(self, doc) -> list[Span]:
        return filter_spans([doc[start:end] for _, start, end in self.matcher(doc)])


def _variants(form: SurfaceForm) -> list[str]:
    """The form as written, and upper-cased for capitals and cities in datelines ("BEIJING --")."""
    variants = [form.text]
    if form.how in ("capital", "city"):
        variants.append(form.text.upper())
    if form.text.startswith("the "):
        variants.append("The " + form.text[4:])
    return variants


@cache
def actor_matcher(nlp: Language) -> ActorMatcher:
    return ActorMatcher(nlp)


def find_actors(ctx: ArticleContext, nlp: Language) -> None:
    """Add a `Mention` for every state and organization named in the article."""
    matcher = actor_matcher(nlp)
    doc = ctx.doc
    spans = [(span, ctx.span_text(span)) for span in matcher.spans(doc)]
    matches = [(span, text, matcher.forms[text]) for span, text in spans]
    named = {form.actor for _, _, forms in matches for form in forms if not form.ambiguous}
    candidates = [(span, text, _best_form(forms, named)) for span, text, forms in matches]
    title_starts = {title.start for title in ctx.titles(nlp)}
    for span, text, form in candidates:
        if form.ambiguous and not (_backed(span, form, named) or _owns_title(span, title_starts)):
            continue
        if form.how in ("org_name", "org_alias") and _inside_longer_name(span):
            continue
        how = "dateline" if form.how == "capital" and text.isupper() and len(text) > 3 else form.how
        ctx.add_mention(Mention(
            actor=form.actor, start=span.start_char, end=span.end_char,
            sentence=ctx.sentence_index(span[0]), text=text, how=how,
            confidence=CONFIDENCE.get(how, 0.8) * (0.9 if form.ambiguous else 1.0),
        ))


def _best_form(forms: list[SurfaceForm], named: set[ActorRef]) -> SurfaceForm:
    """Among forms with the same text ("Brussels": Belgium or the EU), the actor the article
    names unambiguously elsewhere, then an unambiguous form, then a state before an organization."""
    return sorted(forms, key=lambda f: (f.actor not in named, f.ambiguous, f.actor.kind.value != "state"))[0]


def _backed(span: Span, form: SurfaceForm, named: set[ActorRef]) -> bool:
    """Whether the context supports reading an ambiguous form as this actor."""
    if form.how == "alias" and form.text.lower().startswith("the "):
        # "the North", "the South": a short form that needs its state (or its
        # counterpart, which shares the same name stem) named elsewhere; a city
        # whose name begins with "the" ("The Hague") is backed like any other
        return form.actor in named or any(_same_region(form.actor, ref) for ref in named)
    if form.actor in named:
        return True
    return any(ent.label_ in _ENTITY_LABELS for ent in span.doc.ents
               if ent.start <= span.start and span.end <= ent.end)


def _owns_title(span: Span, title_starts: set[int]) -> bool:
    """"Chad's President": a name whose possessive owns a title is the state's, whatever the
    recognizer made of it."""
    doc = span.doc
    return span.end + 1 < len(doc) and doc[span.end].tag_ == "POS" and span.end + 1 in title_starts


def _inside_longer_name(span: Span) -> bool:
    """"Iran's Supreme National Security Council": an organization's name that ends a longer
    proper name the recognizer reads as one entity is part of another body's name."""
    first = span[0]
    if first.ent_iob_ != "I" or first.i == 0:
        return False
    before = first.nbor(-1)
    return before.text[:1].isupper() and before.pos_ in ("PROPN", "ADJ")


def _same_region(a: ActorRef, b: ActorRef) -> bool:
    """States whose names differ only by a direction word (North/South Korea, Sudan/South Sudan)."""
    gazetteer = load_gazetteer()
    if a.key not in gazetteer.states or b.key not in gazetteer.states or a == b:
        return False
    directions = {"north", "south", "east", "west", "northern", "southern"}

    def stem(code: str) -> str:
        return " ".join(w for w in gazetteer.states[code].name.lower().split() if w not in directions)

    return stem(a.key) == stem(b.key)
