"""The extract of source 003 (Fabrique Territoires Santé — Programme de travail 2018) in Neo4j.

Every expectation comes from the document text (../shared/seeds/003_*.txt): each test cites the
passage and, where it can, counts or parses the text itself rather than trusting the YAML.
"""

from __future__ import annotations

import itertools
import re

from kb.db import Graph
from tests.helpers import norm, quote_starts_at, source_line, source_lines


def _lines() -> list[str]:
    return source_lines("003")


_text_lines = _lines
_norm = norm


def _quote_at(line: int, quote: str) -> bool:
    return quote_starts_at("003", line, quote)


EXTRACT = "003_fts.yaml"
SRC = "src:003-fts-2018"
FTS = "actor:fabrique-territoires-sante"
PLAN = "plan:fts-programme-travail-2018"


LINES = _text_lines()


def _section(start: int, end: int) -> list[str]:
    """Lines start..end-1 (numbered from 1) of the document."""
    return LINES[start - 1 : end - 1]


def _line_of(pattern: str) -> int:
    """The first line (from 1) matching ``pattern``."""
    return next(i + 1 for i, line in enumerate(LINES) if re.search(pattern, line))


def _count(graph: Graph, label: str) -> int:
    rows = graph.read(f"MATCH (n:{label}) WHERE n.extract = $x RETURN count(n) AS n", {"x": EXTRACT})
    return rows[0]["n"]


# -- structure: axes, numbered sections, actions ------------------------------------------------


def test_three_axes_in_the_plan(seeded: Graph) -> None:
    """Line 9: "structurer son action ... en 3 axes"; lines 15, 43, 96 head "I.", "II.", "III."."""
    assert "en 3 axes" in source_line("003", 9)
    headings = [line for line in LINES if re.match(r"^(I|II|III)\. ", line)]
    assert len(headings) == 3
    rows = seeded.read(
        "MATCH (o:Objective {kind: 'axis'})-[:IN_PLAN]->(:Plan {id: $plan}) RETURN o.name AS name", {"plan": PLAN}
    )
    assert sorted(r["name"] for r in rows) == sorted(re.sub(r"^[IV]+\. ", "", h).strip() for h in headings)


def test_numbered_sections_under_their_axis(seeded: Graph) -> None:
    """The "1.", "2.", "3." (and "4." under III) headings: 3 under I, 3 under II, 4 under III."""
    axis_lines = [i + 1 for i, line in enumerate(LINES) if re.match(r"^(I|II|III)\. ", line)]
    bounds = [*axis_lines, len(LINES) + 1]
    expected = {}
    for number, (start, end) in zip(("I", "II", "III"), itertools.pairwise(bounds), strict=False):
        expected[number] = sum(1 for line in _section(start, end) if re.match(r"^\d\. ", line))
    assert expected == {"I": 3, "II": 3, "III": 4}
    rows = seeded.read(
        "MATCH (s:Objective {kind: 'strategic_action'})-[:PART_OF]->(a:Objective {kind: 'axis'}) "
        "WHERE s.extract = $x RETURN a.number AS axis, count(s) AS n",
        {"x": EXTRACT},
    )
    assert {r["axis"]: r["n"] for r in rows} == expected


def test_capitalisation_objectives(seeded: Graph) -> None:
    """Lines 49-53: "Les objectifs de la capitalisation sont de :" followed by three bullets."""
    start = _line_of(r"^Les objectifs de la capitalisation sont de")
    end = _line_of(r"^Développer la base Inspir'actions")
    bullets = [line for line in _section(start, end) if line.startswith("- ")]
    assert len(bullets) == 3
    rows = seeded.read(
        "MATCH (o:Objective {kind: 'objective'})-[:PART_OF]->(:Objective {number: 'II.1'}) "
        "WHERE o.extract = $x RETURN count(o) AS n",
        {"x": EXTRACT},
    )
    assert rows[0]["n"] == len(bullets)


