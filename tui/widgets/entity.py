"""The detail panel of one entity: its properties, its relationships grouped by type (Enter on
one jumps to the neighbour), and the provenance of every fact (quote, document title, line).

Shown by the Explore tab; it only renders an ``EntityDetail`` it is given.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Label, Static, Tree

from kb import i18n
from kb.funding import FundingReport, summary_lines
from kb.i18n import _
from kb.questions import Citation, EntityDetail, Relation, fact_words
from kb.relations import relation_words
from kb.results import INTERNAL_PROPERTIES

HIDDEN_PROPS = {"id", "name", *INTERNAL_PROPERTIES}  # the list is kb.results's


def evidence_text(source: str | None, line: int | None, quote: str | None, titles: dict[str, str]) -> Text:
    """“quote” — document title, line N."""
    text = Text()
    if quote:
        text.append(f"“{quote}”", style="italic")
    where = titles.get(source or "", source or "")
    if where or line:
        text.append("\n   — " if quote else "— ", style="dim")
        if where:
            text.append(where, style="dim")
        if line:
            text.append((", " if where else "") + _("line {line}").format(line=line), style="dim")
    if not text.plain:
        text.append(_("no evidence recorded"), style="dim")
    return text


def _value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return i18n.number(int(value))
    return str(value)


def _field(key: str) -> str:
    """A property's name as the panel shows it: in words when the catalog has them (``kb show``'s
    field names), else as recorded."""
    words = key.replace("_", " ")
    said = _(words)
    return key if said == words else said


class EntityPanel(Vertical):
    """Properties, grouped relationships and provenance of one entity."""

    class Jump(Message):
        """The user chose a neighbour to open."""

        def __init__(self, entity_id: str) -> None:
            super().__init__()
            self.entity_id = entity_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.detail: EntityDetail | None = None
        self.titles: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static(_("Choose an entity in the tree (Enter), or search on Home (1)."), id="entity-head")
        with VerticalScroll(id="entity-props", can_focus=False):
            yield Static("", id="props")
        yield Label(_("Relationships (Enter: open the neighbour)"), id="rels-title", classes="section")
        rels: Tree[Relation | None] = Tree("relationships", id="relations")
        rels.show_root = False
        yield rels
        yield Static("", id="rel-evidence")
        yield Label(_("Provenance"), classes="section")
        with VerticalScroll(id="entity-citations", can_focus=False):
            yield Static("", id="citations")

    def show(self, detail: EntityDetail, titles: dict[str, str], money: FundingReport | None = None) -> None:
        self.detail = detail
        self.titles = titles
        head = Text()
        head.append(detail.name, style="bold")
        head.append(f"  {_(detail.label)}", style="cyan")
        if detail.props.get("kind"):
            head.append(f" · {_(str(detail.props['kind']))}", style="dim")
        head.append(f"\n{detail.id}", style="dim")
        self.query_one("#entity-head", Static).update(head)

        props = Text()
        for key in sorted(k for k in detail.props if k not in HIDDEN_PROPS):
            value = detail.props[key]
            if value in (None, "", []):
                continue
            props.append(f"{_field(key)}: ", style="bold")
            props.append(_value(value) + "\n")
        if money is not None and (money.totals or money.beside):
            # kb.funding's rule: only amounts stated as totals add up; the others are listed, not added
            props.append(_("funding (kb funding): "), style="bold")
            props.append("\n  " + "\n  ".join(summary_lines(money)) + "\n")
        self.query_one("#props", Static).update(props or Text(_("no other property"), style="dim"))

        tree = self.query_one("#relations", Tree)
        tree.clear()
        groups = detail.grouped()
        for rels in groups.values():
            said = relation_words(rels[0].type, rels[0].direction)  # read from this entity: "covered by"
            group = tree.root.add(Text.assemble((said, "bold"), (f"  ({len(rels)})", "dim")), data=None, expand=True)
            for rel in rels:
                group.add_leaf(self._rel_label(rel), data=rel)
        self.query_one("#rels-title", Label).update(
            _("Relationships: {n} in {groups} group(s) (Enter: open the neighbour)").format(
                n=len(detail.relationships), groups=len(groups)
            )
        )
        self.query_one("#rel-evidence", Static).update("")
        self.query_one("#citations", Static).update(self._citations(detail.citations))
        if groups:
            self.call_after_refresh(self._first_relation)

    def _first_relation(self) -> None:
        tree = self.query_one("#relations", Tree)
        if tree.root.children and tree.root.children[0].children:
            tree.move_cursor(tree.root.children[0].children[0])

    @staticmethod
    def _rel_label(rel: Relation) -> Text:
        text = Text(rel.other)
        text.append(f"  {_(rel.other_label)}", style="cyan")
        extras = [_(x) for x in (rel.role, rel.kind) if x] + ([rel.scheme] if rel.scheme else [])
        if rel.amount_eur is not None:
            extras.append(i18n.amount(rel.amount_eur))
        if extras:
            text.append(f"  [{', '.join(extras)}]", style="yellow")
        if (rel.status, rel.basis) != ("existing", "stated"):  # mark what is not a documented, existing fact
            text.append(f"  ({fact_words(rel)})", style="magenta")
        return text

    def _citations(self, citations: list[Citation]) -> Text:
        if not citations:
            return Text(_("no citation recorded"), style="dim")
        text = Text()
        for i, cit in enumerate(citations):
            if i:
                text.append("\n")
            text.append_text(evidence_text(cit.source, cit.line, cit.quote, {cit.source: cit.title or cit.source}))
        return text

    @on(Tree.NodeHighlighted, "#relations")
    def _highlighted(self, event: Tree.NodeHighlighted[Relation | None]) -> None:
        event.stop()
        rel = event.node.data
        box = self.query_one("#rel-evidence", Static)
        if rel is None:
            box.update("")
            return
        said = relation_words(rel.type, "out")  # read from its start: "CLS Flers Agglo —covers→ …"
        arrow = (
            f"{self.detail.name if self.detail else ''} —{said}→ {rel.other}"
            if rel.direction == "out"
            else f"{rel.other} —{said}→ {self.detail.name if self.detail else ''}"
        )
        text = Text(arrow + "\n", style="bold")
        text.append_text(evidence_text(rel.source, rel.line, rel.quote, self.titles))
        box.update(text)

    @on(Tree.NodeSelected, "#relations")
    def _selected(self, event: Tree.NodeSelected[Relation | None]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.Jump(event.node.data.other_id))

    def focus_relations(self) -> None:
        self.query_one("#relations", Tree).focus()
