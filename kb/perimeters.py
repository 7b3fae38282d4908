"""Perimeters from a file: which communes (or EPCI) each scheme of a type covers.

ARS and data.gouv.fr publish the perimeters of CPTS, CLS or DAC as a CSV (one row per commune:
its INSEE code and the perimeter's id or name) or as GeoJSON (one feature per commune with a code
property, or one per perimeter whose code property lists the codes). ``import_file`` reads such a
file, matches every code against the territories of the graph and every perimeter against the
mechanisms of the type (by id, else by name with or without the type's prefix; otherwise it
creates the mechanism), and writes, in one transaction:

- a ``Source`` of ``kind: import`` for the file (name, path, SHA-256, time, rows);
- ``(mechanism)-[:COVERS {origin: 'import', source, line, quote}]->(commune or EPCI)``, the line
  and the row's text being the evidence;
- the mechanisms it had to create, labelled ``Imported`` too.

Imported nodes carry the label ``Imported`` and imported relationships ``origin: 'import'`` and
no ``key``: ``kb seed load`` leaves them in place (its prune skips them), so a perimeter survives a
reload of the extracts. Re-importing the same file changes nothing; importing a new version of it
(same file name and type) replaces what the previous version said. Any problem (unknown code, bad
column, duplicate row, empty file) is reported as ``file:line: field: message`` and nothing is
written.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from kb import catalog, generations, who_counts
from kb.db import Graph, Tx
from kb.errors import InvalidInput
from kb.i18n import N_, _
from kb.text import fold

CODE_COLUMNS = ("code_insee", "insee", "codgeo", "code_commune", "insee_com", "depcom", "com", "siren", "code")
ID_COLUMNS = ("perimeter_id", "id_perimetre", "code_perimetre", "perimetre_id", "id")
NAME_COLUMNS = ("perimeter", "perimetre", "nom_perimetre", "perimeter_name", "nom", "name", "libelle")
COMMUNE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
SIREN = re.compile(r"^\d{9}$")
COUNTRIES = {"fr": "terr:fr", "be": "terr:be"}


class FileRow(BaseModel):
    """One (perimeter, code) pair read from the file, with where it was read."""

    perimeter_id: str | None
    perimeter_name: str | None
    code: str
    line: int | None  # CSV: the file's line; GeoJSON: None (the quote names the feature)
    quote: str

    @property
    def key(self) -> str:
        return self.perimeter_id or self.perimeter_name or ""


class PerimeterResult(BaseModel):
    perimeter: str
    mechanism_id: str
    mechanism: str
    created: bool  # no mechanism of the type matched: created from the file
    codes: int
    territories: list[str]


class Unmatched(BaseModel):
    code: str
    perimeter: str
    line: int | None


class ImportReport(BaseModel):
    file: str
    source_id: str
    mechanism_type: str
    rows: int
    perimeters: list[PerimeterResult]
    unmatched: list[Unmatched]
    written: bool
    unchanged: bool = False
    nodes_created: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "perimeter"


def _problem(path: Path, line: int | None, field: str, message: str) -> InvalidInput:
    where = f"{path}:{line}" if line is not None else str(path)
    return InvalidInput(
        _("{where}: {field}: {message}; nothing was written.").format(where=where, field=field, message=message)
    )


def _column(header: list[str], wanted: str | None, candidates: tuple[str, ...], what: str, path: Path) -> str | None:
    """The column of ``header`` holding ``what`` (an ``N_()`` word, translated here): ``wanted``, else a candidate."""
    lowered = {h.strip().lower(): h for h in header}
    if wanted is not None:
        if wanted.strip().lower() not in lowered:
            raise _problem(
                path,
                1,
                wanted,
                _("no {what} column {wanted!r}; the columns are {columns}").format(
                    what=_(what), wanted=wanted, columns=", ".join(header)
                ),
            )
        return lowered[wanted.strip().lower()]
    return next((lowered[c] for c in candidates if c in lowered), None)


def _code(raw: Any) -> str:
    code = str(raw).strip().upper()
    if re.fullmatch(r"\d{4}", code):  # a spreadsheet dropped the leading zero (01001 -> 1001)
        code = "0" + code
    return code


def read_csv(
    path: Path, text: str, code_column: str | None, id_column: str | None, name_column: str | None
) -> list[FileRow]:
    lines = text.splitlines()
    skip = 0
    while skip < len(lines) and (lines[skip].startswith("#") or not lines[skip].strip()):
        skip += 1  # leading comment lines ("# test data ...") and blank lines
    body = "\n".join(lines[skip:])
    if not body.strip():
        raise _problem(path, None, _("file"), _("empty: no header and no rows"))
    try:
        dialect: Any = csv.Sniffer().sniff(lines[skip], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(body), dialect)
    header = next(reader)
    code_col = _column(header, code_column, CODE_COLUMNS, N_("code"), path)
    if code_col is None:
        raise _problem(
            path,
            skip + 1,
            _("header"),
            _("no code column found among {columns}: give --code-column").format(columns=", ".join(header)),
        )
    id_col = _column(header, id_column, ID_COLUMNS, N_("perimeter id"), path)
    name_col = _column(header, name_column, NAME_COLUMNS, N_("perimeter name"), path)
    if id_col is None and name_col is None:
        raise _problem(
            path,
            skip + 1,
            _("header"),
            _("no perimeter id or name column among {columns}: give --id-column").format(columns=", ".join(header)),
        )
    index = {h: i for i, h in enumerate(header)}
    out: list[FileRow] = []
    for number, cells in enumerate(reader, start=skip + 2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise _problem(
                path,
                number,
                _("row"),
                _("{n} cells where the header has {header}").format(n=len(cells), header=len(header)),
            )

        def cell(col: str | None, cells: list[str] = cells) -> str | None:
            return (cells[index[col]].strip() or None) if col is not None else None

        out.append(
            FileRow(
                perimeter_id=cell(id_col),
                perimeter_name=cell(name_col),
                code=_code(cell(code_col) or ""),
                line=number,
                quote=lines[number - 1].strip()[:400],
            )
        )
    return out


def read_geojson(
    path: Path, text: str, code_column: str | None, id_column: str | None, name_column: str | None
) -> list[FileRow]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise _problem(path, err.lineno, "json", err.msg) from None
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise _problem(path, None, "features", _("not a GeoJSON FeatureCollection"))
    out: list[FileRow] = []
    for i, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            raise _problem(path, None, f"features[{i}].properties", _("missing"))
        header = list(props)
        code_col = _column(header, code_column, CODE_COLUMNS, N_("code"), path)
        id_col = _column(header, id_column, ID_COLUMNS, N_("perimeter id"), path)
        name_col = _column(header, name_column, NAME_COLUMNS, N_("perimeter name"), path)
        if code_col is None:
            raise _problem(path, None, f"features[{i}].properties", _("no code property: give --code-column"))
        if id_col is None and name_col is None:
            raise _problem(path, None, f"features[{i}].properties", _("no perimeter id or name: give --id-column"))
        raw = props[code_col]
        codes = raw if isinstance(raw, list) else re.split(r"[,;|\s]+", str(raw or "").strip())
        pid = str(props[id_col]).strip() if id_col and props.get(id_col) not in (None, "") else None
        pname = str(props[name_col]).strip() if name_col and props.get(name_col) not in (None, "") else None
        for code in codes:
            if str(code).strip():
                quote = f"features[{i}]: {pid or pname} {code_col}={code}"
                out.append(FileRow(perimeter_id=pid, perimeter_name=pname, code=_code(code), line=None, quote=quote))
    return out


def read_user_file(path: Path) -> tuple[bytes, str]:
    """A file the user gives (a perimeter, a list of codes): its bytes and its text, UTF-8 (with or
    without a BOM) or else Windows-1252, which many official CSVs still use; ``InvalidInput`` if unreadable."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InvalidInput(
            _("{file}: cannot read it: {reason}").format(file=path, reason=err.strerror or err)
        ) from None
    try:
        return raw, raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw, raw.decode("cp1252", errors="replace")


