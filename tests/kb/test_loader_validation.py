"""Validation at scale: line numbers built only to report a problem, parsed files cached by content
hash, quotes checked without a regex per window (issue 12 item 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb import quotes, seed, yaml_lines
from tests.helpers import SOURCES

ROOT = Path(__file__).resolve().parents[2]

# 001 l.9: "ayant pour objectif de mieux répondre aux besoins des territoires"
ACTOR = """\
  - id: actor:validation-{i}
    name: Validation actor {i}
    kind: association
    based_in: [{where}]
    evidence: {{line: 9, quote: "ayant pour objectif de mieux répondre aux besoins des territoires"}}
"""


def _big_extract(path: Path, bad_at: int, count: int = 1500) -> int:
    """An extract over the cache threshold; actor ``bad_at`` refers to an unknown territory.
    Returns the line of that actor's ``based_in``."""
    head = "source: src:001-ars-normandie-orne-2024-2025\nactors:\n"
    parts = [ACTOR.format(i=i, where="terr:fr-dep-999" if i == bad_at else "terr:fr-dep-61") for i in range(count)]
    text = head + "".join(parts)
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size >= yaml_lines.CACHE_MIN_BYTES
    return 2 + 5 * bad_at + 4


def test_a_problem_deep_in_a_big_file_gets_its_line_parsed_or_cached(tmp_path: Path) -> None:
    extract = tmp_path / "zz_big.yaml"
    line = _big_extract(extract, bad_at=1234)
    refs = sorted((ROOT / "seed").glob("ref_*.yaml"))
    messages = []
    for _ in range(2):  # the second read comes from the cache: same problem, same line
        with pytest.raises(seed.SeedError) as err:
            seed.read([extract, *refs], sources_dir=SOURCES)
        problems = [str(p) for p in err.value.problems if p.file.endswith("zz_big.yaml")]
        messages.append(problems)
    assert messages[0] == messages[1]
    assert messages[0] == [f"{extract}:{line}: actors[1234].based_in: unknown id terr:fr-dep-999"]


def test_the_cache_returns_what_the_parser_returns_and_lines_on_demand(tmp_path: Path) -> None:
    extract = tmp_path / "zz_big.yaml"
    _big_extract(extract, bad_at=0)
    cache = tmp_path / "cache"
    parsed, lines = yaml_lines.load(extract, cache=cache)
    assert len(list(cache.iterdir())) == 1
    cached, cached_lines = yaml_lines.load(extract, cache=cache)
    assert cached == parsed == yaml_lines.loads(extract.read_text(encoding="utf-8"))[0]
    assert yaml_lines.line_of(cached_lines, ("actors", 7, "based_in")) == 2 + 5 * 7 + 4
    assert yaml_lines.line_of(lines, ("actors", 7)) == 2 + 5 * 7 + 1
    # A changed file is a new cache entry (keyed by content), never the old data.
    extract.write_text(extract.read_text(encoding="utf-8").replace("Validation actor 7\n", "Renamed\n"), "utf-8")
    changed, _ = yaml_lines.load(extract, cache=cache)
    assert changed["actors"][7]["name"] == "Renamed" and len(list(cache.iterdir())) == 2


@pytest.mark.parametrize(
    "line, quote, expected",
    [
        # 001 l.9, the quote as the validator accepts it, and one that starts a line later
        (9, "ayant pour objectif de mieux répondre aux besoins des territoires", True),
        (8, "ayant pour objectif de mieux répondre aux besoins des territoires", False),
    ],
)
def test_the_window_check_agrees_with_the_plain_one(line: int, quote: str, expected: bool) -> None:
    lines = (SOURCES / "001_ec0f38818a6bbfe9.txt").read_text(encoding="utf-8").split("\n")
    normed = [quotes.norm(x) for x in lines]
    assert quotes.starts_at(lines, line, quote) is expected
    assert quotes.starts_at_normed(normed, line, quotes.norm(quote)) is expected
    # the regex-free check agrees with a whole-window join at every line of the document's start
    q = quotes.norm(quote)
    for i in range(1, 60):
        window = quotes.norm(" ".join(lines[i - 1 : i - 1 + quotes.WINDOW]))
        pos = window.find(q)
        # a quote starts within its line's own words (never on the blank line before them)
        assert quotes.starts_at_normed(normed, i, q) is (0 <= pos < len(normed[i - 1])), i


# 004 l.463 is blank; l.464: "-Constituer un comité de pilotage avec un représentant de  tous  les acteurs du projet"
COPIL = (
    "-Constituer un comité de pilotage avec un représentant de tous les acteurs du projet et des habitants si possible."
)


def test_a_quote_cited_on_the_blank_line_before_its_words_is_refused_with_its_line() -> None:
    lines = (SOURCES / "004_2e0ac5f0005a6790.txt").read_text(encoding="utf-8").split("\n")
    assert lines[462].strip() == "" and lines[463].startswith("-Constituer un comité de pilotage")
    assert quotes.starts_at(lines, 464, COPIL)
    assert not quotes.starts_at(lines, 463, COPIL)
    texts = quotes.SourceTexts(SOURCES)
    assert texts.check("004_2e0ac5f0005a6790.txt", 464, COPIL) is None
    assert texts.check("004_2e0ac5f0005a6790.txt", 463, COPIL) == (
        "quote is not at line 463 of 004_2e0ac5f0005a6790.txt; it starts at line 464"
    )
