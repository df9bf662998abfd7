"""A real Oxigraph server on loopback as the SPARQL endpoint: graphs replace whole, failures name the endpoint."""
from __future__ import annotations

import base64
import csv
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dipkg.serve import free_port, oxigraph_binary, start_server, stop_server
from dipkg.store import EmbeddedStore, RemoteStore, StoreError, derive_endpoints

from sample_graphs import DIP, ONT, SAMPLE, article_nquads, quads_in

PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def graph_sizes(store: RemoteStore) -> dict[str, int]:
    rows = json.loads(store.query(PER_GRAPH))["results"]["bindings"]
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


TWO = article_nquads("k01") + article_nquads("u02", events=2)
K01, U02 = f"{DIP}article/k01", f"{DIP}article/u02"


def test_articles_load_reload_query_and_remove(oxigraph_server: str) -> None:
    with RemoteStore(oxigraph_server) as store:
        assert store.replace_graphs(TWO) == [K01, U02]
        assert store.count() == quads_in(3) + quads_in(2)
        store.replace_graphs(TWO)
        assert store.count() == quads_in(3) + quads_in(2)
        store.replace_graphs(article_nquads("k01", events=1, headline="Talks stall"))
        assert graph_sizes(store) == {K01: quads_in(1), U02: quads_in(2)}

        select = f"SELECT ?g (COUNT(?e) AS ?events) WHERE {{ GRAPH ?g {{ ?e a <{ONT}Event> }} }} GROUP BY ?g ORDER BY ?g"
        rows = json.loads(store.query(select, "json"))["results"]["bindings"]
        assert [(row["g"]["value"], row["events"]["value"]) for row in rows] == [(K01, "1"), (U02, "2")]
        table = list(csv.reader(io.StringIO(store.query(select, "csv").decode())))
        assert table == [["g", "events"], [K01, "1"], [U02, "2"]]

        store.remove_graph(K01)
        assert store.graphs() == [U02]
        assert store.count() == quads_in(2)


def test_without_a_graph_store_writes_fall_back_to_sparql_update(oxigraph_server: str) -> None:
    store = RemoteStore(f"{oxigraph_server}/query", f"{oxigraph_server}/update", f"{oxigraph_server}/no-graph-store")
    store.replace_graphs(TWO)
    store.replace_graphs(TWO)
    assert graph_sizes(store) == {K01: quads_in(3), U02: quads_in(2)}


def test_load_file_into_the_endpoint(oxigraph_server: str, tmp_path: Path) -> None:
    store = RemoteStore.for_oxigraph(oxigraph_server)
    assert store.load_file(SAMPLE) == [K01, U02]
    size = store.count()
    store.load_file(SAMPLE)
    assert store.count() == size
    broken = tmp_path / "broken.trig"
    broken.write_text("<https://w3id.org/dipkg/article/x> { <a> ")
    with pytest.raises(StoreError, match="broken.trig"):
        store.load_file(broken)
    assert store.count() == size


class _RecordingProxy(BaseHTTPRequestHandler):
    """Forwards to the real server and notes each request's Authorization header."""

    server: _ProxyServer

    def _forward(self) -> None:
        self.server.seen.append((self.command, self.headers.get("Authorization")))
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
        request = urllib.request.Request(self.server.target + self.path, body or None, headers, method=self.command)
        try:
            with urllib.request.urlopen(request) as response:
                status, content_type, data = response.status, response.headers.get("Content-Type"), response.read()
        except urllib.error.HTTPError as error:
            status, content_type, data = error.code, error.headers.get("Content-Type"), error.read()
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = _forward

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""


class _ProxyServer(ThreadingHTTPServer):
    def __init__(self, target: str) -> None:
        super().__init__(("127.0.0.1", 0), _RecordingProxy)
        self.target = target
        self.seen: list[tuple[str, str | None]] = []


