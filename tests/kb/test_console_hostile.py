"""The read-only console against hostile queries (issue 13, holes 1 and 2), on a real Neo4j.

Every payload of the issue and variants of the same families (case, comments, whitespace, line
breaks, ``CALL {…}`` subqueries, ``UNION`` branches, parameters) is refused *before it runs*,
with a message saying what was refused; the graph, the server's statistics collection and a
local HTTP listener show that nothing ran. The gate reads Neo4j's ``EXPLAIN`` plan, not the text.
"""

from __future__ import annotations

import urllib.request
from typing import Any

import pytest

from kb import catalog, console, runtime
from kb.config import get_settings
from kb.db import Graph
from kb.errors import QueryRejected
from tests.kb.conftest import Listener

# (payload, words the refusal must contain). {url} is the local listener's address.
LOAD_CSV = [
    "LOAD/**/CSV FROM '{url}' AS l RETURN l",  # issue 13, hole 1: a comment defeated the regex
    "LOAD //x\nCSV FROM '{url}' AS l RETURN l",  # issue 13, hole 1: a line comment and a line break
    "load csv from '{url}' as l return l",
    "LoAd\tCsV WITH HEADERS FROM '{url}' AS l RETURN l",
    "  /* a */ LOAD /* b */\n\n CSV /* c */ FROM '{url}' AS l RETURN l ;",
    "LOAD CSV FROM $url AS l RETURN l",
    "WITH '{url}' AS u LOAD CSV FROM u AS l RETURN l",
    "CALL () {{ LOAD CSV FROM '{url}' AS l RETURN l }} RETURN l",
    "CALL {{ LOAD CSV FROM '{url}' AS l RETURN l }} RETURN l",
    "RETURN 1 AS x UNION LOAD CSV FROM '{url}' AS l RETURN 2 AS x",
    "RETURN 1 AS x UNION ALL LOAD CSV FROM '{url}' AS l RETURN 2 AS x",
    "CALL db.labels() YIELD label CALL (label) {{ LOAD CSV FROM '{url}' + label AS l RETURN l }} RETURN l",
    "MATCH (t:Territory) WITH t LIMIT 1 LOAD CSV FROM '{url}?' + t.id AS l RETURN l",
    "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
    "USING PERIODIC COMMIT LOAD CSV FROM '{url}' AS l RETURN l",
]

COMMANDS = [
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TERMINATE TRANSACTIONS"),  # issue 13, hole 2
    ("terminate transaction 'neo4j-transaction-1'", "TERMINATE TRANSACTIONS"),
    ("/* x */ TERMINATE\n  TRANSACTIONS 'neo4j-transaction-1' YIELD message RETURN message", "TERMINATE TRANSACTIONS"),
    ("SHOW TRANSACTIONS YIELD parameters", "SHOW TRANSACTIONS"),  # issue 13, hole 2
    ("show transactions", "SHOW TRANSACTIONS"),
    ("SHOW TRANSACTIONS YIELD * RETURN parameters, currentQuery", "SHOW TRANSACTIONS"),
    ("// c\nSHOW /* c */ TRANSACTIONS YIELD parameters WHERE parameters IS NOT NULL", "SHOW TRANSACTIONS"),
    ("SHOW SETTINGS", "SHOW SETTINGS"),
    ("SHOW SETTINGS YIELD name, value WHERE name STARTS WITH 'dbms.security'", "SHOW SETTINGS"),
    ("SHOW PROCEDURES", "SHOW PROCEDURES"),
    ("SHOW FUNCTIONS", "SHOW FUNCTIONS"),
    ("SHOW INDEXES", "SHOW INDEXES"),
    ("SHOW CONSTRAINTS", "SHOW CONSTRAINTS"),
]

