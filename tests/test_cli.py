"""The `dipkg` command end to end, run as users run it: a subprocess on real files."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "yonhap-biegun-2019-12-20.txt"


def dipkg(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "dipkg", *args], input=stdin, capture_output=True, cwd=cwd,
                          timeout=300)


@pytest.fixture(scope="module")
def example_nq(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "yonhap.nq"
    proc = dipkg("convert", str(EXAMPLE), "--published", "2019-12-20", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


def test_convert_writes_one_named_graph_per_article_and_is_deterministic(example_nq: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.nq"
    assert dipkg("convert", str(EXAMPLE), "--published", "2019-12-20", "-o", str(again), "-q").returncode == 0
    assert again.read_bytes() == example_nq.read_bytes()
    graphs = {line.rsplit(" ", 2)[-2] for line in example_nq.read_text().splitlines()}
    assert graphs == {"<https://w3id.org/dipkg/article/yonhap-biegun-2019-12-20>"}


def test_convert_to_stdout_pipes_into_validate() -> None:
    converted = dipkg("convert", str(EXAMPLE), "--published", "2019-12-20", "-q")
    assert converted.returncode == 0
    assert b"@prefix" in converted.stdout  # TriG by default
    checked = dipkg("validate", "-", stdin=converted.stdout)
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.strip() == b"<stdin>: conforms"


def test_validate_reports_violations_with_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.trig"
    bad.write_text(
        "@prefix dip: <https://w3id.org/dipkg/ontology#> .\n"
        "<https://w3id.org/dipkg/article/x> { <https://w3id.org/dipkg/article/x/event/1> a dip:Event ;"
        " dip:eventType <https://w3id.org/dipkg/plover/DANCE> . }\n",
        encoding="utf-8",
    )
    proc = dipkg("validate", str(bad))
    assert proc.returncode == 1
    assert b"violations" in proc.stdout
    assert b"event/1" in proc.stdout


@pytest.mark.parametrize("suffix", ["ttl", "nt", "trig", "jsonld"])
def test_output_format_follows_the_file_ending(suffix: str, tmp_path: Path) -> None:
    out = tmp_path / f"out.{suffix}"
    proc = dipkg("convert", str(EXAMPLE), "--published", "2019-12-20", "-o", str(out), "--no-validate", "-q")
    assert proc.returncode == 0, proc.stderr
    assert dipkg("validate", str(out)).returncode == 0


def test_named_queries_in_every_results_format(example_nq: Path) -> None:
    listing = dipkg("queries").stdout.decode()
    for name in ("states", "persons", "events", "positions", "offices", "positions-by-state", "meetings"):
        assert name in listing
    states = json.loads(dipkg("query", "states", "--data", str(example_nq), "--format", "json").stdout)
    codes = {b["code"]["value"] for b in states["results"]["bindings"]}
    assert {"USA", "CHN", "PRK", "KOR", "JPN", "RUS", "SWE"} <= codes
    rows = list(csv.DictReader(io.StringIO(dipkg("query", "positions", "--data", str(example_nq), "--format", "csv").stdout.decode())))
    assert {"holder", "issue", "stance"} <= set(rows[0])
    table = dipkg("query", "positions-by-state", "--data", str(example_nq)).stdout.decode()
    assert "sanctions" in table and table.rstrip().endswith("rows")


def test_query_parameter_filters(example_nq: Path) -> None:
    out = dipkg("query", "positions", "--data", str(example_nq), "--param", "holder=CHN", "--format", "json")
    holders = {b["holder"]["value"] for b in json.loads(out.stdout)["results"]["bindings"]}
    assert holders == {"CHN"}


def test_query_restricted_to_articles(example_nq: Path) -> None:
    def article_ids(*options: str) -> set[str]:
        out = dipkg("query", "states", "--data", str(example_nq), *options, "--format", "json")
        assert out.returncode == 0, out.stderr
        return {b["article"]["value"] for b in json.loads(out.stdout)["results"]["bindings"]}

    assert article_ids("--article", "yonhap-biegun-2019-12-20") == {"yonhap-biegun-2019-12-20"}
    assert article_ids("--article", "some-other-article") == set()


def test_bad_inputs_fail_one_line_each_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x7fELF\x00\x00\x01")
    (tmp_path / "batch.jsonl").write_text(
        '{"id": "ok1", "text": "Japan and India held talks in Tokyo on Monday."}\n{"id": broken\n', encoding="utf-8")
    out = tmp_path / "out.nq"
    proc = dipkg("convert", "empty.txt", "binary.txt", "missing.txt", "batch.jsonl", "-o", str(out), "-q", cwd=tmp_path)
    assert proc.returncode == 1
    errors = proc.stderr.decode().splitlines()
    assert errors == [
        "dipkg: empty.txt: file is empty",
        "dipkg: binary.txt: binary file, not text",
        "dipkg: missing.txt: no such file",
        "dipkg: batch.jsonl:2: malformed JSON (Expecting value at column 8)",
    ]
    assert "article/ok1>" in out.read_text()


def test_nothing_is_written_when_nothing_converts(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    proc = dipkg("convert", "empty.txt", "-o", "out.ttl", "-q", cwd=tmp_path)
    assert proc.returncode == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt"]


def test_unknown_query_and_missing_data_are_one_line_errors(tmp_path: Path) -> None:
    proc = dipkg("query", "nope", "--data", str(tmp_path / "x.nq"))
    assert proc.returncode != 0
    assert len(proc.stderr.decode().strip().splitlines()) == 1
    assert b"nope" in proc.stderr
