"""A France-sized synthetic knowledge base, written as extract files the project loads as any other.

The territories are the real reference (``kb.reference.france()``: 34,875 communes, 1,253 EPCI,
101 départements, 18 régions); the coordination data on them is synthetic, drawn from a fixed
random seed so that two runs write the same files:

- CPTS (907 x scale), each covering 20-55 communes of one département: the communes nearest its
  first commune (by centroid) that no other CPTS covers yet, so perimeters are contiguous-ish;
- CLS (400 x scale), each covering one EPCI; a DAC per département, covering it;
- actors (52,000 x scale): an ARS per région, a departmental council and a CPAM per département,
  each scheme's carrier, and hospitals, EHPAD, MSP and associations based in communes;
- plans: a national one, a regional health project per région, a roadmap per département, four
  objectives each; actions under them (the levels given, e.g. 10k, 50k, 200k x scale) with a lead,
  contributors, one or two themes, funding lines and, mostly, a target inside the plan's territory.

Every entity is one line of a generated source document (``sources/national.txt``) and its
evidence quotes that line, so every relationship carries a source, a line and a quote that the
validator checks like a real extract's. Themes and mechanism types are the project's own
vocabularies (``seed/ref_themes.yaml``, ``seed/ref_mechanism_types.yaml``), copied.
"""

from __future__ import annotations

import json
import math
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kb import reference

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261202
SOURCE_ID = "src:bench-national"
SOURCE_FILE = "national.txt"
FULL = {"cpts": 907, "cls": 400, "actors": 52_000}
CPTS_SIZE = (20, 55)
ACTION_FILE = 5_000  # at most this many actions per extract file
NOUNS = [
    "téléconsultation",
    "maison de santé",
    "parcours",
    "prévention",
    "dépistage",
    "coordination",
    "accès aux droits",
    "équipe mobile",
    "permanence de soins",
    "formation des aidants",
    "repérage précoce",
    "médiation en santé",
    "éducation thérapeutique",
    "soins non programmés",
    "santé mentale des jeunes",
    "vaccination",
]
VERBS = ["Développer", "Structurer", "Renforcer", "Créer", "Déployer", "Coordonner", "Évaluer"]
SCHEMES = ["FIR", "CNR", "PRIAC", "fonds propres", "DSIL"]
OTHER_ACTORS = [
    ("hospital", "Centre hospitalier de {}"),
    ("medico_social", "EHPAD de {}"),
    ("primary_care", "Maison de santé pluriprofessionnelle de {}"),
    ("association", "Association santé {}"),
    ("local_authority", "Commune de {}"),
    ("medico_social", "SSIAD de {}"),
]


@dataclass
class Layout:
    """What ``generate`` wrote: the extract files per action level, and the counts."""

    folder: Path
    sources_dir: Path
    base_files: list[Path]
    action_files: list[tuple[int, Path]]  # (actions in the files up to and including this one, file)
    counts: dict[str, int] = field(default_factory=dict)

    def files(self, actions: int) -> list[Path]:
        """The extracts of the level holding ``actions`` actions (a level boundary)."""
        return self.base_files + [p for upto, p in self.action_files if upto <= actions]


@dataclass
class _Place:
    id: str
    name: str
    kind: str
    dep: str | None = None
    epci: str | None = None
    lon: float | None = None
    lat: float | None = None


class _Doc:
    """The generated source document: one line per entity; ``cite`` returns that line's evidence."""

    def __init__(self) -> None:
        self.lines: list[str] = [
            "Maillage — document de référence synthétique pour le banc d'essai national.",
            "Chaque ligne suivante énonce un fait généré à partir d'une graine fixe.",
        ]

    def cite(self, text: str) -> dict[str, Any]:
        text = text.replace("\n", " ")[:380]
        self.lines.append(text)
        return {"line": len(self.lines), "quote": text}


