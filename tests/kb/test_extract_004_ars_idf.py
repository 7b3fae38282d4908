"""The extract of source 004 (ARS Île-de-France — guide to the coopératives d'acteurs, 2018) in Neo4j.

Every expectation comes from the document text (../shared/seeds/004_*.txt): each test cites the
passage, and where it can it parses the text itself (the list of the six cooperatives, the bullets
of sections 4.1 and 4.2, the cells of Annex 1, the figures of Annex 2) rather than trusting the YAML.
"""

from __future__ import annotations

import re
import unicodedata

from kb.db import Graph
from kb.text import fold
from tests.helpers import norm, quote_starts_at, source_line, source_lines


def _lines() -> list[str]:
    return source_lines("004")


_text_lines = _lines
_norm = norm


def _quote_at(line: int, quote: str) -> bool:
    return quote_starts_at("004", line, quote)


EXTRACT = "004_ars_idf.yaml"
SRC = "src:004-ars-idf-cooperatives-2018"
ARS = "actor:ars-idf"


LINES = _text_lines()


def _key(name: str) -> str:
    """A commune name reduced to its letters, so that « Villiers le bel » meets « Villiers-le-Bel »."""
    plain = unicodedata.normalize("NFD", name.lower())
    return re.sub(r"[^a-z]", "", "".join(c for c in plain if not unicodedata.combining(c)))


def _line_of(pattern: str, start: int = 0) -> int:
    """Index (from 0) of the first line at or after ``start`` matching ``pattern``."""
    return next(i for i in range(start, len(LINES)) if re.search(pattern, LINES[i]))


def _bullets(first: int, last: int) -> list[tuple[int, str]]:
    """(line from 1, text) of the lines between indexes first..last that start with a dash."""
    return [(i + 1, LINES[i].strip()) for i in range(first, last) if re.match(r"^\s*-", LINES[i])]


# Preamble, lines 9-28: « Actuellement six coopératives d'acteurs sont actives : » then one dash item
# per cooperative, up to « La phase expérimentale a fait l'objet ... ».
CA_START = _line_of(r"sont actives")
CA_END = _line_of(r"^La phase expérimentale a fait", CA_START)


def _ca_items() -> list[dict[str, object]]:
    starts = [i for i in range(CA_START + 1, CA_END) if re.match(r"^\s*-", LINES[i])]
    items = []
    for k, i in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else CA_END
        text = _norm(" ".join(LINES[i:end]))
        dep = re.findall(r"\((\d{2})\)", text)
        items.append({"line": i + 1, "text": text, "dep": dep[-1] if dep else None})
    return items


CA_ITEMS = _ca_items()
CAS = [
    "mech:ca-78-sqy-publics-invisibles",
    "mech:ca-92-la-defense-errance",
    "mech:ca-93-clichy-montfermeil-diabete",
    "mech:ca-93-sante-respiratoire-habitat",
    "mech:ca-94-bois-l-abbe-sport-nutrition",
    "mech:ca-95-troubles-langage-cps",
]


def _cited_line(graph: Graph, node_id: str) -> set[int]:
    rows = graph.read(
        "MATCH (n {id: $id})-[c:CITED_IN]->(:Source {id: $s}) RETURN c.line AS line", {"id": node_id, "s": SRC}
    )
    return {r["line"] for r in rows}


def _deps_covered(graph: Graph, mech: str) -> set[str]:
    rows = graph.read(
        "MATCH (:Mechanism {id: $m})-[:COVERS]->(:Territory)-[:PART_OF*0..3]->(d:Territory {kind: 'department'}) "
        "RETURN DISTINCT d.code AS code",
        {"m": mech},
    )
    return {r["code"] for r in rows}


# -- counts ----------------------------------------------------------------------------------


