"""Converting in worker processes gives the same bytes and the same failures, in input order, as one process;
and the compiled shape check that every chunk goes through agrees with pyshacl."""
from __future__ import annotations

import json
import multiprocessing
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, XSD

from dipkg.article import InputError
from dipkg.build import WatchedIterator
from dipkg.convert import Chunk, chunks_of, convert_stream, joined
from dipkg.model import Article
from dipkg.paths import SHAPES
from dipkg.rdf import Triple, article_triples
from dipkg.validate import UnsupportedShapes, Validator, default_validator
from dipkg.workers import WorkerStopped
from dipkg.vocab import DIP, PLOVER, SCHEMA, STANCE
from test_rdf import make_extraction  # the hand-made extraction of the RDF tests

TEXTS = [
    "Japan and Australia held talks in Tokyo on Thursday. "
    "Japanese Prime Minister Fumio Kishida said Tokyo supports sanctions on Russia.",
    "Kenya urged Ethiopia to resume dialogue with Eritrea.",
    "China's Foreign Minister Wang Yi met his Russian counterpart Sergei Lavrov in Beijing on Monday.",
    "The European Union imposed new sanctions on Iran over its nuclear program.",
    "Germany and France called for a ceasefire in Gaza.",
]


def article(n: int, text: str) -> Article:
    return Article(id=f"w{n}", text=text, origin=f"batch.jsonl:{n}")


def convert_all(items: list[Article | InputError], workers: int) -> list[Chunk]:
    return list(convert_stream(items, workers=workers, chunk_size=2))


# ---------------------------------------------------------------- workers


@pytest.fixture(scope="module")
def items() -> list[Article | InputError]:
    """Chunks of two (the last one cut in two, see `chunks_of`): good articles, a bad input line, and an id
    that comes twice in one chunk."""
    return [
        article(1, TEXTS[0]),
        InputError("batch.jsonl:2: malformed JSON (Expecting value at column 9)"),
        article(3, TEXTS[1]),
        article(3, TEXTS[2]),  # the same id again: not converted twice
        article(5, TEXTS[3]),
        article(6, TEXTS[4]),
    ]


@pytest.fixture(scope="module")
def in_one_process(items: list[Article | InputError]) -> list[Chunk]:
    return convert_all(items, workers=1)


@pytest.fixture(scope="module")
def in_two_processes(items: list[Article | InputError]) -> list[Chunk]:
    return convert_all(items, workers=2)


def test_two_workers_write_the_same_bytes_as_one(in_one_process: list[Chunk], in_two_processes: list[Chunk]) -> None:
    assert len(in_two_processes) == 4
    assert [c.nquads for c in in_two_processes] == [c.nquads for c in in_one_process]
    assert all(c.nquads for c in in_two_processes)
    assert [c.articles for c in in_two_processes] == [["w1"], ["w3"], ["w5"], ["w6"]]
    assert [c.triples for c in in_two_processes] == [c.nquads.count(b"\n") for c in in_one_process]


def test_failures_come_back_in_input_order(in_one_process: list[Chunk], in_two_processes: list[Chunk]) -> None:
    failures = [str(f) for chunk in in_two_processes for f in chunk.failures]
    assert failures == [str(f) for chunk in in_one_process for f in chunk.failures]
    assert failures == [
        "batch.jsonl:2: malformed JSON (Expecting value at column 9)",
        "batch.jsonl:3: extraction failed: ValueError: article 'w3' is converted twice: its graph already has triples",
    ]


def test_within_a_chunk_failures_follow_the_input_not_the_step_that_found_them() -> None:
    items: list[Article | InputError] = [article(1, TEXTS[1]), article(1, TEXTS[1]), InputError("x.jsonl:3: empty")]
    chunk, = convert_stream(items, workers=2)
    assert [(f.where, f.reason.split(":")[0]) for f in chunk.failures] == [
        ("batch.jsonl:1", "extraction failed"), ("x.jsonl:3", "empty")]


