"""PLOVER events from the dependency parse.

An event is a predicate of the lexicon (``data/event_lexicon.tsv``) with its
participants read from the parse:

- a verb ("Russia attacked Ukraine", "Beijing urged Manila to ...", "X called
  on Y to ...", "X sat down with Y");
- a light verb with an event noun as its object ("held talks with X",
  "imposed sanctions on X", "made a visit to X", "lodged a protest with X",
  "sent warships to X"), or a verb that undoes one ("lifted sanctions on X"
  is a CONCEDE, "blocked the resolution" a REJECT);
- an event noun on its own ("X's visit to Y", "talks between X and Y",
  "Russia's invasion of Ukraine");
- an evaluation ("called the move unacceptable" is an ACCUSE).

The source is the actor of the subject (the "by" agent of a passive; the
subject of the governing clause for conjuncts, participles and
complements); the target is the actor of the direct object, of the object
of a preposition the lexicon names, or of a participant further down (an
infinitive's object, a "that" clause's subject, an event noun's own target).
Persons count for the state they serve. Coordinated subjects and objects give
one event per pair; coordinated subjects of a symmetric event with no other
party ("India and Pakistan agreed to ...") give the pairs among themselves,
those of a mutual act ("traded fire") both directions.

Some targets come from the events before: a rejection with no stated target
answers the latest demand or accusation aimed at its source, to all who made
it ("a charge Beijing rejected"); a reaction to a definite event noun
("condemned the attack"), to a noun that sums up an act ("condemned the
move", "..., a step welcomed by X") or to a pronoun ("calling it barbaric")
targets the actor of the latest such act; a retaliation, a reserved right to
respond or vowed countermeasures aim at whoever last attacked the source.

Pair descriptions ("the two countries", "both sides", "the neighbours",
"each government ... the other") stand for the pair of actors the article has
presented (see `Discourse`); "each other" makes every source a target.

Speech acts that the parser hung inside the clause they report ("X said the
sale violated Y and urged Z to ...", "..., calling it barbaric") belong to
the speaker, and so do accusations made by reporting a wrongdoing ("X said Y
violated the truce"), evaluations ("X said the strike was unacceptable") and
obligations ("X said the onus was on Y to ...", "it was up to Y to ...").

Only what the article asserts is an event (see `factuality`); the date comes
from the time expression of the event's clause (see `dates`), or from the
story's time: a relative day ("hours earlier", "the next day") counts from
the latest day the story named, and the next sentence narrating the lead's
act keeps the lead's day.
"""
from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache, cached_property, partial
from importlib.resources import files
from itertools import combinations

from spacy.tokens import Token

from dipkg.extract.context import ArticleContext
from dipkg.extract.dates import EventTime, event_time, parenthetical
from dipkg.extract.factuality import HYPOTHETICAL_ADJ, Assessment, assess
from dipkg.model import ActorKind, ActorRef, Event

PLOVER_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                          "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
                          "ASSAULT"})
PATTERNS = frozenset({"verb", "xcomp", "light", "noun", "asset", "proposal", "lightverb", "reverse", "negated",
                      "eval", "evalverb", "charge"})
# events between parties who act alike: coordinated subjects are each other's counterparts
SYMMETRIC = frozenset({"CONSULT", "AGREE", "COOPERATE"})
# events that need no target (a weapons test, a mobilization)
TARGETLESS = frozenset({"MOBILIZE"})
# what undoing an event of one type is ("lift sanctions", "halt attacks", "suspend talks", "block a resolution")
REVERSE = {"SANCTION": "CONCEDE", "COERCE": "CONCEDE", "ASSAULT": "RETREAT", "MOBILIZE": "RETREAT",
           "CONSULT": "SANCTION", "COOPERATE": "SANCTION", "AID": "SANCTION", "AGREE": "REJECT",
           "REQUEST": "REJECT"}
# prepositions that introduce a counterpart when the lexicon names none
GENERIC_PREPS = ("with", "to", "on", "against", "at", "between")
SPEAKER_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom", "whose"})
# types whose target may be the subject of a "that" clause ("demanded that X ...", "alleged that X ...")
CLAUSAL_TARGET_TYPES = frozenset({"REQUEST", "ACCUSE", "THREATEN"})
# verbs whose complement names what is denied, not whom ("denied providing aid to Russia")
COMPLEMENT_BLIND = frozenset({"deny", "dismiss", "reject", "hope"})
# types whose target may be the place the act happened ("killed 70 people in Gaza")
PLACE_TARGET_TYPES = frozenset({"ASSAULT", "COERCE"})
# types whose target may be found anywhere in the phrase that names it ("strikes on a camp inside X")
DEEP_TARGET_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION", "CONCEDE", "MOBILIZE", "PROTEST"})
PLACE_PREPS = ("in", "at", "inside")
# light verbs that in the present tense state a standing relation ("has ties with X"), not an act
STATIVE = frozenset({"have", "maintain", "enjoy"})
# verbs of command that, with an event noun for object, state the act ("ordered the expulsion of X's envoy")
DIRECTIVE = frozenset({"order", "command", "direct", "instruct"})
# verbs too ambiguous to take their target from anything but an object that names an actor ("called Xi")
DIRECT_ONLY = frozenset({"call", "phone", "telephone", "receive", "greet"})
# verbs whose object is what is talked about, not with whom ("discussed Ukraine with Russia")
THEME_OBJECT = frozenset({"discuss", "negotiate", "debate"})
# nouns that name a person by role: "called his Chinese counterpart", "received the Iranian minister"
PERSON_ROLES = frozenset({
    "minister", "president", "leader", "counterpart", "envoy", "delegation", "ambassador", "official",
    "king", "prince", "premier", "chancellor", "secretary", "diplomat", "representative", "team",
    "emir", "sultan", "queen", "monarch", "head", "chief", "spokesman", "spokeswoman", "negotiator",
    "emissary", "delegate", "general", "commander", "mediator", "governor", "senator", "lawmaker",
    "vice-president", "foreign minister", "pm", "crown", "sheikh", "chairman", "chairwoman", "mayor",
})
# objects that make "meet" no meeting ("met the deadline", "met their demands")
NOT_MET = frozenset({"demand", "deadline", "condition", "requirement", "target", "goal", "criterion",
                     "criteria", "expectation", "need", "obligation", "standard", "challenge", "threshold",
                     "commitment", "fate", "end", "cost", "payment"})
