"""Reading extracts: parse every YAML file, validate it, resolve every reference, check quotes.

``read(paths)`` returns a ``Bundle`` ready to load, or raises ``SeedError`` listing *every*
problem as ``file:line: field: message``. Nothing here touches the database: ``kb.loader``
writes a bundle, as one load generation. Called by ``kb seed validate|load`` and the tests.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import pickle
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kb import graph_checks, validation_words
from kb.bundle import CITE, NODE, REL, Bundle
from kb.config import get_settings
from kb.errors import InvalidInput
from kb.i18n import _
from kb.models import (
    ENTITY_CLASSES,
    MECHANISM_TYPE_FACETS,
    REL_ENDPOINTS,
    Action,
    Entity,
    Evidence,
    Extract,
    FactKind,
    Indicator,
    Link,
    MandateTemplate,
    MechanismTypeProfile,
    Rel,
    Source,
    apart_fields,
    label_of,
)
from kb.quotes import SourceTexts
from kb.text import fold, words
from kb.yaml_lines import LazyLines, Loc, YamlSyntaxError, field_name, line_of
from kb.yaml_lines import load as load_yaml


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an extract, where it is."""

    file: str
    line: int
    field: str
    message: str

    def __post_init__(self) -> None:
        # one line, whatever the extract's value holds (a value with a line break: found by the fuzz suite)
        for name in ("field", "message"):
            text = getattr(self, name)
            if isinstance(text, str) and ("\n" in text or "\r" in text):
                object.__setattr__(self, name, text.replace("\r", "\\r").replace("\n", "\\n"))

    def __str__(self) -> str:
        where = f" {self.field}:" if self.field else ""
        return f"{self.file}:{self.line}:{where} {self.message}"


