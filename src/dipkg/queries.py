"""The named SPARQL queries shipped with dipkg, parameter binding, and result rendering.

Named queries are the `.rq` files of the packaged queries folder; their first
`#` comment line is the description `dipkg queries` lists. Parameters are
bound as RDF terms rendered by rdflib, never spliced in as raw text, so a
value cannot change the shape of a query.
"""
from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote

from rdflib import Literal, URIRef

from dipkg.vocab import article_iri

DIPKG_BASE = "https://w3id.org/dipkg/"
TEXT_FORMATS = ("json", "csv", "tsv", "xml")
FORMATS = (*TEXT_FORMATS, "table")

# The column separator of tables, and the narrowest a column is squeezed to.
_SEPARATOR = "  "
_MIN_COLUMN = 8

# One SPARQL token a time: enough lexing to find variables and the braces of
# the WHERE group outside comments, strings and IRIs.
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\r\n]*)
    | (?P<string>\"\"\"(?:(?:\"|\"\")?(?:[^\"\\]|\\.))*\"\"\"
                | '''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
                | \"(?:[^\"\\\r\n]|\\.)*\"
                | '(?:[^'\\\r\n]|\\.)*')
    | (?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$]\w+)
    | (?P<open>\{)
    | (?P<close>\})
    | (?P<word>[A-Za-z_][\w\-]*(?::[\w\-.]*)?)
    | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTEGER = re.compile(r"[+-]?\d+")


class QueryError(ValueError):
    """A query that cannot be found, bound or rendered; the message is one line for the CLI."""


class Store(Protocol):
    """What `run_query` needs of a store: the embedded one or a SPARQL endpoint."""

    def query(self, sparql: str, result_format: str = "json") -> bytes: ...


@dataclass(frozen=True)
class NamedQuery:
    """A query file of the queries folder, listed by `dipkg queries` with its description."""

    name: str
    path: Path
    description: str


def queries_dir() -> Path:
    """The packaged queries folder, or the repository's `queries/` when running from a checkout without it."""
    packaged = Path(__file__).parent / "resources" / "queries"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "queries"


def named_queries() -> dict[str, NamedQuery]:
    """Every `.rq` file of the queries folder by name (the file stem), sorted by name."""
    found: dict[str, NamedQuery] = {}
    for path in sorted(queries_dir().glob("*.rq"), key=lambda path: path.stem):
        first_line = path.read_text(encoding="utf-8").partition("\n")[0]
        description = first_line.lstrip("#").strip() if first_line.startswith("#") else ""
        found[path.stem] = NamedQuery(path.stem, path, description)
    return found


def load_query(name_or_path: str) -> str:
    """The SPARQL text of a named query, or of a query file given by path."""
    known = named_queries()
    if name_or_path in known:
        return known[name_or_path].path.read_text(encoding="utf-8")
    path = Path(name_or_path)
    if path.suffix == ".rq" and path.is_file():
        return path.read_text(encoding="utf-8")
    raise QueryError(
        f"unknown query {name_or_path!r}: neither a named query ({', '.join(known)}) nor a .rq file"
    )


def _rdf_term(value: str) -> str:
    """The SPARQL form of a parameter value: IRI, xsd:date, xsd:integer, or a plain string."""
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
    elif value.startswith(("http://", "https://")):
        iri = value
    else:
        if _ISO_DATE.fullmatch(value):
            try:
                return Literal(date.fromisoformat(value)).n3()
            except ValueError:
                pass  # shaped like a date but not one (2019-13-45): a plain string
        if _INTEGER.fullmatch(value):
            return Literal(int(value)).n3()
        return Literal(value).n3()
    try:
        return URIRef(iri).n3()
    except Exception as error:  # rdflib raises a bare Exception for IRIs it cannot serialize
        raise QueryError(f"not a valid IRI: {value!r}") from error


@dataclass(frozen=True)
class _WhereGroup:
    clause: int  # where the WHERE clause begins: its keyword, or its brace when the keyword is left out
    body: int  # just after the group's opening brace
    variables: set[str]  # the variables used inside the group
    has_dataset: bool  # whether the query names its own dataset (FROM / FROM NAMED)


def _where_group(sparql: str) -> _WhereGroup:
    """The outermost WHERE group of a query: where it begins and opens, and the variables it uses."""
    depth = 0
    seen_where = is_construct = has_dataset = closed = False
    clause = start = -1
    variables: set[str] = set()
    for token in _TOKEN.finditer(sparql):
        kind = token.lastgroup
        if start < 0 and depth == 0 and kind == "word":
            word = token.group().upper()
            if word == "WHERE" and not seen_where:
                seen_where, clause = True, token.start()
            is_construct |= word == "CONSTRUCT"
            has_dataset |= word == "FROM"
        if kind == "open":
            if start < 0 and depth == 0 and (seen_where or not is_construct):
                start = token.end()
                clause = clause if seen_where else token.start()
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth == 0 and start >= 0:
                closed = True
                break
        elif kind == "var" and start >= 0:
            variables.add(token.group()[1:])
    if not closed:
        raise QueryError("the query has no complete WHERE group")
    return _WhereGroup(clause, start, variables, has_dataset)


def restrict_to_articles(sparql: str, article_ids: list[str]) -> str:
    """The query over these articles' graphs only (FROM NAMED), which any SPARQL store answers from its graph index.

    Questions about a few articles then cost what those articles hold, not
    what the whole store holds. The default graph becomes empty, as SPARQL
    has it for a dataset of named graphs only; the named queries do not use it.
    """
    if not article_ids:
        return sparql
    group = _where_group(sparql)
    if group.has_dataset:
        raise QueryError("the query names its own dataset (FROM): it cannot be restricted to articles")
    lines = "".join(f"FROM NAMED {article_iri(article_id).n3()}\n" for article_id in dict.fromkeys(article_ids))
    return sparql[:group.clause] + lines + sparql[group.clause:]


def bind_parameters(sparql: str, params: dict[str, str]) -> str:
    """The query restricted to solutions where each variable `?name` is the given value.

    The values travel in a VALUES block at the start of the WHERE group, under
    fresh variable names, and a sameTerm FILTER ties each to its variable.
    VALUES on the variable itself would be wrong for OPTIONAL variables: a
    solution where `?office` is unbound is compatible with any value and would
    come back carrying the value as if it had matched.
    """
    if not params:
        return sparql
    group = _where_group(sparql)
    start, variables = group.body, group.variables
    unknown = sorted(set(params) - variables)
    if unknown:
        raise QueryError(
            f"unknown parameter {', '.join(unknown)}: the query's variables are {', '.join(sorted(variables))}"
        )
    used = set(variables)
    lines = []
    for name, value in params.items():
        carrier = f"_param_{name}"
        while carrier in used:
            carrier = f"_{carrier}"
        used.add(carrier)
        lines.append(f"  VALUES ?{carrier} {{ {_rdf_term(value)} }} FILTER (sameTerm(?{name}, ?{carrier}))")
    return sparql[:start] + "\n" + "\n".join(lines) + sparql[start:]


def run_query(store: Store, sparql: str, fmt: str, width: int | None = None) -> bytes:
    """The query's results in a SPARQL results format, or as a text table (`width`: line limit, or none)."""
    if fmt in TEXT_FORMATS:
        return store.query(sparql, fmt)
    if fmt != "table":
        raise QueryError(f"unknown result format {fmt!r}: use one of {', '.join(FORMATS)}")
    raw = store.query(sparql, "json")
    try:
        results = json.loads(raw)
    except json.JSONDecodeError as error:
        raise QueryError("the table format needs a SELECT or ASK query") from error
    return format_table(results, width).encode("utf-8")


def _cell(term: dict[str, Any] | None) -> str:
    """A result term as people read it: dipkg IRIs by their last segment, whitespace collapsed."""
    if term is None:
        return ""
    value = term["value"]
    if term["type"] == "uri":
        if value.startswith(DIPKG_BASE):
            return unquote(re.split(r"[/#]", value.rstrip("/#"))[-1])
        return f"<{value}>"
    if term["type"] == "bnode":
        return f"_:{value}"
    return " ".join(str(value).split())


def _column_widths(natural: list[int], longest_words: list[int], width: int | None) -> list[int]:
    """Column widths that fit `width`, narrowing the widest columns first.

    Columns keep room for their longest word if that fits, so codes such as
    `denuclearization` are not split; otherwise none is narrowed below a minimum.
    """
    if width is None or not natural:
        return natural
    available = width - len(_SEPARATOR) * (len(natural) - 1)
    for floors in ([max(_MIN_COLUMN, word) for word in longest_words], [_MIN_COLUMN] * len(natural)):
        limit = max(natural)
        fitted = natural
        while limit > 0:
            fitted = [max(min(floor, n), min(n, limit)) for n, floor in zip(natural, floors)]
            if sum(fitted) <= available:
                return fitted
            limit -= 1
    return fitted


def format_table(results_json: dict[str, Any], width: int | None) -> str:
    """W3C SPARQL JSON results as an aligned text table; cells wider than their column wrap onto more lines."""
    if "boolean" in results_json:
        return f"{'yes' if results_json['boolean'] else 'no'}\n"
    columns: list[str] = results_json["head"]["vars"]
    bindings: list[dict[str, Any]] = results_json["results"]["bindings"]
    rows = [[_cell(binding.get(column)) for column in columns] for binding in bindings]
    natural = [max([len(column)] + [len(row[i]) for row in rows]) for i, column in enumerate(columns)]
    longest_words = [
        max(len(word) for cell in [column] + [row[i] for row in rows] for word in cell.split() or [""])
        for i, column in enumerate(columns)
    ]
    widths = _column_widths(natural, longest_words, width)

    def render(cells: list[str]) -> list[str]:
        wrapped = [textwrap.wrap(cell, w, break_on_hyphens=False) or [""] for cell, w in zip(cells, widths)]
        height = max(len(lines) for lines in wrapped)
        return [
            _SEPARATOR.join(
                (lines[i] if i < len(lines) else "").ljust(w) for lines, w in zip(wrapped, widths)
            ).rstrip()
            for i in range(height)
        ]

    lines = render(columns) + [_SEPARATOR.join("-" * w for w in widths)]
    for row in rows:
        lines += render(row)
    lines.append(f"{len(rows)} row{'' if len(rows) == 1 else 's'}")
    return "\n".join(lines) + "\n"
