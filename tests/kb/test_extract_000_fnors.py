"""The extract of source 000 (Fnors — Projet stratégique 2024-2028) in Neo4j.

Every expectation comes from the document text (../shared/seeds/000_*.txt): each test cites the
passage and, where it can, parses the text itself (table headings, stage column, acronym list,
web-site list) rather than trusting the YAML.
"""

from __future__ import annotations

import re
from collections import Counter

from kb.db import Graph
from tests.helpers import norm, quote_starts_at, source_line, source_lines


def _lines() -> list[str]:
    return source_lines("000")


_text_lines = _lines
_norm = norm


def _quote_at(line: int, quote: str) -> bool:
    return quote_starts_at("000", line, quote)


EXTRACT = "000_fnors.yaml"
SRC = "src:000-fnors-2024-2028"
FNORS = "actor:fnors"
PLAN = "plan:fnors-projet-strategique-2024-2028"


LINES = _text_lines()
# The six tables run from the first "AXES EXTERNES" heading to the acronym list ("SIGLES").
TABLES_START = next(i for i, line in enumerate(LINES) if line.strip() == "AXES EXTERNES")
SIGLES = next(i for i, line in enumerate(LINES) if line.strip() == "SIGLES")


def _numbered(pattern: str) -> list[tuple[int, str]]:
    """(line from 1, number) of the table lines that match ``pattern`` (group 1 = the number)."""
    out = []
    for i in range(TABLES_START, SIGLES):
        m = re.match(pattern, LINES[i])
        if m:
            out.append((i + 1, m.group(1)))
    return out


# "1. Intensifier ...", " 2. Être ...", ... "19. Développer ..." (a number, a dot, a space).
STRATEGIC = _numbered(r"^\s*(\d{1,2})\. \S")
# "1.1 Recenser ...", "12.1 : Améliorer ...", "16.1. Définir ..." (number.number).
SUB = _numbered(r"^\s*(\d{1,2}\.\d)\.?\s*:?\s")


def _stage_in_text() -> dict[str, str]:
    """The stage column of each sub-action row (and of strategic action 13, which has none):
    the first line after the heading that starts with 1, 2, 3 or 1-2 followed by the means."""
    marks = sorted([(line, "S", n) for line, n in STRATEGIC] + [(line, "s", n) for line, n in SUB])
    stages = {}
    for k, (line, _kind, number) in enumerate(marks):
        nxt = marks[k + 1][0] if k + 1 < len(marks) else SIGLES + 1
        for j in range(line, nxt - 1):
            m = re.match(r"^\s*(1-2|[123])(\s+(Fnors|ORS)|\s*$)", LINES[j])
            if m:
                stages[number] = m.group(1)
                break
    return stages


def _sigles() -> dict[str, tuple[int, str]]:
    """The acronym list after "SIGLES": acronym -> (line, expansion)."""
    out = {}
    for i in range(SIGLES + 1, len(LINES)):
        m = re.match(r"^(\S+) : (.+)$", LINES[i].strip())
        if m:
            out[m.group(1)] = (i + 1, m.group(2).strip())
    return out


def _websites() -> list[str]:
    """The web addresses that close the document (after the acronym list)."""
    return [line.strip() for line in LINES[SIGLES:] if line.strip().startswith("http")]


def _count(graph: Graph, label: str) -> int:
    rows = graph.read(f"MATCH (n:{label}) WHERE n.extract = $x RETURN count(n) AS n", {"x": EXTRACT})
    return rows[0]["n"]


def _action(graph: Graph, number: str) -> dict:
    rows = graph.read("MATCH (a:Action {number: $n}) WHERE a.extract = $x RETURN a", {"n": number, "x": EXTRACT})
    assert len(rows) == 1, number
    return rows[0]["a"]


def _milestones(action: dict) -> dict[str, str]:
    return dict(m.split(": ", 1) for m in action.get("milestones", []))


# -- counts per label ---------------------------------------------------------------------------