def _expected_actions() -> dict[str, int]:
    """Actions per numbered section, read from the text (see each rule's comment)."""
    heads = {}
    axis = None
    for i, line in enumerate(LINES):
        m = re.match(r"^(I|II|III)\. ", line)
        if m:
            axis = m.group(1)
        m = re.match(r"^(\d)\. ", line)
        if m:
            heads[f"{axis}.{m.group(1)}"] = i + 1
    order = sorted(heads.items(), key=lambda kv: kv[1])
    spans = {k: (v, order[j + 1][1] if j + 1 < len(order) else len(LINES) + 1) for j, (k, v) in enumerate(order)}

    def body(key: str) -> list[str]:
        start, end = spans[key]
        return [line for line in _section(start + 1, end) if line.strip()]

    def bullets(key: str) -> int:
        return sum(1 for line in body(key) if line.startswith("- "))

    # Axis III starts inside the span of II.3: stop II.3 at the axis heading.
    ii3 = [line for line in body("II.3") if not re.match(r"^III\. ", line)]
    return {
        # I.1: its three paragraphs (national meeting 2018, proceedings, 2019 meeting preparation)
        "I.1": len(body("I.1")),
        # I.2 and I.3: one action per bullet
        "I.2": bullets("I.2"),
        "I.3": bullets("I.3"),
        # II.1: its four sub-headings plus the stand-alone questionnaire line
        "II.1": sum(
            1 for line in body("II.1") if re.match(r"^(Développer|Réaliser|Participer|Produire|Questionnaire) ", line)
        ),
        # II.2: one action per "- Une journée" bullet
        "II.2": sum(1 for line in body("II.2") if line.startswith("- Une journée")),
        # II.3, III.1, III.2, III.4: one action each (the heading names one piece of work)
        "II.3": 1 if ii3 else 0,
        "III.1": 1,
        "III.2": 1,
        # III.3: the three stated 2018 commitments (website update, newsletter, Twitter)
        "III.3": sum(
            1
            for line in body("III.3")
            if re.search(r"se poursuivra en 2018|sera diffusée en 2018|sera elle aussi poursuivie", line)
        ),
        "III.4": 1,
    }


def test_actions_per_section(seeded: Graph) -> None:
    expected = _expected_actions()
    assert expected == {
        "I.1": 3,
        "I.2": 3,
        "I.3": 5,
        "II.1": 5,
        "II.2": 2,
        "II.3": 1,
        "III.1": 1,
        "III.2": 1,
        "III.3": 3,
        "III.4": 1,
    }
    rows = seeded.read(
        "MATCH (a:Action)-[:UNDER]->(o:Objective) WHERE a.extract = $x RETURN o.number AS section, count(a) AS n",
        {"x": EXTRACT},
    )
    assert {r["section"]: r["n"] for r in rows} == expected


def test_counts_per_label(seeded: Graph) -> None:
    """Counts of this extract's nodes, each explained from the text.

    - Plan 1: line 5 "Programme de travail 2018".
    - Objective 16: 3 axes + 10 numbered sections + 3 capitalisation objectives (lines 51-53).
    - Action 25: see test_actions_per_section.
    - Event 9: national meetings 2018 (l.19) and 2019 (l.23), regional coordinators' meetings (l.29),
      CNFPT meetings (l.37), Cget seminar (l.38), SFSP seminar (l.40), Grand Est day (l.82),
      Val d'Oise day (l.86), Université de santé publique de Besançon (l.90).
    - Resource 11: proceedings (l.21), Inspir'actions (l.57), 2 dossiers 2017 (l.30), 2 dossiers 2018
      (l.65-66), training module (l.92), website (l.104), documentary base (l.110), newsletter
      (l.118), contact base (l.124).
    - Actor 14 (+ 3 shared in ref: SpF, AMF, EHESP): FTS; the 9 national partners of l.35 minus the
      3 shared ones = 6 (Cget, ESPT, Renaudot, CCOMS, CNFPT, FNES); SFSP (l.40); DGS (l.41);
      IREPS, CRPV (l.29); ARS (l.80); ORIV (l.31); Pôle Ressources 95 (l.86).
    - Territory 5: Paris, Bordeaux, Besançon and the départements Gironde and Doubs.
    - Body 2: steering committees of the 2019 meeting (l.23), FNES/SFSP working group (l.70).
    """
    partners_l35 = re.search(r"\(([^)]*)\)", source_line("003", 35)).group(1).split(", ")
    assert len(partners_l35) == 9
    dossiers_2018 = [line for line in _section(63, 68) if line.startswith("- ")]
    assert len(dossiers_2018) == 2 and "deux Dossiers Ressources en 2018" in source_line("003", 61)
    expected = {
        "Plan": 1,
        "Objective": 3 + 10 + 3,
        "Action": sum(_expected_actions().values()),
        "Event": 9,
        "Resource": 11,
        # SFSP (l.40) is shared with the Fnors document: defined in ref_actors.yaml, not here
        "Actor": 1 + (9 - 3) + 1 + 2 + 1 + 1 + 1,
        "Territory": 5,
        "Body": 2,
        "Public": 1,
        "MechanismType": 1,
    }
    got = {label: _count(seeded, label) for label in expected}
    assert got == expected


