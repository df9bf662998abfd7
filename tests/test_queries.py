"""The named queries run by pyoxigraph over a hand-written two-article graph (tests/data/sample.trig)."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dipkg.queries import (
    QueryError,
    bind_parameters,
    format_table,
    load_query,
    named_queries,
    queries_dir,
    restrict_to_articles,
    run_query,
)
from dipkg.store import EmbeddedStore

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
NAMES = ["events", "meetings", "offices", "persons", "positions", "positions-by-state", "states"]
K01_CONSULT = (
    "Biegun met Chinese Vice Foreign Minister Luo Zhaohui, who is also Beijing's "
    "Special Representative for Korean Peninsula Affairs, on Thursday."
)
QUOTED_STATEMENT = 'We will not accept "any" deal {without verification}'


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    store = EmbeddedStore()
    store.load_file(SAMPLE)
    return store


def select(store: EmbeddedStore, sparql: str) -> tuple[list[str], list[dict[str, str]]]:
    """The variables and the rows (bound values only) of a SELECT query."""
    results = json.loads(store.query(sparql, "json"))
    rows = [{var: term["value"] for var, term in binding.items()} for binding in results["results"]["bindings"]]
    return results["head"]["vars"], rows


def rows_of(store: EmbeddedStore, name: str, params: dict[str, str] | None = None) -> list[dict[str, str]]:
    return select(store, bind_parameters(load_query(name), params or {}))[1]


def test_named_queries_are_listed_with_their_first_comment_line() -> None:
    queries = named_queries()
    assert list(queries) == NAMES
    for name, query in queries.items():
        first_line = query.path.read_text(encoding="utf-8").splitlines()[0]
        assert query.name == name and query.path.parent == queries_dir()
        assert first_line.startswith("# ") and query.description == first_line[2:].strip()
    assert queries["meetings"].description.startswith("Who met whom")


@pytest.mark.parametrize(
    ("name", "variables"),
    [
        ("states", ["article", "code", "label"]),
        ("persons", ["article", "name", "state", "office"]),
        ("events", ["article", "type", "source", "target", "date", "trigger", "sentence"]),
        ("positions", ["article", "holder", "issue", "stance", "statement"]),
        ("offices", ["state", "stateLabel", "person", "office", "article"]),
        ("positions-by-state", ["state", "stateLabel", "issue", "stance", "statement", "sentence", "article"]),
        ("meetings", ["date", "source", "target", "sourcePerson", "targetPerson", "place", "article", "sentence"]),
    ],
)
def test_queries_project_their_documented_variables(store: EmbeddedStore, name: str, variables: list[str]) -> None:
    assert select(store, load_query(name))[0] == variables


def test_states_are_the_states_mentioned_or_referred_to_without_organizations(store: EmbeddedStore) -> None:
    rows = {(row["article"], row["code"], row["label"]) for row in rows_of(store, "states")}
    assert rows == {
        ("k01", "CHN", "China"),
        ("k01", "KOR", "South Korea"),  # only through a dip:Reference ("Seoul")
        ("k01", "PRK", "North Korea"),  # mentioned and referred to: one row
        ("k01", "USA", "United States"),
        ("u02", "CHN", "China"),
        ("u02", "RUS", "Russia"),
        ("u02", "UKR", "Ukraine"),
        ("u02", "USA", "United States"),
    }
    assert len(rows_of(store, "states")) == len(rows)


def test_persons_have_one_row_per_office_and_one_row_without_office(store: EmbeddedStore) -> None:
    assert rows_of(store, "persons") == [
        {"article": "k01", "name": "Harry Kazianis"},
        {"article": "k01", "name": "Kim Yo Jong", "state": "PRK"},
        {"article": "k01", "name": "Luo Zhaohui", "state": "CHN",
         "office": "Special Representative for Korean Peninsula Affairs"},
        {"article": "k01", "name": "Luo Zhaohui", "state": "CHN", "office": "Vice Foreign Minister"},
        {"article": "k01", "name": "Stephen Biegun", "state": "USA", "office": "Special Representative for North Korea"},
        {"article": "u02", "name": "Josep Borrell", "state": "EU", "office": "foreign policy chief"},
        {"article": "u02", "name": "Sergey Lavrov", "state": "RUS", "office": "Foreign Minister"},
        {"article": "u02", "name": "Stephen Biegun"},  # his k01 office does not leak into u02
        {"article": "u02", "name": "Volodymyr Zelensky", "state": "UKR", "office": "President"},
    ]


def test_events_give_plover_codes_actor_codes_dates_and_the_first_evidence_sentence(store: EmbeddedStore) -> None:
    rows = rows_of(store, "events")
    assert [(r["article"], r["type"], r["source"], r.get("target"), r.get("date"), r["trigger"]) for r in rows] == [
        ("k01", "CONSULT", "USA", "CHN", "2019-12-19", "met"),
        ("k01", "THREATEN", "PRK", None, None, "warned"),
        ("u02", "ACCUSE", "RUS", "UKR", "2022-02-28", "accused"),
        ("u02", "CONSULT", "RUS", "CHN", None, "held talks"),
        ("u02", "CONSULT", "UKR", "EU", "2022-03-01", "spoke with"),
        ("u02", "SANCTION", "EU", "RUS", None, "imposed"),
    ]
    assert rows[0]["sentence"] == K01_CONSULT  # sentence 1, not 5: the lower index
    assert rows[1]["sentence"] == "Kim Yo Jong warned that Pyongyang would respond to any provocation."


def test_positions_give_holder_code_and_issue_and_stance_local_names(store: EmbeddedStore) -> None:
    assert rows_of(store, "positions") == [
        {"article": "k01", "holder": "CHN", "issue": "sanctions", "stance": "oppose",
         "statement": "Luo reportedly proposed that the U.S. take steps toward partial sanctions relief"},
        {"article": "k01", "holder": "USA", "issue": "denuclearization", "stance": "support",
         "statement": QUOTED_STATEMENT},
        {"article": "u02", "holder": "EU", "issue": "sanctions", "stance": "support",
         "statement": "the EU backs sanctions until Russia withdraws"},
        {"article": "u02", "holder": "UKR", "issue": "alliance", "stance": "support",
         "statement": "Zelensky called for Ukraine to join NATO"},
    ]


def test_offices_are_ordered_by_state_then_person(store: EmbeddedStore) -> None:
    assert [(r["state"], r["stateLabel"], r["person"], r["office"], r["article"]) for r in rows_of(store, "offices")] == [
        ("CHN", "China", "Luo Zhaohui", "Special Representative for Korean Peninsula Affairs", "k01"),
        ("CHN", "China", "Luo Zhaohui", "Vice Foreign Minister", "k01"),
        ("EU", "European Union", "Josep Borrell", "foreign policy chief", "u02"),
        ("RUS", "Russia", "Sergey Lavrov", "Foreign Minister", "u02"),
        ("UKR", "Ukraine", "Volodymyr Zelensky", "President", "u02"),
        ("USA", "United States", "Stephen Biegun", "Special Representative for North Korea", "k01"),
    ]


def test_positions_by_state_carry_statement_sentence_and_article(store: EmbeddedStore) -> None:
    rows = rows_of(store, "positions-by-state")
    assert [(r["state"], r["stateLabel"], r["issue"], r["stance"], r["article"]) for r in rows] == [
        ("CHN", "China", "sanctions", "oppose", "k01"),
        ("EU", "European Union", "sanctions", "support", "u02"),
        ("UKR", "Ukraine", "alliance", "support", "u02"),
        ("USA", "United States", "denuclearization", "support", "k01"),
    ]
    assert rows[3]["statement"] == QUOTED_STATEMENT
    assert rows[3]["sentence"] == f'Washington said: "{QUOTED_STATEMENT}."'


def test_meetings_are_consult_events_by_date_undated_last(store: EmbeddedStore) -> None:
    assert rows_of(store, "meetings") == [
        {"date": "2019-12-19", "source": "USA", "target": "CHN", "sourcePerson": "Stephen Biegun",
         "targetPerson": "Luo Zhaohui", "place": "CHN", "article": "k01", "sentence": K01_CONSULT},
        {"date": "2022-03-01", "source": "UKR", "target": "EU", "sourcePerson": "Volodymyr Zelensky",
         "targetPerson": "Josep Borrell", "article": "u02",
         "sentence": "Ukrainian President Volodymyr Zelensky spoke with EU foreign policy chief Josep Borrell on Tuesday."},
        {"source": "RUS", "target": "CHN", "sourcePerson": "Sergey Lavrov", "article": "u02",
         "sentence": "Lavrov also held talks with Chinese officials."},
    ]


def test_json_output_is_w3c_sparql_results(store: EmbeddedStore) -> None:
    results = json.loads(run_query(store, load_query("events"), "json"))
    assert results["head"]["vars"][:5] == ["article", "type", "source", "target", "date"]
    first = results["results"]["bindings"][0]
    assert first["article"] == {"type": "literal", "value": "k01"}
    assert first["type"] == {"type": "literal", "value": "CONSULT"}
    assert first["date"] == {"type": "literal", "value": "2019-12-19", "datatype": XSD_DATE}
    assert "target" not in results["results"]["bindings"][1]


def test_csv_tsv_and_xml_outputs(store: EmbeddedStore) -> None:
    sparql = load_query("states")
    lines = run_query(store, sparql, "csv").decode().splitlines()
    assert lines[0] == "article,code,label"
    assert list(csv.reader(io.StringIO(lines[1]))) == [["k01", "CHN", "China"]]
    assert run_query(store, sparql, "tsv").decode().splitlines()[0] == "?article\t?code\t?label"
    root = ET.fromstring(run_query(store, sparql, "xml"))
    assert root.tag == "{http://www.w3.org/2005/sparql-results#}sparql"
    assert len(root.findall(".//{http://www.w3.org/2005/sparql-results#}result")) == 8


def test_table_output_shows_values_and_row_count_within_the_width(store: EmbeddedStore) -> None:
    table = run_query(store, load_query("positions-by-state"), "table", width=100).decode()
    lines = table.splitlines()
    assert lines[0].split() == ["state", "stateLabel", "issue", "stance", "statement", "sentence", "article"]
    assert "denuclearization" in table and "European Union" in table and "u02" in table
    assert all(len(line) <= 100 for line in lines) and max(len(line) for line in lines) > 90
    assert "We will not accept" in table  # long statements wrap rather than vanish
    assert lines[-1] == "4 rows"


def test_table_shortens_dipkg_iris_only(store: EmbeddedStore) -> None:
    sparql = """
        PREFIX dip: <https://w3id.org/dipkg/ontology#>
        PREFIX schema: <https://schema.org/>
        SELECT ?g ?url WHERE { GRAPH ?g { ?g schema:url ?url } }
    """
    lines = run_query(store, sparql, "table", width=120).decode().splitlines()
    assert lines[2].split() == ["k01", "<https://en.yna.co.kr/view/AEN20191220000351325>"]
    assert lines[-1] == "1 row"


def test_format_table_wraps_long_cells_and_leaves_unbound_cells_empty() -> None:
    results = {
        "head": {"vars": ["code", "text"]},
        "results": {"bindings": [
            {"code": {"type": "uri", "value": "https://w3id.org/dipkg/article/a%20b"},
             "text": {"type": "literal", "value": "one two three four five six seven eight", "xml:lang": "en"}},
            {"text": {"type": "literal", "value": "short"}},
        ]},
    }
    assert format_table(results, 20) == (
        "code  text\n"
        "----  --------------\n"
        "a b   one two three\n"
        "      four five six\n"
        "      seven eight\n"
        "      short\n"
        "2 rows\n"
    )
    unlimited = format_table(results, None).splitlines()
    assert unlimited[2] == "a b   one two three four five six seven eight"
    assert format_table({"head": {}, "boolean": True}, None) == "yes\n"


def test_format_table_keeps_whole_words_while_they_fit_the_width() -> None:
    results = {
        "head": {"vars": ["issue", "text"]},
        "results": {"bindings": [{
            "issue": {"type": "literal", "value": "denuclearization"},
            "text": {"type": "literal", "value": "aaaa bbbb cccc dddd eeee ffff gggg hhhh"},
        }]},
    }
    assert format_table(results, 30).splitlines()[2:4] == ["denuclearization  aaaa bbbb", "                  cccc dddd"]
    narrow = format_table(results, 20).splitlines()
    assert narrow[2:4] == ["denuclear  aaaa bbbb", "ization    cccc dddd"]
    assert all(len(line) <= 20 for line in narrow)


def test_unknown_result_format_is_an_error(store: EmbeddedStore) -> None:
    with pytest.raises(QueryError, match="unknown result format 'yaml'.*json, csv, tsv, xml, table"):
        run_query(store, load_query("states"), "yaml")


def test_table_of_a_construct_query_is_an_error(store: EmbeddedStore) -> None:
    with pytest.raises(QueryError, match="SELECT or ASK"):
        run_query(store, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "table")


def test_parameter_filters_the_rows(store: EmbeddedStore) -> None:
    rows = rows_of(store, "positions", {"holder": "CHN"})
    assert [(r["article"], r["holder"], r["issue"], r["stance"]) for r in rows] == [("k01", "CHN", "sanctions", "oppose")]


def test_parameter_on_an_optional_variable_does_not_match_unbound_rows(store: EmbeddedStore) -> None:
    rows = rows_of(store, "events", {"target": "CHN"})
    assert [(r["article"], r["type"], r["source"], r["target"]) for r in rows] == [
        ("k01", "CONSULT", "USA", "CHN"),
        ("u02", "CONSULT", "RUS", "CHN"),
    ]  # not the THREATEN event, which has no target
    assert [r["name"] for r in rows_of(store, "persons", {"office": "Foreign Minister"})] == ["Sergey Lavrov"]


def test_parameter_values_become_typed_terms(store: EmbeddedStore) -> None:
    dated = rows_of(store, "events", {"date": "2019-12-19"})  # xsd:date, as dip:date is
    assert [(r["type"], r["source"]) for r in dated] == [("CONSULT", "USA")]
    graph = rows_of(store, "states", {"g": "https://w3id.org/dipkg/article/u02"})
    assert {r["article"] for r in graph} == {"u02"} and len(graph) == 4
    assert rows_of(store, "states", {"g": "<https://w3id.org/dipkg/article/k01>"})[0]["article"] == "k01"
    sentence = """
        PREFIX dip: <https://w3id.org/dipkg/ontology#>
        PREFIX schema: <https://schema.org/>
        SELECT ?text WHERE { GRAPH ?g { ?s dip:sentenceIndex ?index ; schema:text ?text } }
    """
    assert select(store, bind_parameters(sentence, {"index": "7"}))[1] == [
        {"text": f'Washington said: "{QUOTED_STATEMENT}."'}
    ]


def test_a_date_shaped_value_that_is_no_date_stays_a_string(tmp_path: Path) -> None:
    data = tmp_path / "odd.nt"
    data.write_text('<https://example.org/s> <https://example.org/p> "2019-13-45" .\n', encoding="utf-8")
    store = EmbeddedStore()
    store.load_file(data)
    sparql = bind_parameters("SELECT ?s WHERE { ?s ?p ?o }", {"o": "2019-13-45"})
    assert select(store, sparql)[1] == [{"s": "https://example.org/s"}]


def test_parameter_values_cannot_inject_sparql(store: EmbeddedStore) -> None:
    assert rows_of(store, "positions", {"holder": 'CHN" ) } UNION { ?s ?p ?holder } #'}) == []
    assert rows_of(store, "positions", {"holder": "CHN' } UNION { ?s ?p ?holder } #"}) == []
    rows = rows_of(store, "positions", {"statement": QUOTED_STATEMENT})  # quotes and braces are data
    assert [(r["holder"], r["issue"]) for r in rows] == [("USA", "denuclearization")]
    with pytest.raises(QueryError, match="not a valid IRI"):
        bind_parameters(load_query("states"), {"g": "<https://x.org/> } UNION { ?s ?p ?g } #>"})
    with pytest.raises(QueryError, match="not a valid IRI"):
        bind_parameters(load_query("states"), {"g": "https://x.org/a> } UNION { ?s ?p ?g"})


def test_unknown_parameter_is_an_error_naming_the_query_variables() -> None:
    with pytest.raises(QueryError, match=r"unknown parameter country: .*\bholder\b.*\bstance\b"):
        bind_parameters(load_query("positions"), {"country": "CHN"})
    with pytest.raises(QueryError, match="unknown parameter"):
        bind_parameters(load_query("positions"), {"holder }": "CHN"})


def test_parameters_bind_inside_the_where_group_not_a_construct_template_or_comment(store: EmbeddedStore) -> None:
    sparql = """# a { brace and WHERE { in a comment
        PREFIX dip: <https://w3id.org/dipkg/ontology#>
        CONSTRUCT { ?state dip:code ?code } WHERE { GRAPH ?g { ?state a dip:State ; dip:code ?code } }
    """
    triples = store.query(bind_parameters(sparql, {"code": "KOR"})).decode().splitlines()
    assert triples == ['<https://w3id.org/dipkg/state/KOR> <https://w3id.org/dipkg/ontology#code> "KOR" .']
    bare = 'PREFIX dip: <https://w3id.org/dipkg/ontology#> SELECT ?code { GRAPH ?g { ?s dip:code ?code } }'
    assert select(store, bind_parameters(bare, {"code": "NATO"}))[1] == [{"code": "NATO"}]
    with pytest.raises(QueryError, match="no complete WHERE group"):
        bind_parameters("DESCRIBE <https://w3id.org/dipkg/state/KOR>", {"x": "1"})


@pytest.mark.parametrize("name", NAMES)
def test_restricting_to_articles_gives_exactly_their_rows(store: EmbeddedStore, name: str) -> None:
    every = rows_of(store, name)
    for article in ("k01", "u02"):
        only = select(store, restrict_to_articles(load_query(name), [article]))[1]
        assert only and only == [row for row in every if row["article"] == article]
    assert select(store, restrict_to_articles(load_query(name), ["k01", "u02", "k01"]))[1] == every
    assert select(store, restrict_to_articles(load_query(name), ["no-such-article"]))[1] == []


def test_restricting_keeps_parameters_and_construct_templates(store: EmbeddedStore) -> None:
    bound = restrict_to_articles(bind_parameters(load_query("events"), {"target": "CHN"}), ["u02"])
    assert [(r["article"], r["source"]) for r in select(store, bound)[1]] == [("u02", "RUS")]
    construct = """# WHERE { in a comment
        PREFIX dip: <https://w3id.org/dipkg/ontology#>
        CONSTRUCT { ?state dip:code ?code } WHERE { GRAPH ?g { ?state a dip:State ; dip:code ?code } }
    """
    codes = store.query(restrict_to_articles(construct, ["k01"])).decode()
    assert '"KOR"' in codes and '"RUS"' not in codes
    bare = 'PREFIX dip: <https://w3id.org/dipkg/ontology#> SELECT ?code { GRAPH ?g { ?s dip:code "RUS" ; dip:code ?code } }'
    assert select(store, restrict_to_articles(bare, ["u02"]))[1] == [{"code": "RUS"}]
    assert select(store, restrict_to_articles(bare, ["k01"]))[1] == []
    with pytest.raises(QueryError, match="names its own dataset"):
        restrict_to_articles("SELECT * FROM <https://x.org/g> WHERE { ?s ?p ?o }", ["k01"])


def test_load_query_reads_a_name_or_a_file(tmp_path: Path) -> None:
    assert load_query("states") == (queries_dir() / "states.rq").read_text(encoding="utf-8")
    own = tmp_path / "mine.rq"
    own.write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    assert load_query(str(own)) == "SELECT * WHERE { ?s ?p ?o }\n"


def test_unknown_query_name_lists_the_known_names() -> None:
    with pytest.raises(QueryError) as error:
        load_query("treaties")
    message = str(error.value)
    assert "\n" not in message and "'treaties'" in message
    assert all(name in message for name in NAMES)