def test_counts_per_label(seeded: Graph) -> None:
    """Where each number comes from:
    - Objective = 6 axes (l.68 "6 axes stratégiques") + 19 numbered strategic actions;
    - Action = 40 numbered sub-actions (1.1 ... 19.2) + strategic action 13, which has none;
    - Actor = Fnors + one ORS per distinct web site (l.2388-2421) + the organisations of the
      acronym list except the generic "ORS" entry and AMF (shared ref actor) + the ministry in
      charge of health (l.55) + the network of the ORS ("réseau des ORS", l.66; "réseau Fnors/ORS",
      l.83), the co-means of the "Fnors/ORS" rows;
    - Plan = this project + the first one adopted on 24 June 2015 (l.3);
    - Body = bureau, AG, CA, directors' meeting, communication and documentation groups, CAP
      working group, secretariat, network-animation function, pool of resources, external
      representation bodies (11); Mandate = the representation mandates (2.3);
    - Event = inter-ORS seminar (l.14) + July 2023 general assembly (l.9);
    - Resource = Épitomé, CAP approach, directory (annuaire), shared server (NAS)."""
    assert "6 axes stratégiques" in source_line("000", 68)
    with_sub = {n.split(".")[0] for _, n in SUB}
    without_sub = [n for _, n in STRATEGIC if n not in with_sub]
    assert without_sub == ["13"]
    sigles = _sigles()
    not_organisations = {"DAP", "Evrest", "MCP", "OSCARS"}
    # AMF and SFSP are named by other documents too: they live in ref_actors.yaml
    organisations = set(sigles) - not_organisations - {"ORS", "AMF", "SFSP"}
    ors = set(_websites())
    assert len(ors) == 17
    assert _count(seeded, "Objective") == 6 + len(STRATEGIC)
    assert _count(seeded, "Action") == len(SUB) + len(without_sub)
    assert "réseau Fnors/ORS" in source_line("000", 83)
    assert _count(seeded, "Actor") == 1 + len(ors) + len(organisations) + 1 + 1
    assert _count(seeded, "Plan") == 2
    assert _count(seeded, "Body") == 11
    assert _count(seeded, "Mandate") == 1
    assert _count(seeded, "Event") == 2
    assert _count(seeded, "Resource") == 4


# -- structure: axes, strategic actions, sub-actions --------------------------------------------


def test_six_axes_three_external_three_internal(seeded: Graph) -> None:
    """L.68-69: "6 axes stratégiques, 3 internes et 3 externes"; l.72-87 list them under
    "1. Externes au réseau" (A, B, C) and "2. Internes au réseau" (A, B, C)."""
    ext = next(i for i, line in enumerate(LINES) if line.strip() == "1. Externes au réseau")
    intern = next(i for i, line in enumerate(LINES) if line.strip() == "2. Internes au réseau")
    end = next(i for i, line in enumerate(LINES) if line.startswith("Développement opérationnel"))
    heads = {
        "external": [_norm(t)[3:] for t in LINES[ext:intern] if re.match(r"^[ABC]\. ", t)],
        "internal": [_norm(t)[3:] for t in LINES[intern:end] if re.match(r"^[ABC]\. ", t)],
    }
    assert len(heads["external"]) == len(heads["internal"]) == 3
    rows = seeded.read(
        "MATCH (o:Objective {kind: 'axis'})-[:IN_PLAN]->(:Plan {id: $p}) RETURN o.name AS name, o.description AS d",
        {"p": PLAN},
    )
    assert len(rows) == 6
    for side, names in heads.items():
        got = [r for r in rows if f"axis {side}" in r["d"]]
        # the axis names start as in the list (B's name runs over two lines in the list)
        assert sorted(_norm(r["name"])[:40] for r in got) == sorted(n[:40] for n in names)


def test_strategic_actions_under_their_axis(seeded: Graph) -> None:
    """The six tables open with "AXES EXTERNES"/"AXES INTERNES" and the axis letter
    (l.97-99, 587-589, 924-926, 1112-1114, 1340-1342, 1938-1940); the numbered strategic actions
    that follow belong to that axis."""
    heads = [
        (i + 1, LINES[i].strip(), LINES[i + 2].strip()[0])
        for i in range(TABLES_START, SIGLES)
        if re.match(r"^\s*AXES (EXTERNES|INTERNES)", LINES[i])
    ]
    assert len(heads) == 6
    expected = {}
    for line, number in STRATEGIC:
        side, letter = next((s, letter) for h, s, letter in reversed(heads) if h < line)
        expected[number] = ("Externe " if side == "AXES EXTERNES" else "Interne ") + letter
    rows = seeded.read(
        "MATCH (s:Objective {kind: 'strategic_action'})-[:PART_OF]->(a:Objective {kind: 'axis'}) "
        "WHERE s.extract = $x RETURN s.number AS n, a.number AS axis",
        {"x": EXTRACT},
    )
    assert {r["n"]: r["axis"] for r in rows} == expected
    assert [n for _, n in STRATEGIC] == [str(i) for i in range(1, 20)]


