"""Property tests (hypothesis): the extract validator, name folding, the full-text query builder.

Examples per test are bounded by the ``ci`` profile registered here (``HYPOTHESIS_PROFILE=dev``
for more), so the suite's time stays bounded; no deadline, the machine is shared.
"""

from __future__ import annotations

import os
import string
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kb import resolve, seed
from kb.db import Graph
from kb.errors import InvalidInput
from kb.models import Extract
from kb.seed import SeedError
from kb.text import fold, lucene_query, words
from tests.helpers import SOURCES, source_line

settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.register_profile(
    "dev", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# -- the extract validator: any file gives a Bundle or a SeedError, never another exception ---------

SECTIONS = [name for name in Extract.model_fields if name not in ("source",)]
FIELDS = ["id", "name", "kind", "code", "part_of", "evidence", "line", "quote", "source", "from", "to", "rel", "type"]
ID_PREFIXES = ["actor:", "terr:", "mech:", "theme:", "src:", "action:", "nope:", ""]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.builds(lambda p, s: p + s, st.sampled_from(ID_PREFIXES), st.text(string.ascii_lowercase + "-", max_size=12)),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), inner, max_size=4),
    ),
    max_leaves=20,
)
records = st.dictionaries(st.sampled_from(FIELDS), values, max_size=6)
extracts = st.dictionaries(
    st.sampled_from([*SECTIONS, "source"]) | st.text(max_size=10),
    st.one_of(st.lists(records, max_size=3), values),
    max_size=4,
)


def _validate(tmp: Path, text: str) -> None:
    path = tmp / "zz_random.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        seed.read([path], sources_dir=SOURCES)
    except SeedError as err:
        assert err.problems, "a SeedError names at least one problem"
        for problem in err.problems:
            assert problem.file == str(path) and isinstance(problem.line, int)


@given(data=extracts)
def test_random_records_give_validation_problems_never_a_crash(tmp_path: Path, data: dict[str, Any]) -> None:
    _validate(tmp_path, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


# Pieces YAML gives meaning to, so that random text hits the parser's corners: tags (!), merge keys,
# complex keys, control characters and NUL included (kb/yaml_lines.py refuses them with file:line).
YAML_PIECES = st.sampled_from(
    [*":-[]{},#&*|>'\"%@`?!\n \t\x07\x00", "id: ", "actors:", "\n  - ", "- ", "&a ", "*a", "<<: ", "? ", "!!int "]
)
YAML_TEXT = st.lists(YAML_PIECES | st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80).map("".join)


@given(text=YAML_TEXT)
@example(text="a: &x 1\nb: *x\n")  # an alias
def test_random_yaml_text_gives_validation_problems_never_a_crash(tmp_path: Path, text: str) -> None:
    _validate(tmp_path, text)


@pytest.mark.parametrize(
    "text",
    ["a: 1\n<<: {b: 2}\n", "a: !!python/object:os.system 1\n", "a: \x07\n", "a: 1\x00\n"],
    ids=["merge-key", "tag", "bel", "nul"],
)
def test_merge_keys_and_control_characters_give_validation_problems(tmp_path: Path, text: str) -> None:
    _validate(tmp_path, text)


# -- name folding ---------------------------------------------------------------------------------

# The alphabet of the documents: French and Belgian names, typographic apostrophes, spaces.
LATIN = st.text(
    st.sampled_from(
        list(string.ascii_letters + string.digits + " -'’\u00a0\t") + list("éèêëàâäîïôöùûüçœæÉÈÊËÀÂÄÎÏÔÖÙÛÜÇŒÆ")
    ),
    max_size=40,
)


@given(st.text(max_size=60))
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(LATIN)
def test_fold_of_a_latin_name_is_ascii_lower_case_with_single_spaces(text: str) -> None:
    folded = fold(text)
    assert folded.isascii() and folded == folded.lower()
    assert "  " not in folded and folded == folded.strip()
    assert fold(text.upper()) == fold(text.lower()) == folded


def test_fold_spells_out_the_ligatures() -> None:
    # 000 l.106 "en œuvre de": NFKD keeps œ/æ whole, so "oeuvre" found nothing (issue 10, debts item 4).
    assert "œuvre" in source_line("000", 106)
    assert fold("Mettre en Œuvre") == fold("mettre en œuvre") == "mettre en oeuvre"
    assert fold("ÆQUO cæcum") == "aequo caecum"
    assert words("Mettre en œuvre le SAS 61") == ["mettre", "oeuvre", "sas"]
    assert lucene_query("œuvre") == "(oeuvre OR oeuvre*)"


def test_a_name_with_a_ligature_resolves_when_typed_without_it(seeded: Graph) -> None:
    # 001 l.711: "Mettre en œuvre le SAS 61 FIR Intervention": the action's exact folded name.
    assert source_line("001", 711).startswith("Mettre en œuvre le SAS 61")
    assert resolve.resolve(seeded, "Mettre en oeuvre le SAS 61").id == "action:orne-ws08-a01"
    assert resolve.resolve(seeded, "METTRE EN ŒUVRE LE SAS 61").id == "action:orne-ws08-a01"


@given(LATIN)
def test_fold_ignores_accents_and_apostrophe_style(text: str) -> None:
    # "Créteil" and "creteil", "l’Orne" and "l'Orne" fold alike (seed 004 writes Créteil).
    assert fold(text.replace("’", "'")) == fold(text)
    assert fold(text) == fold(fold(text).upper())


# -- the full-text query builder: whatever is typed, Lucene accepts the query ----------------------


@given(st.text(max_size=60))
def test_lucene_query_uses_only_letters_digits_and_its_own_syntax(text: str) -> None:
    query = lucene_query(text)
    for token in query.replace("(", " ").replace(")", " ").replace("*", " ").split():
        assert token in ("AND", "OR") or (token.isascii() and token.isalnum() and token == token.lower())


@settings(max_examples=60)
@given(text=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=40))
@example(text="*:* OR name:orne AND DETACH DELETE")
@example(text='" OR 1=1 //')
@example(text="AND OR NOT TO")
@example(text="a~2 b^3 [x TO y] /re/ \\")
def test_lucene_query_is_accepted_by_the_real_full_text_index(seeded: Graph, text: str) -> None:
    if not lucene_query(text):
        with pytest.raises(InvalidInput, match="at least one letter or digit"):
            resolve.search(seeded, text)
        return
    hits = resolve.search(seeded, text, limit=5)  # a query Lucene refused would raise QueryRejected
    assert len(hits) <= 5


def test_shorten_cuts_at_a_word_and_only_when_too_long() -> None:
    from kb.text import shorten

    quote = "Le contrat local de santé est porté par la communauté d'agglomération Flers Agglo."
    assert shorten(quote, 200) == quote
    short = shorten(quote, 40)
    assert len(short) <= 40 and short.endswith("…") and quote.startswith(short[:-1])
    assert quote[len(short) - 1] == " "  # the cut falls between two words
    assert shorten("Anticonstitutionnellement" * 3, 20) == ("Anticonstitutionnellement" * 3)[:19] + "…"
