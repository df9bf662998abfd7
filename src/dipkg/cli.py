"""The `dipkg` command: each command a thin shell over one library function.

Errors are one line on standard error, prefixed `dipkg: `, with a non-zero
exit; data goes to standard output or to files written atomically.
"""
from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from dipkg.article import InputError, read_inputs
from dipkg.build import build as build_store
from dipkg.convert import Chunk, convert_stream
from dipkg.nlp import ModelNotFound
from dipkg.queries import QueryError, bind_parameters, load_query, named_queries, restrict_to_articles, run_query
from dipkg.serialize import DataError, atomic_output, format_for_path, read_dataset, serialize
from dipkg.store import EmbeddedStore, StoreError, compacted_if_grown, default_store_path, open_store
from dipkg.validate import validate as validate_graph
from dipkg.workers import WorkerStopped

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Knowledge graphs from diplomacy news: states, persons, offices, PLOVER events and positions as RDF.",
)

KNOWN_ERRORS = (InputError, DataError, QueryError, StoreError, ModelNotFound, WorkerStopped, OSError)

StoreOption = Annotated[Optional[Path], typer.Option("--store", help="On-disk Oxigraph store (default: $DIPKG_STORE or ./dipkg-store).")]
EndpointOption = Annotated[Optional[str], typer.Option("--endpoint", help="SPARQL 1.1 query endpoint URL (credentials from DIPKG_ENDPOINT_USER / DIPKG_ENDPOINT_PASSWORD).")]
UpdateOption = Annotated[Optional[str], typer.Option("--update-endpoint", help="SPARQL 1.1 update endpoint, when the server splits it from --endpoint.")]
GraphStoreOption = Annotated[Optional[str], typer.Option("--graph-store", help="SPARQL 1.1 Graph Store Protocol endpoint, when the server has one.")]
PublishedOption = Annotated[Optional[str], typer.Option("--published", help="Publication date (YYYY-MM-DD) for articles that do not give one; relative dates resolve against it.")]
MinConfidenceOption = Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0, help="Drop extracted facts whose confidence is below this.")]
WorkersOption = Annotated[int, typer.Option("--workers", "-w", min=1, help="Processes that parse and convert, each with its own model (1: this process); the output is the same.")]


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"dipkg: {message}", err=True)
    raise typer.Exit(code)


def warn(message: str) -> None:
    typer.echo(f"dipkg: {message}", err=True)


def parse_published(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"--published must be a date like 2019-12-20, not {value!r}", 2)


class Progress:
    """Failures as they come and, on a terminal, a running count; the summary once the work is done."""

    def __init__(self, label: str, quiet: bool) -> None:
        self.label = label
        self.quiet = quiet
        self.live = sys.stderr.isatty() and not quiet
        self.done = self.failed = 0
        self.started = time.perf_counter()

    def track(self, chunks: Iterator[Chunk]) -> Iterator[Chunk]:
        """Pass the chunks through, counting them."""
        for chunk in chunks:
            self.done += len(chunk.articles)
            self.failed += len(chunk.failures)
            for failure in chunk.failures:
                if self.live:
                    sys.stderr.write("\r\033[K")
                warn(str(failure))
            if self.live:
                rate = self.done / max(time.perf_counter() - self.started, 1e-9)
                sys.stderr.write(f"\r{self.label}: {self.done} articles, {rate:.1f}/s, {self.failed} failed")
                sys.stderr.flush()
            yield chunk

    def finish(self) -> None:
        if self.live:
            sys.stderr.write("\n")
        if not self.quiet:
            elapsed = time.perf_counter() - self.started
            warn(f"{self.label}: {self.done} articles in {elapsed:.1f} s, {self.failed} failed")