# verbs of a third party's part in others' meeting: "Qatar and Turkey mediated" pairs neither with the other
MEDIATION = frozenset({"mediate", "broker", "facilitate", "shuttle", "host", "convene", "chair"})
# verbs of a mutual act: coordinated subjects act on each other ("X and Y clashed", "traded fire")
MUTUAL = frozenset({"exchange", "trade", "clash", "spar", "feud"})
# what a rejection without a stated target answers, and how many sentences back it looks
ANSWERED = frozenset({"REQUEST", "ACCUSE", "THREATEN", "SANCTION"})
ANSWER_WINDOW = 2
# reactions whose object may name an earlier event ("condemned the strike", "welcomed the agreement")
REACTIONS = frozenset({"ACCUSE", "PROTEST", "SUPPORT", "REJECT"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
# nouns that sum up an earlier act without naming its kind ("condemned the move", "a step welcomed by X")
SUMMARY_NOUNS = frozenset({"move", "step", "decision", "announcement", "action", "measure", "ruling", "act",
                           "development", "verdict", "outcome", "gesture", "initiative", "declaration"})
# what an act summed up so may be: hostile acts for a condemnation or a rejection, friendly ones for support
HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "THREATEN"})
FRIENDLY = frozenset({"AGREE", "CONSULT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
REFERENCE_WINDOW = 2
# nouns a rejection may take for its object when it answers an earlier demand or charge
ANSWER_NOUNS = frozenset({"charge", "claim", "allegation", "accusation", "demand", "call", "idea", "proposal",
                          "request", "ultimatum", "criticism", "suggestion", "assertion", "threat", "plan",
                          "involvement", "responsibility", "wrongdoing", "role", "complicity"})
# verbs of a retaliation: aimed at whoever last attacked the subject when no target is stated
RETALIATE = frozenset({"retaliate"})
# verbs whose "with" names the subject's own act: "Thailand responded with airstrikes on X"
RESPONDING_WITH = frozenset({"respond", "retaliate", "react", "reply", "answer", "hit", "follow"})
# nouns that count the events their "of" names: "a new round of sanctions" is sanctions, not talks
CONTAINERS = frozenset({"round", "wave", "package", "series", "spate", "flurry", "batch", "string", "raft",
                        "slew", "set", "volley", "barrage"})
# events that are speech acts: when their clause has no time, the time of its reporting is theirs
VERBAL = frozenset({"SUPPORT", "ACCUSE", "REQUEST", "REJECT", "THREATEN", "AGREE", "PROTEST"})
_SKIP_VERB_DEPS = ("amod", "compound", "nmod", "poss")
# verbs of saying: a speech act that the parser hung inside what they report belongs to their subject
SPEAKING = frozenset({"say", "tell", "add", "announce", "state", "declare", "write", "tweet", "report", "claim",
                      "stress", "insist", "note", "explain", "assert", "reiterate", "emphasize", "emphasise"})
# nouns of an obligation laid on someone: "the onus is on X to ...", "the burden is on X to ..."
OBLIGATION_NOUNS = frozenset({"onus", "burden", "responsibility", "obligation"})
# nouns that, counted as two ("the two countries", "both governments", "each side"), name a pair of actors
# the article has presented; the first set names states only
PAIR_NOUNS_STATES = frozenset({"country", "nation", "state", "government", "neighbour", "neighbor", "capital",
                               "economy", "power", "superpower", "emitter", "republic", "kingdom"})
PAIR_NOUNS = PAIR_NOUNS_STATES | frozenset({
    "side", "leader", "rival", "arch-rival", "archrival", "foe", "adversary", "enemy", "ally", "partner",
    "delegation", "minister", "president", "premier", "army", "military", "militarie", "man", "negotiator",
    "envoy", "counterpart", "official", "team", "belligerent", "party"})
# nouns of a relation whose "of" phrase names the other party ("an ally of X", "a critic of Y")
RELATIONAL = frozenset({"ally", "partner", "friend", "neighbour", "neighbor", "rival", "critic", "supporter",
                        "backer", "enemy", "foe", "adversary", "opponent", "patron", "sponsor", "creditor",
                        "guarantor", "proxy", "client", "arch-rival", "archrival", "opponent", "champion"})
# plural nouns that name a pair without a number ("the neighbours", "the rivals", "the sides")
DYADIC = frozenset({"neighbour", "neighbor", "rival", "arch-rival", "archrival", "foe", "adversary", "side"})


# ---------------------------------------------------------------- the lexicon
@dataclass(frozen=True)
class Entry:
    """One row of the event lexicon."""

    lemma: str
    pos: str
    type: str  # PLOVER type, "A/B" (A with a target, B without) or "-"
    pattern: str
    target_preps: tuple[str, ...] = ()
    note: str = ""

    def resolve(self, has_target: bool) -> str | None:
        return resolve_type(self.type, has_target)


def resolve_type(spec: str | None, has_target: bool) -> str | None:
    if not spec or spec == "-":
        return None
    if "/" in spec:
        with_target, without = spec.split("/", 1)
        return with_target if has_target else without
    return spec


def base_type(spec: str | None) -> str | None:
    """The type an entry stands for when its target is not yet known (the first alternative)."""
    return None if not spec or spec == "-" else spec.split("/", 1)[0]


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, Entry]  # verb, xcomp, lightverb, reverse; keys "lemma" or "lemma particle"
    nouns: dict[str, Entry]  # light, noun; keys "lemma" or "compound lemma"
    negated: dict[str, Entry]
    eval_verbs: dict[str, Entry]
    evaluations: dict[str, Entry]
    charges: dict[str, Entry] = field(default_factory=dict)  # wrongdoing a speaker charges someone with

    def __len__(self) -> int:
        return sum(len(d) for d in (self.verbs, self.nouns, self.negated, self.eval_verbs, self.evaluations,
                                    self.charges))

    def referred_noun(self, token: Token) -> Entry | None:
        """The event noun a bare head refers back to: "the sale" to "arms sales", "the raid" to "an air raid"."""
        entry = self.noun(token)
        if entry is not None or token.pos_ not in ("NOUN", "PROPN"):
            return entry
        suffix = " " + lemma(token)
        for key, candidate in self.nouns.items():
            if key.endswith(suffix) and candidate.pattern in ("light", "noun"):
                return candidate
        return None

    def verb(self, token: Token) -> Entry | None:
        for base in verb_lemmas(token):
            entry = self.verbs.get(base)
            if entry is not None:
                return entry
        return None

    def phrasal_verb(self, token: Token) -> tuple[Entry, Token] | None:
        """A two-word verb ("call on", "sit down", "pull out") whose particle is a child of `token`."""
        bases = verb_lemmas(token)
        if not any(base in self._phrasal_bases for base in bases):
            return None
        for child in sorted(token.children, key=lambda c: c.dep_ != "prt"):
            if child.dep_ not in ("prt", "prep", "advmod", "agent"):
                continue
            if child.dep_ == "prep" and any(g.ent_type_ in ("DATE", "TIME") for g in child.children):
                continue  # "called on Monday for ..." is no "call on"
            for base in bases:
                entry = self.verbs.get(f"{base} {child.lower_}")
                if entry is not None:
                    return entry, child
        return None

    @cached_property
    def _phrasal_bases(self) -> frozenset[str]:
        """Every beginning of a verb key before one of its spaces: the verbs a two-word key can start with."""
        return frozenset(key[:i] for key in self.verbs for i, ch in enumerate(key) if ch == " ")

    @cached_property
    def _compound_heads(self) -> frozenset[str]:
        """Every ending of a noun key after one of its spaces: the heads a compound key can end in."""
        return frozenset(key[i + 1:] for key in self.nouns for i, ch in enumerate(key) if ch == " ")

    def noun(self, token: Token) -> Entry | None:
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        base = lemma(token)
        if base in self._compound_heads:  # only then can "compound base" be a key
            for child in token.children:
                if child.dep_ == "compound":
                    entry = self.nouns.get(f"{lemma(child)} {base}")
                    if entry is not None:
                        return entry
        entry = self.nouns.get(base) or self.nouns.get(token.lower_)
        if entry is None and token.pos_ == "PROPN" and token.lower_.endswith("s"):
            entry = self.nouns.get(token.lower_[:-1])  # "Talks between ..." opening a sentence
        return entry


def lemma(token: Token) -> str:
    return token.lemma_.lower()


def verb_lemmas(token: Token) -> tuple[str, ...]:
    """The verb's lemma, then guesses from its inflection for the lemmatizer's slips ("staged" -> "stag")."""
    return _verb_lemmas(lemma(token), token.lower_)


@cache
def _verb_lemmas(base: str, word: str) -> tuple[str, ...]:
    found = [base]
    guesses: list[str] = []
    if word.endswith("ied"):
        guesses.append(word[:-3] + "y")
    if word.endswith("ed"):
        guesses += [word[:-1], word[:-2]]
        if len(word) > 4 and word[-3] == word[-4]:
            guesses.append(word[:-3])  # "shipped" -> "ship"
    if word.endswith("ing"):
        guesses += [word[:-3], word[:-3] + "e"]
    if word.endswith("es"):
        guesses.append(word[:-2])
    if word.endswith("s"):
        guesses.append(word[:-1])
    found += [g for g in guesses if g and g not in found]
    return tuple(found)


@cache
def load_lexicon() -> Lexicon:
    """The event lexicon shipped with dipkg, read once per process."""
    text = (files("dipkg") / "data" / "event_lexicon.tsv").read_text(encoding="utf-8")
    return parse_lexicon(text)


def parse_lexicon(text: str) -> Lexicon:
    verbs: dict[str, Entry] = {}
    nouns: dict[str, Entry] = {}
    negated: dict[str, Entry] = {}
    eval_verbs: dict[str, Entry] = {}
    evaluations: dict[str, Entry] = {}
    charges: dict[str, Entry] = {}
    header_seen = False
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen and cells[0] == "lemma":
            header_seen = True
            continue
        cells += [""] * (6 - len(cells))
        word, pos, type_, pattern, preps, note = (c.strip() for c in cells[:6])
        if pattern not in PATTERNS:
            raise ValueError(f"event_lexicon.tsv:{number}: unknown pattern {pattern!r}")
        for part in type_.split("/"):
            if part != "-" and part not in PLOVER_TYPES:
                raise ValueError(f"event_lexicon.tsv:{number}: unknown type {type_!r}")
        entry = Entry(word.lower(), pos, type_, pattern, tuple(p for p in preps.split("|") if p), note)
        if pattern == "negated":
            negated[entry.lemma] = entry
        elif pattern == "evalverb":
            eval_verbs[entry.lemma] = entry
        elif pattern == "eval":
            evaluations[entry.lemma] = entry
        elif pattern == "charge":
            charges[entry.lemma] = entry
        elif pos == "VERB":
            verbs[entry.lemma] = entry
        else:
            nouns[entry.lemma] = entry
    return Lexicon(verbs, nouns, negated, eval_verbs, evaluations, charges)


# ---------------------------------------------------------------- frames
@dataclass
class Frame:
    """An event predicate found in the parse, before its participants are read."""

    type: str  # PLOVER type or "A/B"
    preps: tuple[str, ...]  # prepositions that introduce the target
    verb: Token | None = None  # the clause's verb (subject, factuality, date)
    noun: Token | None = None  # the event noun, if any
    words: list[Token] = field(default_factory=list)  # the trigger's words
    lemma: str = ""  # the lemma of the verb for the negated lookup
    fixed_targets: list[Token] | None = None  # targets decided by the construction (evaluations)
    confidence: float = 1.0
    needs_target: bool = False  # an event only with a stated target
    direct_only: bool = False  # the target must be the object itself, named as an actor
    speaker: Token | None = None  # a reporting verb whose subject acts, and whose clause asserts and dates the act
    dating: Callable[[], EventTime] | None = None  # finds `time`; set once the act is known to be asserted
    own_act: bool = False  # the act the frame presents is the source's own latest act ("describing them as ...")
    answers_attack: bool = False  # without a stated target, aimed at whoever last attacked the source
    reattached: bool = False  # `speaker` mends the parse: the frame belongs to the speaker's clause

    _time: EventTime | None = field(default=None, init=False, repr=False)

    @property
    def anchor(self) -> Token:
        return self.verb if self.verb is not None else self.noun  # type: ignore[return-value]

    @property
    def time(self) -> EventTime | None:
        """The time of the act, worked out on first use: most asserted frames yield no event, and
        then only a later clause counting from their day may ask."""
        if self._time is None and self.dating is not None:
            self._time = self.dating()
        return self._time


@dataclass(frozen=True)
class Participant:
    actor: ActorRef  # a state or organization
    person: str | None
    token: Token


@dataclass
class AssertedAct:
    """An asserted act that later clauses may date themselves by: its day is the one its own clause names
    (`frame`), or one it inherited from the story's time."""

    sentence: int
    char: int  # where its anchor starts
    kind: str  # base PLOVER type
    anchor: Token
    frame: Frame | None = None
    inherited: date | None = None

    @property
    def day(self) -> date | None:
        if self.frame is None:
            return self.inherited
        time = self.frame.time
        return time.date if time is not None and time.kind == "point" else None


@dataclass
class Discourse:
    """What the article has said before a frame: its events, and the pairs of actors it presents together.

    A pair description ("the two countries", "both sides", "the neighbours",
    "each government") stands for a pair the article has already presented:
    one given by coordination ("Armenia and Azerbaijan") in the same or the
    previous sentence, else the pair the article has put together most often
    (by coordination, as the parties of an event, or as an earlier pair
    description), the latest on a tie.
    """

    ctx: ArticleContext
    history: list[Event] = field(default_factory=list)
    resolved: list[tuple[int, tuple[Participant, Participant]]] = field(default_factory=list)
    acts: list[AssertedAct] = field(default_factory=list)  # in the order read, for later clauses to count from
    _coordinated: list[tuple[int, tuple[Participant, Participant]]] | None = None

    def coordinated(self) -> list[tuple[int, tuple[Participant, Participant]]]:
        if self._coordinated is None:
            self._coordinated = []
            tokens = self.ctx.tokens
            # the heads of conjuncts, found without asking every token for its children
            coordinating = {self.ctx.heads[t.i].i for t in tokens if t.dep_ == "conj"}
            for token in tokens:
                if token.dep_ == "conj" or token.i not in coordinating:
                    continue
                members = [t for t in _conjuncts(self.ctx, token) if t.dep_ != "appos"]
                actors = {p.actor: p for t in members for p in _direct_actor(self.ctx, t)}
                if len(actors) == 2 and len(members) == 2:
                    a, b = actors.values()
                    self._coordinated.append((max(t.idx for t in members), (a, b)))
        return self._coordinated

    def pair(self, token: Token, states_only: bool, exclude: frozenset | set) -> list[Participant]:
        """The two actors a pair description at `token` stands for, or [] when no pair fits."""
        here = token.idx
        sentence = self.ctx.sentence_index(token)

        def fits(pair: tuple[Participant, Participant]) -> bool:
            if any(p.actor in exclude for p in pair):
                return False  # "X urged both governments": X is not one of them
            return not states_only or all(p.actor.kind is ActorKind.STATE for p in pair)

        explicit = [(pos, pair) for pos, pair in self.coordinated() + self.resolved
                    if pos < here and fits(pair) and sentence - self.ctx._sentence_index_at(pos) <= 1]
        if explicit:
            # the latest sentence's pair; within a sentence its subjects, the parties, before others
            # ("A and B agreed at talks mediated by C and D. The two sides ...": A and B)
            chosen = max(explicit, key=lambda c: (self.ctx._sentence_index_at(c[0]),
                                                  any(p.token.dep_ in ("nsubj", "nsubjpass") for p in c[1]),
                                                  c[0]))[1]
        else:
            weights: dict[frozenset, list] = {}
            occurrences = [(pos, pair, 2.0) for pos, pair in self.coordinated() + self.resolved if pos < here]
            # each stated act weighs 1, shared among the pairs it yields ("accepted the plan drafted by
            # X, Y and Z" is one act, not three)
            acts: dict[int, dict[frozenset, Event]] = {}
            for event in self.history:
                if event.target is not None and event.evidence.start < here:
                    acts.setdefault(event.evidence.start, {}).setdefault(
                        frozenset((event.source, event.target)), event)
            for pairs in acts.values():
                for event in pairs.values():
                    pair = (Participant(event.source, event.source_person, token),
                            Participant(event.target, event.target_person, token))
                    occurrences.append((event.evidence.end, pair, 1 / len(pairs)))
            for pos, pair, weight in occurrences:
                if not fits(pair):
                    continue
                slot = weights.setdefault(frozenset(p.actor for p in pair), [0, 0, pair])
                slot[0] += weight
                slot[1] = max(slot[1], pos)
            if not weights:
                return []
            chosen = max(weights.values(), key=lambda w: (w[0], w[1]))[2]
        if all(pos != here for pos, _ in self.resolved):
            self.resolved.append((here, chosen))
        return [Participant(p.actor, p.person, token) for p in chosen]


    # ---------------------------------------------------------------- the story's time
    def note_time(self, frame: Frame, kind: str) -> None:
        """Remember an asserted act: later clauses may count from the day its own clause names, if any."""
        anchor = frame.anchor
        self.acts.append(AssertedAct(self.ctx.sentence_index(anchor), anchor.idx, base_type(kind) or "", anchor, frame))

    def date_events(self, frame: Frame, events: list[Event]) -> list[Event]:
        """Dates from the story's time for events whose clause names none of its own.

        - a relative expression counts from the latest day the story named in
          the same or the two sentences before ("Hours earlier, X and Y traded
          barbs", "the next day");
        - a lead's act that the next sentence goes on to narrate in the simple
          past ("Talks resumed on Monday. Iran's negotiators sat down with
          ...") keeps the lead's day: the sentence before names a dated act of
          the same type among the same actors, and the clause says nothing
          that puts it earlier ("last", "already", a perfect tense).
        """
        time = frame.time
        if time is None or any(e.date is not None for e in events):
            return events
        anchor = frame.anchor
        here = self.ctx.sentence_index(anchor)
        day: date | None = None
        if time.kind == "relative" and time.offset is not None:
            earlier = [act for act in self.acts
                       if here - 2 <= act.sentence <= here and act.char < anchor.idx and act.day is not None]
            if earlier:
                day = max(earlier, key=lambda act: act.char).day + timedelta(days=time.offset)  # type: ignore[operator]
        elif time.kind in ("", "edge") and frame.verb is not None and _narrative_past(frame.verb):
            kinds = {base_type(e.type) for e in events}
            actors = {a for e in events for a in (e.source, e.target) if a is not None}
            for act in reversed(self.acts):
                if act.sentence < here - 1:
                    break
                if act.sentence != here - 1 or act.kind not in kinds or act.day is None:
                    continue
                named = {m.actor for m in self.ctx.mentions_in(self.ctx.sentence(act.anchor))}
                named |= {self.ctx.acting_for(a) for a in named}
                if actors & named:
                    day = act.day
                    break
        if day is None:
            return events
        self.acts.append(AssertedAct(here, anchor.idx, base_type(events[0].type) or "", anchor, inherited=day))
        return [replace(e, date=day) for e in events]


# adverbs that put a narrated act before the story's time ("last met", "had already agreed")
EARLIER_ADVERBS = frozenset({"last", "previously", "earlier", "already", "first", "once", "long", "again",
                             "repeatedly", "recently", "before", "ago", "formerly", "originally"})


def _narrative_past(verb: Token) -> bool:
    """A clause in the simple past that does not place its act before the story's time."""
    if verb.tag_ != "VBD":
        return False
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass") and child.lemma_.lower() in ("have", "will", "would"):
            return False
        if child.dep_ in ("advmod", "npadvmod") and child.lower_ in EARLIER_ADVERBS:
            return False
    return True


_DISCOURSE: ContextVar[Discourse | None] = ContextVar("dipkg_event_discourse", default=None)


def extract_events(ctx: ArticleContext) -> None:
    """Append the article's PLOVER events to ``ctx.extraction.events``."""
    discourse = Discourse(ctx)
    token = _DISCOURSE.set(discourse)
    try:
        _extract_events(ctx, discourse)
    finally:
        _DISCOURSE.reset(token)


def _extract_events(ctx: ArticleContext, discourse: Discourse) -> None:
    lex = load_lexicon()
    consumed: set[int] = set()
    frames: list[Frame] = []
    for token, pos, dep in zip(ctx.tokens, ctx.pos, ctx.dep):
        if pos == "VERB" and dep not in _SKIP_VERB_DEPS:
            frame = verb_frame(ctx, token, lex, consumed) or charge_frame(token, lex)
            if frame is not None:
                frames.append(frame)
        elif pos in ("AUX", "VERB") and lemma(token) == "be":
            frame = obligation_frame(token) or copular_evaluation_frame(token, lex)
            if frame is not None:
                frames.append(frame)
    for token, pos in zip(ctx.tokens, ctx.pos):
        if token.i not in consumed and pos in ("NOUN", "PROPN"):
            frame = noun_frame(token, lex)
            if frame is not None:
                frames.append(frame)
    frames.sort(key=lambda f: f.anchor.i)
    best: dict[tuple, Event] = {}
    order: list[tuple] = []
    history = discourse.history
    directed: set[tuple] = set()
    for frame in frames:
        produced = [_canonical(event, directed) for event in realize(ctx, frame, lex, history)]
        history.extend(produced)
        for event in produced:
            key = (event.type, event.source, event.target, event.date, event.evidence.sentence)
            if key not in best:
                order.append(key)
                best[key] = event
            elif event.confidence > best[key].confidence:
                best[key] = event
    ctx.extraction.events.extend(best[key] for key in order)


def _canonical(event: Event, directed: set[tuple]) -> Event:
    """A symmetric event in the direction the article first gave its pair ("X met Y" ... "Y hosted X")."""
    if event.type in SYMMETRIC and event.target is not None:
        if (event.type, event.target, event.source) in directed:
            event = replace(event, source=event.target, target=event.source,
                            source_person=event.target_person, target_person=event.source_person)
    directed.add((event.type, event.source, event.target))
    return event


def verb_frame(ctx: ArticleContext, verb: Token, lex: Lexicon, consumed: set[int]) -> Frame | None:
    """The event frame a verb heads, if the lexicon knows it in this construction."""
    base = lemma(verb)
    # "launched drills, describing them as a warning to X": the subject presents its own act as a threat
    if base in lex.eval_verbs:
        warning = _self_described_warning(verb)
        if warning is not None:
            targets = _prep_objects(ctx, [warning], ("to", "against"))
            return Frame("THREATEN", ("to", "against"), verb=verb, words=[verb, warning], lemma=base,
                         fixed_targets=targets, confidence=0.7, own_act=True)
    # "called the move unacceptable", "described X as a provocation"
    if base in lex.eval_verbs:
        evaluation = _evaluation(verb, lex)
        if evaluation is not None:
            kind, target = evaluation
            return Frame(kind, (), verb=verb, words=[verb], lemma=base, fixed_targets=target, confidence=0.6)
        if any(c.dep_ in ("oprd", "ccomp") for c in ctx.children[verb.i]) and base == "call":
            return None  # "called it a step forward": an evaluation we cannot grade, not a phone call
    if base == "declare" and _persona_non_grata(verb):
        # "declared the ambassador persona non grata": an expulsion
        expelled = [c for c in ctx.children[verb.i] if c.dep_ == "dobj" and ctx.lower[c.i] not in ("persona", "grata")]
        expelled += [g for c in ctx.children[verb.i] if c.dep_ in ("ccomp", "oprd", "xcomp") for g in ctx.children[c.i]
                     if g.dep_ == "nsubj"]
        return Frame("SANCTION", (), verb=verb, words=[verb], lemma=base, fixed_targets=expelled)
    if (base == "reserve" and _right_to_respond(verb)) or (base in VOWS and _vowed_countermeasures(verb)):
        # "reserved the right to respond", "vowed to take all necessary measures": a threat of retaliation
        return Frame("THREATEN", (), verb=verb, words=[verb], lemma=base, answers_attack=True, confidence=0.7)
    single = lex.verb(verb)
    phrasal = lex.phrasal_verb(verb)
    obj = _event_object(ctx, verb)
    # a light verb or an undoing verb with an event noun for object ("held talks", "lifted sanctions")
    options: list[tuple[Entry | None, Token | None]] = [(single, None)]
    if phrasal is not None:
        options.append(phrasal)
    for entry, particle in options:
        if entry is None or entry.pattern not in ("lightverb", "reverse") or obj is None:
            continue
        if entry.lemma in STATIVE and verb.tag_ in ("VBZ", "VBP"):
            continue  # "China, which has close ties with both": a standing relation, no act
        found = _event_noun(obj, lex)
        if found is None:
            continue
        noun_entry, noun = found
        if noun_entry.pattern == "proposal" and entry.pattern != "reverse":
            continue
        if noun_entry.pattern == "asset" and entry.pattern == "reverse":
            continue
        if entry.pattern == "lightverb":
            kind = noun_entry.type
        else:
            kind = REVERSE.get(base_type(noun_entry.type) or "", "")
            if not kind:
                continue
        consumed.add(noun.i)
        words = [verb] + ([particle] if particle is not None else []) + [noun]
        return Frame(kind, tuple(dict.fromkeys(noun_entry.target_preps + entry.target_preps)), verb=verb,
                     noun=noun, words=words, lemma=base)
    if phrasal is not None:
        entry, particle = phrasal
        if entry.pattern in ("verb", "xcomp") or entry.type != "-":
            return Frame(entry.type, entry.target_preps, verb=verb, words=[verb, particle], lemma=base)
    if single is None:
        return None
    if single.pattern in ("lightverb", "reverse"):
        if single.type == "-" or (obj is not None and obj.dep_ == "nsubjpass"):
            return None
        return Frame(single.type, single.target_preps, verb=verb, words=[verb], lemma=single.lemma, confidence=0.8)
    if single.pattern == "xcomp" and not _has_infinitive(verb):
        if base in DIRECTIVE and obj is not None and obj.dep_ == "dobj":
            # "ordered the expulsion of X's envoy", "ordered strikes on X": the ordered act
            found = _event_noun(obj, lex)
            if found is not None and found[0].pattern in ("light", "noun"):
                noun_entry, noun = found
                consumed.add(noun.i)
                return Frame(noun_entry.type, noun_entry.target_preps, verb=verb, noun=noun, words=[verb, noun],
                             lemma=base)
        return None  # "told X to leave" is a demand, "told X that ..." a report
    if single.type == "CONSULT" and obj is not None and obj.dep_ == "dobj" and lemma(obj) in NOT_MET:
        return None
    if single.lemma in DIRECT_ONLY:
        # "Biden called Xi", but not "called the decision a step": the object must name the party
        if obj is None or obj.dep_ != "dobj" or any(c.dep_ in ("npadvmod", "oprd", "acl", "relcl", "appos")
                                                    for c in ctx.children[obj.i]):
            return None
        return Frame(single.type, (), verb=verb, words=[verb], lemma=single.lemma, direct_only=True)
    # the lexicon's lemma: the lemmatizer's slips ("hopes" -> "hop") are mended by `verb_lemmas`
    return Frame(single.type, single.target_preps, verb=verb, words=[verb], lemma=single.lemma)


def charge_frame(verb: Token, lex: Lexicon) -> Frame | None:
    """An accusation made by reporting a wrongdoing: "X said Y violated the truce" (X accuses Y)."""
    entry = next((lex.charges[b] for b in verb_lemmas(verb) if b in lex.charges), None)
    if entry is None:
        return None
    speaker = _reporting_governor(verb)
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if speaker is None or not subjects:
        return None
    return Frame(entry.type, (), verb=verb, words=[verb], lemma=entry.lemma, fixed_targets=subjects,
                 speaker=speaker, confidence=0.75)


# verbs of the right a state reserves: "reserved the right to respond"
RESPONSES = frozenset({"respond", "retaliate", "react", "defend", "act", "take", "hit", "strike"})
VOWS = frozenset({"vow", "pledge", "promise", "threaten", "warn", "swear"})
COUNTERMEASURES = frozenset({"measure", "step", "action", "countermeasure"})
# what makes measures a response rather than a plan: "all necessary measures", "steps to defend its interests"
FIRM = frozenset({"necessary", "resolute", "firm", "strong", "decisive", "reciprocal", "retaliatory", "tough",
                  "forceful", "countermeasure", "robust", "appropriate"})
PROTECTIVE = frozenset({"defend", "protect", "safeguard", "retaliate", "respond", "counter", "uphold"})


def _vowed_countermeasures(verb: Token) -> bool:
    """"vowed to take all necessary steps to defend its interests", "threatened to take countermeasures"."""
    for xcomp in (c for c in verb.children if c.dep_ == "xcomp" and lemma(c) in ("take", "adopt")):
        for obj in (c for c in xcomp.children if c.dep_ == "dobj" and lemma(c) in COUNTERMEASURES):
            if lemma(obj) == "countermeasure" or any(lemma(c) in FIRM for c in obj.children if c.dep_ == "amod"):
                return True
            if any(c.dep_ in ("relcl", "acl", "advcl") and lemma(c) in PROTECTIVE
                   for c in list(obj.children) + list(xcomp.children)):
                return True
    return False


def _right_to_respond(verb: Token) -> bool:
    for obj in verb.children:
        if obj.dep_ == "dobj" and lemma(obj) == "right":
            return any(c.dep_ in ("acl", "xcomp", "relcl") and lemma(c) in RESPONSES for c in obj.children)
    return False


def copular_evaluation_frame(be: Token, lex: Lexicon) -> Frame | None:
    """An evaluation stated in reported speech: "(X said) the strike was unacceptable", "... was a violation"."""
    subjects = [c for c in be.children if c.dep_ == "nsubj"]
    predicates = [c for c in be.children if c.dep_ in ("acomp", "attr")]
    if len(subjects) != 1 or not predicates:
        return None
    for predicate in predicates:
        entry = lex.evaluations.get(lemma(predicate))
        if entry is None or any(c.dep_ == "neg" for c in list(predicate.children) + list(be.children)):
            continue
        speaker = _reporting_governor(be)
        if speaker is None:
            return None
        return Frame(entry.type, (), verb=be, words=[predicate], lemma="be", fixed_targets=subjects,
                     speaker=speaker, confidence=0.6)
    return None


def obligation_frame(be: Token) -> Frame | None:
    """A demand stated as an obligation in reported speech: "(said) it was up to X to ...", "the onus is on X
    to ...". The speaker makes the demand of X."""
    target: Token | None = None
    word: Token | None = None
    for child in be.children:
        if child.lower_ == "up" and child.dep_ in ("advmod", "prep", "prt", "acomp"):
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ == "to":
                    target = next((g for g in prep.children if g.dep_ == "pobj"), None)
                    word = child
        elif child.dep_ == "nsubj" and lemma(child) in OBLIGATION_NOUNS:
            preps = [c for c in list(be.children) + list(child.children) if c.dep_ == "prep" and c.lower_ == "on"]
            for prep in preps:
                target = next((g for g in prep.children if g.dep_ == "pobj"), None) or target
            word = child
    if target is None or word is None:
        return None
    infinitive = any(c.dep_ in ("xcomp", "advcl", "acl", "ccomp") and any(g.dep_ == "aux" and g.lower_ == "to"
                                                                          for g in c.children)
                     for t in (be, word, target) for c in t.children)
    speaker = _reporting_governor(be)
    if not infinitive or speaker is None:
        return None
    return Frame("REQUEST", (), verb=be, words=[word], lemma="be", fixed_targets=[target], speaker=speaker,
                 confidence=0.8)


FUTURE_MODALS = frozenset({"will", "would", "'ll", "shall"})
ANNOUNCED_HOSTILE = frozenset({"SANCTION", "ASSAULT", "COERCE"})


def _announcer(frame: Frame, verdict: Assessment, kind: str) -> Token | None:
    """The verb of saying by which an actor announces its own hostile act to come ("X said it would
    impose tariffs on Y", "announced that it would expel ..."): in PLOVER a threat, not the act."""
    if frame.verb is None or base_type(kind) not in ANNOUNCED_HOSTILE:
        return None
    if verdict.negated or verdict.reasons or not verdict.modals or not verdict.modals <= FUTURE_MODALS:
        return None
    return _reporting_governor(frame.verb)


def _reporting_governor(verb: Token) -> Token | None:
    """The verb of saying whose complement `verb` is part of ("X said [A, calling it B]")."""
    t = verb
    for _ in range(5):
        head, dep = t.head, t.dep_
        if head.i == t.i:
            return None
        if dep == "ccomp" and head.pos_ in ("VERB", "AUX") and lemma(head) in SPEAKING:
            return head
        if dep not in ("advcl", "conj", "ccomp", "xcomp"):
            return None
        t = head
    return None


def _reattached_speaker(ctx: ArticleContext, frame: Frame) -> Token | None:
    """The verb of saying a speech act belongs to when the parser hung it inside the reported clause.

    In "X said the sale violated Y and urged Z to ..." or "X said that A could not
    be trusted, calling it B", the small model attaches "urged" and "calling" to
    the reported clause, whose subject (an event, or none) cannot speak. A
    speech act without a subject of its own whose clause gives no actor is the
    speaker's.
    """
    verb = frame.verb
    if verb is None:
        return None
    if base_type(frame.type) not in VERBAL and frame.fixed_targets is None:
        return None
    if verb.dep_ not in ("advcl", "conj") or any(c.dep_ in ("nsubj", "nsubjpass") for c in ctx.children[verb.i]):
        return None
    if verb.dep_ == "advcl" and verb.tag_ != "VBG":
        return None
    speaker = _reporting_governor(ctx.heads[verb.i]) if ctx.heads[verb.i].i != verb.i else None
    if speaker is None or speaker.i == ctx.heads[verb.i].i and verb.dep_ == "conj":
        return None  # "said X and urged Y" is already the speaker's
    subjects, _ = subject_tokens(ctx, verb)
    if _participants(ctx, subjects) and not _mismatched_conjunct(verb, speaker):
        return None
    if not _participants(ctx, subject_tokens(ctx, speaker)[0]):
        return None
    return speaker


def _mismatched_conjunct(verb: Token, speaker: Token) -> bool:
    """A past-tense conjunct that cannot share the auxiliary of the clause it is hung on, but matches the verb
    of saying: in "X said Kigali was violating ... and demanded that ...", "demanded" goes with "said"."""
    if verb.dep_ != "conj" or verb.tag_ != "VBD" or speaker.tag_ != "VBD":
        return False
    head = verb.head
    return head.tag_ in ("VBG", "VBN") and any(c.dep_ == "aux" and c.lemma_.lower() == "be" for c in head.children)


def _persona_non_grata(verb: Token) -> bool:
    words = [t.lower_ for t in verb.subtree]
    return "persona" in words and "grata" in words


def _has_infinitive(verb: Token) -> bool:
    for child in verb.children:
        if child.dep_ == "xcomp":
            return True
        if child.dep_ == "ccomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in child.children):
            return True
    return False


def noun_frame(noun: Token, lex: Lexicon) -> Frame | None:
    """An event noun that states an event by itself ("X's visit to Y", "talks between X and Y")."""
    entry = lex.noun(noun)
    if entry is None:
        return None
    setting = _setting_clause(noun) if entry.type == "CONSULT" and entry.pattern in ("noun", "light") else None
    if setting is not None and not any(c.dep_ == "poss" or c.lower_ == "between" for c in noun.children) \
            and (_two_subjects(setting) or any(c.lower_ == "with" for c in noun.children)):
        # "X and Y agreed to a truce during talks in Doha", "X said at a meeting with Y": talks with no
        # parties of their own are the clause's setting, taken for granted, so its two subjects (or its
        # subject and the talks' "with") held them, when and as the clause says; three or more subjects
        # at a summit are delegations at a conference, not a pair in talks
        return Frame(entry.type, entry.target_preps, verb=setting, noun=noun, words=[noun], confidence=0.6)
    responding = _responding_verb(noun)
    if entry.pattern in ("noun", "light") and responding is not None:
        # "X responded with tariffs (airstrikes) on Y": the act is the subject's, as its clause states it
        return Frame(entry.type, entry.target_preps, verb=responding, noun=noun, words=[noun], confidence=0.7)
    if entry.pattern == "noun":
        return Frame(entry.type, entry.target_preps, noun=noun, words=[noun], confidence=0.8)
    if entry.pattern == "light" and any(c.dep_ == "poss" for c in noun.children):
        # "Beijing's call for ...", "the EU's sanctions on Russia": needs its owner and its target
        return Frame(entry.type, entry.target_preps, noun=noun, words=[noun], confidence=0.6,
                     needs_target=True)
    return None


SETTING_PREPOSITIONS = frozenset({"during", "at", "after", "following", "in"})


def _setting_clause(noun: Token) -> Token | None:
    """The verb of the clause an event noun is the setting of ("agreed ... during talks", "said at a
    meeting", "following talks"), or None."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in SETTING_PREPOSITIONS:
        return None
    # the parser may hang the setting on the clause's object ("agreed to a ceasefire during talks")
    head = prep.head
    while head.pos_ not in ("VERB", "AUX") and head.dep_ in ("dobj", "pobj", "prep") and head.head is not head:
        head = head.head
    return head if head.pos_ in ("VERB", "AUX") else None


def _responding_verb(noun: Token) -> Token | None:
    """The verb of "responded with tariffs", "retaliated with strikes" whose "with" names `noun`, or None."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "with" or prep.dep_ != "prep":
        return None
    verb = prep.head
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)  # "was hit with sanctions"
    return verb if verb.pos_ == "VERB" and lemma(verb) in RESPONDING_WITH and not passive else None


