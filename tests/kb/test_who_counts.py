"""who's rows per place kept at load (kb.who_counts) and the page built from them (cypher/who_page.cypher).

The page must be who_does_what's answer, record for record, on every place and page; the counts
must be what the graph gives after each writer (extract load, perimeter import, reference load);
a place without its count is unknown, and the question is then asked in full.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from kb import catalog, loader, perimeters, questions, reference, seed, who_counts
from kb.db import Graph
from kb.facts import STATUSES, FactFilter
from kb.vocab import WhoScope
from tests.helpers import forget_imports, source_line

FLERS, ORNE, NORMANDIE, FRANCE = "terr:fr-com-61169", "terr:fr-dep-61", "terr:fr-reg-28", "terr:fr"
SEINE_SAINT_DENIS, IDF, WALLONIE = "terr:fr-dep-93", "terr:fr-reg-11", "terr:be-reg-wal"


def _same(graph: Graph, territory: str, **page: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    live = catalog.run(graph, "who_does_what", territory_id=territory, **page)[0]
    kept = catalog.run(graph, "who_page", territory_id=territory, **page)[0]
    return live, kept


def _canon(record: dict[str, Any]) -> str:
    return json.dumps({k: record[k] for k in ("groups", "total", "rows")}, sort_keys=True, default=str)


def _places_with_rows(graph: Graph) -> list[str]:
    return [
        r["id"]
        for r in graph.read(
            "MATCH (t:Territory) WHERE EXISTS { (t)<-[:COVERS|SCOPED_TO|TARGETS|HELD_IN|BASED_IN]-() } "
            "RETURN t.id AS id ORDER BY id"
        )
    ]


def test_the_counts_kept_are_what_the_graph_gives_for_every_territory(seeded: Graph) -> None:
    assert who_counts.present(seeded)
    assert who_counts.stale(seeded) == {}
    # Flers: 001 l.1442-1444, contracts against sexual violence "(L'aigle-Mortagne, Flers)": the place's own rows
    assert "Flers)" in source_line("001", 1444)
    (flers,) = seeded.read("MATCH (t:Territory {id: $id}) RETURN t.who_counts AS c", {"id": FLERS})
    own = questions.who(seeded, "Flers", scope=WhoScope.self).total
    assert flers["c"][0] == own > 0


@pytest.mark.parametrize(
    "page",
    [
        {},
        {"limit": 5},
        {"offset": 5, "limit": 7},
        {"offset": 10_000, "limit": 5},
        {"scope": "part", "limit": 10},
        {"scope": "container", "offset": 2, "limit": 3},
        {"scope": "self"},
    ],
)
def test_the_page_from_the_counts_is_who_does_whats_answer(seeded: Graph, page: dict[str, Any]) -> None:
    places = [*_places_with_rows(seeded), FRANCE, NORMANDIE, IDF, WALLONIE]
    assert len(places) > 40, "the five documents reach many places (else this test proves little)"
    for territory in places:
        live, kept = _same(seeded, territory, **page)
        assert kept["total"] is not None, territory
        assert _canon(kept) == _canon(live), f"{territory} {page}"


def test_kb_who_pages_from_the_counts_and_gives_the_same_answer(seeded: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    real = catalog.run

    def spy(graph: Graph, name: str, timeout: float | None = None, **params: Any) -> Any:
        asked.append(name)
        return real(graph, name, timeout, **params)

    monkeypatch.setattr(catalog, "run", spy)
    # the Orne: 001 l.1750 "remplacement de PS Orne Portage CPTS Orne Ouest", on the département's first page
    assert "Portage CPTS Orne Ouest" in source_line("001", 1750)
    paged = questions.who(seeded, "Orne", limit=20)
    assert asked[-1] == "who_page"
    monkeypatch.setattr(catalog, "run", real)
    # the same question with a filter that keeps everything takes the live query: the same page
    every = questions.who(seeded, "Orne", limit=20, facts=FactFilter.of(status=list(STATUSES)))
    assert paged.model_dump() == every.model_dump(exclude={"filter"}) | {"filter": paged.filter}
    assert paged.total > 20 and len(paged.rows) == 20


def test_a_place_without_its_count_is_unknown_and_who_asks_in_full(seeded: Graph) -> None:
    before = questions.who(seeded, "Seine-Saint-Denis", limit=10)
    seeded.write("MATCH (t:Territory {id: $id}) REMOVE t.who_counts", {"id": "terr:fr-com-93008"})  # a part of it
    try:
        assert not who_counts.present(seeded)
        record = catalog.run(seeded, "who_page", territory_id=SEINE_SAINT_DENIS, limit=10)[0]
        assert record["total"] is None and record["groups"] == [] and record["rows"] == []  # never a zero
        assert questions.who(seeded, "Seine-Saint-Denis", limit=10) == before
    finally:
        seeded.write_transaction(lambda tx: who_counts.write(tx, ["terr:fr-com-93008"]))
    assert who_counts.stale(seeded, ["terr:fr-com-93008"]) == {}


def test_a_wrong_count_would_show_in_the_page(seeded: Graph) -> None:
    """The page really is built from the counts (so the tests above compare two ways, not one twice)."""
    (row,) = seeded.read("MATCH (t:Territory {id: $id}) RETURN t.who_counts AS c", {"id": ORNE})
    seeded.write("MATCH (t:Territory {id: $id}) SET t.who_counts = [t.who_counts[0] + 3, 0]", {"id": ORNE})
    try:
        live, kept = _same(seeded, ORNE, limit=5)
        assert kept["total"] == live["total"] + 3
        assert who_counts.stale(seeded, [ORNE]) == {ORNE: ([row["c"][0] + 3, 0], row["c"])}
    finally:
        seeded.write("MATCH (t:Territory {id: $id}) SET t.who_counts = $c", {"id": ORNE, "c": row["c"]})


def test_a_perimeter_import_rewrites_the_counts_of_the_places_it_covers(seeded: Graph) -> None:
    from tests.kb.test_perimeters import DATA

    forget_imports(seeded)
    try:
        before = questions.who(seeded, "terr:fr-com-61001").total
        report = perimeters.import_file(seeded, DATA / "perimeters_cpts_good.csv", "CPTS")
        assert report.written
        assert who_counts.stale(seeded, ["terr:fr-com-61001", "terr:fr-com-61006", FLERS, ORNE]) == {}
        # the made-up file puts a created CPTS on Alençon (61001): one more row there, the scheme itself
        assert questions.who(seeded, "terr:fr-com-61001").total == before + 1
    finally:
        forget_imports(seeded)
    assert who_counts.stale(seeded, ["terr:fr-com-61001", "terr:fr-com-61006", FLERS]) == {}


# One more actor based in Flers and in Alençon, cited from 001's opening (l.9): the test's own extract.
EXTRA = """\
source: src:001-ars-normandie-orne-2024-2025
actors:
  - id: actor:who-counts-test
    name: Who counts test actor
    kind: association
    based_in: [terr:fr-com-61169, terr:fr-com-61001]
    evidence: {line: 9, quote: "ayant pour objectif de mieux répondre aux besoins des territoires"}
