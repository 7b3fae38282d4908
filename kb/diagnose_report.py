"""The perimeter diagnostic as a document: Markdown, or one self-contained HTML page (map inline as SVG).

Both are built from ``sections``: the same headings, sentences and tables, so the two say the same.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from kb import i18n
from kb.diagnose import Diagnostic, Evidence
from kb.i18n import _


@dataclass
class Section:
    title: str
    lines: list[str] = field(default_factory=list)  # sentences
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    empty: str = ""  # said when there are no rows


def _pct(share: float | None) -> str:
    """A share to the percent, the language's way ("12%", "12 %"); unknown said so."""
    if share is None:
        return _("unknown")
    from babel.numbers import format_percent

    return format_percent(share, locale=i18n.BABEL_LOCALES[i18n.current()])


def _people(n: int | None) -> str:
    return _("unknown") if n is None else i18n.number(n)


def _euros(amount: float | None) -> str:
    return _("amount unknown") if amount is None else i18n.amount(amount)


def evidence(ev: list[Evidence]) -> str:
    """Evidence in one cell: "src:001… l.1864 «Avec CLS Flers agglo…» (existing, stated)"."""
    out = []
    for e in ev:
        where = f"{e.source or _('source not recorded')}" + (f" l.{e.line}" if e.line else "")
        quote = f" «{e.quote}»" if e.quote else ""
        fact = f" ({i18n.word(e.status) if e.status else _('status unknown')}, "
        fact += f"{i18n.word(e.basis) if e.basis else _('basis unknown')})"
        out.append(where + quote + fact)
    return "; ".join(out) or _("no evidence recorded")