def test_six_cooperatives_from_the_preamble_list(seeded: Graph) -> None:
    """Lines 9-28: « Actuellement six coopératives d'acteurs sont actives » + one dash per CA;
    line 693 repeats « six programmes de la phase expérimentale »."""
    assert "six" in LINES[CA_START - 1] and "six programmes" in _norm(LINES[692])
    assert len(CA_ITEMS) == 6
    rows = seeded.read(
        "MATCH (m:Mechanism)-[:OF_TYPE]->(:MechanismType {id: 'mtype:CA'}) WHERE m.extract = $x "
        "RETURN m.id AS id, m.status AS status",
        {"x": EXTRACT},
    )
    assert sorted(r["id"] for r in rows) == sorted(CAS)
    assert {r["status"] for r in rows} == {"active"}  # « sont actives »
    # each CA node cites its own item of the list
    for mech, item in zip(CAS, CA_ITEMS, strict=True):
        assert item["line"] in _cited_line(seeded, mech), mech


def test_counts_per_label(seeded: Graph) -> None:
    """Counts of this extract's nodes, with where each number comes from in the document."""
    principles = _bullets(_line_of(r"^4\.1 Les principes"), _line_of(r"^\*Note de cadrage"))
    vigilance = _bullets(_line_of(r"^4\.2 L.évaluation ex ante"), _line_of(r"^5\.ORGANISATION"))
    eval_first = _line_of(r"1\.Mettre en place les instances d.évaluation")
    eval_instances = [i for i in range(eval_first, eval_first + 15) if LINES[i].strip().startswith("• Un")]
    levers = [
        i
        for i in range(_line_of(r"deux leviers sont"), _line_of(r"^ 3\. LA COOPERATIVE"))
        if re.match(r"^\s*-\s*(Constituer|Positionner)", LINES[i])
    ]
    tsn = re.findall(r"Territoire de Soins Numériques", _norm(" ".join(LINES)))  # lines 1869-1870
    # communes named in the CA list: « de Clichy-sous- Bois et Montfermeil » + the two parenthesised lists
    communes = 2 + sum(
        len(re.findall(r"\(([^()]*,[^()]*)\)", str(it["text"]))[0].split(","))
        for it in CA_ITEMS
        if re.search(r"\([^()]*,[^()]*\)", str(it["text"]))
    )
    assert (len(principles), len(vigilance), len(eval_instances), len(levers), len(tsn), communes) == (
        10,
        7,
        3,
        2,
        1,
        9,
    )
    expected = {
        # 6 CAs (preamble list) + the Territoire de Soins Numériques experiment on 94 Ouest (Annex 2)
        "Mechanism": len(CA_ITEMS) + len(tsn),
        # one comité de pilotage per CA (prescribed line 464) + the 3 regional evaluation instances (1304-1312)
        "Body": len(CA_ITEMS) + len(eval_instances),
        # 2 levers (133, 146) + regional deployment (40) + axis 4.1 and its 10 principles
        # + axis 4.2 and its 7 points of vigilance + axis 7 « Fiches pratiques »
        "Objective": len(levers) + 1 + 1 + len(principles) + 1 + len(vigilance) + 1,
        # 9 communes + SQY agglomeration + its QPVs + La Défense + Bois l'Abbé + 94 Ouest
        "Territory": communes + 5,
        # ARS + its 8 DDs (one per département of the region) + 3 internal directorates/departments
        # (DPSRI l.6, Département Méthodologie l.504, direction de la stratégie l.632) + LH Conseil + MGEN
        # + the agglomeration's services (l.229) + 17 data providers named lines 636-662 (ORS left to
        # another extract; « autorité organisatrice de transport » and « santégraphie » not actors)
        "Actor": 1 + 8 + 3 + 1 + 1 + 1 + 17,
        # the CA programme, the guide, PRS 2 (l.171), COS 2018-2027 (l.58), PRAPS (l.235),
        # the programme régional numérique (l.1862)
        "Plan": 6,
        # ex-ante evaluation (l.30) + one per practical sheet: DLS, two trainings, follow-up,
        # convention, financial commitments, action evaluation, CA evaluation, online SI
        "Action": 10,
        # note de cadrage, LH report + referential, PPS guide, monographies, FNORS DLS guide, Intersanté,
        # SIG CIV, PromoSanté IDF, Terr-eSanté, convention template, EHESP book
        "Resource": 12,
        "MechanismType": 1,  # TSN
        "Theme": 1,  # compétences psychosociales (l.26)
        "Public": 2,  # personnes diabétiques (l.18), personnes migrantes (l.235)
    }
    rows = seeded.read("MATCH (n:Entity) WHERE n.extract = $x RETURN labels(n) AS labels", {"x": EXTRACT})
    got: dict[str, int] = {}
    for r in rows:
        for label in r["labels"]:
            if label in expected:
                got[label] = got.get(label, 0) + 1
    assert got == expected


