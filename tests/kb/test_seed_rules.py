"""Rule quotes go through the quote checker, and each model field says once how it is stored (issue 11 items 5, 9).

No database: these are reader checks (``kb.seed.read``), on a small extract quoting document 004.
"""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from kb import seed
from kb.models import ENTITY_CLASSES, apart_fields

# 004 l.464: "-Constituer un comité de pilotage avec un représentant de  tous  les acteurs du projet et des
# habitants si possible." -- a rule the guide states for every cooperative (the CA copils of 004 cite it).
RULE_464 = "-Constituer un comité de pilotage avec un représentant de  tous  les acteurs du projet"
EXTRACT = """source: src:004-ars-idf-cooperatives-2018
territories:
  - {id: "terr:t-x", name: TX, kind: other, evidence: {source: src:maillage-vocabulary, quote: "test place"}}
actors:
  - {id: "actor:t-ars", name: TARS, kind: state_agency, evidence: {line: 464, quote: "RULE"}}
mechanisms:
  - id: "mech:t-a"
    name: TA
    type: mtype:CLS
    evidence: {line: 464, quote: "RULE"}
bodies:
  - id: "body:t-copil"
    name: copil of TA
    kind: steering_committee
    part_of: ["mech:t-a"]
    facts:
      part_of: {basis: rule, rule: {line: RULE_LINE, quote: "RULE_QUOTE"}, note: "prescribed for every CA"}
    evidence: {line: 464, quote: "RULE"}
links:
  - from: "actor:t-ars"
    rel: SUPPORTS
    to: "mech:t-a"
    basis: rule
    rule: {line: LINK_LINE, quote: "RULE"}
    evidence: {line: 464, quote: "RULE"}
"""


def _read(tmp_path: Path, rule_line: int = 464, rule_quote: str = RULE_464, link_line: int = 464) -> seed.Bundle:
    text = (
        EXTRACT.replace("RULE_LINE", str(rule_line))
        .replace("RULE_QUOTE", rule_quote)
        .replace("LINK_LINE", str(link_line))
        .replace('"RULE"', f'"{RULE_464}"')
    )
    f = tmp_path / "t.yaml"
    f.write_text(text, encoding="utf-8")
    ref = Path(__file__).resolve().parents[2] / "seed"
    return seed.read([f, *sorted(ref.glob("ref_*.yaml"))])


def test_a_rule_quote_is_checked_like_any_quote(tmp_path: Path) -> None:
    bundle = _read(tmp_path)
    copil = next(r for r in bundle.rels["PART_OF"] if r["from"] == "body:t-copil")
    assert (copil["basis"], copil["rule_line"]) == ("rule", 464)
    # 4 evidence quotes + 2 rule quotes, all on 004 l.464
    alone = seed.read(sorted((Path(__file__).resolve().parents[2] / "seed").glob("ref_*.yaml")))
    assert bundle.quotes_checked - alone.quotes_checked == 6


def test_a_rule_quote_on_the_wrong_line_is_refused_where_it_is_written(tmp_path: Path) -> None:
    with pytest.raises(seed.SeedError) as err:
        _read(tmp_path, rule_line=461)
    fields = {p.field for p in err.value.problems}
    assert fields == {"bodies[0].facts.part_of.rule.quote"}, err.value.problems
    # the checker names the line given and where it finds the quote instead (l.463 is blank before l.464)
    assert err.value.problems[0].message.startswith("quote is not at line 461 of 004_")
    assert "it starts at line" in err.value.problems[0].message


def test_a_rule_quote_not_in_the_document_is_refused(tmp_path: Path) -> None:
    with pytest.raises(seed.SeedError) as err:
        _read(tmp_path, rule_quote="le DD coordonne toujours tout", link_line=9999)
    fields = {p.field for p in err.value.problems}
    assert fields == {"bodies[0].facts.part_of.rule.quote", "links[0].rule.quote"}, err.value.problems


def _models_in(annotation: object) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_models_in(a) for a in typing.get_args(annotation))


@pytest.mark.parametrize("cls", ENTITY_CLASSES, ids=lambda c: c.__name__)
def test_every_structured_field_says_how_it_is_stored(cls: type[BaseModel]) -> None:
    # a field holding models (evidence, funding, sections...) cannot become a node property as is:
    # it must be a reference (Ref) or marked Apart, so the reader's skip list is derived, not written.
    structured = {name for name, info in cls.model_fields.items() if _models_in(info.annotation)}
    assert structured <= apart_fields(cls)


def test_no_apart_field_reaches_the_node(tmp_path: Path) -> None:
    bundle = _read(tmp_path)
    for label, rows in bundle.nodes.items():
        cls = next((c for c in ENTITY_CLASSES if c.label == label), None)
        if cls is None:
            continue
        for row in rows:
            assert not apart_fields(cls) & set(row), (label, row["id"])