class SeedError(InvalidInput):
    """Extracts that cannot load; ``problems`` lists all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.field))
        lines = "\n".join(f"  {p}" for p in self.problems[:200])
        more = "\n  " + _("… and {n} more").format(n=len(self.problems) - 200) if len(self.problems) > 200 else ""
        super().__init__(
            _("{n} problem(s) in the extracts; nothing was written:\n{problems}").format(
                n=len(self.problems), problems=lines + more
            )
        )


__all__ = ["Bundle", "Problem", "SeedError", "expand", "fact_props", "json_schema", "read"]

PENDING = "pending"  # the spool's group of models deferred to the end (pickled)
PROTOCOL = pickle.HIGHEST_PROTOCOL


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files to read: YAML files given, and the ``*.yaml`` files of folders given, sorted."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()))
        elif path.is_file():
            out.append(path)
        else:
            raise InvalidInput(_("{path}: no such file or folder").format(path=path))
    if not out:
        raise InvalidInput(_("No YAML extracts found in {paths}").format(paths=", ".join(str(p) for p in paths)))
    return out


def _key(*parts: Any) -> str:
    return hashlib.sha1(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:20]


# Fields that are not node properties as they stand (references, evidence, structured lists):
# derived from the markers in kb.models (``Ref``, ``Apart``), per entity class.
_APART: dict[type[Entity], set[str]] = {cls: apart_fields(cls) for cls in ENTITY_CLASSES}


def fact_props(kind: FactKind) -> dict[str, Any]:
    """Relationship properties for a fact's kind: status, basis, and the rule's citation or the note."""
    props: dict[str, Any] = {"status": kind.status.value, "basis": kind.basis.value}
    if kind.rule is not None:
        props["rule_line"] = kind.rule.line
        props["rule_quote"] = kind.rule.quote
        if kind.rule.source:
            props["rule_source"] = kind.rule.source
    if kind.note:
        props["note"] = kind.note
    if kind.hedge:
        props["hedge"] = kind.hedge
    return props


def _node_props(entity: Entity, file: str) -> dict[str, Any]:
    data = entity.model_dump(mode="json", exclude_none=True)
    apart = _APART[type(entity)]
    props = {k: v for k, v in data.items() if k not in apart and v not in ([], {})}
    if isinstance(entity, Action):
        schemes = [f.scheme for f in entity.funding if f.scheme]
        # only totals add up; per-unit and per-year amounts are kept apart, with their unit
        amounts = [f.amount_eur for f in entity.funding if f.amount_eur is not None and f.unit == "total"]
        others = [f.amount_eur for f in entity.funding if f.amount_eur is not None and f.unit != "total"]
        if others:
            props["unit_amounts_eur"] = others
        notes = [f.note for f in entity.funding if f.note]
        if schemes:
            props["funding_schemes"] = schemes
        if amounts:
            props["amount_eur"] = sum(amounts)
        if notes:
            props["funding_notes"] = notes
        props["funded"] = bool(entity.funding)
        units = [f"{f.unit.value}:{f.per}" if f.per else f.unit.value for f in entity.funding if f.unit]
        if units:
            props["funding_units"] = units
        if entity.indicators:
            props["indicators"] = [i if isinstance(i, str) else i.text for i in entity.indicators]
            values = [i for i in entity.indicators if isinstance(i, Indicator)]
            if values:
                props["indicator_values"] = [
                    json.dumps(i.model_dump(mode="json", exclude_none=True), ensure_ascii=False) for i in values
                ]
        if entity.milestones:
            props["milestones"] = [f"{year}: {text}" for year, text in sorted(entity.milestones.items())]
    if isinstance(entity, MandateTemplate):
        props["section_keys"] = [s.key for s in entity.sections]
        props["section_titles"] = [s.title for s in entity.sections]
        props["essential_keys"] = [s.key for s in entity.sections if s.part == "essential"]
        props["operational_keys"] = [s.key for s in entity.sections if s.part == "operational"]
    search = [entity.name, *entity.aliases]
    for extra in ("acronym", "code"):
        value = getattr(entity, extra, None)
        if value:
            search.append(str(value))
    props["search_text"] = " | ".join(dict.fromkeys(search))
    props["name_folded"] = fold(entity.name)
    props["names_folded"] = list(dict.fromkeys(fold(s) for s in search))
    if isinstance(entity, Action):
        props["title_words"] = words(entity.name)
    props["extract"] = _base(file)
    return props


class _Reader:
    """One pass over the files, in order: parse, validate, register what later files may need, emit rows.

    What an entity or a link needs and no file read so far gives (an id or a source defined in a
    later file) is deferred: the validated model goes to the spool (``pending``) and is built at
    the end, once every file is read, exactly as it would have been then. Rows go to the bundle's
    spool as they are made; a file's data, models and line map are dropped once it is read.
    """

    def __init__(self, sources_dir: Path, quote_check: bool, bundle: Bundle) -> None:
        self.quote_check = quote_check
        self.problems: list[Problem] = []
        self.texts = SourceTexts(sources_dir)
        self.bundle = bundle
        self.spool = bundle.spool
        self.sources: dict[str, tuple[Source, str, Loc]] = {}  # id -> (source, declaring file, loc)
        self.entities: dict[str, tuple[str, str, Loc]] = {}  # id -> (label, defining file, loc)
        self.lines: dict[str, LazyLines] = {}  # per file: built only to report a problem
        self.link_keys: dict[str, tuple[tuple[int, int], str, Loc]] = {}  # key -> ((file, link), file, loc)
        self.mechanism_types: dict[str, dict[str, Any]] = {}  # their rows, until the profiles are applied
        self.profiles: list[tuple[str, Loc, MechanismTypeProfile, str | None]] = []
        self.defaults: list[tuple[str, str]] = []  # (file, its `source:`)
        self.territories: list[str] = []
        self.entity_edges: list[tuple[str, str, str, Loc]] = []  # PART_OF (child, parent, file, loc)
        self.link_edges: list[tuple[str, str, str, Loc]] = []

    # -- problems, and their lines (each file's line map is built only when one is reported) --

    def problem(self, file: str, loc: Loc, message: str) -> None:
        fieldname = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")
        self.problems.append(Problem(file, self.line(file, loc), fieldname, message))

    def defined_twice(self, file: str, loc: Loc, ident: str, other_file: str, other_loc: Loc) -> None:
        """``ident`` at ``loc`` was defined first at ``other_loc`` of ``other_file``."""
        self.problem(
            file,
            (*loc, "id"),
            _("{id} is defined twice (also {file}:{line})").format(
                id=ident, file=other_file, line=self.line(other_file, other_loc)
            ),
        )

    def line(self, file: str, loc: Loc) -> int:
        lines = self.lines.get(file)
        return line_of(lines, loc) if lines is not None else 1

    def where(self, file: str, loc: Loc) -> str:
        return f"{file}:{self.line(file, loc)}"

    # -- the pass --

    def read_file(self, index: int, path: Path) -> None:
        name = str(path)
        extract = self.parse(path)
        if extract is None:
            return
        default = extract.source
        if default is not None:
            self.defaults.append((name, default))
        self.register_sources(name, extract)
        todo: list[tuple[Loc, Entity, list[tuple[Rel, str, bool, str]]]] = []
        for section, i, entity in extract.entities():
            loc: Loc = (section, i)
            refs = entity.references()
            if entity.id in self.entities:
                _label, ofile, oloc = self.entities[entity.id]
                self.defined_twice(name, loc, entity.id, ofile, oloc)
                continue
            self.entities[entity.id] = (entity.label, name, loc)
            if entity.label == "Territory":
                self.territories.append(entity.id)
            for rel, target, outgoing, fieldname in refs:
                if rel is Rel.PART_OF and outgoing:
                    self.entity_edges.append((entity.id, target, name, (*loc, fieldname)))
            todo.append((loc, entity, refs))
        for loc, entity, refs in todo:  # every entity of the file is known: same-file references resolve
            if self.entity_ready(entity, refs, default):
                self.build_entity(name, loc, entity, refs, default)
            else:
                self.spool.add(PENDING, pickle.dumps(("entity", name, loc, entity, default), PROTOCOL))
        for i, profile in enumerate(extract.mechanism_type_profiles):
            self.profiles.append((name, ("mechanism_type_profiles", i), profile, default))
        for i, link in enumerate(extract.links):
            loc = ("links", i)
            if link.rel is Rel.PART_OF:
                self.link_edges.append((link.from_, link.to, name, loc))
            if self.link_ready(link, default):
                self.link(name, loc, link, default, (index, i))
            else:
                self.spool.add(PENDING, pickle.dumps(("link", name, loc, link, default, (index, i)), PROTOCOL))
        self.lines[name] = self.lines[name].fresh()  # drop a map built for a problem (rebuilt if needed)

    def parse(self, path: Path) -> Extract | None:
        name = str(path)
        try:
            data, lines = load_yaml(path)
        except YamlSyntaxError as err:
            self.problems.append(Problem(name, err.line, "", err.message))
            return None
        except (OSError, UnicodeDecodeError) as err:
            self.problems.append(Problem(name, 1, "", _("cannot read: {error}").format(error=err)))
            return None
        self.lines[name] = lines
        if not isinstance(data, dict):
            self.problems.append(Problem(name, 1, "", _("an extract is a mapping of sections (source, actors, ...)")))
            return None
        try:
            return Extract.model_validate(data)
        except ValidationError as err:
            for e in err.errors():
                self.problem(name, tuple(e["loc"]), validation_words.say(e))
            self.lines[name] = lines.fresh()
            return None

    def register_sources(self, name: str, extract: Extract) -> None:
        """One Source node per declared source (the first declaration of an id)."""
        for i, src in enumerate(extract.sources):
            src_loc: Loc = ("sources", i)
            if src.id in self.sources:
                _src, ofile, oloc = self.sources[src.id]
                self.defined_twice(name, src_loc, src.id, ofile, oloc)
                continue
            self.sources[src.id] = (src, name, src_loc)
            wrong = self.texts.problem(src.file) if src.file and self.quote_check else None
            if wrong:
                self.problem(name, (*src_loc, "file"), wrong + _(" (or pass --no-quote-check)"))
            props = src.model_dump(mode="json", exclude_none=True)
            props["search_text"] = src.title
            props["name"] = src.title
            props["name_folded"] = fold(src.title)
            props["names_folded"] = [fold(src.title)]
            props["extract"] = Path(name).name
            self.spool.add(NODE + "Source", props)

    # -- what must be known before a model is built (else it is deferred to the end) --

    def _source_known(self, ev: Evidence | None, default: str | None) -> bool:
        if ev is None:
            return True
        source_id = ev.source or default
        return source_id is None or source_id in self.sources  # no source at all: a problem now or later

    def _id_known(self, ident: str) -> bool:
        return label_of(ident) is None or ident in self.entities or ident in _reference_ids()

    def entity_ready(self, entity: Entity, refs: list[tuple[Rel, str, bool, str]], default: str | None) -> bool:
        if not all(self._source_known(ev, default) for ev in entity.evidence):
            return False
        facts = entity.facts  # without any, every reference is of the default kind (no rule)
        for _rel, target, _outgoing, fieldname in refs:
            if not self._id_known(target):
                return False
            if facts and not self._source_known(entity.fact_of(fieldname, target).rule, default):
                return False
        return True

    def link_ready(self, link: Link, default: str | None) -> bool:
        return (
            self._id_known(link.from_)
            and self._id_known(link.to)
            and self._source_known(link.rule, default)
            and all(self._source_known(ev, default) for ev in link.evidence)
        )

    # -- the end: what was deferred, then the checks that need every file --

    def finish(self) -> None:
        for chunk in self.spool.chunks(PENDING):
            for blob in chunk:
                item = pickle.loads(blob)
                if item[0] == "entity":
                    _kind, name, loc, entity, default = item
                    self.build_entity(name, loc, entity, entity.references(), default)
                else:
                    _kind, name, loc, link, default, order = item
                    self.link(name, loc, link, default, order)
        self.spool.drop(PENDING)
        for name, default in self.defaults:
            if default not in self.sources:
                message = _("unknown source {id} (declare it under `sources:`)").format(id=default)
                self.problem(name, ("source",), message)
        self.build_profiles()
        for row in self.mechanism_types.values():
            self.spool.add(NODE + "MechanismType", row)
        self.mechanism_types.clear()
        edges = [
            graph_checks.Edge(child, parent, file, (self.lines[file], loc), field_name(loc))
            for child, parent, file, loc in self.entity_edges + self.link_edges
        ]
        self.problems += [Problem(*p) for p in graph_checks.part_of_problems(edges, self.territories)]
        self.spool.flush()

    # -- rows --

    def evidence(self, name: str, loc: Loc, ev: Evidence, default: str | None) -> dict[str, Any] | None:
        source_id = ev.source or default
        if source_id is None:
            self.problem(name, (*loc, "source"), _("evidence names no source and the file has no `source:`"))
            return None
        if source_id not in self.sources:
            self.problem(name, (*loc, "source"), _("unknown source {id}").format(id=source_id))
            return None
        src = self.sources[source_id][0]
        if ev.line is None and src.kind == "document":
            self.problem(name, (*loc, "line"), _("evidence from document {id} needs a line").format(id=source_id))
            return None
        if src.file and ev.line is not None and self.quote_check:
            wrong = self.texts.check(src.file, ev.line, ev.quote)
            if wrong:
                self.problem(name, (*loc, "quote"), wrong)
                return None
        return {"source": source_id, "line": ev.line, "quote": ev.quote}

    def build_entity(
        self, name: str, loc: Loc, entity: Entity, refs: list[tuple[Rel, str, bool, str]], default: str | None
    ) -> None:
        """The entity's node, its citations, and the relationships its reference fields make."""
        entity_id = entity.id
        evs = []
        for j, ev in enumerate(entity.evidence):
            checked = self.evidence(name, (*loc, "evidence", j), ev, default)
            if checked:
                evs.append(checked)
                self._count(checked)
        props = _node_props(entity, name)
        if entity_id in _reference_ids():
            props["mentions_reference"] = True  # the loader keeps the reference's own properties
        if entity.label == "MechanismType":
            self.mechanism_types[entity_id] = props  # the profiles add to it (build_profiles)
        else:
            self.spool.add(NODE + entity.label, props)
        for cited in evs:
            self.spool.add(CITE, {"id": entity_id, "key": _key("CITED_IN", entity_id, cited), **cited})
        first = evs[0] if evs else None
        # dict.fromkeys: the same reference twice (two funding lines by one funder) is one relationship
        for rel, target, outgoing, fieldname in dict.fromkeys(refs):
            self.reference(name, loc, entity, rel, target, outgoing, fieldname, first, default)

    def build_profiles(self) -> None:
        """Mechanism-type facets (``mechanism_type_profiles``), each given by one document only."""
        seen_facets: dict[tuple[str, str], str] = {}
        for name, loc, profile, default in self.profiles:
            known = self.entities.get(profile.type)
            if known is None or known[0] != "MechanismType":
                self.problem(name, (*loc, "type"), _("unknown mechanism type {type}").format(type=profile.type))
                continue
            checked_evs = [
                self.evidence(name, (*loc, "evidence", j), ev, default) for j, ev in enumerate(profile.evidence)
            ]
            good = [e for e in checked_evs if e]
            for e in good:
                self._count(e)
                self.spool.add(CITE, {"id": profile.type, "key": _key("CITED_IN", profile.type, e), **e})
            row = self.mechanism_types[profile.type]
            for facet in MECHANISM_TYPE_FACETS:
                value = getattr(profile, facet)
                if value is None:
                    continue
                if (profile.type, facet) in seen_facets:
                    self.problem(
                        name,
                        (*loc, facet),
                        _("{facet} of {type} is already given in {file}").format(
                            facet=facet, type=profile.type, file=seen_facets[(profile.type, facet)]
                        ),
                    )
                    continue
                seen_facets[(profile.type, facet)] = name
                row[facet] = value
                if good:
                    row.setdefault("profile_sources", []).append(good[0]["source"])
        self.profiles.clear()

    def kind_props(self, name: str, loc: Loc, kind: FactKind, default: str | None) -> dict[str, Any] | None:
        """``fact_props`` of a fact's kind, once its rule's quote (basis rule) is checked like any other."""
        if kind.rule is not None:
            checked = self.evidence(name, (*loc, "rule"), kind.rule, default)
            if checked is None:
                return None
            self._count(checked)
            if checked["source"] != default:
                kind = kind.model_copy(update={"rule": kind.rule.model_copy(update={"source": checked["source"]})})
        return fact_props(kind)

    def _count(self, ev: dict[str, Any]) -> None:
        src = self.sources[ev["source"]][0]
        if src.kind == "reference":
            self.bundle.reference_citations += 1
        elif self.quote_check and src.file and ev["line"] is not None and self.texts.lines(src.file) is not None:
            self.bundle.quotes_checked += 1
        else:
            self.bundle.quotes_unchecked += 1

    def _endpoints_ok(self, name: str, loc: Loc, rel: Rel, start: str, end: str) -> bool:
        ok = True
        for role, ident in (("from", start), ("to", end)):
            if ident not in self.entities and ident not in _reference_ids():
                self.problem(
                    name,
                    loc,
                    (_("{rel} from unknown id {id}") if role == "from" else _("{rel} to unknown id {id}")).format(
                        rel=rel, id=ident
                    ),
                )
                ok = False
        if not ok:
            return False
        froms, tos = REL_ENDPOINTS[rel]
        a, b = self._label(start), self._label(end)
        if a not in froms or b not in tos:
            self.problem(
                name,
                loc,
                _("{rel} cannot join a {a} ({start}) to a {b} ({end}); it joins {froms} to {tos}").format(
                    rel=rel, a=a, start=start, b=b, end=end, froms=sorted(froms), tos=sorted(tos)
                ),
            )
            return False
        return True

    def _label(self, ident: str) -> str:
        known = self.entities.get(ident)
        return known[0] if known is not None else "Territory"  # else a reference id: a territory

    def reference(
        self,
        name: str,
        loc: Loc,
        entity: Entity,
        rel: Rel,
        target: str,
        outgoing: bool,
        fieldname: str,
        ev: dict[str, Any] | None,
        default: str | None,
    ) -> None:
        start, end = (entity.id, target) if outgoing else (target, entity.id)
        if label_of(target) is None or (target not in self.entities and target not in _reference_ids()):
            self.problem(name, (*loc, fieldname), _("unknown id {id}").format(id=target))
            return
        if not self._endpoints_ok(name, (*loc, fieldname), rel, start, end):
            return
        if ev is None:
            return
        fact_key = entity.fact_key(fieldname, target)
        kind = entity.fact_of(fieldname, target)
        kind_props = self.kind_props(name, (*loc, "facts", fact_key or "*"), kind, default)
        if kind_props is None:
            return
        props: dict[str, Any] = {"key": _key(rel.value, start, end, ""), **ev, **kind_props}
        if rel is Rel.FUNDS and isinstance(entity, Action):
            props.update(_funds_props(entity, target))
        self.count_fact(name, props)
        self.spool.add(REL + rel.value, {"from": start, "to": end, **props})

    def count_fact(self, name: str, props: dict[str, Any]) -> None:
        self.bundle.fact_counts[_base(name)][f"{props['status']}/{props['basis']}"] += 1

    def link(self, name: str, loc: Loc, link: Link, default: str | None, order: tuple[int, int]) -> None:
        if not self._endpoints_ok(name, loc, link.rel, link.from_, link.to):
            return
        evs = [self.evidence(name, (*loc, "evidence", j), ev, default) for j, ev in enumerate(link.evidence)]
        good = [e for e in evs if e]
        if len(good) != len(evs):
            return
        for e in good:
            self._count(e)
        kind_props = self.kind_props(name, loc, link, default)
        if kind_props is None:
            return
        extra = link.model_dump(mode="json", exclude_none=True, include={"role", "kind", "note"})
        extra.update(kind_props)
        if link.rel is Rel.FUNDS:
            extra.update(link.money_props())
        props = {"key": _key(link.rel.value, link.from_, link.to, extra), **good[0], **extra}
        first = self.link_keys.get(props["key"])
        if first is not None:
            # the one stated first (in file order) stands: a deferred link may come before one already seen
            (at, fname, floc), (dup_name, dup_loc) = (first, (name, loc))
            if order < at:
                self.link_keys[props["key"]] = (order, name, loc)
                (fname, floc), (dup_name, dup_loc) = (name, loc), (first[1], first[2])
            self.problem(
                dup_name,
                dup_loc,
                _("this {rel} link is stated twice (also {where})").format(rel=link.rel, where=self.where(fname, floc)),
            )
            return
        self.link_keys[props["key"]] = (order, name, loc)
        self.count_fact(name, props)
        self.spool.add(REL + link.rel.value, {"from": link.from_, "to": link.to, **props})


