"""Serve a dipkg store folder as a SPARQL endpoint with the `oxigraph` server binary.

The binary comes from the `oxigraph` PyPI package (`pip install oxigraph`,
or `pip install dipkg[server]`); it reads the same RocksDB folder pyoxigraph
writes. The server answers at `/query`, `/update` and `/store`
(see `RemoteStore.for_oxigraph`).
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import FrameType

from dipkg.store import StoreError


def oxigraph_binary() -> Path:
    """The `oxigraph` executable: next to this Python (the same venv), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    found = shutil.which("oxigraph")
    if found is None:
        raise StoreError(
            f"the `oxigraph` server binary is not next to {sys.executable} nor on PATH; "
            "install it with `pip install oxigraph`"
        )
    return Path(found)


def _command(store_path: Path, host: str, port: int, read_only: bool) -> list[str]:
    if read_only and not store_path.is_dir():
        raise StoreError(f"{store_path}: no store folder to serve read-only")
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    mode = "serve-read-only" if read_only else "serve"
    return [str(oxigraph_binary()), mode, "--location", str(store_path), "--bind", bind]


def stop_server(process: subprocess.Popen[bytes]) -> int:
    """Stop the server (SIGTERM, then SIGKILL after 10 s) and return its exit code."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.wait()


def serve(store_path: Path, host: str = "127.0.0.1", port: int = 7878, read_only: bool = False) -> int:
    """Run the server in the foreground: its exit code, or 0 once stopped by Ctrl-C or SIGTERM.

    A stop signal here terminates the server (a second one kills it), so it
    stops whether the terminal signals both processes or only this one, and
    even when the server inherited an ignored SIGINT (a background job).
    Call it from the main thread (signal handlers live there).
    """
    process = subprocess.Popen(_command(store_path, host, port, read_only))
    stopped = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopped
        if stopped:
            process.kill()
        else:
            process.terminate()
        stopped = True

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        while True:
            try:
                # Poll rather than block: where the OS hands the signal to another thread,
                # a blocking wait would never return to run the handler.
                code = process.wait(timeout=1)
                break
            except subprocess.TimeoutExpired:
                continue
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        stop_server(process)
    return 0 if stopped else code


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now (for tests and benchmarks)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(
    store_path: Path, host: str = "127.0.0.1", port: int = 7878, read_only: bool = False, wait: float = 30
) -> subprocess.Popen[bytes]:
    """Start the server in the background and return once it answers (at most `wait` seconds)."""
    url = f"http://{f'[{host}]' if ':' in host else host}:{port}/query"
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            _command(store_path, host, port, read_only), stdout=subprocess.DEVNULL, stderr=log
        )
        deadline = time.monotonic() + wait
        while True:
            if process.poll() is not None:
                log.seek(0)
                lines = [line.strip() for line in log.read().decode("utf-8", "replace").splitlines() if line.strip()]
                # the error line, not the stack trace RUST_BACKTRACE may add after it
                reason = next((line for line in lines if line.startswith("Error")), lines[0] if lines else "no message")
                raise StoreError(f"{url}: the oxigraph server exited with code {process.returncode}: {reason}")
            try:
                with urllib.request.urlopen(url, timeout=1):
                    return process
            except urllib.error.HTTPError:
                return process  # it answers, whatever it says
            except OSError:
                pass
            if time.monotonic() > deadline:
                stop_server(process)
                raise StoreError(f"{url}: the oxigraph server did not answer within {wait:g}s")
            time.sleep(0.05)