def test_sub_actions_under_their_strategic_action(seeded: Graph) -> None:
    """Each "n.m" heading of the tables is an Action UNDER strategic action n."""
    rows = seeded.read(
        "MATCH (a:Action)-[:UNDER]->(o:Objective {kind: 'strategic_action'}) "
        "WHERE a.extract = $x RETURN a.number AS a, o.number AS o",
        {"x": EXTRACT},
    )
    got = {r["a"]: r["o"] for r in rows}
    expected = {n: n.split(".")[0] for _, n in SUB}
    expected["13"] = "13"
    assert got == expected


def test_stage_column(seeded: Graph) -> None:
    """The stage column (legend l.114-120: 1 en cours à poursuivre, 2 à améliorer, 3 nouvelle
    action) parsed from the text matches every action's stage; "1-2" (18.1 and 18.2, l.2102 and
    l.2153) has no single value and is left unset."""
    text = _stage_in_text()
    assert len(text) == len(SUB) + 1
    rows = seeded.read("MATCH (a:Action) WHERE a.extract = $x RETURN a.number AS n, a.stage AS stage", {"x": EXTRACT})
    got = {r["n"]: r["stage"] for r in rows}
    assert got == {n: (None if s == "1-2" else s) for n, s in text.items()}
    # 10 ongoing, 5 to improve, 24 new, 2 "1-2" (counted in the text above, not in the YAML)
    assert Counter(text.values()) == {"1": 10, "2": 5, "3": 24, "1-2": 2}


# -- the ORS and the acronyms -------------------------------------------------------------------


def test_the_17_ors_from_their_web_sites(seeded: Graph) -> None:
    """L.2388-2421: 17 distinct ORS web sites, each listed twice. Each is an observatory PART_OF
    and MEMBER_OF the Fnors, BASED_IN a distinct French region; there is none for PACA. No line
    says each ORS is a member: l.50 speaks of "ses membres", l.83 of "Participation et
    représentation du plus grand nombre d'ORS au réseau Fnors/ORS", so MEMBER_OF is inferred, with
    a note, and cites l.83 (not only l.50, which is about the Fnors's mission)."""
    sites = _websites()
    assert len(sites) == 34 and len(set(sites)) == 17
    rows = seeded.read(
        "MATCH (o:Actor {kind: 'observatory'})-[:PART_OF]->(:Actor {id: $f}) WHERE o.extract = $x "
        "MATCH (o)-[:MEMBER_OF]->(:Actor {id: $f}) MATCH (o)-[:BASED_IN]->(r:Territory {kind: 'region'}) "
        "RETURN o.website AS site, r.code AS region",
        {"f": FNORS, "x": EXTRACT},
    )
    assert sorted(r["site"] for r in rows) == sorted(set(sites))
    regions = [r["region"] for r in rows]
    assert len(set(regions)) == 17 and "93" not in regions
    one = seeded.read("MATCH (o:Actor {id: 'actor:ors-normandie'})-[:BASED_IN]->(r) RETURN o.website AS w, r.code AS c")
    assert one == [{"w": "https://orscreainormandie.org/", "c": "28"}]
    assert "orscreainormandie" in source_line("000", 2397)
    assert "plus grand nombre d’ORS au réseau Fnors/ORS" in source_line("000", 83)
    assert "ses membres" in source_line("000", 50) and "ORS" not in source_line("000", 50)
    members = seeded.read(
        "MATCH (o:Actor {kind: 'observatory'})-[m:MEMBER_OF]->(:Actor {id: $f}) WHERE o.extract = $x "
        "RETURN m.status AS status, m.basis AS basis, m.note AS note, m.line AS line",
        {"f": FNORS, "x": EXTRACT},
    )
    assert len(members) == 17
    assert {(r["status"], r["basis"]) for r in members} == {("existing", "inferred")}
    assert all(r["note"] and "l.83" in r["note"] for r in members)
    assert {r["line"] for r in members} == {83}
    parts = seeded.read(
        "MATCH (o:Actor {kind: 'observatory'})-[p:PART_OF]->(:Actor {id: $f}) WHERE o.extract = $x "
        "RETURN p.basis AS basis, p.line AS line",
        {"f": FNORS, "x": EXTRACT},
    )
    assert len(parts) == 17 and {(r["basis"], r["line"]) for r in parts} == {("inferred", 83)}