@pytest.fixture
def proxy(oxigraph_server: str) -> Iterator[_ProxyServer]:
    server = _ProxyServer(oxigraph_server)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_credentials_come_from_the_environment(proxy: _ProxyServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIPKG_ENDPOINT_USER", "analyst")
    monkeypatch.setenv("DIPKG_ENDPOINT_PASSWORD", "s3cret:pw")
    store = RemoteStore(f"http://127.0.0.1:{proxy.server_address[1]}")
    store.replace_graphs(TWO)
    assert store.count() == quads_in(3) + quads_in(2)
    expected = "Basic " + base64.b64encode(b"analyst:s3cret:pw").decode()
    assert {method for method, _ in proxy.seen} == {"PUT", "POST"}
    assert all(auth == expected for _, auth in proxy.seen)


def test_credentials_in_the_url_are_refused() -> None:
    with pytest.raises(StoreError, match="DIPKG_ENDPOINT_USER") as error:
        RemoteStore("http://analyst:s3cret@127.0.0.1:7878/query")
    assert "s3cret" not in str(error.value)


def test_endpoints_derived_from_one_url() -> None:
    oxigraph = ("http://h:7878/query", "http://h:7878/update", "http://h:7878/store")
    assert derive_endpoints("http://h:7878") == oxigraph
    assert derive_endpoints("http://h:7878/") == oxigraph
    assert derive_endpoints("http://h:7878/query") == oxigraph
    assert derive_endpoints("http://h:3030/ds/query") == (
        "http://h:3030/ds/query",
        "http://h:3030/ds/update",
        "http://h:3030/ds/store",
    )
    assert derive_endpoints("http://h:8890/sparql") == ("http://h:8890/sparql", "http://h:8890/sparql", None)
    with pytest.raises(StoreError, match="not an http"):
        derive_endpoints("ftp://h/sparql")


def test_a_stopped_server_is_a_store_error_naming_the_endpoint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIPKG_ENDPOINT_USER", "analyst")
    monkeypatch.setenv("DIPKG_ENDPOINT_PASSWORD", "s3cret")
    port = free_port()
    process = start_server(tmp_path / "store", "127.0.0.1", port)
    store = RemoteStore(f"http://127.0.0.1:{port}", retries=1)
    store.replace_graphs(TWO)
    stop_server(process)
    with pytest.raises(StoreError, match=f"http://127.0.0.1:{port}/query: cannot reach the endpoint") as error:
        store.count()
    assert "s3cret" not in str(error.value) and "\n" not in str(error.value)
    with pytest.raises(StoreError, match=f"http://127.0.0.1:{port}/store") as error:
        store.replace_graphs(TWO)
    assert "0 of 2 graphs replaced" in str(error.value)


def test_a_read_only_server_refuses_writes_without_retrying(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "store") as embedded:
        embedded.replace_graphs(TWO)
    port = free_port()
    process = start_server(tmp_path / "store", "127.0.0.1", port, read_only=True)
    try:
        store = RemoteStore(f"http://127.0.0.1:{port}", retries=5)
        started = time.monotonic()
        with pytest.raises(StoreError, match="HTTP 403"):
            store.remove_graph(K01)
        assert time.monotonic() - started < 5  # five retries would back off for 15.5 s
        assert store.graphs() == [K01, U02]
    finally:
        stop_server(process)


def test_a_server_killed_mid_load_leaves_only_whole_graphs(tmp_path: Path) -> None:
    folder, port = tmp_path / "store", free_port()
    process = start_server(folder, "127.0.0.1", port)
    names = [f"a{i:04d}" for i in range(2000)]
    data = b"".join(article_nquads(name, events=4) for name in names)
    loader = RemoteStore(f"http://127.0.0.1:{port}", retries=1)
    failures: list[StoreError] = []

    def load() -> None:
        try:
            loader.replace_graphs(data)
        except StoreError as error:
            failures.append(error)

    thread = threading.Thread(target=load)
    thread.start()
    watcher = RemoteStore(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 60
    while len(watcher.graphs()) < 20:
        assert thread.is_alive() and time.monotonic() < deadline, "the load stopped before 20 graphs"
        time.sleep(0.01)
    process.kill()
    process.wait()
    thread.join(timeout=30)

    assert len(failures) == 1
    assert f"http://127.0.0.1:{port}/store" in str(failures[0])
    restarted = start_server(folder, "127.0.0.1", port)
    try:
        sizes = graph_sizes(watcher)
    finally:
        stop_server(restarted)
    assert 20 <= len(sizes) < len(names)
    assert set(sizes.values()) == {quads_in(4)}
    assert sorted(sizes) == [f"{DIP}article/{name}" for name in names[: len(sizes)]]


def test_an_embedded_store_cannot_open_a_served_folder(tmp_path: Path) -> None:
    port = free_port()
    process = start_server(tmp_path / "store", "127.0.0.1", port)
    try:
        with pytest.raises(StoreError, match="in use by another process"):
            EmbeddedStore(tmp_path / "store")
    finally:
        stop_server(process)


def test_a_second_server_on_a_served_folder_fails_with_its_reason(tmp_path: Path) -> None:
    process = start_server(tmp_path / "store", "127.0.0.1", free_port())
    try:
        with pytest.raises(StoreError, match="the oxigraph server exited with code") as error:
            start_server(tmp_path / "store", "127.0.0.1", free_port())
        assert "lock" in str(error.value).lower()
    finally:
        stop_server(process)


@pytest.mark.parametrize("whom", ["dipkg serve only", "the process group, as a terminal does"])
def test_serve_runs_in_the_foreground_until_ctrl_c(tmp_path: Path, whom: str) -> None:
    port = free_port()
    script = "import sys; from pathlib import Path; from dipkg.serve import serve; sys.exit(serve(Path(sys.argv[1]), port=int(sys.argv[2])))"
    foreground = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path / "store"), str(port)], start_new_session=True
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/query", timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, "dipkg serve did not answer"
                time.sleep(0.05)
        if whom == "dipkg serve only":
            foreground.send_signal(signal.SIGINT)
        else:
            os.killpg(foreground.pid, signal.SIGINT)
        assert foreground.wait(timeout=30) == 0
    finally:
        stop_server(foreground)
    with EmbeddedStore(tmp_path / "store") as store:  # the server is gone and the lock with it
        assert store.count() == 0


def test_a_missing_server_binary_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(StoreError, match="pip install oxigraph"):
        oxigraph_binary()
