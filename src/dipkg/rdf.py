"""An `Extraction` as RDF: one named graph per article, exactly as docs/graph.md describes.

This is the only place that builds triples; extractors hand over typed
objects and never see rdflib, and this module never sees spaCy. Everything is
named by stable keys (see `dipkg.vocab`) and no blank node is used, so the
same extraction always gives the same triples.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import TypeVar
from urllib.parse import quote

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib import namespace as rdflib_namespace
from rdflib.namespace import DefinedNamespace
from rdflib.term import Node

from dipkg import vocab
from dipkg.model import ActorKind, ActorRef, Event, Evidence, Extraction, Mention, Position
from dipkg.reference import load_gazetteer
from dipkg.vocab import (
    actor_iri,
    article_iri,
    event_type_iri,
    fact_iri,
    interned,
    issue_iri,
    person_iri,
    post_iri,
    sentence_iri,
    stance_iri,
)

Triple = tuple[Node, Node, Node]
T = TypeVar("T")


class _Terms:
    """A namespace that makes each of its terms once.

    rdflib makes and checks a new URIRef on every `DIP.Event`; a corpus
    conversion asks for a few hundred terms an article.
    """

    def __init__(self, namespace: Namespace | type[DefinedNamespace]) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = interned(getattr(self._namespace, name))
        setattr(self, name, term)
        return term


DIP, SCHEMA = _Terms(vocab.DIP), _Terms(vocab.SCHEMA)
DCTERMS, ORG, PROV = _Terms(rdflib_namespace.DCTERMS), _Terms(rdflib_namespace.ORG), _Terms(rdflib_namespace.PROV)
RDF, RDFS, XSD = _Terms(rdflib_namespace.RDF), _Terms(rdflib_namespace.RDFS), _Terms(rdflib_namespace.XSD)

_ACTOR_CLASS = {ActorKind.STATE: DIP.State, ActorKind.ORGANIZATION: DIP.InternationalOrganization}
# characters a URL may keep as they are; anything else (spaces, quotes, <>) is percent-encoded
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


def to_dataset(extractions: Iterable[Extraction]) -> Dataset:
    """A dataset with one named graph per extraction."""
    dataset = Dataset()
    for extraction in extractions:
        extraction_graph(extraction, dataset)
    return dataset


def extraction_graph(extraction: Extraction, dataset: Dataset | None = None) -> Graph:
    """Add the article's named graph (named by the article IRI) to `dataset` and return it.

    Raises ValueError when the dataset already holds a graph of that article
    (two articles with one id would otherwise merge silently), when evidence
    points at a sentence the extraction does not have, and KeyError when an
    actor is not in the gazetteer.
    """
    dataset = Dataset() if dataset is None else dataset
    graph = dataset.graph(article_iri(extraction.article.id))
    if len(graph):
        raise ValueError(f"article {extraction.article.id!r} is converted twice: its graph already has triples")
    graph.addN((s, p, o, graph) for s, p, o in article_triples(extraction)[1])
    return graph


def article_triples(extraction: Extraction) -> tuple[URIRef, list[Triple]]:
    """The name of the article's graph and its triples (repeats possible), with the errors of `extraction_graph`.

    A corpus conversion validates and writes these directly: putting them in
    an rdflib graph first would cost as much again as making them.
    """
    article = article_iri(extraction.article.id)
    return article, _GraphBuilder(extraction, article).triples()


@lru_cache(maxsize=1024)
def confidence_literal(value: float) -> Literal:
    """A confidence as an xsd:decimal with two digits ("0.70"), rounded half up."""
    return Literal(Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@lru_cache(maxsize=8192)
def _integer(value: int) -> Literal:
    """An xsd:integer literal; offsets and indexes repeat within and across articles, and rdflib's are slow to make."""
    return Literal(value)


def _best(facts: Iterable[tuple[URIRef, T]], confidence: Callable[[T], float]) -> dict[URIRef, T]:
    """One fact per IRI: repeated facts keep the most confident (the first on ties)."""
    best: dict[URIRef, T] = {}
    for iri, fact in facts:
        if iri not in best or confidence(fact) > confidence(best[iri]):
            best[iri] = fact
    return best


@dataclass(frozen=True)
class _Tenure:
    """A person's post or service as one article states it, before it becomes a dip:Tenure."""

    person: URIRef
    post: URIRef | None
    serves: ActorRef | None
    evidence: Evidence
    confidence: float


