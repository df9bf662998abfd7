"""Positions from hand-built article contexts (the actors are given; the parse is spaCy's),
and a few through the whole pipeline."""
from __future__ import annotations

import re

import pytest

from dipkg.extract.context import ArticleContext
from dipkg.extract.positions import (
    extract_positions,
    find_issue_terms,
    find_positions,
    issue_terms,
    lexicon_sizes,
    merge_positions,
    stance_words,
)
from dipkg.model import ActorKind, ActorRef, Article, Evidence, Extraction, Mention, Person, Position, Sentence, Stance
from dipkg.nlp import load_nlp

ISSUES = {"sanctions", "dialogue", "denuclearization", "ceasefire", "military_action", "arms_supply",
          "trade_restrictions", "economic_cooperation", "humanitarian_aid", "climate_action", "alliance",
          "recognition", "accountability"}

# surface form -> state or organization code, for the sentences below
STATES = {
    "China": "CHN", "Beijing": "CHN", "Chinese": "CHN", "Russia": "RUS", "Moscow": "RUS", "Russian": "RUS",
    "Washington": "USA", "the United States": "USA", "The United States": "USA", "U.S.": "USA", "Iran": "IRN", "Tehran": "IRN",
    "France": "FRA", "Paris": "FRA", "Germany": "DEU", "Berlin": "DEU", "German": "DEU", "India": "IND",
    "Pakistan": "PAK", "Ukraine": "UKR", "Kyiv": "UKR", "Israel": "ISR", "Turkey": "TUR", "Japan": "JPN",
    "Tokyo": "JPN", "Taiwan": "TWN", "Egypt": "EGY", "Qatar": "QAT", "Saudi Arabia": "SAU", "Spain": "ESP",
    "Hungary": "HUN", "Venezuela": "VEN", "Sweden": "SWE", "Finland": "FIN", "Norway": "NOR",
    "North Korea": "PRK", "Pyongyang": "PRK", "Seoul": "KOR", "Brazil": "BRA", "Brazilian": "BRA",
    "Canada": "CAN", "Mexico": "MEX", "Kenya": "KEN", "Sudan": "SDN", "Ethiopia": "ETH", "Serbia": "SRB",
    "Belgrade": "SRB", "Kosovo": "XKX", "Australia": "AUS", "Greece": "GRC", "Armenia": "ARM",
    "Azerbaijan": "AZE", "Poland": "POL", "Lithuania": "LTU", "Lithuanian": "LTU", "South Africa": "ZAF",
    "Jordan": "JOR", "Philippines": "PHL", "Vietnam": "VNM", "Nigeria": "NGA", "Chile": "CHL",
}
ORGANIZATIONS = {"the European Union": "EU", "The European Union": "EU", "EU": "EU", "NATO": "NATO",
                 "the United Nations": "UN", "The United Nations": "UN", "U.N.": "UN", "The African Union": "AU", "the African Union": "AU",
                 "OPEC": "OPEC"}
# name -> (person key, state served)
PERSONS = {"Wang Yi": ("wang-yi", "CHN"), "Wang": ("wang-yi", "CHN"), "Antony Blinken": ("antony-blinken", "USA"),
           "Blinken": ("antony-blinken", "USA"), "Sergei Lavrov": ("sergei-lavrov", "RUS"),
           "Lavrov": ("sergei-lavrov", "RUS"), "Ana Lopez": ("ana-lopez", None)}


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def build(nlp, text: str) -> ArticleContext:
    doc = nlp(text)
    sentences = [Sentence(i, s.start_char, s.end_char, s.text) for i, s in enumerate(doc.sents)]
    ctx = ArticleContext(doc=doc, extraction=Extraction(article=Article(id="t", text=text), sentences=sentences))
    forms: list[tuple[str, ActorRef]] = [(k, ActorRef(ActorKind.STATE, v)) for k, v in STATES.items()]
    forms += [(k, ActorRef(ActorKind.ORGANIZATION, v)) for k, v in ORGANIZATIONS.items()]
    for name, (key, state) in PERSONS.items():
        if key not in ctx.extraction.persons:
            ctx.extraction.persons[key] = Person(
                key=key, name=name, affiliation=ActorRef(ActorKind.STATE, state) if state else None)
        forms.append((name, ActorRef(ActorKind.PERSON, key)))
    forms.sort(key=lambda f: -len(f[0]))  # the longest form first: "Wang Yi" before "Wang"
    for form, ref in forms:
        for m in re.finditer(r"(?<![\w.])" + re.escape(form) + r"(?![\w])", text):
            ctx.add_mention(Mention(ref, m.start(), m.end(), ctx.sentence_index(doc.char_span(
                m.start(), m.end(), alignment_mode="expand")[0]), form, "name"))
    return ctx


