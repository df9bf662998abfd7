"""Positions: the stance each state or organization takes on the contract's issues.

A position is read off the dependency parse in three steps.

1. **Issue terms.** ``data/issue_cues.tsv`` lists words that name an issue,
   with the direction of the word relative to the issue's `support` reading
   ("sanctions" +1, "sanctions relief" -1, "fossil fuels" -1 on
   climate_action). Terms are matched on lemmas, longest first.

2. **Stance cues.** ``data/stance_cues.tsv`` lists the words that state what
   an actor wants: verbs, nouns and adjectives (``cue``: "support", "call
   for", "opposition to", "ready to"), evaluations (``eval``: "branded the
   levy unfair", "talks are the only way forward"), necessity
   (``modal``: "the embargo must remain", said X) and the operators that turn
   an issue term round (``op``: "ease", "lift", "phase out", "without").
   ``data/position_word_classes.tsv`` holds the other open-class words the
   reading relies on (reporting verbs, institution nouns, anaphoric nouns,
   names of groups of states).

3. **Composition.** For every cue, the holder is found (the subject; the
   possessor or modifier of a cue noun, "Lima's call"; the speaker of
   reported speech, "X said it wants", "according to X"; a person counts for
   the state they serve; coordinated holders each get a position; a named
   group, "the Baltic states", stands for its members) and the issue terms in
   the cue's complement (object, infinitive, clause, "for"/"to"/"on"/"against"
   phrase) are followed up the tree to the cue. The stance is the product of
   the cue's polarity, its negation, every operator, negation and nested cue
   on the way, and the term's direction::

       "Quito and La Paz tabled a motion to call for partial sanctions relief"
        call for(+1) x "sanctions relief"(-1)               ->  ECU, BOL oppose sanctions
       "urged Ankara to stop arming the rebels"
        urge(+1) x stop(-1) x arm(+1)                       ->  oppose arms_supply

   A stated intention counts like a cue ("Seoul said it would not lift the
   import ban": support for trade restrictions), and so do a reaction noun
   ("the ruling drew criticism from X": X on what the ruling does), the
   operator of an infinitive of purpose ("sent an envoy to shore up the
   truce") and the condition an offer sets ("ready to talk if Lima lifts the
   tariffs": against the tariffs). A cue nested in another cue's complement
   without a holder of its own is read only as part of the outer cue
   ("faulted Y for rejecting talks" is support for talks, not opposition).
   Cues inside a condition ("if", "unless") are not asserted and give nothing.

   Cues with no complement of their own take it from the clause around them:
   "cleared the duties despite Polish objections" (against what the clause
   does), "Chile backed the duties, while Peru voted no" (the complement of
   the parallel clause). What the holder says the thing it backs will do
   counts too: "welcomed the pact, saying it would allow aid deliveries".

   A definite "the deal", "the measures", "the package" with no issue word of
   its own takes the issue of the nearest earlier noun phrase of the same kind
   that had one ("a truce and prisoner-exchange deal" ... "welcomed the
   deal"), or of an agreement whose content a sentence stated ("the accord
   sets up a humanitarian corridor"); so does one more of a kind ("another
   package", "a 15th package").

   Counted and plural references stand for the actors last named together:
   "the two sides", "the three", "both governments", and a "they" whose
   nearest plural subject names actors.

Only positions with an identified state or organization as holder are kept.

**One position per (holder, issue).** `find_positions` returns every reading
with its evidence; `extract_positions` keeps one `Position` per (holder,
issue) in the extraction: the stance with the larger summed confidence over
all its readings, represented by its most confident reading. The contract
scores one triple per (holder, issue), and an article that reports a change
of mind is rarer than a misread sentence.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from spacy.attrs import LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from dipkg.extract.context import ArticleContext
from dipkg.model import ActorKind, ActorRef, Position, Stance

# ------------------------------------------------------------------ structure words
_COMPLEMENT_PREPS = frozenset({"for", "to", "on", "toward", "towards", "of", "about", "over"})
_OP_PREPS = frozenset({"of", "on", "to", "from"})
_OBJECT_DEPS = frozenset({"dobj", "xcomp", "ccomp", "attr", "oprd", "acomp", "pcomp", "dative"})
# clauses and phrases that state a condition, a time or a contrast: not what the cue is about
_PRUNED_MARKS = frozenset({"if", "unless", "whether", "while", "when", "whenever", "although", "though",
                           "because", "since", "after", "before", "until", "till", "as", "once", "whereas",
                           "provided", "providing"})
_PRUNED_PREPS = frozenset({"until", "till", "unless", "despite", "after", "before", "since", "amid", "amidst",
                           "besides", "like", "unlike", "according", "following"})
# places: "monitors at a border crossing", "a truce along the demarcation line"
_PLACE_PREPS = frozenset({"at", "near", "inside", "outside", "around", "across", "along", "within", "beneath",
                          "behind", "beside", "throughout"})
_HYPOTHETICAL_MARKS = frozenset({"if", "unless", "whether", "provided", "providing"})
# a condition an offer sets: "ready to talk if Lima lifts the tariffs"
_CONDITION_MARKS = frozenset({"if", "provided", "providing", "once"})
# subjects that, left unresolved, stand for the speaker: "we want", and "Oslo said it would not agree"
_FIRST_PERSON = frozenset({"we", "i", "us", "our", "my", "me", "it", "they", "he", "she"})
_NEGATORS = frozenset({"not", "n't", "never", "no", "nor", "neither"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
# what a view is about: "its stance on sanctions", "its position toward the talks"
_TOPIC_PREPS = frozenset({"on", "toward", "towards", "regarding", "about", "over", "concerning"})
_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "its", "their", "our", "my"})
# "despite X's opposition", "over the objections of X", "notwithstanding X's reservations"
_CONCESSIVE_PREPS = frozenset({"despite", "notwithstanding", "over", "against"})
# subordinators of a contrasted clause: "X backed it, while Y voted against"
_CONTRAST_MARKS = frozenset({"while", "whereas", "whilst"})
# auxiliaries of a stated effect or requirement: "it would allow ...", "it must be followed by ..."
_EFFECT_AUX = frozenset({"will", "would", "'ll", "could", "can", "must", "should", "shall"})
_ANAPHOR_WINDOW = 8  # sentences back
# anaphor groups whose nouns also point back as the modifier of a definite phrase ("the corridor work")
_MODIFIER_ANAPHOR_GROUPS = frozenset({"agreement", "talks", "corridor", "relief"})
_MIN_CONFIDENCE = 0.4
_GROUP_WINDOW = 3  # sentences back in which "the two sides" or "they" find the actors they stand for
_COUNTS = {"two": 2, "both": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}


# ------------------------------------------------------------------ lexicons
@dataclass(frozen=True)
class IssueTerm:
    words: tuple[str, ...]
    issue: str | None  # None: a blocker that names no issue
    direction: int
    event: bool = False
    pos: frozenset[str] | None = None
    ctx: frozenset[str] | None = None
    weight: float = 1.0


@dataclass(frozen=True)
class StanceWord:
    head: str
    extras: tuple[str, ...]  # particles or prepositions that must go with the head
    role: str  # cue, eval, op, modal
    polarity: int
    pos: frozenset[str] | None = None
    retro: bool = False
    infinitive: bool = False  # the complement must be a to-infinitive ("efforts to end the war")
    predicate: bool = False  # only as what an evaluating verb calls something ("called it a chance to ...")
    weight: float = 1.0


def _flags(columns: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for column in columns:
        for flag in column.split(","):
            flag = flag.strip()
            if not flag:
                continue
            key, _, value = flag.partition("=")
            found[key] = value
    return found


def _rows(name: str) -> Iterator[list[str]]:
    text = (files("dipkg") / "data" / name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield [c.strip() for c in line.split("\t")]


def _norm_words(phrase: str) -> tuple[str, ...]:
    return tuple(w for w in phrase.lower().replace("-", " ").split() if w)


@cache
def issue_terms() -> dict[str, tuple[IssueTerm, ...]]:
    """The issue lexicon, indexed by first word, longest terms first."""
    index: dict[str, dict[tuple, IssueTerm]] = {}
    for row in _rows("issue_cues.tsv"):
        words = _norm_words(row[0])
        issue = None if row[1] == "-" else row[1]
        flags = _flags(row[3:])
        term = IssueTerm(
            words=words, issue=issue, direction=int(row[2]) if issue else 0,
            event="event" in flags,
            pos=frozenset(flags["pos"].split("|")) if "pos" in flags else None,
            ctx=frozenset(w.lower() for w in flags["ctx"].split("|")) if "ctx" in flags else None,
            weight=float(flags.get("w", 1.0)),
        )
        index.setdefault(words[0], {})[(words, term.pos)] = term
    return {first: tuple(sorted(terms.values(), key=lambda t: -len(t.words))) for first, terms in index.items()}


@cache
def stance_words() -> dict[str, tuple[StanceWord, ...]]:
    """The stance lexicon, indexed by head lemma, entries with more required words first."""
    index: dict[str, list[StanceWord]] = {}
    for row in _stance_rows():
        index.setdefault(row.head, []).append(row)
    return {head: tuple(sorted(rows, key=lambda r: (-len(r.extras), r.pos is None))) for head, rows in index.items()}


def _stance_rows() -> Iterator[StanceWord]:
    for row in _rows("stance_cues.tsv"):
        words = _norm_words(row[0])
        flags = _flags(row[3:])
        yield StanceWord(
            head=words[0], extras=words[1:], role=row[1], polarity=int(row[2]),
            pos=frozenset(flags["pos"].split("|")) if "pos" in flags else None,
            retro="retro" in flags, infinitive="inf" in flags, predicate="pred" in flags,
            weight=float(flags.get("w", 1.0)),
        )


def lexicon_sizes() -> dict[str, int]:
    """How many entries each lexicon has, by kind (for reports and tests)."""
    terms = {t for group in issue_terms().values() for t in group}
    sizes = {"issue_terms": sum(1 for t in terms if t.issue), "issue_blockers": sum(1 for t in terms if not t.issue)}
    for row in _stance_rows():
        sizes[row.role] = sizes.get(row.role, 0) + 1
    return sizes


# ------------------------------------------------------------------ word classes
@cache
def _word_class_rows() -> tuple[tuple[str, str, str], ...]:
    rows = []
    for row in _rows("position_word_classes.tsv"):
        rows.append((row[0], " ".join(_norm_words(row[1])), row[2] if len(row) > 2 else ""))
    return tuple(rows)


def word_class(name: str) -> frozenset[str]:
    """The words of one class of ``data/position_word_classes.tsv`` (lemmas, lower-cased)."""
    return frozenset(word for cls, word, _ in _word_class_rows() if cls == name)


def word_class_values(name: str) -> dict[str, str]:
    """word -> value for a class whose rows carry a value (anaphor groups, group members)."""
    return {word: value for cls, word, value in _word_class_rows() if cls == name}


_COPULAS = word_class("copula")
_EVAL_VERBS = word_class("eval_verb")
_REACTION_VERBS = word_class("reaction_verb")
_REPORTING = word_class("reporting")
_ANIMATE_NOUNS = word_class("animate")
_NON_STATE_HEADS = word_class("non_state_head")
_INSTITUTIONS = word_class("institution")
_OWN_SIDE = word_class("own_side")
_REPORT_NOUNS = word_class("report_noun")
_CHARGING = word_class("charging")
_SUMMARY_NOUNS = word_class("summary_noun")
_STANCE_VENUES = word_class("stance_venue")
_AGREEMENT_CONTENT = word_class("agreement_content")
_OVERRIDE_VERBS = word_class("override_verb")
_NAMING_VERBS = word_class("naming_verb")
_PARTY_NOUNS = word_class("party_noun")
_GUESSES = word_class("guess")
_CONTINUATIONS = word_class("continuation")
_DOCUMENT_NOUNS = word_class("document_noun")
_VIEW_NOUNS = word_class("view_noun")
_THREAT_VERBS = word_class("threat_verb")
# what a threat can hold out: "threatened sanctions", "threatened to use force"
_PUNITIVE_ISSUES = frozenset({"sanctions", "trade_restrictions", "military_action"})
_ANAPHOR_GROUPS = word_class_values("anaphor")
_STATE_GROUPS = {tuple(name.split()): tuple(v.split("|")) for name, v in word_class_values("group").items()}


# ------------------------------------------------------------------ word forms
# `_forms` by the ids of a token's lower-cased form and lemma: the ids are hashes of the strings (the
# same in every vocabulary), and cheaper to read from a token than the strings themselves
_FORMS_BY_ID: dict[tuple[int, int], frozenset[str]] = {}


def _forms(token: Token) -> frozenset[str]:
    """The lower-cased form and lemma of a token, with and without a plural -s."""
    key = (token.lower, token.lemma)
    forms = _FORMS_BY_ID.get(key)
    if forms is None:
        forms = _FORMS_BY_ID[key] = _word_forms(token.lower_, token.lemma_.lower())
    return forms


def _doc_forms(doc: Doc) -> list[frozenset[str]]:
    """`_forms` of every token of a doc by token index, read in one pass over the doc's arrays."""
    strings = doc.vocab.strings
    found: list[frozenset[str]] = []
    for key in map(tuple, doc.to_array([LOWER, LEMMA]).tolist()):
        forms = _FORMS_BY_ID.get(key)
        if forms is None:
            lower, lemma = key
            forms = _FORMS_BY_ID[key] = _word_forms(strings[lower], strings[lemma].lower())
        found.append(forms)
    return found