def _territories(regions: Iterable[str] | None) -> tuple[dict[str, _Place], dict[str, list[str]]]:
    data = reference.france()
    places = {
        n["id"]: _Place(n["id"], n["name"], n["kind"], lon=n.get("lon"), lat=n.get("lat"))
        for n in data.nodes
        if n["kind"] in ("region", "department", "epci", "commune")
    }
    parent: dict[str, list[str]] = defaultdict(list)
    for rel in data.part_of:
        parent[rel["from"]].append(rel["to"])
    for p in places.values():
        ups = parent.get(p.id, [])
        if p.kind == "commune":
            p.dep = next((u for u in ups if u.startswith("terr:fr-dep-")), None)
            p.epci = next((u for u in ups if u.startswith("terr:fr-epci-")), None)
        elif p.kind == "department":
            p.dep = next((u for u in ups if u.startswith("terr:fr-reg-")), None)  # its région
        elif p.kind == "epci":
            p.dep = next((u for u in ups if u.startswith("terr:fr-dep-")), None)
    if regions is not None:
        keep = set(regions)
        deps = {p.id for p in places.values() if p.kind == "department" and p.dep in keep}
        places = {
            k: p
            for k, p in places.items()
            if k in keep or k in deps or (p.kind in ("commune", "epci") and p.dep in deps)
        }
    children: dict[str, list[str]] = defaultdict(list)
    for p in places.values():
        if p.dep:
            children[p.dep].append(p.id)
        if p.epci:
            children[p.epci].append(p.id)
    return places, children


def _dump(path: Path, data: dict[str, Any]) -> None:
    """A YAML extract: block lists of one-line JSON flow mappings (JSON is YAML)."""
    out = ["# Generated by benchmarks/national_data.py (synthetic, fixed seed): do not edit."]
    for key, value in data.items():
        if isinstance(value, list):
            out.append(f"{key}:")
            out.extend(f"  - {json.dumps(item, ensure_ascii=False)}" for item in value)
        else:
            out.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _vocabulary() -> dict[str, Any]:
    themes = yaml.safe_load((ROOT / "seed" / "ref_themes.yaml").read_text(encoding="utf-8"))["themes"]
    mtypes = yaml.safe_load((ROOT / "seed" / "ref_mechanism_types.yaml").read_text(encoding="utf-8"))["mechanism_types"]
    sources = [
        {
            "id": "src:maillage-vocabulary",
            "title": "Maillage's controlled vocabularies (themes, publics, mechanism types)",
            "issuer": "Maillage",
            "kind": "reference",
        },
        {
            "id": SOURCE_ID,
            "title": "Banc d'essai national — document synthétique",
            "issuer": "Maillage (benchmarks/national_data.py)",
            "date": "2026",
            "file": SOURCE_FILE,
        },
    ]
    return {"sources": sources, "themes": themes, "mechanism_types": mtypes}


def _nearest(seed: _Place, pool: list[_Place], k: int) -> list[_Place]:
    def dist(p: _Place) -> float:
        if seed.lon is None or p.lon is None or seed.lat is None or p.lat is None:
            return math.inf
        return (p.lon - seed.lon) ** 2 + (p.lat - seed.lat) ** 2

    return sorted(pool, key=lambda p: (dist(p), p.id))[:k]


