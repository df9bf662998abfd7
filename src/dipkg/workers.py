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

from dipkg.article import InputError
from dipkg.convert import Chunk, ChunkConverter
from dipkg.model import Article
from dipkg.nlp import load_nlp
from dipkg.validate import default_validator

IN_FLIGHT_PER_WORKER = 2  # one chunk being converted, one waiting, so no worker idles
YOUNG_COLLECTION_THRESHOLD = 10_000  # allocations between collections of the youngest generation

_converter: ChunkConverter | None = None  # the worker process's own


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
    pending: deque[Future[Chunk]] = deque()
    try:
        for items in chunks:
            pending.append(pool.submit(_convert, items))
            if len(pending) >= IN_FLIGHT_PER_WORKER * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