def _two_subjects(verb: Token) -> bool:
    """Whether the verb's subject names two parties: "X and Y", or a pair description ("the two sides")."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return False
    subject = subjects[-1]  # the nearest: a wire dateline can parse as a second subject
    others = len(subject.conjuncts)
    return others == 1 or (others == 0 and pair_kind(subject) is not None)


def _event_object(ctx: ArticleContext, verb: Token) -> Token | None:
    """The object a light verb turns into an event: its direct object, or the subject of its passive."""
    children = ctx.children[verb.i]
    for child in children:
        if child.dep_ == "dobj":
            return child
    for child in children:
        if child.dep_ == "nsubjpass":
            return child
    return None


def _event_noun(obj: Token, lex: Lexicon) -> tuple[Entry, Token] | None:
    """The event noun an object names: itself, the noun of "a round of talks", "$1 billion in aid",
    or a proposal ("blocked the resolution": only undoing verbs use those)."""
    entry = lex.noun(obj)
    if entry is not None and entry.pattern in ("light", "noun") and lemma(obj) not in CONTAINERS:
        return entry, obj
    # "a package of arms sales", "a round of talks": the event the container holds wins over the container
    for child in obj.children:
        # "a round of talks", "a wave of strikes", "$1 billion in aid"
        if child.dep_ == "prep" and child.lower_ in ("of", "in"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    inner = lex.noun(pobj)
                    if inner is not None and inner.pattern in ("light", "noun"):
                        return inner, pobj
    if entry is not None and entry.pattern in ("light", "noun", "proposal", "asset"):
        return entry, obj
    return None


WARNING_NOUNS = frozenset({"warning", "warn"})


def _self_described_warning(verb: Token) -> Token | None:
    """The noun "warning" in "describing them as a warning (to X)", "calling it a stern warning", when what is
    described is the subject's own act, named by a pronoun ("them", "it") right after its report."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if len(objects) != 1 or objects[0].pos_ != "PRON" or objects[0].lower_ not in ("it", "them", "this", "these"):
        return None
    if verb.dep_ not in ("advcl", "conj") or verb.tag_ != "VBG":
        return None  # a participle of the clause that reports the act: "X launched drills, describing them ..."
    predicates = [c for c in verb.children if c.dep_ in ("oprd", "xcomp", "attr")]
    predicates += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"
                   for g in c.children if g.dep_ == "pobj"]
    for predicate in predicates:
        if predicate.pos_ == "NOUN" and lemma(predicate) in WARNING_NOUNS:
            return predicate
    return None


