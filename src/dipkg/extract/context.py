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

from spacy.attrs import DEP, HEAD, IDX, LOWER, ORTH, POS, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dipkg.extract.titles import title_spans
from dipkg.model import ActorKind, ActorRef, Evidence, Extraction, Mention

# dependency labels that attach a modifier naming whose a noun phrase is:
# "China's ministry" (poss), "U.S. envoy" (compound), "Chinese officials" (amod),
# "the ministry of China" (prep -> pobj)
_OWNER_DEPS = ("poss", "compound", "amod", "nmod", "npadvmod")

# strings by their ids, which are hashes of the strings (the same in every vocabulary): a dict
# lookup is cheaper than the string store's, which decodes the string anew on every read. It holds
# the words of the articles read so far, as the vocabulary's string store does.
_STRINGS: dict[int, str] = {}


@dataclass
class ArticleContext:
    doc: Doc
    extraction: Extraction
    _starts: list[int] = field(default_factory=list, init=False, repr=False)
    _sorted: list[Mention] = field(default_factory=list, init=False, repr=False)
    _titles: list[Span] | None = field(default=None, init=False, repr=False)
    _roots: dict[tuple[int, int], Token | None] = field(default_factory=dict, init=False, repr=False)

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
    def _sentence_starts(self) -> list[int]:
        return [s.start_char for s in self.sentences]

    @cached_property
    def _sentence_ends(self) -> list[int]:
        return [s.end for s in self.sentences]

    def sentence(self, token: Token) -> Span:
        """The sentence of `token`, as `token.sent` gives it."""
        return self.sentences[bisect.bisect_right(self._sentence_ends, token.i)]

    @cached_property
    def sentence_start(self) -> list[int]:
        """By token index, where the token's sentence starts (`Span.sent` walks the tokens back to it)."""
        return [s.start for s in self.sentences for _ in range(s.start, s.end)]

    @cached_property
    def sentence_end(self) -> list[int]:
        """By token index, where the token's sentence ends."""
        return [s.end for s in self.sentences for _ in range(s.start, s.end)]

    @cached_property
    def text(self) -> str:
        """`Doc.text`, joined from the indexed token texts (`Doc.text` builds a token object for each)."""
        spaces = self.doc.to_array(SPACY).tolist()
        return "".join([text + " " if space else text for text, space in zip(self.texts, spaces)])

    def span_text(self, span: Span) -> str:
        """`span.text`, sliced from the article's text rather than joined from the span's tokens."""
        return self.text[span.start_char:span.end_char]

    def titles(self, nlp: Language) -> list[Span]:
        """The article's political titles (`title_spans`), matched once for persons and offices."""
        if self._titles is None:
            self._titles = title_spans(self.doc, nlp)
        return self._titles

    # Token attributes by token index, read in one pass over the parse's arrays: a token's own
    # string attributes (`pos_`, `dep_`, `lower_`, `text`) and tree (`head`, `children`) build
    # Python objects anew on every read.
    def _strings(self, attr: int) -> list[str]:
        keys = self.doc.to_array(attr).tolist()
        try:
            return [_STRINGS[key] for key in keys]
        except KeyError:
            strings = self.doc.vocab.strings
            _STRINGS.update((key, strings[key]) for key in keys)
            return [_STRINGS[key] for key in keys]

    @cached_property
    def pos(self) -> list[str]:
        return self._strings(POS)

    @cached_property
    def dep(self) -> list[str]:
        return self._strings(DEP)

    @cached_property
    def lower(self) -> list[str]:
        return self._strings(LOWER)

    @cached_property
    def texts(self) -> list[str]:
        return self._strings(ORTH)

    @cached_property
    def ends(self) -> list[int]:
        """By token index, the character offset just past the token."""
        return [start + len(text) for start, text in zip(self.doc.to_array(IDX).tolist(), self.texts)]

    @cached_property
    def _head_indices(self) -> list[int]:
        offsets = self.doc.to_array(HEAD).astype("int64").tolist()  # relative, stored unsigned
        return [i + offset for i, offset in enumerate(offsets)]

    @cached_property
    def heads(self) -> list[Token]:
        return [self.tokens[i] for i in self._head_indices]

    def misparsed_conjunct(self, verb: Token) -> bool:
        """Whether a finite verb parsed as the complement of the verb before it continues that verb's
        clause instead ("X said the bloc stood with Y, urged Z to withdraw and said ..."): a finite
        complement clause has a subject of its own, so one without any, after a comma, is a conjunct."""
        if verb.dep_ != "ccomp" or verb.tag_ not in ("VBD", "VBZ", "VBP"):
            return False
        if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl", "mark") for c in self.children[verb.i]):
            return False
        head, left = self._head_indices[verb.i], verb.left_edge.i
        return head < verb.i and self.pos[head] in ("VERB", "AUX") and left > 0 and self.texts[left - 1] == ","

    @cached_property
    def children(self) -> list[list[Token]]:
        """By token index, the token's children in document order, as `Token.children` yields them."""
        found: list[list[Token]] = [[] for _ in self.tokens]
        for token, head in zip(self.tokens, self._head_indices):
            if head != token.i:
                found[head].append(token)
        return found

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

    def mention_root(self, mention: Mention) -> Token | None:
        """The syntactic head of a mention's words; coreference asks for it of every earlier mention
        for every pronoun, so each answer is kept."""
        key = (mention.start, mention.end)
        if key not in self._roots:
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            self._roots[key] = span.root if span is not None else None
        return self._roots[key]

    def is_subject(self, mention: Mention) -> bool:
        """Whether the mention heads a clause's subject."""
        root = self.mention_root(mention)
        return root is not None and root.dep_ in ("nsubj", "nsubjpass")

    def mention_at(self, token: Token) -> Mention | None:
        return self.mention_overlapping(token.idx, self.ends[token.i])

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