# -- partners -----------------------------------------------------------------------------------


def test_national_partners_of_line_35(seeded: Graph) -> None:
    """Line 35: "coopère depuis ses débuts avec ... (Santé publique France, Cget, AMF, ESPT,
    Renaudot, CCOMS, EHESP, CNFPT, FNES)": each is a PARTNER_OF FTS cited at line 35."""
    names = re.search(r"\(([^)]*)\)", source_line("003", 35)).group(1).split(", ")
    rows = seeded.read(
        "MATCH (p:Actor)-[r:PARTNER_OF]->(:Actor {id: $fts}) WHERE r.line = 35 "
        "RETURN p.name AS name, p.acronym AS acronym, p.aliases AS aliases",
        {"fts": FTS},
    )
    found = {n for r in rows for n in [r["name"], r["acronym"], *(r["aliases"] or [])] if n}
    assert all(name in found for name in names), set(names) - found
    assert len(rows) == len(names)


def test_regional_partners_line_80(seeded: Graph) -> None:
    """Line 80: "co-construite avec nos partenaires en région (CRPV, IREPS, ARS)"."""
    names = re.search(r"\(([^)]*)\)", source_line("003", 80)).group(1).split(", ")
    rows = seeded.read(
        "MATCH (p:Actor)-[r:PARTNER_OF]->(:Actor {id: $fts}) WHERE r.line = 80 RETURN p.acronym AS a", {"fts": FTS}
    )
    assert sorted(r["a"] for r in rows) == sorted(names)


def test_dgs_is_an_advocacy_target_not_a_partner(seeded: Graph) -> None:
    """Line 41: "rendez-vous de plaidoyer auprès des pouvoirs publics (DGS, politique de la ville)"."""
    assert "plaidoyer" in source_line("003", 41) and "DGS" in source_line("003", 41)
    rows = seeded.read(
        "MATCH (d:Actor {id: 'actor:dgs'}) OPTIONAL MATCH (d)-[r:PARTNER_OF]->() RETURN d.acronym AS a, count(r) AS n"
    )
    assert rows == [{"a": "DGS", "n": 0}]


# -- spot checks --------------------------------------------------------------------------------


def test_plan_issued_by_fts_as_work_programme(seeded: Graph) -> None:
    """Line 5 "Programme de travail 2018"; line 9 "l'association propose ... en 3 axes"."""
    assert source_line("003", 5).strip() == "Programme de travail 2018"
    rows = seeded.read(
        "MATCH (a:Actor)-[:ISSUES]->(p:Plan {id: $plan}) RETURN a.id AS a, p.kind AS k, p.period AS period",
        {"plan": PLAN},
    )
    assert rows == [{"a": FTS, "k": "work_programme", "period": "2018"}]
    rows = seeded.read("MATCH (a:Actor {id: $fts}) RETURN a.kind AS k", {"fts": FTS})
    assert "l'association" in source_line("003", 9) and rows[0]["k"] == "association"


def _containers(graph: Graph, territory: str) -> list[dict[str, object]]:
    """What ``territory`` is directly PART_OF, one row per container (one PART_OF per pair, whoever states it)."""
    return graph.read(
        "MATCH (:Territory {id: $t})-[:PART_OF]->(c:Territory) RETURN c.id AS id, c.kind AS kind ORDER BY id",
        {"t": territory},
    )


