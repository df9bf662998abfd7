"""Triplestores dipkg loads into and queries: embedded Oxigraph, or a SPARQL 1.1 endpoint.

Every article is one named graph, so both stores *replace* graphs rather than
add to them: loading an article again swaps its graph and never grows the
store. Every store answers `query(sparql, result_format)` with the serialized
SPARQL results (`json`, `csv`, `tsv`, `xml`) or, for CONSTRUCT/DESCRIBE,
N-Triples. Every failure surfaces as a one-line `StoreError` naming the store
folder, file or endpoint.
"""
from __future__ import annotations

import ast
import base64
import http.client
import json
import os
import time
import urllib.error
import urllib.parse
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Self, TypeVar

import pyoxigraph as ox
from SPARQLWrapper import BASIC, CSV, JSON, POST, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}
_SPARQLWRAPPER_FORMATS = {"json": JSON, "csv": CSV, "tsv": TSV, "xml": XML}

FILE_FORMATS = {
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
    "owl": ox.RdfFormat.RDF_XML,
    "n3": ox.RdfFormat.N3,
}

# Oxigraph's bulk loader writes one set of SST files per million quads; below
# that a bulk load is a single atomic ingestion, at about a third of the CPU of
# a transaction, and it bypasses the write buffers, so a long build does not
# grow in memory. RocksDB merges the files the loads leave in the background;
# `EmbeddedStore.optimize` merges all of them at once (see `compact_if_grown`).
BULK_MAX_QUADS = 1_000_000

USER_ENV = "DIPKG_ENDPOINT_USER"
PASSWORD_ENV = "DIPKG_ENDPOINT_PASSWORD"
STORE_ENV = "DIPKG_STORE"

_RETRY_STATUS = {502, 503, 504}
_T = TypeVar("_T")


class StoreError(Exception):
    """A store, file or endpoint could not be used; the message names which one."""


