"""Perimeter import from a user's file: good and bad files, one transaction, idempotent, kept by a seed reload.

The files under tests/data/ are made up (their first line says so); the seed's knowledge stays what
the documents say: 001 never gives the CPTS perimeters ("4 CPTS du département", l.1559).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb import findings, loader, perimeters, questions, seed, who_counts
from kb.db import Graph
from kb.errors import InvalidInput
from kb.findings import GapKind
from tests.helpers import forget_imports, source_line

DATA = Path(__file__).resolve().parent.parent / "data"


def _forget_imports(graph: Graph) -> None:
    forget_imports(graph)


@pytest.fixture
def graph_for_import(seeded: Graph) -> Iterator[Graph]:
    """The seeded graph; whatever a test imports is removed afterwards (the seed's fingerprint does not see it)."""
    _forget_imports(seeded)
    yield seeded
    _forget_imports(seeded)


def _size(graph: Graph) -> tuple[int, int]:
    row = graph.read(
        "CALL () { MATCH (n) RETURN count(n) AS n } CALL () { MATCH ()-[r]->() RETURN count(r) AS r } RETURN n, r"
    )[0]
    return row["n"], row["r"]


def test_every_test_file_says_it_is_test_data() -> None:
    for path in DATA.glob("perimeters_*"):
        assert "TEST DATA" in path.read_text(encoding="utf-8").splitlines()[0], path


def test_a_good_csv_matches_existing_mechanisms_creates_the_others_and_cites_the_file(graph_for_import: Graph) -> None:
    g = graph_for_import
    path = DATA / "perimeters_cpts_good.csv"
    report = perimeters.import_file(g, path, "CPTS")
    assert report.written and not report.unmatched and report.rows == 3
    by_mech = {p.mechanism_id: p for p in report.perimeters}
    # "CPTS Orne Ouest" and "Orne Ouest" (without the type's prefix) are the seed's scheme (001 l.592)
    assert not by_mech["mech:cpts-orne-ouest"].created
    assert sorted(by_mech["mech:cpts-orne-ouest"].territories) == ["terr:fr-com-61006", "terr:fr-com-61169"]
    created = by_mech["mech:import-cpts-cpts-test-alencon"]
    assert created.created and created.territories == ["terr:fr-com-61001"]
    # the evidence is the file's line and text
    covers = g.read(
        "MATCH (:Mechanism {id: 'mech:cpts-orne-ouest'})-[c:COVERS]->(:Territory {id: 'terr:fr-com-61169'}) "
        "MATCH (s:Source {id: c.source}) RETURN c.line AS line, c.quote AS quote, s.kind AS kind, s.file AS file"
    )
    assert covers == [{"line": 3, "quote": "61169;CPTS Orne Ouest;made up", "kind": "import", "file": path.name}]
    assert path.read_text(encoding="utf-8").splitlines()[2] == covers[0]["quote"]
    # the created scheme is of the type and cites the import
    assert g.read(
        "MATCH (m:Mechanism:Imported {id: 'mech:import-cpts-cpts-test-alencon'})-[:OF_TYPE]->(t:MechanismType) "
        "MATCH (m)-[:CITED_IN]->(s:Source {kind: 'import'}) RETURN t.code AS t"
    ) == [{"t": "CPTS"}]


def test_importing_twice_changes_nothing_and_a_seed_reload_keeps_the_import(
    graph_for_import: Graph, bundle: seed.Bundle
) -> None:
    g = graph_for_import
    path = DATA / "perimeters_cpts_good.csv"
    perimeters.import_file(g, path, "CPTS")
    size = _size(g)
    again = perimeters.import_file(g, path, "CPTS")
    assert again.unchanged and _size(g) == size
    result = loader.load(g, bundle)  # prune on: the extracts do not state the imported perimeter
    assert result.nodes_deleted == 0 and result.relationships_deleted == 0
    assert _size(g) == size


def test_a_geojson_with_a_list_of_codes_per_feature(graph_for_import: Graph) -> None:
    report = perimeters.import_file(graph_for_import, DATA / "perimeters_cpts.geojson", "CPTS")
    by_mech = {p.mechanism_id: sorted(p.territories) for p in report.perimeters}
    assert by_mech == {
        "mech:import-cpts-cpts-test-alencon": ["terr:fr-com-61001", "terr:fr-com-61006"],
        "mech:cpts-orne-ouest": ["terr:fr-com-61169"],
    }


@pytest.mark.parametrize(
    "name, options, message",
    [
        (
            "perimeters_cpts_unknown_code.csv",
            {},
            "perimeters_cpts_unknown_code.csv: 1 code(s) match no commune or EPCI of the graph: 61999 (line 4)",
        ),
        ("perimeters_cpts_duplicate.csv", {}, "perimeters_cpts_duplicate.csv:5: code: 61169 is listed twice"),
        ("perimeters_cpts_bad_column.csv", {}, "perimeters_cpts_bad_column.csv:2: header: no code column"),
        ("perimeters_cpts_bad_column.csv", {"code_column": "insee"}, "no code column 'insee'"),
        ("perimeters_cpts_empty.csv", {}, "perimeters_cpts_empty.csv: file: empty"),
        ("no_such_file.csv", {}, "cannot read it"),
    ],
)
def test_a_bad_file_is_refused_with_its_line_and_nothing_is_written(
    graph_for_import: Graph, name: str, options: dict[str, str], message: str
) -> None:
    size = _size(graph_for_import)
    with pytest.raises(InvalidInput) as err:
        perimeters.import_file(graph_for_import, DATA / name, "CPTS", **options)
    assert message in str(err.value)
    assert _size(graph_for_import) == size


def test_the_named_column_is_used_and_an_unknown_type_is_refused(graph_for_import: Graph) -> None:
    report = perimeters.import_file(
        graph_for_import, DATA / "perimeters_cpts_bad_column.csv", "CPTS", code_column="commune", dry_run=True
    )
    assert not report.written and report.perimeters[0].territories == ["terr:fr-com-61169"]
    with pytest.raises(InvalidInput, match="No mechanism type 'NOPE'"):
        perimeters.import_file(graph_for_import, DATA / "perimeters_cpts_good.csv", "NOPE")


def test_an_imported_perimeter_turns_unknown_coverage_into_stated_coverage(graph_for_import: Graph) -> None:
    """Before: 001 gives no CPTS perimeter (l.1559 "4 CPTS du département"), so Flers is unknown.
    After importing the made-up file: Flers is covered by the CPTS Orne Ouest, Alençon by the made-up
    scheme, and the other communes stay unknown, because two CPTS still have no perimeter."""
    assert "4 CPTS du département" in source_line("001", 1559)
    g = graph_for_import
    before = {f.subject: f.details["status"] for f in findings.gaps(g, "Orne", [GapKind.coverage], "CPTS")}
    assert before["Flers"] == before["Alençon"] == "unknown"
    perimeters.import_file(g, DATA / "perimeters_cpts_good.csv", "CPTS")
    _, rows = questions.mechanism_coverage(g, "Orne", "CPTS")
    by_part = {r.part: r for r in rows}
    assert by_part["Flers"].status == "covered" and by_part["Flers"].mechanisms == ["CPTS Orne Ouest"]
    assert by_part["Alençon"].mechanisms == ["CPTS Test Alençon"]
    assert by_part["Sées"].status == "unknown"
    assert by_part["Sées"].unknown_perimeter == ["CPTS Orne Centre Saosnois", "CPTS Orne Nord Sarthe"]
    assert "2 of the 4 CPTS around it (in Orne) have no recorded perimeter" in by_part["Sées"].why


# One more actor (cited from 001's opening, l.9), so that the load below writes a new generation.
EXTRA = """\
source: src:001-ars-normandie-orne-2024-2025
actors:
  - id: actor:import-during-load-test
    name: Import during load test actor
    kind: association
    based_in: [terr:fr-com-61169]
    evidence: {line: 9, quote: "ayant pour objectif de mieux répondre aux besoins des territoires"}
"""


def test_an_import_during_a_load_waits_for_it_and_outlives_its_switch(
    graph_for_import: Graph, bundle: seed.Bundle, tmp_path: Path
) -> None:
    """An import that committed while a load was staging landed on the generation the switch retires:
    its COVERS were lost with the sweep. It now waits for the load lock."""
    g = graph_for_import
    finished = threading.Event()
    errors: list[BaseException] = []

    def run_import() -> None:
        try:
            perimeters.import_file(g, DATA / "perimeters_cpts_good.csv", "CPTS")
        except BaseException as err:  # reported by the test's thread
            errors.append(err)
        finished.set()

    worker = threading.Thread(target=run_import)

    def hook(step: str) -> None:
        if step.startswith("stage nodes 1/") and not worker.is_alive() and not finished.is_set():
            worker.start()
            time.sleep(2.0)  # long enough for an import of three rows to commit, had it not waited
            assert not finished.is_set(), "the import committed during the load's staging"

    extra = tmp_path / "zz_import_during_load.yaml"
    extra.write_text(EXTRA, encoding="utf-8")
    try:
        loader.load(g, seed.read([*bundle.files, extra]), hook=hook)  # one more actor: a full load
    finally:
        worker.join(timeout=120)
        loader.load(g, bundle)
    assert finished.is_set() and not errors, errors
    # 001 l.592: the CPTS Orne Ouest, which the made-up file gives Flers (61169) and 61006
    assert sorted(
        r["t"]
        for r in g.read(
            "MATCH (:Mechanism {id: 'mech:cpts-orne-ouest'})-[c:COVERS]->(t:Territory) WHERE c.origin = 'import' "
            "RETURN t.id AS t"
        )
    ) == ["terr:fr-com-61006", "terr:fr-com-61169"]
    assert who_counts.stale(g, ["terr:fr-com-61001", "terr:fr-com-61006", "terr:fr-com-61169"]) == {}