@cache
def _word_forms(lower: str, lemma: str) -> frozenset[str]:
    """Forms of a word under crude suffix stripping, which backs the lemmatizer up where it slips
    (a past tense the small model lemmatizes badly: "-ed" stripped back to the base form)."""
    forms = {lower, lemma}
    word = lower
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        forms.add(word[:-1])
    if len(word) > 4 and word.endswith("ies"):
        forms.add(word[:-3] + "y")
    if len(word) > 4 and word.endswith("ed"):
        forms.update({word[:-1], word[:-2]})
        if word[-3] == word[-4]:
            forms.add(word[:-3])  # stopped -> stop
        if word.endswith("ied"):
            forms.add(word[:-3] + "y")
    if len(word) > 5 and word.endswith("ing"):
        forms.update({word[:-3], word[:-3] + "e"})
        if word[-4] == word[-5]:
            forms.add(word[:-4])
    forms.discard("")
    return frozenset(forms)


def _word_matches(word: str, forms: frozenset[str]) -> bool:
    """Whether a lexicon word is one of a token's `_forms` (or their plural)."""
    return word in forms or (len(word) > 3 and word.endswith("s") and word[:-1] in forms)


# hyphens by the ids of their texts and tag (cheaper to read from a token than the strings)
_HYPHEN_ORTHS = frozenset(get_string_id(text) for text in ("-", "–", "‑"))
_HYPHEN_TAG = get_string_id("HYPH")


def _is_hyphen(token: Token) -> bool:
    return token.orth in _HYPHEN_ORTHS or token.tag == _HYPHEN_TAG


# ------------------------------------------------------------------ issue matches
@dataclass
class IssueMatch:
    """One occurrence of an issue term (or of an anaphor that takes an earlier one's issue)."""

    tokens: tuple[int, ...]  # token indices, hyphens excluded
    root: Token
    term: IssueTerm
    anaphoric: bool = False

    @property
    def issue(self) -> str:
        return self.term.issue or ""


def find_issue_terms(doc: Doc | Span, ctx: ArticleContext | None = None,
                     doc_forms: list[frozenset[str]] | None = None) -> list[IssueMatch]:
    """Every issue term in a text, longest match first, blockers dropped (`doc_forms`: the
    `_doc_forms` of the text's doc, when the caller has them)."""
    if doc_forms is None:
        doc_forms = _doc_forms(doc if isinstance(doc, Doc) else doc.doc)
    found: list[IssueMatch] = []
    taken: set[int] = set()
    if ctx is not None and doc is ctx.doc:  # the article's sentences, cut from its indexed tokens
        sentences = [ctx.tokens[sent.start:sent.end] for sent in ctx.sentences]
    else:
        sentences = [list(sent) for sent in (doc.sents if isinstance(doc, Doc) else [doc])]
    for words in sentences:
        seq = [t for t in words if not _is_hyphen(t)]
        forms = [doc_forms[t.i] for t in seq]
        candidates: list[tuple[int, int, IssueTerm]] = []
        for i, token_forms in enumerate(forms):
            for term in _terms_starting(token_forms):
                n = len(term.words)
                if i + n > len(seq):
                    continue
                if not all(_word_matches(w, forms[i + k]) for k, w in enumerate(term.words)):
                    continue
                if term.pos is not None and seq[i].pos_ not in term.pos:
                    continue
                candidates.append((i, n, term))
        candidates.sort(key=lambda c: (-c[1], c[0]))
        for i, n, term in candidates:
            idx = tuple(seq[i + k].i for k in range(n))
            if any(j in taken for j in idx):
                continue
            root = _span_root([seq[i + k] for k in range(n)])
            if term.ctx is not None and not _context_ok(root, seq[i], term.ctx, ctx):
                continue
            taken.update(idx)
            if term.issue:
                found.append(IssueMatch(idx, root, term))
    found.sort(key=lambda m: m.root.i)
    return found


@cache
def _terms_starting(forms: frozenset[str]) -> tuple[IssueTerm, ...]:
    """The issue terms whose first word is one of a token's `_forms`, each once, in the order found;
    tokens share their forms' sets, so this is worked out once a set."""
    index = issue_terms()
    return tuple(dict.fromkeys(term for form in forms for term in index.get(form, ())))


def _ends_with(sent: Span, marks: tuple[str, ...]) -> bool:
    """Whether the sentence's last character other than whitespace is one of `marks` (single characters),
    read from its last tokens rather than from `Span.text`, which joins every token's text."""
    for token in reversed(sent):
        word = token.text.rstrip()
        if word:
            return word[-1] in marks
    return False


def _span_root(tokens: list[Token]) -> Token:
    ids = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in ids or token.head.i == token.i:
            return token
    return tokens[-1]


def _group_name(token: Token) -> tuple[str, ...] | None:
    """The members of the group of states a noun names ("E3", "Baltic states", "Visegrad Group")."""
    modifiers = [c.lower_ for c in token.lefts if c.dep_ in ("compound", "amod", "nmod")]
    for head in sorted(_forms(token)):
        for words in (tuple(modifiers + [head]), (head,)):
            members = _STATE_GROUPS.get(words)
            if members:
                return members
    return None


def _term_arguments(token: Token) -> Iterator[Token]:
    for child in token.children:
        if child.dep_ in ("dobj", "compound", "amod", "nmod", "poss", "nsubjpass", "attr", "npadvmod"):
            yield child
        elif child.dep_ in ("prep", "agent") and child.lower_ in ("of", "into", "on", "in", "for", "over", "to",
                                                                   "with", "against", "by"):
            yield from (g for g in child.children if g.dep_ in ("pobj", "pcomp"))


def _context_ok(root: Token, first: Token, words: frozenset[str], ctx: ArticleContext | None) -> bool:
    """Whether an argument of the term has one of the required lemmas, or is a state or organization
    (@actor), or a person (@person); @intransitive: or the term has no object ("agreed to meet again")."""
    if "@intransitive" in words and not any(c.dep_ == "dobj" for c in root.children):
        return True
    args: list[Token] = []
    for token in {root, first}:
        args.extend(_term_arguments(token))
    if root.dep_ == "compound":  # "an EU membership application": the noun the term modifies
        args.append(ctx.heads[root.i])
    args = args + [c for a in args for c in a.conjuncts]
    for arg in args:
        if _forms(arg) & words:
            return True
        if ("@actor" in words or "@person" in words) and ctx is not None:
            ref = ctx.actor_ref(arg, depth=0)
            if ref is not None and ("@person" if ref.kind is ActorKind.PERSON else "@actor") in words:
                return True
    return False


def _np_heads(match: IssueMatch) -> set[str]:
    """The nouns a term's noun phrase is named by: "ceasefire deal" -> {ceasefire, deal}."""
    heads: set[str] = set()
    token = match.root
    for _ in range(4):
        heads |= _forms(token)
        if token.dep_ in ("compound", "amod", "nmod", "conj") and token.head.pos_ in ("NOUN", "PROPN"):
            token = token.head
        elif token.dep_ in ("pobj",) and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN":
            token = token.head.head
        else:
            break
    return heads


# ------------------------------------------------------------------ stance words on tokens
def _attached_words(token: Token) -> set[str]:
    """The words (forms and lemmas) that can supply a required particle or preposition: those hanging
    from the head, or from its object."""
    found: set[str] = set()
    for child in token.children:
        found.update((child.lower_, child.lemma_.lower()))
        if child.dep_ in ("dobj", "prep", "pobj", "advmod", "prt", "npadvmod"):
            for grandchild in child.children:
                found.update((grandchild.lower_, grandchild.lemma_.lower()))
    return found


@cache
def _stance_forms(forms: frozenset[str]) -> tuple[str, ...]:
    """The `_forms` of a word that head a stance-lexicon entry, in a fixed order (the first best entry wins)."""
    lexicon = stance_words()
    return tuple(form for form in sorted(forms) if form in lexicon)


def stance_word(token: Token, roles: Iterable[str] | None = None) -> StanceWord | None:
    """The stance-lexicon entry a token carries, the most specific one that fits."""
    forms = _stance_forms(_forms(token))
    if not forms:
        return None
    lexicon = stance_words()
    wanted = set(roles) if roles is not None else None
    best: StanceWord | None = None
    attached: set[str] | None = None
    for form in forms:
        for entry in lexicon[form]:
            if wanted is not None and entry.role not in wanted:
                continue
            if entry.pos is not None and token.pos_ not in entry.pos:
                continue
            if entry.extras:
                if attached is None:
                    attached = _attached_words(token)
                if not all(extra in attached for extra in entry.extras):
                    continue
            if best is None or (len(entry.extras), entry.pos is not None) > (len(best.extras), best.pos is not None):
                best = entry
    return best


# ------------------------------------------------------------------ readings
@dataclass
class _Reading:
    holder: ActorRef
    holder_person: str | None
    issue: str
    stance: Stance
    confidence: float
    tokens: set[int] = field(default_factory=set)
    sentence: int = 0


