"""One PART_OF per pair of territories, whoever states it (debts item 6, kb/reference/part_of.py).

An extract that restates a containment the reference holds (003 l.19 names Paris; its mention says
``part_of: [terr:fr-dep-75]``) adds its evidence to the reference's edge instead of a second edge.
"""

from __future__ import annotations

from pathlib import Path

from kb import loader, reference, seed
from kb.db import Graph
from tests.helpers import source_line

SEED = Path(__file__).resolve().parents[2] / "seed"


def _edges(graph: Graph, a: str, b: str) -> list[dict[str, object]]:
    return graph.read(
        "MATCH (:Entity {id: $a})-[r:PART_OF]->(:Entity {id: $b}) "
        "RETURN r.reference AS reference, r.source AS source, r.line AS line, r.key IS NOT NULL AS keyed",
        {"a": a, "b": b},
    )


def test_no_pair_of_territories_has_two_part_of(seeded: Graph) -> None:
    rows = seeded.read(
        "MATCH (a:Territory)-[r:PART_OF]->(b:Territory) WITH a, b, count(r) AS n WHERE n > 1 "
        "RETURN a.id AS a, b.id AS b, n"
    )
    assert rows == []


def test_a_restated_containment_carries_both_sources(seeded: Graph) -> None:
    # 003 l.19 "se tiendra à Paris le 6 avril 2018"; the extract's mention of Paris adds PART_OF the
    # département 75 (its quote is the one on l.19), which the COG states too.
    assert "se tiendra à Paris" in source_line("003", 19)
    assert _edges(seeded, "terr:fr-com-75056", "terr:fr-dep-75") == [
        {"reference": "fr", "source": "src:003-fts-2018", "line": 19, "keyed": True}
    ]


# A mention of Flers (61169) in its département, with a quote of 001 (l.72) so the checker runs on it.
MENTION = """source: src:001-ars-normandie-orne-2024-2025
territories:
  - id: terr:fr-com-61169
    name: Flers
    kind: commune
    PART_OF_LINE
    evidence:
      - {line: 72, quote: "temps d’échange et de débat avec les acteurs locaux à l’Aigle, Flers et à Sées"}
"""


def _mention(tmp_path: Path, part_of: str) -> seed.Bundle:
    f = tmp_path / "t.yaml"
    f.write_text(MENTION.replace("PART_OF_LINE", part_of), encoding="utf-8")
    return seed.read([f, *sorted(SEED.glob("ref_*.yaml"))])


def test_the_extracts_prune_gives_the_reference_its_edge_back(seeded: Graph, tmp_path: Path) -> None:
    flers, orne = "terr:fr-com-61169", "terr:fr-dep-61"
    loader.load(seeded, _mention(tmp_path, "part_of: [terr:fr-dep-61]"))
    assert _edges(seeded, flers, orne) == [
        {"reference": "fr", "source": "src:001-ars-normandie-orne-2024-2025", "line": 72, "keyed": True}
    ]
    loader.load(seeded, _mention(tmp_path, "part_of: [terr:fr-dep-61]"))  # a repeat changes nothing
    assert len(_edges(seeded, flers, orne)) == 1
    loader.load(seeded, _mention(tmp_path, "aliases: [Flers-de-l'Orne]"))  # no extract states the pair now
    assert _edges(seeded, flers, orne) == [{"reference": "fr", "source": None, "line": None, "keyed": False}]


def test_a_reference_reload_keeps_the_extracts_evidence(seeded: Graph) -> None:
    # seed/ref_territories.yaml: the Walloon region PART_OF Belgium, cited from Statbel's codes.
    wal, be = "terr:be-reg-wal", "terr:be"
    before = _edges(seeded, wal, be)
    assert before == [{"reference": "be", "source": "src:statbel-nis", "line": None, "keyed": True}]
    belgium = next(d for d in reference.packaged() if d.dataset == "be")
    seeded.write("MATCH (l:ReferenceLock {id: 'reference-be'}) SET l.fingerprint = 'stale'")
    result = loader.load_reference(seeded, belgium)
    assert not result.skipped and result.relationships == len(belgium.part_of)
    assert _edges(seeded, wal, be) == before
    counts = seeded.read("MATCH (:Territory {reference: 'be'})-[r:PART_OF {reference: 'be'}]->() RETURN count(r) AS n")
    assert counts == [{"n": len(belgium.part_of)}]
