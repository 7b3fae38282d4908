"""overlap_actions for a territory, computed from its scope (cypher/overlap_actions_scoped.cypher), gives
the same pairs as the national query filtered by territory (cypher/overlap_actions.cypher), on the
documents' graph; kb.findings.overlaps uses the scoped one whenever a territory is given."""

from __future__ import annotations

import pytest

from kb import catalog, findings
from kb.db import Graph
from kb.findings import OverlapKind

PLACES = [
    "terr:fr",
    "terr:fr-reg-28",  # Normandie
    "terr:fr-reg-11",  # Île-de-France
    "terr:fr-dep-61",  # Orne
    "terr:fr-epci-200035814",  # CA Flers Agglo
    "terr:fr-com-61169",  # Flers
    "terr:fr-dep-93",  # Seine-Saint-Denis
]


def _pairs(rows: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return sorted((r["a_id"], r["b_id"], r["theme"], r["similarity"], r["why"]) for r in rows)


@pytest.mark.parametrize("threshold", [0.0, 0.1, 0.5])
@pytest.mark.parametrize("place", PLACES)
def test_scoped_pairs_are_the_national_pairs_of_the_place(seeded: Graph, place: str, threshold: float) -> None:
    national = catalog.run(seeded, "overlap_actions", threshold=threshold, territory_id=place)
    scoped = catalog.run(seeded, "overlap_actions_scoped", threshold=threshold, territory_id=place)
    assert _pairs(scoped) == _pairs(national)


def test_a_national_action_and_an_orne_action_alike_are_found_on_the_orne(seeded: Graph) -> None:
    # 003 l.37: "rencontres territoriales de la santé du CNFPT le 18 et 19 septembre 2018" (FTS 2018, France);
    # 001 l.1889: "Mieux intégrer la santé-environnement et l'urbanisme favorable à la santé dans les
    # politiques territoriales" (the Orne's roadmap): one theme, France contains the Orne, "territoriales" shared.
    found = findings.overlaps(seeded, "terr:fr-dep-61", kinds=[OverlapKind.actions], threshold=0.1)
    assert ("action:fts2018-1-3-a1", "action:orne-ws31-a05") in {(f.subject_id, f.other_id) for f in found}
    national = catalog.run(seeded, "overlap_actions", threshold=0.1, territory_id="terr:fr-dep-61")
    assert len(found) == len(national) == 10
