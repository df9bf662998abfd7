"""Output formats, atomic writes and reading RDF back."""
from __future__ import annotations

import io
import os
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from dipkg.serialize import (
    FORMATS,
    DataError,
    atomic_output,
    atomic_write,
    format_for_path,
    read_dataset,
    serialize,
)

EX = "https://example.org/"
G1, G2 = URIRef(f"{EX}graph/1"), URIRef(f"{EX}graph/2")
SHARED = (URIRef(f"{EX}state/USA"), RDFS.label, Literal("United States", lang="en"))


def _dataset(reverse: bool = False) -> Dataset:
    """Two named graphs sharing one triple, with literals that need escaping and typed values."""
    quads = [
        (URIRef(f"{EX}a"), RDF.type, URIRef(f"{EX}Article"), G1),
        (URIRef(f"{EX}a"), URIRef(f"{EX}text"), Literal('He said "no".\nThen: Ünïcödé \\ done'), G1),
        (URIRef(f"{EX}a"), URIRef(f"{EX}date"), Literal(date(2019, 12, 20)), G1),
        (URIRef(f"{EX}a"), URIRef(f"{EX}confidence"), Literal(Decimal("0.70")), G1),
        (URIRef(f"{EX}a"), URIRef(f"{EX}offset"), Literal(42), G1),
        (*SHARED, G1),
        (URIRef(f"{EX}b"), URIRef(f"{EX}title"), Literal("Zweite"), G2),
        (*SHARED, G2),
    ]
    dataset = Dataset()
    for s, p, o, g in reversed(quads) if reverse else quads:
        dataset.graph(g).add((s, p, o))
    return dataset


def _quads(dataset: Dataset) -> set:
    return {(s, p, o, g) for s, p, o, g in dataset.quads((None, None, None, None))}


