"""Whether the article asserts that an event happened.

News text mixes reported facts with plans, speculation, demands and denials.
Only the facts are events: "Russia attacked Ukraine" and "the two sides last
met in October" are; "China could attack", "Iran is expected to meet",
"if the U.S. does not make concessions", "X did not meet Y", "X urged Y to
withdraw" (the withdrawal) and "speculation that X could fly to Beijing" are
not. Attribution keeps a fact a fact ("officials said Russia attacked").

`assess` looks at the trigger itself (negation, modal auxiliaries, conditional
or purpose clauses, hedging adverbs, hypothetical modifiers of event nouns)
and then walks up the dependency tree through the words that govern it: a
clause that depends on "say" or "report" stays factual, one that depends on
"appear" or "continue" inherits the governor's status, and one that depends
on any other verb ("plan", "agree", "refuse", "urge", "hope", "expect", "deny")
is a plan, wish, request or denial, not an act.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

# auxiliaries that make a clause speculative, hypothetical or future
MODALS = frozenset({"could", "might", "may", "would", "should", "must", "can", "will", "shall",
                    "'ll", "wo", "ca", "'d", "ought", "cannot"})
# modals under which a negation still states a refusal ("would not accept")
REFUSAL_MODALS = frozenset({"will", "would", "'ll", "wo", "can", "ca", "cannot", "'d"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "lest", "once"})
# adverbs that make a statement speculative ("reportedly" and "apparently" only attribute it)
HEDGES = frozenset({"perhaps", "possibly", "maybe", "probably", "likely", "potentially", "hypothetically"})
# adjectives that make an event noun a non-event ("possible talks", "a planned visit")
HYPOTHETICAL_ADJ = frozenset({
    "possible", "potential", "proposed", "planned", "upcoming", "future", "prospective", "expected",
    "likely", "hypothetical", "further", "next", "scheduled", "anticipated", "intended", "eventual",
    "imminent", "forthcoming", "mooted", "rumoured", "rumored", "would-be", "fresh",
})
# verbs whose complement clause keeps its factual status ("appeared to demand", "continued to attack")
TRANSPARENT = frozenset({
    "appear", "seem", "continue", "begin", "start", "manage", "proceed", "keep", "resume", "happen",
    "tend", "able", "use", "dare", "get",
})
# verbs that report what happened: their complement is asserted (as the source's account)
REPORTING = frozenset({
    "say", "tell", "add", "report", "announce", "confirm", "state", "note", "claim", "allege", "stress",
    "acknowledge", "admit", "reveal", "disclose", "explain", "recall", "write", "tweet", "declare",
    "know", "learn", "find", "show", "see", "realize", "realise", "hear", "indicate", "mention",
    "recount", "describe", "observe", "remark", "post", "assert", "complain", "charge",
    "accuse", "emphasize", "emphasise", "point", "notice", "record", "verify", "testify",
})
# nouns whose complement clause is asserted ("the news that", "reports that" is not: reports may be false)
FACTIVE_NOUNS = frozenset({"fact", "news", "announcement", "confirmation", "statement", "evidence", "footage",
                           "images", "revelation", "disclosure", "admission"})
# nouns whose complement or of-phrase is not a fact ("the prospect of talks", "calls for sanctions")
NONFACTUAL_NOUNS = frozenset({
    "prospect", "possibility", "hope", "plan", "call", "demand", "proposal", "threat", "fear", "risk",
    "chance", "idea", "request", "offer", "bid", "effort", "attempt", "push", "pressure", "speculation",
    "talk", "need", "preparation", "readiness", "willingness", "intention", "intent", "goal", "aim",
    "prospects", "rumor", "rumour", "report", "claim", "allegation", "expectation", "warning", "pledge",
    "promise", "commitment", "assurance", "guarantee", "condition", "option", "suggestion", "question",
    "likelihood", "danger", "worry", "concern", "spectre", "specter", "scenario", "way", "ability",
    "right", "decision", "move", "determination", "plea", "appeal", "invitation", "ultimatum", "deadline",
})
# verbs whose object names something that has not happened ("sought talks", "rejected a deal")
NONFACTIVE_OBJECT_VERBS = frozenset({
    "seek", "want", "demand", "propose", "call", "urge", "plan", "request", "reject", "refuse", "oppose",
    "cancel", "postpone", "prepare", "consider", "threaten", "offer", "promise", "expect", "hope", "need",
    "push", "press", "suggest", "ask", "avoid", "deny", "await", "prevent", "block", "delay", "rule",
    "favor", "favour", "support", "back", "envisage", "envision", "discuss", "explore", "contemplate",
    "weigh", "mull", "eye", "pursue", "resist", "veto", "spurn", "rebuff", "decline",
    "risk", "fear", "predict", "forecast", "urge", "advocate", "encourage", "invite", "schedule", "set",
    "arrange", "organize", "organise", "plan", "intend", "aim", "try", "attempt", "study",
})
# prepositions that introduce a completed circumstance ("after meeting X")
FACTUAL_PREPS = frozenset({"after", "following", "before", "since", "upon", "on", "while", "despite",
                           "by", "amid", "amidst", "during", "when", "in", "at", "with", "from", "over",
                           "through", "under", "following", "as"})
# prepositions that introduce a goal or an absence ("for possible talks", "without a deal")
NONFACTUAL_PREPS = frozenset({"for", "toward", "towards", "without", "instead", "pending"})
_PREDICATE_VERB_POS = ("VERB", "AUX")


@dataclass
class Assessment:
    """The factual status of one event trigger."""

    negated: bool = False  # the trigger itself is negated ("did not meet")
    modals: set[str] = field(default_factory=set)  # modal auxiliaries of the trigger itself
    reasons: list[str] = field(default_factory=list)  # every other reason it is not a fact

    @property
    def factual(self) -> bool:
        return not self.negated and not self.modals and not self.reasons

    @property
    def refusal(self) -> bool:
        """A negated statement of the act: "did not accept", "would not agree" (a rejection)."""
        return self.negated and not self.reasons and self.modals <= REFUSAL_MODALS

    @property
    def score(self) -> float:
        """A graded factuality: 1.0 asserted, lower the more reasons speak against it."""
        if self.factual:
            return 1.0
        return max(0.0, 0.4 - 0.15 * (len(self.reasons) + len(self.modals) + int(self.negated)))


def is_factual(trigger: Token) -> bool:
    """Whether the article asserts that the event `trigger` expresses happened."""
    return assess(trigger).factual


def assess(trigger: Token, governor: Token | None = None, sentence: Span | None = None) -> Assessment:
    """The factual status of the event expressed by `trigger` (a verb or an event noun).

    `governor` is the verb the trigger depends on when the parse attached it
    elsewhere (a speech act hung inside the clause it reports): the trigger's
    own clause counts, then the governor's instead of the parsed chain.
    `sentence` is the trigger's sentence, for a caller that has it indexed
    (`Token.sent` builds it anew on every call).
    """
    result = Assessment()
    if _in_question(sentence if sentence is not None else trigger.sent):
        result.reasons.append("question")
    _local(trigger, result, own=True)
    if governor is not None and governor.i != trigger.i:
        _local(governor, result, own=False)
        _walk_up(governor, result)
    else:
        _walk_up(trigger, result)
    return result


# ---------------------------------------------------------------- the trigger's own clause
def _local(token: Token, result: Assessment, own: bool, negation: bool = True) -> None:
    """Negation, modality, conditions and hedges attached to `token` itself."""
    children = list(token.children)  # read up to three times; `Token.children` builds them anew
    for child in children:
        dep, lower = child.dep_, child.lower_
        if dep == "neg" or (dep in ("advmod", "det") and lower in ("never", "no")):
            if negation:
                if own:
                    result.negated = True
                else:
                    result.reasons.append(f"negated governor '{token.text}'")
        elif dep in ("aux", "auxpass") and (child.tag_ == "MD" or lower in MODALS):
            if own:
                result.modals.add(lower)
            else:
                result.reasons.append(f"modal '{lower}' on '{token.text}'")
        elif dep == "aux" and lower == "to" and token.dep_ in ("advcl", "acl", "relcl", "csubj", "ccomp",
                                                               "pcomp", "ROOT", "conj", "appos"):
            # an infinitive that is no complement of a transparent verb: purpose or plan
            if token.dep_ != "conj":
                result.reasons.append("infinitive")
        elif dep == "mark" and lower in CONDITIONAL_MARKS:
            result.reasons.append(f"conditional '{lower}'")
        elif dep == "advmod" and lower in HEDGES:
            result.reasons.append(f"hedge '{lower}'")
        elif dep == "amod" and child.lemma_.lower() in HYPOTHETICAL_ADJ and token.pos_ in ("NOUN", "PROPN"):
            result.reasons.append(f"hypothetical '{lower}'")
        elif dep == "advmod" and lower == "yet" and token.dep_ == "xcomp":
            result.reasons.append("yet to")
    if token.pos_ in ("NOUN", "PROPN"):
        for child in children:
            if child.dep_ == "det" and child.lower_ in ("no", "any"):
                result.reasons.append(f"determiner '{child.lower_}'")
    elif own and negation:
        # "no talks were held", "no country has recognized it", "signed nothing"
        for child in children:
            if child.dep_ in ("nsubj", "nsubjpass", "dobj") and (
                    child.lower_ in ("nothing", "nobody", "none", "noone")
                    or any(g.dep_ == "det" and g.lower_ == "no" for g in child.children)):
                result.negated = True


def _in_question(sent: Span) -> bool:
    """Whether the sentence ends in a question mark, closing quotes and brackets aside."""
    for token in reversed(sent):
        if token.is_space:
            continue
        if token.is_punct and token.text in ('"', "'", "\u201d", "\u2019", ")"):
            continue
        return token.text == "?"
    return False


def _has_own_subject(token: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in token.children)


def _has_own_aux(token: Token) -> bool:
    return any(c.dep_ in ("aux", "auxpass") for c in token.children)


# ---------------------------------------------------------------- the governors
def _walk_up(token: Token, result: Assessment) -> None:
    t = token
    for _ in range(12):  # trees are shallow; guards against cycles in malformed parses
        head, dep = t.head, t.dep_
        if head.i == t.i or dep == "ROOT":
            return
        is_pred = t.pos_ in _PREDICATE_VERB_POS or (t.pos_ == "ADJ" and dep in ("xcomp", "acomp"))
        if is_pred:
            if dep == "xcomp":
                if _lemma(head) in TRANSPARENT:
                    _local(head, result, own=False)
                    t = head
                    continue
                result.reasons.append(f"complement of '{head.lemma_}'")
                return
            if dep == "ccomp":
                if head.pos_ in _PREDICATE_VERB_POS:
                    if _lemma(head) in REPORTING:
                        _local(head, result, own=False)
                        t = head
                        continue
                    if t.i < head.i and _has_own_subject(t):
                        # a complement comes after its verb; one before a verb that reports nothing
                        # is a misparsed clause of its own ("X refused ..., so Y carries ...")
                        return
                    result.reasons.append(f"clause under '{head.lemma_}'")
                    return
                if _lemma(head) in FACTIVE_NOUNS:
                    t = head
                    continue
                result.reasons.append(f"clause under '{head.text}'")
                return
            if dep == "acl":
                if head.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "mark" and c.lower_ == "that"
                                                          for c in t.children):
                    if _lemma(head) not in FACTIVE_NOUNS:
                        result.reasons.append(f"clause under '{head.text}'")
                        return
                t = head
                continue
            if dep == "advcl":
                if not _has_own_subject(t):
                    _local(head, result, own=False, negation=False)
                t = head
                continue
            if dep == "conj":
                if not _has_own_subject(t) and not _has_own_aux(t):
                    # shares the head's auxiliaries ("could attack and seize") but not its negation
                    _local(head, result, own=False, negation=False)
                t = head
                continue
            if dep == "pcomp":
                prep = head
                if prep.lower_ in NONFACTUAL_PREPS or prep.lower_ not in FACTUAL_PREPS:
                    result.reasons.append(f"'{prep.text} ...'")
                    return
                t = prep.head
                _local(t, result, own=False, negation=False)
                continue
            if dep == "acomp":
                t = head
                _local(t, result, own=False)
                continue
            # relative clauses, parataxis, clausal subjects: an assertion of their own
            return
        # event nouns and other words
        if dep == "xcomp" or (dep in ("ccomp", "advcl", "acl") and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in t.children)):
            # an infinitive the tagger took for a noun ("offered to host[NOUN] talks"): still a complement
            if _lemma(head) in TRANSPARENT:
                _local(head, result, own=False)
                t = head
                continue
            result.reasons.append(f"complement of '{head.lemma_}'")
            return
        if dep == "dobj":
            if _lemma(head) in NONFACTIVE_OBJECT_VERBS:
                result.reasons.append(f"object of '{head.lemma_}'")
                return
            _local(head, result, own=False)
            t = head
            continue
        if dep in ("nsubj", "nsubjpass"):
            _local(head, result, own=False)
            t = head
            continue
        if dep == "pobj":
            prep = head
            if prep.lower_ in NONFACTUAL_PREPS:
                result.reasons.append(f"'{prep.text} ...'")
                return
            above = prep.head
            if prep.lower_ in ("of", "for", "on", "about") and _lemma(above) in NONFACTUAL_NOUNS:
                result.reasons.append(f"'{above.text} {prep.text} ...'")
                return
            if prep.lower_ == "of" and above.lower_ == "ahead":
                result.reasons.append("'ahead of'")
                return
            if above.pos_ in _PREDICATE_VERB_POS:
                _local(above, result, own=False)
            t = above
            continue
        if dep in ("prep", "agent"):
            t = head
            continue
        if dep in ("conj", "appos", "compound", "attr", "npadvmod", "oprd", "poss", "nmod", "dative"):
            if head.pos_ in _PREDICATE_VERB_POS and dep in ("attr", "oprd", "dative"):
                _local(head, result, own=False)
            t = head
            continue
        return


def _lemma(token: Token) -> str:
    return token.lemma_.lower()
