"""A corpus into a store in one pass: converted and loaded.

`dipkg build` is a thin shell over `build`. Converted chunks are loaded
`LOAD_SIZE` articles at a time; with worker processes, once the whole input
has been handed out, what is held is loaded while the workers convert the
last chunks, which are then loaded together, so the load runs beside the
parsers rather than after them. An embedded store that the build has at
least doubled is compacted at the end (`compacted_if_grown`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from dipkg.article import InputError
from dipkg.convert import LOAD_SIZE, Chunk, convert_stream, joined
from dipkg.model import Article
from dipkg.store import EmbeddedStore, RemoteStore, compacted_if_grown

T = TypeVar("T")


class WatchedIterator(Iterator[T]):
    """The items of an iterable, passed through; `exhausted` turns True once the last has been read."""

    def __init__(self, items: Iterable[T]) -> None:
        self._items = iter(items)
        self.exhausted = False

    def __next__(self) -> T:
        try:
            return next(self._items)
        except StopIteration:
            self.exhausted = True
            raise


def build(
    items: Iterable[Article | InputError],
    store: EmbeddedStore | RemoteStore,
    *,
    validate: bool = True,
    min_confidence: float = 0.0,
    workers: int = 1,
    track: Callable[[Iterator[Chunk]], Iterator[Chunk]] = iter,
) -> None:
    """Convert `items` and load every article that converts into `store`; `track` sees each chunk
    (its articles and failures) as it is converted."""
    watched = WatchedIterator(items)
    chunks = track(convert_stream(watched, validate=validate, min_confidence=min_confidence, workers=workers))
    # one process converts and loads in turn: nothing to overlap
    input_read: Callable[[], bool] = (lambda: watched.exhausted) if workers > 1 else (lambda: False)
    with compacted_if_grown(store):
        for batch in joined(chunks, LOAD_SIZE, input_read):
            if batch.articles:
                store.replace_graphs(batch.nquads, batch.graphs)
