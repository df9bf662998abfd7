"""Writing and reading RDF files: the five output formats, atomic writes, and reading data back.

Speed: rdflib's Turtle, TriG and JSON-LD serializers take 6-14 s per
100,000 triples, and its N-Quads serializer slows down as graphs share
triples (2.5-5 s for 800 articles that all describe the same states). So
every format starts from sorted N-Quads (or N-Triples) lines built here,
each distinct term formatted once by pyoxigraph, which takes under 1 s per
100,000 quads and makes the output deterministic; Turtle, TriG and JSON-LD
are then written by pyoxigraph from those sorted lines. Reading goes the
other way: pyoxigraph parses (and reports syntax errors with line and
column), and the quads are copied into an rdflib `Dataset`.
"""
from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, Graph
from rdflib.namespace import XSD
from rdflib.term import Node

from dipkg.vocab import PREFIXES

FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD,
}
SUFFIXES: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}
STDIN = "-"
STDIN_FORMAT = "trig"  # a TriG parser also reads Turtle and N-Triples
_XSD_STRING = ox.NamedNode(str(XSD.string))


class DataError(ValueError):
    """RDF data that cannot be read or written, or an unknown format; the message names the file."""


def format_for_path(path: str | os.PathLike[str]) -> str:
    """The format a file's ending names (``corpus.nq`` -> ``nquads``)."""
    suffix = Path(path).suffix.lower()
    try:
        return SUFFIXES[suffix]
    except KeyError:
        known = ", ".join(SUFFIXES)
        raise DataError(f"{path}: unknown RDF file ending {suffix or '(none)'!r}; use one of {known}") from None


def _check_format(fmt: str) -> ox.RdfFormat:
    try:
        return FORMATS[fmt]
    except KeyError:
        raise DataError(f"unknown RDF format {fmt!r}; use one of {', '.join(FORMATS)}") from None


# ---------------------------------------------------------------- writing

class _NTriplesForms(dict[Node, str]):
    """The N-Triples form of each term, formatted once however often the term comes.

    pyoxigraph formats the terms: it escapes literals as N-Triples requires
    and rejects an IRI no RDF file may contain.
    """

    def __missing__(self, node: Node) -> str:
        try:
            text = self[node] = str(_ox_term(node))
        except ValueError as exc:
            raise DataError(f"cannot write {node!r} as RDF: {exc}") from None
        return text


def _nt_terms(dataset: Dataset) -> Iterator[tuple[str, str, str, str | None]]:
    """Every quad as N-Triples terms (graph None for the default graph)."""
    terms = _NTriplesForms()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        yield terms[s], terms[p], terms[o], None if g == DATASET_DEFAULT_GRAPH_ID else terms[g]


def _ox_term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(node, URIRef):
        return ox.NamedNode(node)
    if isinstance(node, BNode):
        return ox.BlankNode(node)
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(node, language=node.language)
        if node.datatype is not None:
            return ox.Literal(node, datatype=ox.NamedNode(node.datatype))
        return ox.Literal(node)
    raise ValueError(f"not an RDF term: {type(node).__name__}")


