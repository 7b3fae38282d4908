"""Which facts to count: by kind (``--status``, ``--basis``) and by date (``--as-of``).

A fact is in force on a day when the entity that dates it (a mechanism, a plan, a body, an
action, an event) was in force then. The rule per kind, from the dates the extracts record:

- **Mechanism**: from ``start``, else ``signed``; until ``end``, else ``start`` + ``duration_months``;
  with a start and no end stated, it runs on (the CLS Flers Agglo, "signé le 22/11/23", 001 l.1864).
- **Plan**: from ``start``, else ``adopted``, else ``published``, else the first year of ``period``;
  until ``end``, else the last year of ``period`` (31 December).
- **Body**: from ``start`` until ``end``, else ``start`` + ``duration_months``; a temporary body with
  no dates has unknown dates; a permanent body with no dates of its own follows what it is part of
  when the row names that (a body inside a mechanism), else its dates are unknown.
- **Action**: from ``start`` until ``end``; else its ``year`` (1 January to 31 December); else its
  ``period``; a ``deadline`` alone bounds the end only; with none of these, its plan's period.
- **Event**: its ``date`` (a day, a month or a year).
- Anything else (a mandate, an actor based in a place) has no dates: "dates unknown".

A partial date (``2023``, ``2023-11``) starts on its first day and ends on its last. A fact whose
start is after the day, or whose end is before it, is *not in force*; one whose dates cannot
decide is *dates unknown*: shown, marked, and counted apart — never dropped silently, never
counted as in force without saying so. A relationship whose status is ``ended`` and whose dates
are unknown has unknown dates too (the documents rarely say when it ended).

Headless; used by ``kb.questions`` and ``kb.findings``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from kb.errors import InvalidInput
from kb.i18n import N_, _
from kb.vocab import FACT_BASES, FACT_STATUSES

DATE_PROPS = (
    "signed",
    "start",
    "end",
    "year",
    "period",
    "deadline",
    "adopted",
    "published",
    "duration_months",
    "temporary",
    "date",
    "dates_text",
    "date_text",
)
"""The node properties the rule reads (the Cypher queries return them as a map, ``*_dates``)."""

STATUSES = FACT_STATUSES
BASES = FACT_BASES


class InForce(StrEnum):
    yes = "in force"
    no = "not in force"
    unknown = "dates unknown"


@dataclass(frozen=True)
class Period:
    """When a fact holds: ``start``/``end`` (None: not stated), and how they were read."""

    start: date | None
    end: date | None
    how: str

    def words(self) -> str:
        if self.start is None and self.end is None:
            return "dates unknown"
        s = self.start.isoformat() if self.start else "start unknown"
        e = self.end.isoformat() if self.end else "no end stated"
        return f"{s} to {e} ({self.how})"


UNKNOWN = Period(None, None, "no dates recorded")


def _day(value: Any, last: bool) -> date | None:
    """A date, a month or a year (``2023``, ``2023-11``, ``2023-11-22``; also ints) as its first or last day."""
    if value is None:
        return None
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if not m:
        return None
    y = int(m.group(1))
    mo = int(m.group(2)) if m.group(2) else (12 if last else 1)
    last_day = calendar.monthrange(y, mo)[1] if 1 <= mo <= 12 else 1
    d = int(m.group(3)) if m.group(3) else (last_day if last else 1)
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _years(period: Any) -> tuple[date | None, date | None]:
    """``2024-2028`` (also ``2024 – 2028``, ``2024/2028``) or one year ``2024`` as first and last day."""
    if period is None:
        return None, None
    found = re.findall(r"(?<!\d)(\d{4})(?!\d)", str(period))
    if not found:
        return None, None
    return _day(found[0], last=False), _day(found[-1], last=True)


def _plus_months(start: date, months: int) -> date:
    y, m = divmod(start.month - 1 + months, 12)
    year, month = start.year + y, m + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def period_of(label: str | None, props: Mapping[str, Any] | None, parent: Mapping[str, Any] | None = None) -> Period:
    """When the entity of ``label`` with these date ``props`` is in force (see the module's rule)."""
    p = {k: v for k, v in (props or {}).items() if v is not None}
    if label == "Mechanism":
        start = _day(p.get("start"), False) or _day(p.get("signed"), False)
        how = "start" if p.get("start") else "signed" if p.get("signed") else ""
        return _bounded(start, _day(p.get("end"), True), p, how)
    if label == "Plan":
        first, last = _years(p.get("period"))
        for key in ("start", "adopted", "published"):
            if p.get(key):
                start, how = _day(p[key], False), key
                break
        else:
            start, how = first, "period" if first else ""
        end = _day(p.get("end"), True) or last
        if start is None and end is None:
            return UNKNOWN
        return Period(start, end, how or "period")
    if label == "Body":
        start, end = _day(p.get("start"), False), _day(p.get("end"), True)
        if start or end:
            return _bounded(start, end, p, "start")
        if p.get("temporary"):
            return Period(None, None, "temporary body, no dates recorded")
        return UNKNOWN
    if label == "Action":
        start, end = _day(p.get("start"), False), _day(p.get("end"), True)
        if start or end:
            return Period(start, end, "start/end")
        if p.get("year"):
            return Period(_day(p["year"], False), _day(p["year"], True), "year")
        first, last = _years(p.get("period"))
        if first:
            return Period(first, last, "period")
        if p.get("deadline"):
            return Period(None, _day(p["deadline"], True), "deadline")
        if parent:
            plan = period_of("Plan", parent)
            if plan.start or plan.end:
                return Period(plan.start, plan.end, "its plan's " + plan.how)
        return UNKNOWN
    if label == "Event":
        first, last = _day(p.get("date"), False), _day(p.get("date"), True)
        if first is None:
            first, last = _years(p.get("date"))
        return Period(first, last, "date") if first else UNKNOWN
    return UNKNOWN


def _bounded(start: date | None, end: date | None, p: Mapping[str, Any], how: str) -> Period:
    months = p.get("duration_months")
    if end is None and start is not None and isinstance(months, int):
        return Period(start, _plus_months(start, months), f"{how} + {months} months")
    if start is None and end is None:
        return UNKNOWN
    return Period(start, end, how or "end")


def in_force(period: Period, day: date, status: str | None = None) -> InForce:
    """Was a fact of this period (and relationship status) in force on ``day``?"""
    if period.start is not None and day < period.start:
        return InForce.no
    if period.end is not None and day > period.end:
        return InForce.no
    if period.start is None or (status == "ended" and period.end is None):
        return InForce.unknown
    return InForce.yes


def parse_day(text: str | None) -> date | None:
    """``--as-of``: ``YYYY-MM-DD`` (or ``today``); a clear error otherwise."""
    if text is None:
        return None
    if text.strip().lower() == "today":
        return date.today()
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(_("--as-of {text!r}: give a date as YYYY-MM-DD (or 'today').").format(text=text)) from None


def choices(values: Iterable[str] | None, allowed: tuple[str, ...], option: str) -> list[str] | None:
    """``--status planned,existing --status example`` -> the list; None when not given; unknown words refused."""
    if not values:
        return None
    out = [v.strip() for value in values for v in value.split(",") if v.strip()]
    wrong = [v for v in out if v not in allowed]
    if wrong:
        raise InvalidInput(
            _("{option} {values}: choose among {allowed}.").format(
                option=option, values=", ".join(wrong), allowed=", ".join(allowed)
            )
        )
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class FactFilter:
    """What the user asked to count: statuses and bases (None: all), and a day (None: any time)."""

    statuses: list[str] | None = None
    bases: list[str] | None = None
    as_of: date | None = None

    @classmethod
    def of(
        cls, status: Iterable[str] | None = None, basis: Iterable[str] | None = None, as_of: str | date | None = None
    ) -> FactFilter:
        day = as_of if isinstance(as_of, date) or as_of is None else parse_day(as_of)
        return cls(choices(status, STATUSES, "--status"), choices(basis, BASES, "--basis"), day)

    def kind_ok(self, status: str | None, basis: str | None) -> bool:
        return (self.statuses is None or status in self.statuses) and (self.bases is None or basis in self.bases)

    def words(self) -> str:
        """The filter as data (the ``filter`` of an answer's JSON): English, the same in every language;
        ``said`` is the same in the interface's language."""
        parts = []
        if self.statuses:
            parts.append("status " + "/".join(self.statuses))
        if self.bases:
            parts.append("basis " + "/".join(self.bases))
        if self.as_of:
            parts.append(f"in force on {self.as_of.isoformat()}")
        return ", ".join(parts)

    def said(self) -> str:
        """The filter for people (a note on stderr), in the interface's language; the values as the
        options take them (``--status existing``)."""
        parts = []
        if self.statuses:
            parts.append(_("status {values}").format(values="/".join(self.statuses)))
        if self.bases:
            parts.append(_("basis {values}").format(values="/".join(self.bases)))
        if self.as_of:
            parts.append(_("in force on {day}").format(day=self.as_of.isoformat()))
        return ", ".join(parts)


STATUS_WORDS = {
    "existing": N_("exists"),
    "planned": N_("planned"),
    "intended": N_("intended (to develop)"),
    "example": N_("example only"),
    "ended": N_("ended"),
}


def fact_words_of(status: str | None, basis: str | None, rule_line: int | None = None, note: str | None = None) -> str:
    """A fact's status and basis in words, for tables: "exists, stated", "exists, rule applied (l.667)"."""
    if status is None:
        return _("status unknown")
    said = _(STATUS_WORDS.get(status, status))
    if basis == "rule":
        how = _("rule applied (l.{line})").format(line=rule_line) if rule_line else _("rule applied")
    elif basis == "inferred":
        how = _("inferred: {note}").format(note=note) if note else _("inferred")
    else:
        how = _("documented") if basis == "stated" else basis or _("basis unknown")
    return f"{said}, {how}"


@dataclass(frozen=True)
class DatedSet:
    """On one day, the dated entities not in force (``out``) and those whose dates are unknown (``unknown``)."""

    day: date
    out: dict[str, str]  # id -> name
    unknown: dict[str, str]  # id -> name
    periods: dict[str, Period]

    def why_out(self, ident: str) -> str:
        return f"{self.out[ident]} was not in force on {self.day.isoformat()} ({self.periods[ident].words()})"


def dated_set(rows: Iterable[Mapping[str, Any]], day: date) -> DatedSet:
    """From ``dated_entities`` rows: what was out of force, and what has unknown dates, on ``day``."""
    out: dict[str, str] = {}
    unknown: dict[str, str] = {}
    periods: dict[str, Period] = {}
    for r in rows:
        period = period_of(r["label"], r.get("dates"), r.get("plan_dates"))
        periods[r["id"]] = period
        state = in_force(period, day)
        if state is InForce.no:
            out[r["id"]] = r["name"]
        elif state is InForce.unknown:
            unknown[r["id"]] = r["name"]
    return DatedSet(day, out, unknown, periods)
