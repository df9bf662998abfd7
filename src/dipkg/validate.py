"""SHACL validation of dipkg graphs against shapes/dipkg.shacl.ttl, with readable reports.

The data graph pyshacl sees is the union of all graphs of the input plus the
ontology, so that ``sh:class dip:Actor`` accepts a ``dip:State`` through
``rdfs:subClassOf``. It is a fresh copy: pyshacl's own ontology mixing and
union handling would otherwise add to, or change the flags of, the caller's
dataset. No inference and no SHACL-AF features are needed, which keeps it fast.

pyshacl still costs ~50 ms an article (it re-reads each property shape for
every node it checks), half again the parser's time, so a corpus conversion
first asks `Validator.conforms`: the shapes compiled once into plain Python
tests, which answer in about a millisecond an article whether a batch
conforms. It only ever errs towards "does not conform"; pyshacl then has the
last word and writes the report.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from itertools import chain
from pathlib import Path
from typing import NamedTuple

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from dipkg.paths import ONTOLOGY, SHAPES
from dipkg.vocab import PREFIXES, interned


class Violation(NamedTuple):
    focus: Node
    path: Node | None  # None for constraints on the node itself (its IRI, sh:or of properties)
    message: str
    severity: str  # sh:resultSeverity without its namespace: Violation (the shapes use no other)

    def line(self) -> str:
        """``focus  path  message``, with ``-`` for a constraint on the node itself."""
        return f"{self.focus}  {_short(self.path) if self.path is not None else '-'}  {self.message}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def text(self) -> str:
        """One line per violation (see `Violation.line`); empty when the data conforms."""
        return "\n".join(v.line() for v in self.violations)


def _short(node: Node) -> str:
    """A prefixed name (``dip:eventType``) where a known prefix fits, else the IRI or literal as N3."""
    if isinstance(node, URIRef):
        for prefix, namespace in PREFIXES.items():
            if node.startswith(namespace) and node[len(namespace):].replace("_", "").isalnum():
                return f"{prefix}:{node[len(namespace):]}"
        return f"<{node}>"
    return node.n3()


class Validator:
    """The shapes and the ontology, parsed (and compiled) once and reused for every call."""

    def __init__(self, shapes: Path = SHAPES, ontology: Path = ONTOLOGY) -> None:
        self.shapes = Graph().parse(shapes, format="turtle")
        self.ontology = Graph().parse(ontology, format="turtle")
        try:
            self.check: CompiledShapes | None = CompiledShapes(self.shapes, self.ontology)
        except UnsupportedShapes:
            self.check = None  # shapes beyond the compiled subset: pyshacl answers alone

    def conforms(self, triples: Iterable[Triple]) -> bool:
        """Whether the triples (all graphs of a batch together) conform, the quick way when it can."""
        if self.check is not None:
            return self.check.conforms(triples)
        graph = Graph()
        graph.addN((s, p, o, graph) for s, p, o in triples)
        return self.validate(graph).conforms

    def validate(self, data: Graph) -> ValidationReport:
        """Validate a graph or a dataset (all its graphs together); `data` is not changed."""
        union = Graph()
        if isinstance(data, Dataset):
            union.addN((s, p, o, union) for s, p, o, _ in data.quads((None, None, None, None)))
        else:
            union.addN((s, p, o, union) for s, p, o in data)
        union.addN((s, p, o, union) for s, p, o in self.ontology)
        # imported here: a corpus conversion rarely needs pyshacl, and importing it costs 0.2 s a process
        from pyshacl import validate as shacl_validate

        conforms, results, _ = shacl_validate(
            union,
            shacl_graph=self.shapes,
            inference="none",
            advanced=False,
            inplace=True,  # `union` is our own copy
        )
        return ValidationReport(conforms=bool(conforms), violations=_violations(results))


def _violations(results: Graph) -> list[Violation]:
    """The results of pyshacl's report graph, with the offending value added to the message."""
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        severity = str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        message = str(results.value(result, SH.resultMessage))  # every shape has an sh:message
        value = results.value(result, SH.value)
        if value is not None and value != focus:
            shown = f'"{value}"' if isinstance(value, Literal) else _short(value)
            message = f"{message} (found {shown})"
        found.append(Violation(focus, path, message, severity))
    # one line per problem, though several constraints of one shape may report it
    return sorted(set(found), key=lambda v: (str(v.focus), str(v.path), v.message))


# ---------------------------------------------------------------- the compiled shapes

Triple = tuple[Node, Node, Node]
Test = Callable[[Node, "_Data"], bool]  # does a node conform (a focus node to a shape, a value to a constraint)


class UnsupportedShapes(ValueError):
    """The shapes use a SHACL feature `CompiledShapes` does not implement."""


