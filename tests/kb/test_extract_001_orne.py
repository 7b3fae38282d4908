"""Extract 001 (ARS Normandie / CTS de l'Orne, feuille de route départementale 2024-2025 du PRS
Normandie 2023-2028) against the document.

Expected values are read from the source text (001_ec0f38818a6bbfe9.txt) with the line numbers
and quotes given in each test, then compared with the graph built from seed/001_orne.yaml.

How the text is laid out (a PDF flattened to lines):
- the 12 PRS axes are listed without their numbers (l.94-143; the numbers follow at l.145-166);
  each axis also has a title page ending "Action / prioritaire / #N" (the first at l.187).
- each table ("Actions Financement Indicateur Commentaires") is printed BEFORE the title block of
  its page: "Engagements du CTS / Chantier : <title> / Action prioritaire #N".
- the axis #5 page (l.1169-1193) has a table but no "Chantier :" heading.
"""

from __future__ import annotations

import re
from datetime import date

from kb.db import Graph
from tests.conftest import norm, quote_starts_at, source_line, source_lines


def _lines() -> list[str]:
    return source_lines("001")


_text_lines = _lines
_norm = norm


def _quote_at(line: int, quote: str) -> bool:
    return quote_starts_at("001", line, quote)


PREFIX = "001"
EXTRACT = "001_orne.yaml"
SOURCE_ID = "src:001-ars-normandie-orne-2024-2025"
PRS = "plan:prs-normandie-2023-2028"
ROADMAP = "plan:orne-fdr-2024-2025"
TABLE_HEADER = "Actions Financement Indicateur Commentaires"


def _key(text: str) -> str:
    """For comparing titles: normalised, lower case, no final punctuation."""
    return _norm(text).lower().rstrip(" .;")


def _count(graph: Graph, label: str, **where: str) -> int:
    cond = "".join(f" AND n.{k} = ${k}" for k in where)
    rows = graph.read(f"MATCH (n:{label}) WHERE n.extract = $x{cond} RETURN count(n) AS n", {"x": EXTRACT, **where})
    return rows[0]["n"]


def _node(graph: Graph, node_id: str) -> dict:
    rows = graph.read("MATCH (n:Entity {id: $id}) RETURN properties(n) AS p", {"id": node_id})
    assert rows, f"{node_id} missing"
    return rows[0]["p"]


def _targets(graph: Graph, node_id: str, rel: str) -> set[str]:
    rows = graph.read(f"MATCH (:Entity {{id: $id}})-[:{rel}]->(m:Entity) RETURN m.id AS id", {"id": node_id})
    return {r["id"] for r in rows}


def _sources(graph: Graph, node_id: str, rel: str) -> set[str]:
    rows = graph.read(f"MATCH (m:Entity)-[:{rel}]->(:Entity {{id: $id}}) RETURN m.id AS id", {"id": node_id})
    return {r["id"] for r in rows}


# -- reading the document's structure ----------------------------------------------------------


def _chantiers() -> list[tuple[int, str]]:
    """(line, title) of every "Chantier :" heading; the title runs until the "Action" line."""
    lines = _lines()
    out = []
    for i, line in enumerate(lines):
        if line.strip() == "Chantier :":
            title = []
            for nxt in lines[i + 1 :]:
                if nxt.strip() == "Action":
                    break
                title.append(nxt)
            out.append((i + 1, _norm(" ".join(title))))
    return out


def _page_block_after(line: int) -> tuple[int, str | None, int]:
    """For a table line: the line of the next "Engagements du CTS" title block, the chantier title
    it names (None when the block has no "Chantier :" heading) and the axis number (#N) it ends with."""
    lines = _lines()
    i = line - 1
    while lines[i].strip() != "Engagements du CTS":
        i += 1
    block_line = i + 1
    title = None
    j = i + 1
    while not re.fullmatch(r"#\d+", lines[j].strip()):
        if lines[j].strip() == "Chantier :":
            title = dict(_chantiers())[j + 1]
        j += 1
    return block_line, title, int(lines[j].strip()[1:])


def _tables() -> list[int]:
    """Lines of the table headers."""
    return [i + 1 for i, line in enumerate(_lines()) if line.strip() == TABLE_HEADER]


