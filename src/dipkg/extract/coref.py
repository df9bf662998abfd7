"""Coreference: pronouns and descriptions pointed back at the person, state or organization meant.

A rule-based resolver in the spirit of Hobbs and of salience ranking: personal
pronouns ("he", "his") and person descriptions ("the diplomat") go to the most
recent person, neuter pronouns ("it", "its") and state descriptions ("the
communist state", "the kingdom") to the most recent state or organization,
preferring a subject; organization descriptions ("the bloc", "the alliance")
to the most recent organization that the reference data describes so; group
descriptions ("the group", "the militia") to a group named just before, unless
an organization was named after it; the last word of an organization's name
("the council" after "the Security Council") to that organization.
"""
from __future__ import annotations

from functools import cache
from importlib.resources import files

from spacy.tokens import Token

from dipkg.extract.context import ArticleContext
from dipkg.model import ActorKind, ActorRef, Mention
from dipkg.reference import load_gazetteer

PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
NEUTER_PRONOUNS = {"it", "its", "itself"}
_LOOKBACK_SENTENCES = 2
_SALIENCE_DECAY = 0.6


def state_descriptions() -> frozenset[str]:
    """Head nouns that refer back to a state: "the kingdom", "the junta"."""
    return _descriptions("state_descriptions.txt")


