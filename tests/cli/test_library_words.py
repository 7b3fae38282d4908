"""Typer's own words in French (issue 14 item 1): the usage line, the help option, the usage errors.

Typer's vendored Click writes them in English with no catalog lookup; ``cli/library_words.py`` says
them again. Each error here goes through the real parser (no database: a usage error stops before
any connection), so a Typer that words its errors otherwise fails here. English stays Click's own."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner, Result

from cli.main import app

NBSP = "\u00a0"
ENGLISH_WORDS = (
    "Usage:",
    "Error:",
    "Try '",
    "Invalid value",
    "Missing",
    "No such option",
    "Got unexpected",
    "requires an",
    "Input should",
    "is not one of",
    "Did you mean",
    "Value error",
)


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "160"}, catch_exceptions=False, prog_name="kb")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("who", "Flers", "--limit", "abc"), "Valeur non valable pour '--limit'\u00a0: un nombre entier est attendu"),
        (("who", "Flers", "--limit", "-3"), "Valeur non valable pour '--limit'\u00a0: la valeur doit être au moins 0"),
        (
            ("who", "Flers", "--scope", "zzz"),
            "Valeur non valable pour '--scope'\u00a0: "
            "'zzz' ne fait pas partie de\u00a0: 'self', 'parts', 'containers'.",
        ),
        (("who",), "Il manque l’argument 'territory'."),
        (("who", "Flers", "extra"), "Argument(s) en trop\u00a0: extra"),
        (("who", "Flers", "--limit"), "L’option '--limit' attend une valeur."),
        (("who", "--foo"), "Option inconnue\u00a0: --foo (options possibles\u00a0: --format)"),
        (("--foo",), "Option inconnue\u00a0: --foo"),
        (("whoo",), "Commande inconnue\u00a0: 'whoo'. Vouliez-vous dire 'who'\u00a0?"),
    ],
)
def test_usage_errors_are_french(args: tuple[str, ...], said: str) -> None:
    result = run("--lang", "fr", *args)
    assert result.exit_code == 2, result.output  # a usage error (README: exit codes)
    assert f"Erreur{NBSP}: {said}" in result.stderr.splitlines(), result.stderr
    english = run("--lang", "en", *args)
    assert len(result.stderr.splitlines()) == len(english.stderr.splitlines())  # Click's lines, said in words
    if english.stderr.startswith("Usage: "):  # the parser's own errors (a missing value) come without usage
        assert result.stderr.startswith(f"Utilisation{NBSP}: kb"), result.stderr
        command = "kb who" if args[0] == "who" else "kb"
        assert f"Aide{NBSP}: «{NBSP}{command} --help{NBSP}»." in result.stderr
    leftover = [w for w in ENGLISH_WORDS if w in result.stderr]
    assert not leftover, result.stderr


def test_english_keeps_clicks_own_words() -> None:
    result = run("--lang", "en", "who", "--foo")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Usage: kb who [OPTIONS] {territory}",
        "Try 'kb who --help' for help.",
        "",
        "Error: No such option: --foo (Possible options: --format)",
    ]


def test_help_writes_the_usage_prefix_and_the_help_option_in_french() -> None:
    fr = run("--lang", "fr", "who", "--help")
    assert fr.exit_code == 0
    assert fr.stdout.startswith(f"Utilisation{NBSP}: kb who [OPTIONS]")
    assert "Affiche cette aide et quitte." in fr.stdout and "Show this message" not in fr.stdout
    group = run("--lang", "fr", "db", "--help")
    assert group.stdout.startswith(f"Utilisation{NBSP}: kb db [OPTIONS] COMMAND")
    assert "Show this message" not in group.stdout
    en = run("--lang", "en", "who", "--help")
    assert en.stdout.startswith("Usage: kb who [OPTIONS]") and "Show this message and exit." in en.stdout