def test_acronyms_of_organisations(seeded: Graph) -> None:
    """The acronym list (l.2355-2387): each organisation is an actor with that acronym (DEGESCO,
    written DGESCO in the body text l.984, keeps the list's spelling as an alias) cited at its
    SIGLES line."""
    sigles = _sigles()
    assert len(sigles) == 16
    for acronym in ("ADF", "AMF", "Anact", "ARF", "DEGESCO", "EUPHA", "FHF", "GD4H", "HDH", "OFDT", "SFSP"):
        line, expansion = sigles[acronym]
        rows = seeded.read(
            "MATCH (a:Actor)-[c:CITED_IN {line: $l}]->(:Source {id: $s}) "
            "WHERE a.acronym = $a OR $a IN a.aliases RETURN a.name AS name",
            {"l": line, "s": SRC, "a": acronym},
        )
        assert len(rows) == 1, acronym
        assert _norm(rows[0]["name"]).lower().replace("la ", "") in _norm(expansion).lower().replace("la ", ""), acronym


# -- spot checks --------------------------------------------------------------------------------


def test_plan_period_and_issuer(seeded: Graph) -> None:
    """L.112: programming columns "2024 2026 2028"; l.3: the first project adopted by the Fnors
    general assembly on 24 June 2015, which this one succeeds (l.5 "le projet qui lui succède")."""
    assert source_line("000", 112).strip() == "2024 2026 2028"
    assert "24 juin 2015" in source_line("000", 3)
    rows = seeded.read(
        "MATCH (f:Actor)-[:ISSUES]->(p:Plan {id: $p}) "
        "MATCH (p)-[:ARTICULATES_WITH]->(old:Plan) RETURN f.id AS f, p.period AS period, old.id AS old",
        {"p": PLAN},
    )
    assert rows == [{"f": FNORS, "period": "2024-2028", "old": "plan:fnors-projet-strategique-2015"}]


def test_bureau_mandate_cap(seeded: Graph) -> None:
    """L.317-325 (sub-action 2.3): "Assurer la répartition au sein des membres du bureau (1 membre
    = 2 mandats au plus) et avec la personne en charge de l'animation du réseau Fnors"."""
    assert "(1 membre" in source_line("000", 320) and "2 mandats au" in source_line("000", 321)
    rows = seeded.read(
        "MATCH (b:Body {kind: 'bureau'})-[:PART_OF]->(:Actor {id: $f}) "
        "MATCH (b)-[h:HOLDS]->(m:Mandate)-[:FOR]->(:Body) RETURN h.note AS note, m.composition AS c",
        {"f": FNORS},
    )
    assert len(rows) == 1
    assert "2 mandats au plus" in rows[0]["note"] and "2 mandats au plus" in rows[0]["c"]
    holders = seeded.read("MATCH (h)-[:HOLDS]->(:Mandate {id: 'mandate:fnors-representation'}) RETURN h.id AS id")
    assert {r["id"] for r in holders} == {"body:fnors-bureau", "body:fnors-animation-reseau"}
    assert _milestones(_action(seeded, "2.3"))["2024"].startswith("Assurer la répartition")


def test_hdh_membership_objective(seeded: Graph) -> None:
    """L.459-467: 3.2 "Poursuivre/ renforcer les relations avec le HDH", stage 2, 2024 objective
    "Devenir membre du HDH"; the HDH is a partner of the Fnors."""
    assert source_line("000", 467).startswith("2 Fnors - Devenir membre")
    a = _action(seeded, "3.2")
    assert a["stage"] == "2" and _milestones(a)["2024"].startswith("Devenir membre du HDH")
    rows = seeded.read(
        "MATCH (:Actor {acronym: 'HDH'})-[p:PARTNER_OF]->(:Actor {id: $f}) "
        "RETURN p.line AS l, p.status AS status, p.basis AS basis",
        {"f": FNORS},
    )
    # "Poursuivre/ renforcer": the relation exists (l.459)
    assert rows == [{"l": 459, "status": "existing", "basis": "stated"}]


