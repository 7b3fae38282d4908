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
from kb.facts import DatedSet, FactFilter
from kb.i18n import N_, _, ngettext
from kb.questions import CoverageRow, CoverageStatus, coverage_params, mechanism_coverage, type_words
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


ACCOUNTABILITY_WHYS = (
    N_("no actor is named to lead it (who provides its means is named)"),
    N_("no actor is named to lead it"),
    N_("no indicator is stated"),
    N_("no funding is stated"),
    N_("no actor is named as its carrier (porteur)"),
    N_("no mandate says what it decides"),
)
"""The reasons ``gap_accountability.cypher`` gives, translated where a finding is made."""

SECTION_WORDS = {
    "title": N_("title"),
    "purpose": N_("purpose"),
    "responsibilities": N_("responsibilities"),
    "autonomy": N_("autonomy"),
    "perimeter": N_("perimeter"),
    "composition": N_("composition"),
    "articulation": N_("articulation"),
    "working_methods": N_("working methods"),
    "deliverables": N_("deliverables"),
    "duration": N_("duration"),
    "commitments": N_("commitments"),
    "resources": N_("resources"),
}
"""A mandate template's sections (kb.models.TemplateSection, AViQ's sheet, 002 l.414-460) in words."""


def sections(keys: list[str]) -> str:
    """Mandate sections in words, in the language in use: "purpose, working methods"."""
    return ", ".join(_(SECTION_WORDS.get(k, k.replace("_", " "))) for k in keys)


def _mandate_why(r: dict[str, Any]) -> str:
    if r["missing_essential"]:
        return _("missing essential sections: {sections}").format(sections=sections(r["missing_essential"]))
    if r["missing_operational"]:
        return _("the essential sections are stated; operational ones missing: {sections}").format(
            sections=sections(r["missing_operational"])
        )
    return _("every template section is stated")


def _same_type_why(r: dict[str, Any]) -> str:
    """Why two schemes of a type overlap, the type in words as the coverage findings say it (``type_words``)."""
    t = type_words(r["mechanism_type"], r.get("mechanism_type_name"))
    if r["place_a"] == r["place_b"]:
        return _("two {type} cover {place}").format(type=t, place=r["place_a"])
    return _("two {type} cover nested places: {a} and {b}").format(type=t, a=r["place_a"], b=r["place_b"])


def _bodies_why(r: dict[str, Any]) -> str:
    union = r["members_a"] + r["members_b"] - r["shared"]
    said = ngettext("{shared} of {union} members sits on both", "{shared} of {union} members sit on both", r["shared"])
    return said.format(shared=r["shared"], union=union)


def _themes_why(r: dict[str, Any], territory: str) -> str:
    n = r["actions_elsewhere"]
    return ngettext(
        "{n} action addresses {theme} elsewhere, none on {territory}",
        "{n} actions address {theme} elsewhere, none on {territory}",
        n,
    ).format(n=n, theme=r["theme"], territory=territory)


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
    facts: FactFilter | None = None,
    left_out: dict[str, int] | None = None,
) -> list[Finding]:
    """Where schemes overlap: same-type mechanisms on the same place, same theme across types,
    bodies with the same members, near-duplicate actions across plans.

    Only existing links count unless ``facts`` names other statuses. With a day, a pair with one
    side out of force then is left out (counted in ``left_out``), and a pair with a side of unknown
    dates is kept with ``details["dates_unknown"]`` naming it."""
    tid = _territory_id(graph, territory)
    kinds = kinds or list(OverlapKind)
    facts = facts or FactFilter()
    st = facts.statuses
    out: list[Finding] = []
    if OverlapKind.same_type in kinds:
        for r in catalog.run(graph, "overlap_same_type", territory_id=tid, statuses=st):
            details = {"mechanism_type": r["mechanism_type"], "quote_b": r["quote_b"], "line_b": r["line_b"]}
            r = {**r, "why": _same_type_why(r)}
            out.append(_pair("same_type", r, details, source=r["source"], quote=r["quote_a"], line=r["line_a"]))
    if OverlapKind.same_theme in kinds:
        for r in catalog.run(graph, "overlap_same_theme", territory_id=tid, statuses=st):
            details = {"theme": r["theme"], "quote_b": r["quote_b"]}
            out.append(_pair("same_theme", r, details, source=r["source"], quote=r["quote_a"], line=r["line_a"]))
    if OverlapKind.bodies in kinds:
        for r in catalog.run(graph, "overlap_bodies", threshold=threshold, min_shared=min_shared, statuses=st):
            r = {**r, "why": _bodies_why(r)}
            out.append(_pair("bodies", r, {"jaccard": r["jaccard"], "shared_members": r["shared_members"]}))
    if OverlapKind.actions in kinds:
        # for a territory, from its scope (cypher/overlap_actions_scoped.cypher); nationally, every pair
        pairs = (
            catalog.run(graph, "overlap_actions_scoped", threshold=threshold, territory_id=tid, statuses=st)
            if tid
            else catalog.run(graph, "overlap_actions", threshold=threshold, territory_id=None, statuses=st)
        )
        for r in pairs:
            details = {k: r[k] for k in ("similarity", "plan_a", "plan_b", "quote_b")}
            out.append(_pair("actions", r, details, quote=r["quote_a"]))
    if facts.as_of is None:
        return order_findings(out)
    _params, dated = coverage_params(graph, facts)
    return order_findings(_in_force(out, dated, left_out))