def serialize(dataset: Dataset, fmt: str) -> bytes:
    """The dataset in one of `FORMATS`, the same bytes for the same triples.

    N-Quads, TriG and JSON-LD keep the named graphs. Turtle and N-Triples
    cannot name graphs, so they hold the union of all graphs (a triple that
    several articles state is written once).
    """
    target = _check_format(fmt)
    if fmt in ("nt", "turtle"):
        lines = {f"{s} {p} {o} .\n" for s, p, o, _ in _nt_terms(dataset)}
        ntriples = "".join(sorted(lines)).encode("utf-8")
        if fmt == "nt":
            return ntriples
        triples = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
        return ox.serialize(triples, format=target, prefixes=PREFIXES)
    nquads = _sorted_nquads(_nt_terms(dataset))
    if fmt == "nquads":
        return nquads
    quads = ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
    # a stable sort by graph keeps the sorted subjects together within each graph
    by_graph = sorted(quads, key=lambda q: "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value)
    return ox.serialize(by_graph, format=target, prefixes=PREFIXES)


def graphs_nquads(graphs: Iterable[tuple[URIRef, Iterable[tuple[Node, Node, Node]]]]) -> bytes:
    """Named graphs, each given as its triples, as `serialize` writes them in N-Quads (sorted, no repeats).

    The quick way from triples to a file or a store: no rdflib graph is built.
    """
    terms = _NTriplesForms()
    lines: set[str] = set()
    for name, triples in graphs:
        end = f" {terms[name]} .\n"
        lines.update(f"{terms[s]} {terms[p]} {terms[o]}{end}" for s, p, o in triples)
    return "".join(sorted(lines)).encode("utf-8")


def _sorted_nquads(terms: Iterable[tuple[str, str, str, str | None]]) -> bytes:
    lines = {f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n" for s, p, o, g in terms}
    return "".join(sorted(lines)).encode("utf-8")


class Output:
    """Where `atomic_output` writes; `discard()` leaves the target as it was."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self.discarded = False

    def write(self, data: bytes) -> None:
        self._stream.write(data)

    def discard(self) -> None:
        self.discarded = True


@contextmanager
def atomic_output(path: str | os.PathLike[str] | None) -> Iterator[Output]:
    """Write to `path` all at once or not at all (standard output when `path` is None).

    The data goes to a temporary file in the target's folder, which replaces
    the target (an atomic rename) only when the block ends without an error
    and without `discard()`; otherwise the temporary file is removed, so no
    half-written or empty file is ever left. What went to standard output
    cannot be taken back, so there `discard()` has no effect.
    """
    if path is None:
        output = Output(sys.stdout.buffer)
        yield output
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    # os.open with mode 0o666 gives the file the permissions the umask allows, as open() would
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as stream:
            output = Output(stream)
            yield output
            stream.flush()
            os.fsync(stream.fileno())
        if output.discarded:
            temp.unlink()
        else:
            os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace `path` with `data` in one step (see `atomic_output`)."""
    with atomic_output(path) as output:
        output.write(data)


# ---------------------------------------------------------------- reading

def read_dataset(source: str | os.PathLike[str] | bytes, fmt: str | None = None) -> Dataset:
    """An RDF file (``-`` for standard input, or the bytes themselves) as an rdflib `Dataset`.

    The format comes from the file's ending unless `fmt` is given; standard
    input and bytes default to TriG. Triples of formats without named graphs
    go to the default graph. A missing, empty or unparseable file raises a
    `DataError` of one line that names it.
    """
    if isinstance(source, bytes):
        name, data = "<stdin>", source
    elif str(source) == STDIN:
        name, data = "<stdin>", sys.stdin.buffer.read()
    else:
        name = str(source)
        fmt = fmt or format_for_path(source)
        try:
            data = Path(source).read_bytes()
        except FileNotFoundError:
            raise DataError(f"{name}: no such file") from None
        except IsADirectoryError:
            raise DataError(f"{name}: is a folder, not an RDF file") from None
        except OSError as exc:
            raise DataError(f"{name}: cannot read: {exc.strerror}") from None
    fmt = fmt or STDIN_FORMAT
    syntax = _check_format(fmt)
    if not data or data.isspace():
        raise DataError(f"{name}: is empty")
    dataset = Dataset()
    try:
        _add_quads(dataset, ox.parse(data, format=syntax))
    except SyntaxError as exc:
        message = " ".join(str(exc.msg).split())  # .msg: str() would repeat the line number
        raise DataError(f"{name}: not valid {fmt}: {message}") from None
    if not len(dataset):
        raise DataError(f"{name}: holds no triples")
    return dataset


def _add_quads(dataset: Dataset, quads: Iterator[ox.Quad]) -> None:
    """Copy pyoxigraph quads into `dataset`, converting each distinct term once."""
    terms: dict[object, Node] = {}
    graphs: dict[object, Graph] = {}

    def term(value: object) -> Node:
        node = terms.get(value)
        if node is None:
            node = terms[value] = _rdflib_term(value)
        return node

    def graph(name: object) -> Graph:
        found = graphs.get(name)
        if found is None:
            found = graphs[name] = (
                dataset.default_graph if isinstance(name, ox.DefaultGraph) else dataset.graph(term(name))
            )
        return found

    dataset.addN((term(q.subject), term(q.predicate), term(q.object), graph(q.graph_name)) for q in quads)


def _rdflib_term(value: object) -> Node:
    if isinstance(value, ox.NamedNode):
        return URIRef(value.value)
    if isinstance(value, ox.BlankNode):
        return BNode(value.value)
    if isinstance(value, ox.Literal):
        if value.language:
            return Literal(value.value, lang=value.language)
        if value.datatype == _XSD_STRING:
            return Literal(value.value)
        return Literal(value.value, datatype=URIRef(value.datatype.value))
    raise SyntaxError(f"RDF 1.2 triple terms are not supported ({value})")