def test_the_chunk_dataset_holds_the_written_quads(in_one_process: list[Chunk]) -> None:
    chunk, = joined(in_one_process[2:], articles=2)
    names = {str(g.identifier) for g in chunk.dataset.graphs() if len(g)}
    assert names == {"https://w3id.org/dipkg/article/w5", "https://w3id.org/dipkg/article/w6"}
    assert len(chunk.dataset) == chunk.triples


def test_joined_chunks_keep_every_article_and_failure_in_order(in_one_process: list[Chunk]) -> None:
    batches = list(joined(in_one_process, articles=2))
    assert [b.articles for b in batches] == [["w1", "w3"], ["w5", "w6"]]
    assert b"".join(b.nquads for b in batches) == b"".join(c.nquads for c in in_one_process)
    assert [str(f) for b in batches for f in b.failures] == [str(f) for c in in_one_process for f in c.failures]
    assert [b.triples for b in batches] == [b.nquads.count(b"\n") for b in batches]
    # a chunk that is big enough alone is passed on as it is
    assert [b is c for b, c in zip(joined(in_one_process, articles=1), in_one_process)] == [True] * 4
    assert [b.articles for b in joined(in_one_process, articles=100)] == [["w1", "w3", "w5", "w6"]]


def test_the_input_s_last_chunk_is_cut_in_pieces() -> None:
    assert list(chunks_of(range(10), 4, 2)) == [[0, 1, 2, 3], [4, 5], [6, 7], [8, 9]]
    assert list(chunks_of(range(8), 4, 2)) == [[0, 1, 2, 3], [4, 5], [6, 7]]
    assert list(chunks_of(range(6), 4, 2)) == [[0, 1, 2, 3], [4, 5]]  # no more than two: as they come
    assert list(chunks_of(range(3), 4, 2)) == [[0, 1, 2]]
    assert list(chunks_of(range(10), 4)) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert list(chunks_of([], 4, 2)) == []


def test_once_the_input_is_read_joined_passes_on_what_it_holds(in_one_process: list[Chunk]) -> None:
    items = WatchedIterator(range(3))
    assert not items.exhausted
    assert list(items) == [0, 1, 2]
    assert items.exhausted

    arrived: list[Chunk] = []

    def arriving() -> Iterator[Chunk]:
        for chunk in in_one_process:
            arrived.append(chunk)
            yield chunk

    # the input ends as the second chunk comes: the first two go on together, the rest at the end
    batches = list(joined(arriving(), articles=100, input_read=lambda: len(arrived) >= 2))
    assert [b.articles for b in batches] == [["w1", "w3"], ["w5", "w6"]]
    assert [b.articles for b in joined(in_one_process, articles=100)] == [["w1", "w3", "w5", "w6"]]


def test_workers_need_their_own_model() -> None:
    from dipkg.nlp import load_nlp

    with pytest.raises(ValueError, match="load their own model"):
        next(convert_stream([article(1, TEXTS[1])], workers=2, nlp=load_nlp()))
    with pytest.raises(ValueError, match="at least 1"):
        next(convert_stream([article(1, TEXTS[1])], workers=0))


def test_the_workers_option_of_convert_and_build(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    lines = [json.dumps({"id": f"c{i}", "text": text}) for i, text in enumerate(TEXTS)] + ['{"id": "c9", "text": ']
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def dipkg(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "dipkg", *args], capture_output=True, text=True, timeout=300)

    outputs = {}
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}.nq"
        proc = dipkg("convert", str(batch), "-o", str(out), "--workers", workers, "-q")
        assert proc.returncode == 1 and proc.stderr.strip().endswith(":6: malformed JSON (Expecting value at column 22)")
        outputs[workers] = out.read_bytes()
    assert outputs["1"] == outputs["2"] and outputs["1"].count(b"\n") > 100
    built = dipkg("build", str(batch), "--store", str(tmp_path / "store"), "--workers", "2", "-q")
    assert built.returncode == 1
    states = dipkg("query", "states", "--store", str(tmp_path / "store"), "--format", "csv")
    assert {"JPN", "KEN", "CHN", "RUS"} <= {row.split(",")[1] for row in states.stdout.splitlines()[1:]}