def _funds_props(action: Action, target: str) -> dict[str, Any]:
    """The FUNDS properties from ``target`` to ``action``: its own funding lines, and the lines it co-funds.

    A co-funded line (001 l.1074 "conjoint ARS/CD") gives every funder its own FUNDS with the same
    ``funding_line`` key, the funders named in ``cofunded_with`` and the funder's ``share`` where
    stated (``share_stated`` false otherwise); the amount is the line's, which kb.funding counts once."""
    lines = [
        (i, f) for i, f in enumerate(action.funding) if f.funder == target or target in [c.funder for c in f.cofunders]
    ]
    first = lines[0][1]
    props: dict[str, Any] = {"status": first.status.value, "basis": first.basis.value}
    if len(lines) == 1:
        i, f = lines[0]
        props.update(f.money_props())
        if f.cofunders:
            funders = [f.funder or "", *[c.funder for c in f.cofunders]]
            share = next((c.share for c in f.cofunders if c.funder == target), None)
            props["funding_line"] = _key("funding", action.id, i)
            props["cofunded_with"] = [x for x in funders if x and x != target]
            props["share_stated"] = share is not None
            if share is not None:
                props["share"] = share
            if target != f.funder:
                props["cofunder"] = True
        return props
    totals = [f.amount_eur for _, f in lines if f.amount_eur is not None and f.unit == "total"]
    if totals:
        props["amount_eur"] = sum(totals)
        props["unit"] = "total"
    schemes = [f.scheme for _, f in lines if f.scheme]
    if schemes:
        props["scheme"] = ", ".join(schemes)
    return props


