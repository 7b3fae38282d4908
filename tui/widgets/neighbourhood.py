"""Tab 5, Neighbourhood: the ego network of an entity drawn in the terminal, neighbours grouped
by relationship type, to one or two hops (``h``), with counts where there are too many to draw.

The list on the right holds the first-hop neighbours: Enter re-centres the drawing on one;
``o`` opens the entity at the centre in Explore.
"""

from __future__ import annotations

from collections import defaultdict
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from kb import browse, questions, resolve
from kb.browse import EgoNeighbour
from kb.i18n import N_, _, ngettext
from kb.relations import relation_words
from kb.resolve import EntityRef
from kb.text import shorten
from tui.widgets.base import DbView, OpenEntity

PER_GROUP = 12
"""Neighbours drawn per relationship group before ``… and N more``."""
PER_NODE = 5
"""Second-hop neighbours drawn under each first-hop neighbour."""
NAME_WIDTH = 64
"""Names longer than this are cut in the drawing (the list on the right has them whole)."""


def _arrow(rel: str, direction: str) -> str:
    """A relationship group's arrow, in words read from the centre (kb.show.relation_words):
    "─covers→", "←covered by─" (in French "─couvre→", "←couvert par─")."""
    words = relation_words(rel, direction)
    return f"─{words}→" if direction == "out" else f"←{words}─"


def _short(name: str, width: int = NAME_WIDTH) -> str:
    return shorten(" ".join(name.split()), width)  # at a word, like the CLI's tables


def draw(
    center: EntityRef, neighbours: list[EgoNeighbour], hops: int, per_group: int = PER_GROUP, per_node: int = PER_NODE
) -> Text:
    """The ego network as a tree of boxes and lines, grouped by relationship and direction."""
    text = Text()
    text.append("◉ ", style="bold magenta")
    text.append(_short(center.name), style="bold")
    text.append(f"  {_(center.label)}", style="cyan")
    if center.kind:
        text.append(f" · {_(center.kind)}", style="dim")
    text.append("   " + _("{n} neighbour(s)").format(n=len(neighbours)) + "\n", style="dim")
    groups: dict[tuple[str, str], list[EgoNeighbour]] = defaultdict(list)
    for n in neighbours:
        groups[(n.rel, n.direction)].append(n)
    if not groups:
        text.append("└── " + _("(no neighbour)") + "\n", style="dim")
        return text
    keys = sorted(groups)
    for gi, key in enumerate(keys):
        rel, direction = key
        last_group = gi == len(keys) - 1
        members = groups[key]
        arrow = _arrow(rel, direction)
        text.append("└──" if last_group else "├──", style="dim")
        text.append(f" {arrow} ", style="bold yellow")
        text.append(f"({len(members)})\n", style="dim")
        stem = "    " if last_group else "│   "
        shown = members[:per_group]
        hidden = len(members) - len(shown)
        for mi, n in enumerate(shown):
            last_member = mi == len(shown) - 1 and hidden == 0
            text.append(stem + ("└─ " if last_member else "├─ "), style="dim")
            text.append(_short(n.other), style="bold" if hops == 1 else "")
            text.append(f"  {_(n.other_label)}", style="cyan")
            if n.degree:
                text.append("  " + ngettext("+{n} link", "+{n} links", n.degree).format(n=n.degree), style="dim")
            text.append("\n")
            if hops >= 2 and n.second:
                inner = stem + ("   " if last_member else "│  ")
                more = n.degree - len(n.second[:per_node])
                for si, s in enumerate(n.second[:per_node]):
                    last_second = si == len(n.second[:per_node]) - 1 and more <= 0
                    sarrow = _arrow(str(s["rel"]), str(s["direction"]))
                    text.append(inner + ("└ " if last_second else "├ "), style="dim")
                    text.append(f"{sarrow} ", style="yellow")
                    text.append(_short(str(s["name"]), NAME_WIDTH - 8))
                    text.append(f"  {_(str(s['label']))}\n", style="cyan")
                if more > 0:
                    text.append(inner + "└ ", style="dim")
                    text.append(_("… and {n} more").format(n=more) + "\n", style="dim italic")
        if hidden:
            text.append(stem + "└─ ", style="dim")
            text.append(_("… and {n} more (see the list →)").format(n=hidden) + "\n", style="dim italic")
    return text