# What the compiled tests implement: targets by class, and these constraint
# parameters. Anything else in the SHACL namespace leaves the work to pyshacl.
_KNOWN = {
    SH.targetClass, SH.path, SH.property, SH["or"], SH["in"], SH["class"], SH.datatype, SH.nodeKind,
    SH.pattern, SH.minLength, SH.minCount, SH.maxCount, SH.minInclusive, SH.maxInclusive, SH.lessThan,
    SH.hasValue,
    SH.name, SH.message, SH.description, SH.severity, SH.order, SH.group,  # no bearing on conformance
}
_NODE_KINDS = {SH.IRI: URIRef, SH.Literal: Literal, SH.BlankNode: BNode, SH.BlankNodeOrIRI: (BNode, URIRef),
               SH.IRIOrLiteral: (URIRef, Literal), SH.BlankNodeOrLiteral: (BNode, Literal)}
# the Python values rdflib gives the literals of a datatype, as pyshacl's sh:datatype checks them
_DATATYPE_VALUES: dict[Node, type | tuple[type, ...]] = {
    XSD.string: str, RDF.langString: str, XSD.integer: int, XSD.decimal: Decimal, XSD.date: date,
}


# the terms the tests read for every node, made once: rdflib makes a new URIRef on every `RDF.type`
_TYPE, _SUBCLASS_OF, _XSD_STRING = interned(RDF.type), interned(RDFS.subClassOf), interned(XSD.string)
_NO_VALUES: frozenset[Node] = frozenset()