class _HttpStatusError(StoreError):
    """An endpoint answered with an HTTP error; the status decides on fallbacks."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def default_store_path() -> Path:
    """The embedded store folder: `$DIPKG_STORE`, else `./dipkg-store`."""
    return Path(os.environ.get(STORE_ENV) or "dipkg-store")


@contextmanager
def compacted_if_grown(store: EmbeddedStore | RemoteStore) -> Iterator[None]:
    """Around a build or load: an embedded store it has at least doubled is merged when it ends
    (see `EmbeddedStore.compact_if_grown`); a server manages its own files."""
    embedded = store if isinstance(store, EmbeddedStore) else None
    graphs_before = embedded.graph_count() if embedded is not None else 0
    yield
    if embedded is not None:
        embedded.compact_if_grown(graphs_before)


def open_store(
    store: Path | None = None,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    graph_store: str | None = None,
) -> EmbeddedStore | RemoteStore:
    """The store the CLI options name: the endpoint when given, else the folder (or the default one)."""
    if endpoint is not None:
        return RemoteStore(endpoint, update_endpoint, graph_store)
    return EmbeddedStore(store if store is not None else default_store_path())


# --- parsing and SPARQL text, shared by both stores ---------------------------------


def _first_line(text: str, limit: int = 300) -> str:
    """Keep error messages on one line, whatever the parser or server said."""
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line[:limit]


def _parse(data: bytes | Path, rdf_format: ox.RdfFormat, source: str) -> list[ox.Quad]:
    """Parse everything up front so bad input fails before anything is written."""
    try:
        if isinstance(data, Path):
            return list(ox.parse(path=data, format=rdf_format))
        return list(ox.parse(data, format=rdf_format))
    except (SyntaxError, ValueError) as error:
        raise StoreError(f"{source}: not valid {rdf_format.name}: {_first_line(str(error))}") from None
    except OSError as error:
        raise StoreError(f"{source}: cannot read: {_first_line(str(error))}") from None


def read_rdf_file(path: Path) -> list[ox.Quad]:
    """The quads of an RDF file, its format taken from the file ending."""
    rdf_format = FILE_FORMATS.get(path.suffix.lstrip(".").lower())
    if rdf_format is None:
        endings = ", ".join(f".{ending}" for ending in FILE_FORMATS)
        raise StoreError(f"{path}: unknown RDF file ending; use one of {endings}")
    if not path.is_file():
        raise StoreError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise StoreError(f"{path}: the file is empty")
    quads = _parse(path, rdf_format, str(path))
    if not quads:
        raise StoreError(f"{path}: the file holds no RDF statements")
    return quads


def _split(
    quads: Iterable[ox.Quad], source: str
) -> tuple[dict[ox.NamedNode, list[ox.Quad]], list[ox.Quad]]:
    """Named graphs (each replaced whole) apart from default-graph triples (added)."""
    graphs: dict[ox.NamedNode, list[ox.Quad]] = {}
    default: list[ox.Quad] = []
    for quad in quads:
        graph = quad.graph_name
        if isinstance(graph, ox.NamedNode):
            graphs.setdefault(graph, []).append(quad)
        elif isinstance(graph, ox.DefaultGraph):
            default.append(quad)
        else:
            raise StoreError(f"{source}: blank node graph names cannot be replaced; name the graph with an IRI")
    return graphs, default


def _iri(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        raise StoreError(f"{iri!r}: not a valid graph IRI: {_first_line(str(error))}") from None


def _has_blank_node(quads: Iterable[ox.Quad]) -> bool:
    return any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads)


def _ntriples(quads: Iterable[ox.Quad]) -> str:
    return "".join(f"{quad.triple} .\n" for quad in quads)


def _data_block(quads: Iterable[ox.Quad]) -> str:
    """The body of an INSERT DATA / DELETE DATA: triples grouped by graph."""
    by_graph: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
        by_graph.setdefault(graph, []).append(quad)
    return "".join(
        _ntriples(group) if not graph else f"GRAPH {graph} {{\n{_ntriples(group)}}}\n"
        for graph, group in by_graph.items()
    )


def _update_text(drop: Iterable[ox.NamedNode], delete: list[ox.Quad], insert: list[ox.Quad]) -> str:
    """One SPARQL Update request, so a server or Oxigraph applies it as one transaction."""
    operations = [f"DROP SILENT GRAPH {graph}" for graph in drop]
    if delete:
        operations.append(f"DELETE DATA {{\n{_data_block(delete)}}}")
    if insert:
        operations.append(f"INSERT DATA {{\n{_data_block(insert)}}}")
    return " ;\n".join(operations)


# --- embedded Oxigraph -----------------------------------------------------------------


class _GraphStore:
    """What both stores share: named graphs in N-Quads or files replace the stored ones."""

    def _replace(self, graphs: dict[ox.NamedNode, list[ox.Quad]], default: list[ox.Quad]) -> None:
        raise NotImplementedError

    def replace_graphs(self, nquads: bytes, graphs: Sequence[str] | None = None) -> list[str]:
        """Store N-Quads so each named graph in them replaces the stored one (see `_replace`).

        `graphs` may name the graphs the data holds, all of them and nothing
        else (a converted chunk knows them): a store may then add new graphs
        without reading the data in Python first, and without checking again
        the IRIs that dipkg's own serializer wrote.
        """
        parsed, default = _split(_parse(nquads, ox.RdfFormat.N_QUADS, "N-Quads data"), "N-Quads data")
        self._replace(parsed, default)
        return [graph.value for graph in parsed]

    def load_file(self, path: Path) -> list[str]:
        """Load an RDF file: its named graphs replace stored ones, default-graph triples are added."""
        graphs, default = _split(read_rdf_file(path), str(path))
        self._replace(graphs, default)
        return [graph.value for graph in graphs]


class EmbeddedStore(_GraphStore):
    """An Oxigraph store on disk (`path`) or in memory (`path=None`).

    Only one process may open a folder at a time (RocksDB lock), so while
    `dipkg serve` runs on a folder, use its endpoint instead. Replacing reads
    the stored graphs before writing: use one writer (thread) at a time.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.name = str(path) if path is not None else "in-memory store"
        self._store: ox.Store | None
        try:
            self._store = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as error:
            if "lock" in str(error).lower():
                raise StoreError(
                    f"{path}: the store is in use by another process (e.g. `dipkg serve`) "
                    "or already open; stop it or query it through its endpoint"
                ) from None
            raise StoreError(f"{path}: cannot open the store: {_first_line(str(error))}") from None

    @property
    def _db(self) -> ox.Store:
        if self._store is None:
            raise StoreError(f"{self.name}: the store is closed")
        return self._store

    def close(self) -> None:
        """Release the folder lock so `dipkg serve` or another process can open it."""
        self._store = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _replace(self, graphs: dict[ox.NamedNode, list[ox.Quad]], default: list[ox.Quad]) -> None:
        """Write only the difference to stored graphs: reloading an unchanged article writes nothing."""
        db = self._db
        try:
            stored = {graph for graph in graphs if db.contains_named_graph(graph)}
            size = len(default) + sum(len(quads) for quads in graphs.values())
            if self.path is not None and not stored and size < BULK_MAX_QUADS:
                # New graphs only, already parsed: one atomic bulk ingestion.
                db.bulk_extend([quad for quads in graphs.values() for quad in quads] + default)
                return
            drop: list[ox.NamedNode] = []
            delete: list[ox.Quad] = []
            insert: list[ox.Quad] = list(default)
            for graph, quads in graphs.items():
                old = set(db.quads_for_pattern(None, None, None, graph)) if graph in stored else set()
                if _has_blank_node(old) or _has_blank_node(quads):
                    # Blank nodes cannot be matched by DELETE DATA: replace the graph outright.
                    drop.append(graph)
                    insert.extend(quads)
                else:
                    new = set(quads)
                    delete.extend(old - new)
                    insert.extend(new - old)
            if drop or delete:
                db.update(_update_text(drop, delete, insert))
            elif insert:
                db.extend(insert)  # one transaction too, without writing and parsing SPARQL
        except (OSError, SyntaxError) as error:
            raise self._write_failed(error) from None

    def _write_failed(self, error: Exception) -> StoreError:
        return StoreError(f"{self.name}: write failed, nothing stored: {_first_line(str(error))}")

    def replace_graphs(self, nquads: bytes, graphs: Sequence[str] | None = None) -> list[str]:
        """As `_GraphStore.replace_graphs`; graphs named and all new go to Oxigraph's bulk loader as bytes."""
        if graphs is not None and self.path is not None and nquads.count(b"\n") < BULK_MAX_QUADS:
            db = self._db
            names = [_iri(graph) for graph in graphs]
            if not any(db.contains_named_graph(name) for name in names):
                try:
                    # parsed in Rust, one atomic ingestion; lenient: the IRIs were checked when written
                    # (9% less of the loader's time)
                    db.bulk_load(nquads, format=ox.RdfFormat.N_QUADS, lenient=True)
                except SyntaxError as error:
                    raise StoreError(f"N-Quads data: not valid N-Quads: {_first_line(str(error))}") from None
                except OSError as error:
                    raise self._write_failed(error) from None
                return list(graphs)
        return super().replace_graphs(nquads, graphs)

    def optimize(self) -> None:
        """Merge all the store's files into one sorted run, the layout queries read fastest.

        It rewrites the whole store (3 s at 2,000 articles); see `compact_if_grown`
        for when a build or load runs it.
        """
        try:
            self._db.optimize()
        except OSError as error:
            raise StoreError(f"{self.name}: cannot optimize the store: {_first_line(str(error))}") from None

    def graph_count(self) -> int:
        """How many named graphs the store has (read from its graph table, not its quads)."""
        return sum(1 for _ in self._db.named_graphs())

    def compact_if_grown(self, graphs_before: int) -> None:
        """Merge the store's files (`optimize`) when a build or load has at least doubled its graphs.

        RocksDB merges the files that loads leave in the background, but a
        process that ends soon after its last load leaves some unmerged, and
        whole-store queries then run a third slower (2,000 articles). A merge
        rewrites the whole store, so running it only when the store has doubled
        keeps its cost in proportion to what is loaded, summed over any number of
        builds, while a first build ends in the fastest layout.
        """
        graphs = self.graph_count()
        if graphs > 0 and graphs >= 2 * graphs_before:
            self.optimize()

    def remove_graph(self, iri: str) -> None:
        """Delete an article's graph (no error if absent)."""
        try:
            self._db.remove_graph(_iri(iri))
        except OSError as error:
            raise StoreError(f"{self.name}: cannot remove {iri}: {_first_line(str(error))}") from None

    def graphs(self) -> list[str]:
        """The IRIs of the non-empty named graphs, sorted."""
        db = self._db
        return sorted(
            graph.value
            for graph in db.named_graphs()
            if isinstance(graph, ox.NamedNode) and next(iter(db.quads_for_pattern(None, None, None, graph)), None)
        )

    def count(self) -> int:
        """Quads in all graphs, the default graph included."""
        return len(self._db)

    def query(self, sparql: str, result_format: str = "json") -> bytes:
        """Run a SPARQL query and serialize its results (N-Triples for CONSTRUCT/DESCRIBE)."""
        results_format = _results_format(result_format)
        try:
            results = self._db.query(sparql)
            if isinstance(results, ox.QueryTriples):
                body = results.serialize(format=ox.RdfFormat.N_TRIPLES)
            else:
                body = results.serialize(format=results_format)
            return body or b""  # serialize() returns None only when given a file to write
        except SyntaxError as error:
            raise StoreError(f"{self.name}: invalid SPARQL query: {_first_line(str(error))}") from None
        except OSError as error:
            raise StoreError(f"{self.name}: query failed: {_first_line(str(error))}") from None


