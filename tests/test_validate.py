"""The ontology, the SHACL shapes and the validator: real pyshacl runs on converted and broken graphs."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import pyshacl
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS

from dipkg.paths import ONTOLOGY, QUERIES, SHAPES, resource_path
from dipkg.rdf import extraction_graph
from dipkg.reference import load_gazetteer
from dipkg.validate import ValidationReport, Validator, default_validator, validate
from dipkg.vocab import (
    DIP,
    ISSUE,
    ISSUE_CODES,
    ORGANIZATION_CODES,
    PLOVER,
    PLOVER_TYPES,
    STANCE,
    STANCES,
    interned,
    state_iri,
)
from test_rdf import make_extraction  # the hand-made extraction of the RDF tests

REPO = Path(__file__).resolve().parents[1]
ARTICLE = URIRef("https://w3id.org/dipkg/article/dev01")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


@pytest.fixture
def dataset() -> Dataset:
    data = Dataset()
    extraction_graph(make_extraction(), data)
    return data


# ---------------------------------------------------------------- the ontology

def test_every_ontology_term_has_a_label_and_a_comment(ontology: Graph) -> None:
    namespaces = (str(DIP), str(PLOVER), str(ISSUE), str(STANCE))
    terms = {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(namespaces)}
    assert len(terms) > 60
    for term in terms:
        assert ontology.value(term, RDFS.label) is not None, f"{term} has no rdfs:label"
        assert ontology.value(term, RDFS.comment) is not None, f"{term} has no rdfs:comment"
    assert (URIRef("https://w3id.org/dipkg/ontology"), RDF.type, OWL.Ontology) in ontology


def _concepts(ontology: Graph, scheme: URIRef, namespace: str) -> list[str]:
    concepts = set(ontology.subjects(SKOS.inScheme, scheme))
    for concept in concepts:
        assert ontology.value(concept, SKOS.prefLabel) is not None
        assert ontology.value(concept, SKOS.definition) is not None
        assert (scheme, SKOS.hasTopConcept, concept) in ontology
    return sorted(c.removeprefix(namespace) for c in concepts)


def test_the_concept_schemes_are_the_code_lists(ontology: Graph) -> None:
    assert _concepts(ontology, URIRef(PLOVER), str(PLOVER)) == sorted(PLOVER_TYPES)
    assert _concepts(ontology, URIRef(ISSUE), str(ISSUE)) == sorted(ISSUE_CODES)
    assert _concepts(ontology, URIRef(STANCE), str(STANCE)) == sorted(STANCES)
    assert len(PLOVER_TYPES) == 16 and len(ISSUE_CODES) == 13 and STANCES == ("support", "oppose")
    for code in PLOVER_TYPES:
        assert (PLOVER[code], RDF.type, DIP.EventType) in ontology


def test_everything_the_rdf_layer_writes_is_declared(ontology: Graph, dataset: Dataset) -> None:
    data = dataset.graph(ARTICLE)
    used = {p for p in data.predicates() if p.startswith(str(DIP))}
    used |= {c for c in data.objects(None, RDF.type) if c.startswith(str(DIP))}
    assert DIP.Tenure in used and DIP.confidence in used
    for term in used:
        assert ontology.value(term, RDFS.label) is not None, f"{term} is written but not declared"


def test_states_and_organizations_are_actors_and_formal_organizations(ontology: Graph) -> None:
    org_formal = URIRef("http://www.w3.org/ns/org#FormalOrganization")
    for cls in (DIP.State, DIP.InternationalOrganization):
        assert set(ontology.objects(cls, RDFS.subClassOf)) == {DIP.Actor, org_formal}


# ---------------------------------------------------------------- the shapes

def test_the_shapes_are_valid_shacl(shapes: Graph) -> None:
    """pyshacl's meta_shacl checks the shapes against SHACL-for-SHACL first (and raises if they fail)."""
    conforms, _, _ = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms


def _in_list(shapes: Graph, path: URIRef) -> list[str]:
    shape = next(shapes.subjects(SH.path, path))
    return [str(v) for v in Collection(shapes, shapes.value(shape, SH["in"]))]


def test_shape_lists_are_the_code_lists(shapes: Graph) -> None:
    assert _in_list(shapes, DIP.eventType) == [str(PLOVER[c]) for c in PLOVER_TYPES]
    assert _in_list(shapes, DIP.issue) == [str(ISSUE[c]) for c in ISSUE_CODES]
    assert _in_list(shapes, DIP.stance) == [str(STANCE[c]) for c in STANCES]
    patterns = {str(p) for p in shapes.objects(None, SH.pattern)}
    assert f"^({'|'.join(ORGANIZATION_CODES)})$" in patterns


def test_the_gazetteer_organizations_are_contract_codes() -> None:
    assert set(load_gazetteer().organizations) <= set(ORGANIZATION_CODES)


def test_every_class_written_has_a_shape(shapes: Graph, dataset: Dataset) -> None:
    written = set(dataset.graph(ARTICLE).objects(None, RDF.type)) - {URIRef("https://schema.org/NewsArticle")}
    targeted = set(shapes.objects(None, SH.targetClass))
    assert written <= targeted, written - targeted


