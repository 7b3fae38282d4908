"""Status and basis reach the graph, and overlaps never count an intended or example link (issue 11 item 1)."""

from __future__ import annotations

from pathlib import Path

from kb import catalog, loader, seed
from kb.db import Graph

# Quotes from document 001 (the Orne roadmap), so that the quote checker runs on them:
# l.1864 "CLS Flers agglo (signé le 22/11/23)" is used as evidence only; the facts are synthetic.
EXTRACT = """source: src:001-ars-normandie-orne-2024-2025
territories:
  - {id: "terr:t-x", name: TX, kind: other, evidence: {source: src:maillage-vocabulary, quote: "test place"}}
mechanisms:
  - id: "mech:t-a"
    name: TA
    type: mtype:CLS
    covers: ["terr:t-x"]
    evidence: {line: 1864, quote: "CLS Flers agglo (signé le 22/11/23)"}
  - id: "mech:t-b"
    name: TB
    type: mtype:CLS
    covers: ["terr:t-x"]
    facts: {covers: {status: STATUS}}
    evidence: {line: 1864, quote: "CLS Flers agglo (signé le 22/11/23)"}
"""


def _bundle(tmp_path: Path, status: str) -> seed.Bundle:
    f = tmp_path / "t.yaml"
    f.write_text(EXTRACT.replace("STATUS", status), encoding="utf-8")
    ref = Path(__file__).resolve().parents[2] / "seed"
    return seed.read([f, *sorted(ref.glob("ref_*.yaml"))])


def _pairs(graph: Graph) -> set[tuple[str, str]]:
    return {(r["a_id"], r["b_id"]) for r in catalog.run(graph, "overlap_same_type", territory_id="terr:t-x")}


def test_an_intended_or_example_coverage_is_no_overlap(empty_graph: Graph, tmp_path: Path) -> None:
    loader.load(empty_graph, _bundle(tmp_path, "existing"))
    assert _pairs(empty_graph) == {("mech:t-a", "mech:t-b")}
    for status in ("intended", "example", "planned"):
        bundle = _bundle(tmp_path, status)
        assert bundle.fact_counts["t.yaml"][f"{status}/stated"] == 1
        loader.load(empty_graph, bundle)
        rows = empty_graph.read(
            "MATCH (:Mechanism {id: 'mech:t-b'})-[r:COVERS]->() RETURN r.status AS status, r.basis AS basis"
        )
        assert rows == [{"status": status, "basis": "stated"}]
        assert _pairs(empty_graph) == set(), status
