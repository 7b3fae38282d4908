"""``kb source``: the passage of a document around a cited line (kb.sources.passage)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb import sources
from kb.db import Graph
from kb.errors import InvalidInput, NotFound, UsageError
from tests.helpers import SOURCES, KbRunner, source_line

ORNE = "src:001-ars-normandie-orne-2024-2025"


def test_passage_marks_the_quote_the_graph_cites_over_the_lines_it_runs_on(seeded: Graph) -> None:
    # 001 l.1864-1865: "Avec CLS Flers agglo (signé le 22/11/23) et" / "futur CLS Collines du Perche",
    # cited by seed/001 as one quote running over both lines.
    passage = sources.passage(seeded, ORNE, 1864, context=2, folder=SOURCES)
    assert (passage.first, passage.last) == (1862, 1867)
    assert [ln.number for ln in passage.lines if ln.quoted] == [1864, 1865]
    assert passage.lines[2].text == source_line("001", 1864)
    assert "signé le 22/11/23" in passage.lines[2].text
    assert any("futur CLS Collines du Perche" in q for q in passage.quotes)


def test_passage_with_a_given_quote_marks_only_its_lines(seeded: Graph) -> None:
    # 001 l.1864: "Avec CLS Flers agglo (signé le 22/11/23)" ends on its own line.
    passage = sources.passage(seeded, ORNE, 1864, context=0, quote="Avec CLS Flers agglo (signé le 22/11/23)")
    assert [(ln.number, ln.quoted) for ln in passage.lines] == [(1864, True)]


def test_passage_at_the_start_of_a_document_stops_at_line_one(seeded: Graph) -> None:
    first_words = " ".join(source_line("001", 1).split()[:4])  # a quote within line 1
    passage = sources.passage(seeded, ORNE, 1, context=3, quote=first_words)
    assert passage.first == 1 and passage.last == 4
    assert passage.lines[0].text == source_line("001", 1)


def test_passage_refusals_say_what_is_wrong(seeded: Graph, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="No source has the id"):
        sources.passage(seeded, "src:nope", 1)
    with pytest.raises(InvalidInput, match="data set, not a document"):
        sources.passage(seeded, "src:cog-insee", 1)
    with pytest.raises(InvalidInput, match="there is no line 999999"):
        sources.passage(seeded, ORNE, 999999)
    with pytest.raises(UsageError, match="MAILLAGE_SOURCES_DIR"):
        sources.passage(seeded, ORNE, 1864, folder=tmp_path / "absent")
    with pytest.raises(NotFound, match="not found in"):
        sources.passage(seeded, ORNE, 1864, folder=tmp_path)  # a folder without the document


def test_kb_source_prints_numbered_lines_with_the_quote_marked(kb: KbRunner) -> None:
    result = kb("source", ORNE, "--line", "1864", "--context", "1")
    assert result.exit_code == 0, result.output
    lines = [ln for ln in result.stdout.splitlines() if ln.strip()]
    marked = [ln for ln in lines if ln.startswith("▶")]
    assert len(marked) == 2 and "1864" in marked[0] and "signé le 22/11/23" in marked[0]
    assert any(" 1863" in ln and not ln.startswith("▶") for ln in result.stdout.splitlines())


def test_kb_source_json_carries_the_passage(kb: KbRunner) -> None:
    result = kb("source", ORNE, "--line", "1864", "--context", "0", "-F", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["file"].startswith("001_") and [ln["number"] for ln in data["lines"]] == [1864, 1865]


def test_kb_source_without_the_documents_folder_says_so_and_exits_2(
    kb: KbRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kb.config import get_settings

    monkeypatch.setenv("MAILLAGE_SOURCES_DIR", str(tmp_path / "absent"))
    get_settings.cache_clear()
    result = kb("source", ORNE, "--line", "1864")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr and "MAILLAGE_SOURCES_DIR" in result.stderr
    assert "Traceback" not in result.output
