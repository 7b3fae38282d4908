"""Reading extracts: parse every YAML file, validate it, resolve every reference, check quotes.

``read(paths)`` returns a ``Bundle`` ready to load, or raises ``SeedError`` listing *every*
problem as ``file:line: field: message``. Nothing here touches the database: ``kb.loader``
writes a bundle, in one transaction. Called by ``kb seed validate|load`` and the tests.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kb import graph_checks
from kb.config import get_settings
from kb.errors import InvalidInput
from kb.models import (
    MECHANISM_TYPE_FACETS,
    REL_ENDPOINTS,
    Action,
    Entity,
    Evidence,
    Extract,
    Link,
    MandateTemplate,
    Rel,
    Source,
    label_of,
)
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

    def __str__(self) -> str:
        where = f" {self.field}:" if self.field else ""
        return f"{self.file}:{self.line}:{where} {self.message}"


class SeedError(InvalidInput):
    """Extracts that cannot load; ``problems`` lists all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.field))
        lines = "\n".join(f"  {p}" for p in self.problems[:200])
        more = f"\n  … and {len(self.problems) - 200} more" if len(self.problems) > 200 else ""
        super().__init__(f"{len(self.problems)} problem(s) in the extracts; nothing was written:\n{lines}{more}")


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
            raise InvalidInput(f"{path}: no such file or folder")
    if not out:
        raise InvalidInput("No YAML extracts found in " + ", ".join(str(p) for p in paths))
    return out


def _norm(text: str) -> str:
    text = text.replace("**", "").replace("\u00a0", " ").replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip()


class _SourceTexts:
    """Source files' lines, read once, to check that quotes are verbatim and where they say."""

    WINDOW = 15

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lines: dict[str, list[str] | None] = {}

    def lines(self, file_name: str) -> list[str] | None:
        if file_name not in self._lines:
            path = self.folder / file_name
            self._lines[file_name] = path.read_text(encoding="utf-8").split("\n") if path.is_file() else None
        return self._lines[file_name]

    def check(self, file_name: str, line: int, quote: str) -> str | None:
        """None if the quote starts on ``line``; else what is wrong (with a hint)."""
        lines = self.lines(file_name)
        if lines is None:
            return None
        if line > len(lines):
            return f"line {line} is past the end of {file_name} ({len(lines)} lines)"
        q = _norm(quote)
        first = _norm(lines[line - 1])
        window = _norm(" ".join(lines[line - 1 : line - 1 + self.WINDOW]))
        pos = window.find(q)
        if 0 <= pos <= len(first):
            return None
        whole = _norm(" ".join(lines))
        if q in whole:
            # find the line where it does start, to help the reviewer
            for i in range(len(lines)):
                w = _norm(" ".join(lines[i : i + self.WINDOW]))
                p = w.find(q)
                if 0 <= p <= len(_norm(lines[i])):
                    return f"quote is not at line {line} of {file_name}; it starts at line {i + 1}"
        return f"quote not found verbatim in {file_name}: {quote[:80]!r}"


def _key(*parts: Any) -> str:
    return hashlib.sha1(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:20]


_SKIP = {
    "evidence",
    "part_of",
    "based_in",
    "covers",
    "addresses",
    "publics",
    "carried_by",
    "scoped_to",
    "issued_by",
    "lead",
    "contributors",
    "targets",
    "relies_on",
    "held_in",
    "organised_by",
    "published_by",
    "funding",
    "milestones",
    "sections",
    "type",
    "body",
    "template",
    "plan",
    "under",
}


def _node_props(entity: Entity, file: str) -> dict[str, Any]:
    data = entity.model_dump(mode="json", exclude_none=True)
    props = {k: v for k, v in data.items() if k not in _SKIP and v not in ([], {})}
    if isinstance(entity, Action):
        schemes = [f.scheme for f in entity.funding if f.scheme]
        amounts = [f.amount_eur for f in entity.funding if f.amount_eur is not None]
        notes = [f.note for f in entity.funding if f.note]
        if schemes:
            props["funding_schemes"] = schemes
        if amounts:
            props["amount_eur"] = sum(amounts)
        if notes:
            props["funding_notes"] = notes
        props["funded"] = bool(entity.funding)
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
    props["extract"] = Path(file).name
    return props


