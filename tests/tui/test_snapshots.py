"""SVG snapshots of the main screens (pytest-textual-snapshot). Cursor blink is off and every
worker has finished before the shot, so nothing in them depends on time.

Screens showing data depend on the extracts (seed 001 mostly): after a reviewed change to
them, update with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the
report. The database-down and help screens depend on no data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import TextArea

from tests.helpers import SIZE, Connect, Flaky, make_app, settle

SnapCompare = Callable[..., bool]


def test_snapshot_database_down(snap_compare: SnapCompare, flaky: Flaky) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await settle(pilot)

    assert snap_compare(make_app(flaky), terminal_size=SIZE, run_before=before)


def test_snapshot_help_overlay(snap_compare: SnapCompare, flaky: Flaky) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("escape", "question_mark")
        await settle(pilot)

    assert snap_compare(make_app(flaky), terminal_size=(140, 60), run_before=before)


def test_snapshot_explore_cls_flers_agglo(snap_compare: SnapCompare, connect_seeded: Connect) -> None:
    async def before(pilot: Pilot[None]) -> None:
        app: Any = pilot.app
        await settle(pilot)
        await pilot.press("alt+2")
        await settle(pilot)
        await pilot.press("enter")  # open Territories
        await settle(pilot)
        app.open_entity("mech:cls-flers-agglo")
        await settle(pilot)
        await pilot.press("down", "down", "down")  # to COVERS -> Flers Agglo, with its evidence
        await settle(pilot)

    assert snap_compare(make_app(connect_seeded), terminal_size=SIZE, run_before=before)


def test_snapshot_who_does_what_on_flers_agglo(snap_compare: SnapCompare, connect_seeded: Connect) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("alt+3")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press(*"flers agglo", "enter")
        await settle(pilot)

    assert snap_compare(make_app(connect_seeded), terminal_size=SIZE, run_before=before)


def test_snapshot_neighbourhood_two_hops(snap_compare: SnapCompare, connect_seeded: Connect) -> None:
    async def before(pilot: Pilot[None]) -> None:
        app: Any = pilot.app
        await settle(pilot)
        app.open_entity("terr:fr-epci-200035814")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)

    assert snap_compare(make_app(connect_seeded), terminal_size=SIZE, run_before=before)


def test_snapshot_findings_overlaps(snap_compare: SnapCompare, connect_seeded: Connect) -> None:
    async def before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("alt+4")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press(*"orne", "enter")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)

    assert snap_compare(make_app(connect_seeded), terminal_size=SIZE, run_before=before)


def test_snapshot_cypher_console(snap_compare: SnapCompare, connect_seeded: Connect) -> None:
    async def before(pilot: Pilot[None]) -> None:
        app: Any = pilot.app
        await settle(pilot)
        await pilot.press("alt+6")
        await settle(pilot)
        app.query_one(
            "#cypher", TextArea
        ).text = "MATCH (t:MechanismType) WHERE t.country = 'BE' RETURN t.code AS code, t.name AS name ORDER BY code"
        await pilot.press("f9")
        await settle(pilot)

    assert snap_compare(make_app(connect_seeded), terminal_size=SIZE, run_before=before)