def sections(d: Diagnostic) -> list[Section]:
    out: list[Section] = []
    head = Section(_("Perimeter"))
    head.lines.append(
        _("{perimeter}: population {n} ({note})").format(
            perimeter=d.perimeter, n=_people(d.population), note=_(d.population_note)
        )
        + (
            _("; no population for {names}").format(names=", ".join(d.communes_without_population))
            if d.communes_without_population
            else ""
        )
        + "."
    )
    if d.within:
        head.lines.append(_("Territories of the graph inside it: {names}.").format(names=", ".join(d.within)))
    out.append(head)
    types = Section(
        _("Schemes by type"),
        lines=[
            _(
                "Each type's coverage of the perimeter, as `kb coverage` answers it per commune: covered (a named "
                "scheme covers it), unknown (a scheme around has no recorded perimeter), gap (every perimeter "
                "around is known and none includes it). Shares are of the perimeter's population."
            )
        ],
        header=[_("type"), _("covered"), _("unknown / partly"), _("gap"), _("schemes (share of population)")],
        empty=_("No scheme of any type is recorded on or around the perimeter."),
    )
    for t in d.types:
        unknown = (t.share["unknown"] or 0) + (t.share["partial"] or 0) if t.share["unknown"] is not None else None
        schemes = [
            _("{name} ({share}, {n} communes)").format(name=s.mechanism, share=_pct(s.share), n=s.communes)
            for s in t.schemes
        ]
        schemes += [_("{name} (perimeter not recorded)").format(name=m) for m in t.unknown_perimeter]
        types.rows.append(
            [
                t.mechanism_type,
                f"{t.communes['covered']} ({_pct(t.share['covered'])})",
                f"{t.communes['unknown'] + t.communes['partial']} ({_pct(unknown)})",
                f"{t.communes['gap']} ({_pct(t.share['gap'])})",
                "; ".join(schemes) or _("none"),
            ]
        )
    out.append(types)
    each = Section(
        _("Schemes present"),
        header=[_("scheme"), _("type"), _("communes"), _("share"), _("through"), _("evidence")],
        empty=_("No scheme is known to cover any commune of the perimeter."),
    )
    each.rows = [
        [s.mechanism, s.mechanism_type, str(s.communes), _pct(s.share), ", ".join(s.via), evidence(s.evidence)]
        for t in d.types
        for s in t.schemes
    ]
    out.append(each)
    ov = Section(
        _("Overlaps"),
        header=[_("kind"), _("schemes or types"), _("communes"), _("share"), _("why")],
        empty=_("No overlap: no commune is covered by several schemes of one type or by schemes of several types."),
    )
    for o in d.overlaps:
        ov.rows.append(
            [
                _("same type") if o.kind == "same_type" else _("several types"),
                ", ".join(o.schemes),
                f"{len(o.communes)}",
                _pct(o.share),
                o.why,
            ]
        )
    out.append(ov)
    gaps = Section(
        _("Gaps and unknowns"),
        header=[_("type"), _("status"), _("communes"), _("share"), _("why")],
        empty=_("No gap and nothing unknown: every type around covers every commune."),
    )
    for g in d.gaps:
        names = ", ".join(g.communes[:12]) + (f" … (+{len(g.communes) - 12})" if len(g.communes) > 12 else "")
        gaps.rows.append([g.mechanism_type, _(g.status), f"{len(g.communes)}: {names}", _pct(g.share), g.why])
    out.append(gaps)
    for title, facts, empty in (
        (_("Actors based there"), d.actors, _("No actor is recorded as based in the perimeter.")),
        (_("Actions targeting it"), d.actions, _("No action is recorded as targeting the perimeter.")),
        (_("Mandates scoped to it"), d.mandates, _("No mandate is recorded as scoped to the perimeter.")),
    ):
        s = Section(title, header=[_("name"), _("detail"), _("on"), _("evidence")], empty=empty)
        s.rows = [[f.name, f.detail or "", ", ".join(f.territories), evidence(f.evidence)] for f in facts]
        out.append(s)
    money = Section(
        _("Funding"),
        lines=[
            _(
                "Totals as `kb funding` computes them: only amounts stated as totals add up; per-unit, per-year or "
                "to-be-defined amounts are listed beside, never summed."
            )
        ],
        header=[_("scheme"), _("total"), _("lines")],
        empty=_("No funding total is recorded for what targets the perimeter."),
    )
    money.rows = [[t.key, _euros(t.total_eur), str(t.lines)] for t in d.funding.totals]
    for b in d.funding.beside:
        amount = _euros(b.amount_eur) if b.amount_eur is not None else _("amount not stated")
        money.lines.append(
            _("Beside the totals: {funder} → {target}: {amount} ({unit})").format(
                funder=b.funder, target=b.target, amount=amount, unit=b.unit or _("unit not stated")
            )
            + (f", {b.source} l.{b.line} «{b.quote}»" if b.quote else "")
        )
    for line in d.funding.lines:
        money.lines.append(
            _("In the totals: {funder} → {target}: {amount}").format(
                funder=line.funder, target=line.target, amount=_euros(line.amount_eur)
            )
            + (f", {line.source} l.{line.line} «{line.quote}»" if line.quote else "")
        )
    out.append(money)
    communes = Section(_("Communes"), header=[_("code"), _("commune"), _("population")])
    communes.rows = [[c.code, c.name, _people(c.population)] for c in d.communes]
    out.append(communes)
    return out


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(d: Diagnostic) -> str:
    parts = [
        "# " + _("Diagnostic: {perimeter}").format(perimeter=d.perimeter),
        "",
        _("Drawn on {day} from Maillage's graph.").format(day=d.drawn_on.isoformat()),
        "",
    ]
    for s in sections(d):
        parts += [f"## {s.title}", ""]
        parts += [line + "\n" for line in s.lines]
        if s.rows:
            parts.append("| " + " | ".join(s.header) + " |")
            parts.append("|" + "---|" * len(s.header))
            parts += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in s.rows]
            parts.append("")
        elif s.empty:
            parts += [s.empty, ""]
    return "\n".join(parts)


CSS = """
body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font-size:.85rem}th,td{border:1px solid #ddd;padding:.25rem .4rem;
text-align:left;vertical-align:top}th{background:#f4f4f4}.map svg{max-width:100%;height:auto}
.muted{color:#666;font-size:.85rem}
"""


def html_page(d: Diagnostic, map_svg: str) -> str:
    """One self-contained page (inline CSS, the map as inline SVG; nothing fetched)."""
    e = html.escape
    svg_start = map_svg.find("<svg")
    title = e(_("Diagnostic: {perimeter}").format(perimeter=d.perimeter))
    drawn = e(_("Drawn on {day} from Maillage's graph.").format(day=d.drawn_on.isoformat()))
    body = [
        f"<h1>{title}</h1>",
        f'<p class="muted">{drawn}</p>',
        f'<div class="map">{map_svg[svg_start:] if svg_start >= 0 else ""}</div>',
    ]
    for s in sections(d):
        body.append(f"<h2>{e(s.title)}</h2>")
        body += [f"<p>{e(line)}</p>" for line in s.lines]
        if s.rows:
            body.append("<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in s.header) + "</tr></thead><tbody>")
            body += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in s.rows]
            body.append("</tbody></table>")
        elif s.empty:
            body.append(f"<p>{e(s.empty)}</p>")
    return (
        f'<!DOCTYPE html>\n<html lang="{i18n.current()}"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )
