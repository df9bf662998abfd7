"""Reading articles: plain text, Markdown and JSON Lines batches, from files or standard input.

Readers stream: a JSON Lines batch is read a line at a time, and a bad file
or line yields an `InputError` in its place so the rest of a batch is still
read. Every error names the file (and line) it comes from, in one line.
"""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path

from dipkg.model import Article

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ""}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
STDIN = "-"
_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")


class InputError(ValueError):
    """A file or record that cannot be read as an article; the message names where."""


@cache
def _boilerplate() -> re.Pattern[str]:
    """Lines that end wire copy and are no part of the story ("Reporting by ...", "Related stories")."""
    lines = (files("dipkg") / "data" / "boilerplate.txt").read_text(encoding="utf-8").splitlines()
    patterns = [line for line in lines if line.strip() and not line.startswith("#")]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def clean_text(text: str) -> str:
    """The story without trailing boilerplate lines and Markdown markup, newlines normalized."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    kept = [line for line in text.split("\n") if not _boilerplate().match(line.strip())]
    text = "\n".join(kept)
    text = re.sub(r"^#{1,6}\s+", "", text, flags=re.MULTILINE)  # Markdown headings
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)  # bold
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)  # links
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def title_of(text: str) -> str | None:
    """The headline: a first paragraph of one short line without closing punctuation."""
    first, _, rest = text.partition("\n\n")
    if rest and "\n" not in first and len(first) <= 200 and not first.rstrip().endswith((".", '"', "'")):
        return first.strip()
    return None


def parse_date(value: object, where: str) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InputError(f"{where}: 'published' must be a date string like 2019-12-20, not {value!r}")
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(f"{where}: 'published' is not an ISO date: {value!r}") from None


def check_id(article_id: str, where: str) -> str:
    if not _ID_PATTERN.match(article_id):
        raise InputError(f"{where}: article id {article_id!r} must be letters, digits, '.', '_', '~' or '-'")
    return article_id


def decode(data: bytes, where: str) -> str:
    """UTF-8 text of a file, or an InputError saying why it is not text."""
    if not data.strip():
        raise InputError(f"{where}: file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(f"{where}: binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None


def article_from_text(text: str, article_id: str, where: str, published: date | None = None) -> Article:
    cleaned = clean_text(text)
    if not cleaned:
        raise InputError(f"{where}: no article text")
    return Article(id=check_id(article_id, where), text=cleaned, published=published,
                   title=title_of(cleaned), origin=where)


def article_from_record(record: object, where: str, published: date | None = None) -> Article:
    """An article from one JSON Lines object: `id`, `text`, optional `published`, `title`, `source`, `url`."""
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object with 'id' and 'text'")
    article_id, text = record.get("id"), record.get("text")
    if not isinstance(article_id, str) or not article_id:
        raise InputError(f"{where}: missing or non-string 'id'")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: missing or empty 'text'")
    for key in ("title", "source", "url"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise InputError(f"{where}: '{key}' must be a string")
    cleaned = clean_text(text)
    if not cleaned:
        raise InputError(f"{where}: no article text")
    return Article(
        id=check_id(article_id, where),
        text=cleaned,
        published=parse_date(record.get("published"), where) or published,
        title=record.get("title") or title_of(cleaned),
        source=record.get("source"),
        url=record.get("url"),
        origin=where,
    )


def read_jsonl(lines: Iterable[bytes], name: str, published: date | None = None) -> Iterator[Article | InputError]:
    seen: set[str] = set()
    any_record = False
    for number, raw in enumerate(lines, start=1):
        where = f"{name}:{number}"
        if not raw.strip():
            continue
        any_record = True
        try:
            line = decode(raw, where)
            try:
                record = json.loads(line.rstrip("\r\n"))
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}: malformed JSON ({exc.msg} at column {exc.colno})") from None
            article = article_from_record(record, where, published)
            if article.id in seen:
                raise InputError(f"{where}: duplicate article id {article.id!r}")
            seen.add(article.id)
            yield article
        except InputError as error:
            yield error
    if not any_record:
        yield InputError(f"{name}: file is empty")


def is_jsonl(path: str) -> bool:
    return Path(path).suffix.lower() in JSONL_SUFFIXES


def read_inputs(
    paths: Iterable[str],
    published: date | None = None,
    article_id: str | None = None,
) -> Iterator[Article | InputError]:
    """Articles from files (or `-` for standard input), in order, with errors in place of bad ones.

    A `.jsonl` file is a batch, one article a line; any other file is one
    article whose id is `article_id` or the file's stem. Standard input is a
    batch when it starts with `{`, else one article.
    """
    for path in paths:
        name = "<stdin>" if path == STDIN else path
        try:
            if path == STDIN:
                data = sys.stdin.buffer.read()
                if data.lstrip().startswith(b"{"):
                    yield from read_jsonl(data.splitlines(), name, published)
                else:
                    yield article_from_text(decode(data, name), article_id or "stdin", name, published)
                continue
            file = Path(path)
            if not file.exists():
                raise InputError(f"{path}: no such file")
            if file.is_dir():
                raise InputError(f"{path}: is a directory")
            if is_jsonl(path):
                with file.open("rb") as handle:
                    yield from read_jsonl(handle, name, published)
            else:
                text = decode(file.read_bytes(), name)
                yield article_from_text(text, article_id or file.stem, name, published)
        except InputError as error:
            yield error
        except OSError as exc:
            yield InputError(f"{path}: cannot read ({exc.strerror})")
