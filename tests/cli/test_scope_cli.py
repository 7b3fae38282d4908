"""`kb who` scopes and summaries, `kb coverage` and `kb perimeters import` from the command line."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.db import Graph
from tests.helpers import forget_imports, source_line

DATA = Path(__file__).resolve().parent.parent / "data"


def test_who_table_summarises_large_container_groups_and_csv_carries_every_row(kb) -> None:  # type: ignore[no-untyped-def]
    table = kb("who", "Flers")
    assert table.exit_code == 0, table.output
    csv_rows = list(csv.DictReader(io.StringIO(kb("who", "Flers", "-F", "csv").stdout)))
    # the Orne's schemes, bodies and the actions targeted at it (the plans covering a container are one
    # row each, with their actions counted: tests/kb/test_who.py)
    orne = sum(1 for r in csv_rows if r["territory"] == "Orne" and r["scope"] == "container")
    assert orne > 20
    assert f"+ {orne} rows from Orne-wide plans, schemes and actors: --scope containers" in table.stdout
    counts = {s: sum(1 for r in csv_rows if r["scope"] == s) for s in ("self", "part", "container")}
    assert (
        f"{len(csv_rows)} roles on Flers (terr:fr-com-61169): {counts['self']} on the place, "
        f"{counts['part']} on its parts, {counts['container']} on the territories containing it." in table.stderr
    )
    # small groups are shown in full: Flers Agglo holds the CLS Flers Agglo (001 l.1864) and one action
    assert "CLS Flers agglo" in source_line("001", 1864)
    # (the official reference names it "Communauté d'agglomération Flers Agglo", COG 2025)
    agglo = "Communauté d'agglomération Flers Agglo"
    assert 0 < sum(1 for r in csv_rows if r["territory"] == agglo) <= 20
    assert f"rows from {agglo}-wide" not in table.stdout


def test_who_scope_and_paging(kb) -> None:  # type: ignore[no-untyped-def]
    every = json.loads(kb("who", "Orne", "-F", "json").stdout)
    parts = json.loads(kb("who", "Orne", "--scope", "parts", "-F", "json").stdout)
    assert parts == [r for r in every if r["scope"] == "part"]
    page = json.loads(kb("who", "Orne", "--scope", "parts", "--limit", "4", "--offset", "2", "-F", "json").stdout)
    assert page == parts[2:6]
    bad = kb("who", "Orne", "--scope", "everywhere")
    assert bad.exit_code == 2


def test_gaps_say_the_cpts_perimeters_are_unknown(kb) -> None:  # type: ignore[no-untyped-def]
    # 001 l.1559 "4 CPTS du département", no perimeter given
    result = kb("gaps", "--territory", "Orne", "--kind", "coverage", "--mechanism-type", "CPTS", "-F", "json")
    rows = json.loads(result.stdout)
    flers = next(r for r in rows if r["subject"] == "Flers")
    assert flers["details"]["status"] == "unknown" and "have no recorded perimeter" in flers["why"]
    assert "coverage unknown (no recorded perimeter)" in result.stderr


@pytest.fixture
def kb_import(kb, seeded: Graph) -> Iterator:  # type: ignore[no-untyped-def,type-arg]
    forget_imports(seeded)
    yield kb
    forget_imports(seeded)


def test_perimeters_import_reports_and_is_idempotent(kb_import) -> None:  # type: ignore[no-untyped-def]
    path = str(DATA / "perimeters_cpts_good.csv")
    dry = kb_import("perimeters", "import", path, "--mechanism-type", "CPTS", "--dry-run")
    assert dry.exit_code == 0 and "3 code(s) matched, 0 unmatched" in dry.stderr and "dry run" in dry.stderr
    first = kb_import("perimeters", "import", path, "--mechanism-type", "CPTS", "-F", "json")
    assert first.exit_code == 0 and json.loads(first.stdout)["written"]
    again = kb_import("perimeters", "import", path, "--mechanism-type", "CPTS")
    assert again.exit_code == 0 and "already imported, nothing changed" in again.stderr
    covered = json.loads(kb_import("coverage", "Flers", "-t", "CPTS", "-F", "json").stdout)
    assert covered[0]["status"] == "covered" and covered[0]["mechanisms"] == ["CPTS Orne Ouest"]


def test_perimeters_import_refuses_a_bad_file_in_one_line(kb_import) -> None:  # type: ignore[no-untyped-def]
    result = kb_import("perimeters", "import", str(DATA / "perimeters_cpts_unknown_code.csv"), "-t", "CPTS")
    assert result.exit_code == 1
    assert "61999 (line 4)" in result.stderr and "nothing was written" in result.stderr
    assert "Traceback" not in result.output


def test_who_table_says_a_plan_summary_count_in_the_role_at_80_columns(kb, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """A plan covering a container is one row (tests/kb/test_who.py); the table keeps its count where an
    80-column terminal still shows it, the role cell, and says one-word relationship types in words
    (COVERS -> covers: 001 l.1864, the CLS Flers Agglo covers the agglomeration)."""
    rows = json.loads(kb("who", "Flers (61)", "-F", "json").stdout)
    summaries = [r for r in rows if r["role"] == "PLAN_ACTIONS"]
    assert summaries and all(r["actions"] > 0 for r in summaries)
    assert all(r["actions"] is None for r in rows if r["role"] != "PLAN_ACTIONS")
    monkeypatch.setenv("COLUMNS", "80")
    table = kb("who", "Flers (61)", "--summarise", "0")
    assert table.exit_code == 0, table.output
    # the role column (the second) read down the table: a cell that wraps continues on the next lines
    roles = " ".join(line.split("│")[2].strip() for line in table.stdout.splitlines() if line.startswith("│")).split()
    said = " ".join(roles)
    for r in summaries:
        assert f"plan actions: {r['actions']}" in said
    assert "CLS Flers agglo" in source_line("001", 1864)
    assert "covers" in roles and "COVERS" not in roles