# -- counts per label ---------------------------------------------------------------------------


def test_twelve_axes_matched_to_their_action_prioritaire_pages(seeded: Graph) -> None:
    """l.168 "RAPPEL DES 12 AXES PRIORITAIRES"; one title page per axis, ending "#N" (l.190 "#1",
    l.498 "#2" ... l.1851 "#12"). The title stands just before "Action prioritaire #N" (just after
    it for #1, l.192); each axis node's name must be read around the first "#N" of its number."""
    lines = _lines()
    numbers = sorted({int(x.strip()[1:]) for x in lines if re.fullmatch(r"#\d+", x.strip())})
    assert numbers == list(range(1, 13))
    assert "12 AXES PRIORITAIRES" in source_line(PREFIX, 168)
    rows = seeded.read(
        "MATCH (o:Objective {kind: 'axis'})-[:IN_PLAN]->(:Plan {id: $prs}) WHERE o.extract = $x "
        "RETURN o.number AS number, o.name AS name",
        {"prs": PRS, "x": EXTRACT},
    )
    assert sorted(int(r["number"]) for r in rows) == numbers
    for r in rows:
        first = next(i for i, x in enumerate(lines) if x.strip() == f"#{r['number']}")
        window = _key(" ".join(lines[first - 14 : first + 4]))
        assert _key(r["name"]) in window, (r["number"], r["name"])
    # the unnumbered list of l.94-143 gives the same 12 titles (it differs in small details,
    # e.g. "prises en charge" l.126, so only the opening words are compared)
    listing = _key(" ".join(lines[93:143]))
    for r in rows:
        assert " ".join(_key(r["name"]).split()[:4]) in listing, r["name"]


def test_one_workstream_per_chantier_title_plus_the_untitled_axis5_page(seeded: Graph) -> None:
    """32 "Chantier :" headings (l.267 ... l.1961) but only 31 titles: "Garantir l'accès aux soins
    et aux dépistages en proximité et penser les mobilités nécessaires" heads two pages (l.565 and
    l.646). The axis #5 page (l.1188 "Engagements du CTS", l.1190-1193 "Action prioritaire #5") has
    no heading: one untitled workstream. Each workstream is part of the axis whose "#N" closes its
    title block, and belongs to the Orne roadmap."""
    chantiers = _chantiers()
    assert len(chantiers) == 32
    titles = list(dict.fromkeys(t for _, t in chantiers))
    assert len(titles) == 31
    untitled = [b for b in {_page_block_after(t)[0]: _page_block_after(t) for t in _tables()}.values() if b[1] is None]
    assert [(b[0], b[2]) for b in untitled] == [(1188, 5)]
    rows = seeded.read(
        "MATCH (w:Objective {kind: 'workstream'})-[:IN_PLAN]->(:Plan {id: $plan}) WHERE w.extract = $x "
        "MATCH (w)-[:PART_OF]->(a:Objective {kind: 'axis'}) RETURN w.id AS id, w.name AS name, a.number AS axis",
        {"plan": ROADMAP, "x": EXTRACT},
    )
    assert len(rows) == len(titles) + len(untitled) == 32
    assert _count(seeded, "Objective", kind="workstream") == 32
    by_name = {_key(r["name"]): r for r in rows}
    for line, title in chantiers:
        row = by_name.get(_key(title))
        assert row is not None, title
        axis = next(int(x.strip()[1:]) for x in _lines()[line:] if re.fullmatch(r"#\d+", x.strip()))
        assert int(row["axis"]) == axis, title


