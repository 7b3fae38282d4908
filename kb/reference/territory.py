"""A territory's size and make-up: population (with its year where known) and parts per kind."""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import BaseModel

from kb import catalog, i18n
from kb.db import Graph
from kb.errors import NotFound
from kb.i18n import _


class TerritorySummary(BaseModel):
    id: str
    name: str
    kind: str
    code: str | None = None
    population: int | None = None
    population_year: int | None = None
    population_unknown_communes: int | None = None
    part_counts: dict[str, int]
    parts: list[dict[str, Any]]

    def line(self) -> str:
        """The territory in one sentence for people (``kb territory``'s note), in the interface's language."""
        if self.population is None:
            pop = _("population unknown")
            if self.population_unknown_communes:
                pop += _(" ({n} of its communes have none in the source)").format(n=self.population_unknown_communes)
        else:
            year = (
                _(" (INSEE legal population {year})").format(year=self.population_year)
                if self.population_year
                else _(" (census year not stated by the source)")
            )
            pop = _("population {n}").format(n=i18n.number(self.population)) + year
        counts = ", ".join(f"{n} {_(k)}" for k, n in self.part_counts.items()) or _("no recorded parts")
        return _("{name} [{id}]: {population}; parts: {parts}.").format(
            name=self.name, id=self.id, population=pop, parts=counts
        )


def territory_summary(graph: Graph, territory_id: str) -> TerritorySummary:
    rows = catalog.run(graph, "territory_parts", id=territory_id)
    if not rows:
        raise NotFound(_("No territory has the id {id!r}.").format(id=territory_id))
    row = rows[0]
    parts = sorted(
        {p["id"]: p for p in row["parts"]}.values(), key=lambda p: (-(p["population"] or 0), p["name"] or "")
    )
    counts = Counter(p["kind"] for p in parts)
    return TerritorySummary(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        code=row["code"],
        population=row["population"],
        population_year=row["population_year"],
        population_unknown_communes=row.get("population_unknown_communes"),
        part_counts=dict(counts.most_common()),
        parts=parts,
    )