# -- the cooperatives and their territories ---------------------------------------------------------


def test_each_cooperative_lies_in_the_departement_the_list_gives(seeded: Graph) -> None:
    """Lines 12-28: (78), (92), (93), (93), (94); the 6th item gives no département, its five
    communes are in the Val-d'Oise (INSEE)."""
    assert [it["dep"] for it in CA_ITEMS] == ["78", "92", "93", "93", "94", None]
    for mech, item in zip(CAS, CA_ITEMS, strict=True):
        assert _deps_covered(seeded, mech) == {item["dep"] or "95"}, mech


def test_seine_saint_denis_holds_two_cooperatives(seeded: Graph) -> None:
    """Lines 17-21: the diabetes CA of Clichy-sous-Bois/Montfermeil (93) and the « santé respiratoire
    et habitat » network (93)."""
    in_text = [it for it in CA_ITEMS if it["dep"] == "93"]
    assert len(in_text) == 2
    rows = seeded.read(
        "MATCH (m:Mechanism)-[:OF_TYPE]->(:MechanismType {id: 'mtype:CA'}) "
        "MATCH (m)-[:COVERS]->(:Territory)-[:PART_OF*0..3]->(:Territory {id: 'terr:fr-dep-93'}) "
        "RETURN DISTINCT m.id AS id"
    )
    assert sorted(r["id"] for r in rows) == [
        "mech:ca-93-clichy-montfermeil-diabete",
        "mech:ca-93-sante-respiratoire-habitat",
    ]


def test_the_communes_of_each_cooperative(seeded: Graph) -> None:
    """Line 18 « de Clichy-sous- Bois et Montfermeil (93) »; line 23 « (Champigny-sur-Marne,
    Chennevières-sur-Marne) »; lines 27-28 « (Villiers le bel, Goussainville, Gonesse,
    Garges-lès-Gonesse, Sarcelles) »."""
    clichy = re.search(r"territoire\s+de (.+?) et (.+?) \(93\)", str(CA_ITEMS[2]["text"]))
    assert clichy
    expected = {
        CAS[2]: {_key(clichy.group(1)), _key(clichy.group(2))},
        CAS[4]: {_key(n) for n in re.findall(r"\(([^()]*,[^()]*)\)", str(CA_ITEMS[4]["text"]))[0].split(",")},
        CAS[5]: {_key(n) for n in re.findall(r"\(([^()]*,[^()]*)\)", str(CA_ITEMS[5]["text"]))[0].split(",")},
    }
    for mech, names in expected.items():
        rows = seeded.read(
            "MATCH (:Mechanism {id: $m})-[:COVERS]->(t:Territory {kind: 'commune'}) "
            "RETURN t.name AS name, t.code AS code",
            {"m": mech},
        )
        assert {_key(r["name"]) for r in rows} == names, mech
        assert all(re.fullmatch(r"9[345]\d{3}", r["code"]) for r in rows)
    assert len(expected[CAS[5]]) == 5


