"""The `kb` CLI against the seeded graph: every command, every format, exit codes, read-only console.

Expected values come from the source documents (passages cited at each test).
"""

from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cli.main import app
from kb import catalog
from kb.db import Graph
from kb.writers import cell
from tests.cli.conftest import RunKb
from tests.helpers import KB, KbRunner, quote_starts_at, source_line

FORMATS = ["table", "json", "jsonl", "csv"]


def _graph_size(graph: Graph) -> tuple[int, int]:
    row = graph.read(
        "CALL () { MATCH (n) RETURN count(n) AS n } CALL () { MATCH ()-[r]->() RETURN count(r) AS r } RETURN n, r"
    )[0]
    return row["n"], row["r"]


# -- the questions, in every format ----------------------------------------------------------


def test_who_flers_includes_the_cls_flers_agglo(kb: KbRunner) -> None:
    # 001 l.1864: "Avec CLS Flers agglo (signé le 22/11/23) et"
    assert "CLS Flers agglo (signé le 22/11/23)" in source_line("001", 1864)
    result = kb("who", "Flers", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert any(r["via"] == "CLS Flers Agglo" and r["via_kind"] == "Mechanism" for r in rows)
    assert all(r["quote"] for r in rows), "every answer carries its source quote"


@pytest.mark.parametrize("fmt", FORMATS)
def test_search_in_every_format(kb: KbRunner, fmt: str) -> None:
    # Accent-insensitive: "ferte mace" finds La Ferté-Macé (001 names it among the Orne's towns).
    result = kb("search", "ferte mace", "--format", fmt)
    assert result.exit_code == 0, result.output
    out = result.stdout
    if fmt == "json":
        hits = json.loads(out)
        assert hits[0]["name"].startswith("La Ferté")
    elif fmt == "jsonl":
        hits = [json.loads(line) for line in out.splitlines()]
        assert hits[0]["name"].startswith("La Ferté")
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0] == ["id", "label", "name", "kind", "score"]
        assert rows[1][2].startswith("La Ferté")
    else:
        lines = [line for line in out.splitlines() if line.strip()]
        assert "La Ferté" in out
        # a table: every row as wide as the header rule
        widths = {len(line) for line in lines}
        assert len(widths) == 1, widths


# What each question must answer, in JSON and in CSV alike: a row holding these values (CSV
# gives strings), and the document passage it comes from (file prefix, line, start of the quote).
ANSWERS: list[tuple[tuple[str, ...], dict[str, str], tuple[str, int, str] | None]] = [
    (
        ("actor", "ARS Normandie"),
        {"type": "SUPPORTS", "other_id": "actor:association-inter-cpts-orne"},
        ("001", 1557, "Améliorer l'accès aux soins des Ornais à travers l'appui à la création d'une association"),
    ),
    (
        ("territory", "Orne"),
        {"direction": "in", "type": "PART_OF", "other_id": "terr:cpts-orne-ouest"},
        ("001", 592, "Création d’un dispositif aller vers  par la CPTS Orne Ouest"),
    ),
    (
        ("mechanism", "CLS Flers Agglo"),
        {"type": "OF_TYPE", "other_id": "mtype:CLS"},
        ("001", 1864, "Avec CLS Flers agglo (signé le 22/11/23)"),
    ),
    (
        ("coverage", "Orne", "--mechanism-type", "CPTS"),
        {"part_id": "terr:cpts-orne-ouest", "covered": "true", "mechanisms": "CPTS Orne Ouest"},
        ("001", 592, "Création d’un dispositif aller vers  par la CPTS Orne Ouest"),
    ),
    (("hubs",), {"actor_id": "actor:ars-normandie", "kind": "state_agency"}, None),
    (
        ("overlaps",),
        {"kind": "same_type", "subject_id": "mech:pco-orne-0-6", "other_id": "mech:pco-orne-7-12"},
        ("001", 910, "Améliorer l'orientation des enfants via les Plateforme de Coordination et d’Orientation"),
    ),
    (
        ("gaps", "--territory", "Orne"),
        {"kind": "coverage", "subject_id": "terr:fr-com-61001", "subject": "Alençon"},
        None,  # an absence: nothing in the extracts records a CPTS covering Alençon
    ),
    (
        ("path", "actor:cpts-orne-ouest", "ARS Normandie"),
        {"from_id": "actor:cpts-orne-ouest", "rel": "CONTRIBUTES_TO", "to_id": "action:orne-ws06-a09"},
        None,
    ),
    (
        ("who", "Orne", "--theme", "santé mentale"),
        # the action targets Damigny (l.827 ff.), a part of the Orne: it reaches the Orne through that part
        {"actor_id": "actor:cpts-orne-nord-sarthe", "via_id": "action:orne-ws11-a01", "scope": "part"},
        ("001", 827, "Poursuivre les travaux sur la santé (soins et santé mentale) des apprenants"),
    ),
    (
        ("query", "--list"),
        {
            "name": "who_does_what",
            "params": "$territory_id (str), $theme_id (str | null), $scope (str | null), $statuses (list | null), "
            "$bases (list | null), $offset (int = 0), $limit (int | null)",
        },
        None,
    ),
    (("seed", "stats"), {"kind": "label", "name": "MechanismType"}, None),
]