def _evaluation(verb: Token, lex: Lexicon) -> tuple[str, list[Token]] | None:
    """("ACCUSE" or "SUPPORT", the evaluated objects) for "called X unacceptable", "described X as Y"."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    predicates = [c for c in verb.children if c.dep_ in ("oprd", "ccomp", "xcomp", "acomp")]
    predicates += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"
                   for g in c.children if g.dep_ == "pobj"]
    # the small model often makes the evaluated noun the object and the adjective its modifier
    if not predicates and objects and len(objects) == 1:
        predicates = [c for c in objects[0].children if c.dep_ in ("amod", "appos")]
    if not objects and len(predicates) >= 2 and predicates[0].pos_ in ("NOUN", "PROPN", "PRON"):
        # "called the cartel's intervention shameful" may come out with two predicates
        objects, predicates = [predicates[0]], predicates[1:]
    elif not objects and predicates:
        # "called it an act of barbarism" may come out as a clause "it (is) an act"
        inner = predicates[0]
        objects = [c for c in inner.children if c.dep_ in ("nsubj",)]
    if not predicates:
        return None
    for predicate in predicates:
        for word in predicate.subtree:
            entry = lex.evaluations.get(lemma(word))
            if entry is not None and not any(c.dep_ == "neg" for c in word.children):
                return entry.type, objects
    return None


# ---------------------------------------------------------------- participants
def realize(ctx: ArticleContext, frame: Frame, lex: Lexicon | None = None,
            history: list[Event] | None = None) -> list[Event]:
    """The events a frame states, or none when it is not asserted or has no source.

    `history` holds the events of the article before this one: a rejection
    with no stated target ("rejected the accusation", "turned the idea down")
    answers the latest demand, accusation, threat or sanction aimed at its source.
    """
    events = _realize(ctx, frame, lex, history)
    discourse = _DISCOURSE.get()
    if events and discourse is not None and discourse.ctx is ctx:
        events = discourse.date_events(frame, events)
    return events


def _realize(ctx: ArticleContext, frame: Frame, lex: Lexicon | None,
             history: list[Event] | None) -> list[Event]:
    lex = lex or load_lexicon()
    kind = frame.type
    if frame.speaker is None:
        frame.speaker = _reattached_speaker(ctx, frame)
        frame.reattached = frame.speaker is not None
    # a speech act the parser hung inside what it reports is asserted by its speaker's clause; a charge or an
    # obligation inside a report is asserted by the report, through every clause between them
    verdict = assess(frame.anchor, governor=frame.speaker if frame.reattached else None,
                     sentence=ctx.sentence(frame.anchor))
    announcer: Token | None = None
    if not verdict.factual:
        negated = lex.negated.get(frame.lemma) if frame.verb is not None else None
        announcer = _announcer(frame, verdict, kind)
        if announcer is not None:
            kind = "THREATEN"
        elif negated is None or not verdict.refusal:
            return []
        else:
            kind = negated.type
    if frame.noun is not None and frame.verb is not None and _hypothetical_noun(frame.noun):
        return []
    verbal = base_type(kind) in VERBAL or resolve_type(kind, False) in VERBAL
    frame.dating = partial(event_time, frame.anchor, ctx.extraction.article.published, through_reporting=verbal,
                           via=frame.speaker)
    discourse = _DISCOURSE.get()
    if discourse is not None and discourse.ctx is ctx:
        discourse.note_time(frame, kind)

    if frame.verb is not None and base_type(kind) == "ASSAULT":
        # "U.S. sanctions targeted Russian banks", "tariffs hit Chinese goods", "a package of sanctions
        # targeting Russian LNG": the act is the one its subject (or the noun or clause it modifies) names
        verb = frame.verb
        doers = [c for c in ctx.children[verb.i] if c.dep_ == "nsubj"]
        if verb.dep_ == "acl":
            doers.append(ctx.heads[verb.i])
        elif verb.dep_ == "advcl" and verb.tag_ == "VBG" and not doers:  # "adopted sanctions, targeting X"
            doers += [c for c in ctx.children[ctx.heads[verb.i].i] if c.dep_ == "dobj"]
        for doer in doers:
            found = _event_noun(doer, lex)
            if found is not None and found[0].pattern in ("light", "noun") and base_type(found[0].type) == "SANCTION":
                kind = found[0].type
    sources, source_conf = find_sources(ctx, frame)
    if announcer is not None:
        # only the actor's own announcement is a threat; anyone else's is a forecast
        speakers = {p.actor for p in _participants(ctx, subject_tokens(ctx, announcer)[0])}
        sources = [p for p in sources if p.actor in speakers]
    between = _between(ctx, frame)
    if not sources:
        if len({p.actor for p in between}) < 2:
            return []
        pairs = _pairs(between)
        return [_event(ctx, frame, resolve_type(kind, True) or "", s, t, 0.6) for s, t in pairs
                if resolve_type(kind, True)]

    targets, target_conf = find_targets(ctx, frame, sources, kind)
    events: list[Event] = []
    if targets:
        final = resolve_type(kind, True)
        if final is None:
            return []
        for source in sources:
            for target in targets:
                if source.actor != target.actor:
                    events.append(_event(ctx, frame, final, source, target, min(source_conf, target_conf)))
        heads = [t for t in (frame.noun, frame.verb) if t is not None]
        if events and final == "CONSULT" and _prep_objects(ctx, heads, ("with",)):
            # "X and Y held talks with Z": X and Y sat at the same table (but "X, Y's mediator, met Z" is one)
            distinct = list({p.actor: p for p in sources if not _via_apposition(p.token)}.values())
            events += [_event(ctx, frame, final, s, t, min(source_conf, target_conf) * 0.8)
                       for s, t in combinations(distinct, 2)]
        if events:
            return events
    distinct = list({p.actor: p for p in sources}.values())
    final = resolve_type(kind, True)
    if len(distinct) > 1 and final is not None and frame.lemma in MUTUAL:
        # "India and Pakistan traded fire", "the two exchanged accusations": each at the other
        return [_event(ctx, frame, final, s, t, source_conf * 0.8)
                for s in distinct for t in distinct if s.actor != t.actor]
    if len(distinct) > 1 and final is not None and (final in SYMMETRIC or _is_joint(frame)) \
            and frame.lemma not in MEDIATION:  # co-mediators are not each other's counterparts
        return [_event(ctx, frame, final, s, t, source_conf * 0.8) for s, t in combinations(distinct, 2)]
    final = resolve_type(kind, False)
    if final in TARGETLESS and not frame.needs_target:
        return [_event(ctx, frame, final, s, None, source_conf * 0.75) for s in distinct]
    if final == "REJECT" and history:
        answered = _answered(ctx, frame, distinct, history)
        if answered:
            return [_event(ctx, frame, final, s, t, 0.45) for s in distinct for t in answered
                    if s.actor != t.actor]
    if frame.own_act and history and final is not None:
        # "launched drills around X, describing them as a warning": aimed where the act was
        here = ctx.sentence_index(frame.anchor)
        actors = {p.actor for p in distinct}
        for event in reversed(history):
            if here - event.evidence.sentence > 1:
                break
            if event.source in actors and event.target is not None and event.target not in actors:
                target = Participant(event.target, event.target_person, frame.anchor)
                return [_event(ctx, frame, final, s, target, 0.5) for s in distinct]
        return []
    if (frame.answers_attack or frame.lemma in RETALIATE) and history:
        # "Pakistan retaliated with an air raid": at whoever last attacked it; "X condemned the move and
        # vowed to take all necessary steps": at whom its reaction in the same sentence was aimed
        here = ctx.sentence_index(frame.anchor)
        actors = {p.actor for p in distinct}
        answered: Participant | None = None
        for event in reversed(history):
            if here - event.evidence.sentence > ANSWER_WINDOW:
                break
            if event.type in HOSTILE and event.target in actors and event.source not in actors:
                answered = Participant(event.source, event.source_person, frame.anchor)
                break
        if answered is None:
            for event in reversed(history):
                if event.evidence.sentence != here:
                    break
                if event.type in REACTIONS - {"SUPPORT"} and event.source in actors and event.target is not None:
                    answered = Participant(event.target, event.target_person, frame.anchor)
                    break
        if answered is None:
            return []
        return [_event(ctx, frame, resolve_type(kind, True) or final or "", s, answered, 0.45)
                for s in distinct if s.actor != answered.actor]
    if final in REACTIONS and history:
        # "Japan criticized the use of water cannon": the actor of the event the object refers back to
        targets = _referenced_actors(ctx, frame, final, distinct, history, lex)
        return [_event(ctx, frame, final, s, t, 0.45) for s in distinct for t in targets if s.actor != t.actor]
    return []


def _referenced_actors(ctx: ArticleContext, frame: Frame, kind: str, sources: list[Participant],
                       history: list[Event], lex: Lexicon) -> list[Participant]:
    """The actors of an earlier event that the object of a reaction names.

    The object may name the event's kind ("condemned the strikes", "welcomed
    the agreement"), sum it up ("rejected the ruling", "called the measures
    unfair", "..., a step welcomed by X") or stand for it ("calling it
    barbaric"); a condemnation or a rejection refers to a hostile act, support
    to a friendly one.
    """
    verb = frame.verb
    if verb is None:
        return []
    actors = {p.actor for p in sources}
    if frame.fixed_targets is not None:
        objects = list(frame.fixed_targets)
    else:
        objects = [c for c in ctx.children[verb.i] if c.dep_ == "dobj"]
        if any(c.dep_ == "agent" for c in ctx.children[verb.i]):
            # "the move was condemned by X", "..., a step welcomed by Washington"
            objects += [c for c in ctx.children[verb.i] if c.dep_ == "nsubjpass"]
            if verb.dep_ == "acl" and verb.tag_ == "VBN":
                objects.append(ctx.heads[verb.i])
    here = ctx.sentence_index(frame.anchor)
    related = FRIENDLY if kind == "SUPPORT" else HOSTILE

    def latest(wanted: set[str] | frozenset[str], window: int | None) -> list[Participant]:
        for event in reversed(history):
            if window is not None and here - event.evidence.sentence > window:
                break
            if event.type not in wanted or event.source in actors:
                continue
            if kind == "SUPPORT" and event.target in actors:
                continue  # a party welcoming its own agreement supports no one
            found = [Participant(event.source, event.source_person, frame.anchor)]
            if kind == "SUPPORT" and event.type in SYMMETRIC and event.target is not None \
                    and event.target not in actors:
                found.append(Participant(event.target, event.target_person, frame.anchor))
            return found
        return []

    for obj in objects:
        determiners = {ctx.lower[c.i] for c in ctx.children[obj.i] if c.dep_ == "det"}
        if ctx.pos[obj.i] == "PRON" and ctx.lower[obj.i] in ("it", "this", "that"):
            if ctx.mention_at(obj) is None:
                return latest(related, REFERENCE_WINDOW)  # "calling it an act of barbarism"
            continue
        apposed = obj.i == verb.head.i and verb.dep_ == "acl"  # "..., a step welcomed by X": the clause it sums up
        if not (determiners & DEFINITE) and not apposed:
            continue  # "condemned the strike" refers back; "condemned a string of attacks" does not
        nouns = [obj] + [g for c in ctx.children[obj.i] if c.dep_ == "prep" and ctx.lower[c.i] == "of"
                         for g in ctx.children[c.i] if g.dep_ == "pobj"]
        for noun in nouns:
            entry = lex.referred_noun(noun)
            if entry is None or entry.pattern not in ("light", "noun"):
                if lemma(noun) in SUMMARY_NOUNS and not _participants(ctx, [noun], {p.actor for p in sources}):
                    # "welcomed the decision" backs whoever decided, a friendly act or a hostile one on others
                    summed = related | HOSTILE if kind == "SUPPORT" else related
                    return latest(summed, REFERENCE_WINDOW if apposed else None)
                continue
            if _prep_objects(ctx, [noun], entry.target_preps + ("between", "by")) or any(
                    c.dep_ == "poss" for c in ctx.children[noun.i]):
                return []  # the event is spelled out ("the talks between ..."), not referred back to
            return latest(set(entry.type.split("/")), None)
    return []


def _answered(ctx: ArticleContext, frame: Frame, sources: list[Participant],
              history: list[Event]) -> list[Participant]:
    """The authors of the latest demand, accusation, threat or sanction aimed at the rejecting actor.

    A demand made by several ("Egypt and Sudan called on Ethiopia to ...") is
    answered to all of them. A rejection whose object names something new
    ("denied media reports that ...") answers nothing.
    """
    verb = frame.verb
    if verb is not None:
        for obj in (c for c in ctx.children[verb.i] if c.dep_ == "dobj"):
            if ctx.pos[obj.i] == "PRON" or lemma(obj) in ANSWER_NOUNS:
                continue
            if any(c.dep_ == "det" and ctx.lower[c.i] in DEFINITE for c in ctx.children[obj.i]):
                continue
            return []
    actors = {p.actor for p in sources}
    here = ctx.sentence_index(frame.anchor)
    for event in reversed(history):
        if here - event.evidence.sentence > ANSWER_WINDOW:
            break
        if event.type in ANSWERED and event.target in actors and event.source not in actors:
            start = event.evidence.start
            token = next((t for t in ctx.tokens if t.idx >= start), frame.anchor)
            found: dict[ActorRef, Participant] = {}
            for other in history:  # the same demand made by several
                if other.type == event.type and other.trigger == event.trigger and other.target == event.target \
                        and other.evidence.sentence == event.evidence.sentence and other.source not in actors:
                    found.setdefault(other.source, Participant(other.source, other.source_person, token))
            return list(found.values())
    return []


def _event(ctx: ArticleContext, frame: Frame, kind: str, source: Participant, target: Participant | None,
           confidence: float) -> Event:
    anchor = frame.anchor
    tokens = list(frame.words) + [source.token] + ([target.token] if target is not None else [])
    sent = ctx.sentence(anchor)
    tokens = [t for t in tokens if sent.start <= t.i < sent.end] or [anchor]
    span = ctx.doc[min(t.i for t in tokens):max(t.i for t in tokens) + 1]
    published = ctx.extraction.article.published
    return Event(
        type=kind,
        source=source.actor,
        target=target.actor if target is not None else None,
        evidence=ctx.evidence(span),
        trigger=" ".join(t.text for t in sorted(frame.words, key=lambda t: t.i)),
        date=(frame.time.date if frame.time is not None
              else event_time(anchor, published, through_reporting=kind in VERBAL, via=frame.speaker).date),
        place=_place(ctx, frame),
        source_person=source.person,
        target_person=target.person if target is not None else None,
        confidence=round(max(0.05, min(0.95, confidence * frame.confidence)), 3),
    )


def find_sources(ctx: ArticleContext, frame: Frame) -> tuple[list[Participant], float]:
    """Who acts: the subject's actors (or the owner of an event noun), and how sure that is."""
    if frame.speaker is not None:
        found = _participants(ctx, subject_tokens(ctx, frame.speaker)[0])
        return found, 0.65
    if frame.verb is not None:
        verb = frame.verb
        subjects, direct = subject_tokens(ctx, verb)
        found = _participants(ctx, subjects)
        if not found and len(subjects) == 1 and subjects[0].lower_ in SPEAKER_PRONOUNS:
            # "Colombia's president said he had spoken with ...", "Mali announced that they were
            # leaving the bloc, accusing it of ...": an unresolved pronoun in a reported clause is the speaker
            clause = subjects[0].head
            if clause.dep_ == "ccomp" and ctx.heads[clause.i].pos_ in ("VERB", "AUX"):
                speakers, _ = subject_tokens(ctx, ctx.heads[clause.i])
                found = _participants(ctx, speakers)
                return found, 0.6
        return found, (0.85 if direct else 0.7)
    noun = frame.noun
    assert noun is not None
    owners = [c for c in ctx.children[noun.i] if c.dep_ == "poss"]
    found = _participants(ctx, owners)
    if found:
        return found, 0.75
    agents = [g for c in ctx.children[noun.i] if c.dep_ == "prep" and ctx.lower[c.i] == "by"
              for g in ctx.children[c.i] if g.dep_ == "pobj"]
    found = _participants(ctx, agents)
    if found:
        return found, 0.75
    if base_type(frame.type) not in SYMMETRIC:
        # "Russian strikes on Kyiv", "U.S. sanctions on Iran"
        modifiers = [c for c in ctx.children[noun.i] if c.dep_ in ("amod", "compound", "nmod")]
        found = _participants(ctx, modifiers)
        if found:
            return found, 0.7
    # "After talks with X, Y said ...": the subject of the clause the phrase modifies
    head = ctx.heads[noun.i]
    if noun.dep_ == "pobj" and head.dep_ == "prep" and ctx.lower[head.i] not in ("of", "between", "for"):
        verb = ctx.heads[head.i]
        if ctx.pos[verb.i] in ("VERB", "AUX") and any(ctx.lower[c.i] == "with" or ctx.lower[c.i] == "to"
                                                for c in ctx.children[noun.i] if c.dep_ == "prep"):
            subjects, _ = subject_tokens(ctx, verb)
            found = _participants(ctx, subjects)
            if found:
                return found, 0.55
    return [], 0.0


