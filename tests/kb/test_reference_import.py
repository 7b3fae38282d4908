"""The importer of official files (INSEE COG, EPCI composition, Statbel REFNIS), on small made-up
files under tests/data/reference/ (each marked as test data in its first line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb import loader
from kb.db import Graph
from kb.errors import InvalidInput
from kb.reference import importer

DATA = Path(__file__).resolve().parent.parent / "data" / "reference"


def _cog(communes: str = "v_commune.csv") -> importer.ReferenceData:
    return importer.import_cog(
        DATA / "v_region.csv", DATA / "v_departement.csv", DATA / communes, DATA / "epci.csv", "test"
    )


def test_cog_files_give_the_tree() -> None:
    data = _cog()
    kinds = {n["id"]: n["kind"] for n in data.nodes}
    assert kinds["terr:fr-com-61169"] == "commune" and kinds["terr:fr-epci-200035814"] == "epci"
    assert "terr:fr-com-61002" not in kinds  # a COMD row is skipped
    links = {(r["from"], r["to"]) for r in data.part_of}
    assert ("terr:fr-com-61169", "terr:fr-epci-200035814") in links
    assert ("terr:fr-com-61169", "terr:fr-dep-61") in links
    assert ("terr:fr-epci-200035814", "terr:fr-dep-61") in links
    assert ("terr:fr-dep-61", "terr:fr-reg-28") in links
    assert not any(f == "terr:fr-com-61001" and t.startswith("terr:fr-epci") for f, t in links)  # ZZZZZZZZZ


def test_bad_cog_file_names_file_line_and_field() -> None:
    with pytest.raises(InvalidInput) as err:
        _cog("v_commune_bad.csv")
    assert "v_commune_bad.csv:4: DEP: unknown département '99'" in str(err.value)


def test_refnis_file_gives_the_tree() -> None:
    data = importer.import_refnis(DATA / "refnis.csv", "test")
    links = {(r["from"], r["to"]) for r in data.part_of}
    assert ("terr:be-com-62063", "terr:be-prov-60000") in links  # through its arrondissement
    assert ("terr:be-com-21004", "terr:be-reg-bru") in links  # Brussels: no province
    assert ("terr:be-prov-60000", "terr:be-reg-wal") in links
    liege = next(n for n in data.nodes if n["id"] == "terr:be-com-62063")
    assert liege["name"] == "Liège" and "Luik" in liege["aliases"]


def test_bad_refnis_file() -> None:
    with pytest.raises(InvalidInput) as err:
        importer.import_refnis(DATA / "refnis_bad.csv")
    assert "refnis_bad.csv:3: CD_LVL_REFNIS" in str(err.value)


def test_import_loads_and_reload_is_a_no_op(empty_graph: Graph) -> None:
    data = _cog()
    first = loader.load_reference(empty_graph, data, origin="import")
    assert not first.skipped
    rows = empty_graph.read("MATCH (:Territory {id: 'terr:fr-com-61169'})-[:PART_OF]->(p) RETURN collect(p.id) AS up")
    assert sorted(rows[0]["up"]) == ["terr:fr-dep-61", "terr:fr-epci-200035814"]
    assert loader.reference_origin(empty_graph, "fr") == "import"
    assert loader.load_reference(empty_graph, data, origin="import").skipped


def test_plans_made_on_an_empty_graph_do_not_outlive_the_reference_load(empty_graph: Graph) -> None:
    """The CI failure after session 4 (tests/kb/test_maps.py): ``map_communes`` for the Orne, planned on a
    graph without territories, kept its plan (start from every commune, expand up to the Orne) after
    France's 36k territories were loaded: 64.9M db hits instead of 15k, past the 30 s read timeout.
    The reference load refreshes the plans."""
    from kb import catalog, reference

    query = catalog.get("map_communes").text
    assert empty_graph.read(query, {"territory_id": "terr:fr-dep-61"}) == []  # planned and cached on no territory
    for data in reference.packaged():
        loader.load_reference(empty_graph, data)
    profiled = empty_graph.profile(query, {"territory_id": "terr:fr-dep-61"})
    assert profiled["rows"] == 381  # the Orne's communes (COG 2024, in the packaged reference)
    assert profiled["db_hits"] < 200_000, profiled