class _Reader:
    def __init__(self, sources_dir: Path) -> None:
        self.problems: list[Problem] = []
        self.texts = _SourceTexts(sources_dir)
        self.sources: dict[str, tuple[Source, str, int]] = {}
        # id -> (entity, file, loc, default source, lines)
        self.entities: dict[str, tuple[Entity, str, Loc, str | None, dict[Loc, int]]] = {}
        self.files: list[tuple[str, Extract, dict[Loc, int]]] = []
        self.bundle = Bundle(files=[])
        self.link_keys: dict[str, str] = {}

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
            self.problems.append(Problem(name, 1, "", f"cannot read: {err}"))
            return
        if not isinstance(data, dict):
            self.problems.append(Problem(name, 1, "", "an extract is a mapping of sections (source, actors, ...)"))
            return
        try:
            extract = Extract.model_validate(data)
        except ValidationError as err:
            for e in err.errors():
                loc = tuple(e["loc"])
                self.problem(name, lines, loc, e["msg"])
            return
        self.files.append((name, extract, lines))

    def collect(self) -> None:
        for name, extract, lines in self.files:
            for i, src in enumerate(extract.sources):
                src_loc: Loc = ("sources", i)
                if src.id in self.sources:
                    other = self.sources[src.id]
                    self.problem(
                        name, lines, (*src_loc, "id"), f"{src.id} is defined twice (also {other[1]}:{other[2]})"
                    )
                else:
                    self.sources[src.id] = (src, name, line_of(lines, src_loc))
            default = extract.source
            for section, i, entity in extract.entities():
                loc: Loc = (section, i)
                if entity.id in self.entities:
                    _, ofile, oloc, _, olines = self.entities[entity.id]
                    self.problem(
                        name,
                        lines,
                        (*loc, "id"),
                        f"{entity.id} is defined twice (also {ofile}:{line_of(olines, oloc)})",
                    )
                    continue
                self.entities[entity.id] = (entity, name, loc, default, lines)

    def evidence(
        self, name: str, lines: dict[Loc, int], loc: Loc, ev: Evidence, default: str | None
    ) -> dict[str, Any] | None:
        source_id = ev.source or default
        if source_id is None:
            self.problem(name, lines, (*loc, "source"), "evidence names no source and the file has no `source:`")
            return None
        if source_id not in self.sources:
            self.problem(name, lines, (*loc, "source"), f"unknown source {source_id}")
            return None
        src = self.sources[source_id][0]
        if ev.line is None and src.kind == "document":
            self.problem(name, lines, (*loc, "line"), f"evidence from document {source_id} needs a line")
            return None
        if src.file and ev.line is not None:
            wrong = self.texts.check(src.file, ev.line, ev.quote)
            if wrong:
                self.problem(name, lines, (*loc, "quote"), wrong)
                return None
        return {"source": source_id, "line": ev.line, "quote": ev.quote}

    def build(self, bundle: Bundle) -> None:
        for source, name, _ in self.sources.values():
            props = source.model_dump(mode="json", exclude_none=True)
            props["search_text"] = source.title
            props["name"] = source.title
            props["name_folded"] = fold(source.title)
            props["names_folded"] = [fold(source.title)]
            props["extract"] = Path(name).name
            bundle.nodes["Source"].append(props)
        for entity_id, (entity, name, loc, default, lines) in self.entities.items():
            evs = []
            for j, ev in enumerate(entity.evidence):
                checked = self.evidence(name, lines, (*loc, "evidence", j), ev, default)
                if checked:
                    evs.append(checked)
                    self._count(checked)
            props = _node_props(entity, name)
            bundle.nodes[entity.label].append(props)
            for cited in evs:
                bundle.citations.append({"id": entity_id, "key": _key("CITED_IN", entity_id, cited), **cited})
            first = evs[0] if evs else None
            # dict.fromkeys: the same reference twice (two funding lines by one funder) is one relationship
            for rel, target, outgoing in dict.fromkeys(entity.references()):
                self.reference(bundle, name, lines, loc, entity, rel, target, outgoing, first)
        seen_facets: dict[tuple[str, str], str] = {}
        for name, extract, lines in self.files:
            default = extract.source
            if default is not None and default not in self.sources:
                self.problem(name, lines, ("source",), f"unknown source {default} (declare it under `sources:`)")
            for i, profile in enumerate(extract.mechanism_type_profiles):
                loc = ("mechanism_type_profiles", i)
                known = self.entities.get(profile.type)
                if known is None or known[0].label != "MechanismType":
                    self.problem(name, lines, (*loc, "type"), f"unknown mechanism type {profile.type}")
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
                            f"{facet} of {profile.type} is already given in {seen_facets[(profile.type, facet)]}",
                        )
                        continue
                    seen_facets[(profile.type, facet)] = name
                    row[facet] = value
                    if good:
                        row.setdefault("profile_sources", []).append(good[0]["source"])
            for i, link in enumerate(extract.links):
                self.link(bundle, name, lines, ("links", i), link, default)

    def _count(self, ev: dict[str, Any]) -> None:
        src = self.sources[ev["source"]][0]
        if src.kind == "reference":
            self.bundle.reference_citations += 1
        elif src.file and ev["line"] is not None and self.texts.lines(src.file) is not None:
            self.bundle.quotes_checked += 1
        else:
            self.bundle.quotes_unchecked += 1

    def _endpoints_ok(self, name: str, lines: dict[Loc, int], loc: Loc, rel: Rel, start: str, end: str) -> bool:
        ok = True
        for role, ident in (("from", start), ("to", end)):
            if ident not in self.entities:
                self.problem(name, lines, loc, f"{rel} {role} unknown id {ident}")
                ok = False
        if not ok:
            return False
        froms, tos = REL_ENDPOINTS[rel]
        a, b = self.entities[start][0].label, self.entities[end][0].label
        if a not in froms or b not in tos:
            self.problem(
                name,
                lines,
                loc,
                f"{rel} cannot join a {a} ({start}) to a {b} ({end}); it joins {sorted(froms)} to {sorted(tos)}",
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
        ev: dict[str, Any] | None,
    ) -> None:
        fieldname = _REF_FIELDS.get((entity.label, rel), rel.value.lower())
        start, end = (entity.id, target) if outgoing else (target, entity.id)
        if label_of(target) is None or target not in self.entities:
            self.problem(name, lines, (*loc, fieldname), f"unknown id {target}")
            return
        if not self._endpoints_ok(name, lines, (*loc, fieldname), rel, start, end):
            return
        if ev is None:
            return
        props: dict[str, Any] = {"key": _key(rel.value, start, end, ""), **ev}
        if rel is Rel.FUNDS and isinstance(entity, Action):
            funding = [f for f in entity.funding if f.funder == target]
            amounts = [f.amount_eur for f in funding if f.amount_eur is not None]
            if amounts:
                props["amount_eur"] = sum(amounts)
            schemes = [f.scheme for f in funding if f.scheme]
            if schemes:
                props["scheme"] = ", ".join(schemes)
        bundle.rels[rel.value].append({"from": start, "to": end, **props})

    def link(self, bundle: Bundle, name: str, lines: dict[Loc, int], loc: Loc, link: Link, default: str | None) -> None:
        if not self._endpoints_ok(name, lines, loc, link.rel, link.from_, link.to):
            return
        evs = [self.evidence(name, lines, (*loc, "evidence", j), ev, default) for j, ev in enumerate(link.evidence)]
        good = [e for e in evs if e]
        if len(good) != len(evs):
            return
        for e in good:
            self._count(e)
        extra = link.model_dump(
            mode="json", exclude_none=True, include={"role", "kind", "amount_eur", "scheme", "note"}
        )
        props = {"key": _key(link.rel.value, link.from_, link.to, extra), **good[0], **extra}
        if props["key"] in self.link_keys:
            self.problem(
                name, lines, loc, f"this {link.rel} link is stated twice (also {self.link_keys[props['key']]})"
            )
            return
        self.link_keys[props["key"]] = f"{name}:{line_of(lines, loc)}"
        bundle.rels[link.rel.value].append({"from": link.from_, "to": link.to, **props})


