"""Reading articles: formats, metadata, boilerplate, and one-line errors for bad input."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dipkg.article import InputError, clean_text, read_inputs, title_of
from dipkg.model import Article


def read(*paths: Path | str, **kwargs) -> list[Article | InputError]:
    return list(read_inputs([str(p) for p in paths], **kwargs))


def test_text_file_gives_one_article_named_by_its_stem(tmp_path: Path) -> None:
    path = tmp_path / "seoul-talks.txt"
    path.write_text("Envoys meet in Seoul\n\nThe envoys met on Monday.\n", encoding="utf-8")
    [article] = read(path, published=date(2020, 1, 6))
    assert isinstance(article, Article)
    assert article.id == "seoul-talks"
    assert article.title == "Envoys meet in Seoul"
    assert article.published == date(2020, 1, 6)
    assert article.origin == str(path)


def test_id_option_overrides_the_stem(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# Heading\n\nText here.", encoding="utf-8")
    [article] = read(path, article_id="custom-1")
    assert article.id == "custom-1"
    assert article.text.startswith("Heading")  # Markdown markup removed


def test_jsonl_batch_keeps_metadata_and_reports_bad_lines_in_place(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "Japan and China held talks.", "published": "2021-03-04",
                    "title": "Talks", "source": "Wire", "url": "https://example.org/a1"}),
        '{"id": "a2", "text": ',  # broken
        json.dumps({"id": "a3", "text": "France protested."}),
        json.dumps({"id": "a1", "text": "Again."}),
        json.dumps({"text": "no id"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read(path)
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article", "InputError", "InputError"]
    first = items[0]
    assert (first.id, first.published, first.source, first.url) == ("a1", date(2021, 3, 4), "Wire", "https://example.org/a1")
    assert str(items[1]).startswith(f"{path}:2: malformed JSON")
    assert "duplicate article id 'a1'" in str(items[3])
    assert str(items[4]) == f"{path}:5: missing or non-string 'id'"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"  \n\n", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file, not text"),
        (b"caf\xe9 au lait", "not UTF-8 text (byte 0xe9 at offset 3)"),
    ],
)
def test_bad_files_give_one_line_errors_that_name_the_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    [error] = read(path)
    assert isinstance(error, InputError)
    assert str(error) == f"{path}: {message}"
    assert "\n" not in str(error)


def test_missing_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Russia and Ukraine agreed on a truce.", encoding="utf-8")
    items = read(tmp_path / "missing.txt", good)
    assert str(items[0]) == f"{tmp_path / 'missing.txt'}: no such file"
    assert isinstance(items[1], Article)


def test_wire_boilerplate_is_trimmed() -> None:
    text = ("Story line one.\n\nReporting by Jane Roe in Kyiv; Editing by John Doe\n\n"
            "Source: Some Agency\n\nYou may also like...\nRelated stories\n")
    assert clean_text(text) == "Story line one."


def test_bylines_and_contributor_lines_are_trimmed_but_not_story_lines_opening_with_by() -> None:
    text = ("Headline\n\nBy Jane Roe and John Doe\n\nBy the end of the year, Kenya will decide.\n\n"
            "Associated Press writers Ana Ruiz in Lima and Li Wei in Beijing contributed to this report.")
    assert clean_text(text) == "Headline\n\nBy the end of the year, Kenya will decide."


def test_title_needs_a_short_first_paragraph() -> None:
    assert title_of("Short headline\n\nBody.") == "Short headline"
    assert title_of("A full sentence that ends.\n\nBody.") is None
    assert title_of("Only one paragraph") is None
