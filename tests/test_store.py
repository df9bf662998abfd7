"""The embedded Oxigraph store on disk: article graphs replace, never accumulate; bad input stores nothing."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from dipkg.store import (
    EmbeddedStore,
    RemoteStore,
    StoreError,
    default_store_path,
    open_store,
)

from sample_graphs import DIP, ONT, SAMPLE, article_nquads, quads_in


def headlines(store: EmbeddedStore) -> list[str]:
    rows = json.loads(store.query("SELECT ?h WHERE { GRAPH ?g { ?a <https://schema.org/headline> ?h } } ORDER BY ?h"))
    return [row["h"]["value"] for row in rows["results"]["bindings"]]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    with EmbeddedStore(tmp_path / "store") as opened:
        yield opened


def test_loading_articles_again_replaces_their_graphs(tmp_path: Path) -> None:
    path = tmp_path / "store"
    two = article_nquads("k01") + article_nquads("u02", events=2)
    with EmbeddedStore(path) as store:
        assert store.replace_graphs(two) == [f"{DIP}article/k01", f"{DIP}article/u02"]
        assert store.count() == quads_in(3) + quads_in(2)
        store.replace_graphs(two)
        assert store.count() == quads_in(3) + quads_in(2)
        store.replace_graphs(article_nquads("k01", events=1, headline="Talks stall"))
        assert store.count() == quads_in(1) + quads_in(2)
        assert headlines(store) == ["Envoys meet in Beijing", "Talks stall"]
    with EmbeddedStore(path) as reopened:
        assert reopened.graphs() == [f"{DIP}article/k01", f"{DIP}article/u02"]
        assert reopened.count() == quads_in(1) + quads_in(2)


def test_a_first_load_and_its_reload_keep_every_graph_whole(store: EmbeddedStore) -> None:
    articles = 200
    data = b"".join(article_nquads(f"a{i}", events=10) for i in range(articles))
    store.replace_graphs(data)
    assert store.count() == articles * quads_in(10)
    store.replace_graphs(data)
    assert store.count() == articles * quads_in(10)
    sizes = json.loads(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"))
    assert {row["n"]["value"] for row in sizes["results"]["bindings"]} == {str(quads_in(10))}
    assert len(store.graphs()) == articles
    store.optimize()
    assert store.count() == articles * quads_in(10)


def test_graphs_with_blank_nodes_are_replaced_too(store: EmbeddedStore) -> None:
    data = b'_:r <https://schema.org/name> "Luo" <https://w3id.org/dipkg/article/b1> .\n'
    store.replace_graphs(data)
    store.replace_graphs(data)
    assert store.count() == 1


def test_query_results_in_json_csv_and_n_triples(store: EmbeddedStore) -> None:
    store.replace_graphs(article_nquads("k01") + article_nquads("u02", events=2))
    select = f"SELECT ?g (COUNT(?e) AS ?events) WHERE {{ GRAPH ?g {{ ?e a <{ONT}Event> }} }} GROUP BY ?g ORDER BY ?g"
    rows = json.loads(store.query(select, "json"))["results"]["bindings"]
    assert [(row["g"]["value"], row["events"]["value"]) for row in rows] == [
        (f"{DIP}article/k01", "3"),
        (f"{DIP}article/u02", "2"),
    ]
    table = list(csv.reader(io.StringIO(store.query(select, "csv").decode())))
    assert table == [["g", "events"], [f"{DIP}article/k01", "3"], [f"{DIP}article/u02", "2"]]
    triples = store.query(f"CONSTRUCT {{ ?e a <{ONT}Event> }} WHERE {{ GRAPH ?g {{ ?e a <{ONT}Event> }} }}")
    assert len(list(ox.parse(triples, format=ox.RdfFormat.N_TRIPLES))) == 5


def test_removing_an_article_graph(store: EmbeddedStore) -> None:
    store.replace_graphs(article_nquads("k01") + article_nquads("u02", events=2))
    store.remove_graph(f"{DIP}article/k01")
    store.remove_graph(f"{DIP}article/never-loaded")
    assert store.graphs() == [f"{DIP}article/u02"]
    assert store.count() == quads_in(2)


def test_load_file_replaces_named_graphs_and_adds_default_graph_triples(store: EmbeddedStore, tmp_path: Path) -> None:
    assert store.load_file(SAMPLE) == [f"{DIP}article/k01", f"{DIP}article/u02"]
    sample_size = store.count()
    store.load_file(SAMPLE)
    assert store.count() == sample_size
    trig = tmp_path / "extra.trig"
    trig.write_text(
        f"<{ONT}Event> a <http://www.w3.org/2002/07/owl#Class> .\n"
        f'<{DIP}article/k01> {{ <{DIP}article/k01> <https://schema.org/headline> "Replaced" . }}\n'
    )
    store.load_file(trig)
    store.load_file(trig)
    k01 = ox.NamedNode(f"{DIP}article/k01")
    k01_size = sum(quad.graph_name == k01 for quad in ox.parse(path=SAMPLE, format=ox.RdfFormat.TRIG))
    assert store.count() == sample_size - k01_size + 2
    assert "Replaced" in headlines(store)
    assert json.loads(store.query(f"ASK {{ <{ONT}Event> a ?class }}"))["boolean"] is True


def test_load_file_takes_the_format_from_the_ending(store: EmbeddedStore, tmp_path: Path) -> None:
    nquads = tmp_path / "k01.nq"
    nquads.write_bytes(article_nquads("k01"))
    store.load_file(nquads)
    turtle = tmp_path / "ontology.ttl"
    turtle.write_text(f"<{ONT}Event> a <http://www.w3.org/2002/07/owl#Class> .\n")
    store.load_file(turtle)
    assert store.count() == quads_in(3) + 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.nq", b"<https://w3id.org/dipkg/article/k01> <oops\n", "not valid N-Quads"),
        ("empty.ttl", b"", "the file is empty"),
        ("comments.ttl", b"# nothing here\n", "holds no RDF statements"),
        ("data.txt", b"<a> <b> <c> .", "unknown RDF file ending"),
    ],
)
def test_bad_files_are_named_and_store_nothing(
    store: EmbeddedStore, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    store.replace_graphs(article_nquads("k01"))
    bad = tmp_path / name
    bad.write_bytes(content)
    with pytest.raises(StoreError, match=message) as error:
        store.load_file(bad)
    assert str(bad) in str(error.value)
    assert "\n" not in str(error.value)
    assert store.count() == quads_in(3)


def test_a_missing_file_is_named(store: EmbeddedStore, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such file") as error:
        store.load_file(tmp_path / "missing.nq")
    assert str(tmp_path / "missing.nq") in str(error.value)


def test_bad_n_quads_replace_nothing(store: EmbeddedStore) -> None:
    store.replace_graphs(article_nquads("k01"))
    # a whole good article followed by a broken line: not even the good one is stored
    with pytest.raises(StoreError, match="N-Quads data: not valid N-Quads"):
        store.replace_graphs(article_nquads("k01", events=1) + article_nquads("u02") + b"<x> .\n")
    assert store.count() == quads_in(3)
    assert store.graphs() == [f"{DIP}article/k01"]


def test_named_new_graphs_load_from_the_bytes_and_stored_ones_are_replaced(store: EmbeddedStore) -> None:
    k01, u02 = f"{DIP}article/k01", f"{DIP}article/u02"
    assert store.replace_graphs(article_nquads("k01"), [k01]) == [k01]
    assert store.count() == quads_in(3)
    # k01 is stored now: it is replaced, not added to, whatever the caller says
    assert store.replace_graphs(article_nquads("k01", events=1) + article_nquads("u02"), [k01, u02]) == [k01, u02]
    assert store.count() == quads_in(1) + quads_in(3)
    assert headlines(store) == ["Envoys meet in Beijing", "Envoys meet in Beijing"]
    with pytest.raises(StoreError, match="N-Quads data: not valid N-Quads"):
        store.replace_graphs(article_nquads("n03") + b"<x> .\n", [f"{DIP}article/n03"])
    assert store.graphs() == [k01, u02]


def test_bad_queries_and_formats_are_store_errors(store: EmbeddedStore) -> None:
    with pytest.raises(StoreError, match="invalid SPARQL query"):
        store.query("SELEC ?x")
    with pytest.raises(StoreError, match="unknown results format 'yaml'"):
        store.query("SELECT * WHERE { ?s ?p ?o }", "yaml")


def test_a_store_folder_opens_in_one_place_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "store"
    first = EmbeddedStore(path)
    with pytest.raises(StoreError, match="in use") as error:
        EmbeddedStore(path)
    assert str(path) in str(error.value)
    first.close()
    with pytest.raises(StoreError, match="closed"):
        first.count()
    with EmbeddedStore(path) as second:
        assert second.count() == 0


def test_a_file_in_place_of_the_folder_is_named(tmp_path: Path) -> None:
    path = tmp_path / "not-a-folder"
    path.write_text("x")
    with pytest.raises(StoreError, match="cannot open the store") as error:
        EmbeddedStore(path)
    assert str(path) in str(error.value)


def test_in_memory_store_replaces_graphs_too() -> None:
    store = EmbeddedStore()
    store.replace_graphs(article_nquads("k01"))
    store.replace_graphs(article_nquads("k01", events=1))
    assert store.count() == quads_in(1)


def test_default_store_path_and_open_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIPKG_STORE", raising=False)
    assert default_store_path() == Path("dipkg-store")
    monkeypatch.setenv("DIPKG_STORE", str(tmp_path / "elsewhere"))
    assert default_store_path() == tmp_path / "elsewhere"
    with open_store() as store:
        assert isinstance(store, EmbeddedStore) and store.path == tmp_path / "elsewhere"
    with open_store(tmp_path / "given") as store:
        assert isinstance(store, EmbeddedStore) and store.path == tmp_path / "given"
    remote = open_store(tmp_path / "given", "http://127.0.0.1:9/query")
    assert isinstance(remote, RemoteStore)