def _results_format(result_format: str) -> ox.QueryResultsFormat:
    try:
        return RESULT_FORMATS[result_format]
    except KeyError:
        raise StoreError(f"unknown results format {result_format!r}; use json, csv, tsv or xml") from None


# --- any SPARQL 1.1 endpoint -------------------------------------------------------------


def _check_url(url: str) -> urllib.parse.SplitResult:
    """Refuse non-HTTP URLs and credentials in URLs (they belong in the environment)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"{url}: not an http(s) endpoint URL")
    if parts.username is not None or parts.password is not None:
        shown = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
        raise StoreError(f"{shown}: put credentials in ${USER_ENV} and ${PASSWORD_ENV}, not in the URL")
    return parts


def derive_endpoints(endpoint: str) -> tuple[str, str, str | None]:
    """Query, update and graph-store URLs from the one `--endpoint` URL.

    - a server root (`http://host:port`, no path) is taken for Oxigraph:
      `/query`, `/update`, `/store`;
    - a URL whose path ends in `/query` (Oxigraph, Fuseki's `/ds/query`) gets the
      sibling `/update` and `/store` (where that graph store is missing, writes
      fall back to SPARQL Update);
    - any other URL (`/sparql`, ...) serves both queries and updates, with no graph store.
    """
    parts = _check_url(endpoint)
    path = parts.path.rstrip("/")
    if not path and not parts.query:
        root = parts._replace(path="", fragment="").geturl()
        return f"{root}/query", f"{root}/update", f"{root}/store"
    if path.endswith("/query") and not parts.query:
        stem = parts._replace(path=path.removesuffix("/query"), fragment="").geturl()
        return endpoint, f"{stem}/update", f"{stem}/store"
    return endpoint, endpoint, None


def _credentials() -> tuple[str, str] | None:
    user = os.environ.get(USER_ENV)
    return (user, os.environ.get(PASSWORD_ENV, "")) if user else None


def _sparqlwrapper_detail(error: SPARQLWrapperException) -> str:
    """SPARQLWrapper keeps the server's answer only inside its message: dig it out."""
    message = str(error)
    head, _, response = message.partition("\n\nResponse:\n")
    try:
        body = ast.literal_eval(response)
        return _first_line(body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body))
    except (ValueError, SyntaxError):
        return _first_line(head)