def test_saint_quentin_cooperative_and_the_example_of_section_3_2(seeded: Graph) -> None:
    """Line 12: « à Saint-Quentin-en-Yvelines (78) » (an agglomeration, kind epci); the example of
    3.2 (line 235: PRAPS publics; line 239: the agglomeration's QPVs; lines 250-251: the MGEN)."""
    assert "Saint-Quentin-en-Yvelines" in str(CA_ITEMS[0]["text"])
    assert "PRAPS" in source_line("004", 235) and "Quartiers Politique de la Ville" in source_line("004", 239)
    assert "MGEN" in _norm(source_line("004", 250) + " " + source_line("004", 251))
    # The document's "Saint-Quentin-en-Yvelines" is the agglomeration (EPCI, SIREN 200058782 in the COG,
    # officially "Communauté d'agglomération de Saint-Quentin-en-Yvelines"); the reference keeps the official
    # name, the extract's spelling stays a name it resolves by. Line 239: the QPVs of that agglomeration.
    rows = seeded.read(
        "MATCH (m:Mechanism {id: $m})-[:COVERS]->(t:Territory) "
        "RETURN t.id AS id, t.kind AS kind, t.names_folded AS names, [(t)-[:PART_OF]->(c) | c.id] AS containers",
        {"m": CAS[0]},
    )
    by_kind = {r["kind"]: r for r in rows}
    assert set(by_kind) == {"epci", "qpv"}
    assert by_kind["epci"]["id"] == "terr:fr-epci-200058782"
    assert fold("Saint-Quentin-en-Yvelines") in by_kind["epci"]["names"]
    assert by_kind["qpv"]["containers"] == ["terr:fr-epci-200058782"]
    partners = seeded.read("MATCH (a:Actor)-[:PARTNER_OF]->(:Mechanism {id: $m}) RETURN a.id AS id", {"m": CAS[0]})
    assert {"actor:mgen", ARS, "actor:agglo-saint-quentin-en-yvelines"} <= {r["id"] for r in partners}
    publics = seeded.read(
        "MATCH (:Mechanism {id: $m})-[r:FOR_PUBLIC]->(p:Public) RETURN p.id AS id, r.line AS line", {"m": CAS[0]}
    )
    assert {"public:people-in-precarity", "public:migrants"} <= {r["id"] for r in publics}


def test_the_departmental_delegation_animates_coordinates_and_pilots_each_cooperative(seeded: Graph) -> None:
    """Line 186 « Animée et coordonnée par la Délégation Départementale de l'ARS (éventuellement
    co-pilotée ...) »; line 263 construction « laissée à l'initiative des Délégations Départementales »;
    line 461 « dont obligatoirement la DD concernée »; line 477 « animée par la délégation
    départementale de l'Agence »: the DD of the CA's own département, part of the ARS."""
    assert "Délégation Départementale" in source_line("004", 186)
    assert "animée par la délégation départementale" in source_line("004", 477)
    for mech, item in zip(CAS, CA_ITEMS, strict=True):
        dep = item["dep"] or "95"
        for rel in ("ANIMATES", "COORDINATES", "PILOTS", "CARRIES"):
            rows = seeded.read(
                f"MATCH (dd:Actor {{kind: 'agency_delegation'}})-[r:{rel}]->(:Mechanism {{id: $m}}) "
                "MATCH (dd)-[:PART_OF]->(:Actor {id: $ars}) MATCH (dd)-[:BASED_IN]->(d:Territory) "
                "RETURN d.code AS dep, r.line AS line, r.basis AS basis, r.rule_line AS rule_line, r.status AS status",
                {"m": mech, "ars": ARS},
            )
            assert [r["dep"] for r in rows] == [dep], (mech, rel)
            # a general rule applied to this CA: basis rule citing the rule's line, evidence the CA's own line
            assert [(r["basis"], r["status"]) for r in rows] == [("rule", "existing")], (mech, rel)
            assert {r["rule_line"] for r in rows} <= {186, 263, 461, 477}  # the passages quoted above
            assert [r["line"] for r in rows] == [item["line"]], (mech, rel)


# -- Annex 1 and the other schemes -------------------------------------------------------------------


def test_annex_1_columns_legal_bases_and_perimeters(seeded: Graph) -> None:
    """Annex 1 (lines 1618-1854): columns CLS, CPTS, PTA, MAIA; « Loi HPST, 2009 » (1650),
    « Loi de MSS, 2016 Art.74 » (1663-1664), « Plan Alzheimer 2008-2012 » (1666), perimeter
    « Territoire infra-départemental : 32 MAIA en IDF » (1831-1833)."""
    annex = _line_of(r"^ ANNEXE 1")
    end = _line_of(r"^Maj 06 2017", annex)
    block = _norm(" ".join(LINES[annex:end]))
    maia_count = re.search(r"(\d+) MAIA en IDF", block)
    assert maia_count and "Loi HPST, 2009" in block and "Art.74" in block
    rows = seeded.read(
        "MATCH (t:MechanismType) WHERE t.id IN ['mtype:CLS', 'mtype:CPTS', 'mtype:PTA', 'mtype:MAIA'] "
        "RETURN t.id AS id, t.legal_basis AS legal, t.field AS field, t.objectives AS obj, t.public AS public, "
        "t.methods AS methods, t.actors AS actors, t.perimeter AS perimeter, t.coverage AS coverage"
    )
    by = {r["id"]: r for r in rows}
    assert len(by) == 4
    for r in by.values():  # every facet of the table's rows is filled (CPTS coverage: see YAML comment)
        assert all(r[k] for k in ("legal", "field", "obj", "public", "methods", "actors", "perimeter")), r["id"]
    assert "Loi HPST, 2009" in by["mtype:CLS"]["legal"]
    assert "74" in by["mtype:PTA"]["legal"]
    assert "Plan Alzheimer 2008-2012" in by["mtype:MAIA"]["legal"]
    assert f"{maia_count.group(1)} MAIA en IDF" in by["mtype:MAIA"]["perimeter"]
    assert by["mtype:CLS"]["coverage"] == "Territoires prioritaires : IDH/PV"
    # each profile cites the Annex lines
    cites = seeded.read(
        "MATCH (t:MechanismType)-[c:CITED_IN]->(:Source {id: $s}) WHERE c.line >= $a AND c.line <= $b "
        "RETURN DISTINCT t.id AS id",
        {"s": SRC, "a": annex + 1, "b": end + 1},
    )
    assert {"mtype:CLS", "mtype:CPTS", "mtype:PTA", "mtype:MAIA"} <= {r["id"] for r in cites}


def test_e_parcours_twelve_active_territories_and_a_referent_per_dd(seeded: Graph) -> None:
    """Line 1903: « 12 territoires sont actifs sur E parcours, sur la vingtaine que compte la
    région »; line 1905: « un référent « e-parcours » au sein de chaque DD »."""
    m = re.search(r"(\d+) territoires sont actifs", _norm(" ".join(LINES[1902:1905])))
    assert m
    rows = seeded.read("MATCH (t:MechanismType {id: 'mtype:E_PARCOURS'}) RETURN t.coverage AS c, t.governance AS g")
    assert f"{m.group(1)} territoires actifs" in rows[0]["c"]
    assert "référent « e-parcours »" in rows[0]["g"]
    tsn = seeded.read(
        "MATCH (:Mechanism {id: 'mech:tsn-94-ouest'})-[:COVERS]->(t)-[:PART_OF]->(d) RETURN t.name AS t, d.id AS d"
    )
    assert tsn == [{"t": "94 Ouest", "d": "terr:fr-dep-94"}]  # line 1870 « sur le territoire du 94 Ouest »


def test_the_guide_articulates_with_cls_clsm_contrat_de_ville_asv(seeded: Graph) -> None:
    """Line 1512 « l'articulation CLS/CLSM/Contrat de ville »; line 1508 « (CLS, ASV..) »;
    line 162 « (CLS, politique de la ville…) »."""
    assert "CLS/CLSM/Contrat de ville" in source_line("004", 1512)
    rows = seeded.read(
        "MATCH (:Plan {id: 'plan:ars-idf-guide-ca-2018'})-[:ARTICULATES_WITH]->(t:MechanismType) RETURN t.code AS code"
    )
    assert {"CLS", "CLSM", "CONTRAT_DE_VILLE", "ASV", "E_PARCOURS"} <= {r["code"] for r in rows}


# -- governance, contract, money, evaluation ---------------------------------------------------------


def test_partnership_agreement_lasts_one_year_renewable_and_subsidy_threshold(seeded: Graph) -> None:
    """Line 1078 « perdura un an renouvelable de manière expresse »; lines 1107-1110: a subsidy
    decision under 23 000 €, a « classic » agreement from 23 000 € a year."""
    assert "un an renouvelable" in source_line("004", 1078)
    threshold = re.search(r"inférieur à (\d+ \d{3})", source_line("004", 1107))
    assert threshold
    conv = seeded.read(
        "MATCH (a:Action {id: 'action:ars-idf-ca-convention-partenariat'})<-[:LEADS]-(l:Actor) "
        "RETURN a.description AS d, l.id AS lead"
    )
    assert conv[0]["lead"] == ARS and "one year, expressly renewable" in conv[0]["d"]
    money = seeded.read(
        "MATCH (a:Action {id: 'action:ars-idf-ca-engagements-financiers'})<-[:FUNDS]-(f:Actor) "
        "RETURN a.funding_notes AS notes, f.id AS funder"
    )
    assert money[0]["funder"] == ARS
    assert all(threshold.group(1) in n for n in money[0]["notes"]) and len(money[0]["notes"]) == 2