def test_new_national_partners_of_action_6(seeded: Graph) -> None:
    """L.976-1006: strategic action 6 "Développer de nouveaux partenariats nationaux : FHF,
    Éducation nationale (DGESCO), ... (Anact), ... (AMF, ADF, ARF)": partnerships to develop, so
    status intended; likewise GD4H (3.3 "Développer des partenariats", l.498)."""
    block = _norm(" ".join(LINES[975:1006]))
    named = [a for a in ("FHF", "DGESCO", "Anact", "AMF", "ADF", "ARF") if a in block]
    assert len(named) == 6
    rows = seeded.read(
        "MATCH (a:Actor)-[p:PARTNER_OF]->(:Actor {id: $f}) WHERE p.line >= 976 AND p.line <= 1002 "
        "RETURN a.acronym AS a, p.status AS status",
        {"f": FNORS},
    )
    assert sorted(r["a"] for r in rows) == sorted(named)
    assert {r["status"] for r in rows} == {"intended"}
    # l.498-500: the PDF text splits the heading over lines: "3.3 Développer des" / "" / "partenariats avec"
    assert source_line("000", 498).strip() == "3.3 Développer des"
    assert _quote_at(498, "3.3 Développer des partenariats avec des acteurs couvrant de nouveaux champs")
    gd4h = seeded.read(
        "MATCH (:Actor {id: 'actor:gd4h'})-[p:PARTNER_OF]->(:Actor {id: $f}) RETURN p.status AS s, p.line AS l",
        {"f": FNORS},
    )
    assert gd4h == [{"s": "intended", "l": 498}]


def test_press_and_milestones_of_4_5(seeded: Graph) -> None:
    """L.792-814: 4.5 stage 3, Fnors/ORS; 2024 "Produire 2 pages ou 4 pages de chiffres-clés",
    2026 "Évaluer l'action à N+2", 2028 "Évaluer l'action à N+4"."""
    assert "N+2" in source_line("000", 811) and "N+4" in source_line("000", 814)
    m = _milestones(_action(seeded, "4.5"))
    assert "chiffres-clés" in m["2024"] and m["2026"].endswith("N+2") and m["2028"].endswith("N+4")


def test_calls_for_tenders_targets(seeded: Graph) -> None:
    """L.2057-2074: 17.3 "répondre à au moins 1 appel d'offre inter ORS / an" in 2024, then
    "Répondre à au moins deux AO/ MP/AAP" in 2026 and 2028."""
    target = _norm("au moins 1 appel d’offre inter ORS / an")
    assert target in _norm(" ".join(LINES[2056:2061]))
    m = _milestones(_action(seeded, "17.3"))
    assert target in _norm(m["2024"])
    assert m["2026"].startswith("Répondre à au moins deux AO") and m["2028"].startswith("Répondre à au moins deux AO")


def test_bureau_provides_means_for_international_contacts_eupha_a_congress(seeded: Graph) -> None:
    """L.1084-1097: 7.2 "Repérer et rencontrer des interlocuteurs/partenaires internationaux",
    stage 3 (new action), means "Fnors (bureau)" (PROVIDES_MEANS, planned); "Participer au congrès
    EUPHA" (l.1096): a congress to attend, so EUPHA is an intended contact (inferred, with a note),
    not an existing partner; l.1092 "via la SFSP" (a planned contribution)."""
    assert source_line("000", 1090).strip() == "(bureau)"
    # l.1096-1097: "- Participer au congrès" / "EUPHA"
    assert source_line("000", 1096).strip() == "- Participer au congrès"
    assert source_line("000", 1097).strip() == "EUPHA"
    assert _quote_at(1096, "- Participer au congrès EUPHA")
    rows = seeded.read(
        "MATCH (b:Body {id: 'body:fnors-bureau'})-[m:PROVIDES_MEANS]->(a:Action {number: '7.2'}) "
        "MATCH (e:Actor {acronym: 'EUPHA'})-[p:PARTNER_OF]->(:Actor {id: $f}) "
        "MATCH (s:Actor {acronym: 'SFSP'})-[c:CONTRIBUTES_TO]->(a) "
        "RETURN m.status AS m, p.status AS p, p.basis AS pb, p.note AS note, c.line AS l, c.status AS c",
        {"f": FNORS},
    )
    assert len(rows) == 1
    r = rows[0]
    assert (r["m"], r["p"], r["pb"], r["l"], r["c"]) == ("planned", "intended", "inferred", 1092, "planned")
    assert "congrès EUPHA" in r["note"]