def _author(ctx: ArticleContext, noun: Token) -> Token | None:
    """The verb whose subject wrote or made a text or act named by `noun`: its object ("issued a
    statement"), or "in"/"through" it ("said in a statement")."""
    head = ctx.heads[noun.i]
    if noun.dep_ == "dobj" and ctx.pos[head.i] == "VERB":
        return head
    if noun.dep_ == "pobj" and ctx.lower[head.i] in ("in", "through") and ctx.pos[ctx.heads[head.i].i] == "VERB":
        return ctx.heads[head.i]
    return None


def subject_tokens(ctx: ArticleContext, verb: Token, depth: int = 0) -> tuple[list[Token], bool]:
    """The tokens that name who performs `verb` (before coordination), and whether they are its own."""
    for child in ctx.children[verb.i]:
        if child.dep_ == "agent" and verb.tag_ == "VBN":  # not "spoke by telephone with X"
            return [g for g in ctx.children[child.i] if g.dep_ == "pobj"], True
    subjects = [c for c in ctx.children[verb.i] if c.dep_ in ("nsubj", "csubj")]
    fronted = _fronted_subject(ctx, verb)
    if fronted is not None and (not subjects or all(s.i < fronted.i for s in subjects)):
        return [fronted], True
    if subjects:
        # the subject nearest the verb: a wire dateline ("KYIV, July 24 -") can parse as a second one
        subject = min(subjects, key=lambda s: abs(verb.i - s.i))
        if ctx.lower[subject.i] in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return [ctx.heads[verb.i]], True
        end = _dateline_end(ctx, subject)
        if end is not None and subject.i <= end:
            # "ABUJA, Jan 29 (Reuters) - Mali ... announced": the parser made the dateline the subject
            after = [t for t in subject.subtree if t.i > end]
            return [t for t in after if ctx.heads[t.i] not in after or ctx.heads[t.i].i == t.i][:1], True
        # "X and Y met": the parser may hang both conjuncts on the verb, the first keeping the "and"
        first = [s for s in subjects if s.i < subject.i and any(c.dep_ == "cc" for c in ctx.children[s.i])]
        return first[-1:] + [subject], True
    if any(c.dep_ == "nsubjpass" for c in ctx.children[verb.i]) or depth > 4:
        return [], True  # a passive without an agent: the actor is unknown
    head, dep = ctx.heads[verb.i], verb.dep_
    if head.i == verb.i:
        return [], True
    if dep == "relcl":
        return [], True
    if dep == "acl":
        if verb.tag_ == "VBG" and ctx.pos[head.i] in ("NOUN", "PROPN"):
            author = _author(ctx, head)
            if author is not None and not _participants(ctx, [head]):
                # "X issued a statement urging Y to ...", "said in a letter calling on Y": the author's act
                return subject_tokens(ctx, author, depth + 1)[0], False
            return [head], False  # "officials accusing X of ..."
        return [], True
    if dep == "xcomp":
        objects = [c for c in ctx.children[head.i] if c.dep_ in ("dobj",)]
        if objects:
            return objects, False  # object control: "urged China to ..."
        return subject_tokens(ctx, head, depth + 1)[0], False
    if dep == "ccomp" and ctx.misparsed_conjunct(verb):
        return subject_tokens(ctx, head, depth + 1)[0], False
    if dep in ("conj", "advcl"):
        if dep == "conj" and parenthetical(head):
            # "X accused Y, hours after Z announced ..., and urged W": the main clause goes on
            head = ctx.heads[head.i]
        if ctx.pos[head.i] in ("VERB", "AUX"):
            return subject_tokens(ctx, head, depth + 1)[0], False
        return [], True
    if dep == "pcomp":
        above = ctx.heads[head.i]
        if ctx.pos[above.i] in ("VERB", "AUX"):
            return subject_tokens(ctx, above, depth + 1)[0], False
    return [], True


# words that open a fronted adverbial phrase ("Following visits to X and Y, the envoy ...")
FRONTING = frozenset({"after", "following", "before", "during", "despite", "since", "upon", "amid", "amidst",
                      "ahead", "in", "at", "on", "with", "unlike", "like", "besides", "beyond", "under"})


def _fronted_subject(ctx: ArticleContext, verb: Token) -> Token | None:
    """The subject the parser swallowed into a fronted phrase, if it did.

    In "After talks in Nairobi, the Kenyan foreign minister, who ..., flew to
    X" the small model often makes the subject an apposition of the last noun
    of the fronted phrase and leaves the verb without a subject (or with one
    from inside the phrase). The noun phrase that opens right after the
    phrase's comma, parsed as an apposition into it, is the verb's subject.
    """
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    sent = ctx.sentence(verb)
    start = sent.start
    end = _dateline_end(ctx, sent[0])
    if end is not None:
        start = end + 1
    if start >= verb.i or sent.doc[start].lower_ not in FRONTING:
        return None
    comma = next((t.i for t in sent.doc[start:verb.i] if t.text == ","), None)
    if comma is None:
        return None
    for token in sent.doc[comma + 1:verb.i]:
        if token.dep_ == "appos" and start <= ctx.heads[token.i].i < comma and ctx.pos[token.i] in ("NOUN", "PROPN") \
                and token.left_edge.i == comma + 1:
            return token
    return None


_DASHES = ("-", "--", "\u2014", "\u2013", "\u2015")


def _dateline_end(ctx: ArticleContext, token: Token) -> int | None:
    """The index of the dash that ends a wire dateline opening the sentence of `token`, if any."""
    sent = ctx.sentence(token)
    first, first_text = ctx.tokens[sent.start], ctx.texts[sent.start]
    if not (first.is_upper and len(first_text) > 1 and any(c.isalpha() for c in first_text)):
        return None  # a dateline opens with the place in capitals
    saw_caps = False
    for t in ctx.tokens[sent.start:min(sent.start + 16, sent.end)]:
        text = ctx.texts[t.i]
        if text in _DASHES or (text.endswith("--") and text[:-2].isupper()):
            return t.i if saw_caps else None
        if t.is_alpha and t.is_upper and len(text) > 1:
            saw_caps = True
        elif not (t.is_punct or t.is_space or t.like_num or t.ent_type_ in ("DATE", "ORG")
                  or t.is_title or (t.is_alpha and t.is_upper)):
            return None
    return None


def find_targets(ctx: ArticleContext, frame: Frame, sources: list[Participant],
                 kind: str) -> tuple[list[Participant], float]:
    """Whom the event is directed at, and how sure that is; ([], 0) when no target is stated."""
    source_actors = {p.actor for p in sources}

    def usable(tokens: list[Token], deep: bool = False) -> list[Participant]:
        found = _participants(ctx, tokens, exclude=source_actors)
        if deep and not found:
            found = [p for t in tokens for p in _first_in_subtree(ctx, t, source_actors)]
        return found

    if frame.fixed_targets is not None:
        found = usable(frame.fixed_targets)
        return found, 0.6

    verb, noun = frame.verb, frame.noun
    target_type = base_type(kind)
    # "X and Y accused each other", "each government accusing the other": every source is a target
    if len(source_actors) > 1 and _reciprocal_object(ctx, frame):
        return list(sources), 0.7
    objects: list[Token] = []
    if verb is not None and frame.lemma not in THEME_OBJECT:
        objects = [c for c in verb.children if c.dep_ in ("dobj", "dative") and c is not noun
                   and ctx.pos[c.i] in ("NOUN", "PROPN", "PRON")]
        # "X was attacked by Y", "a step welcomed by Y"
        if any(c.dep_ == "agent" for c in ctx.children[verb.i]):
            objects += [c for c in verb.children if c.dep_ == "nsubjpass" and c is not noun]
            if verb.dep_ == "acl" and verb.tag_ == "VBN":
                objects.append(ctx.heads[verb.i])

    if verb is not None and frame.lemma in MEDIATION and verb.dep_ == "acl":
        # "talks mediated by Qatar": the mediator meets the parties of the talks
        parties = _parties_of(ctx, ctx.heads[verb.i], source_actors)
        if parties:
            return parties, 0.7
    # 1. an object that names an actor itself: "met Luo", "urged China to ..."
    direct = [p for p in usable(objects) if ctx.mention_at(p.token) is not None
              and p.token in _conjuncts_of_all(ctx, objects)]
    if direct:
        return direct, 0.85
    if frame.direct_only:
        # "received the Iranian foreign minister", but not "received a letter from Iran"
        roles = [o for o in objects if lemma(o) in PERSON_ROLES or o.ent_type_ == "PERSON"]
        return usable(roles), 0.75
    # 2. the prepositions the lexicon names: "met with X", "sanctions on X", "called on X to"
    heads = [t for t in (noun, verb) if t is not None] + [o for o in objects if o.dep_ == "dobj"]
    if noun is not None:  # "tariffs on X and a levy on Y": each conjunct names its own target
        heads += [c for c in noun.conjuncts if ctx.pos[c.i] == "NOUN"]
    if verb is not None and frame.lemma in THEME_OBJECT:
        # "discussed the situation with X": the parser may hang the partner on the theme
        heads += [c for c in ctx.children[verb.i] if c.dep_ == "dobj"]
    found = usable(_prep_objects(ctx, heads, frame.preps))
    if found:
        return found, 0.8
    if noun is not None and frame.verb is not None:
        # "lifted the sanctions it had imposed on X", "halted the strikes launched against X"
        clauses = [c for c in ctx.children[noun.i] if c.dep_ in ("relcl", "acl") and ctx.pos[c.i] in ("VERB", "AUX")]
        found = usable(_prep_objects(ctx, clauses, frame.preps))
        if found:
            return found, 0.7
    # 3. the object's owner: "condemned Russia's attack", "accused Beijing's coast guard"
    found = usable(objects)
    if found:
        return found, 0.75
    if verb is not None:
        # 4. the infinitive's participants: "refused to meet the American team", "agreed to cooperate with X"
        # (not when the verb has an object of its own: in "urged the Commission to reach a deal with
        # China" the target is the Commission, whatever actor it stands for)
        own_object = any(o.dep_ == "dobj" for o in objects)
        blind = own_object or frame.lemma in COMPLEMENT_BLIND
        for xcomp in ([] if blind else _xcomps(ctx, verb)):
            # "expected Maduro to set out ...": the parser may give the addressee to the infinitive as its subject
            found = usable([c for c in ctx.children[xcomp.i] if c.dep_ == "nsubj" and c.i < xcomp.i])
            if found:
                return found, 0.75
            x_objects = [c for c in ctx.children[xcomp.i] if c.dep_ in ("dobj", "dative")]
            found = usable(x_objects)
            if found:
                return found, 0.7
            found = usable(x_objects, deep=True)
            if found:
                return found, 0.55
            x_entry = load_lexicon().verb(xcomp)
            x_preps = (x_entry.target_preps if x_entry else ()) + GENERIC_PREPS
            found = usable(_prep_objects(ctx, [xcomp] + [o for o in x_objects if o.dep_ == "dobj"], x_preps))
            if found:
                return found, 0.7
            found = usable(_clause_subjects(ctx, xcomp))
            if found:
                return found, 0.65
        # 5. the subject of a "that" clause: "proposed that the U.S. take ...", "demanded assurances that X ..."
        if target_type in CLAUSAL_TARGET_TYPES:
            holders = [verb] + [o for o in objects if o.dep_ == "dobj"] + ([noun] if noun is not None else [])
            found = usable([s for h in holders for s in _clause_subjects(ctx, h)])
            if found:
                return found, 0.65
    # 6. an event noun inside a prepositional phrase: "an overture for talks with the North"
    nested = _nested_event_targets(ctx, heads)
    found = usable(nested)
    if found:
        return found, 0.65
    # 6b. the parties of a joint act the object names: "supports dialogue between X and Y", "rejected talks
    # with X" (not "condemned the attack on X": the victim of an attack is not whom its condemnation targets)
    if verb is not None and noun is None:
        lex = load_lexicon()
        parties: list[Token] = []
        for obj in objects:
            entry = lex.noun(obj) if obj.dep_ == "dobj" else None
            if entry is not None and entry.pattern in ("light", "noun") and base_type(entry.type) in SYMMETRIC:
                parties += _prep_objects(ctx, [obj], ("between", "with", "among"))
        found = usable(parties)
        if found:
            return found, 0.6
    # 7. the party a conditional threat is aimed at: "threatened to ... if the U.S. does not ..."
    if verb is not None and target_type in ("THREATEN", "REQUEST"):
        found = usable(_conditional_subjects(ctx, verb))
        if found:
            return found, 0.55
    # 8. an actor deeper in the phrase that names the target: "strikes on a camp inside Pakistan"
    if target_type in DEEP_TARGET_TYPES:
        found = usable(_prep_objects(ctx, heads, frame.preps), deep=True)
        if found:
            return found, 0.5
    # 9. the target of the clause this one continues: "attacked Israel, killing ... and seizing ..."
    # ("attacked Israel, killing ... and seizing ...": up the chain of clauses that share the subject)
    clause = verb
    for _ in range(3):
        if clause is None or clause.dep_ not in ("conj", "advcl") or any(
                c.dep_ in ("nsubj", "nsubjpass") for c in ctx.children[clause.i]):
            break
        head = ctx.heads[clause.i]
        if ctx.pos[head.i] not in ("VERB", "AUX"):
            break
        head_objects = [c for c in ctx.children[head.i] if c.dep_ in ("dobj", "dative")]
        head_entry = load_lexicon().verb(head)
        head_preps = head_entry.target_preps if head_entry is not None else ()
        found = usable(head_objects) or usable(_prep_objects(ctx, [head], head_preps))
        if found:
            return found, 0.45
        clause = head
    # 10. the place of a violent act: "killed 70 people across Gaza"
    if target_type in PLACE_TARGET_TYPES and verb is not None:
        places = _prep_objects(ctx, [verb] + [o for o in objects if o.dep_ == "dobj"],
                               ("in", "across", "inside", "into", "throughout"))
        found = [p for p in usable(places) if p.actor.kind is ActorKind.STATE]
        if found:
            return found, 0.45
    return [], 0.0


def _via_apposition(token: Token) -> bool:
    """Whether an actor is named inside an apposition ("Lourenco, the African Union's mediator, ...")."""
    t = token
    for _ in range(4):
        if t.dep_ == "appos":
            return True
        if t.dep_ not in ("poss", "compound", "amod", "nmod", "pobj", "prep") or t.head.i == t.i:
            return False
        t = t.head
    return False


def _is_reciprocal(token: Token) -> bool:
    """"each other", "one another", "the other" (after a distributive "each")."""
    dets = {c.lower_ for c in token.children if c.dep_ in ("det", "amod")}
    if token.lower_ == "other":
        return bool(dets & {"each", "the"})
    if token.lower_ == "one":
        return "another" in dets
    return token.lower_ == "another" and token.i > 0 and token.nbor(-1).lower_ == "one"


def _reciprocal_object(ctx: ArticleContext, frame: Frame) -> bool:
    heads = [t for t in (frame.verb, frame.noun) if t is not None]
    candidates = [c for h in heads for c in ctx.children[h.i] if c.dep_ in ("dobj", "dative")]
    candidates += _prep_objects(ctx, heads, frame.preps + GENERIC_PREPS)
    return any(_is_reciprocal(t) for t in candidates)


def _participants(ctx: ArticleContext, tokens: list[Token],
                  exclude: frozenset[ActorRef] | set[ActorRef] = frozenset()) -> list[Participant]:
    """The states and organizations the noun phrases headed by `tokens` (and their conjuncts) stand for.

    An actor in `exclude` (the event's source) does not count, and a phrase
    that names one then stands for the next actor it names ("his Argentine
    counterpart" is Argentina's, whoever "his" is).
    """
    found: list[Participant] = []
    seen: set[tuple] = set()
    for token in _conjuncts_of_all(ctx, tokens):
        for group in _actor_groups(ctx, token, exclude=exclude):
            group = [p for p in group if p.actor not in exclude]
            if not group:
                continue
            for participant in group:
                key = (participant.actor, participant.person)
                if key not in seen:
                    seen.add(key)
                    found.append(participant)
            break
    return found


def _actors_of(ctx: ArticleContext, token: Token) -> list[Participant]:
    groups = _actor_groups(ctx, token)
    return groups[0] if groups else []


# owner modifiers by how directly they say whose the phrase is: "his Argentine counterpart" is Argentina's
_OWNER_PRIORITY = {"amod": 0, "compound": 0, "nmod": 0, "npadvmod": 1, "poss": 2}