def test_every_cooperative_has_a_steering_committee(seeded: Graph) -> None:
    """Line 464 « Constituer un comité de pilotage avec un représentant de tous les acteurs du
    projet »; the comité technique is optional (line 468 « Instaurer éventuellement »)."""
    assert "éventuellement" in source_line("004", 468)
    rows = seeded.read(
        "MATCH (b:Body {kind: 'steering_committee'})-[:PART_OF]->(m:Mechanism) WHERE b.extract = $x RETURN m.id AS m",
        {"x": EXTRACT},
    )
    assert sorted(r["m"] for r in rows) == sorted(CAS)


def test_ex_ante_evaluation_by_lh_conseil_and_regional_evaluation_piloted_by_the_agency(seeded: Graph) -> None:
    """Line 30: ex-ante evaluation « par le cabinet LH conseil au cours du premier trimestre 2018 »;
    line 1317: « La démarche d'évaluation régionale ... sera pilotée par l'agence », with a comité de
    pilotage, a comité technique d'évaluation and a chargé d'évaluation (1304-1312)."""
    year = re.search(r"premier trimestre (\d{4})", _norm(" ".join(LINES[29:31])))
    assert year
    ex_ante = seeded.read(
        "MATCH (l:Actor)-[:LEADS]->(a:Action {id: 'action:ars-idf-ca-evaluation-ex-ante'}) "
        "RETURN l.id AS lead, a.period AS period"
    )
    assert ex_ante == [{"lead": "actor:lh-conseil", "period": ex_ante[0]["period"]}]
    assert year.group(1) in ex_ante[0]["period"]
    pilots = seeded.read(
        "MATCH (p)-[:PILOTS]->(:Action {id: 'action:ars-idf-ca-evaluation-regionale'}) RETURN p.id AS id"
    )
    assert {ARS, "body:ars-idf-ca-evaluation-copil"} == {r["id"] for r in pilots}
    kinds = seeded.read(
        "MATCH (b:Body)-[:PART_OF]->(:Actor {id: $a}) WHERE b.extract = $x RETURN b.kind AS k", {"a": ARS, "x": EXTRACT}
    )
    assert sorted(r["k"] for r in kinds) == ["function", "steering_committee", "technical_committee"]


def test_experimental_phase_and_programme(seeded: Graph) -> None:
    """Line 9: « Une phase expérimentale de trois ans a été lancée à partir d'octobre 2017 »;
    line 962: the « démarche ... initiée par l'ARS-IDF »; every CA is part of it."""
    m = re.search(r"octobre (\d{4})", LINES[8])
    assert m
    rows = seeded.read(
        "MATCH (p:Plan {id: 'plan:ars-idf-ca-programme'})<-[:ISSUES]-(a:Actor) "
        "RETURN p.period AS period, a.id AS issuer"
    )
    assert rows[0]["issuer"] == ARS and rows[0]["period"].startswith(f"{m.group(1)}-10")
    parts = seeded.read("MATCH (m:Mechanism)-[:PART_OF]->(:Plan {id: 'plan:ars-idf-ca-programme'}) RETURN m.id AS id")
    assert sorted(r["id"] for r in parts) == sorted(CAS)