class NeighbourhoodView(DbView):
    """A drawn ego network and the list of neighbours."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "toggle_hops", N_("1 ⇄ 2 hops"), id="neighbourhood.hops"),
        Binding("o", "open", N_("Open the centre in Explore"), id="neighbourhood.open"),
    ]

    hops: reactive[int] = reactive(1, init=False)

    class Loaded(Message):
        """The ego network of an entity arrived."""

        def __init__(self, center: EntityRef, neighbours: list[EgoNeighbour], hops: int) -> None:
            super().__init__()
            self.center = center
            self.neighbours = neighbours
            self.hops = hops

    class Open(OpenEntity):
        """The user wants an entity in Explore."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.center_id: str | None = None
        self.center: EntityRef | None = None
        self.neighbours: list[EgoNeighbour] = []

    def compose(self) -> ComposeResult:
        yield Label(
            _("Open an entity (Explore: n, or Enter on a search result) to draw its neighbourhood."), id="ego-title"
        )
        with Horizontal():
            with VerticalScroll(id="ego-scroll"):
                yield Static("", id="ego-drawing")
            yield OptionList(id="ego-list")

    def show_entity(self, entity_id: str) -> None:
        """Draw the neighbourhood of ``entity_id``."""
        self.center_id = entity_id
        self.query_one("#ego-title", Label).update(_("Loading the neighbourhood of {id}…").format(id=entity_id))
        self.load(entity_id, self.hops)

    def reload(self) -> None:
        if self.center_id:
            self.show_entity(self.center_id)

    def watch_hops(self) -> None:
        if self.center_id:
            self.show_entity(self.center_id)

    def action_toggle_hops(self) -> None:
        self.hops = 2 if self.hops == 1 else 1

    @work(thread=True, exclusive=True, exit_on_error=False, group="ego", description=N_("loading the neighbourhood"))
    def load(self, entity_id: str, hops: int) -> None:
        if hops >= 2:
            center = self.db(resolve.resolve, entity_id)
            neighbours = self.db(browse.ego, center.id, per_node=PER_NODE)
        else:
            center, first = self.db(questions.neighbourhood, entity_id)
            neighbours = [
                EgoNeighbour(
                    rel=n.rel,
                    direction=n.direction,
                    other_id=n.other_id,
                    other_label=n.other_label,
                    other=n.other,
                    degree=n.second_hop,
                    second=[],
                )
                for n in first
            ]
        self.deliver(self.Loaded(center, neighbours, hops))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.center = event.center
        self.center_id = event.center.id
        self.neighbours = event.neighbours
        self.query_one("#ego-title", Label).update(
            _("Neighbourhood of {name} — {hops} hop(s) (h: toggle · Enter: re-centre · o: open)").format(
                name=event.center.name, hops=event.hops
            )
        )
        self.query_one("#ego-drawing", Static).update(draw(event.center, event.neighbours, event.hops))
        options = self.query_one("#ego-list", OptionList)
        options.clear_options()
        seen: set[str] = set()
        for n in event.neighbours:
            if n.other_id in seen:
                continue
            seen.add(n.other_id)
            label = Text(n.other)
            label.append(f"  {_(n.other_label)}", style="cyan")
            options.add_option(Option(label, id=n.other_id))
        if options.option_count:
            options.highlighted = 0

    @on(OptionList.OptionSelected, "#ego-list")
    def _recentre(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.show_entity(event.option.id)

    def focus_default(self) -> None:
        self.query_one("#ego-list", OptionList).focus()

    def action_open(self) -> None:
        if self.center_id:
            self.post_message(self.Open(self.center_id))