def generate(
    folder: Path,
    scale: float = 0.25,
    levels: tuple[int, ...] = (10_000, 50_000, 200_000),
    regions: Iterable[str] | None = None,
    seed: int = SEED,
) -> Layout:
    """Write the extracts and the source document under ``folder``; ``levels`` are action counts
    before scaling (the largest is what the files hold in all)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    extracts = folder / "extracts"
    sources_dir = folder / "sources"
    extracts.mkdir(exist_ok=True)
    sources_dir.mkdir(exist_ok=True)
    for old in extracts.glob("*.yaml"):
        old.unlink()
    places, children = _territories(regions)
    regs = sorted(p.id for p in places.values() if p.kind == "region")
    deps = sorted(p.id for p in places.values() if p.kind == "department")
    communes = sorted(p.id for p in places.values() if p.kind == "commune")
    epcis = sorted(p.id for p in places.values() if p.kind == "epci" and p.dep in set(deps))
    doc = _Doc()
    vocab = _vocabulary()
    theme_ids = [t["id"] for t in vocab["themes"]]
    vocab_path = extracts / "bench_00_vocabulary.yaml"
    _dump(vocab_path, vocab)

    actors: list[dict[str, Any]] = []
    by_dep: dict[str, list[str]] = defaultdict(list)

    def actor(ident: str, name: str, kind: str, based_in: str | None, dep: str | None) -> str:
        row: dict[str, Any] = {"id": ident, "name": name, "kind": kind}
        if based_in:
            row["based_in"] = [based_in]
        row["evidence"] = doc.cite(f"{name} ({kind.replace('_', ' ')}) intervient sur le territoire.")
        actors.append(row)
        if dep:
            by_dep[dep].append(ident)
        return ident

    ars = {r: actor(f"actor:bench-ars-{r[12:]}", f"ARS {places[r].name}", "state_agency", r, None) for r in regs}
    council = {
        d: actor(f"actor:bench-cd-{d[12:]}", f"Conseil départemental {places[d].name}", "local_authority", d, d)
        for d in deps
    }
    for d in deps:
        actor(f"actor:bench-cpam-{d[12:]}", f"CPAM {places[d].name}", "insurer", d, d)

    mechanisms: list[dict[str, Any]] = []
    covered: set[str] = set()
    communes_of_dep = {d: [places[c] for c in children.get(d, []) if places[c].kind == "commune"] for d in deps}
    n_cpts = max(1, round(FULL["cpts"] * scale))
    order = communes[:]
    rng.shuffle(order)
    made = 0
    for start in order:
        if made == n_cpts:
            break
        if start in covered or places[start].dep is None:
            continue
        dep = places[start].dep
        assert dep is not None
        pool = [p for p in communes_of_dep.get(dep, []) if p.id not in covered]
        k = rng.randint(*CPTS_SIZE)
        if len(pool) < CPTS_SIZE[0]:
            continue
        chosen = _nearest(places[start], pool, k)
        covered.update(p.id for p in chosen)
        made += 1
        name = f"CPTS {places[start].name} {made}"
        carrier = actor(f"actor:bench-cpts-{made:04d}", f"Association {name}", "professional_community", start, dep)
        mechanisms.append(
            {
                "id": f"mech:bench-cpts-{made:04d}",
                "name": name,
                "type": "mtype:CPTS",
                "status": "active",
                "covers": [p.id for p in chosen],
                "carried_by": [carrier],
                "addresses": rng.sample(theme_ids, 2),
                "evidence": doc.cite(f"La {name} couvre {len(chosen)} communes autour de {places[start].name}."),
            }
        )
    n_cls = max(1, round(FULL["cls"] * scale))
    for i, epci in enumerate(sorted(rng.sample(epcis, min(n_cls, len(epcis)))), start=1):
        name = f"CLS {places[epci].name}"
        carrier = actor(f"actor:bench-epci-{epci[13:]}", places[epci].name, "local_authority", epci, places[epci].dep)
        mechanisms.append(
            {
                "id": f"mech:bench-cls-{i:04d}",
                "name": name,
                "type": "mtype:CLS",
                "status": "signed",
                "signed": f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}",
                "covers": [epci],
                "carried_by": [carrier],
                "addresses": rng.sample(theme_ids, 3),
                "evidence": doc.cite(f"Le {name} est signé pour le territoire de {places[epci].name}."),
            }
        )
    for d in deps:
        name = f"DAC {places[d].name}"
        carrier = actor(f"actor:bench-dac-{d[12:]}", f"Association {name}", "association", d, d)
        mechanisms.append(
            {
                "id": f"mech:bench-dac-{d[12:]}",
                "name": name,
                "type": "mtype:DAC",
                "status": "active",
                "covers": [d],
                "carried_by": [carrier],
                "addresses": ["theme:care-pathways"] if "theme:care-pathways" in theme_ids else theme_ids[:1],
                "evidence": doc.cite(f"Le {name} appuie la coordination des parcours complexes du département."),
            }
        )
    n_actors = max(len(actors) + 1, round(FULL["actors"] * scale))
    i = 0
    while len(actors) < n_actors:
        i += 1
        commune = places[rng.choice(communes)]
        kind, pattern = rng.choice(OTHER_ACTORS)
        actor(f"actor:bench-{i:06d}", pattern.format(commune.name), kind, commune.id, commune.dep)
    base_path = extracts / "bench_01_schemes.yaml"
    _dump(base_path, {"source": SOURCE_ID, "actors": actors, "mechanisms": mechanisms})

    plans: list[dict[str, Any]] = []
    objectives: list[dict[str, Any]] = []
    plan_scope: list[tuple[str, str, str]] = []  # (objective id, plan's territory, level)

    def plan(ident: str, name: str, kind: str, territory: str, issuer: str, level: str) -> None:
        plans.append(
            {
                "id": ident,
                "name": name,
                "kind": kind,
                "period": "2024-2028",
                "issued_by": [issuer],
                "covers": [territory],
                "evidence": doc.cite(f"{name} : feuille de route adoptée pour 2024-2028."),
            }
        )
        for k in range(1, 5):
            oid = f"obj:{ident[5:]}-{k}"
            objectives.append(
                {
                    "id": oid,
                    "name": f"{name} — chantier {k}",
                    "kind": "workstream",
                    "plan": ident,
                    "addresses": rng.sample(theme_ids, 1),
                    "evidence": doc.cite(f"{name}, chantier {k} : {rng.choice(NOUNS)}."),
                }
            )
            plan_scope.append((oid, territory, level))

    plan("plan:bench-national", "Stratégie nationale synthétique", "programme", "terr:fr", ars[regs[0]], "national")
    for r in regs:
        plan(f"plan:bench-prs-{r[12:]}", f"PRS {places[r].name}", "regional_health_project", r, ars[r], "region")
    for d in deps:
        region = places[d].dep
        issuer = ars[region] if region in ars else council[d]
        plan(f"plan:bench-fdr-{d[12:]}", f"Feuille de route {places[d].name}", "roadmap", d, issuer, "department")
    _dump(extracts / "bench_02_plans.yaml", {"source": SOURCE_ID, "plans": plans, "objectives": objectives})

    by_level: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for item in plan_scope:
        by_level[item[2]].append(item)
    deps_of_region: dict[str, list[str]] = defaultdict(list)
    for d in deps:
        deps_of_region[places[d].dep or ""].append(d)
    all_actors = [a["id"] for a in actors]
    targets_of = {d: [p.id for p in communes_of_dep.get(d, [])] for d in deps}
    epcis_of = {d: [e for e in epcis if places[e].dep == d] for d in deps}

    scaled = sorted({max(1, round(n * scale)) for n in levels})
    total = scaled[-1]
    action_files: list[tuple[int, Path]] = []
    cuts = sorted(set(scaled) | set(range(ACTION_FILE, total, ACTION_FILE)))
    start = 0
    for cut in cuts:
        rows = []
        for n in range(start + 1, cut + 1):
            level = rng.choices(["department", "region", "national"], weights=[80, 15, 5])[0]
            oid, territory, _ = rng.choice(by_level[level])
            row: dict[str, Any] = {"id": f"action:bench-{n:06d}"}
            noun, verb = rng.choice(NOUNS), rng.choice(VERBS)
            where = ""
            target: str | None = None
            pick = rng.random()
            if level == "department":
                if pick < 0.6 and targets_of.get(territory):
                    target = rng.choice(targets_of[territory])
                elif pick < 0.8 and epcis_of.get(territory):
                    target = rng.choice(epcis_of[territory])
            elif level == "region" and pick < 0.7 and deps_of_region.get(territory):
                target = rng.choice(deps_of_region[territory])
            elif level == "national" and pick < 0.5:
                target = rng.choice(regs)
            if target:
                where = f" à {places[target].name}"
                row["targets"] = [target]
            row["name"] = f"{verb} {noun}{where} ({n})"
            row["under"] = oid
            dep = territory if level == "department" else None
            local = by_dep.get(dep or "", []) or all_actors
            row["lead"] = [rng.choice(local)]
            contributors = {rng.choice(local) for _ in range(rng.randint(0, 2))} - set(row["lead"])
            if contributors:
                row["contributors"] = sorted(contributors)
            row["addresses"] = rng.sample(theme_ids, rng.randint(1, 2))
            if rng.random() < 0.7:
                funder = (
                    ars[places[dep].dep or regs[0]]
                    if dep and places[dep].dep in ars
                    else rng.choice(list(ars.values()))
                )
                row["funding"] = [
                    {
                        "funder": funder,
                        "scheme": rng.choice(SCHEMES),
                        "amount_eur": rng.randrange(5_000, 500_000, 500),
                        "year": rng.randint(2024, 2026),
                    }
                ]
            if rng.random() < 0.5:
                row["indicators"] = [f"Nombre de bénéficiaires ({noun})"]
            row["evidence"] = doc.cite(f"Action {n} : {row['name']}, sous {oid}.")
            rows.append(row)
        path = extracts / f"bench_10_actions_{cut:07d}.yaml"
        _dump(path, {"source": SOURCE_ID, "actions": rows})
        action_files.append((cut, path))
        start = cut
    (sources_dir / SOURCE_FILE).write_text("\n".join(doc.lines) + "\n", encoding="utf-8")
    counts = {
        "communes": len(communes),
        "epci": len(epcis),
        "departements": len(deps),
        "regions": len(regs),
        "cpts": made,
        "cls": min(n_cls, len(epcis)),
        "dac": len(deps),
        "actors": len(actors),
        "plans": len(plans),
        "objectives": len(objectives),
        "actions": total,
        "source_lines": len(doc.lines),
    }
    return Layout(folder, sources_dir, [vocab_path, base_path, extracts / "bench_02_plans.yaml"], action_files, counts)


def levels_of(scale: float, levels: tuple[int, ...] = (10_000, 50_000, 200_000)) -> list[int]:
    """The action counts of the levels at ``scale``."""
    return sorted({max(1, round(n * scale)) for n in levels})
