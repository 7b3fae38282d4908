"""The interface's language, French or English: gettext catalogs in ``kb/locale`` (made with Babel).

The language is ``MAILLAGE_LANG`` when set, else the locale of messages (``LC_ALL``, then
``LC_MESSAGES``, then ``LANG``, as POSIX reads them): ``fr_FR.UTF-8`` or ``fr_BE`` give French,
``C``, ``POSIX`` and every other language English. ``kb --lang fr|en`` overrides both.

Start-up stays light: the catalogs are read with the standard library's ``gettext`` (the ``.mo``
files ``pybabel compile`` writes, committed beside their ``.po``); Babel itself is imported only
to format a number, an amount or a date for a table. Messages are English in the sources (the
msgids); ``_()`` marks them for ``pybabel extract`` (``babel.cfg``) and looks them up.

Data stays data: JSON and CSV keep raw numbers and dates, and names come from the documents.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

DOMAIN = "maillage"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "fr")
"""The interface's languages; English is the sources' own (no catalog)."""
BABEL_LOCALES = {"en": "en_GB", "fr": "fr_FR"}
"""The Babel locale that formats numbers, amounts and dates for each language."""


def N_(message: str) -> str:
    """Marks ``message`` for extraction without translating it (translated where it is shown)."""
    return message


LIBRARY_WORDS = (
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("Aborted!"),
    N_("(dynamic)"),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)
"""Typer's own words that go through ``gettext`` (and the completion options' help). Typer's vendored
Click writes "Usage:", "Error:", "Show this message and exit." and its usage errors in English, with no
catalog lookup: ``cli/library_words.py`` says those again through this catalog."""

EXAMPLE = "Example:"
"""A help paragraph starting with this is commands, not prose: only this word is translated."""


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a help text as they are looked up (stripped, blank-line separated)."""
    return [p.strip() for p in text.split("\n\n") if p.strip()]


_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def language_of(value: str | None) -> str | None:
    """The interface language a locale or language name asks for: ``fr_FR.UTF-8`` -> ``fr``,
    ``C``/``POSIX``/``en_US`` -> ``en``; another language -> ``en``; empty -> ``None`` (not said)."""
    if not value:
        return None
    code = value.split(":")[0].split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else "en"


def choose(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for (``MAILLAGE_LANG``, then the locale's)."""
    env = os.environ if environ is None else environ
    for name in ("MAILLAGE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        lang = language_of(env.get(name))
        if lang:
            return lang
    return "en"


def activate(lang: str) -> None:
    """Use ``lang`` (``fr`` or ``en``) from now on, for messages and formats."""
    global _translations, _language
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    _language = lang
    if lang == "en":
        _translations = _gettext.NullTranslations()
    else:
        _translations = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Use ``lang`` for messages and formats, Typer's own words included, then the language before.

    Typer looks its words up with the standard ``gettext.gettext``, whose language is the
    environment's: the language chosen is put in ``LANGUAGE`` (read first by gettext) and this
    catalog is bound as the default domain, for the time of the block."""
    before, before_domain, before_env = _language, _gettext.textdomain(), os.environ.get("LANGUAGE")
    activate(lang)
    _gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    _gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang
    try:
        yield
    finally:
        activate(before)
        _gettext.textdomain(before_domain)
        if before_env is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = before_env


def current() -> str:
    """The language in use: ``fr`` or ``en``."""
    return _language


def _(message: str) -> str:
    """``message`` (English, the msgid) in the language in use."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural of a message for ``n``, by the language's plural rule (French: 0 and 1 singular)."""
    return _translations.ngettext(singular, plural, n)


def number(value: int | float) -> str:
    """A number for people, in the language's format: ``200 000`` in French, ``200,000`` in English."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=BABEL_LOCALES[_language])


def amount(value: int | float, currency: str = "EUR") -> str:
    """An amount for people: ``200 000 €`` in French, ``€200,000`` in English (cents only when there are any)."""
    from babel import Locale
    from babel.numbers import format_currency

    locale = BABEL_LOCALES[_language]
    if not float(value).is_integer():
        return format_currency(value, currency, locale=locale)
    pattern = Locale.parse(locale).currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(value, currency, format=pattern, locale=locale, currency_digits=False)


def day(value: date) -> str:
    """A date for people: ``22/11/2023`` in French, ``22 Nov 2023`` in English."""
    from babel.dates import format_date

    return format_date(value, format="short" if _language == "fr" else "medium", locale=BABEL_LOCALES[_language])


def percent(value: float, tenth: bool = True) -> str:
    """A share for people, to a tenth: ``12,5 %`` in French, ``12.5%`` in English; to the percent
    without ``tenth``: ``13 %``, ``13%``."""
    from babel import Locale
    from babel.numbers import format_percent

    locale = BABEL_LOCALES[_language]
    pattern = Locale.parse(locale).percent_formats[None].pattern
    return format_percent(value, format=pattern.replace("#,##0", "#,##0.#", 1) if tenth else pattern, locale=locale)


def word(code: str) -> str:
    """A vocabulary code in words, translated: ``CONTRIBUTES_TO`` -> "contributes to" ("contribue à")."""
    return _(code.replace("_", " ").lower())


def describe(value: Any) -> str:
    """A scalar for a table cell in the language's format (numbers grouped, dates written out)."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return number(value)
    if isinstance(value, date):
        return day(value)
    return str(value)


activate(choose())