def test_a_worker_that_dies_stops_the_stream_with_one_line_naming_where() -> None:
    items: list[Article | InputError] = [article(n, TEXTS[n % len(TEXTS)]) for n in range(1, 41)]
    stream = convert_stream(items, workers=2, chunk_size=2)
    first = next(stream)
    assert first.articles == ["w1", "w2"]
    for worker in multiprocessing.active_children():  # as the kernel's out-of-memory killer would
        os.kill(worker.pid, signal.SIGKILL)
    with pytest.raises(WorkerStopped) as stopped:
        list(stream)
    message = str(stopped.value)
    assert "\n" not in message and "stopped abruptly" in message
    assert re.search(r"while converting from batch\.jsonl:(\d+);", message)


# ---------------------------------------------------------------- the compiled shape check


@pytest.fixture
def triples() -> list[Triple]:
    return list(article_triples(make_extraction())[1])


KOREA = URIRef("https://w3id.org/dipkg/state/Korea")  # a state IRI must end with an alpha-3 code


def _subject(triples: list[Triple], rdf_type: URIRef) -> URIRef:
    return next(s for s, p, o in triples if p == RDF.type and o == rdf_type)


def _set(triples: list[Triple], rdf_type: URIRef, predicate: URIRef, value: object) -> None:
    node = _subject(triples, rdf_type)
    triples[:] = [t for t in triples if not (t[0] == node and t[1] == predicate)] + [(node, predicate, value)]


def _remove(triples: list[Triple], rdf_type: URIRef, predicate: URIRef) -> None:
    node = _subject(triples, rdf_type)
    triples[:] = [t for t in triples if not (t[0] == node and t[1] == predicate)]


# one breakage for every kind of constraint the shapes use
BREAKAGES: dict[str, Callable[[list[Triple]], None]] = {
    "sh:in": lambda t: _set(t, DIP.Event, DIP.eventType, PLOVER.NEGOTIATE),
    "sh:class": lambda t: _set(t, DIP.Event, DIP.actor, _subject(t, DIP.Person)),
    "sh:class on a literal": lambda t: _set(t, DIP.Position, PROV.wasDerivedFrom, Literal("sentence 1")),
    "sh:minCount": lambda t: _remove(t, DIP.Position, PROV.wasDerivedFrom),
    "sh:maxCount": lambda t: t.append((_subject(t, DIP.Reference), DIP.confidence, Literal(Decimal("0.10")))),
    "sh:maxInclusive": lambda t: _set(t, DIP.Tenure, DIP.confidence, Literal(Decimal("1.50"))),
    "sh:minInclusive": lambda t: _set(t, DIP.Sentence, DIP.sentenceIndex, Literal(-1)),
    "sh:datatype": lambda t: _set(t, DIP.Event, DIP.confidence, Literal(0.5)),
    "sh:datatype, ill-typed": lambda t: _set(t, DIP.Event, DIP.date, Literal("2019-13-45", datatype=XSD.date)),
    "sh:datatype rdf:langString": lambda t: _set(t, DIP.State, RDFS.label, Literal("China")),
    "sh:pattern": lambda t: _set(t, DIP.State, DIP.code, Literal("Korea")),
    "sh:pattern on the node": lambda t: t.extend((KOREA, p, o) for p, o in [
        (RDF.type, DIP.State), (RDFS.label, Literal("Korea", lang="en")), (DIP.code, Literal("KOR")),
        (DIP.iso2, Literal("KR"))]),
    "sh:minLength": lambda t: _set(t, DIP.Event, DIP.trigger, Literal("")),
    "sh:lessThan": lambda t: _set(t, DIP.Event, DIP.endOffset, Literal(0)),
    "sh:hasValue": lambda t: t.remove((_subject(t, DIP.Article), RDF.type, SCHEMA.NewsArticle)),
    "sh:or": lambda t: [_remove(t, DIP.Tenure, p) for p in (DIP.post, DIP.serves)],
    "sh:or of classes": lambda t: t.append((_subject(t, DIP.Article), SCHEMA.mentions, _subject(t, DIP.Sentence))),
    "sh:nodeKind": lambda t: t.append((_subject(t, DIP.Article), SCHEMA.url, Literal("https://example.org"))),
    "sh:class, another class": lambda t: _set(t, DIP.Tenure, DIP.post, _subject(t, DIP.State)),
    "a stance": lambda t: _set(t, DIP.Position, DIP.stance, STANCE.maybe),
    "an article's identifier": lambda t: _remove(t, DIP.Article, DCTERMS.identifier),
}


