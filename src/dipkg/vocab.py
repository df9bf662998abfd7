"""Namespaces, code lists and IRI minting: the identifiers of docs/graph.md in one place.

Every IRI dipkg writes is minted here from a stable key, so that converting
the same article twice gives the same IRIs and graphs from different runs
merge. The code lists are the one Python copy of the contract's codes; the
ontology and the shapes spell the same lists in RDF, and tests keep the three
in step.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from typing import TypeVar
from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from dipkg.model import ActorKind, ActorRef, Person, Stance

_TERMS: dict[URIRef, URIRef] = {}
N = TypeVar("N", bound=Node)


def interned(term: N) -> N:
    """One object for an IRI (any other term as it is): the terms rdf.py writes and those the compiled
    shapes look up then meet in dicts and sets by identity, without rdflib's Python-level `__eq__`."""
    return _TERMS.setdefault(term, term) if isinstance(term, URIRef) else term  # type: ignore[return-value]


DIP = Namespace("https://w3id.org/dipkg/ontology#")
PLOVER = Namespace("https://w3id.org/dipkg/plover/")
ISSUE = Namespace("https://w3id.org/dipkg/issue/")
STANCE = Namespace("https://w3id.org/dipkg/stance/")
BASE = Namespace("https://w3id.org/dipkg/")
SCHEMA = Namespace("https://schema.org/")

# prefix -> namespace IRI, for every serializer and report that shortens IRIs
PREFIXES: dict[str, str] = {
    prefix: str(namespace)
    for prefix, namespace in (
        ("dip", DIP), ("plover", PLOVER), ("issue", ISSUE), ("stance", STANCE), ("schema", SCHEMA),
        ("prov", PROV), ("org", ORG), ("skos", SKOS), ("dcterms", DCTERMS), ("foaf", FOAF),
        ("xsd", XSD), ("rdf", RDF), ("rdfs", RDFS), ("owl", OWL),
    )
}

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
ISSUE_CODES: tuple[str, ...] = (
    "sanctions", "dialogue", "denuclearization", "ceasefire", "military_action", "arms_supply",
    "trade_restrictions", "economic_cooperation", "humanitarian_aid", "climate_action",
    "alliance", "recognition", "accountability",
)
STANCES: tuple[str, ...] = tuple(s.value for s in Stance)
ORGANIZATION_CODES: tuple[str, ...] = (
    "UN", "EU", "NATO", "IAEA", "ASEAN", "AU", "WTO", "G7", "G20", "OPEC", "ECOWAS",
    "ARAB_LEAGUE", "GCC", "OSCE", "WHO", "ICC", "ICJ", "SCO", "BRICS", "OAS",
)


def slug(text: str) -> str:
    """Accents stripped, lower case, runs of anything but a-z0-9 as one '-' ("Lavrov's" -> "lavrov-s").

    The same folding as the person keys of `dipkg.extract.persons`, so that a
    person's IRI ends with the person's key.
    """
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    result = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    if not result:
        raise ValueError(f"cannot make an identifier of {text!r}: it has no letters or digits a-z, 0-9")
    return result


def _segment(text: str) -> str:
    """One path segment, percent-encoded so that any key gives a valid IRI."""
    return quote(text, safe="")


def state_iri(code: str) -> URIRef:
    return BASE[f"state/{_segment(code)}"]


def org_iri(code: str) -> URIRef:
    return BASE[f"org/{_segment(code)}"]


def person_iri(name: str) -> URIRef:
    return BASE[f"person/{slug(name)}"]


def actor_iri(ref: ActorRef, persons: Mapping[str, Person]) -> URIRef:
    """The IRI of a state, an organization, or a person of the article (by key)."""
    if ref.kind is ActorKind.STATE:
        return state_iri(ref.key)
    if ref.kind is ActorKind.ORGANIZATION:
        return org_iri(ref.key)
    # a person's key is the slug of the fullest name, so it mints the same IRI as the name
    person = persons.get(ref.key)
    return person_iri(person.name if person is not None else ref.key)


def post_iri(title: str, served: ActorRef | None) -> URIRef:
    """A post by title, within the state or organization it serves when that is known."""
    if served is None:
        return BASE[f"post/{slug(title)}"]
    if served.kind is ActorKind.PERSON:
        raise ValueError(f"the post {title!r} serves a person ({served.key}), not a state or organization")
    return BASE[f"post/{_segment(served.key)}/{slug(title)}"]


def article_iri(article_id: str) -> URIRef:
    """The article, which is also the name of its graph."""
    return BASE[f"article/{_segment(article_id)}"]


def event_type_iri(code: str) -> URIRef:
    return PLOVER[_segment(code)]


def issue_iri(code: str) -> URIRef:
    return ISSUE[_segment(code)]


def stance_iri(stance: Stance | str) -> URIRef:
    """The stance concept; a plain string must be a `Stance` value."""
    return STANCE[Stance(stance).value]


def sentence_iri(article: URIRef, index: int) -> URIRef:
    return URIRef(f"{article}/sentence/{index}")


def fact_iri(article: URIRef, kind: str, *key_parts: object) -> URIRef:
    """A fact of an article (tenure, event, position, reference), named by a hash of its content key."""
    key = "\x1f".join(str(part) for part in key_parts)
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    return URIRef(f"{article}/{kind}/{digest}")