"""


def test_an_extract_load_rewrites_the_counts(seeded: Graph, bundle: seed.Bundle, tmp_path: Path) -> None:
    """A load with one more actor, then back: the counts follow each generation, in the switch."""
    extra = tmp_path / "zz_who_counts_test.yaml"
    extra.write_text(EXTRA, encoding="utf-8")
    assert "mieux répondre aux besoins des territoires" in source_line("001", 9)
    before = {t: questions.who(seeded, t, scope=WhoScope.self).total for t in (FLERS, "terr:fr-com-61001")}
    try:
        loader.load(seeded, seed.read([*bundle.files, extra]))
        assert who_counts.stale(seeded) == {}
        after = {t: questions.who(seeded, t, scope=WhoScope.self).total for t in before}
        assert after == {t: n + 1 for t, n in before.items()}  # "based in": one row on each place
    finally:
        loader.load(seeded, bundle)
    assert who_counts.stale(seeded) == {}
    assert {t: questions.who(seeded, t, scope=WhoScope.self).total for t in before} == before


def test_a_reference_load_writes_the_counts_of_new_territories_and_all_when_one_is_gone(seeded: Graph) -> None:
    base = next(d for d in reference.packaged() if d.dataset == "be")
    liege = "terr:be-com-62063"
    fewer = copy.deepcopy(base)
    fewer.nodes = [n for n in fewer.nodes if n["id"] != liege]
    fewer.part_of = [p for p in fewer.part_of if p["from"] != liege]
    # the Walloon region is on the answer (seed/ref_territories.yaml mentions it): its counts stay right
    wallonie = questions.who(seeded, WALLONIE, limit=5).model_dump()
    try:
        assert loader.load_reference(seeded, fewer).nodes_deleted == 1
        assert who_counts.present(seeded) and who_counts.stale(seeded) == {}
    finally:
        loader.load_reference(seeded, base)  # Liège again: a new territory, reached by nothing
    (row,) = seeded.read("MATCH (t:Territory {id: $id}) RETURN t.who_counts AS c", {"id": liege})
    assert row["c"] == [0, 0]
    assert who_counts.stale(seeded) == {}
    assert questions.who(seeded, WALLONIE, limit=5).model_dump() == wallonie