def test_data_providers_of_the_local_health_diagnosis(seeded: Graph) -> None:
    """Lines 641-650: « Préfecture de région ou de département; Conseil Régional, Conseil
    Départemental ; ... (CAF); ... (CPAM) ; ... (DRJSCS/DDCS); ... (CREAI) ; ... (DRIEA); ...
    CépiDc ... ; Santé Publique France ; CIRE »: each named provider contributes to the DLS action."""
    block = _norm(" ".join(LINES[640:650]))
    acronyms = re.findall(r"\(([A-Z][A-Za-z/]+)\)", block)
    assert {"CAF", "CPAM", "DRJSCS/DDCS", "CREAI", "DRIEA"} <= set(acronyms)
    rows = seeded.read(
        "MATCH (a:Actor)-[:CONTRIBUTES_TO]->(:Action {id: 'action:ars-idf-ca-diagnostic-local'}) "
        "RETURN a.acronym AS acronym, a.id AS id"
    )
    got = {r["acronym"] for r in rows}
    assert set(acronyms) - {"ORS"} <= got  # the ORS is defined by another extract
    assert {"actor:sante-publique-france", "actor:cire", "actor:cepidc"} <= {r["id"] for r in rows}
    # line 641 « peuvent fournir des données »: possible providers (intended); the INSEE and the ONZUS
    # of lines 636-637 (« sont disponibles auprès de ») are stated as existing
    assert "peuvent fournir" in source_line("004", 641)
    kinds = seeded.read(
        "MATCH (a:Actor)-[r:CONTRIBUTES_TO]->(:Action {id: 'action:ars-idf-ca-diagnostic-local'}) "
        "RETURN a.id AS id, r.status AS status, r.line AS line"
    )
    assert {r["status"] for r in kinds if 641 <= r["line"] <= 650} == {"intended"}
    assert {r["id"]: r["status"] for r in kinds if r["line"] in (636, 637)} == {
        "actor:insee-dr-idf": "existing",
        "actor:onzus": "existing",
    }


# -- evidence -----------------------------------------------------------------------------------------


# -- the new fact model: rules, inferences, hedges, dates (issue 11) ----------------------------------


def test_ars_support_if_needed_is_a_hedged_rule_not_an_existing_support(seeded: Graph) -> None:
    """Line 667 « Si besoin, un accompagnement est mis à la disposition de la coopérative d'acteurs »:
    a general, hedged rule; for each CA the SUPPORTS is intended, basis rule citing line 667."""
    assert source_line("004", 667).strip().startswith("Si besoin")
    rows = seeded.read(
        "MATCH (:Actor {id: $ars})-[r:SUPPORTS]->(m:Mechanism) WHERE m.id IN $cas "
        "RETURN m.id AS m, r.status AS status, r.basis AS basis, r.rule_line AS rule_line",
        {"ars": ARS, "cas": CAS},
    )
    assert sorted(r["m"] for r in rows) == sorted(CAS)
    assert {(r["status"], r["basis"], r["rule_line"]) for r in rows} == {("intended", "rule", 667)}


def test_ars_signs_each_partnership_agreement_by_rule(seeded: Graph) -> None:
    """Line 924 « Une convention de partenariat est obligatoirement signée par l'ARS, les partenaires »:
    the ARS PARTNER_OF each CA is the rule applied, evidence the CA's line in the preamble list."""
    assert "obligatoirement signée par l'ARS" in _norm(source_line("004", 924))
    rows = seeded.read(
        "MATCH (:Actor {id: $ars})-[r:PARTNER_OF]->(m:Mechanism) WHERE m.id IN $cas "
        "RETURN m.id AS m, r.basis AS basis, r.rule_line AS rule_line, r.line AS line",
        {"ars": ARS, "cas": CAS},
    )
    lines = {str(i["line"]) for i in CA_ITEMS}
    assert sorted(r["m"] for r in rows) == sorted(CAS)
    assert {(r["basis"], r["rule_line"]) for r in rows} == {("rule", 924)}
    assert {str(r["line"]) for r in rows} <= lines


def test_worked_example_facts_are_inferred_onto_saint_quentin(seeded: Graph) -> None:
    """Section 3.2 (lines 214-258) is « une démarche mise en place en 2017 » on « une communauté
    d'agglomération », named nowhere: its facts reach the SQY CA (line 12) only by inference, with a note."""
    example = _norm(" ".join(LINES[213:258]))
    assert "Saint-Quentin" not in example and "communauté d'agglomération" in example
    rows = seeded.read(
        "MATCH (m:Mechanism {id: $m})-[r]-(x) WHERE r.line >= 214 AND r.line <= 258 AND type(r) <> 'CITED_IN' "
        "RETURN type(r) AS rel, x.id AS x, r.basis AS basis, r.note AS note",
        {"m": CAS[0]},
    )
    assert len(rows) >= 8  # partners (229, 250), QPVs (239), publics (235, 239), themes (220, 231), PRAPS (235)
    assert {r["basis"] for r in rows} == {"inferred"}
    assert all("worked example" in r["note"] for r in rows)


