"""The RDF layer: hand-made extractions become exactly the triples docs/graph.md describes."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, XSD

from dipkg.model import (
    ActorKind,
    ActorRef,
    Article,
    Event,
    Evidence,
    Extraction,
    Mention,
    Office,
    Person,
    Position,
    Sentence,
    Stance,
)
from dipkg.rdf import confidence_literal, extraction_graph, to_dataset
from dipkg.reference import load_gazetteer
from dipkg.serialize import serialize
from dipkg.vocab import (
    BASE,
    DIP,
    ISSUE,
    PLOVER,
    SCHEMA,
    STANCE,
    article_iri,
    fact_iri,
    person_iri,
    post_iri,
    slug,
    state_iri,
)

USA = ActorRef(ActorKind.STATE, "USA")
CHN = ActorRef(ActorKind.STATE, "CHN")
PRK = ActorRef(ActorKind.STATE, "PRK")
UN = ActorRef(ActorKind.ORGANIZATION, "UN")
BIEGUN = ActorRef(ActorKind.PERSON, "stephen-biegun")

ART = URIRef("https://w3id.org/dipkg/article/dev01")
S = {i: URIRef(f"{ART}/sentence/{i}") for i in range(4)}
BIEGUN_IRI = URIRef("https://w3id.org/dipkg/person/stephen-biegun")
LUO_IRI = URIRef("https://w3id.org/dipkg/person/luo-zhaohui")
GUTERRES_IRI = URIRef("https://w3id.org/dipkg/person/antonio-guterres")
SRNK_POST = URIRef("https://w3id.org/dipkg/post/USA/special-representative-for-north-korea")
SG_POST = URIRef("https://w3id.org/dipkg/post/UN/secretary-general")

SENTENCES = [
    "U.S. envoy Stephen Biegun met Chinese Vice Foreign Minister Luo Zhaohui in Beijing on Thursday.",
    "Beijing opposes new sanctions on Pyongyang, Luo said.",
    "The weather was cold.",
    "U.N. Secretary-General António Guterres urged talks.",
]
TEXT = " ".join(SENTENCES)


def _span(sentence: int, phrase: str) -> tuple[int, int]:
    """Character offsets of `phrase` in sentence `sentence` of TEXT."""
    start = TEXT.index(SENTENCES[sentence]) + SENTENCES[sentence].index(phrase)
    return start, start + len(phrase)


def _evidence(sentence: int, phrase: str) -> Evidence:
    return Evidence(sentence, *_span(sentence, phrase))


def _mention(actor: ActorRef, sentence: int, phrase: str, how: str = "name", confidence: float = 1.0) -> Mention:
    return Mention(actor, *_span(sentence, phrase), sentence, phrase, how, confidence)


def make_extraction() -> Extraction:
    """A state, a person with an office, one with only an affiliation, a UN official, an event and a position."""
    sentences, offset = [], 0
    for index, text in enumerate(SENTENCES):
        sentences.append(Sentence(index, offset, offset + len(text), text))
        offset += len(text) + 1
    return Extraction(
        article=Article(
            id="dev01", text=TEXT, published=date(2019, 12, 20), title="Biegun meets Luo",
            source="Yonhap News Agency", url="https://example.org/news/biegun luo",
        ),
        sentences=sentences,
        mentions=[
            _mention(USA, 0, "U.S."),
            _mention(BIEGUN, 0, "Stephen Biegun"),
            _mention(CHN, 0, "Chinese", "demonym", 0.9),
            _mention(CHN, 0, "Beijing", "capital", 0.8),
            _mention(CHN, 1, "Beijing", "capital", 0.8),
            _mention(PRK, 1, "Pyongyang", "capital", 0.95),
            _mention(UN, 3, "U.N."),
        ],
        persons={
            "stephen-biegun": Person(
                "stephen-biegun", "Stephen Biegun", USA,
                [Office("Special Representative for North Korea", USA, _evidence(0, "U.S. envoy"), 0.8)],
                _evidence(0, "Stephen Biegun"),
            ),
            "luo-zhaohui": Person("luo-zhaohui", "Luo Zhaohui", CHN, [], _evidence(0, "Luo Zhaohui"), 0.75),
            "antonio-guterres": Person(
                "antonio-guterres", "António Guterres", UN,
                [Office("Secretary-General", UN, _evidence(3, "Secretary-General"), 0.9)],
                _evidence(3, "António Guterres"),
            ),
        },
        events=[
            Event("CONSULT", USA, CHN, _evidence(0, "met"), "met", date(2019, 12, 19), CHN,
                  "stephen-biegun", "luo-zhaohui", 0.7),
        ],
        positions=[
            Position(CHN, "sanctions", Stance.OPPOSE, "Beijing opposes new sanctions on Pyongyang",
                     _evidence(1, "Beijing opposes new sanctions on Pyongyang"), "luo-zhaohui", 0.65),
        ],
    )


@pytest.fixture
def graph() -> Graph:
    return extraction_graph(make_extraction())


def _one(graph: Graph, rdf_type: URIRef) -> URIRef:
    nodes = list(graph.subjects(RDF.type, rdf_type))
    assert len(nodes) == 1, nodes
    return nodes[0]


def _objects(graph: Graph, subject: URIRef, predicate: URIRef) -> set:
    return set(graph.objects(subject, predicate))


# ---------------------------------------------------------------- identifiers

def test_person_iri_is_the_slug_of_the_name() -> None:
    assert person_iri("António Guterres") == BASE["person/antonio-guterres"]
    assert person_iri("Kim Jong Un") == BASE["person/kim-jong-un"]
    assert slug("  Moon Jae-in's ") == "moon-jae-in-s"
    with pytest.raises(ValueError, match="no letters or digits"):
        slug("—")


def test_article_ids_are_percent_encoded() -> None:
    assert article_iri("dev01") == URIRef("https://w3id.org/dipkg/article/dev01")
    assert article_iri("a b/c?d") == URIRef("https://w3id.org/dipkg/article/a%20b%2Fc%3Fd")


def test_post_iri_with_and_without_the_state() -> None:
    assert post_iri("Vice Foreign Minister", CHN) == BASE["post/CHN/vice-foreign-minister"]
    assert post_iri("Secretary-General", UN) == BASE["post/UN/secretary-general"]
    assert post_iri("Foreign Minister", None) == BASE["post/foreign-minister"]
    with pytest.raises(ValueError, match="serves a person"):
        post_iri("Chief of Staff", BIEGUN)


def test_fact_iri_is_a_hash_of_the_parts() -> None:
    a = fact_iri(ART, "event", "CONSULT", "USA", 3)
    assert a == fact_iri(ART, "event", "CONSULT", "USA", "3")
    assert a.startswith(f"{ART}/event/")
    assert len(a.rsplit("/", 1)[1]) == 12 and int(a.rsplit("/", 1)[1], 16) >= 0
    assert a != fact_iri(ART, "event", "CONSULT", "USA3")  # the parts are separated, not concatenated


# ---------------------------------------------------------------- the article's graph

def test_the_graph_is_named_by_the_article_iri() -> None:
    dataset = Dataset()
    graph = extraction_graph(make_extraction(), dataset)
    assert graph.identifier == ART == article_iri("dev01")
    assert {g.identifier for g in dataset.graphs() if len(g)} == {ART}
    assert set(dataset.graph(ART)) == set(graph) and len(graph) > 50


def test_to_dataset_gives_one_graph_per_article() -> None:
    second = make_extraction()
    second = replace(second, article=replace(second.article, id="dev02"))
    dataset = to_dataset([make_extraction(), second])
    names = {g.identifier for g in dataset.graphs() if len(g)}
    assert names == {ART, article_iri("dev02")}
    # the same state is described in both graphs, so each graph stands alone
    for name in names:
        assert (state_iri("USA"), RDF.type, DIP.State) in dataset.graph(name)


def test_converting_an_article_twice_into_one_dataset_fails() -> None:
    dataset = Dataset()
    extraction_graph(make_extraction(), dataset)
    with pytest.raises(ValueError, match="converted twice"):
        extraction_graph(make_extraction(), dataset)


def test_article_metadata(graph: Graph) -> None:
    assert _objects(graph, ART, RDF.type) == {DIP.Article, SCHEMA.NewsArticle}
    assert _objects(graph, ART, DCTERMS.identifier) == {Literal("dev01")}
    assert _objects(graph, ART, SCHEMA.datePublished) == {Literal("2019-12-20", datatype=XSD.date)}
    assert _objects(graph, ART, SCHEMA.headline) == {Literal("Biegun meets Luo")}
    assert _objects(graph, ART, DCTERMS.publisher) == {Literal("Yonhap News Agency")}
    assert _objects(graph, ART, SCHEMA.url) == {URIRef("https://example.org/news/biegun%20luo")}
    assert _objects(graph, ART, SCHEMA.mentions) == {
        state_iri("USA"), state_iri("CHN"), state_iri("PRK"), BASE["org/UN"],
        BIEGUN_IRI, LUO_IRI, GUTERRES_IRI,
    }


def test_optional_article_metadata_is_left_out_when_unknown() -> None:
    extraction = make_extraction()
    extraction = replace(extraction, article=Article(id="bare", text=TEXT))
    graph = extraction_graph(extraction)
    article = article_iri("bare")
    for predicate in (SCHEMA.datePublished, SCHEMA.headline, DCTERMS.publisher, SCHEMA.url):
        assert _objects(graph, article, predicate) == set()
    assert _objects(graph, article, DCTERMS.identifier) == {Literal("bare")}


def test_states_and_organizations_are_labelled_from_the_gazetteer(graph: Graph) -> None:
    gazetteer = load_gazetteer()
    usa, un = state_iri("USA"), BASE["org/UN"]
    assert _objects(graph, usa, RDF.type) == {DIP.State}
    assert _objects(graph, usa, RDFS.label) == {Literal(gazetteer.label(USA), lang="en")}
    assert _objects(graph, usa, DIP.code) == {Literal("USA")}
    assert _objects(graph, usa, DIP.iso2) == {Literal("US")}
    assert _objects(graph, un, RDF.type) == {DIP.InternationalOrganization}
    assert _objects(graph, un, RDFS.label) == {Literal(gazetteer.label(UN), lang="en")}
    assert _objects(graph, un, DIP.iso2) == set()
    assert set(graph.subjects(RDF.type, DIP.State)) == {state_iri(c) for c in ("USA", "CHN", "PRK")}


def test_an_actor_a_fact_uses_but_no_mention_names_still_gets_a_node() -> None:
    extraction = make_extraction()
    extraction.positions.append(
        Position(ActorRef(ActorKind.STATE, "RUS"), "dialogue", Stance.SUPPORT, "urged talks",
                 _evidence(3, "urged talks"))
    )
    graph = extraction_graph(extraction)
    assert _objects(graph, state_iri("RUS"), DIP.code) == {Literal("RUS")}
    # but it was not referred to, so no reference and no schema:mentions
    assert state_iri("RUS") not in _objects(graph, ART, SCHEMA.mentions)
    assert state_iri("RUS") not in set(graph.objects(None, DIP.refersTo))


def test_one_reference_per_actor_with_its_surface_forms_and_sentences(graph: Graph) -> None:
    references = set(graph.subjects(RDF.type, DIP.Reference))
    by_actor = {graph.value(r, DIP.refersTo): r for r in references}
    assert set(by_actor) == {state_iri("USA"), state_iri("CHN"), state_iri("PRK"), BASE["org/UN"]}  # no person
    china = by_actor[state_iri("CHN")]
    assert china == fact_iri(ART, "reference", "state", "CHN")
    assert _objects(graph, china, DIP.surfaceForm) == {Literal("Chinese"), Literal("Beijing")}
    assert _objects(graph, china, PROV.wasDerivedFrom) == {S[0], S[1]}
    assert _objects(graph, china, DIP.confidence) == {Literal(Decimal("0.90"))}


def test_person_with_an_office(graph: Graph) -> None:
    assert _objects(graph, BIEGUN_IRI, RDF.type) == {DIP.Person}
    assert _objects(graph, BIEGUN_IRI, SCHEMA.name) == {Literal("Stephen Biegun")}
    assert _objects(graph, BIEGUN_IRI, ORG.memberOf) == {state_iri("USA")}
    assert _objects(graph, BIEGUN_IRI, ORG.holds) == {SRNK_POST}
    assert _objects(graph, SRNK_POST, RDF.type) == {ORG.Post}
    assert _objects(graph, SRNK_POST, RDFS.label) == {Literal("Special Representative for North Korea")}
    assert _objects(graph, SRNK_POST, ORG.postIn) == {state_iri("USA")}

    tenure = next(t for t in graph.subjects(DIP.person, BIEGUN_IRI))
    start, end = _span(0, "U.S. envoy")
    assert set(graph.predicate_objects(tenure)) == {
        (RDF.type, DIP.Tenure),
        (DIP.person, BIEGUN_IRI),
        (DIP.post, SRNK_POST),
        (DIP.serves, state_iri("USA")),
        (PROV.wasDerivedFrom, S[0]),
        (DIP.startOffset, Literal(start)),
        (DIP.endOffset, Literal(end)),
        (DIP.confidence, Literal(Decimal("0.80"))),
    }
    assert graph.value(tenure, DIP.startOffset).datatype == XSD.integer
    assert tenure.startswith(f"{ART}/tenure/")


def test_an_office_may_serve_an_organization(graph: Graph) -> None:
    assert _objects(graph, GUTERRES_IRI, ORG.memberOf) == {BASE["org/UN"]}
    assert _objects(graph, SG_POST, ORG.postIn) == {BASE["org/UN"]}
    tenure = next(t for t in graph.subjects(DIP.person, GUTERRES_IRI))
    assert _objects(graph, tenure, DIP.serves) == {BASE["org/UN"]}
    assert _objects(graph, tenure, DIP.post) == {SG_POST}


def test_a_person_with_only_an_affiliation_gets_a_tenure_without_post(graph: Graph) -> None:
    tenures = list(graph.subjects(DIP.person, LUO_IRI))
    assert len(tenures) == 1
    tenure = tenures[0]
    assert _objects(graph, tenure, DIP.post) == set()
    assert _objects(graph, tenure, DIP.serves) == {state_iri("CHN")}
    assert _objects(graph, tenure, PROV.wasDerivedFrom) == {S[0]}
    assert _objects(graph, tenure, DIP.confidence) == {Literal(Decimal("0.75"))}
    assert _objects(graph, LUO_IRI, ORG.holds) == set()


def test_event(graph: Graph) -> None:
    event = _one(graph, DIP.Event)
    start, end = _span(0, "met")
    assert set(graph.predicate_objects(event)) == {
        (RDF.type, DIP.Event),
        (DIP.eventType, PLOVER.CONSULT),
        (DIP.actor, state_iri("USA")),
        (DIP.target, state_iri("CHN")),
        (DIP.actorPerson, BIEGUN_IRI),
        (DIP.targetPerson, LUO_IRI),
        (DIP.date, Literal("2019-12-19", datatype=XSD.date)),
        (DIP.place, state_iri("CHN")),
        (DIP.trigger, Literal("met")),
        (PROV.wasDerivedFrom, S[0]),
        (DIP.startOffset, Literal(start)),
        (DIP.endOffset, Literal(end)),
        (DIP.confidence, Literal(Decimal("0.70"))),
    }
    assert event.startswith(f"{ART}/event/")


def test_position(graph: Graph) -> None:
    position = _one(graph, DIP.Position)
    assert _objects(graph, position, DIP.holder) == {state_iri("CHN")}
    assert _objects(graph, position, DIP.holderPerson) == {LUO_IRI}
    assert _objects(graph, position, DIP.issue) == {ISSUE.sanctions}
    assert _objects(graph, position, DIP.stance) == {STANCE.oppose}
    assert _objects(graph, position, DIP.statement) == {Literal("Beijing opposes new sanctions on Pyongyang")}
    assert _objects(graph, position, PROV.wasDerivedFrom) == {S[1]}
    assert _objects(graph, position, DIP.confidence) == {Literal(Decimal("0.65"))}


def test_only_sentences_used_as_evidence_are_written(graph: Graph) -> None:
    assert set(graph.subjects(RDF.type, DIP.Sentence)) == {S[0], S[1], S[3]}  # sentence 2 is evidence of nothing
    start = TEXT.index(SENTENCES[1])
    assert set(graph.predicate_objects(S[1])) == {
        (RDF.type, DIP.Sentence),
        (DCTERMS.isPartOf, ART),
        (DIP.sentenceIndex, Literal(1)),
        (SCHEMA.text, Literal(SENTENCES[1])),
        (DIP.startOffset, Literal(start)),
        (DIP.endOffset, Literal(start + len(SENTENCES[1]))),
    }


def test_evidence_in_a_sentence_the_extraction_lacks_is_an_error() -> None:
    extraction = make_extraction()
    extraction.events[0].evidence = Evidence(9, 0, 3)
    with pytest.raises(ValueError, match="sentence 9"):
        extraction_graph(extraction)


def test_confidence_is_a_two_digit_decimal() -> None:
    assert confidence_literal(0.7) == Literal(Decimal("0.70"))
    assert str(confidence_literal(0.7)) == "0.70"
    assert str(confidence_literal(0.955)) == "0.96"  # half up, on the decimal written, not the binary float
    assert str(confidence_literal(1)) == "1.00"
    assert confidence_literal(0.125).datatype == XSD.decimal


def test_a_repeated_fact_becomes_one_node_with_the_highest_confidence() -> None:
    extraction = make_extraction()
    extraction.events.append(replace(extraction.events[0], confidence=0.9))
    extraction.events.append(replace(extraction.events[0], confidence=0.5))
    graph = extraction_graph(extraction)
    event = _one(graph, DIP.Event)
    assert _objects(graph, event, DIP.confidence) == {Literal(Decimal("0.90"))}


def test_same_extraction_same_triples() -> None:
    first, second = extraction_graph(make_extraction()), extraction_graph(make_extraction())
    assert set(first) == set(second)


_DUMP = """
import sys
sys.path.insert(0, sys.argv[1])
from test_rdf import make_extraction
from dipkg.rdf import to_dataset
from dipkg.serialize import serialize
sys.stdout.buffer.write(serialize(to_dataset([make_extraction()]), "nquads"))
"""


def test_sorted_nquads_are_byte_identical_across_runs() -> None:
    """Separate processes with different hash seeds (so set orders differ) write the same bytes."""
    outputs = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", _DUMP, str(Path(__file__).parent)],
                             capture_output=True, env=env, check=True)
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0] == serialize(to_dataset([make_extraction()]), "nquads")
    lines = outputs[0].splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines)) > 50