class _GraphBuilder:
    """The triples of one article's graph; collects the evidence sentences as facts use them."""

    def __init__(self, extraction: Extraction, article: URIRef) -> None:
        self.x = extraction
        self.article = article
        self.out: list[Triple] = []
        self.used_sentences: dict[int, URIRef] = {}  # index to IRI, in the order the facts use them
        self.actors: dict[ActorRef, URIRef] = {}  # the facts name the same few actors again and again

    def triples(self) -> list[Triple]:
        self._article()
        self._actors()
        self._references()
        self._persons()
        self._events()
        self._positions()
        self._sentences()  # last: only the sentences the facts above used
        return self.out

    # ------------------------------------------------------------ helpers
    def add(self, s: Node, p: Node, o: Node) -> None:
        self.out.append((s, p, o))

    def actor(self, ref: ActorRef) -> URIRef:
        iri = self.actors.get(ref)
        if iri is None:
            iri = self.actors[ref] = actor_iri(ref, self.x.persons)
        return iri

    def person(self, key: str) -> URIRef:
        return self.actor(ActorRef(ActorKind.PERSON, key))

    def sentence(self, index: int) -> URIRef:
        iri = self.used_sentences.get(index)
        if iri is None:
            iri = self.used_sentences[index] = sentence_iri(self.article, index)
        return iri

    def evidence(self, node: URIRef, evidence: Evidence, confidence: float) -> None:
        """Provenance of a fact: its sentence, the character span and the confidence."""
        self.add(node, PROV.wasDerivedFrom, self.sentence(evidence.sentence))
        self.add(node, DIP.startOffset, _integer(evidence.start))
        self.add(node, DIP.endOffset, _integer(evidence.end))
        self.add(node, DIP.confidence, confidence_literal(confidence))

    # ------------------------------------------------------------ article
    def _article(self) -> None:
        a, art = self.article, self.x.article
        self.add(a, RDF.type, DIP.Article)
        self.add(a, RDF.type, SCHEMA.NewsArticle)
        self.add(a, DCTERMS.identifier, Literal(art.id))
        if art.published is not None:
            self.add(a, SCHEMA.datePublished, Literal(art.published, datatype=XSD.date))
        if art.title:
            self.add(a, SCHEMA.headline, Literal(art.title))
        if art.source:
            self.add(a, DCTERMS.publisher, Literal(art.source))
        if art.url:
            self.add(a, SCHEMA.url, URIRef(quote(art.url, safe=_URL_SAFE)))
        # what the article refers to: the states and organizations of Extraction.actors, and every person
        for kind in _ACTOR_CLASS:
            for key in self.x.actors(kind):
                self.add(a, SCHEMA.mentions, self.actor(ActorRef(kind, key)))
        person_mentions = (m.actor.key for m in self.x.mentions if m.actor.kind is ActorKind.PERSON)
        for key in dict.fromkeys([*self.x.persons, *person_mentions]):
            self.add(a, SCHEMA.mentions, self.person(key))

    # ------------------------------------------------------------ states and organizations
    def _actors(self) -> None:
        """A node for every state or organization the article refers to or a fact uses."""
        x = self.x
        refs: list[ActorRef | None] = [m.actor for m in x.mentions]
        refs += [r for e in x.events for r in (e.source, e.target, e.place)]
        refs += [p.holder for p in x.positions]
        for person in x.persons.values():
            refs.append(person.affiliation)
            refs += [office.state for office in person.offices]
        gazetteer = load_gazetteer()
        for ref in dict.fromkeys(r for r in refs if r is not None and r.kind in _ACTOR_CLASS):
            node = self.actor(ref)
            self.add(node, RDF.type, _ACTOR_CLASS[ref.kind])
            self.add(node, RDFS.label, Literal(gazetteer.label(ref), lang="en"))
            self.add(node, DIP.code, Literal(ref.key))
            if ref.kind is ActorKind.STATE:
                self.add(node, DIP.iso2, Literal(gazetteer.states[ref.key].iso2))

    def _references(self) -> None:
        """One dip:Reference per state or organization mentioned: its surface forms and sentences."""
        by_actor: dict[ActorRef, list[Mention]] = {}
        for mention in self.x.mentions:
            if mention.actor.kind in _ACTOR_CLASS:
                by_actor.setdefault(mention.actor, []).append(mention)
        for ref, mentions in by_actor.items():
            node = fact_iri(self.article, "reference", ref.kind.value, ref.key)
            self.add(node, RDF.type, DIP.Reference)
            self.add(node, DIP.refersTo, self.actor(ref))
            for text in dict.fromkeys(m.text for m in mentions):
                self.add(node, DIP.surfaceForm, Literal(text))
            for index in dict.fromkeys(m.sentence for m in mentions):
                self.add(node, PROV.wasDerivedFrom, self.sentence(index))
            self.add(node, DIP.confidence, confidence_literal(max(m.confidence for m in mentions)))

    # ------------------------------------------------------------ persons, posts and tenures
    def _persons(self) -> None:
        tenures: list[tuple[URIRef, _Tenure]] = []
        for person in self.x.persons.values():
            node = person_iri(person.name)
            self.add(node, RDF.type, DIP.Person)
            self.add(node, SCHEMA.name, Literal(person.name))
            if person.affiliation is not None:
                self.add(node, ORG.memberOf, self.actor(person.affiliation))
            for office in person.offices:
                post = post_iri(office.title, office.state)
                self.add(node, ORG.holds, post)
                self.add(post, RDF.type, ORG.Post)
                self.add(post, RDFS.label, Literal(office.title))
                if office.state is not None:
                    self.add(post, ORG.postIn, self.actor(office.state))
                tenures.append(self._tenure(_Tenure(node, post, office.state, office.evidence, office.confidence)))
            if not person.offices and person.affiliation is not None and person.evidence is not None:
                served = _Tenure(node, None, person.affiliation, person.evidence, person.confidence)
                tenures.append(self._tenure(served))
        for node, tenure in _best(tenures, lambda t: t.confidence).items():
            self.add(node, RDF.type, DIP.Tenure)
            self.add(node, DIP.person, tenure.person)
            if tenure.post is not None:
                self.add(node, DIP.post, tenure.post)
            if tenure.serves is not None:
                self.add(node, DIP.serves, self.actor(tenure.serves))
            self.evidence(node, tenure.evidence, tenure.confidence)

    def _tenure(self, tenure: _Tenure) -> tuple[URIRef, _Tenure]:
        """A tenure and its IRI: one per (person, post, actor served), whatever the evidence."""
        served = self.actor(tenure.serves) if tenure.serves is not None else ""
        return fact_iri(self.article, "tenure", tenure.person, tenure.post or "", served), tenure

    # ------------------------------------------------------------ events and positions
    def _event_key(self, e: Event) -> URIRef:
        return fact_iri(
            self.article, "event", e.type, self.actor(e.source),
            self.actor(e.target) if e.target is not None else "", e.source_person or "", e.target_person or "",
            e.date or "", self.actor(e.place) if e.place is not None else "", e.trigger,
            e.evidence.start, e.evidence.end,
        )

    def _events(self) -> None:
        events = _best(((self._event_key(e), e) for e in self.x.events), lambda e: e.confidence)
        for node, e in events.items():
            self.add(node, RDF.type, DIP.Event)
            self.add(node, DIP.eventType, event_type_iri(e.type))
            self.add(node, DIP.actor, self.actor(e.source))
            if e.target is not None:
                self.add(node, DIP.target, self.actor(e.target))
            if e.source_person is not None:
                self.add(node, DIP.actorPerson, self.person(e.source_person))
            if e.target_person is not None:
                self.add(node, DIP.targetPerson, self.person(e.target_person))
            if e.date is not None:
                self.add(node, DIP.date, Literal(e.date, datatype=XSD.date))
            if e.place is not None:
                self.add(node, DIP.place, self.actor(e.place))
            self.add(node, DIP.trigger, Literal(e.trigger))
            self.evidence(node, e.evidence, e.confidence)

    def _position_key(self, p: Position) -> URIRef:
        return fact_iri(
            self.article, "position", self.actor(p.holder), p.holder_person or "", p.issue,
            stance_iri(p.stance), p.statement, p.evidence.start, p.evidence.end,
        )

    def _positions(self) -> None:
        positions = _best(((self._position_key(p), p) for p in self.x.positions), lambda p: p.confidence)
        for node, p in positions.items():
            self.add(node, RDF.type, DIP.Position)
            self.add(node, DIP.holder, self.actor(p.holder))
            if p.holder_person is not None:
                self.add(node, DIP.holderPerson, self.person(p.holder_person))
            self.add(node, DIP.issue, issue_iri(p.issue))
            self.add(node, DIP.stance, stance_iri(p.stance))
            self.add(node, DIP.statement, Literal(p.statement))
            self.evidence(node, p.evidence, p.confidence)

    # ------------------------------------------------------------ sentences
    def _sentences(self) -> None:
        by_index = {s.index: s for s in self.x.sentences}
        for index, node in self.used_sentences.items():
            sentence = by_index.get(index)
            if sentence is None:
                raise ValueError(
                    f"article {self.x.article.id!r}: evidence points at sentence {index}, "
                    f"which is not among its {len(by_index)} sentences"
                )
            self.add(node, RDF.type, DIP.Sentence)
            self.add(node, DCTERMS.isPartOf, self.article)
            self.add(node, DIP.sentenceIndex, _integer(index))
            self.add(node, SCHEMA.text, Literal(sentence.text))
            self.add(node, DIP.startOffset, _integer(sentence.start))
            self.add(node, DIP.endOffset, _integer(sentence.end))
