"""Triplestores dipkg loads into and queries: embedded Oxigraph, or a SPARQL 1.1 endpoint.

Every store answers `query(sparql, result_format)` with the serialized SPARQL
results (`json`, `csv`, `tsv`, `xml`) or, for CONSTRUCT/DESCRIBE, N-Triples.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}


class EmbeddedStore:
    """An Oxigraph store on disk (`path`) or in memory (`path=None`)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._store = ox.Store(str(path)) if path is not None else ox.Store()

    def load_file(self, path: Path) -> None:
        """Add the quads of an RDF file (format from its ending) to the store."""
        self._store.bulk_load(path=str(path), format=ox.RdfFormat.from_extension(path.suffix.lstrip(".")))

    def query(self, sparql: str, result_format: str = "json") -> bytes:
        results = self._store.query(sparql)
        if isinstance(results, ox.QueryTriples):
            return results.serialize(format=ox.RdfFormat.N_TRIPLES)
        if isinstance(results, ox.QueryBoolean):
            return results.serialize(format=RESULT_FORMATS[result_format])
        return results.serialize(format=RESULT_FORMATS[result_format])