def test_national_meeting_2018_in_paris_on_6_april(seeded: Graph) -> None:
    """Line 19: "La rencontre nationale 2018 se tiendra à Paris le 6 avril 2018". The document names the
    town only; what Paris is part of is the reference's (COG 2025): the département of Paris and the
    Métropole du Grand Paris (SIREN 200054781), an EPCI straddling six départements, which is why it is
    PART_OF the région and not of the département (issue 10 item 4: containers are legitimate answers)."""
    m = re.search(r"se tiendra à (\w+) le (\d+) avril (\d{4})", source_line("003", 19))
    assert m
    place, day, year = m.groups()
    rows = seeded.read(
        "MATCH (o:Actor)-[:ORGANISES]->(e:Event {id: 'event:fts-rencontre-nationale-2018'})-[:HELD_IN]->(t) "
        "RETURN e.date AS date, t.name AS town, t.code AS code, t.id AS id, o.id AS org"
    )
    assert rows == [
        {"date": f"{year}-04-{int(day):02d}", "town": place, "code": "75056", "id": "terr:fr-com-75056", "org": FTS}
    ]
    assert _containers(seeded, "terr:fr-com-75056") == [
        {"id": "terr:fr-dep-75", "kind": "department"},
        {"id": "terr:fr-epci-200054781", "kind": "epci"},
    ]
    assert _containers(seeded, "terr:fr-epci-200054781") == [{"id": "terr:fr-reg-11", "kind": "region"}]


def test_national_meeting_2019_in_bordeaux_on_food(seeded: Graph) -> None:
    """Line 23: "rencontre nationale 2019 sur l'alimentation et les territoires ... Elle se tiendra à
    Bordeaux". Bordeaux's containers are the reference's (COG 2025): the Gironde and Bordeaux Métropole
    (SIREN 243300316, within the Gironde), in Nouvelle-Aquitaine (75)."""
    assert "Elle se tiendra à Bordeaux" in source_line("003", 23)
    assert "rencontre nationale 2019 sur l'alimentation" in source_line("003", 23)
    rows = seeded.read(
        "MATCH (e:Event {id: 'event:fts-rencontre-nationale-2019'})-[:HELD_IN]->(c) "
        "RETURN e.date AS date, c.name AS town, c.id AS id, [(e)-[:ADDRESSES]->(th:Theme) | th.id] AS themes"
    )
    assert len(rows) == 1
    row = rows[0]
    assert (row["date"], row["town"], row["id"]) == ("2019", "Bordeaux", "terr:fr-com-33063")
    assert "theme:nutrition" in row["themes"]
    assert _containers(seeded, "terr:fr-com-33063") == [
        {"id": "terr:fr-dep-33", "kind": "department"},
        {"id": "terr:fr-epci-243300316", "kind": "epci"},
    ]
    assert _containers(seeded, "terr:fr-epci-243300316") == [{"id": "terr:fr-dep-33", "kind": "department"}]
    assert _containers(seeded, "terr:fr-dep-33") == [{"id": "terr:fr-reg-75", "kind": "region"}]


def test_cnfpt_meetings_18_19_september_2018(seeded: Graph) -> None:
    """Line 37: "rencontres territoriales de la santé du CNFPT le 18 et 19 septembre 2018"."""
    d1, d2, year = re.search(r"le (\d+) et (\d+) septembre (\d{4})", source_line("003", 37)).groups()
    rows = seeded.read(
        "MATCH (c:Actor {acronym: 'CNFPT'})-[:ORGANISES]->(e:Event) RETURN e.date AS date, e.date_text AS text"
    )
    # the date is typed ISO (its first day); the wording keeps both days
    assert rows == [{"date": f"{year}-09-{d1}", "text": f"le {d1} et {d2} septembre {year}"}]
    action = seeded.read(
        "MATCH (a:Action {number: 'I.3-1'}) WHERE a.extract = $x RETURN a.start AS s, a.end AS e", {"x": EXTRACT}
    )
    assert action == [{"s": f"{year}-09-{d1}", "e": f"{year}-09-{d2}"}]


def test_val_d_oise_day_co_organised_with_pole_ressources_95(seeded: Graph) -> None:
    """Line 86: "co-organisée par Fabrique Territoires Santé et le Pôle Ressources 95 ... dans le Val
    d'Oise en septembre 2018"."""
    line = source_line("003", 86)
    assert "Pôle Ressources 95" in line and "septembre 2018" in line
    rows = seeded.read(
        "MATCH (e:Event {id: 'event:journee-alimentation-territoires-val-d-oise-2018'})-[:HELD_IN]->(t) "
        "MATCH (o:Actor)-[:ORGANISES]->(e) RETURN e.date AS date, t.code AS dep, collect(o.id) AS orgs"
    )
    assert len(rows) == 1
    assert rows[0]["date"] == "2018-09" and rows[0]["dep"] == "95"
    assert sorted(rows[0]["orgs"]) == sorted([FTS, "actor:pole-ressources-95"])


