"""Streaming validation (issue 12 item 2): ``kb.seed.read`` reads one file at a time, spools its rows
to disk and defers what needs a later file; the problems are the ones the all-at-once reader reported.

No database: reader checks only. The extracts are small and self-contained (their own source document).
"""

from __future__ import annotations

import gc
import tempfile
from pathlib import Path

import pytest

from kb import seed

DOC = [
    "Document de test pour la validation en flux.",
    "L'ARS Test pilote la stratégie.",
    "Le centre Test contribue aux actions.",
    "Action un : coordonner les soins.",
    "Action deux : prévenir.",
    "Le thème accès aux soins.",
    "Le plan test 2024-2028.",
    "Objectif : améliorer l'accès.",
]


def _quote(line: int) -> str:
    return f'{{line: {line}, quote: "{DOC[line - 1]}"}}'


# Sorted by name: a_ refers to what b_ defines and to the source c_ declares (forward references).
GOOD = {
    "a_actions.yaml": f"""source: src:t-doc
actions:
  - {{id: "action:t-1", name: Un, under: "obj:t-o", lead: ["actor:t-ars"], addresses: ["theme:t-a"], evidence: {_quote(4)}}}
  - {{id: "action:t-2", name: Deux, under: "obj:t-o", lead: ["actor:t-centre"], evidence: {_quote(5)}}}
links:
  - {{from: "actor:t-centre", rel: CONTRIBUTES_TO, to: "action:t-1", evidence: {_quote(3)}}}
""",  # noqa: E501
    "b_actors.yaml": f"""source: src:t-doc
actors:
  - {{id: "actor:t-ars", name: ARS Test, kind: state_agency, evidence: {_quote(2)}}}
  - {{id: "actor:t-centre", name: Centre Test, kind: hospital, evidence: {_quote(3)}}}
themes:
  - {{id: "theme:t-a", name: Accès, evidence: {_quote(6)}}}
plans:
  - {{id: "plan:t-plan", name: Plan test, kind: roadmap, issued_by: ["actor:t-ars"], evidence: {_quote(7)}}}
objectives:
  - {{id: "obj:t-o", name: Accès, kind: objective, plan: "plan:t-plan", evidence: {_quote(8)}}}
""",
    "c_sources.yaml": """sources:
  - {id: "src:t-doc", title: Document de test, file: t.txt}
""",
}


def _write(folder: Path, files: dict[str, str]) -> tuple[list[Path], Path]:
    folder.mkdir(parents=True, exist_ok=True)
    sources = folder / "sources"
    sources.mkdir(exist_ok=True)
    (sources / "t.txt").write_text("\n".join(DOC) + "\n", encoding="utf-8")
    paths = []
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    return sorted(paths), sources