# Field names shown in errors for inline references.
_REF_FIELDS: dict[tuple[str, Rel], str] = {
    ("Mechanism", Rel.OF_TYPE): "type",
    ("Mechanism", Rel.CARRIES): "carried_by",
    ("Mandate", Rel.FOR): "body",
    ("Mandate", Rel.FOLLOWS): "template",
    ("Objective", Rel.IN_PLAN): "plan",
    ("Action", Rel.UNDER): "under",
    ("Action", Rel.LEADS): "lead",
    ("Action", Rel.CONTRIBUTES_TO): "contributors",
    ("Action", Rel.FUNDS): "funding",
    ("Action", Rel.FOR_PUBLIC): "publics",
    ("Mechanism", Rel.FOR_PUBLIC): "publics",
    ("Body", Rel.FOR_PUBLIC): "publics",
    ("Plan", Rel.ISSUES): "issued_by",
    ("Event", Rel.ORGANISES): "organised_by",
    ("Resource", Rel.PUBLISHES): "published_by",
}


def read(paths: Iterable[Path] | None = None, sources_dir: Path | None = None) -> Bundle:
    """Parse, validate and resolve extracts; raise ``SeedError`` with every problem found."""
    settings = get_settings()
    files = expand(list(paths) if paths else [settings.seed_dir])
    reader = _Reader(sources_dir or settings.sources_dir)
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
