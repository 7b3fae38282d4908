"""Neighbourhood: the ego network drawn by relationship group, one or two hops, re-centring."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import OptionList

from kb import i18n
from kb.browse import EgoNeighbour
from kb.resolve import EntityRef
from tests.helpers import Connect, drive, make_app, plain, settle
from tui.widgets.neighbourhood import draw


def test_neighbourhood_of_flers_agglo_one_hop_then_two(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        app.open_entity("terr:fr-epci-200035814")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert app.query_one("TabbedContent").active == "neighbourhood"
        drawing = plain(app.query_one("#ego-drawing"))
        assert drawing.startswith("◉ Communauté d'agglomération Flers Agglo  Territory · epci")
        assert "←covered by─ (1)" in drawing and "CLS Flers Agglo  Mechanism" in drawing
        # PART_OF the Orne: stated by 001 and by the COG (two relationships, one neighbour)
        assert "─part of→ (" in drawing and "Orne  Territory" in drawing
        assert "←has as part─" in drawing and "Flers  Territory" in drawing
        assert "─addresses→" not in drawing  # second hop hidden at one hop
        await pilot.press("h")
        await settle(pilot)
        two = plain(app.query_one("#ego-drawing"))
        assert "2 hop(s)" in plain(app.query_one("#ego-title"))
        assert "─of type→ Contrat local de santé  MechanismType" in two  # CLS Flers Agglo's type
        assert "… and" in two  # the Orne has more neighbours than are drawn
        ego = app.query_one("#ego-list", OptionList)
        names = [str(ego.get_option_at_index(i).prompt) for i in range(ego.option_count)]
        ego.highlighted = next(i for i, n in enumerate(names) if n.startswith("CLS Flers Agglo"))
        ego.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert plain(app.query_one("#ego-drawing")).startswith("◉ CLS Flers Agglo")
        await pilot.press("o")
        await settle(pilot)
        assert plain(app.query_one("#entity-head")).startswith("CLS Flers Agglo")

    drive(make_app(connect_seeded), scenario)


def test_drawing_caps_big_groups_with_a_count() -> None:
    center = EntityRef(id="x", label="Territory", name="Centre")
    many = [
        EgoNeighbour(
            rel="BASED_IN",
            direction="in",
            other_id=f"a{i}",
            other_label="Actor",
            other=f"Actor {i:02}",
            degree=0,
            second=[],
        )
        for i in range(30)
    ]
    text = draw(center, many, hops=1, per_group=12).plain
    assert "←home of─ (30)" in text
    assert "Actor 11" in text and "Actor 12" not in text
    assert "… and 18 more" in text
    # the relationship in words, read from the centre, in the interface's language (kb.show.relation_words)
    with i18n.speaking("fr"):
        assert "←siège de─ (30)" in draw(center, many, hops=1, per_group=12).plain
