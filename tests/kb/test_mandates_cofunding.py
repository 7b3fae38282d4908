"""Mandate load against the Fnors cap, and one FUNDS per co-funder (issue 11 items 7 and 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb import findings, funding, loader, seed
from kb.db import Graph
from kb.findings import GapKind
from kb.mandate_load import LoadStatus, mandate_load
from tests.helpers import source_line

# -- co-funders: the bundle, no database needed ------------------------------------------------


@pytest.fixture(scope="module")
def funds() -> list[dict[str, object]]:
    return seed.read().rels["FUNDS"]


@pytest.mark.parametrize(
    ("action", "line", "words", "funders"),
    [
        # 001 l.1074: "Saturne) Conjoint ARS/CD": the ARS and the département council fund it jointly
        ("action:orne-ws16-a01", 1074, "Conjoint ARS/CD", {"actor:ars-normandie", "actor:cd61"}),
        # 001 l.635: "SEGUR investissement ARS - Région"
        (
            "action:orne-ws06-a13",
            635,
            "SEGUR investissement ARS - Région",
            {"actor:ars-normandie", "actor:region-normandie"},
        ),
    ],
)
def test_each_cofunder_has_its_own_funds(
    funds: list[dict[str, object]], action: str, line: int, words: str, funders: set[str]
) -> None:
    assert words in source_line("001", line)
    edges = [r for r in funds if r["to"] == action]
    assert {r["from"] for r in edges} == funders
    assert len({r["funding_line"] for r in edges}) == 1  # one co-funded line
    # the document gives no share: "share unknown", never a made-up split
    assert all(r["share_stated"] is False and "share" not in r for r in edges)
    assert {r["unit"] for r in edges} == {"to_be_defined"}


def test_funding_lists_a_cofunded_line_once(seeded: Graph) -> None:
    # 001 l.1074 "Conjoint ARS/CD": one line, its funders listed, not one line per funder
    report = funding.funding(seeded, "Orne")
    saturne = [r for r in report.beside if r.target_id == "action:orne-ws16-a01"]
    assert len(saturne) == 1
    names = {saturne[0].funder, *[c.removesuffix(" (share unknown)") for c in saturne[0].cofunders]}
    assert len(names) == 2 and saturne[0].cofunders[0].endswith("(share unknown)")


# -- mandate load ------------------------------------------------------------------------------------


def test_the_fnors_bureau_load_is_unknown_against_its_cap(seeded: Graph) -> None:
    # 000 l.317-321: "Assurer la répartition au sein des membres du bureau (1 membre = 2 mandats au plus)";
    # the document does not say how many mandates there are, nor who sits on the bureau
    assert "membres du" in source_line("000", 319) and "= 2 mandats au" in source_line("000", 321)
    loads = {r.holder_id: r for r in mandate_load(seeded)}
    bureau = loads["body:fnors-bureau"]
    assert (bureau.cap, bureau.held, bureau.members, bureau.status) == (2, None, None, LoadStatus.unknown)
    assert "is not stated" in bureau.why and "at most 2 per member" in bureau.why
    # the HOLDS is a plan of the project (2.3, stage 3: new): its kind is said
    assert bureau.facts == ["planned, documented"]
    gaps = findings.gaps(seeded, None, [GapKind.mandates])
    assert "body:fnors-bureau" in {g.subject_id for g in gaps if g.kind == "mandate_load_unknown"}


MADE_UP = """
# TEST DATA, made up: a bureau of two members holding 5 mandates capped at 2 per member, and one
# holding 2 (within). Quotes from 000 l.317 so the checker runs on them.
source: src:000-fnors-2024-2028
actors:
  - {id: "actor:t-m1", name: M1, kind: person, evidence: {line: 317, quote: "QUOTE"}}
  - {id: "actor:t-m2", name: M2, kind: person, evidence: {line: 317, quote: "QUOTE"}}
bodies:
  - {id: "body:t-bureau", name: TB, kind: bureau, evidence: {line: 317, quote: "QUOTE"}}
  - {id: "body:t-small", name: TS, kind: bureau, evidence: {line: 317, quote: "QUOTE"}}
mandates:
  - id: "mandate:t-five"
    name: T5
    body: "body:t-small"
    count: 5
    max_per_member: 2
    evidence: {line: 317, quote: "QUOTE"}
  - id: "mandate:t-two"
    name: T2
    body: "body:t-small"
    count: 2
    max_per_member: 2
    evidence: {line: 317, quote: "QUOTE"}
links:
  - {from: "actor:t-m1", rel: SITS_ON, to: "body:t-bureau", evidence: {line: 317, quote: "QUOTE"}}
  - {from: "actor:t-m2", rel: SITS_ON, to: "body:t-bureau", evidence: {line: 317, quote: "QUOTE"}}
  - {from: "body:t-bureau", rel: HOLDS, to: "mandate:t-five", evidence: {line: 317, quote: "QUOTE"}}
  - {from: "body:t-small", rel: HOLDS, to: "mandate:t-two", evidence: {line: 317, quote: "QUOTE"}}
"""


def test_a_load_over_the_cap_is_a_finding(empty_graph: Graph, tmp_path: Path) -> None:
    f = tmp_path / "t.yaml"
    quote = "Fnors/bureau - Assurer la répartition au sein des membres du bureau (1 membre = 2 mandats au plus)"
    f.write_text(MADE_UP.replace("QUOTE", quote), encoding="utf-8")
    ref = Path(__file__).resolve().parents[2] / "seed"
    loader.load(empty_graph, seed.read([f, *sorted(ref.glob("ref_*.yaml"))]))
    loads = {r.holder_id: r for r in mandate_load(empty_graph)}
    assert (loads["body:t-bureau"].status, loads["body:t-bureau"].members) == (LoadStatus.exceeded, 2)
    assert loads["body:t-small"].status is LoadStatus.within
    gaps = findings.gaps(empty_graph, None, [GapKind.mandates])
    assert {g.subject_id for g in gaps if g.kind == "mandate_load_exceeded"} == {"body:t-bureau"}