@functools.cache
def _base(name: str) -> str:
    return Path(name).name


# -- the territorial reference (kb.reference): ids an extract may refer to without defining --


def _reference_ids() -> frozenset[str]:
    from kb.reference import reference_ids

    return reference_ids()


def read(paths: Iterable[Path] | None = None, sources_dir: Path | None = None, quote_check: bool = True) -> Bundle:
    """Parse, validate and resolve extracts, one file at a time; raise ``SeedError`` with every problem
    found. The bundle's rows are on disk (``kb.bundle``); they are removed when it is closed or
    garbage-collected, and at once when validation fails."""
    settings = get_settings()
    files = expand(list(paths) if paths else [settings.seed_dir])
    bundle = Bundle(files=files)
    try:
        with _young_collections_only():
            reader = _Reader(sources_dir or settings.sources_dir, quote_check, bundle)
            for index, path in enumerate(files):
                reader.read_file(index, path)
                gc.collect(0)  # what the file left: its few cycles (an exception's frames...) go now
            reader.finish()
        if reader.problems:
            raise SeedError(reader.problems)
    except BaseException:
        bundle.close()
        raise
    return bundle


@contextmanager
def _young_collections_only() -> Iterator[None]:
    """The cyclic garbage collector's automatic runs paused (``read`` collects the young generation
    after each file instead). A file's data and models are trees of containers alive while the file
    is read: each automatic full collection walked all of them again, a third of the validation's CPU
    on the national bench (24 s -> 16 s at 1/4 scale without it). Extracts make no cycles to speak
    of (same peak RSS either way)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def json_schema() -> dict[str, Any]:
    """The JSON Schema of an extract file, for editors (yaml-language-server)."""
    schema = Extract.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Maillage extract"
    return schema