class _Data:
    """A batch as the tests read it: the objects of each subject and predicate, classes and their subclasses."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        self.index: dict[Node, dict[Node, set[Node]]] = {}
        for s, p, o in triples:
            by_predicate = self.index.get(s)
            if by_predicate is None:
                by_predicate = self.index[s] = {}
            values = by_predicate.get(p)
            if values is None:
                by_predicate[p] = {o}
            else:
                values.add(o)
        self._subclasses: dict[Node, set[Node]] = {}
        self._subclass_of: dict[Node, list[Node]] = {}
        self._instances: dict[Node, list[Node]] = {}
        for s, by_predicate in self.index.items():
            for parent in by_predicate.get(_SUBCLASS_OF, ()):
                self._subclass_of.setdefault(parent, []).append(s)
            for cls in by_predicate.get(_TYPE, ()):
                self._instances.setdefault(cls, []).append(s)

    def objects(self, subject: Node, predicate: Node) -> AbstractSet[Node]:
        by_predicate = self.index.get(subject)
        return _NO_VALUES if by_predicate is None else by_predicate.get(predicate, _NO_VALUES)

    def subclasses(self, cls: Node) -> set[Node]:
        """`cls` and every class below it through rdfs:subClassOf, as sh:class and sh:targetClass read them."""
        found = self._subclasses.get(cls)
        if found is None:
            found, todo = {cls}, [cls]
            while todo:
                for child in self._subclass_of.get(todo.pop(), ()):
                    if child not in found:
                        found.add(child)
                        todo.append(child)
            self._subclasses[cls] = found
        return found

    def is_instance(self, node: Node, cls: Node) -> bool:
        return not self.objects(node, _TYPE).isdisjoint(self.subclasses(cls))

    def instances(self, cls: Node) -> set[Node]:
        return {s for subclass in self.subclasses(cls) for s in self._instances.get(subclass, ())}


def _number(node: Node) -> int | Decimal | float | None:
    """The numeric value of a well-typed numeric literal; None for anything else (which fails a range)."""
    if isinstance(node, Literal) and not node.ill_typed:
        value = node.value
        if isinstance(value, (int, Decimal, float)) and not isinstance(value, bool):
            return value
    return None


class CompiledShapes:
    """The SHACL shapes as Python tests over a batch of triples, built once.

    Each constraint becomes a test that passes only where pyshacl's would
    (numbers compare as numbers; anything a constraint cannot compare fails),
    so `conforms` may say False where pyshacl says True, never the reverse.
    """

    def __init__(self, shapes: Graph, ontology: Graph) -> None:
        for _, p, o in shapes:
            if (p.startswith(SH) and p not in _KNOWN) or (
                p == RDF.type and o in (RDFS.Class, OWL.Class)  # an implicit class target
            ):
                raise UnsupportedShapes(f"{p} {o}")
        self.shapes = shapes
        self.ontology = [(interned(s), interned(p), interned(o)) for s, p, o in ontology]
        self._compiled: dict[Node, Test | None] = {}  # None while a shape is being compiled
        self.targets = [(interned(cls), self._shape(shape)) for shape, cls in shapes.subject_objects(SH.targetClass)]

    def conforms(self, triples: Iterable[Triple]) -> bool:
        """Whether every focus node of every shape conforms; the data graph is the triples plus the ontology."""
        data = _Data(chain(self.ontology, triples))
        for cls, test in self.targets:
            for focus in data.instances(cls):
                if not test(focus, data):
                    return False
        return True

    def _shape(self, shape: Node) -> Test:
        """The test of a node shape (on the focus node itself) or a property shape (on its values)."""
        if shape in self._compiled:
            compiled = self._compiled[shape]
            if compiled is None:
                raise UnsupportedShapes(f"{shape}: a shape that refers to itself")
            return compiled
        self._compiled[shape] = None
        g = self.shapes
        path = g.value(shape, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise UnsupportedShapes(f"{shape}: property paths other than one IRI")
        path = interned(path)
        value_tests: list[Test] = []
        set_tests: list[Callable[[Node, Collection[Node], _Data], bool]] = []
        for parameter, arg in g.predicate_objects(shape):
            arg = interned(arg)
            if parameter in (SH.minCount, SH.maxCount, SH.hasValue, SH.lessThan) and path is None:
                raise UnsupportedShapes(f"{shape}: {parameter} on a node shape")
            if parameter == SH.property:
                value_tests.append(self._shape(arg))
            elif parameter == SH["or"]:
                value_tests.append(_any_of([self._shape(member) for member in g.items(arg)]))
            elif parameter == SH["in"]:
                allowed = {interned(member) for member in g.items(arg)}
                value_tests.append(lambda v, _, allowed=allowed: v in allowed)
            elif parameter == SH["class"]:
                value_tests.append(lambda v, data, cls=arg: not isinstance(v, Literal) and data.is_instance(v, cls))
            elif parameter == SH.datatype:
                value_tests.append(_datatype_test(arg))
            elif parameter == SH.nodeKind:
                value_tests.append(lambda v, _, kinds=_NODE_KINDS[arg]: isinstance(v, kinds))
            elif parameter == SH.pattern:
                regex = re.compile(str(arg))
                value_tests.append(lambda v, _, regex=regex: not isinstance(v, BNode) and bool(regex.search(v)))
            elif parameter == SH.minLength:
                value_tests.append(lambda v, _, n=int(arg): not isinstance(v, BNode) and len(v) >= n)
            elif parameter in (SH.minInclusive, SH.maxInclusive):
                value_tests.append(_range_test(parameter, arg))
            elif parameter == SH.minCount:
                set_tests.append(lambda _, values, __, n=int(arg): len(values) >= n)
            elif parameter == SH.maxCount:
                set_tests.append(lambda _, values, __, n=int(arg): len(values) <= n)
            elif parameter == SH.hasValue:
                set_tests.append(lambda _, values, __, value=arg: value in values)
            elif parameter == SH.lessThan:
                set_tests.append(lambda focus, values, data, other=arg: _less_than(values, data.objects(focus, other)))

        # loops rather than all(...): a corpus runs these a thousand times an article
        def test(focus: Node, data: _Data) -> bool:
            values: Collection[Node] = (focus,) if path is None else data.objects(focus, path)
            for set_test in set_tests:
                if not set_test(focus, values, data):
                    return False
            for v in values:
                for value_test in value_tests:
                    if not value_test(v, data):
                        return False
            return True

        self._compiled[shape] = test
        return test


def _any_of(members: list[Test]) -> Test:
    return lambda v, data: any(member(v, data) for member in members)


def _datatype_test(datatype: Node) -> Test:
    """pyshacl's sh:datatype: a literal of that datatype (a plain one for xsd:string), well-typed."""
    python_type = _DATATYPE_VALUES.get(datatype)
    if python_type is None:
        raise UnsupportedShapes(f"sh:datatype {datatype}")
    if datatype == RDF.langString:
        return lambda v, _: isinstance(v, Literal) and bool(v.language) and isinstance(v.value, python_type)

    def test(v: Node, _: _Data) -> bool:
        return (
            isinstance(v, Literal)
            and v.language is None
            and ((found := v.datatype or _XSD_STRING) is datatype or found == datatype)
            and not v.ill_typed
            and isinstance(v.value, python_type)
        )

    return test


def _range_test(parameter: Node, limit: Node) -> Test:
    bound = _number(limit)
    if bound is None:
        raise UnsupportedShapes(f"{parameter} {limit}: only numeric bounds are compiled")
    if parameter == SH.minInclusive:
        return lambda v, _: (n := _number(v)) is not None and n >= bound
    return lambda v, _: (n := _number(v)) is not None and n <= bound


def _less_than(values: Iterable[Node], others: Iterable[Node]) -> bool:
    """sh:lessThan for numbers; values it cannot compare as numbers fail."""
    for v in values:
        n = _number(v)
        for other in others:
            m = _number(other)
            if n is None or m is None or not n < m:
                return False
    return True


@cache
def default_validator() -> Validator:
    """The validator of the shipped shapes and ontology, built on first use."""
    return Validator()


def validate(data: Graph) -> ValidationReport:
    """Validate a graph or dataset against dipkg's shapes (see `Validator.validate`)."""
    return default_validator().validate(data)