@app.command()
def convert(
    inputs: Annotated[list[str], typer.Argument(help="Article files (.txt, .md), JSON Lines batches (.jsonl), or - for standard input.")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output file; the format follows its ending. Standard output when absent.")] = None,
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", help="turtle, nt, nquads, trig or json-ld (default: from the ending of -o, else trig).")] = None,
    published: PublishedOption = None,
    article_id: Annotated[Optional[str], typer.Option("--id", help="Article id for a single text input (default: the file name's stem).")] = None,
    no_validate: Annotated[bool, typer.Option("--no-validate", help="Skip the SHACL validation of the output.")] = False,
    min_confidence: MinConfidenceOption = 0.0,
    workers: WorkersOption = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary on standard error.")] = False,
) -> None:
    """Extract facts from articles and write them as RDF, one named graph per article."""
    try:
        fmt = fmt or (format_for_path(output) if output else "trig")
        items = read_inputs(inputs, parse_published(published), article_id)
        progress = Progress("convert", quiet)
        chunks = convert_stream(items, validate=not no_validate, min_confidence=min_confidence, workers=workers)
        converted, failed = write_chunks(progress.track(chunks), output, fmt)
        progress.finish()
    except KNOWN_ERRORS as exc:
        fail(str(exc))
    if failed:
        raise typer.Exit(1)
    if not converted:
        fail("no articles converted")


def write_chunks(chunks: Iterator[Chunk], output: Path | None, fmt: str) -> tuple[int, int]:
    """Write every chunk's graphs; line-based formats stream, the others are written at the end."""
    from rdflib import Dataset

    converted = failed = 0
    streaming = fmt in ("nquads", "nt")
    whole = Dataset()
    with atomic_output(output) as sink:
        for chunk in chunks:
            converted += len(chunk.articles)
            failed += len(chunk.failures)
            if streaming:
                sink.write(chunk.nquads if fmt == "nquads" else serialize(chunk.dataset, fmt))
            else:
                for graph in chunk.dataset.graphs():
                    if len(graph):
                        whole.graph(graph.identifier).__iadd__(graph)
        if not streaming and converted:
            sink.write(serialize(whole, fmt))
        if not converted:
            sink.discard()
    return converted, failed


@app.command()
def validate(
    data: Annotated[list[str], typer.Argument(help="RDF files to check, or - for standard input.")],
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", help="Format of the data (default: from the ending; trig for standard input).")] = None,
) -> None:
    """Check RDF against dipkg's SHACL shapes; exit 1 on violations."""
    try:
        conforms = True
        for path in data:
            report = validate_graph(read_dataset(path, fmt))
            label = "<stdin>" if path == "-" else path
            if report.conforms:
                typer.echo(f"{label}: conforms")
            else:
                conforms = False
                typer.echo(f"{label}: {len(report.violations)} violations")
                typer.echo(report.text())
    except KNOWN_ERRORS as exc:
        fail(str(exc))
    if not conforms:
        raise typer.Exit(1)


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="A named query (see `dipkg queries`) or a .rq file.")],
    data: Annotated[Optional[list[Path]], typer.Option("--data", "-d", help="Query these RDF files instead of a store.")] = None,
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="Bind a query variable: name=value (repeatable).")] = None,
    article: Annotated[Optional[list[str]], typer.Option("--article", "-a", help="Query only this article's graph (repeatable): fast on a large store.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json, csv, tsv or xml (SPARQL results formats).")] = "table",
) -> None:
    """Run a SPARQL query over files, the embedded store or an endpoint."""
    try:
        sparql = restrict_to_articles(bind_parameters(load_query(name), parse_params(param or [])), article or [])
        if data:
            target = EmbeddedStore()
            for path in data:
                target.load_file(path)
        else:
            target = open_store(store, endpoint)
        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        sys.stdout.buffer.write(run_query(target, sparql, fmt, width))
    except KNOWN_ERRORS as exc:
        fail(str(exc))


def parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            fail(f"--param takes name=value, not {pair!r}", 2)
        params[key.lstrip("?$")] = value
    return params


@app.command("queries")
def list_queries() -> None:
    """List the named queries, a line each."""
    for name, named in sorted(named_queries().items()):
        typer.echo(f"{name:<20} {named.description}")


@app.command()
def load(
    data: Annotated[list[Path], typer.Argument(help="RDF files (N-Quads, TriG, ...); each named graph replaces the stored one.")],
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    update_endpoint: UpdateOption = None,
    graph_store: GraphStoreOption = None,
) -> None:
    """Load RDF files into the embedded store or a SPARQL endpoint."""
    try:
        target = open_store(store, endpoint, update_endpoint, graph_store)
        with compacted_if_grown(target):
            for path in data:
                target.load_file(path)
        typer.echo(f"loaded {len(data)} files; the store holds {target.count()} quads", err=True)
    except KNOWN_ERRORS as exc:
        fail(str(exc))


@app.command()
def build(
    inputs: Annotated[list[str], typer.Argument(help="Article files or JSON Lines batches, or - for standard input.")],
    store: StoreOption = None,
    endpoint: EndpointOption = None,
    update_endpoint: UpdateOption = None,
    graph_store: GraphStoreOption = None,
    published: PublishedOption = None,
    no_validate: Annotated[bool, typer.Option("--no-validate", help="Skip SHACL validation.")] = False,
    min_confidence: MinConfidenceOption = 0.0,
    workers: WorkersOption = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Convert, validate and load a corpus in one step; failed articles are reported, not loaded."""
    progress = Progress("build", quiet)
    try:
        target = open_store(store, endpoint, update_endpoint, graph_store)
        items = read_inputs(inputs, parse_published(published))
        build_store(items, target, validate=not no_validate, min_confidence=min_confidence, workers=workers,
                    track=progress.track)
        progress.finish()
    except KNOWN_ERRORS as exc:
        fail(str(exc))
    if progress.failed:
        raise typer.Exit(1)


@app.command()
def optimize(store: StoreOption = None) -> None:
    """Merge the embedded store's files: whole-store queries run faster after many small builds or loads."""
    path = store if store is not None else default_store_path()
    if not path.is_dir():
        fail(f"{path}: no store here")
    try:
        with EmbeddedStore(path) as target:
            target.optimize()
            typer.echo(f"{path}: optimized; the store holds {target.count()} quads", err=True)
    except KNOWN_ERRORS as exc:
        fail(str(exc))


@app.command()
def serve(
    store: StoreOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to bind; loopback unless told otherwise.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 7878,
    read_only: Annotated[bool, typer.Option("--read-only", help="Serve queries only; no updates.")] = False,
) -> None:
    """Serve the embedded store over SPARQL 1.1 HTTP with the Oxigraph server."""
    from dipkg.serve import serve as serve_store

    try:
        raise typer.Exit(serve_store(store or default_store_path(), host, port, read_only))
    except KNOWN_ERRORS as exc:
        fail(str(exc))


def main() -> None:
    app()