def read_file(
    path: Path, code_column: str | None = None, id_column: str | None = None, name_column: str | None = None
) -> tuple[list[FileRow], str]:
    """The file's (perimeter, code) rows and its SHA-256; ``InvalidInput`` on any problem."""
    raw, text = read_user_file(path)
    is_json = path.suffix.lower() in (".geojson", ".json")
    rows = (read_geojson if is_json else read_csv)(path, text, code_column, id_column, name_column)
    if not rows:
        raise _problem(path, None, _("file"), _("no perimeter rows"))
    seen: dict[tuple[str, str], FileRow] = {}
    for row in rows:
        where = row.line if row.line is not None else None
        if not row.key:
            raise _problem(
                path, where, _("perimeter"), _("empty perimeter id and name ({quote})").format(quote=row.quote)
            )
        if not (COMMUNE_CODE.match(row.code) or SIREN.match(row.code)):
            raise _problem(
                path,
                where,
                "code",
                _("{code!r} is neither an INSEE commune code (5 characters) nor a SIREN (9 digits)").format(
                    code=row.code
                ),
            )
        first = seen.get((row.key, row.code))
        if first is not None:
            at = _("line {line}").format(line=first.line) if first.line is not None else first.quote
            raise _problem(
                path,
                where,
                "code",
                _("{code} is listed twice for perimeter {perimeter!r} (first at {at})").format(
                    code=row.code, perimeter=row.key, at=at
                ),
            )
        seen[(row.key, row.code)] = row
    return rows, hashlib.sha256(raw).hexdigest()