def mention(ctx: ArticleContext, text: str, ref: ActorRef, occurrence: int = 0) -> None:
    """Add a mention by hand, as coreference would (a pronoun or a description)."""
    starts = [m.start() for m in re.finditer(r"\b" + re.escape(text) + r"\b", ctx.doc.text)]
    start = starts[occurrence]
    token = ctx.doc.char_span(start, start + len(text), alignment_mode="expand")[0]
    ctx.add_mention(Mention(ref, start, start + len(text), ctx.sentence_index(token), text, "pronoun", 0.6))


def triples(nlp, text: str) -> set[tuple[str, str, str]]:
    ctx = build(nlp, text)
    extract_positions(ctx)
    return {(p.holder.key, p.issue, p.stance.value) for p in ctx.extraction.positions}


# ---------------------------------------------------------------- lexicons
def test_lexicons_load_with_valid_codes() -> None:
    terms = {t for group in issue_terms().values() for t in group}
    assert {t.issue for t in terms if t.issue} == ISSUES  # every issue has terms, and no other code
    assert all(t.direction in (1, -1) for t in terms if t.issue)
    roles = {w.role for group in stance_words().values() for w in group}
    assert roles == {"cue", "eval", "op", "modal"}
    sizes = lexicon_sizes()
    assert sizes["issue_terms"] > 300 and sizes["cue"] > 120 and sizes["op"] > 80


def test_issue_terms_longest_match_and_blockers(nlp) -> None:
    doc = nlp("Sanctions relief, a cease-fire, nuclear weapons, chemical weapons and the trade chief.")
    found = {(m.issue, m.term.direction, " ".join(m.term.words)) for m in find_issue_terms(doc)}
    assert any(issue == "sanctions" and d == -1 and words.endswith("relief") for issue, d, words in found)
    assert ("ceasefire", 1, "cease fire") in found
    assert ("denuclearization", -1, "nuclear weapon") in found
    assert not any(words in ("weapon", "chemical weapon") for _, _, words in found)
    assert not any(issue == "economic_cooperation" for issue, _, _ in found)  # "trade chief" is a title


def test_context_constrained_terms(nlp) -> None:
    # "investigation" is accountability only when it is into an abuse or an attack
    assert triples(nlp, "France called for an investigation into the killing of protesters.") == {
        ("FRA", "accountability", "support")}
    assert triples(nlp, "France backed the anti-subsidy investigation.") == set()


