"""The state one article's extraction components share.

Components are functions ``component(ctx: ArticleContext) -> None`` that read
the spaCy `Doc` and what earlier components found, and add to
`ctx.extraction`. `ArticleContext` answers the questions every later component
asks: which actor does this token stand for, which sentence is this.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from dipkg.model import ActorKind, ActorRef, Evidence, Extraction, Mention

# dependency labels that attach a modifier naming whose a noun phrase is:
# "China's ministry" (poss), "U.S. envoy" (compound), "Chinese officials" (amod),
# "the ministry of China" (prep -> pobj)
_OWNER_DEPS = ("poss", "compound", "amod", "nmod", "npadvmod")


@dataclass
class ArticleContext:
    doc: Doc
    extraction: Extraction
    _starts: list[int] = field(default_factory=list, init=False, repr=False)
    _sorted: list[Mention] = field(default_factory=list, init=False, repr=False)
    _sentence_starts: list[int] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        self._sentence_starts = [s.start for s in self.extraction.sentences]

    # ------------------------------------------------------------ the parse, indexed once
    # Iterating a `Doc` and asking a token for its sentence (`Token.sent`)
    # build Python objects anew on every call; components ask for them many
    # times per article, so they are built here once.
    @cached_property
    def tokens(self) -> list[Token]:
        return list(self.doc)

    @cached_property
    def sentences(self) -> list[Span]:
        return list(self.doc.sents)

    @cached_property
    def _sentence_ends(self) -> list[int]:
        return [s.end for s in self.sentences]

    def sentence(self, token: Token) -> Span:
        """The sentence of `token`, as `token.sent` gives it."""
        return self.sentences[bisect.bisect_right(self._sentence_ends, token.i)]

    # ------------------------------------------------------------ mentions
    def add_mention(self, mention: Mention) -> None:
        """Record a mention unless one already covers any of its characters."""
        if self.mention_overlapping(mention.start, mention.end) is not None:
            return
        i = bisect.bisect_left(self._starts, mention.start)
        self._starts.insert(i, mention.start)
        self._sorted.insert(i, mention)
        self.extraction.mentions.append(mention)

    def mention_overlapping(self, start: int, end: int) -> Mention | None:
        i = bisect.bisect_right(self._starts, end - 1) - 1
        while i >= 0:
            m = self._sorted[i]
            if m.end > start:
                return m
            if m.start < start - 200:  # mentions are short; stop scanning far back
                return None
            i -= 1
        return None

    def mention_at(self, token: Token) -> Mention | None:
        return self.mention_overlapping(token.idx, token.idx + len(token.text))

    def mentions_in(self, span: Span) -> list[Mention]:
        lo = bisect.bisect_left(self._starts, span.start_char)
        hi = bisect.bisect_left(self._starts, span.end_char)
        return self._sorted[lo:hi]

    # ------------------------------------------------------------ actors
    def acting_for(self, ref: ActorRef | None) -> ActorRef | None:
        """The state or organization behind an actor: a person acts for the one they serve."""
        if ref is None or ref.kind is not ActorKind.PERSON:
            return ref
        person = self.extraction.persons.get(ref.key)
        return person.affiliation if person else None

    def actor_ref(self, token: Token, depth: int = 2) -> ActorRef | None:
        """The actor a noun phrase headed by `token` refers to, as written (persons stay persons).

        Looks at the token itself, then at the modifiers that say whose the
        phrase is ("China's foreign ministry", "U.S. envoy", "Chinese
        officials", "the government of Japan").
        """
        mention = self.mention_at(token)
        if mention is not None:
            return mention.actor
        if depth == 0:
            return None
        for child in token.children:
            if child.dep_ in _OWNER_DEPS:
                ref = self.actor_ref(child, depth - 1)
                if ref is not None:
                    return ref
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "from"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        ref = self.actor_ref(pobj, depth - 1)
                        if ref is not None:
                            return ref
        return None

    def actor(self, token: Token) -> ActorRef | None:
        """The state or organization a noun phrase headed by `token` stands for."""
        return self.acting_for(self.actor_ref(token))

    def person_key(self, token: Token) -> str | None:
        ref = self.actor_ref(token)
        return ref.key if ref is not None and ref.kind is ActorKind.PERSON else None

    # ------------------------------------------------------------ provenance
    def sentence_index(self, token: Token) -> int:
        return self._sentence_index_at(token.idx)

    def _sentence_index_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self._sentence_starts, char) - 1)

    def evidence(self, span: Span | Token) -> Evidence:
        """Evidence for a fact stated by `span` (a phrase or a single token)."""
        if isinstance(span, Token):
            start, end = span.idx, span.idx + len(span.text)
        else:
            start, end = span.start_char, span.end_char
        return Evidence(sentence=self._sentence_index_at(start), start=start, end=end)
