"""Shared pytest fixtures, one section each."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dipkg.serve import free_port, start_server, stop_server

# --- Oxigraph server ---------------------------------------------------------------------


@pytest.fixture
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `oxigraph serve` on a free loopback port over a fresh folder; yields its base URL."""
    folder: Path = tmp_path_factory.mktemp("oxigraph") / "store"
    port = free_port()
    process = start_server(folder, "127.0.0.1", port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(process)
