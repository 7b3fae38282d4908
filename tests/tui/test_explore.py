"""Explore: the lazily loaded, paged navigation tree; the entity panel (properties, grouped
relationships with evidence, provenance); jumping to neighbours with back/forward history."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tests.helpers import Connect, drive, make_app, plain, settle, source_line
from tui.widgets.explore import ExploreView


def child(node: TreeNode[Any], prefix: str) -> TreeNode[Any]:
    found = [c for c in node.children if str(c.label).startswith(prefix)]
    assert found, f"no child {prefix!r} under {node.label}: {[str(c.label) for c in node.children]}"
    return found[0]


def labels(node: TreeNode[Any]) -> list[str]:
    return [str(c.label) for c in node.children]


async def expand(pilot: Pilot[None], node: TreeNode[Any]) -> TreeNode[Any]:
    node.expand()
    await settle(pilot)
    return node


def test_the_tree_loads_territories_by_containment_lazily(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("alt+2")
        tree = app.query_one("#browse", Tree)
        assert app.focused is tree
        assert labels(tree.root) == [
            "Territories (by containment)",
            "Actors (by kind)",
            "Mechanisms (by type)",
            "Plans (axes, workstreams, actions)",
        ]
        territories = tree.root.children[0]
        assert len(territories.children) == 0  # nothing asked before the user opens it
        await pilot.press("enter")  # the cursor starts on Territories
        await settle(pilot)
        assert any(label.startswith("France") for label in labels(territories))
        france = await expand(pilot, child(territories, "France"))
        normandie = await expand(pilot, child(france, "Normandie"))
        orne = await expand(pilot, child(normandie, "Orne"))
        flers_agglo = await expand(pilot, child(orne, "Communauté d'agglomération Flers Agglo"))
        assert child(flers_agglo, "Flers").data.key == "terr:fr-com-61169"  # INSEE 61169

    drive(make_app(connect_seeded), scenario)


def test_actors_by_kind_mechanisms_by_type_and_plans_by_workstream(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("alt+2")
        tree = app.query_one("#browse", Tree)
        actors = await expand(pilot, tree.root.children[1])
        observatories = await expand(pilot, child(actors, "observatory"))
        assert any(label.startswith("ORS-CREAI Normandie") for label in labels(observatories)), labels(observatories)
        mechanisms = await expand(pilot, tree.root.children[2])
        cls = await expand(pilot, child(mechanisms, "CLS — Contrat local de santé"))
        assert any(label.startswith("CLS Flers Agglo") for label in labels(cls))
        plans = await expand(pilot, tree.root.children[3])
        prs = await expand(pilot, child(plans, "Projet régional de santé Normandie"))
        assert sum(1 for n in prs.children if n.data.key.startswith("obj:")) == 12  # "les 12 axes prioritaires"
        assert "décliner les 12 axes prioritaires" in source_line("001", 84)
        # the Orne roadmap declines the PRS: its workstreams ("Chantier : ..."), then their actions
        orne = await expand(pilot, child(prs, "Feuille de route départementale de l'Orne"))
        workstream = await expand(pilot, child(orne, "Accompagner les installations de professionnels"))
        assert "Accompagner les installations de professionnels" in source_line("001", 1729)
        assert labels(workstream) and all("Action" in label for label in labels(workstream))

    drive(make_app(connect_seeded), scenario)


def test_long_child_lists_come_a_page_at_a_time(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        explore = app.query_one(ExploreView)
        explore.page_size = 5
        await pilot.press("alt+2")
        tree = app.query_one("#browse", Tree)
        territories = await expand(pilot, tree.root.children[0])
        france = await expand(pilot, child(territories, "France"))
        first = labels(france)
        assert len(first) == 6 and first[-1].startswith("… more (next 5)")
        tree.move_cursor(france.children[-1])
        await pilot.press("enter")
        await settle(pilot)
        second = labels(france)
        assert second[:5] == first[:5]
        assert len(second) == 11 and second[-1].startswith("… more")
        assert len(set(second[:10])) == 10  # no region twice

    drive(make_app(connect_seeded), scenario)


def test_entity_panel_jumps_to_neighbours_with_back_and_forward(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        app.open_entity("terr:fr-epci-200035814")
        await settle(pilot)
        assert plain(app.query_one("#entity-head")).startswith("Communauté d'agglomération Flers Agglo")
        props = plain(app.query_one("#props"))
        assert "kind: epci" in props and "aliases: Flers agglo" in props
        rels = app.query_one("#relations", Tree)
        assert app.focused is rels
        groups = labels(rels.root)
        assert any(g.startswith("covered by") for g in groups), groups
        covers = child(rels.root, "covered by")
        leaf = child(covers, "CLS Flers Agglo")
        rels.move_cursor(leaf)
        await pilot.pause()
        evidence = " ".join(plain(app.query_one("#rel-evidence")).split())
        assert "CLS Flers Agglo —covers→ Communauté d'agglomération Flers Agglo" in evidence
        assert "“Avec CLS Flers agglo (signé le 22/11/23)”" in evidence and "line 1864" in evidence
        await pilot.press("enter")
        await settle(pilot)
        assert plain(app.query_one("#entity-head")).startswith("CLS Flers Agglo")
        await pilot.press("b")
        await settle(pilot)
        assert plain(app.query_one("#entity-head")).startswith("Communauté d'agglomération Flers Agglo")
        await pilot.press("f")
        await settle(pilot)
        assert plain(app.query_one("#entity-head")).startswith("CLS Flers Agglo")
        explore = app.query_one(ExploreView)
        assert explore.history == ["terr:fr-epci-200035814", "mech:cls-flers-agglo"]

    drive(make_app(connect_seeded), scenario)


def test_selecting_a_tree_entry_opens_it(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("alt+2")
        tree = app.query_one("#browse", Tree)
        mechanisms = await expand(pilot, tree.root.children[2])
        cls = await expand(pilot, child(mechanisms, "CLS — Contrat local de santé"))
        tree.move_cursor(child(cls, "CLS Flers Agglo"))
        await pilot.press("enter")
        await settle(pilot)
        assert plain(app.query_one("#entity-head")).startswith("CLS Flers Agglo")
        assert "signed: 2023-11-22" in plain(app.query_one("#props"))

    drive(make_app(connect_seeded), scenario)


def test_w_on_a_territory_asks_who_does_what_there(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        app.open_entity("terr:fr-epci-200035814")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert app.query_one("TabbedContent").active == "who"
        assert plain(app.query_one("#territory-name")) == "Communauté d'agglomération Flers Agglo"
        assert "Communauté d'agglomération Flers Agglo:" in plain(app.query_one("#who-table .table-status"))

    drive(make_app(connect_seeded), scenario)


def test_a_territory_profile_shows_its_funding_with_per_unit_amounts_not_added(connect_seeded: Connect) -> None:
    # 001 l.209 "65 000 euros par PASA": shown beside the totals on the Orne's profile, never added (kb.funding)
    assert "65 000 euros par PASA" in source_line("001", 209)

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        app.open_entity("terr:fr-dep-61")
        await settle(pilot)
        props = " ".join(plain(app.query_one("#props")).split())  # split() also cuts the narrow no-break space
        assert "funding (kb funding):" in props
        assert "not added: €65,000 (per_unit per PASA)" in props  # the language's format (kb.i18n.amount)

    drive(make_app(connect_seeded), scenario)
