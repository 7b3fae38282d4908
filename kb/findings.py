"""Overlaps and gaps, as findings that say why and carry their evidence.

Each kind is one catalog query; this module runs the ones asked for and turns their rows into
``Finding`` models with the same shape, so a front end can list them together.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from kb import catalog
from kb.db import Graph
from kb.errors import InvalidInput
from kb.questions import CoverageRow
from kb.resolve import resolve
from kb.results import order_findings
from kb.vocab import GapKind as GapKind  # re-exported: the callers' vocabulary
from kb.vocab import OverlapKind as OverlapKind


class Finding(BaseModel):
    """One overlap or gap: what, about which entities, why, and the evidence."""

    kind: str
    subject_id: str
    subject: str
    other_id: str | None = None
    other: str | None = None
    why: str
    source: str | None = None
    line: int | None = None
    quote: str | None = None
    details: dict[str, Any] = {}


def _territory_id(graph: Graph, territory: str | None) -> str | None:
    return resolve(graph, territory, ["Territory"], "territory").id if territory else None


def _pair(kind: str, r: dict[str, Any], details: dict[str, Any], **evidence: Any) -> Finding:
    """One overlap between the pair ``a``/``b`` of a row of an ``overlap_*`` query."""
    return Finding(
        kind=kind,
        subject_id=r["a_id"],
        subject=r["a"],
        other_id=r["b_id"],
        other=r["b"],
        why=r["why"],
        details=details,
        **evidence,
    )


def overlaps(
    graph: Graph,
    territory: str | None = None,
    kinds: list[OverlapKind] | None = None,
    threshold: float = 0.5,
    min_shared: int = 2,
) -> list[Finding]:
    """Where schemes overlap: same-type mechanisms on the same place, same theme across types,
    bodies with the same members, near-duplicate actions across plans."""
    tid = _territory_id(graph, territory)
    kinds = kinds or list(OverlapKind)
    out: list[Finding] = []
    if OverlapKind.same_type in kinds:
        for r in catalog.run(graph, "overlap_same_type", territory_id=tid):
            details = {"mechanism_type": r["mechanism_type"], "quote_b": r["quote_b"], "line_b": r["line_b"]}
            out.append(_pair("same_type", r, details, source=r["source"], quote=r["quote_a"], line=r["line_a"]))
    if OverlapKind.same_theme in kinds:
        for r in catalog.run(graph, "overlap_same_theme", territory_id=tid):
            details = {"theme": r["theme"], "quote_b": r["quote_b"]}
            out.append(_pair("same_theme", r, details, source=r["source"], quote=r["quote_a"], line=r["line_a"]))
    if OverlapKind.bodies in kinds:
        for r in catalog.run(graph, "overlap_bodies", threshold=threshold, min_shared=min_shared):
            out.append(_pair("bodies", r, {"jaccard": r["jaccard"], "shared_members": r["shared_members"]}))
    if OverlapKind.actions in kinds:
        for r in catalog.run(graph, "overlap_actions", threshold=threshold, territory_id=tid):
            details = {k: r[k] for k in ("similarity", "plan_a", "plan_b", "quote_b")}
            out.append(_pair("actions", r, details, quote=r["quote_a"]))
    return order_findings(out)


def gaps(
    graph: Graph, territory: str | None = None, kinds: list[GapKind] | None = None, mechanism_type: str = "CPTS"
) -> list[Finding]:
    """Where the gaps are: uncovered places, missing themes, unaccountable actions, bodies and
    mechanisms, incomplete mandates. Coverage and themes need a territory."""
    tid = _territory_id(graph, territory)
    kinds = kinds or list(GapKind)
    out: list[Finding] = []
    if tid is None and kinds in ([GapKind.coverage], [GapKind.themes]):
        raise InvalidInput("Coverage and theme gaps are relative to a territory: give --territory.")
    if GapKind.coverage in kinds and tid:
        # Places no scheme of the type is known to cover: a real gap when every scheme around has a
        # known perimeter, unknown when some have none (001 l.1559: "4 CPTS du département", no perimeter).
        for r in catalog.run(graph, "gap_coverage", territory_id=tid, type_code=mechanism_type.upper()):
            row = CoverageRow(**r)
            out.append(
                Finding(
                    kind="coverage",
                    subject_id=row.part_id,
                    subject=row.part,
                    why=row.why,
                    details={
                        "status": row.status.value,
                        "part_kind": row.part_kind,
                        "mechanism_type": row.mechanism_type,
                        "unknown_perimeter": row.unknown_perimeter,
                        "partial": row.partial,
                        "around": row.around,
                        "around_in": row.around_in,
                    },
                )
            )
    if GapKind.themes in kinds and tid:
        for r in catalog.run(graph, "gap_themes", territory_id=tid):
            out.append(
                Finding(
                    kind="themes",
                    subject_id=r["theme_id"],
                    subject=r["theme"],
                    why=r["why"],
                    details={"actions_elsewhere": r["actions_elsewhere"], "examples": r["examples"]},
                )
            )
    if GapKind.accountability in kinds:
        for r in catalog.run(graph, "gap_accountability", territory_id=tid):
            out.append(
                Finding(
                    kind=r["finding"],
                    subject_id=r["id"],
                    subject=r["name"],
                    why=r["why"],
                    source=r["source"],
                    line=r["line"],
                    quote=r["quote"],
                    details={"label": r["label"]},
                )
            )
    if GapKind.mandates in kinds:
        for r in catalog.run(graph, "gap_mandates", territory_id=tid):
            if r["complete"] and not r["missing_operational"]:
                continue
            out.append(
                Finding(
                    kind="mandate_incomplete" if not r["complete"] else "mandate_operational_missing",
                    subject_id=r["mandate_id"],
                    subject=r["mandate"],
                    other_id=r["body_id"],
                    other=r["body"],
                    why=r["why"],
                    source=r["source"],
                    line=r["line"],
                    quote=r["quote"],
                    details={
                        "complete": r["complete"],
                        "missing_essential": r["missing_essential"],
                        "missing_operational": r["missing_operational"],
                    },
                )
            )
    return order_findings(out)


def mandate_completeness(graph: Graph, territory: str | None = None) -> list[dict[str, Any]]:
    """Every mandate with its missing sections (complete ones included)."""
    return catalog.run(graph, "gap_mandates", territory_id=_territory_id(graph, territory))