class _Reader:
    """Finds positions in one article."""

    def __init__(self, ctx: ArticleContext) -> None:
        self.ctx = ctx
        self.doc = ctx.doc
        self.forms = _doc_forms(self.doc)
        self.matches = find_issue_terms(self.doc, ctx, self.forms)
        self.in_term: dict[int, IssueMatch] = {}
        for m in self.matches:
            for i in m.tokens:
                self.in_term[i] = m
        self._datelines: dict[int, int] = {}
        self._addressees: dict[int, Token] = {}  # complement root -> the verb it is asked to do
        self._plural_groups: dict[int, list[tuple[ActorRef, str | None, Token]]] = {}
        self._antecedents = sorted([*self.matches, *self._content_antecedents()], key=lambda m: m.root.i)
        self.words: dict[int, StanceWord] = {}
        for token, forms in zip(self.ctx.tokens, self.forms):
            if token.i in self.in_term or not _stance_forms(forms) or token.is_punct or token.lower_ == "according":
                continue  # the form test first: it is the cheap one, and most words carry no stance
            word = stance_word(token)
            if word is not None and word.role != "modal":
                self.words[token.i] = word

    # ---------------------------------------------------------- negation
    def _negated(self, token: Token) -> bool:
        for child in self.ctx.children[token.i]:
            if child.dep_ == "neg" or (child.dep_ in ("det", "advmod") and self.ctx.lower[child.i] in _NEGATORS):
                return True
        return False

    def _verb_parsed_as_noun(self, conjunct: Token) -> bool:
        """Whether a noun conjunct of an object is really a verb: a bare singular noun going "to" something
        ("to stop the fighting and return to talks", with "return" parsed as a second object of "stop")."""
        return conjunct.tag_ == "NN" and not any(True for _ in conjunct.lefts) and any(
            c.dep_ == "prep" and self.ctx.lower[c.i] == "to" for c in self.ctx.children[conjunct.i])

    def _contrasted(self, token: Token) -> bool:
        """A conjunct or apposition set against the phrase before it: "dialogue, not more sanctions"."""
        return token.dep_ in ("conj", "appos") and self.ctx.lower[token.left_edge.i] == "not"

    def _negation(self, token: Token) -> int:
        """-1 when the token is negated, counting the negation of a verb it is coordinated with."""
        if self._negated(token):
            return -1
        predicative = token.dep_ in ("acomp", "attr", "oprd") or (
            self.ctx.pos[token.i] in ("NOUN", "PROPN", "ADP") and token.dep_ in ("dobj", "prep"))
        if predicative and self.ctx.heads[token.i].pos_ in ("VERB", "AUX") and self._negated(self.ctx.heads[token.i]):
            return -1  # "is not ready to", "did not express support for", "is not against"
        if token.dep_ == "conj" and not self._subject(token) and self.ctx.heads[token.i].pos_ in ("VERB", "AUX") \
                and token.tag_ == self.ctx.heads[token.i].tag_ == "VB":
            if not any(c.dep_ == "cc" and c.lower_ in ("but", "yet") for c in self.ctx.heads[token.i].children) \
                    and self._negated(self.ctx.heads[token.i]):
                return -1
        return 1

    # ---------------------------------------------------------- syntax helpers
    def _subject(self, token: Token) -> Token | None:
        found = None
        for child in self.ctx.children[token.i]:
            if child.dep_ in ("nsubj", "csubj", "expl"):
                if found is None or (self._in_dateline(found) and not self._in_dateline(child)):
                    found = child  # "NAIROBI (AFP) -- Uganda called ...": two subjects, the dateline one is none
        return found

    @staticmethod
    def _passive(token: Token) -> bool:
        return any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children) or \
            (token.tag_ == "VBN" and token.dep_ in ("acl", "amod") and any(c.dep_ == "agent" for c in token.children))

    @staticmethod
    def _agent(token: Token) -> Token | None:
        for child in token.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
        return None

    def _hypothetical(self, token: Token) -> bool:
        """Inside an "if"/"unless" clause, a guess ("was unlikely to back"), or a question: not asserted."""
        cur = token
        for _ in range(12):
            if cur.dep_ in ("advcl", "ccomp") and any(c.dep_ == "mark" and self.ctx.lower[c.i] in _HYPOTHETICAL_MARKS
                                                      for c in self.ctx.children[cur.i]):
                return True
            if cur.dep_ == "xcomp" and self.ctx.heads[cur.i].lemma_.lower() in _GUESSES:
                return True
            if self.ctx.heads[cur.i].i == cur.i:
                break
            cur = self.ctx.heads[cur.i]
        return _ends_with(self.ctx.sentence(token), ("?",))

    def _charged(self, token: Token) -> bool:
        """Inside what someone is accused of or denies ("accused Moscow of blocking talks", "denied it
        had blocked the talks"): a charge of fact, nobody's stated wish."""
        cur = token
        for _ in range(4):
            head = self.ctx.heads[cur.i]
            if head.i == cur.i:
                return False
            if self.ctx.pos[head.i] == "VERB" and head.lemma_.lower() in _CHARGING and (
                    cur.dep_ == "ccomp" or (cur.dep_ == "prep" and self.ctx.lower[cur.i] in ("of", "for"))):
                return True
            if cur.dep_ not in ("pcomp", "pobj", "prep", "xcomp", "ccomp", "dobj", "conj"):
                return False
            cur = head
        return False

    # ---------------------------------------------------------- holders
    def _resolve_relative(self, token: Token) -> Token:
        """'which'/'who' as a subject stands for the noun the relative clause hangs from."""
        if token.tag_ in ("WDT", "WP") or self.ctx.lower[token.i] in ("which", "who", "that"):
            cur = token
            for _ in range(4):
                if cur.dep_ == "relcl":
                    return self.ctx.heads[cur.i]
                if self.ctx.heads[cur.i].i == cur.i:
                    break
                cur = self.ctx.heads[cur.i]
        return token

    def _actors(self, token: Token) -> list[tuple[ActorRef, str | None, Token]]:
        """The states/organizations a noun phrase stands for, one per coordinated member."""
        token = self._resolve_relative(token)
        if self._in_dateline(token):
            # "PARIS (AFP) - Chile and Peru agreed ...": the parser may make the dateline the subject
            # and the real subject its apposition; the dateline itself never holds a position
            dash = self._dateline_end(self.ctx.sentence(token))
            heads = [t for t in token.subtree if t.dep_ == "appos" and t.i > dash and not self._in_dateline(t)]
            return [a for head in heads[:1] for a in self._actors(head)]
        found: list[tuple[ActorRef, str | None, Token]] = []
        for member in [*self._headline_coordination(token), token, *token.conjuncts]:
            got = self._member_actors(member)
            for item in got:
                if all(item[0] != f[0] for f in found):
                    found.append(item)
        return found

    # ---------------------------------------------------------- wire-copy layout
    _DASHES = frozenset({"-", "--", "—", "–", "‒"})

    def _dateline_end(self, sent: Span) -> int:
        """The index of the dash that closes a dateline opening the sentence ("NAIROBI, May 4 (Reuters) -",
        "LIMA (AP) --"), or -1. A dateline is a place in capitals or a news agency in brackets."""
        cached = self._datelines.get(sent.start)
        if cached is not None:
            return cached
        end = -1
        for token in self.ctx.tokens[sent.start:min(sent.start + 16, sent.end)]:
            if self.ctx.texts[token.i] in self._DASHES:
                before = sent.doc[sent.start:token.i]
                if any(t.text == ")" for t in before) or any(
                        m.how == "dateline" for m in self.ctx.mentions_in(before)) or (
                        len(before) and before[0].is_upper and before[0].is_alpha and len(before[0]) > 1):
                    end = token.i
                break
        self._datelines[sent.start] = end
        return end

    def _in_dateline(self, token: Token) -> bool:
        return token.i < self._dateline_end(self.ctx.sentence(token))

    def _headline_coordination(self, token: Token) -> list[Token]:
        """Headlines coordinate with a comma: "Chile, Peru sign fishing pact". The parser hangs the first
        name off the verb; it shares the subject's role."""
        if token.dep_ not in ("nsubj", "nsubjpass") or self.ctx.pos[token.i] != "PROPN":
            return []
        sent = self.ctx.sentence(token)
        if _ends_with(sent, (".", "?", "!", '"', "'")):
            return []
        found = []
        for sibling in self.ctx.heads[token.i].children:
            if sibling.i < token.i and sibling.pos_ == "PROPN" and sibling.dep_ in ("npadvmod", "dep", "appos",
                                                                                      "nsubj", "nmod") \
                    and sibling.i == sent.start and sent.doc[sibling.i + 1].text == "," and sibling.i + 2 == token.i:
                found.append(sibling)
        return found

    def _member_actors(self, token: Token) -> list[tuple[ActorRef, str | None, Token]]:
        ctx = self.ctx
        speaker = self._reporting_speaker(token)
        if speaker:
            return speaker
        if ctx.mention_at(token) is not None:
            ref = ctx.actor_ref(token)
            if ref is not None and ref.kind is ActorKind.ORGANIZATION:
                # "the African Union's Peace and Security Council", "Russia's Security Council": a body
                # named like another organization's belongs to its possessor
                for owner in (c for c in self.ctx.children[token.i] if c.dep_ == "poss"):
                    owner_ref = ctx.actor_ref(owner, depth=0)
                    if owner_ref is not None and owner_ref.kind is not ActorKind.PERSON and owner_ref != ref:
                        return [(owner_ref, None, owner)]
            actor = ctx.acting_for(ref)
            if actor is None:
                return []
            return [(actor, ref.key if ref.kind is ActorKind.PERSON else None, token)]
        # "Armenian and Azerbaijani leaders", "U.S. and Chinese officials": every owner modifier
        if token.lemma_.lower() in _NON_STATE_HEADS:
            return []
        owners = [c for c in self.ctx.children[token.i] if c.dep_ in ("poss", "compound", "amod", "nmod")]
        found: list[tuple[ActorRef, str | None, Token]] = []
        for owner in owners:
            for member in [owner, *owner.conjuncts]:
                ref = ctx.actor_ref(member, depth=1)
                actor = ctx.acting_for(ref)
                if actor is not None and all(actor != f[0] for f in found):
                    found.append((actor, ref.key if ref.kind is ActorKind.PERSON else None, member))
        # "ministers from Egypt, Jordan and the UAE", "the leaders of France and Germany"
        for child in self.ctx.children[token.i]:
            if child.dep_ == "prep" and self.ctx.lower[child.i] in ("of", "from"):
                for pobj in self.ctx.children[child.i]:
                    if pobj.dep_ != "pobj":
                        continue
                    for member in [pobj, *pobj.conjuncts]:
                        ref = ctx.actor_ref(member, depth=1)
                        actor = ctx.acting_for(ref)
                        if actor is not None and all(actor != f[0] for f in found):
                            found.append((actor, ref.key if ref.kind is ActorKind.PERSON else None, member))
        if found:
            return found
        if token.lemma_.lower() in _DOCUMENT_NOUNS:
            # "a resolution drafted by Algeria calls for ...", "the statement, issued by Paris and Berlin, urged"
            for participle in (c for c in self.ctx.children[token.i] if c.dep_ == "acl" and c.tag_ == "VBN"):
                agent = self._agent(participle)
                if agent is not None and self._actors(agent):
                    return self._actors(agent)
        ref = ctx.actor_ref(token)
        actor = ctx.acting_for(ref)
        if actor is None:
            return self._group_members(token) or self._plural_antecedent(token)
        return [(actor, ref.key if ref.kind is ActorKind.PERSON else None, token)]

    # ---------------------------------------------------------- "the two sides", "they"
    def _plural_count(self, token: Token) -> int | None:
        """How many actors a plural reference stands for: "the two sides" 2, "the three" 3, "they" 0 (any
        number above one); None when the phrase is no such reference."""
        lower = self.ctx.lower[token.i]
        if lower == "they" and self.ctx.pos[token.i] == "PRON":
            return 0
        if self.ctx.pos[token.i] == "NUM" and lower in _COUNTS and any(
                c.dep_ == "det" and self.ctx.lower[c.i] in _DEFINITE for c in self.ctx.children[token.i]):
            return _COUNTS[lower]  # "the three condemned ..."
        if token.tag_ in ("NNS", "NNPS") and token.lemma_.lower() in _PARTY_NOUNS:
            for child in self.ctx.children[token.i]:
                if child.dep_ in ("nummod", "det", "predet") and self.ctx.lower[child.i] in _COUNTS:
                    return _COUNTS[self.ctx.lower[child.i]]
        return None

    def _plural_antecedent(self, token: Token) -> list[tuple[ActorRef, str | None, Token]]:
        """The actors a plural reference points back to: the nearest earlier coordination or plural subject
        naming that many ("Seoul and Tokyo ... the two sides"), else the sentence before, if it names
        exactly that many. "they" takes only the nearest plural subject, and only when it names actors;
        "X said they ..." is left to the speaker."""
        count = self._plural_count(token)
        if count is None:
            return []
        cached = self._plural_groups.get(token.i)
        if cached is not None:
            return cached
        if count == 0 and self._reported_with_speaker(token):
            found = []
        else:
            found = self._find_plural_antecedent(token, count)
        self._plural_groups[token.i] = found
        return found

    def _reported_with_speaker(self, token: Token) -> bool:
        """Whether a subject's clause is reported by a verb with a subject of its own ("X said they ...")."""
        clause = self.ctx.heads[token.i]
        return clause.dep_ == "ccomp" and self.ctx.heads[clause.i].lemma_ in _REPORTING \
            and self._subject(self.ctx.heads[clause.i]) is not None

    def _find_plural_antecedent(self, token: Token, count: int) -> list[tuple[ActorRef, str | None, Token]]:
        """See `_plural_antecedent`; `count` 0 stands for "they"."""
        first = max(0, self.ctx.sentence_index(token) - _GROUP_WINDOW)
        for index in range(self.ctx.sentence_index(token), first - 1, -1):
            sent = self.ctx.sentences[index]
            for candidate in reversed(self.ctx.tokens[sent.start:min(sent.end, token.i)]):
                subject = candidate.dep_ in ("nsubj", "nsubjpass")
                plural = self._plural_count(candidate) is not None or candidate.tag_ in ("NNS", "NNPS") or \
                    (any(c.dep_ == "conj" for c in self.ctx.children[candidate.i]) and candidate.dep_ != "conj")
                if not plural or (count == 0 and not subject):
                    continue
                actors = [a for a in self._actors(candidate) if a[0].kind is not ActorKind.PERSON]
                if len(actors) >= 2 and count in (0, len(actors)):
                    return actors
                if count == 0:
                    return []  # the nearest plural subject names no actors: "the missiles ... they"
            if count and index == self.ctx.sentence_index(token) - 1:
                # the sentence just before, naming exactly that many: "X held a call with Y and Z. The three ..."
                named = self._named_in(sent)
                if len(named) == count:
                    return named
        return []

    def _named_in(self, sent: Span) -> list[tuple[ActorRef, str | None, Token]]:
        """The distinct states and organizations a sentence names (persons counting for whom they serve)."""
        found: list[tuple[ActorRef, str | None, Token]] = []
        for mention in self.ctx.mentions_in(sent):
            if mention.how == "pronoun":
                continue
            token = self.ctx.doc.char_span(mention.start, mention.end, alignment_mode="expand")[-1]
            if self._in_dateline(token):
                continue
            actor = self.ctx.acting_for(mention.actor)
            if actor is not None and all(actor != f[0] for f in found):
                found.append((actor, mention.actor.key if mention.actor.kind is ActorKind.PERSON else None, token))
        return found

    def _reporting_speaker(self, token: Token) -> list[tuple[ActorRef, str | None, Token]]:
        """ "Chile, which Peru accuses of ..., said it backed the plan": the "it" that is the subject of a
        clause reported by a state or organization is that state or organization, whatever nearer name
        a relative clause put in between."""
        if self.ctx.lower[token.i] != "it" or token.dep_ != "nsubj":
            return []
        clause = self.ctx.heads[token.i]
        if clause.dep_ == "conj" and self.ctx.heads[clause.i].dep_ == "ccomp":
            clause = self.ctx.heads[clause.i]
        if clause.dep_ != "ccomp" or self.ctx.heads[clause.i].lemma_ not in _REPORTING:
            return []
        subj = self._subject(self.ctx.heads[clause.i])
        if subj is None or subj.i == token.i or self.ctx.lower[subj.i] in _FIRST_PERSON:
            return []
        mention = self.ctx.mention_at(subj)
        if mention is None or mention.actor.kind is ActorKind.PERSON:
            return []
        return self._actors(subj)

    @staticmethod
    def _inside_relative_clause(token: Token, top: Token) -> bool:
        """Whether a relative clause lies between a token and the head of the phrase it belongs to."""
        cur = token
        while cur.i != top.i and cur.head.i != cur.i:
            if cur.dep_ == "relcl":
                return True
            cur = cur.head
        return False

    def _group_members(self, token: Token) -> list[tuple[ActorRef, str | None, Token]]:
        """The member states of a named group: "the E3 urged ...", "the Baltic states called for ...",
        "the three powers, known as the E3, ..." (the name may hang anywhere in the phrase)."""
        names = [token]
        for t in token.subtree:
            if t.i == token.i or self._inside_relative_clause(t, token):
                continue
            if t.dep_ == "appos" or (t.dep_ == "pobj" and self.ctx.heads[t.i].lower_ == "as"
                                     and self.ctx.heads[t.i].head.lemma_.lower() in _NAMING_VERBS):
                names.append(t)
        for name in names:
            members = _group_name(name)
            if members:
                return [(ActorRef(ActorKind.STATE, code), None, name) for code in members]
        return []

    def _according_to(self, token: Token) -> list[tuple[ActorRef, str | None, Token]]:
        for child in self.ctx.children[token.i]:
            if self.ctx.lower[child.i] == "according":
                for to in self.ctx.children[child.i]:
                    for pobj in self.ctx.children[to.i]:
                        if pobj.dep_ == "pobj":
                            return self._actors(pobj)
        return []

    def _climb(self, start: Token) -> tuple[list[tuple[ActorRef, str | None, Token]], bool]:
        """The holder of a clause with no subject of its own: the subject of the verb it depends on,
        or the speaker of the reported speech it is part of. Second value: found by climbing."""
        cur = start
        for _ in range(8):
            found = self._according_to(cur)
            if found:
                return found, True
            if self.ctx.heads[cur.i].i == cur.i:
                # a root: '"The embargo must remain," the envoy said' may hang the speaker as parataxis
                for child in self.ctx.children[cur.i]:
                    if child.dep_ in ("parataxis", "ccomp") and child.lemma_ in _REPORTING:
                        subj = self._subject(child)
                        if subj is not None:
                            return self._actors(subj), True
                return self._quote_speaker(start), True
            dep, head = cur.dep_, self.ctx.heads[cur.i]
            if dep == "prep" and self.ctx.lower[cur.i] in _PRUNED_PREPS:
                return [], True  # "despite calls for a truce, X pressed on": the calls are not X's
            if dep == "appos":
                return self._actors(head), True
            children = self.ctx.children[cur.i]
            if dep == "relcl" and not (any(c.dep_ == "aux" and c.lower_ == "to" for c in children) and not any(
                    c.tag_ in ("WDT", "WP", "WP$", "WRB") for c in children)):
                return [], True  # an infinitive modifier ("ways to end the war") is controlled from above
            if dep == "advcl" and any(c.dep_ == "mark" and c.lower_ not in ("to",) for c in children) \
                    and not self._controlled_participle(cur):
                return [], True
            if dep == "conj" and self.ctx.pos[head.i] in ("NOUN", "PROPN"):
                return [], True
            if dep == "conj" and self._subject(cur) is not None:
                cur = head  # "said the meeting had ended and that mediation was ...": a parallel clause
                continue
            subj = self._subject(head) if self.ctx.pos[head.i] in ("VERB", "AUX") else None
            if subj is None and self.ctx.pos[head.i] in ("VERB", "AUX") and self._passive(head):
                subj = self._agent(head)
            if subj is not None and subj.i != cur.i:
                actors = self._actors(subj)
                if actors:
                    return actors, True
                if self.ctx.lower[subj.i] in _FIRST_PERSON:
                    cur = head
                    continue
                if cur.dep_ == "conj" and head.dep_ == "ccomp" and not self._animate(subj):
                    cur = head  # "X said the levy breached ... and urged ...": the speaker urged
                    continue
                if head.lemma_ in _REPORTING or cur.dep_ != "ccomp":
                    return [], True
            cur = head
        return [], True

    _CONTROLLING_MARKS = frozenset({"while", "after", "before", "when", "whilst", "since", "upon", "by"})

    def _controlled_participle(self, verb: Token) -> bool:
        """"X said ..., while urging Y to ...": a participle with no subject of its own after a time
        conjunction is its main clause subject's act (unlike "if Y agrees", "because talks failed")."""
        children = self.ctx.children[verb.i]
        return verb.tag_ == "VBG" and self._subject(verb) is None and any(
            c.dep_ == "mark" and c.lower_ in self._CONTROLLING_MARKS for c in children)

    _CLOSING_QUOTES = frozenset({'"', "”", "''", "’"})
    _OPENING_QUOTES = frozenset({'"', "“", "``"})

    def _quote_speaker(self, token: Token, continued: bool = True) -> list[tuple[ActorRef, str | None, Token]]:
        """The speaker a quotation is attributed to after it closes ('"We want talks, but ...," X told
        reporters'), wherever the parser hung the reporting verb; the token must lie inside the quotation.
        A quoted sentence with no attribution of its own continues the quotation attributed just before
        it ('"We do not want confrontation," she said. "We want dialogue."'), when `continued`."""
        sent = self.ctx.sentence(token)
        for quote in self.ctx.tokens[token.i + 1:sent.end]:
            if self.ctx.texts[quote.i] not in self._CLOSING_QUOTES:
                continue
            after = [t for t in self.ctx.tokens[quote.i + 1:sent.end] if not t.is_punct]
            for word in after[:8]:  # "..., X said", "..., said X", "..., the minister, X, told reporters"
                verb = word if word.lemma_ in _REPORTING else self.ctx.heads[word.i]
                if verb.lemma_ not in _REPORTING or verb.i < quote.i:
                    continue
                subj = self._subject(verb)
                if subj is not None and subj.i > quote.i:
                    return self._actors(subj)
            if after:
                return []
            break
        index = self.ctx.sentence_index(token)
        if not continued or index == 0 or not self._opens_with_quote(sent):
            return []
        previous = self.ctx.sentences[index - 1]
        if not self._opens_with_quote(previous):
            return []
        return self._quote_speaker(self.ctx.tokens[previous.start], continued=False)

    def _opens_with_quote(self, sent: Span) -> bool:
        return self.ctx.texts[sent.start] in self._OPENING_QUOTES

    def _agentive(self, token: Token) -> bool:
        """Whether a noun phrase names an actor ("Peru", "the ministry", "officials") rather than a thing
        ("Ghana's ruling", "the border crossings")."""
        token = self._resolve_relative(token)
        if self.ctx.mention_at(token) is not None:
            return True
        lemma = token.lemma_.lower()
        return lemma in _ANIMATE_NOUNS or lemma in _NON_STATE_HEADS or lemma in _INSTITUTIONS or \
            token.ent_type_ in ("PERSON", "NORP", "GPE") or self.ctx.lower[token.i] in _FIRST_PERSON

    @staticmethod
    def _own_side(token: Token) -> bool:
        """"his government", "our country": the speaker's own side."""
        return token.pos_ in ("NOUN", "PROPN") and any(
            c.dep_ == "poss" and c.lower_ in _POSSESSIVE_PRONOUNS for c in token.children) \
            and token.lemma_.lower() in _OWN_SIDE

    @staticmethod
    def _animate(token: Token) -> bool:
        return token.ent_type_ in ("PERSON", "NORP", "ORG", "GPE") or token.pos_ == "PRON" or \
            token.lemma_.lower() in _ANIMATE_NOUNS or token.lemma_.lower() in _NON_STATE_HEADS

    def _speaker(self, clause_head: Token) -> list[tuple[ActorRef, str | None, Token]]:
        """Who says a clause: the subject of the verb that reports it (never the clause's own subject)."""
        found = self._according_to(clause_head)
        if found:
            return found
        actors, _ = self._climb(clause_head)
        return actors

    def _cue_holders(self, cue: Token, word: StanceWord) -> tuple[list[tuple[ActorRef, str | None, Token]], bool]:
        """The holders of a cue and whether they are its own (subject, possessor) or found by climbing."""
        pos = self.ctx.pos[cue.i]
        if pos in ("VERB", "AUX") or (pos not in ("NOUN", "PROPN", "ADJ", "ADP")):
            if self._passive(cue):
                agent = self._agent(cue)
                if agent is not None:
                    return self._actors(agent), False
            else:
                subj = self._subject(cue)
                if subj is not None and self._is_stated_effect(cue):
                    return [], False  # "rejected the plan, saying it would block talks": "it" is the plan
                if subj is not None:
                    actors = self._actors(subj)
                    if actors:
                        return actors, False
                    if self.ctx.lower[subj.i] in _FIRST_PERSON or self._own_side(subj):
                        return self._speaker(cue), True
                    return [], False
            holders, climbed = self._climb(cue)
            return holders + [a for a in self._joined(cue) if all(a[0] != h[0] for h in holders)], climbed
        if pos in ("NOUN", "PROPN"):
            if word.predicate and not self._called_so(cue):
                return [], False  # "missed a chance to end the war" is no wish
            if cue.dep_ == "appos":
                # "Chile, an early advocate of the pact": the head; "objections from Peru": its own holder
                return self._member_actors_of_noun(cue) or self._actors(self.ctx.heads[cue.i]), False
            if cue.dep_ == "attr" and self.ctx.heads[cue.i].lemma_ in _COPULAS:
                subj = self._subject(self.ctx.heads[cue.i])
                if subj is not None:
                    actors = self._actors(subj) or self._cue_noun_holders(subj)
                    if actors:
                        return actors, False
            if cue.dep_ == "pobj" and cue.head.lower_ == "as" and cue.head.head.lemma_ in _EVAL_VERBS:
                # "the demands are seen as calls for sanctions relief": whose the demands are
                subj = next((c for c in self.ctx.heads[cue.i].head.children if c.dep_ == "nsubjpass"), None)
                if subj is not None:
                    actors = self._cue_noun_holders(subj)
                    if actors:
                        return actors, False
            actors = self._member_actors_of_noun(cue)
            if actors:
                return actors, False
            if word.infinitive and not (cue.dep_ == "dobj" or (cue.dep_ == "pobj" and cue.head.lower_ == "in")
                                        or self._called_so(cue)):
                # "Chile stepped up efforts to ...", "in an attempt to ...": the actor's own goal; not
                # "accused Peru of an attempt to ..."; "called it a chance to ...": whoever calls it so
                return [], False
            if cue.dep_ == "dobj" and self.ctx.heads[cue.i].lemma_ in _REACTION_VERBS:
                # "the ruling drew criticism from the AU": whoever reacts, never the subject
                return self._member_actors_of_noun(self.ctx.heads[cue.i]), False
            return self._climb(cue)
        if pos == "ADJ":
            own = self._subject(cue)  # a headline without its copula: "Iran ready to resume talks"
            if own is not None and self._actors(own):
                return self._actors(own), False
            if cue.dep_ in ("acomp", "attr", "oprd", "xcomp") and self.ctx.heads[cue.i].pos_ in ("VERB", "AUX"):
                subj = self._subject(self.ctx.heads[cue.i])
                if subj is not None:
                    actors = self._actors(subj)
                    if actors:
                        return actors, False
                    if self.ctx.lower[subj.i] in _FIRST_PERSON:
                        return self._speaker(self.ctx.heads[cue.i]), True
                    if not self._issue_bearing(subj):
                        return [], False
                    return self._speaker(self.ctx.heads[cue.i]), True
            elif cue.dep_ == "amod":
                noun = self.ctx.heads[cue.i]
                if self._agentive(noun):
                    return self._actors(noun), False
                return self._climb(noun)  # "left the door open to talks": whoever leaves it so
            return self._climb(cue)
        # ADP: "X is against sanctions"
        head = self.ctx.heads[cue.i]
        subj = self._subject(head)
        if subj is not None:
            return self._actors(subj), False
        return self._climb(head)

    def _joined(self, verb: Token) -> list[tuple[ActorRef, str | None, Token]]:
        """Whom the holder joins in doing it: "Turkey joined Egypt in calling for a truce"."""
        prep = self.ctx.heads[verb.i]
        if verb.dep_ != "pcomp" or self.ctx.lower[prep.i] != "in" or self.ctx.heads[prep.i].lemma_ != "join":
            return []
        return [a for c in self.ctx.children[prep.head.i] if c.dep_ == "dobj" for a in self._actors(c)]

    def _called_so(self, noun: Token) -> bool:
        """A noun predicated of an object by an evaluating verb: "called it a chance", "saw the deal as a way"."""
        verb = self.ctx.heads[noun.i]
        if noun.dep_ == "oprd" or (noun.dep_ == "dobj" and any(  # "calling it a chance", parsed as two objects
                c.dep_ == "dobj" and c.i < noun.i for c in self.ctx.children[verb.i])):
            return verb.lemma_ in _EVAL_VERBS
        return noun.dep_ == "pobj" and self.ctx.lower[noun.head.i] == "as" and noun.head.head.lemma_ in _EVAL_VERBS

    def _member_actors_of_noun(self, noun: Token) -> list[tuple[ActorRef, str | None, Token]]:
        """Whose a cue noun is: "Lima's call", "Kenyan support", "Polish opposition",
        "a call by Chile", "opposition from Ghana"."""
        found: list[tuple[ActorRef, str | None, Token]] = []
        for child in self.ctx.children[noun.i]:
            if child.dep_ in ("poss", "compound", "amod", "nmod") and not self._in_issue(child):
                for member in [child, *child.conjuncts]:
                    ref = self.ctx.actor_ref(member)
                    actor = self.ctx.acting_for(ref)
                    if actor is not None and all(actor != f[0] for f in found):
                        found.append((actor, ref.key if ref.kind is ActorKind.PERSON else None, member))
            elif child.dep_ in ("prep", "agent") and self.ctx.lower[child.i] in ("by", "from", "of"):
                for pobj in self.ctx.children[child.i]:
                    # "the objections of Peru"; "of" names the holder only when it names an actor
                    if pobj.dep_ == "pobj" and (self.ctx.lower[child.i] != "of" or not self._issue_bearing(pobj)):
                        found.extend(a for a in self._actors(pobj) if all(a[0] != f[0] for f in found))
        return found

    def _cue_noun_holders(self, noun: Token) -> list[tuple[ActorRef, str | None, Token]]:
        """Whose a cue noun is, looking back for a definite one: "Quito has hardened its demands ...
        The demands are seen as ..." -> Quito's."""
        word = self.words.get(noun.i)
        if word is None or word.role != "cue" or self.ctx.pos[noun.i] != "NOUN":
            return []
        found = self._member_actors_of_noun(noun)
        if found or not any(c.dep_ == "det" and self.ctx.lower[c.i] in _DEFINITE for c in self.ctx.children[noun.i]):
            return found
        lemma = noun.lemma_.lower()
        for earlier in reversed(self.doc[max(0, self.ctx.sentence(noun).start - 400):noun.i]):
            if self.ctx.sentence_index(noun) - self.ctx.sentence_index(earlier) > 2:
                break
            if earlier.lemma_.lower() == lemma and self.ctx.pos[earlier.i] == "NOUN":
                found = self._member_actors_of_noun(earlier)
                if found:
                    return found
        return []

    def _in_issue(self, token: Token) -> bool:
        return token.i in self.in_term

    def _issue_bearing(self, token: Token) -> bool:
        return any(i in self.in_term for i in (t.i for t in token.subtree)) or \
            self._anaphor(token) is not None

    # ---------------------------------------------------------- complements
    def _cue_complements(self, cue: Token, word: StanceWord) -> list[Token]:
        """The phrases a cue is about."""
        roots: list[Token] = []
        preps = _COMPLEMENT_PREPS | set(word.extras)
        if self.ctx.pos[cue.i] == "ADP":
            return [c for c in self.ctx.children[cue.i] if c.dep_ in ("pobj", "pcomp")]
        if word.infinitive:  # "efforts to end the war", not "mediation efforts" (an activity, not a goal)
            return [c for c in self.ctx.children[cue.i] if c.dep_ in ("acl", "xcomp", "relcl") and any(
                g.dep_ == "aux" and self.ctx.lower[g.i] == "to" for g in self.ctx.children[c.i])]
        # "urged Peru to ...", "called on Ghana to ...": the object is whom the cue addresses
        addressed = next((c for c in self.ctx.children[cue.i] if c.dep_ in ("xcomp", "ccomp")), None)
        for child in self.ctx.children[cue.i]:
            if child.dep_ in ("dobj", "dative") and addressed is not None and self.ctx.pos[cue.i] in ("VERB", "AUX"):
                if not (child.i in self.in_term or self._anaphor(child) is not None):
                    continue  # whom the cue addresses: "urged Peru to ...", "urged the truce monitors to ..."
                # "urged foreign troops to leave": what the addressee is to do says what is wanted of it
                self._addressees[child.i] = addressed
            if child.dep_ in _OBJECT_DEPS:
                if child.dep_ == "ccomp" and any(
                        c.dep_ == "mark" and c.lower_ in _HYPOTHETICAL_MARKS for c in self.ctx.children[child.i]):
                    continue  # "asked whether Lima would back sanctions": a question, not a wish
                roots.append(child)
            elif child.dep_ in ("prep", "prt", "advmod") and (child.lower_ in preps or child.lemma_ in preps):
                if self.ctx.lower[child.i] == "against" and "against" not in word.extras and word.polarity > 0:
                    continue
                for g in self.ctx.children[child.i]:
                    if g.dep_ not in ("pobj", "pcomp"):
                        continue
                    if child.lower_ == "of" and cue.pos_ in ("NOUN", "PROPN") and not self._issue_bearing(g) \
                            and self._actors(g):
                        continue  # "the objections of Peru": whose, not what about
                    if child.lower_ in ("on", "upon") and addressed is not None and cue.pos_ in ("VERB", "AUX"):
                        self._addressees[g.i] = addressed  # "called on foreign forces to withdraw"
                    roots.append(g)
            elif child.dep_ == "nsubjpass":
                roots.append(child)
            elif child.dep_ == "conj" and self.ctx.pos[cue.i] in ("VERB", "AUX") and self.ctx.pos[child.i] == "NOUN":
                roots.append(child)  # "called for restraint and a return to talks": a second object hung on the verb
            elif self.ctx.pos[cue.i] in ("NOUN", "PROPN") and child.dep_ in ("acl", "relcl"):
                roots.append(child)
            elif cue.pos_ in ("NOUN", "PROPN") and child.dep_ in ("compound", "amod") and self._in_issue(child):
                roots.append(child)
            elif self.ctx.pos[cue.i] in ("NOUN", "PROPN") and child.dep_ == "poss" and self._issue_bearing(child) \
                    and not self._actors(child):
                roots.append(child)  # "the pact's backers", "the embargo's critics": what, not whose
        verb = self.ctx.heads[cue.i]
        if cue.pos_ == "NOUN" and cue.dep_ == "dobj" and verb.i not in self.words:
            # "voiced opposition to any expansion", with "to" hung on the verb: the noun's complement
            roots.extend(g for prep in self.ctx.children[verb.i] if prep.dep_ in ("prep", "dative") and prep.i > cue.i
                         and self.ctx.lower[prep.i] in preps and self.ctx.lower[prep.i] != "of"
                         for p in (prep, *prep.conjuncts)
                         for g in self.ctx.children[p.i] if g.dep_ in ("pobj", "pcomp"))
        if cue.pos_ in ("NOUN", "PROPN") and cue.dep_ == "dobj" and self.ctx.heads[cue.i].lemma_ in _REACTION_VERBS:
            subj = self._subject(self.ctx.heads[cue.i])  # "the ruling drew criticism from X": the ruling is criticized
            if subj is not None and not self._agentive(subj):
                roots.append(subj)
        if self.ctx.pos[cue.i] in ("NOUN", "PROPN") and self.ctx.heads[cue.i].lemma_ in _COPULAS:
            if cue.dep_ in ("nsubj", "nsubjpass"):  # "our aim is an end to the embargo"
                roots.extend(c for c in self.ctx.heads[cue.i].children if c.dep_ in ("attr", "acomp", "xcomp", "ccomp"))
            elif cue.dep_ == "attr":  # "talks are the priority"
                subj = self._subject(self.ctx.heads[cue.i])
                if subj is not None and not self._agentive(subj):
                    roots.append(subj)
        if cue.pos_ == "ADJ" and cue.dep_ in ("acomp", "attr") and self.ctx.heads[cue.i].pos_ in ("VERB", "AUX"):
            subj = self._subject(self.ctx.heads[cue.i])  # "the door to negotiations stays open"
            if subj is not None and not self._agentive(subj):
                roots.append(subj)
        if self.ctx.pos[cue.i] in ("VERB",) and cue.dep_ in ("acl", "amod") and cue.tag_ == "VBN":
            roots.append(self.ctx.heads[cue.i])  # "a deal backed by Washington"
        if self.ctx.pos[cue.i] in ("VERB", "AUX"):
            roots.extend(self._stated_effects(cue))
        if not roots and self.ctx.pos[cue.i] in ("VERB", "AUX"):
            extracted = self._extracted_object(cue)
            if extracted is not None:
                roots.append(extracted)
        return roots

    def _stated_effects(self, cue: Token) -> list[Token]:
        """What the holder says the thing it backs or rejects will do: "Chile welcomed the pact, saying it
        would allow aid deliveries" (for aid), "Oslo rejected the plan and said it would block talks".
        The reported clause must be about the cue's object (a pronoun or the same noun) and state an
        effect with an operator or cue verb under "will", "would", "must", ..."""
        obj = next((c for c in self.ctx.children[cue.i] if c.dep_ == "dobj"), None)
        if obj is None or self._agentive(obj):
            return []
        found = []
        # "welcomed the deal and thanked the mediators, saying ...": the report may hang on a coordinated verb
        verbs = [cue, *(c for c in self.ctx.children[cue.i]
                        if c.dep_ == "conj" and c.pos_ == "VERB" and self._subject(c) is None)]
        for child in (c for verb in verbs for c in self.ctx.children[verb.i]):
            if child.lemma_ not in _REPORTING or child.dep_ not in ("advcl", "conj"):
                continue
            if child.dep_ == "conj" and self._subject(child) is not None:
                continue
            for clause in self.ctx.children[child.i]:
                if clause.dep_ != "ccomp":
                    continue
                subj = next((c for c in self.ctx.children[clause.i] if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is None:
                    continue
                same = self.ctx.lower[subj.i] in ("it", "this", "that", "they") or subj.lemma_ == obj.lemma_ or (
                    _ANAPHOR_GROUPS.get(subj.lemma_.lower()) is not None
                    and _ANAPHOR_GROUPS.get(subj.lemma_.lower()) == _ANAPHOR_GROUPS.get(obj.lemma_.lower()))
                if not same:
                    continue
                if not any(c.dep_ == "aux" and self.ctx.lower[c.i] in _EFFECT_AUX for c in self.ctx.children[clause.i]):
                    continue
                word = self.words.get(clause.i)
                if word is not None and word.role in ("op", "cue"):
                    found.append(clause)
        return found

    def _is_stated_effect(self, clause: Token) -> bool:
        report = self.ctx.heads[clause.i]
        if clause.dep_ != "ccomp" or report.dep_ not in ("advcl", "conj"):
            return False
        verb = self.ctx.heads[report.i]
        cues = [verb, self.ctx.heads[verb.i]] if verb.dep_ == "conj" else [verb]
        return any(c.i in self.words and any(r.i == clause.i for r in self._stated_effects(c)) for c in cues)

    @staticmethod
    def _extracted_object(verb: Token) -> Token | None:
        """The noun a relative clause hangs from, when the verb's object is the relative pronoun:
        "a truce, which officials say Quito will never sign" -> truce."""
        cur = verb
        for _ in range(4):
            if cur.dep_ == "relcl":
                if any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("which", "that", "who")
                       for c in verb.children):
                    return None  # the pronoun is the verb's subject, not its object
                return cur.head
            if cur.dep_ not in ("ccomp", "xcomp", "conj"):
                return None
            cur = cur.head
        return None

    def _allowed(self, root: Token, exclude: set[int]) -> set[int]:
        """The tokens of a complement, without conditions, time clauses and excluded subtrees."""
        allowed: set[int] = set()
        stack = [root]
        while stack:
            token = stack.pop()
            if token.i in exclude:
                continue
            if token is not root:
                if token.dep_ in ("advcl", "parataxis") and any(
                        c.dep_ == "mark" and self.ctx.lower[c.i] in _PRUNED_MARKS for c in self.ctx.children[token.i]):
                    continue
                if token.dep_ == "ccomp" and any(
                        c.dep_ == "mark" and c.lower_ in _HYPOTHETICAL_MARKS for c in self.ctx.children[token.i]):
                    continue  # "ready to help if the parties agree to talks" (a condition parsed as an object)
                if token.dep_ == "prep" and self.ctx.lower[token.i] in _PRUNED_PREPS:
                    continue
                if token.dep_ == "prep" and self.ctx.lower[token.i] in _PLACE_PREPS:
                    # skip the place, but not a relative clause the parser hung on it ("a draft accord at the
                    # meeting that omitted ..." belongs to the accord)
                    stack.extend(c for pobj in self.ctx.children[token.i] for c in self.ctx.children[pobj.i]
                                 if c.dep_ == "relcl")
                    continue
                if token.dep_ == "parataxis":
                    continue
            allowed.add(token.i)
            stack.extend(self.ctx.children[token.i])
        return allowed

    def _anaphor(self, token: Token) -> IssueMatch | None:
        """The issue of a definite "the deal" / "the measures" with no issue word of its own."""
        if token.i in self.in_term:
            return None
        group = None
        for form in self.forms[token.i]:
            group = _ANAPHOR_GROUPS.get(form)
            if group:
                break
        if group is None:
            return None
        if self.ctx.pos[token.i] == "NOUN":
            definite = any((c.dep_ == "det" and c.lower_ in _DEFINITE) or (c.dep_ == "poss" and c.pos_ == "PRON")
                           for c in self.ctx.children[token.i]) or self._another_of_its_kind(token)
        else:
            definite = False
        if not definite and token.dep_ in ("amod", "compound") and self.ctx.heads[token.i].pos_ == "NOUN" \
                and group in _MODIFIER_ANAPHOR_GROUPS:
            # "the corridor work", "the deal terms": the definite article of the head phrase
            definite = any(c.dep_ == "det" and self.ctx.lower[c.i] in _DEFINITE and c.i == token.i - 1
                           for c in self.ctx.heads[token.i].children)
        if not definite:
            return None
        if any(t.i in self.in_term for t in token.subtree):
            return None
        best: IssueMatch | None = None
        for m in self._antecedents:
            if m.root.i >= token.i:
                break
            if self.ctx.sentence_index(token) - self.ctx.sentence_index(m.root) > _ANAPHOR_WINDOW:
                continue
            heads = _np_heads(m)
            if any(_ANAPHOR_GROUPS.get(h) == group for h in heads):
                best = m
        if best is None:
            return None
        return IssueMatch((token.i,), token, best.term, anaphoric=True)

    def _another_of_its_kind(self, noun: Token) -> bool:
        """One more of a kind named before: "another package", "a new round", "a 15th package"."""
        for child in self.ctx.children[noun.i]:
            word = self.ctx.lower[child.i]
            if child.dep_ in ("det", "amod") and word in _CONTINUATIONS:
                return True
            if child.dep_ == "amod" and word[:-2].isdigit() and word[-2:] in ("st", "nd", "rd", "th"):
                return True
        return False

    def _content_antecedents(self) -> list[IssueMatch]:
        """Agreements whose content a sentence states: "the accord sets up a humanitarian corridor",
        "the pact provides for tariff cuts". The agreement noun takes the issue of what it sets up, so
        that a later "the deal" can point back to it."""
        found = []
        for token in self.ctx.tokens:
            if token.dep_ != "nsubj" or token.i in self.in_term or self.ctx.pos[token.i] != "NOUN":
                continue
            if _ANAPHOR_GROUPS.get(token.lemma_.lower()) != "agreement":
                continue
            verb = self.ctx.heads[token.i]
            phrases = {verb.lemma_.lower()}
            phrases |= {f"{verb.lemma_.lower()} {c.lower_}" for c in self.ctx.children[verb.i]
                        if c.dep_ in ("prt", "prep")}
            if not phrases & _AGREEMENT_CONTENT:
                continue
            for m in self.matches:
                if m.root.head.i == verb.i and m.root.dep_ in ("dobj", "attr") or (
                        m.root.dep_ == "pobj" and m.root.head.head.i == verb.i):
                    found.append(IssueMatch((token.i,), token, m.term, anaphoric=True))
                    break
        return found

    def _issues_under(self, root: Token, exclude: set[int]) -> list[tuple[Token, IssueMatch]]:
        """The issue terms of a complement, each with the root its path leads to."""
        allowed = self._allowed(root, exclude)
        found = [m for m in self.matches if m.root.i in allowed]
        covered = {i for m in found for i in m.tokens}
        for i in sorted(allowed):
            if i in covered:
                continue
            m = self._anaphor(self.ctx.tokens[i])
            if m is not None:
                found.append(m)
        # ", a move praised by X": a summary noun in apposition stands for the sentence's main clause
        if not found and root.lemma_ in _SUMMARY_NOUNS and root.dep_ in ("appos", "npadvmod", "parataxis"):
            main = self.ctx.sentence(root).root
            if main.i not in exclude and main.i != root.i:
                return self._issues_under(main, exclude | {t.i for t in root.subtree})
        return [(root, m) for m in found]

    # ---------------------------------------------------------- composition along the path
    def _path(self, match: IssueMatch, root: Token) -> tuple[int, list[StanceWord], int] | None:
        """Polarity from a term up to the complement root: operators, negations, nested cues.
        None when another issue term on the way dominates this one (it is a modifier of it)."""
        polarity = -1 if self._negated(match.root) or self._contrasted(match.root) else 1
        for child in match.root.children:  # "eased sanctions", "lowered tariffs", "targeted coal plants"
            if child.dep_ == "amod" and child.tag_ in ("VBN", "VBD", "VBG") and child.i not in match.tokens:
                word = self.words.get(child.i)
                if word is not None and word.role == "op" and word.polarity < 0:
                    polarity = -polarity
        nested: list[StanceWord] = []
        own = set(match.tokens)
        child = match.root
        steps = 0
        verb_coordinated_with = -1  # the verb a misparsed noun conjunct is really coordinated with
        while child.i != root.i:
            token = self.ctx.heads[child.i]
            if token.i == child.i:
                return None  # not under the root
            steps += 1
            via = child.dep_
            if token.i in self.in_term and token.i not in own and via not in ("conj", "appos"):
                return None
            if token.lemma_.lower() in _REPORT_NOUNS and self.ctx.pos[token.i] == "NOUN":
                return None  # "dismissed rumours that it had sought talks"
            if token.lemma_.lower() in _CHARGING and self.ctx.pos[token.i] == "VERB":
                return None  # "a charge Kigali denies": the denied content is a charge of fact
            if via == "prep" and self.ctx.lower[child.i] in _TOPIC_PREPS and token.lemma_.lower() in _VIEW_NOUNS:
                return None  # "urged China to change its stance on sanctions": a view, for or against
            if via == "appos" and token.i in self.in_term:
                child = token  # "dialogue, not more sanctions": a second term set beside the first
                continue
            if via == "conj":
                if token.dep_ == "dobj" and self._verb_parsed_as_noun(child):
                    verb_coordinated_with = self.ctx.heads[token.i].i
                # "not to waver and weaken the embargo": a negation shared by coordinated base forms
                if not any(c.dep_ == "cc" and c.lower_ in ("but", "yet") for c in self.ctx.children[token.i]):
                    if token.pos_ in ("VERB", "AUX") and child.tag_ == token.tag_ == "VB" and self._negated(token):
                        polarity = -polarity
                child = token
                continue
            word = self.words.get(token.i)
            applies = token.i != verb_coordinated_with
            if via == "nsubj" and token.dep_ in ("ccomp", "xcomp") and token.head.pos_ in ("VERB", "AUX") and any(
                    c.dep_ == "aux" and self.ctx.lower[c.i] == "to" for c in self.ctx.children[token.i]):
                # "allow aid to reach the towns": the subject of the infinitive is the object of "allow"
                child = token
                continue
            # "wants the embargo lifted", "to see a treaty signed": a bare participle whose parsed subject is
            # really its object
            small_clause = via == "nsubj" and token.tag_ == "VBN" and token.dep_ in ("ccomp", "xcomp", "oprd") \
                and not any(c.dep_ in ("aux", "auxpass") for c in self.ctx.children[token.i])
            if via in ("nsubj", "csubj") and not small_clause:
                # a term as the subject of a clause: only an intransitive operator ("the embargo must stay",
                # "the age of coal is coming to an end") says what happens to it; "the levies hurt
                # exporters" says nothing the holder wants
                if word is None or word.role != "op" or any(c.dep_ == "dobj" for c in self.ctx.children[token.i]):
                    return None
            if via in ("det", "punct", "cc", "mark", "aux", "case"):
                applies = False
            if via in ("advmod", "npadvmod", "prt") and (word is None or self.ctx.lower[child.i] not in word.extras):
                applies = False  # "move away from X": X hangs from the particle
            if word is not None and self.ctx.pos[token.i] == "ADP" and not self._adp_cue_ok(token):
                applies = False  # "retaliate against X": the preposition belongs to the verb's phrase
            if token.lemma_.lower() in _THREAT_VERBS and match.issue in _PUNITIVE_ISSUES:
                applies = False  # "threatened tariffs" holds them out; "threatened the truce" endangers it
            if word is not None and word.role in ("op", "cue") and applies:
                if via == "prep" and self.ctx.pos[token.i] not in ("ADP",):
                    prep = self.ctx.lower[child.i]
                    if word.role == "op" and prep not in _OP_PREPS and prep not in word.extras:
                        word = None
                    elif word.role == "cue" and prep not in _COMPLEMENT_PREPS and prep not in word.extras:
                        word = None
                if word is not None and word.polarity < 0:
                    polarity = -polarity
                if word is not None and word.role == "cue":
                    nested.append(word)
            elif token.pos_ == "ADP" and token.lower_ in ("without",) and via in ("pobj", "pcomp"):
                polarity = -polarity
            if self._negated(token) and token.i not in own:
                polarity = -polarity
            child = token
        return polarity, nested, steps

    # ---------------------------------------------------------- readings
    def readings(self) -> list[_Reading]:
        cues = self._collect_cues()
        contained: set[int] = set()
        plans = []
        for cue, kind, word, roots, clause in cues:
            exclude = {cue.i}
            matches = []
            for root in roots:
                finite = self._finite_conjuncts(root)
                for path_root, m in self._issues_under(root, (exclude if kind not in ("modal", "intent", "purpose")
                                                              else self._parallel_clauses(root)) | finite):
                    matches.append((path_root, m))
                    contained.update(t.i for t in root.subtree if t.i != cue.i and t.i not in finite)
            plans.append((cue, kind, word, roots, clause, matches))
        plans.extend(self._elliptical_plans(plans))
        plans.extend(self._condition_plans(plans))
        # cues inside another cue's complement, with no holder of their own, are read through the outer cue
        out: list[_Reading] = []
        for cue, kind, word, roots, clause, matches in plans:
            if not matches:
                continue
            if self._hypothetical(cue) or self._charged(cue):
                continue
            if kind == "condition":
                holders, climbed = self._cue_holders(cue, word)
                if climbed and cue.i in contained:
                    continue
                holders = [h for h in holders if h[0] not in {a for a, _, _ in self._actors(self._subject(clause))}]
                base = word.weight
                factor = 0.8
            elif kind in ("concessive", "parallel"):
                holders, climbed = self._cue_holders(cue, word)
                if climbed and (cue.i in contained or kind == "concessive"):
                    continue  # "the EU approved it, overriding objections": not the EU's objections
                # "despite X's objections" is a stance against what the clause does, whatever the noun
                polarity = -1 if kind == "concessive" else word.polarity * self._negation(cue)
                base = word.weight * polarity
                factor = 0.8
            elif kind == "cue":
                holders, climbed = self._cue_holders(cue, word)
                if climbed and cue.i in contained:
                    continue
                base = word.weight * self._negation(cue) * word.polarity * self._operated_on(cue)
                factor = 0.9 if climbed else 1.0
            elif kind == "intent":
                if cue.i in contained:
                    continue
                subj = self._subject(cue) or self._subject(self.ctx.heads[cue.i])
                holders = self._actors(subj) if subj is not None else []
                if not holders:
                    holders = self._speaker(cue)
                climbed = True
                base = 0.75
                factor = 1.0
            elif kind == "purpose":
                if cue.i in contained:
                    continue
                holders = self._actors(self._subject(self.ctx.heads[cue.i]))
                climbed = True
                base = 0.8
                factor = 1.0
            elif kind == "modal":
                if cue.i in contained:
                    continue
                holders = self._speaker(clause)
                climbed = True
                base = 1.0 * self._modal_negation(cue, clause)
                factor = 0.85
            else:  # eval
                holders, climbed, sign = self._eval_holders(cue, word, clause)
                if climbed and cue.i in contained:
                    continue
                base = word.weight * word.polarity * sign
                factor = 0.8
            if not holders:
                continue
            for root, match in matches:
                path = self._path(match, root)
                if path is None:
                    continue
                polarity, nested, steps = path
                verb = self._addressees.get(root.i)
                if verb is not None and kind == "cue":
                    # an addressee that is itself an issue term: read through what it is asked to do
                    doing = self.words.get(verb.i)
                    if doing is None or doing.role not in ("op", "cue"):
                        continue
                    if doing.polarity < 0:
                        polarity = -polarity
                    if self._negated(verb):
                        polarity = -polarity
                # a reaction to what happened (condemning a strike) or a judgement of it is no stance on the issue
                # (the purpose of an action is no stance on the kind of event it is: "sent troops to halt
                # the offensive")
                retro = kind in ("eval", "purpose") or (word is not None and word.retro) or any(
                    n.retro for n in nested)
                if match.term.event and retro:
                    continue
                sign = 1 if base * polarity * match.term.direction > 0 else -1
                if sign < 0 and match.issue == "dialogue" and self._direct_only(match):
                    continue  # "refused to meet them face to face": the format, not the engagement
                confidence = abs(base) * match.term.weight * factor * (0.85 if match.anaphoric else 1.0)
                confidence *= 0.95 ** max(0, steps - 2)
                for nested_word in nested:
                    confidence *= nested_word.weight
                if confidence < _MIN_CONFIDENCE:
                    continue
                tokens = {cue.i, *match.tokens}
                if root.i != match.root.i and self.ctx.sentence(root) == self.ctx.sentence(cue):
                    tokens.add(root.left_edge.i)
                for actor, person, holder_token in holders:
                    if actor.kind is ActorKind.PERSON:
                        continue
                    out.append(_Reading(
                        holder=actor, holder_person=person, issue=match.issue,
                        stance=Stance.SUPPORT if sign > 0 else Stance.OPPOSE,
                        confidence=round(min(confidence, 0.95), 3),
                        tokens=tokens | ({self._phrase_start(holder_token).i, holder_token.i}
                                         if self.ctx.sentence(holder_token) == self.ctx.sentence(cue) else set()),
                        sentence=self.ctx.sentence_index(cue)))
        return out

    def _operated_on(self, cue: Token) -> int:
        """-1 when a stance noun is the object of an operator that turns it round: "lifted its veto",
        "dropped its objections" (the verb's negation is the noun's, see `_negation`)."""
        verb = self.ctx.heads[cue.i]
        word = self.words.get(verb.i)
        if self.ctx.pos[cue.i] != "NOUN" or cue.dep_ != "dobj" or word is None or word.role != "op":
            return 1
        return word.polarity

    def _direct_only(self, match: IssueMatch) -> bool:
        """Whether talks are qualified as direct ("direct talks", "talk directly", "meet face to face")."""
        if any(self.ctx.lower[c.i] in ("direct", "directly") for c in self.ctx.children[match.root.i]):
            return True
        sent = self.ctx.sentence(match.root)
        after = " ".join(self.ctx.lower[i] for i in range(match.root.i + 1, sent.end))
        return "face to face" in after or "face - to - face" in after

    def _finite_conjuncts(self, root: Token) -> set[int]:
        """Finite verbs the parser coordinated with an infinitive inside a complement: in "rejected any
        attempt to displace them and called for aid", "called" goes with "rejected", not "displace"."""
        return {t.i for verb in root.subtree if verb.dep_ == "conj" and verb.tag_ in ("VBD", "VBZ", "VBP")
                and verb.head.tag_ == "VB" and verb.head.i != root.i and any(
                    c.dep_ == "aux" and self.ctx.lower[c.i] == "to" for c in self.ctx.children[verb.head.i])
                for t in verb.subtree}

    def _parallel_clauses(self, verb: Token) -> set[int]:
        """The tokens of clauses coordinated with a verb that are not under its auxiliary: "would keep the
        pact and reiterated that ..." (another tense or another subject) is a second assertion."""
        return {t.i for c in self.ctx.children[verb.i]
                if c.dep_ == "conj" and self.ctx.pos[c.i] in ("VERB", "AUX")
                and (c.tag_ != verb.tag_ or self._subject(c) is not None) for t in c.subtree}

    # ---------------------------------------------------------- cues without a complement of their own
    def _elliptical_plans(self, plans: list) -> list:
        """Readings for stance cues that name no issue of their own but take it from the clause around them.

        Concessive: "the EU cleared the tariffs despite German opposition", "Lima signed the pact over the
        objections of Quito", "..., overriding objections from Oslo": the holder stands against what the
        clause does (the clause without its subject).
        Parallel: "Chile backed the motion, while Peru and Bolivia voted no": a cue with no complement in
        a clause contrasted with, or coordinated to, a clause whose cue has one takes that complement."""
        extra = []
        with_matches = [plan for plan in plans if plan[5] and plan[1] == "cue"]
        for cue, kind, word, roots, clause, matches in plans:
            if kind != "cue" or matches or word.role != "cue":
                continue
            if any(r.lower_ not in ("no", "yes", "it", "them", "this", "that") and r.pos_ not in ("ADV", "ADP", "PART")
                   and r.lemma_.lower() not in word.extras for r in roots):
                continue  # the cue has a complement; it just names no issue ("it", "them" point back)
            anchor = self._concessive_anchor(cue) if self.ctx.pos[cue.i] in ("NOUN", "PROPN") else None
            if anchor is not None:
                verb, skip = anchor
                exclude = {t.i for t in skip.subtree}
                subj = self._subject(verb)
                if subj is not None and self._agentive(subj):
                    exclude |= {t.i for t in subj.subtree}  # who acts, not what happens: "the truce collapsed"
                found = [(root, m) for root, m in self._issues_under(verb, exclude)]
                if found:
                    extra.append((cue, "concessive", word, [verb], verb, found))
                continue
            if self.ctx.pos[cue.i] in ("VERB", "AUX", "ADJ"):
                borrowed = self._parallel_matches(cue, with_matches)
                if borrowed:
                    extra.append((cue, "parallel", word, roots, cue, borrowed))
        return extra

    def _condition_plans(self, plans: list) -> list:
        """Conditions set by an offer: "Quito is ready to resume talks if Lima lifts the tariffs" says that
        Ecuador wants the tariffs lifted. The offer is a positive cue (ready, willing, prepared, agree);
        the condition has another actor as subject and an operator or cue verb."""
        extra = []
        for cue, kind, word, _, _, _ in plans:
            if kind != "cue" or word.polarity < 0 or self._negation(cue) < 0:
                continue
            sites = [cue]
            if cue.dep_ in ("acomp", "attr", "xcomp") and self.ctx.heads[cue.i].pos_ in ("VERB", "AUX"):
                sites.append(self.ctx.heads[cue.i])
            sites.extend(c for c in self.ctx.children[cue.i] if c.dep_ == "xcomp")
            for site in sites:
                for clause in self.ctx.children[site.i]:
                    if clause.dep_ not in ("advcl", "ccomp") or not any(
                            c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS for c in self.ctx.children[clause.i]):
                        continue
                    subj = self._subject(clause)
                    if subj is None or not self._actors(subj):
                        continue
                    verb_word = self.words.get(clause.i)
                    if clause.i not in self.in_term and (verb_word is None or verb_word.role not in ("op", "cue")):
                        continue
                    found = self._issues_under(clause, {t.i for t in subj.subtree})
                    if found:
                        extra.append((cue, "condition", word, [clause], clause, found))
        return extra

    def _concessive_anchor(self, cue: Token) -> tuple[Token, Token] | None:
        """(the verb of the clause a cue noun concedes to, the phrase to leave out of that clause)."""
        marker = None
        if cue.dep_ == "pobj" and self.ctx.heads[cue.i].lower_ in _CONCESSIVE_PREPS:
            marker = self.ctx.heads[cue.i]
        elif cue.dep_ == "pobj" and cue.head.lower_ == "of" and cue.head.head.lower_ == "face":
            marker = cue.head.head.head if cue.head.head.head.lower_ == "in" else cue.head.head
        elif cue.dep_ == "dobj" and _forms(self.ctx.heads[cue.i]) & _OVERRIDE_VERBS:
            marker = self.ctx.heads[cue.i]
        else:
            for child in self.ctx.children[cue.i]:
                if child.dep_ in ("amod", "acl", "advcl") and _forms(child) & _OVERRIDE_VERBS:
                    marker = cue
        if marker is None:
            return None
        token = marker
        for _ in range(6):
            if self.ctx.heads[token.i].i == token.i:
                return (token, marker) if self.ctx.pos[token.i] in ("VERB", "AUX") and token.i != marker.i else None
            if token.dep_ in ("relcl", "ccomp", "advcl") and token.i != marker.i:
                return None
            token = self.ctx.heads[token.i]
            if self.ctx.pos[token.i] in ("VERB", "AUX"):
                return token, marker
        return None

    def _parallel_matches(self, cue: Token, plans: list) -> list[tuple[Token, IssueMatch]]:
        """The complement of the cue of a parallel clause: "X backed the duties, while Y voted against"."""
        own = self._clause_of(cue)
        if self._subject(own) is None:
            return []  # a verb without a subject of its own is read with the clause it is coordinated with
        partners = []
        if own.dep_ in ("advcl", "conj") and (own.dep_ == "conj" or any(
                c.dep_ == "mark" and self.ctx.lower[c.i] in _CONTRAST_MARKS for c in self.ctx.children[own.i])):
            partners.append(self.ctx.heads[own.i])
        for child in self.ctx.children[own.i]:
            if child.dep_ == "conj" or (child.dep_ == "advcl" and any(
                    c.dep_ == "mark" and self.ctx.lower[c.i] in _CONTRAST_MARKS for c in self.ctx.children[child.i])):
                partners.append(child)
        for partner in partners:
            for other, _, other_word, _, _, matches in plans:
                if other.i != cue.i and self._clause_of(other).i == partner.i and other_word.polarity != 0:
                    # the content only: the partner cue's own polarity is not carried over
                    return [(root, m) for root, m in matches]
        return []

    def _clause_of(self, token: Token) -> Token:
        """The verb of the clause a word belongs to: the nearest ancestor (or itself) with a subject."""
        cur = token
        for _ in range(6):
            if self.ctx.pos[cur.i] in ("VERB", "AUX") and (self._subject(cur) is not None or any(
                    c.dep_ == "nsubjpass" for c in self.ctx.children[cur.i])):
                return cur
            if self.ctx.heads[cur.i].i == cur.i or cur.dep_ in ("relcl", "ccomp", "advcl", "conj"):
                return cur
            cur = self.ctx.heads[cur.i]
        return cur

    @staticmethod
    def _phrase_start(token: Token) -> Token:
        """The first word of the noun phrase a holder is named in, coordination included."""
        while token.dep_ == "conj" and token.head.i < token.i:
            token = token.head
        return token.left_edge

    def _modal_negation(self, verb: Token, clause: Token) -> int:
        # the negation of the verb itself is on the path; "does not have to" negates the necessity
        if clause.i != verb.i and self._negated(clause):
            return -1
        return 1

    def _collect_cues(self) -> list[tuple[Token, str, StanceWord | None, list[Token], Token]]:
        """(token, kind, word, complement roots, clause head) for every cue, modal and evaluation."""
        found = []
        for i, word in self.words.items():
            token = self.doc[i]
            if word.role == "cue":
                if self.ctx.pos[token.i] == "ADP" and not self._adp_cue_ok(token):
                    continue
                if self._modal_clause(token) is not None:
                    continue  # "Quito should back talks, Lima said": read as Lima's necessity
                if token.lemma_ in ("need", "have") and any(
                        c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in self.ctx.children[c.i])
                        for c in self.ctx.children[token.i]):
                    continue  # "needs to lift": a necessity, read as a modal
                found.append((token, "cue", word, self._cue_complements(token, word), token))
            elif word.role == "eval":
                site = self._eval_site(token)
                if site is None:
                    continue
                target, verb = site
                found.append((token, "eval", word, [target], verb))
        for token in self.ctx.tokens:
            if self.ctx.pos[token.i] not in ("VERB", "AUX"):
                continue
            # a necessity or an intention is about what its verb does to an issue: the verb must be an
            # operator, a cue or an issue verb ("must stay", "would not lift", "will never recognise"),
            # not any verb ("would respond to sanctions")
            word = self.words.get(token.i)
            if token.i not in self.in_term and (word is None or word.role not in ("op", "cue")):
                continue
            clause = self._modal_clause(token)
            if clause is not None:
                found.append((token, "modal", None, [token], clause))
            elif self._intent_clause(token):
                found.append((token, "intent", None, [token], token))
            elif self._purpose_clause(token):
                found.append((token, "purpose", None, [token], token))
        return found

    def _purpose_clause(self, verb: Token) -> bool:
        """An infinitive of purpose: "Chile sent an envoy to Lima to strengthen the truce", "Oslo froze the
        assets in order to tighten sanctions". The actor of the main clause intends what it says. Only
        operators count: "to discuss sanctions" is no stance, "met to negotiate" is holding talks (an
        event); cue verbs ("to push for a truce") are read as cues, their holder found by climbing."""
        word = self.words.get(verb.i)
        if word is None or word.role != "op":
            return False  # ("met to negotiate" is holding talks, an event: issue verbs are no purpose)
        if verb.dep_ != "advcl" or verb.tag_ != "VB" or not any(
                c.dep_ == "aux" and self.ctx.lower[c.i] == "to" for c in self.ctx.children[verb.i]):
            return False
        if any(c.dep_ == "mark" and c.lower_ not in ("in", "order", "so", "as") for c in self.ctx.children[verb.i]):
            return False
        main = self.ctx.heads[verb.i]
        return self.ctx.pos[main.i] == "VERB" and main.lemma_ not in _REPORTING and self._subject(main) is not None

    def _intent_clause(self, verb: Token) -> bool:
        """A stated intention: "Seoul said it would not lift the import ban", "Chile said it will not
        recognise the government". The verb itself (an operator or an issue verb) is what is intended."""
        word = self.words.get(verb.i)
        if word is not None and word.role in ("cue", "eval"):
            return False
        if not any(c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll", "shall", "wo")
                   for c in self.ctx.children[verb.i]):
            return False
        clause = verb
        if clause.dep_ == "conj" and self.ctx.heads[clause.i].dep_ == "ccomp":
            clause = self.ctx.heads[clause.i]
        if clause.dep_ != "ccomp" or self.ctx.heads[clause.i].lemma_ not in _REPORTING:
            return False
        if self._is_stated_effect(clause):
            return False  # "rejected the plan, saying it would block talks": "it" is the plan
        subj = self._subject(verb) or (self._subject(clause) if clause is not verb else None)
        if subj is None:
            return False
        speaker = self._subject(self.ctx.heads[clause.i])
        speakers = {a for a, _, _ in self._actors(speaker)} if speaker is not None else set()
        own = {a for a, _, _ in self._actors(subj)}
        if own:
            return bool(own & speakers)
        return self.ctx.lower[subj.i] in _FIRST_PERSON and bool(speakers)

    def _modal_clause(self, verb: Token) -> Token | None:
        """For a verb under necessity ("must stay", "had to move", "needs to lift", "can only be ended
        through talks"), the clause head."""
        if self.ctx.pos[verb.i] not in ("VERB", "AUX"):
            return None
        children = self.ctx.children[verb.i]
        if any(c.dep_ == "aux" and c.lemma_.lower() in ("must", "should", "ought") for c in children):
            return verb
        if any(c.dep_ == "aux" and self.ctx.lower[c.i] in ("can", "could") for c in children) and any(
                c.dep_ == "advmod" and self.ctx.lower[c.i] == "only" for c in children):
            return verb
        if verb.dep_ == "xcomp" and self.ctx.heads[verb.i].lemma_ in ("have", "need") and \
                any(c.dep_ == "aux" and self.ctx.lower[c.i] == "to" for c in self.ctx.children[verb.i]):
            return self.ctx.heads[verb.i]
        return None

    def _adp_cue_ok(self, token: Token) -> bool:
        head = self.ctx.heads[token.i]
        if head.i in self.words:
            return False
        return head.lemma_ in _COPULAS or head.lemma_ in _STANCE_VENUES

    def _eval_site(self, token: Token) -> tuple[Token, Token] | None:
        """(the thing evaluated, the verb of the evaluation) for an evaluative adjective or noun."""
        site = token
        if token.pos_ == "ADJ" and token.dep_ == "amod" and self.ctx.heads[token.i].pos_ in ("NOUN", "PROPN") \
                and self.ctx.heads[token.i].lower_ != "as":
            site = self.ctx.heads[token.i]
        if site.dep_ == "amod" and site.head.lower_ == "as" or (site.dep_ == "pobj" and site.head.lower_ == "as"):
            verb = self.ctx.heads[site.i].head
            if verb.lemma_ in _EVAL_VERBS:
                target = self._object_of(verb)
                return (target, verb) if target is not None else None
            return None
        head = self.ctx.heads[site.i]
        if site.dep_ == "nsubj" and head.lemma_ in _COPULAS:  # "the way out is dialogue": the predicate
            target = next((c for c in self.ctx.children[head.i] if c.dep_ in ("attr", "acomp")), None)
            return (target, head) if target is not None and not self._agentive(target) else None
        if site.dep_ in ("acomp", "attr") and head.lemma_ in _COPULAS:
            subj = None
            for child in self.ctx.children[head.i]:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    subj = child
            if subj is None or self._agentive(subj):
                return None
            return subj, head
        if site.dep_ in ("oprd", "xcomp", "ccomp", "dobj", "acomp") and head.lemma_ in _EVAL_VERBS:
            target = self._object_of(head, skip=site) or self._extracted_object(head)
            return (target, head) if target is not None else None
        return None

    @staticmethod
    def _object_of(verb: Token, skip: Token | None = None) -> Token | None:
        for child in verb.children:
            if child.dep_ in ("dobj", "nsubjpass", "csubjpass") and child is not skip:
                return child
        return None

    def _eval_holders(self, token: Token, word: StanceWord, verb: Token):
        """Who evaluates: the subject of "called/regarded", or the speaker of "X is unacceptable"."""
        sign = -1 if self._negated(verb) or self._negated(token) else 1
        if verb.lemma_ in _COPULAS:
            return self._speaker(verb), True, sign
        if self._passive(verb):
            agent = self._agent(verb)
            if agent is not None:
                return self._actors(agent), False, sign
        subj = self._subject(verb)
        if subj is not None:
            actors = self._actors(subj)
            if actors:
                return actors, False, sign
            if self.ctx.lower[subj.i] not in _FIRST_PERSON:
                return [], False, sign
        actors, _ = self._climb(verb)
        return actors, True, sign