def test_every_action_sits_under_the_chantier_printed_after_its_table(seeded: Graph) -> None:
    """An action's row (its first cited line) lies in a table (after a "Actions Financement
    Indicateur Commentaires" header, l.203 ... l.1914); the next "Engagements du CTS" block names its
    workstream ("Chantier :" title) and its axis ("#N"). Checked for every action, so the reading
    of the interleaved layout is checked against the text, row by row."""
    tables = _tables()
    rows = seeded.read(
        "MATCH (a:Action)-[:UNDER]->(w:Objective)-[:PART_OF]->(ax:Objective) WHERE a.extract = $x "
        "MATCH (a)-[c:CITED_IN]->(:Source {id: $src}) "
        "RETURN a.id AS id, w.id AS ws, w.name AS ws_name, ax.number AS axis, min(c.line) AS line",
        {"x": EXTRACT, "src": SOURCE_ID},
    )
    assert len(rows) == _count(seeded, "Action")
    for r in rows:
        header = max(t for t in tables if t < r["line"])
        block, title, axis = _page_block_after(r["line"])
        assert header < r["line"] < block, r["id"]
        assert int(r["axis"]) == axis, r["id"]
        if title is None:
            assert r["ws"] == "obj:orne-ws-17", r["id"]
        else:
            assert _key(r["ws_name"]) == _key(title), r["id"]


def test_action_rows_count(seeded: Graph) -> None:
    """33 tables (one per page: 32 "Chantier :" pages + the axis #5 page) hold the action rows; every
    table has at least one action. Rows counted in the tables (first column cells; narrow wrapped
    cells after the indicator read as comments; the row repeated at l.1893 counted once): 111."""
    tables = _tables()
    assert len(tables) == 33
    rows = seeded.read(
        "MATCH (a:Action)-[c:CITED_IN]->(:Source {id: $src}) WHERE a.extract = $x "
        "RETURN a.id AS id, min(c.line) AS line",
        {"x": EXTRACT, "src": SOURCE_ID},
    )
    lines_of_actions = sorted(r["line"] for r in rows)
    assert len(set(lines_of_actions)) == len(lines_of_actions)  # one row, one action
    for t in tables:
        block = _page_block_after(t)[0]
        assert any(t < x < block for x in lines_of_actions), f"table at l.{t} has no action"
    assert len(rows) == 111
    assert len(rows) >= 90  # the brief's floor: "about 90" rows


def test_counts_of_the_other_labels(seeded: Graph) -> None:
    """Plans: the PRS (l.2, l.37), the Orne roadmap (l.90), the plan against agricultural distress
    (l.867) and the ARS's three regional roadmaps named in the transversal priorities (l.1949/2034,
    l.2012, l.2024) -> 6. Objectives: 12 axes + 32 workstreams -> 44.
    Mechanisms: CLS Flers Agglo and CLS Collines du Perche (l.1864-1865), the 3 CPTS, the DAC
    (l.1617), the PTSM (l.806), SAS 61 (l.711), 2 PCO (0-6 and 7-12, l.910-912), 2 CLVSS
    (L'Aigle-Mortagne, Flers: l.1444), the departmental maison sport santé (l.1265), the CRT of the
    bocage ornais (l.218), the conférence des financeurs (l.253), the Communauté 360 (l.1002) -> 16.
    Territories: 9 communes (Alençon, Argentan, Mortagne-au-Perche l.56; L'Aigle, Flers, Sées l.72;
    Damigny l.837; Vimoutiers l.1244; La Ferté-Macé l.1884), 5 EPCI (Flers Agglo l.1864, Collines du
    Perche l.1865, Terres d'Argentan l.1293, Pays de L'Aigle and Hauts du Perche l.1483), the bocage
    ornais (l.218) and the perimeters of the 3 CPTS -> 18.
    Bodies: PTSM coordinator (l.807), CODAMUPS-TS (l.729), CDSEI and the comité exécutif (l.998), GT
    CNR engagement 3 (l.588), GT CNR attractivité (l.1706), GT at Damigny (l.836), the ARS's two
    committees (l.2011, l.2033) -> 9. Events: the CNR workshops (l.55-56) and the June 2023 step
    (l.70-72) -> 2. Resources: DAC guide (l.1616), DAC platform (l.663), Allo ortho (l.578) -> 3.
    Actors: 40, listed in the YAML with one citation each (CPTS checked separately below)."""
    assert _count(seeded, "Plan") == 6
    assert _count(seeded, "Objective") == 12 + 32
    assert _count(seeded, "Mechanism") == 16
    assert _count(seeded, "Territory") == 18
    assert _count(seeded, "Territory", kind="commune") == 9
    assert _count(seeded, "Territory", kind="epci") == 5
    assert _count(seeded, "Body") == 9
    assert _count(seeded, "Event") == 2
    assert _count(seeded, "Resource") == 3
    assert _count(seeded, "Actor") == 40


