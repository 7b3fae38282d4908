"""Refresh the reference from the official files a user downloads each year (no new release needed).

Formats read (UTF-8 CSV, delimiter `,` or `;` detected; lines starting with `#` are skipped):

- INSEE COG (https://www.insee.fr, "Code officiel géographique", the `cog_ensemble_<year>_csv` zip):
  - régions `v_region_<year>.csv`: REG, LIBELLE (other columns ignored);
  - départements `v_departement_<year>.csv`: DEP, REG, LIBELLE;
  - communes `v_commune_<year>.csv`: TYPECOM, COM, DEP, LIBELLE, COMPARENT. Kept: TYPECOM = COM,
    and ARM (municipal arrondissements, kind `district`, PART_OF COMPARENT); COMD/COMA are skipped.
- INSEE EPCI composition (`Intercommunalite_Metropole_au_01-01-<year>`, sheet "Composition_communale"
  saved as CSV): CODGEO, EPCI, LIBEPCI, and NATURE_EPCI if present (from the "EPCI" sheet). Communes
  whose EPCI is `ZZZZZZZZZ` (none) get no EPCI.
- Statbel REFNIS (`TU_COM_REFNIS` CSV): CD_REFNIS, TX_REFNIS_FR (else TX_REFNIS_NL), CD_LVL_REFNIS
  (1 region, 2 province, 3 arrondissement, 4 commune), CD_SUP_REFNIS (the parent code). A commune is
  placed in its arrondissement's province, or in its region when there is none (Brussels).

Every file is read and checked before anything is written: a problem raises ``InvalidInput`` with
file:line: field: message, and the graph stays as it was.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from kb.errors import InvalidInput
from kb.i18n import _
from kb.reference import BE_REGION_IDS, ReferenceData


def _read(path: Path, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise InvalidInput(_("{path}: cannot read: {error}").format(path=path, error=err)) from err
    numbered = [(i + 1, line) for i, line in enumerate(text.splitlines()) if line.strip() and not line.startswith("#")]
    if not numbered:
        raise InvalidInput(_("{path}: no rows").format(path=path))
    header_line = numbered[0][1]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader([line for _, line in numbered], delimiter=delimiter)
    header = [h.strip().upper() for h in next(reader)]
    missing = [c for c in required if c not in header]
    if missing:
        raise InvalidInput(
            _("{path}:{line}: header: missing column(s) {columns}").format(
                path=path, line=numbered[0][0], columns=", ".join(missing)
            )
        )
    rows = []
    for (lineno, _line), values in zip(numbered[1:], reader, strict=True):
        if len(values) != len(header):
            raise InvalidInput(
                _("{path}:{line}: {n} fields, the header has {header}").format(
                    path=path, line=lineno, n=len(values), header=len(header)
                )
            )
        row = {h: v.strip() for h, v in zip(header, values, strict=True)}
        for c in required:
            if c in ("LIBELLE",) and not row[c]:
                raise InvalidInput(_("{path}:{line}: {field}: empty").format(path=path, line=lineno, field=c))
        rows.append((lineno, row))
    return rows


def _need(path: Path, lineno: int, field: str, value: str, known: set[str], what: str) -> None:
    if value not in known:
        raise InvalidInput(
            _("{path}:{line}: {field}: unknown {what} {value!r}").format(
                path=path, line=lineno, field=field, what=what, value=value
            )
        )


def import_cog(
    regions: Path, departements: Path, communes: Path, epci: Path | None = None, year: str = "?"
) -> ReferenceData:
    """France from INSEE's COG files (and the EPCI composition file)."""
    data = ReferenceData(
        "fr",
        {
            "id": "src:ref-insee-cog-import",
            "title": f"Code officiel géographique {year} (INSEE), imported files",
            "name": f"Code officiel géographique {year} (INSEE), imported files",
            "issuer": "INSEE",
            "kind": "reference",
            "vintage": f"COG {year}",
            "files": [str(p.name) for p in (regions, departements, communes, epci) if p],
        },
    )
    data.add("terr:fr", "France", "country", "FR")
    reg_codes: set[str] = set()
    for _line, r in _read(regions, ["REG", "LIBELLE"]):
        reg_codes.add(r["REG"])
        data.add(f"terr:fr-reg-{r['REG']}", r["LIBELLE"], "region", r["REG"])
        data.link(f"terr:fr-reg-{r['REG']}", "terr:fr")
    dep_codes: set[str] = set()
    for lineno, d in _read(departements, ["DEP", "REG", "LIBELLE"]):
        _need(departements, lineno, "REG", d["REG"], reg_codes, "région")
        dep_codes.add(d["DEP"])
        ident = f"terr:fr-dep-{d['DEP'].lower()}"
        data.add(ident, d["LIBELLE"], "department", d["DEP"])
        data.link(ident, f"terr:fr-reg-{d['REG']}")
    com_rows = _read(communes, ["TYPECOM", "COM", "DEP", "LIBELLE", "COMPARENT"])
    com_codes = {c["COM"] for _, c in com_rows if c["TYPECOM"] == "COM"}
    epci_of: dict[str, str] = {}
    if epci:
        seen: dict[str, tuple[str, str]] = {}
        epci_deps: dict[str, set[str]] = defaultdict(set)
        deps_of = {c["COM"]: c["DEP"] for _, c in com_rows if c["TYPECOM"] == "COM"}
        for lineno, e in _read(epci, ["CODGEO", "EPCI", "LIBEPCI"]):
            if e["EPCI"] == "ZZZZZZZZZ":
                continue
            _need(epci, lineno, "CODGEO", e["CODGEO"], com_codes, "commune")
            if not e["EPCI"].isdigit() or len(e["EPCI"]) != 9:
                raise InvalidInput(
                    _("{path}:{line}: EPCI: {siren!r} is not a 9-digit SIREN").format(
                        path=epci, line=lineno, siren=e["EPCI"]
                    )
                )
            seen.setdefault(e["EPCI"], (e["LIBEPCI"], e.get("NATURE_EPCI", "")))
            epci_of[e["CODGEO"]] = e["EPCI"]
            epci_deps[e["EPCI"]].add(deps_of[e["CODGEO"]])
        for siren, (name, nature) in seen.items():
            data.add(f"terr:fr-epci-{siren}", name, "epci", siren, epci_kind=nature or None)
            for dep in sorted(epci_deps[siren]):
                data.link(f"terr:fr-epci-{siren}", f"terr:fr-dep-{dep.lower()}")
    for lineno, c in com_rows:
        ident = f"terr:fr-com-{c['COM'].lower()}"
        if c["TYPECOM"] == "COM":
            _need(communes, lineno, "DEP", c["DEP"], dep_codes, "département")
            data.add(ident, c["LIBELLE"], "commune", c["COM"])
            data.link(ident, f"terr:fr-dep-{c['DEP'].lower()}")
            if c["COM"] in epci_of:
                data.link(ident, f"terr:fr-epci-{epci_of[c['COM']]}")
        elif c["TYPECOM"] == "ARM":
            _need(communes, lineno, "COMPARENT", c["COMPARENT"], com_codes, "commune")
            data.add(ident, c["LIBELLE"], "district", c["COM"])
            data.link(ident, f"terr:fr-com-{c['COMPARENT']}")
        elif c["TYPECOM"] not in ("COMD", "COMA"):
            raise InvalidInput(
                _("{path}:{line}: TYPECOM: {type!r} is not COM, ARM, COMD or COMA").format(
                    path=communes, line=lineno, type=c["TYPECOM"]
                )
            )
    return data