def test_grand_est_mental_health_day(seeded: Graph) -> None:
    """Line 82: "en partenariat avec le CCOMS ... santé mentale dans les QPV ... 2ème semestre 2018
    dans le Grand Est, en partenariat avec l'ORIV": FTS organises it ("mettra en place", l.80); the
    CCOMS and the ORIV are partners (planned contributions), not organisers (issue 11)."""
    line = source_line("003", 82)
    assert "CCOMS" in line and "Grand Est" in line and "ORIV" in line
    rows = seeded.read(
        "MATCH (e:Event {id: 'event:rencontre-regionale-sante-mentale-qpv-grand-est-2018'})-[:HELD_IN]->(r) "
        "OPTIONAL MATCH (o:Actor)-[:ORGANISES]->(e) OPTIONAL MATCH (c:Actor)-[:CONTRIBUTES_TO]->(e) "
        "RETURN r.name AS region, collect(DISTINCT o.id) AS orgs, collect(DISTINCT c.acronym) AS contrib, "
        "e.date AS date, e.date_text AS text"
    )
    assert "La Fabrique Territoires Santé mettra en place" in source_line("003", 80)
    assert rows[0]["region"] == "Grand Est" and rows[0]["orgs"] == [FTS]
    assert sorted(rows[0]["contrib"]) == ["CCOMS", "ORIV"]
    assert (rows[0]["date"], rows[0]["text"]) == ("2018", "au 2ème semestre 2018")
    links = seeded.read(
        "MATCH (c:Actor)-[r:CONTRIBUTES_TO]->(:Event {id: $e}) "
        "RETURN collect(DISTINCT r.status) AS s, collect(DISTINCT r.line) AS l",
        {"e": "event:rencontre-regionale-sante-mentale-qpv-grand-est-2018"},
    )
    assert links == [{"s": ["planned"], "l": [82]}]
    # the action keeps its dates: "2ème semestre 2018" = July to December 2018
    action = seeded.read(
        "MATCH (a:Action {number: 'II.2-1'}) WHERE a.extract = $x RETURN a.start AS s, a.end AS e", {"x": EXTRACT}
    )
    assert action == [{"s": "2018-07", "e": "2018-12"}]


def test_contact_base_of_about_1150_contacts(seeded: Graph) -> None:
    """Line 124: "comprend actuellement environ 1150 contacts qualifiés"; line 126: "n'est pas publique"."""
    n = re.search(r"environ (\d+) contacts", source_line("003", 124)).group(1)
    rows = seeded.read(
        "MATCH (a:Actor)-[:PUBLISHES]->(r:Resource {kind: 'directory'}) WHERE r.extract = $x "
        "RETURN a.id AS a, r.description AS d",
        {"x": EXTRACT},
    )
    assert len(rows) == 1 and rows[0]["a"] == FTS
    assert n in rows[0]["d"] and "Not public" in rows[0]["d"]


def test_inspir_actions_base(seeded: Graph) -> None:
    """Line 57: "La base de fiches expériences Inspir'actions, lancée en décembre 2016, sera nourrie
    cette année d'une quarantaine de fiches": FTS PUBLISHES it (it exists since 2016; II.1-1 develops
    it, named in the note); the dossiers of II.1-2 rely on it (l.61 "une dizaine d'Inspir'actions")."""
    assert "décembre 2016" in source_line("003", 57)
    rows = seeded.read(
        "MATCH (a:Actor)-[p:PUBLISHES]->(r:Resource {id: 'res:inspir-actions'}) "
        "MATCH (act:Action)-[:RELIES_ON]->(r) RETURN a.id AS a, r.kind AS k, r.description AS d, "
        "p.status AS s, p.note AS note, collect(act.number) AS actions"
    )
    assert rows[0]["a"] == FTS and rows[0]["k"] == "database" and "December 2016" in rows[0]["d"]
    assert rows[0]["s"] == "existing" and "action:fts2018-2-1-a1" in rows[0]["note"]
    assert rows[0]["actions"] == ["II.1-2"]


