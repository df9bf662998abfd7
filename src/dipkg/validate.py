"""SHACL validation of dipkg graphs against shapes/dipkg.shacl.ttl, with readable reports.

The data graph pyshacl sees is the union of all graphs of the input plus the
ontology, so that ``sh:class dip:Actor`` accepts a ``dip:State`` through
``rdfs:subClassOf``. It is a fresh copy: pyshacl's own ontology mixing and
union handling would otherwise add to, or change the flags of, the caller's
dataset. No inference and no SHACL-AF features are needed, which keeps it fast.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple

from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from dipkg.paths import ONTOLOGY, SHAPES
from dipkg.vocab import PREFIXES


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
    """The shapes and the ontology, parsed once and reused for every `validate` call."""

    def __init__(self, shapes: Path = SHAPES, ontology: Path = ONTOLOGY) -> None:
        self.shapes = Graph().parse(shapes, format="turtle")
        self.ontology = Graph().parse(ontology, format="turtle")

    def validate(self, data: Graph) -> ValidationReport:
        """Validate a graph or a dataset (all its graphs together); `data` is not changed."""
        union = Graph()
        if isinstance(data, Dataset):
            union.addN((s, p, o, union) for s, p, o, _ in data.quads((None, None, None, None)))
        else:
            union.addN((s, p, o, union) for s, p, o in data)
        union.addN((s, p, o, union) for s, p, o in self.ontology)
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


@cache
def default_validator() -> Validator:
    """The validator of the shipped shapes and ontology, built on first use."""
    return Validator()


def validate(data: Graph) -> ValidationReport:
    """Validate a graph or dataset against dipkg's shapes (see `Validator.validate`)."""
    return default_validator().validate(data)
