"""Converting chunks in worker processes, each with its own model; results in input order.

The parser is the expensive step and holds the interpreter lock, so more
cores need more processes. Each worker is started fresh (spawn: nothing of
the parent, no open store or thread, is copied), loads the model and the
compiled shapes once, and converts whole chunks; it sends back the chunk's
N-Quads as bytes, which cost next to nothing to pass. The parent only reads
the input, and writes or loads the results in input order. At most two
chunks per worker are in flight, so memory does not grow with the corpus.
"""
from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from dipkg.article import InputError
from dipkg.convert import Chunk, ChunkConverter
from dipkg.model import Article
from dipkg.nlp import load_nlp
from dipkg.validate import default_validator

IN_FLIGHT_PER_WORKER = 2  # one chunk being converted, one waiting, so no worker idles
YOUNG_COLLECTION_THRESHOLD = 10_000  # allocations between collections of the youngest generation

_converter: ChunkConverter | None = None  # the worker process's own


class WorkerStopped(RuntimeError):
    """A worker process ended abruptly (killed, or out of memory): one line naming where the input was."""


def _start_worker(validate: bool, min_confidence: float, batch_size: int) -> None:
    global _converter
    _converter = ChunkConverter(load_nlp(), default_validator() if validate else None, min_confidence, batch_size)
    # An article makes a great many short-lived objects; collecting the youngest generation after
    # every 10,000 allocations rather than 700 lets most of them go by reference counting first
    # (the collector's share of converting: 0.6 -> 0.2 ms an article).
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])


def _convert(items: list[Article | InputError]) -> Chunk:
    if _converter is None:
        raise RuntimeError("a worker converted a chunk before it was started")
    return _converter.convert(items)


def convert_in_processes(
    chunks: Iterable[list[Article | InputError]],
    workers: int,
    *,
    validate: bool,
    min_confidence: float,
    batch_size: int,
) -> Iterator[Chunk]:
    """The chunks converted by `workers` processes, yielded in input order as each is ready."""
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(validate, min_confidence, batch_size),
    )
    pending: deque[tuple[Future[Chunk], list[Article | InputError]]] = deque()
    try:
        for items in chunks:
            pending.append((pool.submit(_convert, items), items))
            if len(pending) >= IN_FLIGHT_PER_WORKER * workers:
                yield _next_result(pending)
        while pending:
            yield _next_result(pending)
    except BrokenProcessPool:
        raise WorkerStopped(_stopped_message(pending)) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _next_result(pending: deque[tuple[Future[Chunk], list[Article | InputError]]]) -> Chunk:
    """The first pending chunk once converted; it stays pending until then, to name it if its worker stops."""
    chunk = pending[0][0].result()
    pending.popleft()
    return chunk


def _stopped_message(pending: deque[tuple[Future[Chunk], list[Article | InputError]]]) -> str:
    """Where the input was when a worker stopped: the first article not yet passed on."""
    first = next((item for _, items in pending for item in items if isinstance(item, Article)), None)
    where = f" while converting from {first.origin or first.id}" if first is not None else ""
    return (f"a worker process stopped abruptly (killed, or out of memory?){where}; "
            "run again, with fewer --workers if memory is short")
