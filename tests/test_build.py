"""`dipkg build`, `load`, `query --store` and `serve`: a corpus into a real store and back out."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Sequence
from pathlib import Path

import pytest

from dipkg.build import build
from dipkg.model import Article
from dipkg.serve import free_port
from dipkg.store import EmbeddedStore

CORPUS = [
    {"id": "b1", "published": "2023-03-10", "text": "Japan and Australia held talks in Tokyo on Thursday. "
     "Japanese Prime Minister Fumio Kishida said Tokyo supports sanctions on Russia."},
    {"id": "b2", "published": "2023-03-11", "text": "Kenya urged Ethiopia to resume dialogue with Eritrea."},
]


def dipkg(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dipkg", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, **(env or {})}, timeout=300)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.jsonl"
    lines = [json.dumps(record) for record in CORPUS] + ['{"id": "b3", "text": ']  # one broken line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def count(store: Path) -> int:
    proc = dipkg("query", "states", "--store", str(store), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return len(json.loads(proc.stdout)["results"]["bindings"])


def test_build_loads_good_articles_reports_bad_ones_and_reload_does_not_grow(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = dipkg("build", str(corpus), "--store", str(store), "-q")
    assert first.returncode == 1  # one line of the batch is broken
    assert first.stderr.strip() == f"dipkg: {corpus}:3: malformed JSON (Expecting value at column 22)"
    states = count(store)
    assert states >= 5
    assert dipkg("build", str(corpus), "--store", str(store), "-q").returncode == 1
    assert count(store) == states


def test_default_store_from_the_environment_and_named_query(corpus: Path, tmp_path: Path) -> None:
    env = {"DIPKG_STORE": str(tmp_path / "env-store")}
    dipkg("build", str(corpus), "-q", env=env)
    proc = dipkg("query", "positions-by-state", "--format", "csv", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "JPN" in proc.stdout and "sanctions" in proc.stdout


def test_default_store_is_dipkg_store_in_the_working_directory(corpus: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DIPKG_STORE"}
    proc = subprocess.run([sys.executable, "-m", "dipkg", "build", str(corpus), "-q"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    assert (tmp_path / "dipkg-store").is_dir()


def test_load_replaces_graphs_from_files(corpus: Path, tmp_path: Path) -> None:
    nq = tmp_path / "corpus.nq"
    dipkg("convert", str(corpus), "-o", str(nq), "-q")
    store = tmp_path / "store"
    assert dipkg("load", str(nq), "--store", str(store)).returncode == 0
    states = count(store)
    assert dipkg("load", str(nq), "--store", str(store)).returncode == 0
    assert count(store) == states
    missing = dipkg("load", str(tmp_path / "none.nq"), "--store", str(store))
    assert missing.returncode == 1 and "none.nq" in missing.stderr


def test_optimize_merges_a_store_and_keeps_its_data(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    dipkg("build", str(corpus), "--store", str(store), "-q")
    states = count(store)
    merged = dipkg("optimize", "--store", str(store))
    assert merged.returncode == 0, merged.stderr
    assert merged.stderr.startswith(f"{store}: optimized; the store holds ") and count(store) == states
    nowhere = dipkg("optimize", "--store", str(tmp_path / "none"))
    assert (nowhere.returncode, nowhere.stderr) == (1, f"dipkg: {tmp_path / 'none'}: no store here\n")
    assert not (tmp_path / "none").exists()


def test_serve_answers_sparql_over_http(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    dipkg("build", str(corpus), "--store", str(store), "-q")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "dipkg", "serve", "--store", str(store), "--port", str(port),
                               "--read-only"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        query = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        url = f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": query})
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        for _ in range(100):
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    answer = json.load(response)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"dipkg serve exited: {server.stderr.read().decode()}")
                import time
                time.sleep(0.1)
        else:
            pytest.fail("dipkg serve did not answer")
        assert answer["results"]["bindings"][0]["n"]["value"] == "2"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_unreachable_endpoint_is_a_one_line_error(corpus: Path) -> None:
    port = free_port()
    proc = dipkg("build", str(corpus), "--endpoint", f"http://127.0.0.1:{port}", "-q")
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert any(f"127.0.0.1:{port}" in line for line in lines)


class RecordingStore(EmbeddedStore):
    """A real on-disk store that notes its loads and any compaction."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.calls: list[str] = []

    def replace_graphs(self, nquads: bytes, graphs: Sequence[str] | None = None) -> list[str]:
        self.calls.append(f"load {len(graphs or ())}")
        return super().replace_graphs(nquads, graphs)

    def optimize(self) -> None:
        self.calls.append("optimize")
        super().optimize()


@pytest.mark.parametrize("workers, calls", [
    (1, ["load 136", "optimize"]),
    # the input is all read before the first chunk comes back: the store loads that chunk while the
    # workers convert the rest (cut in eight-article pieces), which is loaded last; the build has
    # filled an empty store, so it compacts it at the end
    (2, ["load 64", "load 72", "optimize"]),
])
def test_build_loads_beside_the_workers_and_compacts_a_store_it_has_doubled(
        tmp_path: Path, workers: int, calls: list[str]) -> None:
    texts = [record["text"] for record in CORPUS]
    articles = [Article(id=f"a{n}", text=texts[n % 2]) for n in range(136)]  # chunks of 64, then 9 of 8
    with RecordingStore(tmp_path / "store") as store:
        build(articles, store, workers=workers)
        assert store.calls == calls
        assert len(store.graphs()) == 136


def test_a_build_that_adds_less_than_the_store_holds_leaves_merging_to_rocksdb(tmp_path: Path) -> None:
    texts = [record["text"] for record in CORPUS]
    with RecordingStore(tmp_path / "store") as store:
        build([Article(id=f"a{n}", text=texts[n % 2]) for n in range(4)], store)
        build([Article(id=f"b{n}", text=texts[n % 2]) for n in range(3)], store)  # 7 < 2 x 4
        build([Article(id=f"a{n}", text=texts[n % 2]) for n in range(4)], store)  # replaces, adds none
        build([Article(id=f"c{n}", text=texts[n % 2]) for n in range(7)], store)  # 14 = 2 x 7
        assert store.calls == ["load 4", "optimize", "load 3", "load 4", "load 7", "optimize"]
        assert store.graph_count() == 14