def source_id(path: Path, type_code: str) -> str:
    """The import's Source id: one per file name and type (a new version of the file replaces the old)."""
    return f"src:import-{type_code.lower()}-{_slug(path.stem)}"


def _match(rows: list[dict[str, Any]], type_code: str, key: str, name: str | None) -> dict[str, Any] | None:
    """The mechanism of the type a perimeter designates: by id, else by folded name (with or
    without the type's prefix); several matches are an error."""
    by_id = [r for r in rows if r["id"] == key]
    if by_id:
        return by_id[0]
    wanted = {fold(n) for n in (key, name) if n} | {fold(f"{type_code} {n}") for n in (key, name) if n}
    found = [r for r in rows if wanted & set(r["names_folded"] or [])]
    if len(found) > 1:
        raise InvalidInput(
            _(
                "Perimeter {perimeter!r} matches several {type}: {ids}; "
                "give the mechanism id in the perimeter id column."
            ).format(perimeter=key, type=type_code, ids=", ".join(r["id"] for r in found))
        )
    return found[0] if found else None


def import_file(
    graph: Graph,
    path: Path,
    mechanism_type: str,
    code_column: str | None = None,
    id_column: str | None = None,
    name_column: str | None = None,
    country: str = "fr",
    dry_run: bool = False,
    progress: Callable[[str], None] = lambda _: None,
) -> ImportReport:
    """Read, match and (unless ``dry_run`` or on any problem) write a perimeter file in one transaction.

    An import that writes holds the load lock (kb.generations) from its matching to its commit: one
    that committed while a load of the extracts was staging would land on the generation the load's
    switch then retires (its COVERS lost), and one matched before a load could name a scheme the
    load removed. It waits for a running load, saying so through ``progress``."""
    lock = contextlib.nullcontext() if dry_run else generations.locked(graph, progress=progress)
    with lock:
        return _import_file(graph, path, mechanism_type, code_column, id_column, name_column, country, dry_run)