def test_respiratory_health_cooperative_covers_the_93_by_inference(seeded: Graph) -> None:
    """Line 20: the title then only « (93) », no commune: COVERS the département is inferred."""
    assert re.search(r"\(93\)", LINES[19] + LINES[20]) and "Seine" not in LINES[19]
    rows = seeded.read(
        "MATCH (:Mechanism {id: 'mech:ca-93-sante-respiratoire-habitat'})-[r:COVERS]->(t:Territory) "
        "RETURN t.code AS code, r.basis AS basis, r.note AS note"
    )
    assert [(r["code"], r["basis"]) for r in rows] == [("93", "inferred")]
    assert "(93)" in rows[0]["note"]


def test_cooperative_dates_are_the_experimental_phase_three_years_from_october_2017(seeded: Graph) -> None:
    """Line 9: « Une phase expérimentale de trois ans a été lancée à partir d'octobre 2017 »; line 10
    « Actuellement six coopératives d'acteurs sont actives »: status active (as of the guide), start
    2017-10, end 36 months later; the document does not say they ended, and the wording is kept."""
    m = re.search(r"trois ans.*octobre (\d{4})", LINES[8])
    assert m
    start = f"{m.group(1)}-10"
    end = f"{int(m.group(1)) + 3}-10"
    rows = seeded.read(
        "MATCH (m:Mechanism) WHERE m.id IN $cas RETURN m.status AS status, m.start AS start, m.end AS end, "
        "m.dates_text AS text",
        {"cas": CAS},
    )
    assert len(rows) == 6
    assert {(r["status"], r["start"], r["end"]) for r in rows} == {("active", start, end)}
    assert all("does not say it ended" in r["text"] for r in rows)
    plan = seeded.read("MATCH (p:Plan {id: 'plan:ars-idf-ca-programme'}) RETURN p.start AS start")
    assert plan[0]["start"] == start


def test_copils_are_the_rule_applied_to_each_cooperative(seeded: Graph) -> None:
    """Line 464 prescribes a copil for every CA; the guide describes none of the six: basis rule."""
    rows = seeded.read(
        "MATCH (b:Body {kind: 'steering_committee'})-[r:PART_OF]->(m:Mechanism) WHERE m.id IN $cas "
        "RETURN r.basis AS basis, r.rule_line AS rule_line",
        {"cas": CAS},
    )
    assert len(rows) == 6 and {(r["basis"], r["rule_line"]) for r in rows} == {("rule", 464)}


def test_hedged_prs2_lever_and_the_agglomeration_read_from_the_example(seeded: Graph) -> None:
    """Line 170 « Elle peut devenir également un levier opérationnel ... du PRS 2 »: intended, not existing.
    Line 229 « les services de l'agglomération » (no name): BASED_IN Saint-Quentin-en-Yvelines is inferred."""
    assert "peut devenir" in source_line("004", 170)
    prs = seeded.read(
        "MATCH (:Plan {id: 'plan:ars-idf-prs2'})-[r:RELIES_ON]->(:MechanismType {id: 'mtype:CA'}) RETURN r.status AS s"
    )
    assert [r["s"] for r in prs] == ["intended"]
    assert "agglomération" in source_line("004", 229) and "Saint-Quentin" not in source_line("004", 229)
    # the agglomeration of the CA named on line 12 (Saint-Quentin-en-Yvelines): the EPCI 200058782 of the COG
    agglo = seeded.read(
        "MATCH (:Actor {id: 'actor:agglo-saint-quentin-en-yvelines'})-[r:BASED_IN]->(t:Territory) "
        "RETURN t.id AS id, r.basis AS basis"
    )
    assert "Saint-Quentin-en-Yvelines" in str(CA_ITEMS[0]["text"])
    assert [(r["id"], r["basis"]) for r in agglo] == [("terr:fr-epci-200058782", "inferred")]