def _triples(dataset: Dataset) -> set:
    return {(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}


# ---------------------------------------------------------------- formats

@pytest.mark.parametrize(("name", "fmt"), [
    ("out.ttl", "turtle"), ("out.nt", "nt"), ("out.nq", "nquads"), ("out.trig", "trig"),
    ("out.jsonld", "json-ld"), ("out.json", "json-ld"), ("dir/OUT.TTL", "turtle"),
])
def test_format_for_path(name: str, fmt: str) -> None:
    assert format_for_path(Path(name)) == fmt


def test_unknown_ending_is_a_clear_error() -> None:
    with pytest.raises(DataError, match=r"corpus\.rdf: unknown RDF file ending '\.rdf'; use one of \.ttl"):
        format_for_path("corpus.rdf")
    with pytest.raises(DataError, match="unknown RDF format 'xml'"):
        serialize(_dataset(), "xml")


@pytest.mark.parametrize("fmt", ["nquads", "trig", "json-ld"])
def test_graph_formats_round_trip_with_their_named_graphs(fmt: str) -> None:
    original = _dataset()
    data = serialize(original, fmt)
    assert _quads(Dataset().parse(data=data, format=fmt)) == _quads(original)  # rdflib's own parser
    assert _quads(read_dataset(data, fmt)) == _quads(original)


@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_triple_formats_hold_the_union_of_the_graphs(fmt: str) -> None:
    original = _dataset()
    data = serialize(original, fmt)
    parsed = Dataset().parse(data=data, format=fmt)
    assert _triples(parsed) == _triples(original)
    assert _triples(read_dataset(data, fmt)) == _triples(original)
    assert data.count(b"United States") == 1  # stated in two graphs, written once


def test_turtle_uses_the_project_prefixes() -> None:
    dataset = Dataset()
    dataset.graph(G1).add((URIRef(f"{EX}a"), RDF.type, URIRef("https://w3id.org/dipkg/ontology#Event")))
    text = serialize(dataset, "turtle").decode()
    assert "@prefix dip: <https://w3id.org/dipkg/ontology#> ." in text
    assert "a dip:Event" in text


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_output_does_not_depend_on_insertion_order(fmt: str) -> None:
    assert serialize(_dataset(), fmt) == serialize(_dataset(reverse=True), fmt)


def test_nquads_lines_are_sorted_and_typed() -> None:
    lines = serialize(_dataset(), "nquads").decode().splitlines()
    assert lines == sorted(lines) and len(lines) == 8
    assert f'<{EX}a> <{EX}offset> "42"^^<{XSD.integer}> <{G1}> .' in lines
    assert f'<{EX}a> <{EX}confidence> "0.70"^^<{XSD.decimal}> <{G1}> .' in lines


# ---------------------------------------------------------------- atomic writes

def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_atomic_write_replaces_the_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.nq"
    target.write_bytes(b"old")
    atomic_write(target, b"new data")
    assert target.read_bytes() == b"new data"
    assert _leftovers(tmp_path) == ["out.nq"]


def test_atomic_write_gives_the_permissions_open_would(tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    reference.write_bytes(b"")
    atomic_write(tmp_path / "out.nq", b"x")
    assert (tmp_path / "out.nq").stat().st_mode == reference.stat().st_mode


def test_a_failure_while_writing_leaves_the_target_untouched(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError, match="boom"):
        with atomic_output(target) as output:
            output.write(b"half of the ")
            raise RuntimeError("boom")
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == ["out.ttl"]


def test_a_failure_leaves_no_new_file_either(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        with atomic_output(tmp_path / "new.nq") as output:
            output.write(b"partial")
            raise RuntimeError("boom")
    assert _leftovers(tmp_path) == []


def test_discard_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.nq"
    target.write_bytes(b"old")
    with atomic_output(target) as output:
        output.write(b"nothing worth keeping")
        output.discard()
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == ["out.nq"]


def test_a_missing_folder_raises_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        atomic_write(tmp_path / "missing" / "out.nq", b"x")
    assert _leftovers(tmp_path) == []


def test_no_path_means_standard_output(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    with atomic_output(None) as output:
        output.write(b"<a> <b> <c> .\n")
    assert capsysbinary.readouterr().out == b"<a> <b> <c> .\n"


# ---------------------------------------------------------------- reading

def test_read_dataset_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "corpus.nq"
    path.write_bytes(serialize(_dataset(), "nquads"))
    assert _quads(read_dataset(path)) == _quads(_dataset())
    assert _quads(read_dataset(str(path))) == _quads(_dataset())


def test_read_dataset_from_standard_input_defaults_to_trig(monkeypatch: pytest.MonkeyPatch) -> None:
    data = serialize(_dataset(), "trig")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert _quads(read_dataset("-")) == _quads(_dataset())


def test_a_triple_format_is_read_into_the_default_graph(tmp_path: Path) -> None:
    path = tmp_path / "union.ttl"
    path.write_bytes(serialize(_dataset(), "turtle"))
    dataset = read_dataset(path)
    assert _triples(dataset) == _triples(_dataset())
    assert {g.identifier for g in dataset.graphs() if len(g)} == {dataset.default_graph.identifier}


@pytest.mark.parametrize(("name", "content", "problem"), [
    ("missing.nq", None, "no such file"),
    ("empty.nq", b"", "is empty"),
    ("blank.ttl", b"  \n\n", "is empty"),
    ("prefixes.ttl", b"@prefix ex: <https://example.org/> .\n", "holds no triples"),
    ("bad.nq", b"<https://e.org/a> <https://e.org/b> <https://e.org/c> .\n<https://e.org/a> <https://e.org/b> \"x .\n",
     "not valid nquads: .*line 2"),
    ("bad.ttl", b"@prefix ex: <https://example.org/> .\nex:a ex:b .\n", "not valid turtle: .*line 2"),
    ("relative.nt", b"<a> <b> <c> .\n", "not valid nt"),
    ("bad.jsonld", b'{"@id": ', "not valid json-ld"),
])
def test_unreadable_files_give_one_line_naming_the_file(
    tmp_path: Path, name: str, content: bytes | None, problem: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DataError, match=f"^{path}: {problem}") as caught:
        read_dataset(path)
    assert "\n" not in str(caught.value)


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "data.nq"
    folder.mkdir()
    with pytest.raises(DataError, match="is a folder"):
        read_dataset(folder)


def test_an_explicit_format_overrides_the_ending(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(serialize(_dataset(), "nquads"))
    assert _quads(read_dataset(path, "nquads")) == _quads(_dataset())
    with pytest.raises(DataError, match="unknown RDF file ending '.txt'"):
        read_dataset(path)


def test_read_dataset_leaves_no_file_handles_or_files(tmp_path: Path) -> None:
    path = tmp_path / "corpus.trig"
    atomic_write(path, serialize(_dataset(), "trig"))
    before = _leftovers(tmp_path)
    read_dataset(path)
    assert _leftovers(tmp_path) == before == ["corpus.trig"]
    assert os.access(path, os.W_OK)
