"""Hostile extracts (issue 13, holes 3, 4 and 8): the reader refuses, it never crashes or explodes.

Each refused construct is answered as ``file:line: field: message`` by ``kb.seed.read`` (no
database needed), and a hypothesis suite over raw text, raw bytes, structured YAML and mutated
real extracts shows that nothing but ``SeedError`` comes out of reading. Example counts come from
the ``maillage-hostile`` profile (``MAILLAGE_FUZZ_SCALE`` multiplies them; 1 = about 30,000).
"""

from __future__ import annotations

import os
import tempfile
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb import graph_checks, seed, yaml_lines
from kb.errors import InvalidInput

ROOT = Path(__file__).resolve().parents[2]
REF_SOURCES = ROOT / "seed" / "ref_sources.yaml"
SOURCES_DIR = ROOT.parent / "shared" / "seeds"

SCALE = float(os.environ.get("MAILLAGE_FUZZ_SCALE", "1"))
settings.register_profile(
    "maillage-hostile",
    deadline=None,
    database=None,
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
PROFILE = settings.get_profile("maillage-hostile")


def _examples(n: int) -> int:
    return max(10, int(n * SCALE))


def _read(path: Path) -> list[str]:
    """Problems as ``file:line: field: message`` strings (empty when the extract is valid)."""
    try:
        seed.read([path, REF_SOURCES], SOURCES_DIR)
    except seed.SeedError as err:
        return [str(p) for p in err.problems]
    return []


def _problems_of(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return _read(path)


TERRITORY = """\
territories:
  - id: terr:a
    name: A
    kind: country
    code: {code}
    evidence: {{source: src:cog-insee, quote: "AAA"}}
"""

# (YAML text, line, words of the message). Line numbers are those of the texts here.
REFUSED = [
    ("territories:\n  - &t {id: terr:a, name: A, kind: country}\n  - *t\n", 2, "anchors (&t) are not allowed"),
    ("territories:\n  - *t\n", 2, "territories[0]: YAML aliases (*t) are not allowed"),
    ("territories:\n  - id: !!python/name:os.system terr:a\n", 2, "explicit YAML tags"),
    ("territories:\n  - id: terr:a\n    code: !!int abc\n", 3, "explicit YAML tags (tag:yaml.org,2002:int)"),
    ("territories:\n  - id: terr:a\n    code: !custom 3\n", 3, "explicit YAML tags"),
    ("territories: !!set {a, b}\n", 1, "explicit YAML tags"),
    ("territories:\n  - <<: {id: terr:a}\n    name: A\n", 2, "merge keys (<<) are not allowed"),
    ("? [a, b]\n: 1\n", 1, "complex keys"),
    ("territories:\n  - ? {id: x}\n    : 1\n", 2, "complex keys"),
    ('territories:\n  - id: terr:a\n    name: "A\\0B"\n', 3, "control character U+0000"),
    ("territories:\n  - id: terr:a\n    name: A\x01B\n", 3, "control character U+0001"),
    ("territories:\n  - id: terr:a\n    name: A\x00B\n", 3, "control character U+0000"),
    ('territories:\n  - id: terr:a\n    name: "\\x85"\n', 3, "control character U+0085"),
    ("a: 1\n---\nb: 2\n", 2, "one YAML document per extract file"),
    ('territories:\n  - "id\\n": terr:a\n', 2, "territories[0]: the key 'id\\n' holds a line break"),
    ('"\\n": {"\\x1f": 1}\n', 1, "the key '\\n' holds a line break"),
    ("territories:\n  - id: terr:a\n    id: terr:b\n", 3, "duplicate key 'id'"),
    ("territories:\n  - id: terr:a\n    code: " + "9" * 5000 + "\n", 3, "cannot read the value"),
    ("territories: [" + "[" * 80 + "]" * 80 + "]\n", 1, "nesting deeper than 64 levels"),
    ("x: " + "[" * 100_000 + "\n", 1, "YAML syntax"),
    ('territories:\n  - id: terr:a\n    name: "\\ud800"\n', 3, "YAML syntax"),
]


@pytest.mark.parametrize(("text", "line", "words"), REFUSED)
def test_constructs_extracts_do_not_need_are_refused_with_file_and_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    problems = _problems_of(tmp_path, text)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{tmp_path / 'hostile.yaml'}:{line}: "), problems
    assert words in problems[0]


@pytest.mark.parametrize("value", [".inf", "-.inf", ".Inf", ".NaN", ".nan", "+.INF"])
def test_non_finite_numbers_are_refused(tmp_path: Path, value: str) -> None:
    """issue 13, hole 8: `amount_eur: .inf` was accepted, then written as `Infinity` in JSON."""
    text = (
        f"actions:\n  - id: action:x\n    name: X\n    funding:\n      - funder: actor:y\n        amount_eur: {value}\n"
    )
    problems = _problems_of(tmp_path, text)
    assert problems == [
        f"{tmp_path / 'hostile.yaml'}:6: actions[0].funding[0].amount_eur: non-finite number "
        f"{value!r} is not allowed in extracts"
    ]


def test_the_billion_laughs_file_is_refused_at_its_first_anchor_without_expanding(tmp_path: Path) -> None:
    """issue 13, hole 3: 382 bytes of nested aliases took 47 s and 4.9 GB. Refused at line 1,
    the first anchor, reading a few kilobytes at most (tracemalloc's peak)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
    text = "\n".join(lines) + "\nz: [*i,*i,*i,*i,*i,*i]\n"
    assert 340 <= len(text.encode()) <= 400  # the size class
    tracemalloc.start()
    try:
        problems = _problems_of(tmp_path, text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problems == [f"{tmp_path / 'hostile.yaml'}:1: a: YAML anchors (&a) are not allowed in extracts"]
    assert peak < 20 * 1024 * 1024


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yaml_lines, "MAX_BYTES", 3000)  # seed/ref_sources.yaml is smaller
    text = TERRITORY.format(code="FR") + "# padding\n" * 400
    problems = _problems_of(tmp_path, text)
    size = len(text.encode())
    assert problems == [f"{tmp_path / 'hostile.yaml'}:1: the file is {size:,} bytes; an extract may hold at most 3,000"]


def test_a_file_with_too_many_values_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_lines, "MAX_NODES", 500)  # seed/ref_sources.yaml holds fewer
    problems = _problems_of(tmp_path, "territories: [" + ", ".join(f"t{i}" for i in range(1000)) + "]\n")
    assert problems == [
        # the 501st value: the mapping, its key, the list, then items 0..497
        f"{tmp_path / 'hostile.yaml'}:1: territories[{500 - 3}]: the file holds more than 500 values; "
        "split it into several extracts"
    ]


def test_bytes_that_are_not_utf8_are_refused_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "hostile.yaml"
    raw = b"territories:\n  - id: terr:a\n    name: caf\xe9\n"
    path.write_bytes(raw)
    problems = _read(path)
    offset = raw.index(b"\xe9")
    assert problems == [f"{path}:3: not UTF-8 text (byte 0xe9 at offset {offset})"]


def test_plain_values_still_read_as_before(tmp_path: Path) -> None:
    """Dates stay text, integer keys (milestones) stay integers, quoted numbers stay text."""
    data, lines = yaml_lines.loads("a: 2023-11-22\nb: {2021: x}\nc: '01'\nd: 1.5\ne: [true, null]\n")
    assert data == {"a": "2023-11-22", "b": {2021: "x"}, "c": "01", "d": 1.5, "e": [True, None]}
    assert lines[("b", 2021)] == 2 and lines[("e", 1)] == 5


# -- territory nesting (kb.graph_checks) --------------------------------------------------------


def _chain(n: int) -> str:
    """n territories, each PART_OF the previous one (n - 1 hops)."""
    out = ["territories:"]
    for i in range(n):
        out += [
            f"  - id: terr:t{i}",
            f"    name: T{i}",
            "    kind: region",
            "    evidence: {source: src:cog-insee, quote: TTT}",
        ]
        if i:
            out.append(f"    part_of: [terr:t{i - 1}]")
    return "\n".join(out) + "\n"


def test_a_territory_part_of_itself_is_refused(tmp_path: Path) -> None:
    """issue 13, hole 8: a territory PART_OF itself was accepted."""
    text = TERRITORY.format(code="FR") + "    part_of: [terr:a]\n"
    problems = _problems_of(tmp_path, text)
    assert problems == [f"{tmp_path / 'hostile.yaml'}:7: territories[0].part_of: terr:a is PART_OF itself"]


def test_a_part_of_cycle_is_refused_with_its_path(tmp_path: Path) -> None:
    text = _chain(3).replace(
        "    kind: region\n    evidence: {source: src:cog-insee, quote: TTT}\n  - id: terr:t1",
        "    kind: region\n    evidence: {source: src:cog-insee, quote: TTT}\n    part_of: [terr:t2]\n  - id: terr:t1",
        1,
    )
    problems = _problems_of(tmp_path, text)
    assert len(problems) == 1, problems
    assert "PART_OF cycle: " in problems[0]
    cycle = problems[0].split("PART_OF cycle: ")[1].split(" -> ")
    assert cycle[0] == cycle[-1] and set(cycle) == {"terr:t0", "terr:t1", "terr:t2"}


def test_nesting_deeper_than_the_queries_follow_is_refused_and_eight_levels_pass(tmp_path: Path) -> None:
    """The queries follow [:PART_OF*..8] (cypher/who_does_what.cypher): 8 hops pass, 9 do not."""
    assert _problems_of(tmp_path, _chain(9)) == []
    problems = _problems_of(tmp_path, _chain(10))
    assert len(problems) == 1, problems
    assert "territory nesting is 9 levels deep (terr:t9 -> terr:t8" in problems[0]
    assert "territories[9].part_of" in problems[0]


def test_the_real_extracts_have_no_nesting_problem() -> None:
    seed.read()  # raises SeedError listing every problem if any check fails


def test_nesting_checks_on_edges_directly() -> None:
    edges = [
        graph_checks.Edge("a", "b", "f", 1, "x"),
        graph_checks.Edge("b", "a", "f", 2, "y"),
        graph_checks.Edge("c", "c", "f", 3, "z"),
        graph_checks.Edge("d", "a", "f", 4, "w"),
    ]
    problems = graph_checks.part_of_problems(edges)
    assert [(p.line, p.message) for p in problems] == [(3, "c is PART_OF itself"), (1, "PART_OF cycle: a -> b -> a")]


# -- fuzzing: nothing but validation errors comes out of kb.seed reading -------------------------

_FUZZ_DIR = Path(tempfile.mkdtemp(prefix="maillage-hostile-fuzz-"))
_SEED_TEXT = (ROOT / "seed" / "ref_territories.yaml").read_text(encoding="utf-8")
_YAML_ALPHABET = st.sampled_from(
    [
        *"abcdefghijklmnopqrstuvwxyz0123456789 \n\t-:[]{}&*!|>'\"#%@`?,<=.~+_/\\",
        "\x00",
        "\x01",
        "\x1b",
        "\x7f",
        "\x85",
        "\u2028",
        "\ufeff",
        "\ufffe",
        "é",
        "€",
        "\r",
    ]
)
_TOKENS = st.sampled_from(
    [
        "&a ",
        "*a",
        "!!python/name:os.system ",
        "!!int ",
        "!!binary ",
        "<<: ",
        "? ",
        ": ",
        "- ",
        "\x00",
        ".inf",
        ".nan",
        "---\n",
        "...\n",
        "%YAML 1.1\n",
        "[",
        "]",
        "{",
        "}",
        '"\\ud800"',
        '"\\0"',
        "'",
        "|\n",
        "9" * 5000,
        "\n  ",
        "\n",
        "#",
        "part_of: [terr:fr]",
        "terr:fr",
        "id: terr:fr",
        "=",
        "~",
        "1e999",
        "0x1F",
        "1:20",
    ]
)
_KEYS = st.sampled_from(
    [
        "territories",
        "actors",
        "mechanisms",
        "actions",
        "sources",
        "links",
        "id",
        "name",
        "kind",
        "code",
        "part_of",
        "evidence",
        "source",
        "quote",
        "line",
        "funding",
        "amount_eur",
        "funder",
        "aliases",
        "rel",
        "from",
        "to",
    ]
)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["terr:fr", "terr:be", "src:cog-insee", "country", "PART_OF"])
)
_STRUCTURED = st.recursive(
    _SCALARS,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(_KEYS | st.text(max_size=8), children, max_size=6)
    ),
    max_leaves=40,
)


def _check(raw: bytes) -> None:
    """The property: reading ``raw`` as an extract gives a Bundle or a SeedError; nothing else."""
    fd, name = tempfile.mkstemp(suffix=".yaml", dir=_FUZZ_DIR)
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        try:
            seed.read([path, REF_SOURCES], SOURCES_DIR)
        except seed.SeedError as err:
            assert err.problems
            for problem in err.problems:
                assert problem.line >= 1 and problem.message and "\n" not in problem.message
        except InvalidInput as err:  # pragma: no cover - only expand() raises it, for missing files
            pytest.fail(f"unexpected InvalidInput: {err}")
    finally:
        path.unlink(missing_ok=True)


@settings(PROFILE, max_examples=_examples(8000))
@given(st.text(alphabet=_YAML_ALPHABET, max_size=300))
def test_fuzz_raw_yaml_like_text(text: str) -> None:
    _check(text.encode("utf-8", "surrogatepass"))


@settings(PROFILE, max_examples=_examples(3000))
@given(st.text(max_size=200))
def test_fuzz_raw_unicode_text(text: str) -> None:
    _check(text.encode("utf-8", "surrogatepass"))


@settings(PROFILE, max_examples=_examples(5000))
@given(st.binary(max_size=300))
def test_fuzz_raw_bytes(raw: bytes) -> None:
    _check(raw)


@settings(PROFILE, max_examples=_examples(4000))
@given(_STRUCTURED, st.lists(st.tuples(st.integers(0, 10_000), _TOKENS), max_size=3))
def test_fuzz_structured_yaml_with_hostile_tokens(data: object, splices: list[tuple[int, str]]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    for at, token in splices:
        at %= len(text) + 1
        text = text[:at] + token + text[at:]
    _check(text.encode("utf-8", "surrogatepass"))


@settings(PROFILE, max_examples=_examples(8000))
@given(
    st.lists(
        st.tuples(st.integers(0, len(_SEED_TEXT)), st.integers(0, 40), _TOKENS | st.text(_YAML_ALPHABET, max_size=5)),
        min_size=1,
        max_size=4,
    )
)
def test_fuzz_mutated_real_extract(mutations: list[tuple[int, int, str]]) -> None:
    """A real extract (seed/ref_territories.yaml) with spans cut and hostile tokens spliced in."""
    text = _SEED_TEXT
    for at, cut, token in mutations:
        at %= len(text) + 1
        text = text[:at] + token + text[at + cut :]
    _check(text.encode("utf-8", "surrogatepass"))


def test_a_value_with_a_line_break_gives_a_one_line_problem(tmp_path: Path) -> None:
    """Found by test_fuzz_mutated_real_extract (mutations [(536, 0, '\\n  '), (535, 1, '---\\n')] of
    seed/ref_territories.yaml): an unknown source whose value spans two lines made a two-line message."""
    extract = tmp_path / "broken.yaml"
    extract.write_text(
        "territories:\n  - id: terr:be\n    name: Belgique\n    kind: country\n"
        '    evidence: {source: "---\\nrc:statbel-nis", quote: "BE Belgique"}\n',
        encoding="utf-8",
    )
    with pytest.raises(seed.SeedError) as err:
        seed.read([extract, REF_SOURCES], SOURCES_DIR)
    messages = [p.message for p in err.value.problems]
    assert any(m.startswith("unknown source ---\\nrc:statbel-nis") for m in messages), messages
    assert all("\n" not in str(p) for p in err.value.problems)