PROCEDURES = [
    ("CALL db.stats.collect('QUERIES')", "db.stats.collect"),  # issue 13, hole 2
    ("CALL db.stats.clear('QUERIES')", "db.stats.clear"),  # issue 13, hole 2
    ("CALL db.stats.stop('QUERIES')", "db.stats.stop"),
    ("CALL db.stats.retrieve('GRAPH COUNTS')", "db.stats.retrieve"),
    ("CALL db.prepareForReplanning()", "db.prepareForReplanning"),  # issue 13, hole 2
    ("CALL db.resampleOutdatedIndexes()", "db.resampleOutdatedIndexes"),  # issue 13, hole 2
    ("CALL db.resampleIndex('entity_name')", "db.resampleIndex"),
    ("CALL dbms.killConnections(['bolt-1'])", "dbms.killConnections"),  # issue 13, hole 2
    ("CALL dbms.killConnection('bolt-1')", "dbms.killConnection"),
    ("CALL db.clearQueryCaches()", "db.clearQueryCaches"),  # issue 13, hole 2
    ("CALL tx.setMetaData({a: 1})", "tx.setMetaData"),  # issue 13, hole 2
    ("CALL dbms.listConnections()", "dbms.listConnections"),
    ("CALL dbms.listConfig()", "dbms.listConfig"),
    ("CALL dbms.queryJmx('*:*')", "dbms.queryJmx"),
    ("CALL db.createLabel('Injected')", "db.createLabel"),
    ("call db.stats.collect('QUERIES') yield section return section", "db.stats.collect"),
    ("CALL `db`.`stats`.`collect`('QUERIES')", "db.stats.collect"),
    ("// c\nCALL /* c */ db.resampleOutdatedIndexes()", "db.resampleOutdatedIndexes"),
    ("CALL db.stats.collect($section)", "db.stats.collect"),
    ("CALL () { CALL db.clearQueryCaches() YIELD value RETURN value } RETURN value", "db.clearQueryCaches"),
    ("CALL { CALL db.prepareForReplanning() } RETURN 1", "db.prepareForReplanning"),
    ("RETURN 1 AS x UNION CALL db.resampleOutdatedIndexes() RETURN 2 AS x", "db.resampleOutdatedIndexes"),
    (
        "CALL db.labels() YIELD label RETURN label UNION CALL db.stats.clear('QUERIES') YIELD section "
        "RETURN section AS label",
        "db.stats.clear",
    ),
    ("MATCH (t:Territory) WITH t LIMIT 1 CALL tx.setMetaData({x: t.id}) RETURN 1 AS one", "tx.setMetaData"),
    ("MATCH (t:Territory) CALL (t) { CALL db.stats.collect('QUERIES') YIELD section RETURN section } RETURN 1", ""),
]

WRITES = [
    ("CREATE (:Injected {id: 'x'})", "write"),
    ("MATCH (t:Territory) SET t.name = 'owned'", "write"),
    ("MATCH (t:Territory) DETACH DELETE t", "write"),
    ("MERGE (:Injected {id: 'x'})", "write"),
    ("FOREACH (x IN [1] | CREATE (:Injected))", "write"),
    ("CALL () { CREATE (:Injected) } IN TRANSACTIONS", "write"),
    ("CREATE INDEX injected FOR (n:Injected) ON (n.x)", ""),
    ("DROP INDEX entity_name", ""),
    ("CREATE CONSTRAINT injected FOR (n:Injected) REQUIRE n.x IS UNIQUE", ""),
    ("EXPLAIN MATCH (n) RETURN n", "without EXPLAIN"),
    ("PROFILE MATCH (n) RETURN n", "without EXPLAIN"),
    ("MATCH (n) RETURN n; CREATE (:Injected)", ""),
    ("", "Empty query"),
    (" ;; ", "Empty query"),
]


def _counts(graph: Graph) -> dict[str, Any]:
    rows = catalog.run(graph, "graph_size")
    injected = graph.read("MATCH (n:Injected) RETURN count(n) AS n")[0]["n"]
    return {**rows[0], "injected": injected}


def _collecting(graph: Graph) -> list[str]:
    """Sections the server's statistics collector is collecting (db.stats.collect would start one)."""
    rows = graph.read("CALL db.stats.status() YIELD section, status RETURN section, status")
    return [r["section"] for r in rows if r["status"] != "idle"]


@pytest.fixture
def before(seeded: Graph) -> Any:
    counts = _counts(seeded)
    collecting = _collecting(seeded)
    yield seeded
    assert _counts(seeded) == counts, "a refused query changed the graph"
    assert _collecting(seeded) == collecting, "a refused query started or stopped a statistics collection"


def test_the_listener_does_record_requests(http_listener: Listener) -> None:
    """The no-request assertions below can fail: a real request is seen."""
    with urllib.request.urlopen(http_listener.url, timeout=5) as answer:
        assert b"leaked" in answer.read()
    assert http_listener.hits == ["/x.csv"]


@pytest.mark.parametrize("payload", LOAD_CSV)
def test_load_csv_in_any_spelling_is_refused_and_the_server_fetches_nothing(
    payload: str, before: Graph, http_listener: Listener
) -> None:
    query = payload.format(url=http_listener.url)
    with pytest.raises(QueryRejected) as err:
        console.run_read_only(before, query, {"url": http_listener.url})
    message = str(err.value)
    if "PERIODIC" in payload:  # not Cypher 5 any more: Neo4j's own syntax error refuses it
        assert "rejected" in message
    else:
        assert "LOAD CSV is not allowed in the console" in message
    assert http_listener.hits == []


@pytest.mark.parametrize(("payload", "words"), COMMANDS)
def test_administration_commands_are_refused_by_name(payload: str, words: str, before: Graph) -> None:
    with pytest.raises(QueryRejected) as err:
        console.run_read_only(before, payload)
    assert f"{words} is an administration command, not allowed in the console" in str(err.value)


@pytest.mark.parametrize(("payload", "name"), PROCEDURES)
def test_procedures_outside_the_allow_list_are_refused_by_name(payload: str, name: str, before: Graph) -> None:
    with pytest.raises(QueryRejected) as err:
        console.run_read_only(before, payload, {"section": "QUERIES"} if "$section" in payload else None)
    message = str(err.value)
    assert "not allowed in the console" in message
    if name:
        assert f"The procedure {name} is not allowed" in message
    assert "schema query" not in message  # the old, wrong wording for DBMS procedures