def _import_file(
    graph: Graph,
    path: Path,
    mechanism_type: str,
    code_column: str | None,
    id_column: str | None,
    name_column: str | None,
    country: str,
    dry_run: bool,
) -> ImportReport:
    type_code = mechanism_type.strip().upper()
    if country not in COUNTRIES:
        raise InvalidInput(
            _("--country is one of {countries}, not {country!r}.").format(
                countries=", ".join(COUNTRIES), country=country
            )
        )
    rows, sha = read_file(path, code_column, id_column, name_column)
    src = source_id(path, type_code)
    mechanisms = catalog.run(graph, "perimeter_mechanisms", type_code=type_code, source_id=src)
    if not mechanisms:
        raise InvalidInput(
            _("No mechanism type {type!r} (see `kb search` or seed/ref_mechanism_types.yaml).").format(type=type_code)
        )
    existing = [m for m in mechanisms if m["id"] is not None]
    codes = sorted({r.code for r in rows})
    found: dict[str, list[dict[str, Any]]] = {}
    for hit in catalog.run(graph, "perimeter_codes", codes=codes, country_id=COUNTRIES[country]):
        found.setdefault(hit["code"], []).append(hit)
    unmatched = [Unmatched(code=r.code, perimeter=r.key, line=r.line) for r in rows if r.code not in found]
    ambiguous = sorted(c for c, hits in found.items() if len(hits) > 1)
    if ambiguous:
        raise InvalidInput(
            _("{path}: codes held by several territories: {codes}; nothing was written.").format(
                path=path, codes=", ".join(ambiguous)
            )
        )
    perimeters: dict[str, PerimeterResult] = {}  # by mechanism id: two names of one scheme are one perimeter
    mech_of: dict[str, str] = {}  # the file's perimeter key -> mechanism id
    for r in rows:
        if r.key in mech_of:
            continue
        mech = _match(existing, type_code, r.key, r.perimeter_name)
        if mech is not None:
            mid, mname, created = mech["id"], mech["name"], bool(mech["imported"])
        else:
            mid = f"mech:import-{type_code.lower()}-{_slug(r.key)}"
            label = r.perimeter_name or r.key
            mname = label if fold(label).startswith(fold(type_code)) else f"{type_code} {label}"
            created = True
        mech_of[r.key] = mid
        perimeters.setdefault(
            mid,
            PerimeterResult(
                perimeter=r.key, mechanism_id=mid, mechanism=mname, created=created, codes=0, territories=[]
            ),
        )
    for r in rows:
        if r.code in found:
            p = perimeters[mech_of[r.key]]
            if found[r.code][0]["id"] not in p.territories:
                p.codes += 1
                p.territories.append(found[r.code][0]["id"])
    report = ImportReport(
        file=str(path),
        source_id=src,
        mechanism_type=type_code,
        rows=len(rows),
        perimeters=list(perimeters.values()),
        unmatched=unmatched,
        written=False,
    )
    if unmatched:
        listed = ", ".join(
            _("{code} (line {line})").format(code=u.code, line=u.line) if u.line else u.code for u in unmatched[:20]
        )
        more = _(" and {n} more").format(n=len(unmatched) - 20) if len(unmatched) > 20 else ""
        raise InvalidInput(
            _(
                "{path}: {n} code(s) match no commune or EPCI of the graph: {codes}{more}; "
                "nothing was written (is the territorial reference loaded?)."
            ).format(path=path, n=len(unmatched), codes=listed, more=more)
        )
    if dry_run:
        return report
    if mechanisms[0]["source_sha256"] == sha:
        report.unchanged = True
        return report
    covers = [
        {
            "mech": mech_of[r.key],
            "terr": found[r.code][0]["id"],
            "import_key": f"{src}|{mech_of[r.key]}|{found[r.code][0]['id']}",
            "line": r.line,
            "quote": r.quote,
            "perimeter": r.key,
        }
        for r in rows
    ]
    new_mechanisms = [
        {"id": p.mechanism_id, "name": p.mechanism, "name_folded": fold(p.mechanism), "perimeter": p.perimeter}
        for p in perimeters.values()
        if p.created
    ]
    source = {
        "id": src,
        "title": f"{type_code} perimeters imported from {path.name}",
        "kind": "import",
        "file": path.name,
        "path": str(path.resolve()),
        "sha256": sha,
        "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "rows": len(rows),
        "mechanism_type": type_code,
        "name_folded": fold(path.name),
        "search_text": f"{type_code} perimeters {path.name}",
    }

    def work(tx: Tx) -> None:
        # the places whose who rows the import changes: those its file covered, and covers now
        touched = {c["terr"] for c in covers} | {
            r["id"]
            for r in tx.run(
                "MATCH (:Mechanism)-[c:COVERS {source: $src}]->(t:Territory) WHERE c.origin = 'import' "
                "RETURN DISTINCT t.id AS id",
                {"src": src},
            )
        }
        tx.run("MERGE (s:Entity {id: $s.id}) SET s:Source:Imported, s = $s", {"s": source})
        tx.run(
            "UNWIND $rows AS row MERGE (m:Entity {id: row.id}) "
            "SET m:Mechanism:Imported, m.name = row.name, m.name_folded = row.name_folded, "
            "m.names_folded = [row.name_folded], m.search_text = row.name, m.status = 'unknown', "
            "m.origin = 'import', m.import_source = $src "
            "WITH m, row MATCH (mt:MechanismType {code: $type}) MERGE (m)-[t:OF_TYPE]->(mt) SET t.origin = 'import'",
            {"rows": new_mechanisms, "src": src, "type": type_code},
        )
        tx.run(
            "UNWIND $rows AS row MATCH (m:Entity {id: row.mech}) MATCH (t:Territory {id: row.terr}) "
            "MERGE (m)-[c:COVERS {import_key: row.import_key}]->(t) "
            "SET c.origin = 'import', c.source = $src, c.line = row.line, c.quote = row.quote, "
            "c.perimeter = row.perimeter",
            {"rows": covers, "src": src},
        )
        tx.run(
            "UNWIND $ids AS id MATCH (m:Entity {id: id}) MATCH (s:Source {id: $src}) "
            "MERGE (m)-[c:CITED_IN {import_key: $src + '|' + id}]->(s) "
            "SET c.origin = 'import', c.quote = s.title",
            {"ids": sorted({p.mechanism_id for p in perimeters.values()}), "src": src},
        )
        # a new version of the file replaces the previous one: drop what it no longer says
        tx.run(
            "MATCH (:Mechanism)-[c:COVERS {source: $src}]->() WHERE c.origin = 'import' "
            "AND NOT c.import_key IN $keys DELETE c",
            {"src": src, "keys": [c["import_key"] for c in covers]},
        )
        tx.run(
            "MATCH (m:Mechanism:Imported {import_source: $src}) WHERE NOT m.id IN $ids DETACH DELETE m",
            {"src": src, "ids": [c["id"] for c in new_mechanisms]},
        )
        tx.run(
            "MATCH (m:Mechanism)-[c:CITED_IN]->(:Source {id: $src}) WHERE NOT m.id IN $ids DELETE c",
            {"src": src, "ids": sorted({p.mechanism_id for p in perimeters.values()})},
        )
        counters.append(tx.counters)
        who_counts.write(tx, touched)  # derived from what was just written, in the same transaction

    counters: list[Any] = []
    graph.write_transaction(work)
    report.written = True
    report.nodes_created = counters[-1].nodes_created
    report.relationships_created = counters[-1].relationships_created
    report.relationships_deleted = counters[-1].relationships_deleted
    return report
