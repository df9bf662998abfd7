"""The typed objects that travel between dipkg's stages.

Readers produce an `Article`; the extractors fill one `Extraction` per
article; the RDF layer turns an `Extraction` into triples. Nothing here knows
about spaCy or rdflib, so every stage can be tested with hand-made objects.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum


@dataclass(frozen=True)
class Article:
    """One news article as read from a file or a JSON Lines record."""

    id: str
    text: str
    published: date | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    origin: str = ""  # where it was read from: "file.txt" or "batch.jsonl:12", for error messages


class ActorKind(str, Enum):
    STATE = "state"
    ORGANIZATION = "org"
    PERSON = "person"


@dataclass(frozen=True)
class ActorRef:
    """A pointer to an actor: a state or organization by code, a person by key.

    `key` is the ISO alpha-3 code of a state, the contract code of an
    intergovernmental organization (``UN``, ``EU``, ...), or a person's key in
    `Extraction.persons`.
    """

    kind: ActorKind
    key: str


@dataclass(frozen=True)
class Evidence:
    """Where in the article a fact is stated: a sentence and a character span."""

    sentence: int  # index into Extraction.sentences
    start: int  # character offsets into Article.text
    end: int


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass
class Mention:
    """A stretch of text that refers to an actor ("Pyongyang", "the North", "he")."""

    actor: ActorRef
    start: int
    end: int
    sentence: int
    text: str
    how: str  # name, capital, demonym, short_form, dateline, title, pronoun, description, surname
    confidence: float = 1.0


@dataclass
class Office:
    """An office a person holds, as the article states it."""

    title: str  # as normalized for display: "Vice Foreign Minister"
    state: ActorRef | None  # the state or organization the office serves
    evidence: Evidence
    confidence: float = 0.8


@dataclass
class Person:
    key: str  # stable within the article: the slug of the fullest name
    name: str  # the fullest form used in the article
    affiliation: ActorRef | None = None  # the state or organization the person serves
    offices: list[Office] = field(default_factory=list)
    evidence: Evidence | None = None  # first full mention
    confidence: float = 0.8


@dataclass
class Event:
    """A PLOVER event between actors; `source` and `target` are states or organizations."""

    type: str  # PLOVER type, e.g. CONSULT
    source: ActorRef
    target: ActorRef | None
    evidence: Evidence
    trigger: str  # the word or phrase that expresses the event ("met", "held talks")
    date: date | None = None
    place: ActorRef | None = None
    source_person: str | None = None  # person key when a person acted
    target_person: str | None = None
    confidence: float = 0.7


class Stance(str, Enum):
    SUPPORT = "support"
    OPPOSE = "oppose"


@dataclass
class Position:
    """A stance an actor holds on an issue, with the article's words as evidence."""

    holder: ActorRef
    issue: str  # one of the contract's issue codes, e.g. sanctions
    stance: Stance
    statement: str  # the words of the article that state the position
    evidence: Evidence
    holder_person: str | None = None
    confidence: float = 0.7


@dataclass
class Extraction:
    """Everything dipkg extracted from one article."""

    article: Article
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    persons: dict[str, Person] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)

    def actors(self, kind: ActorKind) -> list[str]:
        """Keys of the actors of one kind the article refers to, in order of first mention."""
        seen: dict[str, None] = {}
        for mention in sorted(self.mentions, key=lambda m: m.start):
            if mention.actor.kind is kind:
                seen.setdefault(mention.actor.key, None)
        for event in self.events:
            for ref in (event.source, event.target, event.place):
                if ref is not None and ref.kind is kind:
                    seen.setdefault(ref.key, None)
        return list(seen)