def _pyshacl_conforms(triples: list[Triple]) -> bool:
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return default_validator().validate(graph).conforms


def test_the_shipped_shapes_compile() -> None:
    assert default_validator().check is not None


def test_converted_triples_conform_both_ways(triples: list[Triple], in_one_process: list[Chunk]) -> None:
    assert default_validator().conforms(triples) and _pyshacl_conforms(triples)
    for chunk in in_one_process:
        converted = [(s, p, o) for s, p, o, _ in chunk.dataset.quads((None, None, None, None))]
        assert default_validator().conforms(converted) and _pyshacl_conforms(converted)
    # a subclass declared in the data counts for sh:targetClass and sh:class, as in pyshacl
    envoy = URIRef("https://example.org/Envoy")
    post = _subject(triples, ORG.Post)
    triples[:] = [(s, p, envoy if (s, p, o) == (post, RDF.type, ORG.Post) else o) for s, p, o in triples]
    triples.append((envoy, RDFS.subClassOf, ORG.Post))
    assert default_validator().conforms(triples) and _pyshacl_conforms(triples)
    triples.append((post, RDFS.label, Literal("")))  # and the post is still checked as one
    assert not default_validator().conforms(triples) and not _pyshacl_conforms(triples)


@pytest.mark.parametrize("breakage", BREAKAGES, ids=list(BREAKAGES))
def test_the_check_rejects_what_pyshacl_rejects(triples: list[Triple], breakage: str) -> None:
    BREAKAGES[breakage](triples)
    assert not _pyshacl_conforms(triples)
    assert not default_validator().conforms(triples)


def test_an_invalid_article_is_reported_by_pyshacl_and_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    import dipkg.convert

    def broken(extraction):  # the event type of every article is unknown to the shapes
        name, triples = article_triples(extraction)
        return name, [(s, p, PLOVER.NEGOTIATE if p == DIP.eventType else o) for s, p, o in triples]

    monkeypatch.setattr(dipkg.convert, "article_triples", broken)
    chunk, = convert_stream([article(1, TEXTS[2]), article(2, "The weather in Paris was mild on Monday.")])
    assert chunk.articles == ["w2"]  # no event, nothing broken
    failure, = chunk.failures
    assert failure.where == "batch.jsonl:1"
    assert failure.reason.startswith("invalid graph: https://w3id.org/dipkg/article/w1/event/")
    assert "one of the 16 PLOVER event types (found plover:NEGOTIATE)" in failure.reason


def test_shapes_beyond_the_compiled_subset_are_left_to_pyshacl(tmp_path: Path, triples: list[Triple]) -> None:
    shapes = tmp_path / "closed.ttl"
    shapes.write_text(SHAPES.read_text(encoding="utf-8") + (
        "\ndipsh:ClosedState a sh:NodeShape ; sh:targetClass dip:State ; sh:closed true ;\n"
        "    sh:ignoredProperties ( rdf:type ) .\n"), encoding="utf-8")
    validator = Validator(shapes=shapes)
    assert validator.check is None
    assert not validator.conforms(triples)  # pyshacl: a state has more than rdf:type
    with pytest.raises(UnsupportedShapes, match="shacl#(closed|ignoredProperties)"):
        from dipkg.validate import CompiledShapes

        CompiledShapes(validator.shapes, validator.ontology)