def _actor_groups(ctx: ArticleContext, token: Token, depth: int = 2,
                  exclude: frozenset | set = frozenset()) -> list[list[Participant]]:
    """The actors a noun phrase may stand for, most direct first, like `ArticleContext.actor`.

    Every conjunct of an owner counts ("Egyptian and Sudanese units",
    "delegations from Britain, France and Germany"). A pair description
    ("the two countries", "both sides") stands for the pair the article has
    presented (see `Discourse`), one that does not include `exclude`.
    """
    mention = ctx.mention_at(token)
    if mention is not None:
        if mention.how == "dateline":
            return []
        actor = ctx.acting_for(mention.actor)
        person = mention.actor.key if mention.actor.kind is ActorKind.PERSON else None
        if actor is not None:
            return [[Participant(actor, person, token)]]
        if person is None:
            return []
        # a person whose state is unknown: the phrase may still say it ("Venezuelan leader Nicolas Maduro")
    if depth == 0:
        return []
    groups: list[list[Participant]] = []
    children = ctx.children[token.i]
    relational = lemma(token) in RELATIONAL  # "Cambodia's closest partner", "U.S. allies": another party
    owners = sorted((c for c in children if c.dep_ in _OWNER_PRIORITY and not relational),
                    key=lambda c: (_OWNER_PRIORITY[c.dep_], abs(c.i - token.i)))
    for child in owners:
        group = [p for c in _conjuncts(ctx, child) for g in _actor_groups(ctx, c, depth - 1, exclude)[:1] for p in g]
        if group:
            groups.append(group)
    for child in children:
        # "the ministry of China", "delegations from Britain", "the decision by Finland"
        # (but "a close ally of Russia" is not Russia: a relational noun's "of" names the other party)
        if child.dep_ == "prep" and ctx.lower[child.i] == "of" and relational:
            continue
        if child.dep_ == "acl" and child.tag_ == "VBN":
            # "the accusations made by Uganda", "the plan drawn up by Cairo": the participle's agent;
            # "the suspicions voiced in Helsinki": a capital where it was said stands for its government
            agents = [g for g in ctx.children[child.i] if g.dep_ == "agent"]
            pobjs = [g for a in agents for g in ctx.children[a.i] if g.dep_ == "pobj"]
            places = [g for c in ctx.children[child.i] if c.dep_ == "prep" and ctx.lower[c.i] == "in"
                      for g in ctx.children[c.i] if g.dep_ == "pobj"]
            pobjs += [g for place in places for g in _conjuncts(ctx, place)
                      if (m := ctx.mention_at(g)) is not None and m.how == "capital"]
        elif child.dep_ == "prep" and ctx.lower[child.i] in ("of", "from", "by"):
            pobjs = [g for g in ctx.children[child.i] if g.dep_ == "pobj"]
        else:
            continue
        group = [p for pobj in pobjs for c in _conjuncts(ctx, pobj)
                 for g in _actor_groups(ctx, c, depth - 1, exclude)[:1] for p in g]
        if group:
            groups.append(group)
    if not groups and mention is None:
        kind = pair_kind(token)
        discourse = _DISCOURSE.get()
        if kind is not None and discourse is not None and discourse.ctx is ctx:
            pair = discourse.pair(token, kind == "states", exclude)
            if pair:
                groups.append(pair)
    return groups


def _direct_actor(ctx: ArticleContext, token: Token) -> list[Participant]:
    groups = _actor_groups(ctx, token, depth=0)
    return groups[0] if groups else []


def pair_kind(token: Token) -> str | None:
    """Whether `token` heads a description of a pair of actors: "states" ("the two countries", "both
    governments"), "any" ("the two sides", "the neighbours", "each side", "both"), or None."""
    lower = token.lower_
    children = list(token.children)
    dets = {c.lower_ for c in children if c.dep_ in ("det", "predet", "preconj", "poss")}
    if token.pos_ in ("DET", "PRON") and lower == "both" and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
        return "any"
    if token.pos_ == "NUM" and lower == "two" and "the" in dets and token.dep_ in ("nsubj", "nsubjpass",
                                                                                   "dobj", "pobj"):
        return "any"
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    base = lemma(token)
    if base not in PAIR_NOUNS:
        base = token.lower_.rstrip("s")
        if base not in PAIR_NOUNS:
            return None
    kind = "states" if base in PAIR_NOUNS_STATES else "any"
    plural = token.tag_ in ("NNS", "NNPS")
    if any(c.dep_ == "nummod" and c.lower_ in ("two", "2") for c in children):
        return kind
    if "both" in dets or any(c.lower_ == "both" for c in children if c.i < token.i):
        return kind
    if "each" in dets and not plural:
        return kind  # "each government accusing the other"
    if plural and "the" in dets and base in DYADIC:
        return kind
    return None


def _first_in_subtree(ctx: ArticleContext, token: Token, exclude: set[ActorRef]) -> list[Participant]:
    for word in token.subtree:
        mention = ctx.mention_at(word)
        if mention is None:
            continue
        actor = ctx.acting_for(mention.actor)
        if actor is not None and actor not in exclude:
            person = mention.actor.key if mention.actor.kind is ActorKind.PERSON else None
            return [Participant(actor, person, word)]
    return []


def _conjuncts(ctx: ArticleContext, token: Token) -> list[Token]:
    """A noun and the nouns coordinated with it ("Britain, France and Germany")."""
    found = [token]
    stack = [token]
    while stack:
        current = stack.pop()
        for child in ctx.children[current.i]:
            if child.dep_ in ("conj", "appos") and child not in found and ctx.pos[child.i] in ("NOUN", "PROPN", "ADJ",
                                                                                       "PRON"):
                found.append(child)
                stack.append(child)
    return found


def _conjuncts_of_all(ctx: ArticleContext, tokens: list[Token]) -> list[Token]:
    found: list[Token] = []
    for token in tokens:
        for t in _conjuncts(ctx, token):
            if t not in found:
                found.append(t)
    return found


# the means of a contact: "spoke by telephone with X" (the parser may hang "with X" on the means)
MEANS = frozenset({"phone", "telephone", "video", "videoconference", "videolink", "link", "hotline", "letter"})


def _prep_objects(ctx: ArticleContext, heads: list[Token], preps: tuple[str, ...]) -> list[Token]:
    found: list[Token] = []
    children = [ctx.children[h.i] for h in heads]
    means = [g for kids in children for c in kids if c.dep_ in ("prep", "agent") and ctx.lower[c.i] in
             ("by", "via", "over") for g in ctx.children[c.i] if g.dep_ == "pobj" and lemma(g) in MEANS]
    for kids in children + [ctx.children[m.i] for m in means]:
        for child in kids:
            if child.dep_ in ("prep", "dative", "agent", "prt") and ctx.lower[child.i] in preps:
                for g in ctx.children[child.i]:
                    if g.dep_ == "pobj":
                        found.append(g)
                    elif g.dep_ == "pcomp":
                        found.append(g)
                        if g.tag_ == "VBG" and lemma(g) == "visit":
                            # "talks with visiting Foreign Minister X": a participle the parser took for a verb
                            found += [o for o in ctx.children[g.i] if o.dep_ == "dobj"]
    return found


def _xcomps(ctx: ArticleContext, verb: Token, depth: int = 2) -> list[Token]:
    found: list[Token] = []
    frontier = [verb]
    for _ in range(depth):
        nxt = [c for t in frontier for c in ctx.children[t.i] if c.dep_ == "xcomp"]
        # "demand Beijing exert its influence": the small model makes such complements ccomp
        nxt += [c for t in frontier for c in ctx.children[t.i] if c.dep_ == "ccomp" and ctx.pos[c.i] == "VERB"
                and any(g.dep_ == "aux" and ctx.lower[g.i] == "to" for g in ctx.children[c.i])]
        found += nxt
        frontier = nxt
    return found


def _clause_subjects(ctx: ArticleContext, head: Token) -> list[Token]:
    """Subjects of the clauses a word governs: "demanded that X ...", "assurances that X would ..."."""
    found: list[Token] = []
    for child in ctx.children[head.i]:
        if child.dep_ in ("ccomp", "acl") and ctx.pos[child.i] in ("VERB", "AUX"):
            found += [g for g in ctx.children[child.i] if g.dep_ in ("nsubj", "nsubjpass")
                      and ctx.lower[g.i] not in RELATIVE_PRONOUNS]
    return found


def _conditional_subjects(ctx: ArticleContext, verb: Token) -> list[Token]:
    found: list[Token] = []
    for clause in [verb] + _xcomps(ctx, verb):
        for child in ctx.children[clause.i]:
            if child.dep_ == "advcl" and any(g.dep_ == "mark" and ctx.lower[g.i] in ("if", "unless")
                                             for g in ctx.children[child.i]):
                found += [g for g in ctx.children[child.i] if g.dep_ in ("nsubj", "nsubjpass")]
    return found


def _nested_event_targets(ctx: ArticleContext, heads: list[Token]) -> list[Token]:
    lex = load_lexicon()
    found: list[Token] = []
    for head in heads:
        for child in ctx.children[head.i]:
            if child.dep_ != "prep":
                continue
            for pobj in ctx.children[child.i]:
                if pobj.dep_ != "pobj":
                    continue
                entry = lex.noun(pobj)
                if entry is not None and entry.pattern in ("light", "noun"):
                    found += _prep_objects(ctx, [pobj], entry.target_preps)
    return found


def _parties_of(ctx: ArticleContext, noun: Token, exclude: set[ActorRef]) -> list[Participant]:
    """The parties of the talks a noun names: its own ("talks between X and Y"), or, when the talks
    set a clause, its subjects with the talks' partners ("X and Y agreed ... during talks", "X agreed
    ... in talks with Y")."""
    found = _participants(ctx, _prep_objects(ctx, [noun], ("between", "among")), exclude=exclude)
    if found:
        return found
    partners = _participants(ctx, _prep_objects(ctx, [noun], ("with",)), exclude=exclude)
    setting = _setting_clause(noun)
    if setting is not None and (partners or _two_subjects(setting)):
        subjects = _participants(ctx, subject_tokens(ctx, setting)[0], exclude=exclude)
        partners = subjects + [p for p in partners if p.actor not in {s.actor for s in subjects}]
    return partners


def _between(ctx: ArticleContext, frame: Frame) -> list[Participant]:
    heads = [t for t in (frame.noun, frame.verb) if t is not None]
    return _participants(ctx, _prep_objects(ctx, heads, ("between", "among")))


def _pairs(participants: list[Participant]) -> list[tuple[Participant, Participant]]:
    distinct = list({p.actor: p for p in participants}.values())
    return list(combinations(distinct, 2))


def _is_joint(frame: Frame) -> bool:
    words = [frame.noun] if frame.noun is not None else []
    if frame.verb is not None:
        words.append(frame.verb)
    return any(c.lower_ in ("joint", "jointly", "together") for w in words for c in w.children)


def _hypothetical_noun(noun: Token) -> bool:
    for child in noun.children:
        if child.dep_ == "amod" and lemma(child) in HYPOTHETICAL_ADJ:
            return True
        if child.dep_ == "det" and child.lower_ == "no":
            return True
    return False


def _place(ctx: ArticleContext, frame: Frame) -> ActorRef | None:
    heads = [t for t in (frame.verb, frame.noun) if t is not None]
    for pobj in _prep_objects(ctx, heads, PLACE_PREPS):
        mention = ctx.mention_at(pobj)
        if mention is not None and mention.actor.kind is ActorKind.STATE:
            return mention.actor
    return None
