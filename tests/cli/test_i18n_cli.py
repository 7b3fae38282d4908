"""French under a French locale, English under C (issue 14 item 1): help, messages, errors, tables.

The runs set the locale the way a user's shell does (``LANG``), with ``MAILLAGE_LANG`` unset
(tests/conftest.py sets it to ``en`` for every other test)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner, Result

from cli.main import app
from kb import i18n
from kb.db import Graph
from tests.helpers import source_line

FRENCH = {"MAILLAGE_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "fr_FR.UTF-8", "COLUMNS": "160"}
ENGLISH = {"MAILLAGE_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "C", "COLUMNS": "160"}


@pytest.fixture
def run(cli_env: dict[str, str], seeded: Graph) -> object:
    def invoke(env: dict[str, str | None], *args: str) -> Result:
        return CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)

    return invoke


def test_help_is_french_under_a_french_locale_and_english_under_c(run) -> None:  # type: ignore[no-untyped-def]
    fr = run(FRENCH, "--help")
    assert fr.exit_code == 0
    assert "Codes de sortie" in fr.stdout and "Langue de l’interface" in fr.stdout
    assert "Qui fait quoi sur un territoire" in fr.stdout  # kb who's docstring, translated
    assert "Commandes" in fr.stdout  # Typer's own word, through the same catalog
    en = run(ENGLISH, "--help")
    assert "Exit codes" in en.stdout and "Who does what on a territory" in en.stdout
    assert "Codes de sortie" not in en.stdout
    who = run(FRENCH, "who", "--help")
    assert "Exemple\u00a0: kb who Flers" in who.stdout  # the example's commands are kept as they are
    assert "obligatoire" in who.stdout
    # a help ending in a list computed at import: the sentence translated, the list kept
    assert "Seulement les faits de ce statut" in who.stdout and "existing" in who.stdout
    assert i18n.current() == "en", "a run does not leave its language behind"


def test_the_lang_option_and_the_setting_override_the_locale(run) -> None:  # type: ignore[no-untyped-def]
    assert "Codes de sortie" in run(ENGLISH, "--lang", "fr", "--help").stdout
    assert "Exit codes" in run(FRENCH, "--lang", "en", "--help").stdout
    assert "Exit codes" in run({**FRENCH, "MAILLAGE_LANG": "en"}, "--help").stdout
    bad = run(ENGLISH, "--lang", "de", "summary")
    assert bad.exit_code == 2  # a usage error: en or fr


def test_who_counts_its_roles_in_french(run) -> None:  # type: ignore[no-untyped-def]
    # 001 l.72: "... avec les acteurs locaux à l’Aigle, Flers et à Sées."
    assert "Flers" in source_line("001", 72)
    fr = run(FRENCH, "who", "Flers")
    assert fr.exit_code == 0, fr.output
    assert "rôles sur Flers (terr:fr-com-61169)\u00a0:" in fr.stderr
    assert "sur les territoires qui le contiennent" in fr.stderr
    assert "acteur" in fr.stdout and "citation" in fr.stdout  # table headers
    en = run(ENGLISH, "who", "Flers")
    assert "roles on Flers (terr:fr-com-61169):" in en.stderr and "role(s)" not in en.stderr


def test_relationships_are_words_in_the_tables_and_codes_in_json(run) -> None:  # type: ignore[no-untyped-def]
    # 001 l.1864: "Avec CLS Flers agglo (signé le 22/11/23)": the CLS covers the agglomeration
    assert "CLS Flers agglo" in source_line("001", 1864)
    fr = run(FRENCH, "territory", "terr:fr-epci-200035814")
    assert fr.exit_code == 0, fr.output
    text = " ".join(fr.stdout.replace("│", " ").split())
    assert "couvert par CLS Flers Agglo" in text and "COVERS" not in text and "←" not in text
    data = json.loads(run(FRENCH, "territory", "terr:fr-epci-200035814", "-F", "json").stdout)
    assert ("COVERS", "in") in {(r["type"], r["direction"]) for r in data["relationships"]}  # the data: codes


def test_amounts_in_the_locale_format_and_json_keeps_numbers(run) -> None:  # type: ignore[no-untyped-def]
    # 001 l.614-617: "Doter le département d'un médico-bus" … "200 000 euros de budget de fonctionnement"
    assert "200 000 euros" in source_line("001", 617)
    fr = run(FRENCH, "funding", "--territory", "Orne")
    assert fr.exit_code == 0, fr.output
    assert "200\u202f000\u00a0€" in fr.stdout and "Totaux par dispositif" in fr.stdout
    en = run(ENGLISH, "funding", "--territory", "Orne")
    assert "€200,000" in en.stdout and "Totals by scheme" in en.stdout
    data = json.loads(run(FRENCH, "funding", "--territory", "Orne", "-F", "json").stdout)
    assert 200000 in [t["total_eur"] for t in data["totals"]]  # JSON keeps the raw number


def test_mandate_gaps_name_the_sections_in_french(run) -> None:  # type: ignore[no-untyped-def]
    # 002 l.418, 422, 426: the AViQ template's essential sections "Finalité / raison d'être",
    # "Responsabilités et tâches", "Champ d'autonomie"; l.1130: the example mandate sheets (titles only)
    assert source_line("002", 418).startswith("Finalité") and source_line("002", 426).startswith("Champ d'autonomie")
    fr = run(FRENCH, "gaps", "--kind", "mandates", "-F", "json")
    whys = [g["why"] for g in json.loads(fr.stdout) if g["kind"] == "mandate_incomplete"]
    assert whys and all(w.startswith("rubriques essentielles manquantes\u00a0: finalité") for w in whys), whys
    assert any("champ d’autonomie" in w for w in whys)
    en = run(ENGLISH, "gaps", "--kind", "mandates", "-F", "json")
    assert any(g["why"].startswith("missing essential sections: purpose") for g in json.loads(en.stdout))
    table = run(FRENCH, "gaps", "--kind", "mandates")
    assert "mandat incomplet" in table.stdout and "pourquoi" in table.stdout


def test_an_ambiguous_name_is_reported_in_french_with_a_correct_plural(run) -> None:  # type: ignore[no-untyped-def]
    # "CPTS Orne Ouest" names the scheme and the actor that carries it (README "kb path")
    fr = run(FRENCH, "path", "CPTS Orne Ouest", "ARS Normandie")
    assert fr.exit_code == 1
    assert fr.stderr.startswith("kb\u00a0: erreur\u00a0: 'CPTS Orne Ouest' désigne 2 entités")
    assert "(Dispositif)" in fr.stderr and "(Acteur)" in fr.stderr
    en = run(ENGLISH, "path", "CPTS Orne Ouest", "ARS Normandie")
    assert "'CPTS Orne Ouest' names 2 entities" in en.stderr and "entitys" not in en.stderr
    unknown = run(FRENCH, "territory", "Zzyzx")
    assert unknown.exit_code == 1 and "Aucun nom 'Zzyzx' (type\u00a0: territoire)" in unknown.stderr