def _rows(text: str, fmt: str) -> list[dict[str, str]]:
    if fmt == "json":
        data = json.loads(text)
        if isinstance(data, dict):  # an entity's profile: its relationships are the CSV's rows
            data = data["relationships"]
        # compared as the CSV writes them (kb.writers.cell): lists joined with "; ", booleans as true/false
        return [{k: cell(v) for k, v in row.items()} for row in data]
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(("command", "expected", "passage"), ANSWERS, ids=[" ".join(a[0]) for a in ANSWERS])
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_every_question_answers_in_json_and_csv(
    kb: KbRunner,
    command: tuple[str, ...],
    expected: dict[str, str],
    passage: tuple[str, int, str] | None,
    fmt: str,
) -> None:
    if passage is not None:
        assert quote_starts_at(*passage), passage
    result = kb(*command, "--format", fmt)
    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout, fmt)
    assert set(expected) <= set(rows[0]), f"columns {sorted(rows[0])}"
    assert any(all(row[k] == v for k, v in expected.items()) for row in rows), expected


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_summary_counts_what_the_graph_holds(kb: KbRunner, seeded: Graph, fmt: str) -> None:
    nodes, rels = _graph_size(seeded)
    sources = [r["id"] for r in seeded.read("MATCH (s:Source) RETURN s.id AS id ORDER BY id")]
    result = kb("summary", "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        data = json.loads(result.stdout)
        assert (data["nodes"], data["relationships"]) == (nodes, rels)
        assert [s["id"] for s in data["sources"]] == sources
        assert {"kind": "label", "name": "Territory", "count": _count(seeded, "Territory")} in data["counts"]
    else:
        fields = {row["field"]: row["value"] for row in csv.DictReader(io.StringIO(result.stdout))}
        assert (fields["nodes"], fields["relationships"]) == (str(nodes), str(rels))
        assert all(s in fields["sources"] for s in sources)


def _count(graph: Graph, label: str) -> int:
    return int(graph.read(f"MATCH (n:{label}) RETURN count(n) AS c")[0]["c"])


def test_query_runs_a_catalog_module_with_parameters(kb: KbRunner) -> None:
    result = kb("query", "gap_coverage", "-p", "territory_id=terr:fr-dep-61", "-p", "type_code=CPTS", "-F", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    # the columns its header declares; 001 gives no CPTS perimeter, so every part has schemes of unknown perimeter
    assert rows and all(list(r) == list(catalog.get("gap_coverage").returns) for r in rows)
    assert all(r["unknown_perimeter"] for r in rows)


def test_query_with_an_undeclared_parameter_is_rejected(kb: KbRunner) -> None:
    result = kb("query", "search", "-p", "lucene=orne", "-p", "limit=5", "-p", "evil=1")
    assert result.exit_code == 1
    assert "takes no parameter evil" in result.stderr


# -- names ---------------------------------------------------------------------------------------


def test_unknown_name_exits_1_with_one_line(kb: KbRunner) -> None:
    result = kb("territory", "Atlantis-sur-Mer")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("kb: error: No territory is called")


def test_ambiguous_name_lists_candidates_and_exits_1(kb: KbRunner) -> None:
    # "CPTS" alone names no actor; it is part of the names of several (001: CPTS Orne Ouest, Orne Centre
    # Saosnois, Orne Nord Sarthe). Full-text hits are suggestions only, never an answer: exit 1, with them listed.
    result = kb("actor", "CPTS")
    assert result.exit_code == 1
    assert "Did you mean" in result.stderr
    assert "actor:cpts-orne-ouest" in result.stderr


# -- the read-only console -------------------------------------------------------------------------

WRITES = [
    "CREATE (:Intruder {id: 'x'})",
    "MERGE (:Intruder {id: 'x'})",
    "MATCH (n:Territory) SET n.name = 'hacked'",
    "MATCH (n:Territory) DETACH DELETE n",
    "MATCH (n:Territory) REMOVE n.name",
    "CREATE INDEX intruder FOR (n:Intruder) ON (n.id)",
    "CREATE CONSTRAINT intruder FOR (n:Intruder) REQUIRE n.id IS UNIQUE",
    "DROP CONSTRAINT entity_id",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "CALL db.createLabel('Intruder')",
    "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS",
    "CREATE DATABASE intruder",
]


@pytest.mark.parametrize("cypher", WRITES)
def test_console_refuses_writes_and_leaves_the_graph_unchanged(kb: KbRunner, seeded: Graph, cypher: str) -> None:
    before = _graph_size(seeded)
    schema_before = seeded.read("SHOW CONSTRAINTS YIELD name RETURN count(*) AS c")
    result = kb("cypher", cypher)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("kb: error:")
    assert _graph_size(seeded) == before
    assert seeded.read("SHOW CONSTRAINTS YIELD name RETURN count(*) AS c") == schema_before


def test_console_reads_with_parameters_and_a_row_cap(kb: KbRunner) -> None:
    result = kb(
        "cypher", "MATCH (t:Territory) WHERE t.code = $code RETURN t.name AS name", "-p", 'code="61"', "-F", "json"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"name": "Orne"}]
    capped = kb("cypher", "MATCH (n:Entity) RETURN n.id AS id", "--max-rows", "3", "-F", "jsonl")
    assert len(capped.stdout.splitlines()) == 3
    assert "Stopped at 3 rows" in capped.stderr


@pytest.mark.parametrize(
    "evil",
    [
        "Orne' }) DETACH DELETE n //",
        "x`) DETACH DELETE n //",
        '" OR 1=1 MATCH (n) DETACH DELETE n //',
        "*:* OR name:orne AND DETACH DELETE",
    ],
)
def test_injection_through_names_and_search_changes_nothing(kb: KbRunner, seeded: Graph, evil: str) -> None:
    before = _graph_size(seeded)
    for args in (("who", evil), ("actor", evil), ("search", evil), ("path", evil, "Orne")):
        result = kb(*args)
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output
    assert _graph_size(seeded) == before


# -- export ----------------------------------------------------------------------------------------


def test_export_graphml_json_csv(kb: KbRunner, seeded: Graph, tmp_path: Path) -> None:
    nodes = seeded.read("MATCH (n:Entity) RETURN count(n) AS c")[0]["c"]
    assert kb("export", "-F", "json", "-o", str(tmp_path / "g.json")).exit_code == 0
    data = json.loads((tmp_path / "g.json").read_text())
    assert len(data["nodes"]) == nodes and data["links"]
    assert kb("export", "-F", "graphml", "-o", str(tmp_path / "g.graphml")).exit_code == 0
    import xml.etree.ElementTree as ET

    root = ET.parse(tmp_path / "g.graphml").getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    sources = seeded.read("MATCH (s:Source) RETURN count(s) AS c")[0]["c"]
    assert len(root.findall(".//g:node", ns)) == nodes - sources  # documents left out (--with-provenance)
    assert kb("export", "-F", "csv", "-o", str(tmp_path / "csv")).exit_code == 0
    files = {p.name for p in (tmp_path / "csv").iterdir()}
    assert "nodes_Territory.csv" in files and "rels_COVERS.csv" in files
    header = (tmp_path / "csv" / "nodes_Territory.csv").read_text().splitlines()[0]
    assert header.startswith("id,")


# -- help ------------------------------------------------------------------------------------------


def _commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    for name, sub in getattr(command, "commands", {}).items():
        yield (*path, name), sub
        yield from _commands(sub, (*path, name))


def test_every_command_has_help_with_an_example() -> None:
    from typer.testing import CliRunner

    runner = CliRunner()
    import typer.main

    walked = list(_commands(typer.main.get_command(app)))
    assert len(walked) >= 20
    for path, command in walked:
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, path
        if not hasattr(command, "commands"):
            assert "Example:" in result.stdout, f"kb {' '.join(path)} --help shows no example"


def test_usage_error_exits_2(kb: KbRunner) -> None:
    result = kb("who")
    assert result.exit_code == 2


# -- real subprocesses: stdout/stderr separation and exit codes --------------------------------------


def test_installed_kb_keeps_results_on_stdout_and_notes_on_stderr(kb_process: RunKb) -> None:
    proc = kb_process("who", "Flers", "-F", "json")
    assert proc.returncode == 0, proc.stderr
    json.loads(proc.stdout)  # nothing but the JSON on stdout
    assert "roles on Flers" in proc.stderr


def test_installed_kb_exit_codes_with_the_database_up(kb_process: RunKb) -> None:
    assert kb_process("search", "orne").returncode == 0
    assert kb_process("territory", "Nowhere-at-all").returncode == 1
    assert kb_process("cypher", "CREATE (n)").returncode == 1
    assert kb_process("search").returncode == 2
    slow = "UNWIND range(1, 100000000) AS x WITH x WHERE x < 0 RETURN count(x)"
    timed_out = kb_process("cypher", slow, "--timeout", "0.5")
    assert timed_out.returncode == 4, timed_out.stderr
    assert "time limit" in timed_out.stderr


SLOW = "UNWIND range(1, 1000000000) AS x WITH x WHERE x < 0 RETURN count(x)"


def _running(graph: Graph) -> bool:
    """Is the slow query running on the server now (its transaction listed)?"""
    rows = graph.read(
        "SHOW TRANSACTIONS YIELD currentQuery "
        "WHERE currentQuery CONTAINS $text AND NOT currentQuery STARTS WITH 'SHOW' RETURN count(*) AS n",
        {"text": "range(1, 1000000000)"},
    )
    return bool(rows[0]["n"])


def test_installed_kb_interrupted_exits_130_within_2_s(cli_env: dict[str, str], graph: Graph) -> None:
    """Ctrl-C during a running query: exit 130 within 2 s (a behaviour bound, with margin: the
    process only has to drop its connection), one line, and the server's transaction ends too."""
    import os

    proc = subprocess.Popen(
        [KB, "cypher", SLOW, "--timeout", "120"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    waited = 0
    while not _running(graph):  # interrupt a query that is running, not a process still starting
        assert proc.poll() is None and waited < 600, "the query never started"
        time.sleep(0.1)
        waited += 1
    started = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    delay = time.monotonic() - started
    assert proc.returncode == 130, err
    assert delay < 2.0, f"exited {delay:.1f} s after Ctrl-C"
    assert "Traceback" not in err and "interrupted" in err
    for _ in range(100):  # the server notices the closed connection and ends the transaction
        if not _running(graph):
            break
        time.sleep(0.1)
    assert not _running(graph), "the interrupted query still runs on the server"