@pytest.mark.parametrize(("payload", "words"), WRITES)
def test_writes_schema_commands_and_tricks_are_refused(payload: str, words: str, before: Graph) -> None:
    with pytest.raises(QueryRejected) as err:
        console.run_read_only(before, payload)
    assert words in str(err.value)


def test_the_server_itself_fetches_no_url_even_without_the_console(
    graph: Graph, settings: Any, http_listener: Listener
) -> None:
    """kb/resources/neo4j.conf blocks every address for LOAD CSV (internal.dbms.cypher_ip_blocklist):
    a LOAD CSV sent straight through the driver, past the console, is refused by the server."""
    if runtime.choose_mode(settings) is not runtime.Mode.MANAGED:
        pytest.skip("the server's configuration is Maillage's only for the managed server")
    with pytest.raises(QueryRejected) as err:
        graph.read("LOAD CSV FROM $url AS l RETURN l", {"url": http_listener.url})
    assert "blocked" in str(err.value)
    with pytest.raises(QueryRejected):
        graph.read("LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l")
    assert http_listener.hits == []


def test_a_plugin_function_found_in_the_plan_is_refused_by_name() -> None:
    """No plugin is installed on the test server, so the plan of a query calling one is built by
    hand, as Neo4j writes it (operators with their Details)."""
    plan = {
        "operatorType": "ProduceResults@neo4j",
        "args": {"Details": "x"},
        "children": [
            {
                "operatorType": "Projection@neo4j",
                "args": {"Details": "apoc.load.jsonParams($autostring_0, {}, null) AS x"},
                "children": [],
            }
        ],
    }
    builtins = frozenset(f.lower() for f in console.BUILTIN_NAMESPACED_FUNCTIONS)
    with pytest.raises(QueryRejected) as err:
        console.check_plan(plan, builtins)
    assert "The function apoc.load.jsonParams is not allowed in the console" in str(err.value)
    plan["children"][0]["args"]["Details"] = "point.distance(a, b) AS x, `apoc.x(` AS y, $p.q AS z"  # type: ignore[index]
    console.check_plan(plan, builtins)  # built-ins, a quoted name and a parameter are not calls


ALLOWED = [
    "MATCH (m:Mechanism)-[:COVERS]->(t:Territory) RETURN m.name, t.name",
    "CALL db.labels()",
    "CALL db.labels() YIELD label RETURN label ORDER BY label",
    "CALL db.relationshipTypes()",
    "CALL db.propertyKeys()",
    "CALL db.schema.visualization()",
    "CALL db.schema.nodeTypeProperties()",
    "CALL db.index.fulltext.queryNodes('entity_search', 'orne') YIELD node RETURN node.id AS id",
    "MATCH (t:Territory) RETURN toUpper(t.name) AS n, date.truncate('day', date()) AS d, "
    "duration.between(date('2020-01-01'), date()) AS age LIMIT 3",
    "MATCH (t:Territory) WHERE EXISTS { (t)-[:PART_OF]->() } RETURN COUNT { (t)--() } AS degree",
    "// a comment\nMATCH (n) RETURN count(n) AS n;",
    "MATCH (n:Territory) RETURN n.id AS id UNION MATCH (n:Actor) RETURN n.id AS id",
]


@pytest.mark.parametrize("query", ALLOWED)
def test_plain_reads_and_harmless_procedures_still_run(query: str, seeded: Graph) -> None:
    result = console.run_read_only(seeded, query, row_cap=5)
    assert result.columns


# The gate's own lookup is a SHOW command, which the console refuses to analysts, as it should.
GATE_OWN = {"console_builtin_functions"}


@pytest.mark.parametrize("name", [n for n in catalog.names() if n not in GATE_OWN])
def test_every_catalog_query_passes_the_console_gate(name: str, seeded: Graph) -> None:
    """No false refusal: the project's own reads (cypher/) are plain reads by the gate's rules."""
    query = catalog.get(name)
    console.check_read_only(seeded, query.text, {p: None for p in query.params})


def test_the_console_timeout_defaults_to_the_setting(seeded: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    """The TUI console calls run_read_only without a timeout: MAILLAGE_QUERY_TIMEOUT then applies
    (issue 13, hole 11: it was a fixed 30 s)."""
    seen: list[float] = []
    real = seeded.read_capped

    def spy(cypher: str, params: Any, timeout: float, cap: int) -> Any:
        seen.append(timeout)
        return real(cypher, params, timeout, cap)

    monkeypatch.setenv("MAILLAGE_QUERY_TIMEOUT", "7.5")
    get_settings.cache_clear()
    monkeypatch.setattr(seeded, "read_capped", spy)
    try:
        console.run_read_only(seeded, "RETURN 1 AS one")
    finally:
        get_settings.cache_clear()
    assert seen == [7.5]