def test_promising_actions_working_group(seeded: Graph) -> None:
    """Line 70: "groupe de travail sur les actions prometteuses organisé par la FNES et la SFSP"."""
    assert "organisé par la FNES et la SFSP" in source_line("003", 70)
    rows = seeded.read(
        "MATCH (b:Body {kind: 'working_group'}) WHERE b.extract = $x "
        "OPTIONAL MATCH (an:Actor)-[:ANIMATES]->(b) OPTIONAL MATCH (m:Actor)-[:SITS_ON]->(b) "
        "RETURN collect(DISTINCT an.acronym) AS animators, collect(DISTINCT m.id) AS members",
        {"x": EXTRACT},
    )
    assert sorted(rows[0]["animators"]) == ["FNES", "SFSP"] and rows[0]["members"] == [FTS]


def test_training_module_relies_on_the_schemes_listed(seeded: Graph) -> None:
    """Line 92: "dispositifs mobilisables (ASV, CLS, CLSM, EIS...)"; line 94: "Une vingtaine de stagiaires"."""
    codes = re.search(r"dispositifs mobilisables \(([^)]*)\.\.\.\)", source_line("003", 92)).group(1).split(", ")
    rows = seeded.read(
        "MATCH (a:Action {number: 'II.3-1'})-[:RELIES_ON]->(m:MechanismType) WHERE a.extract = $x "
        "MATCH (a)-[:UNDER]->(o:Objective) RETURN collect(m.code) AS codes, o.number AS o, a.indicators AS ind",
        {"x": EXTRACT},
    )
    assert sorted(rows[0]["codes"]) == sorted(codes) and rows[0]["o"] == "II.3"
    assert "vingtaine de stagiaires" in source_line("003", 94)
    assert any("Une vingtaine de stagiaires" in i for i in rows[0]["ind"])


def test_grand_est_targeted_by_regional_foothold_and_synthesis(seeded: Graph) -> None:
    """Line 31: "implantation régionale à développer en 2018 : région Grand Est"; line 74: "la région
    Grand Est sera ciblée"."""
    assert "Grand Est" in source_line("003", 31) and "Grand Est sera ciblée" in source_line("003", 74)
    rows = seeded.read(
        "MATCH (a:Action)-[:TARGETS]->(:Territory {id: 'terr:fr-reg-44'}) WHERE a.extract = $x "
        "RETURN collect(a.number) AS n",
        {"x": EXTRACT},
    )
    assert {"I.2-3", "II.1-4"} <= set(rows[0]["n"])


def test_local_targets_of_a_national_programme(seeded: Graph) -> None:
    """The programme covers France (a national meeting, l.19), yet its regional actions keep their own
    targets: the Grand Est day (l.82 "dans le Grand Est") and the Val d'Oise day (l.86 "Elle se tiendra
    dans le Val d'Oise")."""
    assert "dans le Grand Est" in source_line("003", 82) and "dans le Val d'Oise" in source_line("003", 86)
    rows = seeded.read(
        "MATCH (a:Action)-[:TARGETS]->(t:Territory) WHERE a.extract = $x AND a.number IN ['II.2-1', 'II.2-2'] "
        "RETURN a.number AS n, collect(t.id) AS t",
        {"x": EXTRACT},
    )
    assert {r["n"]: r["t"] for r in rows} == {"II.2-1": ["terr:fr-reg-44"], "II.2-2": ["terr:fr-dep-95"]}
    plan = seeded.read("MATCH (:Plan {id: $p})-[:COVERS]->(t) RETURN collect(t.id) AS t", {"p": PLAN})
    assert plan == [{"t": ["terr:fr"]}]