def test_communication_group_means(seeded: Graph) -> None:
    """The means column names the communication group ("groupe communica-tion", "Groupe com")
    for some rows: the group PROVIDES_MEANS to each such row's action (the "Moyens" column says
    who provides the means, not who leads: issue 11)."""
    stages = _stage_in_text()
    marks = sorted([(line, n) for line, n in SUB] + [(line, n) for line, n in STRATEGIC if n == "13"])
    expected = set()
    for k, (line, number) in enumerate(marks):
        if number not in stages:
            continue
        nxt = next((ln for ln, _ in marks[k + 1 :]), SIGLES + 1)
        # the row's cells, from its heading to the next heading
        cell = _norm(" ".join(LINES[line - 1 : nxt - 1]))
        if re.search(r"groupe com", cell, re.I):
            expected.add(number)
    rows = seeded.read(
        "MATCH (:Body {id: 'body:fnors-groupe-communication'})-[:PROVIDES_MEANS]->(a:Action) RETURN a.number AS n"
    )
    assert {r["n"] for r in rows} == expected
    assert len(expected) == 8


def test_spf_and_ofdt_examples(seeded: Graph) -> None:
    """L.2102-2105 "1-2 (Exemple SPF)" (18.1) and l.2153-2156 "1-2 (Exemple OFDT)" (18.2): only
    examples in the stage column, so status example."""
    assert "Exemple" in source_line("000", 2104) and "SPF)" in source_line("000", 2105)
    rows = seeded.read(
        "MATCH (a:Actor)-[p:PARTNER_OF]->(:Actor {id: $f}) WHERE a.id IN "
        "['actor:sante-publique-france', 'actor:ofdt'] RETURN a.id AS a, p.line AS l, p.status AS s",
        {"f": FNORS},
    )
    assert {r["a"]: (r["l"], r["s"]) for r in rows} == {
        "actor:sante-publique-france": (2102, "example"),
        "actor:ofdt": (2153, "example"),
    }
    assert _action(seeded, "18.1").get("stage") is None


# -- means column, statuses, dates ---------------------------------------------------------------


def _means_cells() -> dict[str, tuple[int, str]]:
    """The "Moyens" cell of each row: the stage mark (1, 2, 3) then the means (l.105-120 legend
    "Moyens et programmation"), or, for 18.1/18.2 whose stage is "1-2 (Exemple ...)", the line
    starting "Fnors/ORS"; the cell runs over the next lines up to the first " - " milestone."""
    marks = sorted([(line, n) for line, n in SUB] + [(line, n) for line, n in STRATEGIC if n == "13"])
    out = {}
    for k, (line, number) in enumerate(marks):
        nxt = next((ln for ln, _ in marks[k + 1 :]), SIGLES + 1)
        example = False  # 18.1/18.2: "1-2 (Exemple ...)", then the means on a line of their own
        for j in range(line - 1, nxt - 1):
            example = example or "(Exemple" in LINES[j]
            m = re.match(r"^\s*(?:(?:1-2|[123])\s+((?:Fnors|ORS)\b.*)|(Fnors/ORS\b.*))$", LINES[j])
            if m and (m.group(1) or example):
                joined = " ".join([m.group(1) or m.group(2), *LINES[j + 1 : j + 6]])
                out[number] = (j + 1, re.split(r"\s-(?:\s|$)", joined)[0])
                break
    return out