def test_each_cpts_named_is_an_actor_carrying_a_cpts_mechanism(seeded: Graph) -> None:
    """ "CPTS Orne centre Saosnois" (l.287, also "CPTS Orne centre" l.582, "CPTS OCS" l.1238),
    "CPTS Orne Ouest" (l.593), "CPTS Orne Nord Sarthe" (l.838)."""
    text = _norm(" ".join(_lines()))
    found = {
        m.group(1).lower()
        for m in re.finditer(r"CPTS (Orne (?:centre saosnois|ouest|nord sarthe))", text, re.IGNORECASE)
    }
    assert found == {"orne centre saosnois", "orne ouest", "orne nord sarthe"}
    rows = seeded.read(
        "MATCH (a:Actor {kind: 'professional_community'})-[:CARRIES]->(m:Mechanism)-[:OF_TYPE]->"
        "(:MechanismType {id: 'mtype:CPTS'}) WHERE a.extract = $x RETURN a.name AS actor, m.name AS mech",
        {"x": EXTRACT},
    )
    assert {("cpts " + f) for f in found} == {r["actor"].lower() for r in rows} == {r["mech"].lower() for r in rows}
    # "Orne Nord Sarthe": its perimeter reaches the Sarthe
    assert _targets(seeded, "terr:cpts-orne-nord-sarthe", "PART_OF") == {"terr:fr-dep-61", "terr:fr-dep-72"}


# -- spot checks --------------------------------------------------------------------------------


def test_medicobus_funded_by_the_fir_with_200000_euros_of_running_costs(seeded: Graph) -> None:
    """l.614 "Doter le département d'un médico-bus", l.615 "FIR", l.617-618 "200 000 euros de budget
    de fonctionnement"; the FIR is the ARS's (l.2050 "l'ARS Normandie mobilise ... son Fonds
    d'intervention régional (FIR)")."""
    assert "médico-bus" in source_line(PREFIX, 614) and source_line(PREFIX, 615).strip() == "FIR"
    amount = int(re.match(r"([\d ]+) euros de budget de", source_line(PREFIX, 617)).group(1).replace(" ", ""))
    assert amount == 200000 and "fonctionnement" in source_line(PREFIX, 618)
    a = _node(seeded, "action:orne-ws06-a11")
    assert a["funding_schemes"] == ["FIR"] and a["amount_eur"] == amount
    assert "fonctionnement" in a["funding_notes"][0]
    rows = seeded.read(
        "MATCH (:Actor {id: 'actor:ars-normandie'})-[f:FUNDS]->(:Action {id: $a}) "
        "RETURN f.amount_eur AS amount, f.scheme AS scheme",
        {"a": "action:orne-ws06-a11"},
    )
    assert rows == [{"amount": amount, "scheme": "FIR"}]
    assert "l’ARS Normandie mobilise" in source_line(PREFIX, 2050) and "(FIR)" in source_line(PREFIX, 2051)


def test_cls_flers_agglo_signed_and_cls_collines_du_perche_planned(seeded: Graph) -> None:
    """l.1864 "Avec CLS Flers agglo (signé le 22/11/23) et", l.1865 "futur CLS Collines du Perche"."""
    d, m, y = re.search(r"signé le (\d\d)/(\d\d)/(\d\d)", source_line(PREFIX, 1864)).groups()
    signed = date(2000 + int(y), int(m), int(d)).isoformat()
    flers = _node(seeded, "mech:cls-flers-agglo")
    assert (flers["status"], flers["signed"]) == ("signed", signed) == ("signed", "2023-11-22")
    assert _targets(seeded, "mech:cls-flers-agglo", "COVERS") == {"terr:fr-epci-flers-agglo"}
    assert _targets(seeded, "mech:cls-flers-agglo", "OF_TYPE") == {"mtype:CLS"}
    assert source_line(PREFIX, 1865).startswith("futur CLS Collines du Perche")
    assert _node(seeded, "mech:cls-collines-du-perche")["status"] == "planned"
    assert _targets(seeded, "mech:cls-collines-du-perche", "COVERS") == {"terr:fr-epci-collines-du-perche-normand"}
    # the urban-health action relies on both (l.1857-1865)
    assert _targets(seeded, "action:orne-ws31-a01", "RELIES_ON") == {
        "mech:cls-flers-agglo",
        "mech:cls-collines-du-perche",
    }