def _accountable(
    graph: Graph, tid: str | None, statuses: list[str] | None, dated: DatedSet | None, left_out: dict[str, int] | None
) -> list[dict[str, Any]]:
    """gap_accountability rows, without the subjects out of force on the day (counted)."""
    rows = catalog.run(graph, "gap_accountability", territory_id=tid, statuses=statuses)
    if dated is None:
        return rows
    kept = []
    for r in rows:
        if r["id"] in dated.out:
            if left_out is not None:
                left_out["not in force"] = left_out.get("not in force", 0) + 1
            continue
        kept.append(r)
    return kept


def _in_force(found: list[Finding], dated: DatedSet | None, left_out: dict[str, int] | None) -> list[Finding]:
    """Findings whose subject (and other) were in force on the day; those of unknown dates marked."""
    if dated is None:
        return found
    kept = []
    for f in found:
        ids = [i for i in (f.subject_id, f.other_id) if i]
        if any(i in dated.out for i in ids):
            if left_out is not None:
                left_out["not in force"] = left_out.get("not in force", 0) + 1
            continue
        unknown = [dated.unknown[i] for i in ids if i in dated.unknown]
        if unknown:
            f.details["dates_unknown"] = unknown
        kept.append(f)
    return kept


def gaps(
    graph: Graph,
    territory: str | None = None,
    kinds: list[GapKind] | None = None,
    mechanism_type: str = "CPTS",
    facts: FactFilter | None = None,
    left_out: dict[str, int] | None = None,
) -> list[Finding]:
    """Where the gaps are: uncovered places, missing themes, unaccountable actions, bodies and
    mechanisms, incomplete mandates. Coverage and themes need a territory.

    Only existing facts fill a gap unless ``facts`` names other statuses (an intended lead is no
    lead). With a day, what was out of force then fills no gap and is no gap (counted in
    ``left_out``); a subject of unknown dates is kept with ``details["dates_unknown"]``."""
    tid = _territory_id(graph, territory)
    facts = facts or FactFilter()
    params, dated = coverage_params(graph, facts)
    kinds = kinds or list(GapKind)
    out: list[Finding] = []
    if tid is None and kinds in ([GapKind.coverage], [GapKind.themes]):
        raise InvalidInput(_("Coverage and theme gaps are relative to a territory: give --territory."))
    if GapKind.coverage in kinds and tid:
        # Places no scheme of the type is known to cover: a real gap when every scheme around has a
        # known perimeter, unknown when some have none (001 l.1559: "4 CPTS du département", no perimeter).
        if (
            dated is not None
        ):  # the coverage rows with the day's dates: covered only by schemes of unknown dates is no gap
            _rows, every = mechanism_coverage(graph, tid, mechanism_type, facts=facts)
            rows = [r for r in every if r.status is not CoverageStatus.covered]
        else:
            rows = [
                CoverageRow(**r)
                for r in catalog.run(
                    graph, "gap_coverage", territory_id=tid, type_code=mechanism_type.upper(), **params
                )
            ]
        for row in rows:
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
                        **({"dates_unknown": row.dates_unknown} if row.dates_unknown else {}),
                    },
                )
            )
    if GapKind.themes in kinds and tid:
        territory_name = resolve(graph, tid, ["Territory"], "territory").name
        for r in catalog.run(graph, "gap_themes", territory_id=tid, statuses=facts.statuses, exclude=params["exclude"]):
            out.append(
                Finding(
                    kind="themes",
                    subject_id=r["theme_id"],
                    subject=r["theme"],
                    why=_themes_why(r, territory_name),
                    details={"actions_elsewhere": r["actions_elsewhere"], "examples": r["examples"]},
                )
            )
    if GapKind.accountability in kinds:
        for r in _accountable(graph, tid, facts.statuses, dated, left_out):
            out.append(
                Finding(
                    kind=r["finding"],
                    subject_id=r["id"],
                    subject=r["name"],
                    why=_(r["why"]),
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
                    why=_mandate_why(r),
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
    if GapKind.mandates in kinds:
        # 000 l.317-321: "(1 membre = 2 mandats au plus)": a load over the cap, or one the document does not state
        from kb.mandate_load import LoadStatus, mandate_load

        for load in mandate_load(graph):
            if load.status not in (LoadStatus.exceeded, LoadStatus.unknown):
                continue
            out.append(
                Finding(
                    kind=f"mandate_load_{load.status.value}",
                    subject_id=load.holder_id,
                    subject=load.holder,
                    why=load.why,
                    source=load.source,
                    line=load.line,
                    quote=load.quote,
                    details={"held": load.held, "cap": load.cap, "members": load.members, "mandates": load.mandates},
                )
            )
    if dated is not None:
        for f in out:
            if f.kind != "coverage" and f.subject_id in dated.unknown:
                f.details["dates_unknown"] = [dated.unknown[f.subject_id]]
    return order_findings(out)


def mandate_completeness(graph: Graph, territory: str | None = None) -> list[dict[str, Any]]:
    """Every mandate with its missing sections (complete ones included)."""
    return catalog.run(graph, "gap_mandates", territory_id=_territory_id(graph, territory))