# ------------------------------------------------------------------ public API
def _to_position(ctx: ArticleContext, reading: _Reading) -> Position:
    tokens = ctx.tokens
    sent = ctx.sentence(tokens[min(reading.tokens)])
    lo = max(min(reading.tokens), sent.start)
    hi = min(max(reading.tokens) + 1, sent.end)
    # trim to whole words without leading or trailing punctuation
    while hi - lo > 1 and tokens[lo].is_punct:
        lo += 1
    while hi - lo > 1 and tokens[hi - 1].is_punct:
        hi -= 1
    span = ctx.doc[lo:hi]
    statement = ctx.span_text(span).strip()
    if len(statement) > 400:
        statement = statement[:397].rstrip() + "..."
    return Position(holder=reading.holder, issue=reading.issue, stance=reading.stance, statement=statement,
                    evidence=ctx.evidence(span), holder_person=reading.holder_person,
                    confidence=reading.confidence)


def find_positions(ctx: ArticleContext) -> list[Position]:
    """Every position reading in the article, in text order, before merging per (holder, issue)."""
    readings = _Reader(ctx).readings()
    readings.sort(key=lambda r: (min(r.tokens), r.holder.key, r.issue))
    return [_to_position(ctx, r) for r in readings]


def merge_positions(positions: Iterable[Position]) -> list[Position]:
    """One position per (holder, issue): the stance with the larger summed confidence,
    represented by its most confident statement (earliest on ties)."""
    groups: dict[tuple[ActorRef, str], list[Position]] = {}
    for position in positions:
        groups.setdefault((position.holder, position.issue), []).append(position)
    merged: list[Position] = []
    for items in groups.values():
        totals: dict[Stance, float] = {}
        for p in items:
            totals[p.stance] = totals.get(p.stance, 0.0) + p.confidence
        best_stance = max(totals, key=lambda s: (totals[s], max(p.confidence for p in items if p.stance is s)))
        chosen = [p for p in items if p.stance is best_stance]
        best = max(chosen, key=lambda p: (p.confidence, -p.evidence.start))
        merged.append(best)
    merged.sort(key=lambda p: p.evidence.start)
    return merged


def extract_positions(ctx: ArticleContext) -> None:
    """Add the article's positions to the extraction, one per (holder, issue)."""
    found = find_positions(ctx)
    ctx.extraction.positions[:] = merge_positions([*ctx.extraction.positions, *found])
