"""The CLI's help in the interface's language: docstrings and ``help=`` translated when the tree is built.

Typer reads the help from the commands' docstrings and their options' ``help=``, in English; this
walks the Click command tree once per run and replaces each paragraph by its translation from the
catalog (``kb.i18n``; the paragraphs are extracted by ``kb.i18n_extract``). A help that ends in a
list computed at import ("…: exists, planned, …") is translated up to its last ": ".
"""

from __future__ import annotations

from typing import Any

from kb.i18n import EXAMPLE, _, paragraphs


def paragraph(text: str) -> str:
    """One paragraph in the language in use (an ``Example:`` paragraph keeps its commands)."""
    if text.startswith(EXAMPLE):
        return _(EXAMPLE) + text[len(EXAMPLE) :]
    done = _(text)
    if done is text or done == text:
        cut = text.rfind(": ")
        if cut > 0:
            head = text[: cut + 1]
            if _(head) != head:
                return _(head) + text[cut + 1 :]
    return done


def translate(text: str | None) -> str | None:
    """A help text, paragraph by paragraph (``\\f`` and what follows it are dropped, as Click does)."""
    if not text:
        return text
    return "\n\n".join(paragraph(p) for p in paragraphs(text.split("\f")[0]))


def translate_tree(command: Any) -> None:
    """Translate the help of ``command``, its parameters and, for a group, every sub-command; their
    help formatter writes Typer's own words (the usage prefix, the help option) in words too."""
    from cli.library_words import translate_context

    translate_context(command)
    for attr in ("help", "short_help", "epilog"):
        if getattr(command, attr, None):
            setattr(command, attr, translate(getattr(command, attr)))
    for param in getattr(command, "params", []):
        if getattr(param, "help", None):
            param.help = translate(param.help)
    for sub in getattr(command, "commands", {}).values():
        translate_tree(sub)