class RemoteStore(_GraphStore):
    """Any SPARQL 1.1 endpoint; writes through the Graph Store Protocol, else SPARQL Update.

    Credentials come only from `$DIPKG_ENDPOINT_USER` / `$DIPKG_ENDPOINT_PASSWORD`
    (HTTP basic). Connection errors and 502/503/504 answers are retried `retries`
    times with backoff; other HTTP errors are not. Writes keep one connection
    alive per server; use one instance per thread.
    """

    def __init__(
        self,
        query_endpoint: str,
        update_endpoint: str | None = None,
        graph_store: str | None = None,
        timeout: float = 30,
        retries: int = 2,
    ) -> None:
        derived_query, derived_update, derived_store = derive_endpoints(query_endpoint)
        for url in (update_endpoint, graph_store):
            if url is not None:
                _check_url(url)
        self.query_endpoint = derived_query
        self.update_endpoint = update_endpoint or derived_update
        self.graph_store = graph_store or derived_store
        self.timeout = timeout
        self.retries = retries
        self._credentials = _credentials()
        self._use_graph_store = self.graph_store is not None
        self._connections: dict[tuple[str, str], http.client.HTTPConnection] = {}

    @classmethod
    def for_oxigraph(cls, base_url: str, timeout: float = 30, retries: int = 2) -> RemoteStore:
        """An Oxigraph server (`oxigraph serve`, `dipkg serve`) at `http://HOST:PORT`."""
        root = base_url.rstrip("/")
        return cls(f"{root}/query", f"{root}/update", f"{root}/store", timeout, retries)

    def close(self) -> None:
        """Close the kept-alive connections."""
        for connection in self._connections.values():
            connection.close()
        self._connections.clear()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # HTTP plumbing

    def _retrying(self, url: str, call: Callable[[], _T]) -> _T:
        """Retry connection failures and 502/503/504 with backoff; any failure becomes a StoreError naming `url`."""
        attempt = 0
        while True:
            try:
                try:
                    return call()
                except urllib.error.HTTPError as error:  # SPARQLWrapper passes these through
                    detail = _first_line(error.read().decode("utf-8", "replace")) or error.reason
                    raise _HttpStatusError(f"{url}: HTTP {error.code}: {detail}", error.code) from None
            except _HttpStatusError as error:
                if error.status not in _RETRY_STATUS or attempt >= self.retries:
                    raise
            except SPARQLWrapperException as error:
                raise StoreError(f"{url}: {_sparqlwrapper_detail(error)}") from None
            except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
                cause = error.reason if isinstance(error, urllib.error.URLError) else error
                if isinstance(cause, TimeoutError):
                    raise StoreError(f"{url}: no answer within {self.timeout:g}s") from None
                if attempt >= self.retries:
                    reason = _first_line(str(getattr(cause, "strerror", None) or cause)) or type(cause).__name__
                    raise StoreError(
                        f"{url}: cannot reach the endpoint ({reason}) after {attempt + 1} attempts"
                    ) from None
            time.sleep(0.5 * 2**attempt)
            attempt += 1

    def _exchange(self, method: str, url: str, body: bytes, headers: dict[str, str]) -> bytes:
        """One request on a kept-alive connection: Oxigraph slows to a crawl when each write opens a new one."""
        parts = urllib.parse.urlsplit(url)
        key = (parts.scheme, parts.netloc)
        connection = self._connections.pop(key, None)
        reused = connection is not None
        target = f"{parts.path or '/'}?{parts.query}" if parts.query else parts.path or "/"
        while True:
            if connection is None:
                kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
                connection = kind(parts.hostname or "", parts.port, timeout=self.timeout)
            try:
                connection.request(method, target, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
            except (ConnectionError, http.client.HTTPException):
                connection.close()
                if not reused:
                    raise
                connection, reused = None, False  # the server closed the idle connection: reconnect once
                continue
            except BaseException:
                connection.close()
                raise
            if response.will_close:
                connection.close()
            else:
                self._connections[key] = connection
            if response.status >= 400:
                detail = _first_line(data.decode("utf-8", "replace")) or response.reason
                raise _HttpStatusError(f"{url}: HTTP {response.status}: {detail}", response.status)
            return data

    def _send(self, method: str, url: str, body: bytes, content_type: str) -> bytes:
        headers = {"Content-Type": content_type}
        if self._credentials is not None:
            token = base64.b64encode(":".join(self._credentials).encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        return self._retrying(url, lambda: self._exchange(method, url, body, headers))

    def _update(self, sparql: str) -> None:
        self._send("POST", self.update_endpoint, sparql.encode(), "application/sparql-update")

    def _put(self, graph: ox.NamedNode, quads: list[ox.Quad]) -> None:
        assert self.graph_store is not None
        separator = "&" if "?" in self.graph_store else "?"
        url = f"{self.graph_store}{separator}graph={urllib.parse.quote(graph.value, safe='')}"
        self._send("PUT", url, _ntriples(quads).encode(), "application/n-triples")

    # the store interface

    def _replace(self, graphs: dict[ox.NamedNode, list[ox.Quad]], default: list[ox.Quad]) -> None:
        """One request per graph, so each article is stored whole or not at all.

        Oxigraph's graph store clears the old graph and loads the new one in two
        transactions: a failure in between leaves that article absent, never partial.
        """
        done = 0
        try:
            for graph, quads in graphs.items():
                if self._use_graph_store:
                    try:
                        self._put(graph, quads)
                        done += 1
                        continue
                    except _HttpStatusError as error:
                        if error.status not in (404, 405):
                            raise
                        self._use_graph_store = False  # no graph store here: SPARQL Update from now on
                self._update(_update_text([graph], [], quads))
                done += 1
            if default:
                self._update(_update_text([], [], default))
        except StoreError as error:
            raise StoreError(f"{error} ({done} of {len(graphs)} graphs replaced before the failure)") from None

    def remove_graph(self, iri: str) -> None:
        """Delete an article's graph (no error if absent)."""
        self._update(f"DROP SILENT GRAPH {_iri(iri)}")

    def _select(self, sparql: str) -> list[dict[str, dict[str, str]]]:
        bindings: list[dict[str, dict[str, str]]] = json.loads(self.query(sparql, "json"))["results"]["bindings"]
        return bindings

    def graphs(self) -> list[str]:
        """The IRIs of the non-empty named graphs, sorted."""
        rows = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(row["g"]["value"] for row in rows if row["g"]["type"] == "uri")

    def count(self) -> int:
        """Quads in all graphs, the default graph included (doubled on union-default-graph servers)."""
        rows = self._select("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
        return int(rows[0]["n"]["value"])

    def query(self, sparql: str, result_format: str = "json") -> bytes:
        """Run a SPARQL query at the endpoint and return the results body as sent."""
        _results_format(result_format)
        wrapper = SPARQLWrapper(self.query_endpoint)
        wrapper.setMethod(POST)
        wrapper.setTimeout(max(1, round(self.timeout)))
        with warnings.catch_warnings():
            # SPARQLWrapper guesses the query form by regex and warns when unsure; the server decides.
            warnings.simplefilter("ignore", RuntimeWarning)
            wrapper.setQuery(sparql)
        if wrapper.queryType in ("CONSTRUCT", "DESCRIBE"):
            wrapper.setReturnFormat(TURTLE)
            wrapper.addCustomHttpHeader("Accept", "application/n-triples")
        else:
            wrapper.setReturnFormat(_SPARQLWRAPPER_FORMATS[result_format])
        if self._credentials is not None:
            wrapper.setHTTPAuth(BASIC)
            wrapper.setCredentials(*self._credentials)

        def call() -> bytes:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                body: bytes = wrapper.query().response.read()
            return body

        return self._retrying(self.query_endpoint, call)