def test_every_shape_says_what_it_checks(shapes: Graph) -> None:
    """Node shapes and property shapes (blank ones included) carry a message or a name."""
    all_shapes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(SH.path, None))
    all_shapes = {s for s in all_shapes if not _inside_or(shapes, s)}
    assert len(all_shapes) > 40
    for shape in all_shapes:
        assert (shape, SH.message, None) in shapes or (shape, SH.name, None) in shapes, shape


def _inside_or(shapes: Graph, shape: object) -> bool:
    """A member of an sh:or list: the enclosing shape's message speaks for it."""
    return (None, RDF.first, shape) in shapes


# ---------------------------------------------------------------- conforming data

def test_a_converted_extraction_conforms(dataset: Dataset, validator: Validator) -> None:
    report = validator.validate(dataset)
    assert report.text() == ""
    assert report.conforms and report.violations == []


def test_a_single_article_graph_can_be_validated(dataset: Dataset, validator: Validator) -> None:
    assert validator.validate(dataset.graph(ARTICLE)).conforms


def test_validation_does_not_change_the_data(dataset: Dataset, validator: Validator) -> None:
    before = set(dataset.quads((None, None, None, None)))
    graphs = {g.identifier for g in dataset.graphs()}
    validator.validate(dataset)
    assert set(dataset.quads((None, None, None, None))) == before
    assert {g.identifier for g in dataset.graphs()} == graphs
    assert not dataset.default_union


def test_module_level_validate_reuses_one_validator(dataset: Dataset) -> None:
    assert default_validator() is default_validator()
    assert validate(dataset).conforms


# ---------------------------------------------------------------- broken data

def _node(dataset: Dataset, rdf_type: URIRef) -> URIRef:
    return next(dataset.graph(ARTICLE).subjects(RDF.type, rdf_type))


def _break(dataset: Dataset, change: Callable[[Graph], URIRef]) -> tuple[URIRef, ValidationReport]:
    node = change(dataset.graph(ARTICLE))
    return node, default_validator().validate(dataset)


def _unknown_event_type(g: Graph) -> URIRef:
    event = next(g.subjects(RDF.type, DIP.Event))
    g.set((event, DIP.eventType, PLOVER.NEGOTIATE))
    return event


def _stance_maybe(g: Graph) -> URIRef:
    position = next(g.subjects(RDF.type, DIP.Position))
    g.set((position, DIP.stance, STANCE.maybe))
    return position


def _no_provenance(g: Graph) -> URIRef:
    position = next(g.subjects(RDF.type, DIP.Position))
    g.remove((position, PROV.wasDerivedFrom, None))
    return position


def _provenance_not_a_sentence(g: Graph) -> URIRef:
    event = next(g.subjects(RDF.type, DIP.Event))
    g.set((event, PROV.wasDerivedFrom, ARTICLE))
    return event


def _confidence_too_high(g: Graph) -> URIRef:
    tenure = next(g.subjects(RDF.type, DIP.Tenure))
    g.set((tenure, DIP.confidence, Literal(Decimal("1.50"))))
    return tenure


def _two_confidences(g: Graph) -> URIRef:
    reference = next(g.subjects(RDF.type, DIP.Reference))
    g.add((reference, DIP.confidence, Literal(Decimal("0.10"))))
    return reference


def _state_code_korea(g: Graph) -> URIRef:
    korea = state_iri("Korea")
    g.add((korea, RDF.type, DIP.State))
    g.add((korea, RDFS.label, Literal("Korea", lang="en")))
    g.add((korea, DIP.code, Literal("Korea")))
    return korea


def _unknown_organization(g: Graph) -> URIRef:
    fifa = URIRef("https://w3id.org/dipkg/org/FIFA")
    g.add((fifa, RDF.type, DIP.InternationalOrganization))
    g.add((fifa, RDFS.label, Literal("FIFA", lang="en")))
    g.add((fifa, DIP.code, Literal("FIFA")))
    return fifa


def _sentence_ends_before_it_starts(g: Graph) -> URIRef:
    sentence = URIRef(f"{ARTICLE}/sentence/1")
    g.set((sentence, DIP.endOffset, g.value(sentence, DIP.startOffset)))
    return sentence


def _person_as_event_actor(g: Graph) -> URIRef:
    event = next(g.subjects(RDF.type, DIP.Event))
    g.set((event, DIP.actor, g.value(event, DIP.actorPerson)))
    return event


def _tenure_of_nothing(g: Graph) -> URIRef:
    tenure = next(t for t in g.subjects(RDF.type, DIP.Tenure) if (t, DIP.post, None) not in g)
    g.remove((tenure, DIP.serves, None))
    return tenure


def _article_without_identifier(g: Graph) -> URIRef:
    g.remove((ARTICLE, DCTERMS.identifier, None))
    return ARTICLE


@pytest.mark.parametrize(("change", "path", "problem"), [
    (_unknown_event_type, "dip:eventType", "one of the 16 PLOVER event types (found plover:NEGOTIATE)"),
    (_stance_maybe, "dip:stance", "stance:support or stance:oppose (found stance:maybe)"),
    (_no_provenance, "prov:wasDerivedFrom", "needs at least one prov:wasDerivedFrom pointing at a dip:Sentence"),
    (_provenance_not_a_sentence, "prov:wasDerivedFrom", f"pointing at a dip:Sentence (found <{ARTICLE}>)"),
    (_confidence_too_high, "dip:confidence", 'in [0, 1] with at most two digits (found "1.50")'),
    (_two_confidences, "dip:confidence", "needs exactly one dip:confidence"),
    (_state_code_korea, "dip:code", 'an ISO 3166-1 alpha-3 code (3 capital letters) (found "Korea")'),
    (_unknown_organization, "dip:code", "one of the contract's organization codes"),
    (_sentence_ends_before_it_starts, "dip:startOffset", "less than dip:endOffset"),
    (_person_as_event_actor, "dip:actor", "a state or organization (found <https://w3id.org/dipkg/person/"),
    (_tenure_of_nothing, "-", "a tenure needs a dip:post, a dip:serves, or both"),
    (_article_without_identifier, "dcterms:identifier", "needs exactly one dcterms:identifier"),
])
def test_broken_graphs_are_reported_on_the_broken_node(
    dataset: Dataset, change: Callable[[Graph], URIRef], path: str, problem: str
) -> None:
    node, report = _break(dataset, change)
    assert not report.conforms
    assert {v.focus for v in report.violations} == {node}  # nothing else is blamed
    lines = report.text().splitlines()
    assert len(lines) == len(report.violations)
    assert any(line.startswith(f"{node}  {path}  ") and problem in line for line in lines), report.text()


def test_one_problem_found_by_several_constraints_is_one_line(dataset: Dataset) -> None:
    """A double of 1.5 breaks both sh:datatype and sh:maxInclusive of the confidence shape."""
    def double_confidence(g: Graph) -> URIRef:
        event = next(g.subjects(RDF.type, DIP.Event))
        g.set((event, DIP.confidence, Literal(1.5)))
        return event

    node, report = _break(dataset, double_confidence)
    assert len(report.violations) == 1
    focus, path, message, severity = report.violations[0]
    assert (focus, path, severity) == (node, DIP.confidence, "Violation")
    assert message.endswith('(found "1.5")')


def test_a_bad_state_code_is_also_a_bad_iri(dataset: Dataset) -> None:
    node, report = _break(dataset, _state_code_korea)
    assert f"{node}  -  a state's IRI must be https://w3id.org/dipkg/state/{{ISO alpha-3 code}}" in report.text()


def test_the_validator_is_reusable_after_a_failure(dataset: Dataset, validator: Validator) -> None:
    broken = Dataset()
    extraction_graph(make_extraction(), broken)
    _unknown_event_type(broken.graph(ARTICLE))
    assert not validator.validate(broken).conforms
    assert validator.validate(dataset).conforms


# ---------------------------------------------------------------- packaging

def test_resources_point_at_the_top_level_files() -> None:
    assert ONTOLOGY.read_bytes() == (REPO / "ontology" / "dipkg.ttl").read_bytes()
    assert SHAPES.read_bytes() == (REPO / "shapes" / "dipkg.shacl.ttl").read_bytes()
    assert QUERIES == resource_path("queries") and QUERIES.is_dir()


def test_a_wheel_ships_the_real_resource_files(tmp_path: Path) -> None:
    """A non-editable install must carry the ontology, shapes and queries the symbolic links point at."""
    source = tmp_path / "src-tree"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "build")
    for name in ("pyproject.toml", "README.md"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, source / name)
    for folder in ("src", "ontology", "shapes", "queries"):
        shutil.copytree(REPO / folder, source / folder, symlinks=True, ignore=ignore)
    run = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(source)],
        capture_output=True, text=True,
    )
    if run.returncode and "No matching distribution found for setuptools" in run.stderr:
        pytest.skip("no package index to install the build backend from")
    assert run.returncode == 0, run.stderr
    wheel = zipfile.ZipFile(next((tmp_path / "dist").glob("dipkg-*.whl")))
    expected = {"dipkg/resources/ontology/dipkg.ttl": REPO / "ontology" / "dipkg.ttl",
                "dipkg/resources/shapes/dipkg.shacl.ttl": REPO / "shapes" / "dipkg.shacl.ttl"}
    expected |= {f"dipkg/resources/queries/{q.name}": q for q in (REPO / "queries").glob("*.rq")}
    assert len(expected) > 2
    for name, original in expected.items():
        info = wheel.getinfo(name)
        assert (info.external_attr >> 16) & 0o170000 != 0o120000, f"{name} is a symbolic link"
        assert wheel.read(name) == original.read_bytes()


def test_the_terms_rdf_writes_are_the_objects_the_compiled_shapes_look_up() -> None:
    from dipkg.rdf import DIP as WRITTEN

    term = interned(URIRef(str(DIP.eventType)))
    assert term is interned(URIRef(str(DIP.eventType)))  # one object per IRI
    assert WRITTEN.eventType is term
    assert interned(URIRef("https://example.org/x")) == URIRef("https://example.org/x")
