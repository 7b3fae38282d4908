"""Checks on the shape of what the extracts say, before anything is written: PART_OF nesting.

A territory, actor, mechanism or plan that is ``PART_OF`` itself, or a cycle of ``PART_OF``
(``a`` in ``b`` in ``a``), makes the containment questions meaningless; territory nesting deeper
than the queries follow (``[:PART_OF*..8]``, see ``cypher/who_does_what.cypher``) would be cut
silently. Each problem is reported at the file and line where the offending ``part_of`` is
written. ``kb.seed`` calls :func:`part_of_problems` once, at the end of its pass over the files, on the
PART_OF edges it kept (ids and locations only: the line is found only for an edge reported).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from kb.i18n import _
from kb.yaml_lines import Loc, line_of

MAX_TERRITORY_DEPTH = 8
"""The PART_OF hops the queries follow up from a territory (``*..8``)."""


@dataclass(frozen=True)
class Edge:
    """``child`` PART_OF ``parent``, as written at ``file:line`` in ``field``."""

    child: str
    parent: str
    file: str
    at: int | tuple[Mapping[Loc, int], Loc]  # the line, or (line map, location): found only if reported
    field: str

    @property
    def line(self) -> int:
        return self.at if isinstance(self.at, int) else line_of(*self.at)


class NestingProblem(NamedTuple):
    """Same fields, same order as ``kb.seed.Problem``."""

    file: str
    line: int
    field: str
    message: str


def part_of_problems(edges: Iterable[Edge], territories: Iterable[str] = ()) -> list[NestingProblem]:
    """Self-loops, cycles, and territory chains longer than :data:`MAX_TERRITORY_DEPTH` hops."""
    problems: list[NestingProblem] = []
    parents: dict[str, list[Edge]] = defaultdict(list)
    for edge in edges:
        if edge.child == edge.parent:
            problems.append(
                NestingProblem(edge.file, edge.line, edge.field, _("{id} is PART_OF itself").format(id=edge.child))
            )
            continue
        parents[edge.child].append(edge)
    cyclic: set[str] = set()
    for component in _cycles(parents):
        cyclic.update(component)
        members = sorted(component)
        first = min((e for m in members for e in parents[m] if e.parent in component), key=lambda e: (e.file, e.line))
        path = _cycle_path(first.child, component, parents)
        problems.append(
            NestingProblem(
                first.file, first.line, first.field, _("PART_OF cycle: {path}").format(path=" -> ".join(path))
            )
        )
    territory_ids = set(territories)
    depth = _depths(parents, territory_ids, cyclic)
    too_deep = {t for t, (hops, _) in depth.items() if hops > MAX_TERRITORY_DEPTH}
    above = {depth[t][1][1] for t in too_deep}  # report each over-long chain once, at its bottom
    for child in sorted(too_deep - above):
        hops, chain = depth[child]
        edge = next(e for e in parents[child] if e.parent == chain[1])
        problems.append(
            NestingProblem(
                edge.file,
                edge.line,
                edge.field,
                _(
                    "territory nesting is {hops} levels deep ({chain}); the queries follow PART_OF up to {most} levels"
                ).format(hops=hops, chain=" -> ".join(chain), most=MAX_TERRITORY_DEPTH),
            )
        )
    return problems


def _cycles(parents: Mapping[str, list[Edge]]) -> list[set[str]]:
    """Strongly connected components with more than one member (Tarjan's, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[set[str]] = []
    counter = 0
    for root in sorted(parents):
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            succ = [e.parent for e in parents.get(node, [])]
            if i < len(succ):
                work.append((node, i + 1))
                nxt = succ[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            for e in parents.get(node, []):
                if e.parent in on_stack:
                    low[node] = min(low[node], low[e.parent])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(component)
    return out


def _cycle_path(start: str, component: set[str], parents: Mapping[str, list[Edge]]) -> list[str]:
    """One cycle through ``start`` inside ``component`` (breadth-first back to ``start``)."""
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt: list[str] = []
        for node in frontier:
            for e in sorted(parents.get(node, []), key=lambda e: e.parent):
                if e.parent not in component:
                    continue
                if e.parent == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if e.parent not in previous:
                    previous[e.parent] = node
                    nxt.append(e.parent)
        frontier = nxt
    return [start, start]


def _depths(
    parents: Mapping[str, list[Edge]], territories: set[str], cyclic: set[str]
) -> dict[str, tuple[int, list[str]]]:
    """For each territory outside a cycle: the longest chain of territory PART_OF hops above it."""
    best: dict[str, tuple[int, list[str]]] = {}
    for start in sorted(territories - cyclic):
        work: list[tuple[str, bool]] = [(start, False)]
        while work:
            node, expanded = work.pop()
            if node in best:
                continue
            ups = [e.parent for e in parents.get(node, []) if e.parent in territories and e.parent not in cyclic]
            if not expanded:
                work.append((node, True))
                work.extend((p, False) for p in ups if p not in best)
                continue
            chains = [best[p] for p in ups if p in best]
            top = max(chains, key=lambda c: c[0], default=None)
            best[node] = (top[0] + 1, [node, *top[1]]) if top else (0, [node])
    return best
