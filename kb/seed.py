"""Reading extracts: parse every YAML file, validate it, resolve every reference, check quotes.

``read(paths)`` returns a ``Bundle`` ready to load, or raises ``SeedError`` listing *every*
problem as ``file:line: field: message``. Nothing here touches the database: ``kb.loader``
writes a bundle, as one load generation. Called by ``kb seed validate|load`` and the tests.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kb import graph_checks, validation_words
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
    Rel,
    Source,
    apart_fields,
    label_of,
)
from kb.quotes import SourceTexts
from kb.text import fold, words
from kb.yaml_lines import Loc, YamlSyntaxError, line_of
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


@dataclass
class Bundle:
    """Everything the extracts say, as rows for the loader."""

    files: list[Path]
    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    citations: list[dict[str, Any]] = field(default_factory=list)
    rels: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    quotes_checked: int = 0
    quotes_unchecked: int = 0
    reference_citations: int = 0
    # file name -> "status/basis" -> number of relationships (links and inline references)
    fact_counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    @property
    def ids(self) -> list[str]:
        return [row["id"] for rows in self.nodes.values() for row in rows]

    @property
    def rel_keys(self) -> list[str]:
        return [row["key"] for rows in self.rels.values() for row in rows] + [c["key"] for c in self.citations]

    @property
    def fingerprint(self) -> str:
        """A hash of everything the bundle would write (same extracts, same fingerprint)."""
        return _key(
            sorted((k, sorted(json.dumps(r, sort_keys=True) for r in v)) for k, v in self.nodes.items()),
            sorted(self.rel_keys),
        )

    def counts(self) -> dict[str, int]:
        out = {label: len(rows) for label, rows in sorted(self.nodes.items())}
        out.update({f"rel:{t}": len(rows) for t, rows in sorted(self.rels.items())})
        out["rel:CITED_IN"] = len(self.citations)
        return out


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
    def __init__(self, sources_dir: Path, quote_check: bool = True) -> None:
        self.quote_check = quote_check
        self.problems: list[Problem] = []
        self.texts = SourceTexts(sources_dir)
        self.sources: dict[str, tuple[Source, str, int]] = {}
        # id -> (entity, file, loc, default source, lines)
        self.entities: dict[str, tuple[Entity, str, Loc, str | None, dict[Loc, int]]] = {}
        self.files: list[tuple[str, Extract, dict[Loc, int]]] = []
        self.bundle = Bundle(files=[])
        self.link_keys: dict[str, tuple[str, dict[Loc, int], Loc]] = {}

    def problem(self, file: str, lines: dict[Loc, int], loc: Loc, message: str) -> None:
        fieldname = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")
        self.problems.append(Problem(file, line_of(lines, loc), fieldname, message))

    def parse(self, path: Path) -> None:
        name = str(path)
        try:
            data, lines = load_yaml(path)
        except YamlSyntaxError as err:
            self.problems.append(Problem(name, err.line, "", err.message))
            return
        except (OSError, UnicodeDecodeError) as err:
            self.problems.append(Problem(name, 1, "", _("cannot read: {error}").format(error=err)))
            return
        if not isinstance(data, dict):
            self.problems.append(Problem(name, 1, "", _("an extract is a mapping of sections (source, actors, ...)")))
            return
        try:
            extract = Extract.model_validate(data)
        except ValidationError as err:
            for e in err.errors():
                loc = tuple(e["loc"])
                self.problem(name, lines, loc, validation_words.say(e))
            return
        self.files.append((name, extract, lines))

    def collect(self) -> None:
        for name, extract, lines in self.files:
            for i, src in enumerate(extract.sources):
                src_loc: Loc = ("sources", i)
                if src.id in self.sources:
                    other = self.sources[src.id]
                    self.problem(
                        name,
                        lines,
                        (*src_loc, "id"),
                        _("{id} is defined twice (also {file}:{line})").format(id=src.id, file=other[1], line=other[2]),
                    )
                else:
                    self.sources[src.id] = (src, name, line_of(lines, src_loc))
                    wrong = self.texts.problem(src.file) if src.file and self.quote_check else None
                    if wrong:
                        self.problem(name, lines, (*src_loc, "file"), wrong + _(" (or pass --no-quote-check)"))
            default = extract.source
            for section, i, entity in extract.entities():
                loc: Loc = (section, i)
                if entity.id in self.entities:
                    _entity, ofile, oloc, _default, olines = self.entities[entity.id]
                    self.problem(
                        name,
                        lines,
                        (*loc, "id"),
                        _("{id} is defined twice (also {file}:{line})").format(
                            id=entity.id, file=ofile, line=line_of(olines, oloc)
                        ),
                    )
                    continue
                self.entities[entity.id] = (entity, name, loc, default, lines)

    def evidence(
        self, name: str, lines: dict[Loc, int], loc: Loc, ev: Evidence, default: str | None
    ) -> dict[str, Any] | None:
        source_id = ev.source or default
        if source_id is None:
            self.problem(name, lines, (*loc, "source"), _("evidence names no source and the file has no `source:`"))
            return None
        if source_id not in self.sources:
            self.problem(name, lines, (*loc, "source"), _("unknown source {id}").format(id=source_id))
            return None
        src = self.sources[source_id][0]
        if ev.line is None and src.kind == "document":
            self.problem(
                name, lines, (*loc, "line"), _("evidence from document {id} needs a line").format(id=source_id)
            )
            return None
        if src.file and ev.line is not None and self.quote_check:
            wrong = self.texts.check(src.file, ev.line, ev.quote)
            if wrong:
                self.problem(name, lines, (*loc, "quote"), wrong)
                return None
        return {"source": source_id, "line": ev.line, "quote": ev.quote}

    def build(self, bundle: Bundle) -> None:
        """Turn what was parsed and collected into rows, in four steps (each reports its own problems)."""
        self.build_sources(bundle)
        self.build_entities(bundle)
        self.check_file_sources()
        self.build_profiles(bundle)
        self.build_links(bundle)

    def build_sources(self, bundle: Bundle) -> None:
        """One Source node per declared source."""
        for source, name, _file in self.sources.values():
            props = source.model_dump(mode="json", exclude_none=True)
            props["search_text"] = source.title
            props["name"] = source.title
            props["name_folded"] = fold(source.title)
            props["names_folded"] = [fold(source.title)]
            props["extract"] = Path(name).name
            bundle.nodes["Source"].append(props)

    def build_entities(self, bundle: Bundle) -> None:
        """One node per entity, its citations, and the relationships its reference fields make."""
        for entity_id, (entity, name, loc, default, lines) in self.entities.items():
            evs = []
            for j, ev in enumerate(entity.evidence):
                checked = self.evidence(name, lines, (*loc, "evidence", j), ev, default)
                if checked:
                    evs.append(checked)
                    self._count(checked)
            props = _node_props(entity, name)
            if entity_id in _reference_ids():
                props["mentions_reference"] = True  # the loader keeps the reference's own properties
            bundle.nodes[entity.label].append(props)
            for cited in evs:
                bundle.citations.append({"id": entity_id, "key": _key("CITED_IN", entity_id, cited), **cited})
            first = evs[0] if evs else None
            # dict.fromkeys: the same reference twice (two funding lines by one funder) is one relationship
            for rel, target, outgoing, fieldname in dict.fromkeys(entity.references()):
                self.reference(bundle, name, lines, loc, entity, rel, target, outgoing, fieldname, first, default)

    def check_file_sources(self) -> None:
        """Each file's default ``source:`` must be declared somewhere."""
        for name, extract, lines in self.files:
            default = extract.source
            if default is not None and default not in self.sources:
                self.problem(
                    name, lines, ("source",), _("unknown source {id} (declare it under `sources:`)").format(id=default)
                )

    def build_profiles(self, bundle: Bundle) -> None:
        """Mechanism-type facets (``mechanism_type_profiles``), each given by one document only."""
        seen_facets: dict[tuple[str, str], str] = {}
        for name, extract, lines in self.files:
            default = extract.source
            for i, profile in enumerate(extract.mechanism_type_profiles):
                loc: Loc = ("mechanism_type_profiles", i)
                known = self.entities.get(profile.type)
                if known is None or known[0].label != "MechanismType":
                    self.problem(
                        name, lines, (*loc, "type"), _("unknown mechanism type {type}").format(type=profile.type)
                    )
                    continue
                checked_evs = [
                    self.evidence(name, lines, (*loc, "evidence", j), ev, default)
                    for j, ev in enumerate(profile.evidence)
                ]
                good = [e for e in checked_evs if e]
                for e in good:
                    self._count(e)
                    bundle.citations.append({"id": profile.type, "key": _key("CITED_IN", profile.type, e), **e})
                row = next(r for r in bundle.nodes["MechanismType"] if r["id"] == profile.type)
                for facet in MECHANISM_TYPE_FACETS:
                    value = getattr(profile, facet)
                    if value is None:
                        continue
                    if (profile.type, facet) in seen_facets:
                        self.problem(
                            name,
                            lines,
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

    def build_links(self, bundle: Bundle) -> None:
        """The ``links:`` of every file, each with its own evidence."""
        for name, extract, lines in self.files:
            for i, link in enumerate(extract.links):
                self.link(bundle, name, lines, ("links", i), link, extract.source)

    def kind_props(
        self, name: str, lines: dict[Loc, int], loc: Loc, kind: FactKind, default: str | None
    ) -> dict[str, Any] | None:
        """``fact_props`` of a fact's kind, once its rule's quote (basis rule) is checked like any other."""
        if kind.rule is not None:
            checked = self.evidence(name, lines, (*loc, "rule"), kind.rule, default)
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

    def _endpoints_ok(self, name: str, lines: dict[Loc, int], loc: Loc, rel: Rel, start: str, end: str) -> bool:
        ok = True
        for role, ident in (("from", start), ("to", end)):
            if ident not in self.entities and ident not in _reference_ids():
                self.problem(
                    name,
                    lines,
                    loc,
                    (_("{rel} from unknown id {id}") if role == "from" else _("{rel} to unknown id {id}")).format(
                        rel=rel, id=ident
                    ),
                )
                ok = False
        if not ok:
            return False
        froms, tos = REL_ENDPOINTS[rel]
        a, b = _label_of_known(self.entities, start), _label_of_known(self.entities, end)
        if a not in froms or b not in tos:
            self.problem(
                name,
                lines,
                loc,
                _("{rel} cannot join a {a} ({start}) to a {b} ({end}); it joins {froms} to {tos}").format(
                    rel=rel, a=a, start=start, b=b, end=end, froms=sorted(froms), tos=sorted(tos)
                ),
            )
            return False
        return True

    def reference(
        self,
        bundle: Bundle,
        name: str,
        lines: dict[Loc, int],
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
            self.problem(name, lines, (*loc, fieldname), _("unknown id {id}").format(id=target))
            return
        if not self._endpoints_ok(name, lines, (*loc, fieldname), rel, start, end):
            return
        if ev is None:
            return
        fact_key = entity.fact_key(fieldname, target)
        kind = entity.fact_of(fieldname, target)
        kind_props = self.kind_props(name, lines, (*loc, "facts", fact_key or "*"), kind, default)
        if kind_props is None:
            return
        props: dict[str, Any] = {"key": _key(rel.value, start, end, ""), **ev, **kind_props}
        if rel is Rel.FUNDS and isinstance(entity, Action):
            props.update(_funds_props(entity, target))
        self.count_fact(name, props)
        bundle.rels[rel.value].append({"from": start, "to": end, **props})

    def count_fact(self, name: str, props: dict[str, Any]) -> None:
        self.bundle.fact_counts[_base(name)][f"{props['status']}/{props['basis']}"] += 1

    def link(self, bundle: Bundle, name: str, lines: dict[Loc, int], loc: Loc, link: Link, default: str | None) -> None:
        if not self._endpoints_ok(name, lines, loc, link.rel, link.from_, link.to):
            return
        evs = [self.evidence(name, lines, (*loc, "evidence", j), ev, default) for j, ev in enumerate(link.evidence)]
        good = [e for e in evs if e]
        if len(good) != len(evs):
            return
        for e in good:
            self._count(e)
        kind_props = self.kind_props(name, lines, loc, link, default)
        if kind_props is None:
            return
        extra = link.model_dump(mode="json", exclude_none=True, include={"role", "kind", "note"})
        extra.update(kind_props)
        if link.rel is Rel.FUNDS:
            extra.update(link.money_props())
        props = {"key": _key(link.rel.value, link.from_, link.to, extra), **good[0], **extra}
        if props["key"] in self.link_keys:
            self.problem(
                name,
                lines,
                loc,
                _("this {rel} link is stated twice (also {where})").format(
                    rel=link.rel, where=_where(*self.link_keys[props["key"]])
                ),
            )
            return
        self.link_keys[props["key"]] = (name, lines, loc)
        self.count_fact(name, props)
        bundle.rels[link.rel.value].append({"from": link.from_, "to": link.to, **props})


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


# -- the territorial reference (kb.reference): ids an extract may refer to without defining --


def _where(name: str, lines: dict[Loc, int], loc: Loc) -> str:
    return f"{name}:{line_of(lines, loc)}"


@functools.cache
def _base(name: str) -> str:
    return Path(name).name


def _reference_ids() -> frozenset[str]:
    from kb.reference import reference_ids

    return reference_ids()


def _label_of_known(entities: dict[str, Any], ident: str) -> str:
    return str(entities[ident][0].label) if ident in entities else "Territory"


def read(paths: Iterable[Path] | None = None, sources_dir: Path | None = None, quote_check: bool = True) -> Bundle:
    """Parse, validate and resolve extracts; raise ``SeedError`` with every problem found."""
    settings = get_settings()
    files = expand(list(paths) if paths else [settings.seed_dir])
    reader = _Reader(sources_dir or settings.sources_dir, quote_check)
    for path in files:
        reader.parse(path)
    reader.collect()
    bundle = reader.bundle = Bundle(files=files)
    reader.build(bundle)
    reader.problems += [Problem(*p) for p in graph_checks.reader_problems(reader.entities, reader.files)]
    if reader.problems:
        raise SeedError(reader.problems)
    return bundle


def json_schema() -> dict[str, Any]:
    """The JSON Schema of an extract file, for editors (yaml-language-server)."""
    schema = Extract.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Maillage extract"
    return schema