def test_pasa_and_crt_amounts_are_per_unit(seeded: Graph) -> None:
    """l.209 "65 000 euros par PASA"; l.215 "400 000 euros par CRT"; l.218 "1 CRT sur bocage ornais
    en 2024"."""
    for line, action, unit in ((209, "action:orne-ws01-a01", "PASA"), (215, "action:orne-ws01-a02", "CRT")):
        amount = int(re.match(rf"([\d ]+) euros par {unit}", source_line(PREFIX, line)).group(1).replace(" ", ""))
        a = _node(seeded, action)
        assert a["unit_amounts_eur"] == [amount] and a["funding_units"] == [f"per_unit:{unit}"]
        assert "amount_eur" not in a  # a per-unit amount is never stored as a total
    crt = _node(seeded, "mech:crt-bocage-ornais")
    assert crt["status"] == "planned" and crt["start"] == "2024"
    assert _targets(seeded, "mech:crt-bocage-ornais", "COVERS") == {"terr:bocage-ornais"}
    assert "terr:fr-dep-61" in _targets(seeded, "terr:bocage-ornais", "PART_OF")


def test_prs_published_on_31_october_2023_for_2023_2028(seeded: Graph) -> None:
    """l.1 "projet régional de santé publié le 31 octobre 2023"; l.37 "Projet régional de santé Normandie 2023-2028"."""
    assert quote_starts_at(PREFIX, 1, "les 12 axes prioritaires du projet régional de santé publié le 31 octobre 2023")
    assert quote_starts_at(PREFIX, 37, "dans le cadre du Projet régional de santé Normandie 2023-2028")
    prs = _node(seeded, "plan:prs-normandie-2023-2028")
    assert (prs["published"], prs["start"], prs["end"]) == ("2023-10-31", "2023", "2028")


def test_replacement_pool_carried_by_cpts_orne_ouest_with_cnr_funding(seeded: Graph) -> None:
    """l.1746-1747 "CNR Santé / 100 000 €", l.1749-1750 "Création d'un pool de remplacement de PS
    Orne Portage CPTS Orne Ouest"."""
    assert source_line(PREFIX, 1746).strip() == "CNR Santé" and source_line(PREFIX, 1747).strip() == "100 000 €"
    assert "Portage CPTS Orne Ouest" in source_line(PREFIX, 1750)
    a = _node(seeded, "action:orne-ws29-a02")
    assert a["amount_eur"] == 100000 and a["funding_schemes"] == ["CNR Santé"]
    assert any("pool de remplacement" in i for i in a["indicators"])
    assert _sources(seeded, "action:orne-ws29-a02", "LEADS") == {"actor:cpts-orne-ouest"}


def test_agricultural_distress_plan_piloted_by_ddt_and_msa(seeded: Graph) -> None:
    """l.874 "Pilotage assuré par la DDT et la", l.875 "MSA avec des COTECH et COPIL"."""
    assert "DDT" in source_line(PREFIX, 874) and source_line(PREFIX, 875).startswith("MSA")
    assert _sources(seeded, "action:orne-ws12-a02", "LEADS") == {"actor:ddt-orne", "actor:msa"}
    assert _sources(seeded, "plan:plan-mal-etre-agricole-orne", "PILOTS") == {"actor:ddt-orne", "actor:msa"}