def test_resources_fts_produces_are_published_with_their_status(seeded: Graph) -> None:
    """What FTS actions produce is PUBLISHES by FTS, not RELIES_ON: the proceedings "seront publiés
    fin 2018" (l.21) and the two 2018 dossiers "seront proposés cette année" (l.63-66) are planned;
    the website (l.116 "La mise à jour du site internet se poursuivra") and the monthly newsletter
    (l.118) exist."""
    assert "seront publiés fin 2018" in source_line("003", 21)
    assert "seront proposés cette année" in source_line("003", 63)
    rows = seeded.read(
        "MATCH (:Actor {id: $fts})-[p:PUBLISHES]->(r:Resource) WHERE r.extract = $x RETURN r.id AS r, p.status AS s",
        {"fts": FTS, "x": EXTRACT},
    )
    got = {r["r"]: r["s"] for r in rows}
    assert got["res:fts-actes-rencontre-nationale-2018"] == "planned"
    assert got["res:fts-dossier-ressources-2018-sante-mentale-isolement-social"] == "planned"
    assert got["res:fts-dossier-ressources-2018-sante-environnementale-precarite"] == "planned"
    assert got["res:fts-site-internet"] == "existing" and got["res:fts-newsletter"] == "existing"
    produced = seeded.read(
        "MATCH (a:Action)-[r:RELIES_ON]->(:Resource) WHERE a.extract = $x AND r.note CONTAINS 'produces' "
        "RETURN count(r) AS n",
        {"x": EXTRACT},
    )
    assert produced == [{"n": 0}]


def test_programme_and_action_dates(seeded: Graph) -> None:
    """Line 7 "Version mai 2018": the programme is published 2018-05 and runs in 2018 (l.5); every
    action is for 2018; I.1-1 is on "le 6 avril 2018" (l.19); the proceedings are due "fin 2018" (l.21)."""
    assert source_line("003", 7).strip() == "Version mai 2018"
    plan = seeded.read(
        "MATCH (p:Plan {id: $p}) RETURN p.published AS pub, p.start AS s, p.end AS e, p.period AS period",
        {"p": PLAN},
    )
    assert plan == [{"pub": "2018-05", "s": "2018", "e": "2018", "period": "2018"}]
    years = seeded.read("MATCH (a:Action) WHERE a.extract = $x RETURN collect(DISTINCT a.year) AS y", {"x": EXTRACT})
    assert years == [{"y": [2018]}]
    rows = seeded.read(
        "MATCH (a:Action) WHERE a.extract = $x AND a.number IN ['I.1-1', 'I.1-2'] "
        "RETURN a.number AS n, a.start AS s, a.end AS e, a.deadline AS d, a.period AS period",
        {"x": EXTRACT},
    )
    assert {r["n"]: (r["s"], r["e"], r["d"], r["period"]) for r in rows} == {
        "I.1-1": ("2018-04-06", "2018-04-06", None, "le 6 avril 2018"),
        "I.1-2": (None, None, "2018-12", "fin 2018"),
    }


def test_grand_est_foothold_with_the_oriv_is_to_develop(seeded: Graph) -> None:
    """Line 31: "implantation régionale à développer en 2018 : région Grand Est, en lien avec l'ORIV":
    the ORIV partnership of that line is intended, not existing."""
    assert "à développer en 2018" in source_line("003", 31)
    rows = seeded.read(
        "MATCH (:Actor {id: 'actor:oriv'})-[p:PARTNER_OF]->(:Actor {id: $fts}) RETURN p.line AS l, p.status AS s",
        {"fts": FTS},
    )
    assert rows == [{"l": 31, "s": "intended"}]


def test_federated_scheme_types_cited(seeded: Graph) -> None:
    """Lines 29, 76, 92: ASV, CLS and CLSM are named as the schemes whose coordinators FTS gathers."""
    for code in ("ASV", "CLS", "CLSM"):
        assert code in source_line("003", 29)
    rows = seeded.read(
        "MATCH (m:MechanismType)-[c:CITED_IN]->(:Source {id: $src}) WHERE m.code IN ['ASV', 'CLS', 'CLSM'] "
        "RETURN m.code AS code, count(c) AS n",
        {"src": SRC},
    )
    assert {r["code"] for r in rows} == {"ASV", "CLS", "CLSM"}


def test_no_funding_stated(seeded: Graph) -> None:
    """The document states no amount (no "€" or "euros") and no funder: no FUNDS in this extract."""
    assert not any(re.search(r"€|euros?\b|financ", line, re.I) for line in LINES)
    rows = seeded.read("MATCH (:Actor)-[f:FUNDS]->(n) WHERE n.extract = $x RETURN count(f) AS n", {"x": EXTRACT})
    assert rows[0]["n"] == 0


# -- evidence -----------------------------------------------------------------------------------
