"""Tab 2, Explore: the navigation tree (territories by containment, actors by kind, mechanisms
by type, plans by axis / workstream / action), children loaded lazily a page at a time through
``kb.browse``, and the detail panel of the chosen entity with back/forward history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from kb import browse, funding, questions
from kb.browse import Page, Root
from kb.funding import FundingReport
from kb.i18n import N_, _
from kb.questions import EntityDetail
from tui.widgets.base import DbView
from tui.widgets.entity import EntityPanel

ROOT_TITLES = {
    Root.territories: N_("Territories (by containment)"),
    Root.actors: N_("Actors (by kind)"),
    Root.mechanisms: N_("Mechanisms (by type)"),
    Root.plans: N_("Plans (axes, workstreams, actions)"),
}


@dataclass
class Entry:
    """What a tree node stands for."""

    kind: str  # root | node | more | loading
    key: str  # the Root value, an entity id, or an actor-kind group id
    has_children: bool = False
    loaded: bool = False
    skip: int = 0
    is_entity: bool = False


class ExploreView(DbView):
    """Tree on the left, the chosen entity on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b,alt+left", "back", N_("Back"), id="explore.back"),
        Binding("f,alt+right", "forward", N_("Forward"), id="explore.forward"),
        Binding("n", "neighbourhood", N_("Neighbourhood"), id="explore.neighbourhood"),
        Binding("w", "who", N_("Who does what here"), id="explore.who"),
        Binding("tab", "switch_side", N_("Tree ⇄ detail"), show=False, id="explore.switch"),
    ]

    class ChildrenLoaded(Message):
        """A page of children for a tree node arrived."""

        def __init__(self, node: TreeNode[Entry], page: Page) -> None:
            super().__init__()
            self.node = node
            self.page = page

    class EntityLoaded(Message):
        """The detail of an entity arrived (``push``: add it to the history)."""

        def __init__(self, detail: EntityDetail, push: bool, money: FundingReport | None = None) -> None:
            super().__init__()
            self.detail = detail
            self.push = push
            self.money = money  # a territory's, an actor's or a plan's funding (kb.funding.of_entity)

    class ShowNeighbourhood(Message):
        """The user wants the ego network of an entity."""

        def __init__(self, entity_id: str) -> None:
            super().__init__()
            self.entity_id = entity_id

    class ShowWho(Message):
        """The user wants who does what on a territory."""

        def __init__(self, territory_id: str, name: str) -> None:
            super().__init__()
            self.territory_id = territory_id
            self.name = name

    page_size: int = browse.PAGE
    """Children loaded per request; the last entry of a full page loads the next one."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.history: list[str] = []
        self.position = -1
        self.current: EntityDetail | None = None
        self._pending: tuple[str, bool] | None = None
        self.focus_detail = False

    def compose(self) -> ComposeResult:
        with Horizontal():
            tree: Tree[Entry] = Tree("Maillage", id="browse")
            tree.show_root = False
            tree.guide_depth = 2
            yield tree
            yield EntityPanel(id="entity")

    def on_mount(self) -> None:
        tree = self.query_one("#browse", Tree)
        for root in Root:
            tree.root.add(
                Text(_(ROOT_TITLES[root]), style="bold"),
                data=Entry("root", root.value, has_children=True),
                allow_expand=True,
            )
        tree.root.expand()
        tree.move_cursor(tree.root.children[0])

    def reload(self) -> None:
        tree = self.query_one("#browse", Tree)
        for node in self._walk(tree.root):
            entry = node.data
            if (
                entry is not None
                and entry.loaded
                and not any(c.data and c.data.kind != "loading" for c in node.children)
            ):
                entry.loaded = False
                if node.is_expanded:
                    self._load(node, entry, 0)
        if self._pending is not None:
            self.open(*self._pending)

    @staticmethod
    def _walk(node: TreeNode[Entry]) -> list[TreeNode[Entry]]:
        out = [node]
        for child in node.children:
            out.extend(ExploreView._walk(child))
        return out

    # -- tree ----------------------------------------------------------------------------------

    @on(Tree.NodeExpanded, "#browse")
    def _expanded(self, event: Tree.NodeExpanded[Entry]) -> None:
        event.stop()
        entry = event.node.data
        if entry is None or entry.loaded or not entry.has_children:
            return
        entry.loaded = True
        event.node.add_leaf(Text(_("loading…"), style="dim italic"), data=Entry("loading", ""))
        self._load(event.node, entry, 0)

    def _load(self, node: TreeNode[Entry], entry: Entry, skip: int) -> None:
        def fetch() -> None:
            if entry.kind == "root":
                page = self.db(browse.roots, Root(entry.key), skip, self.page_size)
            else:
                page = self.db(browse.children, entry.key, skip, self.page_size)
            self.deliver(self.ChildrenLoaded(node, page))

        self.run_worker(
            fetch,
            thread=True,
            exclusive=True,
            exit_on_error=False,
            group=f"tree-{node.id}",
            description=N_("loading the tree"),
        )

    @on(ChildrenLoaded)
    def _children(self, event: ChildrenLoaded) -> None:
        node, page = event.node, event.page
        for child in list(node.children):
            if child.data is not None and child.data.kind in ("loading", "more"):
                child.remove()
        for item in page.nodes:
            label = Text(item.name)
            if item.label == "ActorKind":
                label.stylize("bold")
            elif item.kind and item.label not in ("MechanismType",):
                label.append(f"  {_(item.kind)}", style="dim")
            if item.label not in ("Territory", "ActorKind", "Actor", "MechanismType", "Plan"):
                label.append(f"  {_(item.label)}", style="cyan")
            if item.children:
                label.append(f"  ({item.children})", style="dim")
            node.add(
                label,
                data=Entry("node", item.id, has_children=item.children > 0, is_entity=item.is_entity),
                allow_expand=item.children > 0,
            )
        if page.more:
            node.add_leaf(
                Text(_("… more (next {n})").format(n=self.page_size), style="italic yellow"),
                data=Entry("more", node.data.key if node.data else "", skip=page.skip + len(page.nodes)),
            )
        if not page.nodes and not node.children:
            node.add_leaf(Text(_("(empty)"), style="dim"), data=Entry("loading", ""))

    @on(Tree.NodeSelected, "#browse")
    def _selected(self, event: Tree.NodeSelected[Entry]) -> None:
        event.stop()
        entry = event.node.data
        if entry is None:
            return
        if entry.kind == "more" and event.node.parent is not None and event.node.parent.data is not None:
            event.node.set_label(Text(_("loading…"), style="dim italic"))
            event.node.data = Entry("loading", "")
            self._load(event.node.parent, event.node.parent.data, entry.skip)
        elif entry.kind == "node" and entry.is_entity:
            self.open(entry.key)

    # -- detail and history --------------------------------------------------------------------

    def open(self, entity_id: str, push: bool = True, focus: bool = False) -> None:
        """Show ``entity_id`` in the detail panel (``push``: as a new history step; ``focus``:
        move the focus to its relationships once shown)."""
        self.focus_detail = focus or self.focus_detail
        self._pending = (entity_id, push)
        self.load_entity(entity_id, push)

    @work(thread=True, exclusive=True, exit_on_error=False, group="entity", description=N_("loading the entity"))
    def load_entity(self, entity_id: str, push: bool) -> None:
        detail = self.db(questions.entity, entity_id)
        money = self.db(funding.of_entity, detail.id, detail.label)
        self.deliver(self.EntityLoaded(detail, push, money))

    @on(EntityLoaded)
    def _entity(self, event: EntityLoaded) -> None:
        self._pending = None
        detail = event.detail
        if event.push and (self.position < 0 or self.history[self.position] != detail.id):
            del self.history[self.position + 1 :]
            self.history.append(detail.id)
            self.position = len(self.history) - 1
        self.current = detail
        panel = self.query_one(EntityPanel)
        panel.show(detail, self.maillage.source_titles, event.money)
        if self.focus_detail:
            self.focus_detail = False
            self.call_after_refresh(panel.focus_relations)
        self.border_subtitle = _("history {n}/{total} · b back · f forward").format(
            n=self.position + 1, total=len(self.history)
        )

    @on(EntityPanel.Jump)
    def _jump(self, event: EntityPanel.Jump) -> None:
        event.stop()
        self.open(event.entity_id)

    def action_back(self) -> None:
        if self.position > 0:
            self.position -= 1
            self.open(self.history[self.position], push=False)
        else:
            self.notify(_("Nothing further back."), timeout=2)

    def action_forward(self) -> None:
        if self.position + 1 < len(self.history):
            self.position += 1
            self.open(self.history[self.position], push=False)
        else:
            self.notify(_("Nothing further forward."), timeout=2)

    def action_neighbourhood(self) -> None:
        if self.current is not None:
            self.post_message(self.ShowNeighbourhood(self.current.id))
        else:
            self.notify(_("Open an entity first."), timeout=2)

    def action_who(self) -> None:
        if self.current is not None and self.current.label == "Territory":
            self.post_message(self.ShowWho(self.current.id, self.current.name))
        else:
            self.notify(_("Who does what needs a territory: open one first."), timeout=3)

    def focus_default(self) -> None:
        self.query_one("#browse", Tree).focus()

    def action_switch_side(self) -> None:
        tree = self.query_one("#browse", Tree)
        if tree.has_focus:
            self.query_one(EntityPanel).focus_relations()
        else:
            tree.focus()
