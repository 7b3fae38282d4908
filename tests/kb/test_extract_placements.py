"""Every extract's placement of an official commune agrees with the COG (debts item 3).

A document names a town; where it sits (its EPCI, its département) is the reference's. An extract that
adds ``part_of`` between two official territories restates the COG, so it must say what the COG says.
Session 2 had Mortagne-au-Perche (61293) in the Collines du Perche normand; the COG 2025 puts it in
the CC du Pays de Mortagne au Perche (200036069). No database needed: the bundle against the package.
"""

from __future__ import annotations

from kb import reference, seed


def _reference_parents() -> dict[str, set[str]]:
    parents: dict[str, set[str]] = {}
    for data in reference.packaged():
        for rel in data.part_of:
            parents.setdefault(rel["from"], set()).add(rel["to"])
    return parents


def test_every_extract_part_of_between_official_territories_is_the_cogs(bundle: seed.Bundle) -> None:
    official = reference.reference_ids()
    parents = _reference_parents()
    stated = [r for r in bundle.rels.get("PART_OF", []) if r["from"] in official and r["to"] in official]
    assert len(stated) > 50  # the extracts restate many containments (communes, départements, régions)
    disagree = [
        f"{r['from']} PART_OF {r['to']} (source {r.get('source')}, line {r.get('line')}): "
        f"the reference says {sorted(parents.get(r['from'], set()))}"
        for r in stated
        if r["to"] not in parents.get(r["from"], set())
    ]
    assert disagree == []


def test_mortagne_au_perche_is_in_the_pays_de_mortagne(bundle: seed.Bundle) -> None:
    # 001 l.56 "à Alençon, Argentan, et à Mortagne-au-Perche"; l.1865 "futur CLS Collines du Perche" is another EPCI.
    rows = [r for r in bundle.rels["PART_OF"] if r["from"] == "terr:fr-com-61293"]
    assert [r["to"] for r in rows] == ["terr:fr-epci-200036069"]
    assert "terr:fr-epci-200036069" in _reference_parents()["terr:fr-com-61293"]
    assert "terr:fr-epci-200071504" not in _reference_parents()["terr:fr-com-61293"]