def test_moyens_column_is_means_not_leadership(seeded: Graph) -> None:
    """Issue 11: the "Moyens" column (l.110) says who provides the means. Every row (41) has a means
    cell naming the Fnors, so the Fnors PROVIDES_MEANS to all 41 actions and LEADS none; where the
    cell names the ORS or the network ("Fnors/ORS", "ORS/Fnors", "+ ORS", "Fnors/réseau"), the ORS
    network is co-means (30 rows, e.g. l.237 "3 Fnors/ORS", l.827-831 "Fnors (Groupe com-
    munication) + ORS", l.1245 "Fnors/réseau")."""
    cells = _means_cells()
    assert len(cells) == 41 and all("Fnors" in c for _, c in cells.values())
    with_ors = {n for n, (_, c) in cells.items() if re.search(r"ORS|réseau", c.replace("Fnors", ""))}
    assert len(with_ors) == 30
    assert seeded.read("MATCH ()-[l:LEADS]->(a:Action) WHERE a.extract = $x RETURN count(l) AS n", {"x": EXTRACT}) == [
        {"n": 0}
    ]
    fnors = seeded.read(
        "MATCH (:Actor {id: $f})-[m:PROVIDES_MEANS]->(a:Action) RETURN a.number AS n, m.line AS line",
        {"f": FNORS},
    )
    assert {r["n"] for r in fnors} == set(cells)
    assert {r["n"]: r["line"] for r in fnors} == {n: line for n, (line, _) in cells.items()}
    network = seeded.read("MATCH (:Actor {id: 'actor:reseau-ors'})-[m:PROVIDES_MEANS]->(a:Action) RETURN a.number AS n")
    assert {r["n"] for r in network} == with_ors


def test_links_to_new_actions_are_planned(seeded: Graph) -> None:
    """The stage legend (l.114-120): "1 : en cours à poursuivre", "2 : à améliorer", "3 : nouvelle
    action". Means and contributions for a stage-3 action are planned; for stages 1 and 2 (ongoing)
    they exist. E.g. 2.3 (stage 3, l.317) the bureau's mandates are planned; 1.1 (stage 1, l.162)
    the Fnors's means exist."""
    assert LINES[113].startswith("1 : en cours") and LINES[118].startswith("3 : nouvelle")
    stages = _stage_in_text()
    rows = seeded.read(
        "MATCH (x)-[r:PROVIDES_MEANS|CONTRIBUTES_TO]->(a:Action) WHERE a.extract = $x "
        "RETURN a.number AS n, type(r) AS t, r.status AS s",
        {"x": EXTRACT},
    )
    assert len(rows) > 41
    for r in rows:
        assert r["s"] == ("planned" if stages[r["n"]] == "3" else "existing"), r
    holds = seeded.read("MATCH ()-[h:HOLDS]->(:Mandate {id: 'mandate:fnors-representation'}) RETURN h.status AS s")
    assert [r["s"] for r in holds] == ["planned", "planned"]


def test_plan_dates(seeded: Graph) -> None:
    """L.3: the first project adopted "le 24 juin 2015"; l.112 "2024 2026 2028": this project runs
    2024-2028 (start and end typed, the wording kept in period)."""
    assert "le 24 juin 2015" in source_line("000", 3)
    rows = seeded.read(
        "MATCH (p:Plan) WHERE p.id IN [$p, 'plan:fnors-projet-strategique-2015'] "
        "RETURN p.id AS id, p.start AS start, p.end AS end, p.adopted AS adopted",
        {"p": PLAN},
    )
    got = {r["id"]: (r["start"], r["end"], r["adopted"]) for r in rows}
    assert got == {PLAN: ("2024", "2028", None), "plan:fnors-projet-strategique-2015": (None, None, "2015-06-24")}


def test_fnors_based_in_france_is_inferred(seeded: Graph) -> None:
    """No line says where the Fnors is; l.54 "représentation de ses membres auprès des partenaires
    nationaux" makes it a national federation: BASED_IN France is inferred, with a note."""
    rows = seeded.read(
        "MATCH (:Actor {id: $f})-[b:BASED_IN]->(:Territory {id: 'terr:fr'}) RETURN b.basis AS basis, b.note AS note",
        {"f": FNORS},
    )
    assert len(rows) == 1 and rows[0]["basis"] == "inferred" and "l.54" in rows[0]["note"]


# -- evidence -----------------------------------------------------------------------------------