# ---------------------------------------------------------------- each issue, both stances
@pytest.mark.parametrize("text, expected", [
    ("China opposes sanctions on North Korea.", ("CHN", "sanctions", "oppose")),
    ("Poland pushed for tougher sanctions against Russia.", ("POL", "sanctions", "support")),
    ("Iran does not want talks with the United States.", ("IRN", "dialogue", "oppose")),
    ("Seoul urged Pyongyang to return to the negotiating table.", ("KOR", "dialogue", "support")),
    ("Washington demanded the complete denuclearization of North Korea.", ("USA", "denuclearization", "support")),
    ("Iran rejected any limits on uranium enrichment.", ("IRN", "denuclearization", "oppose")),
    ("Egypt called for an immediate ceasefire in Gaza.", ("EGY", "ceasefire", "support")),
    ("Kyiv rejected calls for a truce.", ("UKR", "ceasefire", "oppose")),
    ("The United States backed strikes against militant camps.", ("USA", "military_action", "support")),
    ("China urged restraint from all sides.", ("CHN", "military_action", "oppose")),
    ("Germany warned against any military intervention in Niger.", ("DEU", "military_action", "oppose")),
    ("Poland supports weapons deliveries to Ukraine.", ("POL", "arms_supply", "support")),
    ("Hungary opposes sending weapons to Ukraine.", ("HUN", "arms_supply", "oppose")),
    ("France backed the tariffs on Chinese electric vehicles.", ("FRA", "trade_restrictions", "support")),
    ("Beijing criticized the export controls.", ("CHN", "trade_restrictions", "oppose")),
    ("Vietnam welcomed foreign investment.", ("VNM", "economic_cooperation", "support")),
    ("Canada opposes a free trade agreement with China.", ("CAN", "economic_cooperation", "oppose")),
    ("The United Nations called for unhindered humanitarian access.", ("UN", "humanitarian_aid", "support")),
    ("Israel rejected calls for a humanitarian corridor.", ("ISR", "humanitarian_aid", "oppose")),
    ("Spain wants a phase-out of fossil fuels.", ("ESP", "climate_action", "support")),
    ("Saudi Arabia opposed climate finance targets.", ("SAU", "climate_action", "oppose")),
    ("Finland applied to join NATO.", ("FIN", "alliance", "support")),
    ("Russia opposes NATO membership for Ukraine.", ("RUS", "alliance", "oppose")),
    ("Brazil supports the recognition of a Palestinian state.", ("BRA", "recognition", "support")),
    ("Serbia rejected the recognition of Kosovo.", ("SRB", "recognition", "oppose")),
    ("Canada demanded accountability for the attack.", ("CAN", "accountability", "support")),
    ("Russia rejected a war crimes tribunal.", ("RUS", "accountability", "oppose")),
])
def test_each_issue_and_stance(nlp, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in triples(nlp, text)
    holder, issue, stance = expected
    assert (holder, issue, "oppose" if stance == "support" else "support") not in triples(nlp, text)


# ---------------------------------------------------------------- composition
def test_relief_and_easing_flip_sanctions(nlp) -> None:
    assert triples(nlp, "Moscow called for sanctions relief.") == {("RUS", "sanctions", "oppose")}
    assert triples(nlp, "Moscow called for easing sanctions.") == {("RUS", "sanctions", "oppose")}
    assert triples(nlp, "Moscow urged Washington to lift the sanctions.") == {("RUS", "sanctions", "oppose")}
    assert triples(nlp, "Lithuania warned against any lifting of sanctions.") == {("LTU", "sanctions", "support")}
    assert triples(nlp, "Washington wants to keep sanctions in place.") == {("USA", "sanctions", "support")}


def test_operator_chain(nlp) -> None:
    # urge(+1) x stop(-1) x arm(+1)
    assert triples(nlp, "Beijing urged the United States to stop arming Taiwan.") == {
        ("CHN", "arms_supply", "oppose")}
    # phase out(-1) x fossil fuels(-1): for climate action
    assert triples(nlp, "Spain said the world must move away from fossil fuels.") == {
        ("ESP", "climate_action", "support")}


def test_negation_and_double_negation(nlp) -> None:
    assert triples(nlp, "India does not support a ceasefire.") == {("IND", "ceasefire", "oppose")}
    assert triples(nlp, "Russia is not opposed to a ceasefire.") == {("RUS", "ceasefire", "support")}
    # never accept(-1) x sanctions relief(-1)
    assert triples(nlp, "Lithuania will never accept sanctions relief.") == {("LTU", "sanctions", "support")}
    assert triples(nlp, "Beijing urged Washington not to impose tariffs.") == {
        ("CHN", "trade_restrictions", "oppose")}


def test_nested_cue_without_holder_is_read_through_the_outer_cue(nlp) -> None:
    # criticize(-1) x reject(-1) x talks(+1): Russia favours the talks; Germany's refusal is Russia's claim
    assert triples(nlp, "Russia criticized Germany for rejecting talks.") == {("RUS", "dialogue", "support")}


def test_nested_cue_with_own_holder_counts_for_both(nlp) -> None:
    found = triples(nlp, "France criticized Hungary's opposition to sanctions.")
    assert found == {("FRA", "sanctions", "support"), ("HUN", "sanctions", "oppose")}


# ---------------------------------------------------------------- holders
def test_coordinated_holders(nlp) -> None:
    found = triples(nlp, "Beijing and Moscow proposed a draft resolution to call for partial sanctions relief.")
    assert found == {("CHN", "sanctions", "oppose"), ("RUS", "sanctions", "oppose")}


def test_coordinated_state_modifiers(nlp) -> None:
    found = triples(nlp, "Ministers from Egypt, Jordan and Qatar called for an immediate ceasefire.")
    assert found == {("EGY", "ceasefire", "support"), ("JOR", "ceasefire", "support"),
                     ("QAT", "ceasefire", "support")}


def test_possessive_holder_of_a_cue_noun(nlp) -> None:
    assert triples(nlp, "He renewed Beijing's call for a phased denuclearization process.") == {
        ("CHN", "denuclearization", "support")}
    assert triples(nlp, "Chinese opposition to the tariffs has grown.") == {("CHN", "trade_restrictions", "oppose")}


def test_person_counts_for_the_state_served(nlp) -> None:
    ctx = build(nlp, "Wang Yi called for a ceasefire.")
    extract_positions(ctx)
    (position,) = ctx.extraction.positions
    assert position.holder == ActorRef(ActorKind.STATE, "CHN")
    assert position.holder_person == "wang-yi"
    assert position.stance is Stance.SUPPORT and position.issue == "ceasefire"


def test_reported_speech(nlp) -> None:
    ctx = build(nlp, "China's foreign ministry said it hopes the United States and North Korea resume dialogue.")
    mention(ctx, "it", ActorRef(ActorKind.STATE, "CHN"))
    extract_positions(ctx)
    assert {(p.holder.key, p.issue, p.stance.value) for p in ctx.extraction.positions} == {
        ("CHN", "dialogue", "support")}
    # the speaker holds what the reported clause says must happen
    assert triples(nlp, "Sanctions must stay in place, Lavrov said.") == {("RUS", "sanctions", "support")}
    assert triples(nlp, "Sanctions should be lifted, according to Brazil.") == {("BRA", "sanctions", "oppose")}
    # an unresolved "it" in "X said it would ..." is the speaker
    assert triples(nlp, "Saudi Arabia said it would not agree to any language on phasing out fossil fuels.") == {
        ("SAU", "climate_action", "oppose")}


def test_stated_intention(nlp) -> None:
    assert triples(nlp, "Japan said it would not lift export controls on chip materials.") == {
        ("JPN", "trade_restrictions", "support")}
    assert triples(nlp, "Serbia said it would never recognise Kosovo.") == {("SRB", "recognition", "oppose")}


def test_evaluations(nlp) -> None:
    assert triples(nlp, "Beijing called the tariffs protectionist and unfair.") == {
        ("CHN", "trade_restrictions", "oppose")}
    assert triples(nlp, "Norway said dialogue remained the best path out of the crisis.") == {
        ("NOR", "dialogue", "support")}
    assert triples(nlp, "The U.S. called the ceasefire a positive step.") == {("USA", "ceasefire", "support")}


def test_event_agreements_signal_support(nlp) -> None:
    found = triples(nlp, "India and Pakistan agreed to strictly observe a ceasefire along the frontier, "
                         "a step welcomed by the United Nations.")
    assert found == {("IND", "ceasefire", "support"), ("PAK", "ceasefire", "support"), ("UN", "ceasefire", "support")}
    assert triples(nlp, "Armenia and Azerbaijan signed a peace treaty.") == {
        ("ARM", "ceasefire", "support"), ("AZE", "ceasefire", "support")}


def test_definite_description_takes_the_issue_of_its_antecedent(nlp) -> None:
    text = ("Mediators announced a ceasefire and hostage-release deal on Wednesday. "
            "Egypt welcomed the deal on Thursday.")
    assert triples(nlp, text) == {("EGY", "ceasefire", "support")}


# ---------------------------------------------------------------- what gives no position
@pytest.mark.parametrize("text", [
    "The United States imposed sanctions on three companies.",  # an action, not a stated position
    "Russian and Ukrainian delegations held talks in Istanbul.",
    "Analysts support sanctions.",  # no state or organization holds it
    "Ana Lopez supports sanctions.",  # a person who serves no known state
    "Sanctions must be lifted.",  # a necessity nobody is reported to state
    "If Iran accepts limits on enrichment, talks could resume.",  # a condition, not an assertion
    "China condemned the strikes on Damascus.",  # condemning an attack is an accusation, not a stance on force
    "Pakistan denied reports that it had held talks with India.",  # the content of a denied report
    "China said the duties broke global trade rules.",  # says what the duties did, not what China wants
    "Does Iran want talks?",
])
def test_no_position(nlp, text: str) -> None:
    assert triples(nlp, text) == set()


def test_position_without_identifiable_holder_is_not_emitted(nlp) -> None:
    ctx = build(nlp, "Officials said they favour a negotiated settlement.")
    extract_positions(ctx)
    assert ctx.extraction.positions == []


# ---------------------------------------------------------------- provenance and merging
def test_statement_and_evidence(nlp) -> None:
    text = "Talks resumed on Monday. Moscow called for partial sanctions relief."
    ctx = build(nlp, text)
    extract_positions(ctx)
    (position,) = ctx.extraction.positions
    assert position.evidence.sentence == 1
    assert text[position.evidence.start:position.evidence.end] == position.statement
    assert position.statement.startswith("Moscow") and position.statement.endswith("relief")
    assert 0 < position.confidence <= 1


def test_one_position_per_holder_and_issue(nlp) -> None:
    text = ("China opposes sanctions on North Korea. Beijing called for sanctions relief. "
            "China's ambassador said sanctions should be tightened.")
    ctx = build(nlp, text)
    assert len([p for p in find_positions(ctx) if p.issue == "sanctions"]) == 3
    extract_positions(ctx)
    assert [(p.holder.key, p.issue, p.stance.value) for p in ctx.extraction.positions] == [
        ("CHN", "sanctions", "oppose")]


def test_merge_keeps_the_stance_with_more_weight() -> None:
    chn = ActorRef(ActorKind.STATE, "CHN")

    def pos(stance: Stance, confidence: float, start: int) -> Position:
        return Position(chn, "dialogue", stance, "s", Evidence(0, start, start + 1), confidence=confidence)

    merged = merge_positions([pos(Stance.SUPPORT, 0.6, 0), pos(Stance.SUPPORT, 0.5, 10), pos(Stance.OPPOSE, 0.9, 20)])
    assert len(merged) == 1 and merged[0].stance is Stance.SUPPORT and merged[0].confidence == 0.6


def test_extract_is_idempotent(nlp) -> None:
    ctx = build(nlp, "Egypt called for an immediate ceasefire.")
    extract_positions(ctx)
    extract_positions(ctx)
    assert len(ctx.extraction.positions) == 1


# ---------------------------------------------------------------- through the whole pipeline
def test_pipeline_positions() -> None:
    from dipkg.extract.pipeline import analyze

    text = ("BEIJING -- China's foreign ministry said on Friday that it hopes the United States and North Korea "
            "resume dialogue as soon as possible. Beijing and Moscow proposed a draft U.N. resolution this week "
            "to call for partial sanctions relief, while Washington stressed the importance of sustaining "
            "sanctions pressure on the North.")
    found = {(p.holder.key, p.issue, p.stance.value) for p in analyze(text).positions}
    assert {("CHN", "dialogue", "support"), ("CHN", "sanctions", "oppose"), ("RUS", "sanctions", "oppose"),
            ("USA", "sanctions", "support")} <= found