@pytest.fixture
def spool_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the spools go during the test (tempfile's folder), to see what is left there."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def test_forward_references_across_files_validate(tmp_path: Path, spool_root: Path) -> None:
    paths, sources = _write(tmp_path / "x", GOOD)
    with seed.read(paths, sources_dir=sources) as bundle:
        assert bundle.counts() == {
            "Action": 2,
            "Actor": 2,
            "Objective": 1,
            "Plan": 1,
            "Source": 1,
            "Theme": 1,
            "rel:ADDRESSES": 1,
            "rel:CONTRIBUTES_TO": 1,
            "rel:IN_PLAN": 1,
            "rel:ISSUES": 1,
            "rel:LEADS": 2,
            "rel:UNDER": 2,
            "rel:CITED_IN": 7,
        }
        leads = {(r["from"], r["to"]) for r in bundle.rels["LEADS"]}
        assert leads == {("actor:t-ars", "action:t-1"), ("actor:t-centre", "action:t-2")}
        assert all(r["source"] == "src:t-doc" for r in bundle.citations)
        assert bundle.quotes_checked == 8 and bundle.quotes_unchecked == 0
        ids = {"action:t-1", "action:t-2", "actor:t-ars", "actor:t-centre", "obj:t-o", "plan:t-plan", "src:t-doc"}
        assert len(bundle.ids) == 8 and set(bundle.ids) == ids | {"theme:t-a"}
        assert len(bundle.rel_keys) == 15
        assert list(spool_root.iterdir()), "the rows are on disk while the bundle is open"
    assert not list(spool_root.iterdir()), "closing the bundle removes its spool"


def test_the_same_extracts_in_another_file_order_make_the_same_bundle(tmp_path: Path, spool_root: Path) -> None:
    paths, sources = _write(tmp_path / "x", GOOD)
    renamed = {f"{chr(ord('z') - i)}_{name[2:]}": text for i, (name, text) in enumerate(GOOD.items())}
    other, other_sources = _write(tmp_path / "y", renamed)  # c_ first now: nothing is deferred
    with seed.read(paths, sources_dir=sources) as a, seed.read(other, sources_dir=other_sources) as b:
        assert a.counts() == b.counts()
        assert a.rel_keys != [] and sorted(a.rel_keys) == sorted(b.rel_keys)
        assert {r["id"]: r for r in a.nodes["Actor"]}.keys() == {r["id"]: r for r in b.nodes["Actor"]}.keys()


def test_the_spool_goes_with_the_bundle_and_when_validation_fails(tmp_path: Path, spool_root: Path) -> None:
    paths, sources = _write(tmp_path / "x", GOOD)
    bundle = seed.read(paths, sources_dir=sources)
    assert len(list(spool_root.iterdir())) == 1
    del bundle
    gc.collect()
    assert not list(spool_root.iterdir()), "a bundle garbage-collected takes its spool with it"
    bad = dict(GOOD, **{"b_actors.yaml": GOOD["b_actors.yaml"].replace('"actor:t-ars"', '"actor:t-other"')})
    paths, sources = _write(tmp_path / "y", bad)
    with pytest.raises(seed.SeedError):
        seed.read(paths, sources_dir=sources)
    assert not list(spool_root.iterdir()), "a failed validation leaves no spool"


def test_a_reference_to_an_id_no_later_file_defines_is_reported_where_it_is_written(tmp_path: Path) -> None:
    bad = dict(GOOD, **{"b_actors.yaml": GOOD["b_actors.yaml"].replace('"actor:t-ars"', '"actor:t-other"')})
    paths, sources = _write(tmp_path / "x", bad)
    with pytest.raises(seed.SeedError) as err:
        seed.read(paths, sources_dir=sources)
    assert [str(p) for p in err.value.problems] == [
        f"{tmp_path / 'x' / 'a_actions.yaml'}:3: actions[0].lead: unknown id actor:t-ars"
    ]


def _ev(line: int) -> str:
    return f'{{source: src:t-doc, line: {line}, quote: "{DOC[line - 1]}"}}'


# Problems of every kind the reader reports, over five files, several of them needing a later file.
BAD = {
    "p_a.yaml": f"""source: src:t-doc
territories:
  - {{id: "terr:t-x", name: X, kind: other, part_of: ["terr:t-y"], evidence: {_quote(1)}}}
actors:
  - {{id: "actor:t-ars", name: ARS Test, kind: state_agency, evidence: {_quote(2)}}}
mechanism_type_profiles:
  - {{type: "mtype:t-none", evidence: {_quote(1)}}}
actions:
  - {{id: "action:t-1", name: Un, under: "obj:t-o", lead: ["actor:t-nobody"], evidence: {_quote(4)}}}
  - {{id: "action:t-2", name: Deux, under: "obj:t-o", evidence: {{source: src:t-missing, line: 5, quote: "Action deux"}}}}
  - {{id: "action:t-3", name: Trois, under: "obj:t-o", evidence: {{line: 5, quote: "pas dans le texte"}}}}
links:
  - {{from: "actor:t-centre", rel: CONTRIBUTES_TO, to: "action:t-1", evidence: {_quote(3)}}}
  - {{from: "actor:t-centre", rel: CONTRIBUTES_TO, to: "action:t-nowhere", evidence: {_quote(3)}}}
  - {{from: "theme:t-a", rel: LEADS, to: "actor:t-ars", evidence: {_quote(6)}}}
""",  # noqa: E501
    "p_b.yaml": f"""source: src:t-undeclared
territories:
  - {{id: "terr:t-y", name: Y, kind: other, part_of: ["terr:t-x"], evidence: {_ev(1)}}}
actors:
  - {{id: "actor:t-ars", name: ARS bis, kind: state_agency, evidence: {_ev(2)}}}
  - {{id: "actor:t-centre", name: Centre Test, kind: hospital, evidence: {{source: src:t-doc, quote: "sans ligne"}}}}
themes:
  - {{id: "theme:t-a", name: Accès, evidence: {_ev(6)}}}
plans:
  - {{id: "plan:t-plan", name: Plan test, kind: roadmap, issued_by: ["actor:t-ars"], evidence: {_ev(7)}}}
objectives:
  - {{id: "obj:t-o", name: Accès, kind: objective, plan: "plan:t-plan", evidence: {_ev(8)}}}
links:
  - {{from: "actor:t-centre", rel: CONTRIBUTES_TO, to: "action:t-1", evidence: {_ev(3)}}}
""",
    "p_c.yaml": """sources:
  - {id: "src:t-doc", title: Document de test, file: t.txt}
  - {id: "src:t-doc", title: Encore, file: t.txt}
""",
    "p_d.yaml": """actors:
  - {id: "actor:t-d", name: Sans sorte}
""",
    "p_e.yaml": """actors: [
""",
}

# What the reader reported before streaming (main at 862292b, on the same files), file names relative.
BAD_PROBLEMS = [
    "p_a.yaml:3: territories[0].part_of: PART_OF cycle: terr:t-x -> terr:t-y -> terr:t-x",
    "p_a.yaml:7: mechanism_type_profiles[0].type: unknown mechanism type mtype:t-none",
    "p_a.yaml:9: actions[0].lead: unknown id actor:t-nobody",
    "p_a.yaml:10: actions[1].evidence[0].source: unknown source src:t-missing",
    "p_a.yaml:11: actions[2].evidence[0].quote: quote not found verbatim in t.txt: 'pas dans le texte'",
    "p_a.yaml:14: links[1]: CONTRIBUTES_TO to unknown id action:t-nowhere",
    "p_a.yaml:15: links[2]: LEADS cannot join a Theme (theme:t-a) to a Actor (actor:t-ars); "
    "it joins ['Actor', 'Body'] to ['Action']",
    "p_b.yaml:1: source: unknown source src:t-undeclared (declare it under `sources:`)",
    "p_b.yaml:5: actors[0].id: actor:t-ars is defined twice (also p_a.yaml:5)",
    "p_b.yaml:6: actors[1].evidence[0].line: evidence from document src:t-doc needs a line",
    "p_b.yaml:14: links[0]: this CONTRIBUTES_TO link is stated twice (also p_a.yaml:13)",
    "p_c.yaml:3: sources[1].id: src:t-doc is defined twice (also p_c.yaml:2)",
    "p_d.yaml:2: actors[0].evidence: required, and missing",
    "p_d.yaml:2: actors[0].kind: required, and missing",
    "p_e.yaml:2: YAML syntax: did not find expected node content",
]


def test_every_kind_of_problem_is_reported_as_before(tmp_path: Path, spool_root: Path) -> None:
    paths, sources = _write(tmp_path / "x", BAD)
    with pytest.raises(seed.SeedError) as err:
        seed.read(paths, sources_dir=sources)
    prefix = str(tmp_path / "x") + "/"
    assert [str(p).replace(prefix, "") for p in err.value.problems] == BAD_PROBLEMS
    assert not list(spool_root.iterdir())