def test_cts_coordinates_the_roadmap_which_declines_the_prs_in_the_orne(seeded: Graph) -> None:
    """l.2059 "Le Conseil territorial de santé de l'Orne est chargé de l'animation et du suivi
    opérationnel de cette feuille de route"; l.86 the ARS teams drew it up with the CTS; l.90 a
    departmental roadmap for the Orne, 2024/2025; l.8 it declines the PRS 2023-2028."""
    assert "chargé de l’animation et du suivi opérationnel" in source_line(PREFIX, 2059)
    assert _sources(seeded, ROADMAP, "COORDINATES") == {"actor:cts-orne"}
    assert _sources(seeded, ROADMAP, "ISSUES") == {"actor:ars-normandie", "actor:cts-orne"}
    assert _targets(seeded, ROADMAP, "PART_OF") == {PRS}
    assert _targets(seeded, ROADMAP, "COVERS") == {"terr:fr-dep-61"}
    assert _node(seeded, ROADMAP)["period"] == "2024-2025" and "2024/2025" in source_line(PREFIX, 91)
    assert _node(seeded, PRS)["kind"] == "regional_health_project"
    assert _sources(seeded, PRS, "ISSUES") == {"actor:ars-normandie"}
    # the delegation of the Orne (l.1871 "DD61") is part of the ARS
    assert _targets(seeded, "actor:ars-normandie-dd61", "PART_OF") == {"actor:ars-normandie"}
    assert _node(seeded, "actor:ars-normandie-dd61")["kind"] == "agency_delegation"


def test_signatories(seeded: Graph) -> None:
    """l.40-41 "Thomas DEROCHE / Directeur général ARS Normandie", l.43-44 "Christophe MAZIN /
    Président du Conseil territorial de santé de l'Orne"."""
    assert source_line(PREFIX, 43).strip() == "Christophe MAZIN"
    rows = seeded.read(
        "MATCH (p:Actor {kind: 'person'})-[r:MEMBER_OF]->(o:Actor) WHERE p.extract = $x "
        "RETURN p.name AS p, r.role AS role, o.id AS o",
        {"x": EXTRACT},
    )
    got = {(r["p"], r["role"], r["o"]) for r in rows}
    assert ("Christophe Mazin", "chair", "actor:cts-orne") in got
    assert ("Thomas Deroche", "lead", "actor:ars-normandie") in got


def test_unscheduled_care_centres_in_sees_and_argentan(seeded: Graph) -> None:
    """l.744 "Ouverture de 2 nouveaux CSNP Sées et Argentan"; l.711 "Mettre en œuvre le SAS 61"."""
    assert source_line(PREFIX, 744).startswith("Ouverture de 2 nouveaux CSNP Sées et Argentan")
    targets = _targets(seeded, "action:orne-ws08-a05", "TARGETS")
    assert {_node(seeded, t)["name"] for t in targets} == {"Sées", "Argentan"}
    assert _targets(seeded, "action:orne-ws08-a01", "RELIES_ON") == {"mech:sas-61"}
    assert _targets(seeded, "mech:sas-61", "COVERS") == {"terr:fr-dep-61"}


def test_maison_sport_sante_cnr_30000(seeded: Graph) -> None:
    """l.1260-1261 "CNR Santé / 30 000 €"; l.1265-1266 "la maison sport santé départementale de l'Orne"."""
    assert source_line(PREFIX, 1261).strip() == "30 000 €"
    a = _node(seeded, "action:orne-ws18-a07")
    assert a["amount_eur"] == 30000 and a["funding_schemes"] == ["CNR Santé"]
    assert "mech:mss-orne" in _targets(seeded, "action:orne-ws18-a07", "RELIES_ON")


def test_every_place_reaches_the_orne(seeded: Graph) -> None:
    """Communes and intercommunalities named (l.56, l.72, l.837, l.1244, l.1293, l.1483, l.1864,
    l.1884) all lie in the Orne: each reaches terr:fr-dep-61 by PART_OF."""
    rows = seeded.read(
        "MATCH (t:Territory) WHERE t.extract = $x "
        "RETURN t.id AS id, EXISTS { (t)-[:PART_OF*1..3]->(:Territory {id: 'terr:fr-dep-61'}) } AS ok",
        {"x": EXTRACT},
    )
    assert len(rows) == 18
    assert [r["id"] for r in rows if not r["ok"]] == []
    assert _targets(seeded, "terr:fr-com-61169", "PART_OF") == {"terr:fr-epci-flers-agglo"}
