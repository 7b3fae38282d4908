"""The fact model: status/basis, money with its unit, references declared once (no database needed)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from kb import seed
from kb.models import Action, Basis, FactStatus, Link, Mechanism, Rel, ref_fields

EV = {"line": 209, "quote": "65 000 euros par PASA"}


def test_basis_rule_needs_the_rule_cited_and_inferred_needs_a_note() -> None:
    base = {"from": "actor:a", "rel": "COORDINATES", "to": "mech:b", "evidence": EV}
    with pytest.raises(ValidationError, match="basis rule needs"):
        Link.model_validate({**base, "basis": "rule"})
    with pytest.raises(ValidationError, match="needs a `note:`"):
        Link.model_validate({**base, "basis": "inferred"})
    link = Link.model_validate({**base, "basis": "rule", "rule": {"line": 667, "quote": "si besoin"}})
    assert link.basis is Basis.rule and link.status is FactStatus.existing


def test_money_units_and_non_finite_amounts() -> None:
    base = {"from": "actor:a", "rel": "FUNDS", "to": "action:b", "evidence": EV}
    with pytest.raises(ValidationError, match="per_unit needs"):
        Link.model_validate({**base, "amount_eur": 65000, "unit": "per_unit"})
    with pytest.raises(ValidationError):
        Link.model_validate({**base, "amount_eur": float("inf")})
    with pytest.raises(ValidationError, match="to_be_defined has no amount"):
        Link.model_validate({**base, "amount_eur": 1, "unit": "to_be_defined"})
    assert Link.model_validate({**base, "amount_eur": 5}).unit == "total"
    with pytest.raises(ValidationError, match="apply to FUNDS"):
        Link.model_validate({**base, "rel": "SUPPORTS", "unit": "per_year", "amount_eur": 3})


def test_references_are_derived_from_the_field_declarations() -> None:
    assert ref_fields(Mechanism)["carried_by"].rel is Rel.CARRIES
    assert ref_fields(Action)["means_by"].rel is Rel.PROVIDES_MEANS
    m = Mechanism.model_validate(
        {
            "id": "mech:x",
            "name": "X",
            "type": "mtype:CLS",
            "covers": ["terr:a"],
            "facts": {"covers@terr:a": {"basis": "inferred", "note": "from the name only"}},
            "evidence": EV,
        }
    )
    assert (Rel.COVERS, "terr:a", True, "covers") in m.references()
    assert m.fact_of("covers", "terr:a").basis is Basis.inferred
    assert m.fact_of("type", "mtype:CLS").basis is Basis.stated
    with pytest.raises(ValidationError, match="names no reference field"):
        Mechanism.model_validate(
            {"id": "mech:x", "name": "X", "type": "mtype:CLS", "facts": {"nope": {}}, "evidence": EV}
        )


def test_the_seed_counts_facts_per_document_by_status_and_basis() -> None:
    bundle = seed.read()
    # every document extract has relationships, each counted under one status/basis
    for name in ("000_fnors.yaml", "001_orne.yaml", "002_aviq_ols.yaml", "003_fts.yaml", "004_ars_idf.yaml"):
        assert sum(bundle.fact_counts[name].values()) > 0, name
    total = sum(sum(c.values()) for c in bundle.fact_counts.values())
    assert total == sum(len(r) for r in bundle.rels.values())
    # 001 l.209: "65 000 euros par PASA" is a per-unit amount, never a total
    actions = [r for r in bundle.nodes["Action"] if "per_unit:PASA" in r.get("funding_units", [])]
    assert len(actions) == 1