def import_refnis(path: Path, year: str = "?") -> ReferenceData:
    """Belgium from a Statbel REFNIS file."""
    rows = _read(path, ["CD_REFNIS", "CD_LVL_REFNIS", "CD_SUP_REFNIS"])
    data = ReferenceData(
        "be",
        {
            "id": "src:ref-statbel-refnis-import",
            "title": f"Statbel REFNIS {year}, imported file",
            "name": f"Statbel REFNIS {year}, imported file",
            "issuer": "Statbel",
            "kind": "reference",
            "vintage": f"REFNIS {year}",
            "files": [path.name],
        },
    )
    data.add("terr:be", "Belgique", "country", "BE", aliases=["Belgium", "België", "Belgien"])
    by_code = {r["CD_REFNIS"]: (n, r) for n, r in rows}
    ids: dict[str, str] = {}
    for lineno, r in rows:
        level, code = r["CD_LVL_REFNIS"], r["CD_REFNIS"]
        name = r.get("TX_REFNIS_FR") or r.get("TX_REFNIS_NL") or ""
        if not name:
            raise InvalidInput(
                _("{path}:{line}: TX_REFNIS_FR: empty (and no TX_REFNIS_NL)").format(path=path, line=lineno)
            )
        aliases = [n for n in (r.get("TX_REFNIS_NL"), r.get("TX_REFNIS_DE")) if n and n != name]
        if level == "1":
            if code not in BE_REGION_IDS:
                raise InvalidInput(
                    _("{path}:{line}: CD_REFNIS: {code!r} is not a Belgian region code").format(
                        path=path, line=lineno, code=code
                    )
                )
            ids[code] = BE_REGION_IDS[code]
            data.add(ids[code], name, "region", code, aliases=aliases)
            data.link(ids[code], "terr:be")
        elif level == "2":
            ids[code] = f"terr:be-prov-{code}"
            data.add(ids[code], name, "province", code, aliases=aliases)
        elif level == "4":
            ids[code] = f"terr:be-com-{code}"
            data.add(ids[code], name, "commune", code, aliases=aliases)
        elif level != "3":
            raise InvalidInput(
                _("{path}:{line}: CD_LVL_REFNIS: {level!r} is not 1, 2, 3 or 4").format(
                    path=path, line=lineno, level=level
                )
            )
    for lineno, r in rows:
        if r["CD_LVL_REFNIS"] not in ("2", "4"):
            continue
        parent = r["CD_SUP_REFNIS"]
        while parent in by_code and by_code[parent][1]["CD_LVL_REFNIS"] == "3":  # skip arrondissements
            parent = by_code[parent][1]["CD_SUP_REFNIS"]
        if parent not in ids:
            raise InvalidInput(
                _("{path}:{line}: CD_SUP_REFNIS: unknown parent {parent!r}").format(
                    path=path, line=lineno, parent=r["CD_SUP_REFNIS"]
                )
            )
        data.link(ids[r["CD_REFNIS"]], ids[parent])
    return data
