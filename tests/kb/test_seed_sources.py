"""Sources are checked, not assumed (issue 13 item 3): a missing or outside source file is an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb import seed

EXTRACT = """source: src:t
sources:
  - {{id: src:t, title: T, file: "{file}"}}
actors:
  - {{id: "actor:x", name: X, kind: other, evidence: {{line: 1, quote: "some words here"}}}}
"""


def _write(tmp_path: Path, file: str) -> tuple[Path, Path]:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "doc.txt").write_text("some words here\n", encoding="utf-8")
    extract = tmp_path / "x.yaml"
    extract.write_text(EXTRACT.format(file=file), encoding="utf-8")
    return extract, sources


@pytest.mark.parametrize("file", ["missing.txt", "../../../../etc/passwd", "/etc/passwd"])
def test_a_missing_or_outside_source_file_is_an_error(tmp_path: Path, file: str) -> None:
    extract, sources = _write(tmp_path, file)
    with pytest.raises(seed.SeedError) as err:
        seed.read([extract], sources_dir=sources)
    (problem,) = err.value.problems
    assert problem.field == "sources[0].file"
    assert ("outside" in problem.message) if "passwd" in file else ("not found" in problem.message)
    assert "lines)" not in problem.message  # the file was not read: nothing about its length leaks


def test_no_quote_check_loads_and_counts_what_went_unchecked(tmp_path: Path) -> None:
    extract, sources = _write(tmp_path, "missing.txt")
    bundle = seed.read([extract], sources_dir=sources, quote_check=False)
    assert bundle.quotes_checked == 0 and bundle.quotes_unchecked == 1


def test_a_present_source_is_checked(tmp_path: Path) -> None:
    extract, sources = _write(tmp_path, "doc.txt")
    assert seed.read([extract], sources_dir=sources).quotes_checked == 1