@cache
def _descriptions(name: str) -> frozenset[str]:
    """Head nouns that can refer back to a state ("the kingdom") or a person ("the diplomat")."""
    lines = (files("dipkg") / "data" / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


@cache
def organization_descriptions() -> dict[str, tuple[str, ...]]:
    """Head nouns that refer back to an organization, with the codes they can describe."""
    found: dict[str, list[str]] = {}
    for code, record in load_gazetteer().organizations.items():
        for noun in record.descriptions:
            found.setdefault(noun.lower().split()[-1], []).append(code)
    return {noun: tuple(dict.fromkeys(codes)) for noun, codes in found.items()}


def resolve_coreference(ctx: ArticleContext) -> None:
    """Add mentions for pronouns and definite descriptions that point back to a known actor."""
    states = state_descriptions()
    persons = _descriptions("person_descriptions.txt")
    orgs = organization_descriptions()
    groups = _descriptions("group_descriptions.txt")
    heads = _named_heads(ctx)
    for token, lower, pos in zip(ctx.tokens, ctx.lower, ctx.pos):
        # only these words can refer back; the word test is cheap, the parse tests are not
        if not (lower in PERSON_PRONOUNS or lower in NEUTER_PRONOUNS or lower in orgs or lower in states
                or lower in persons or lower in groups or lower in heads):
            continue
        if ctx.mention_at(token) is not None:
            continue
        if pos == "PRON" and lower in PERSON_PRONOUNS:
            ref = _antecedent(ctx, token, {ActorKind.PERSON})
            how = "pronoun"
        elif pos == "PRON" and lower in NEUTER_PRONOUNS:
            ref = _antecedent(ctx, token, {ActorKind.STATE, ActorKind.ORGANIZATION}, prefer_subject=True)
            how = "pronoun"
        elif lower in groups and _is_definite(token):
            ref = _group(ctx, token, set(orgs.get(lower, ())))
            how = "description"
        elif (lower in orgs or lower in heads) and _is_definite(token):
            codes = set(orgs.get(lower, ())) | heads.get(lower, set())
            # a noun only one organization goes by ("the alliance") reaches back to its name anywhere
            lookback = len(ctx.sentences) if len(codes) == 1 and lower in orgs else _LOOKBACK_SENTENCES
            ref = _antecedent(ctx, token, {ActorKind.ORGANIZATION}, codes=codes, lookback=lookback)
            how = "description"
        elif lower in states and _is_definite(token):
            ref = topic(ctx, token, {ActorKind.STATE})
            how = "description"
        elif lower in persons and _is_definite(token):
            ref = _antecedent(ctx, token, {ActorKind.PERSON})
            how = "description"
        else:
            continue
        if ref is not None:
            ctx.add_mention(Mention(ref, token.idx, ctx.ends[token.i], ctx.sentence_index(token),
                                    ctx.texts[token.i], how, 0.6))


def _named_heads(ctx: ArticleContext) -> dict[str, set[str]]:
    """The last words of the organization names in the article, with the organizations so named:
    "the council" after "the UN Security Council", "the commission" after "the European Commission"."""
    heads: dict[str, set[str]] = {}
    for mention in ctx.extraction.mentions:
        words = mention.text.split()
        if mention.actor.kind is ActorKind.ORGANIZATION and len(words) > 1 and words[-1].isalpha():
            heads.setdefault(words[-1].lower(), set()).add(mention.actor.key)
    return heads


def _is_definite(token: Token) -> bool:
    """'the kingdom', 'the communist state', 'the Commission', but not 'a state' or 'states'."""
    return token.tag_ in ("NN", "NNP") and any(child.lower_ == "the" and child.dep_ == "det" for child in token.children)


def _antecedent(ctx: ArticleContext, token: Token, kinds: set[ActorKind], prefer_subject: bool = False,
                codes: set[str] | None = None, lookback: int = _LOOKBACK_SENTENCES) -> ActorRef | None:
    """The most salient earlier mention of one of `kinds`: recent first, subjects first when asked."""
    sentence = ctx.sentence_index(token)
    candidates = [m for m in ctx.extraction.mentions
                  if m.end <= token.idx and m.actor.kind in kinds and sentence - m.sentence <= lookback
                  and (codes is None or m.actor.key in codes)]
    if not candidates:
        return None
    candidates.sort(key=lambda m: m.start)
    if prefer_subject:
        subject = next((m for m in reversed(candidates) if _owns_subject(ctx, m)), None)
        if subject is not None:
            return subject.actor
    return candidates[-1].actor


def _group(ctx: ArticleContext, token: Token, codes: set[str]) -> ActorRef | None:
    """The state a group named in the last sentences acts for ("the Houthis ... the group"), or an
    organization named since that goes by the same noun (`codes`: "the G7 ... the group"): the
    latest of either; none when another organization was named last."""
    sentence = ctx.sentence_index(token)
    latest = None
    for mention in ctx.extraction.mentions:
        if mention.end <= token.idx and sentence - mention.sentence <= _LOOKBACK_SENTENCES and (
                mention.how == "group" or mention.actor.kind is ActorKind.ORGANIZATION):
            if latest is None or mention.start > latest.start:
                latest = mention
    if latest is None or (latest.how != "group" and latest.actor.key not in codes):
        return None
    return latest.actor


def _owns_subject(ctx: ArticleContext, mention: Mention) -> bool:
    """Whether the mention is a subject or names whose the subject is: "it" after "Taiwan's
    defense ministry said" is the ministry, which acts for Taiwan."""
    root = ctx.mention_root(mention)
    return root is not None and (root.dep_ in ("nsubj", "nsubjpass") or (
        root.dep_ in ("poss", "compound") and root.head.dep_ in ("nsubj", "nsubjpass")))


def topic(ctx: ArticleContext, token: Token, kinds: set[ActorKind]) -> ActorRef | None:
    """The most salient actor so far, for descriptions ("the junta", "the country") that refer to
    what the story is about rather than to the last name: mentions weigh more as subjects and
    fade with each sentence back (a centering-style salience score). The subject of the
    description's own sentence is left out: a name there would be taken up by a pronoun, not a
    description ("Denmark withdrew after the junta demanded it")."""
    sentence = ctx.sentence_index(token)
    scores: dict[ActorRef, float] = {}
    for m in ctx.extraction.mentions:
        if m.end <= token.idx and m.actor.kind in kinds:
            subject = ctx.is_subject(m)
            if subject and m.sentence == sentence:
                continue
            weight = (2.0 if subject else 1.0) * _SALIENCE_DECAY ** (sentence - m.sentence)
            scores[m.actor] = scores.get(m.actor, 0.0) + weight
    return max(scores, key=scores.__getitem__) if scores else None

