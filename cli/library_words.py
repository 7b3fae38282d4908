"""Typer's own words in the interface's language: the usage line, the help option, the usage errors.

Typer looks some of its words up with ``gettext`` (``kb.i18n.LIBRARY_WORDS``); the Click it vendors
(``typer._click``) writes the others in English with no lookup: "Usage:", "Show this message and
exit.", "Try 'kb who --help' for help.", "Error: No such option: --foo", and the conversion errors
("Input should be a valid integer"). Here they are said again from what the error holds (its class,
option, parameter, the validation error it came from), through the catalog, without touching
Typer's modules: ``translate_context`` gives a command a help formatter that writes the usage
prefix and the help option in words, and ``show`` prints a usage error as Click would, in words.

An error this module does not know keeps Click's English text, behind a translated "Error:".
The words are Typer 0.29's (pyproject pins it below 0.30); ``tests/cli/test_library_words.py`` runs
each error through the real parser, so a Typer that words them differently fails there first.
"""

from __future__ import annotations

import re
import sys
from typing import IO, Any

from kb import validation_words
from kb.i18n import N_, _

USAGE = N_("Usage: ")
HELP_OPTION = N_("Show this message and exit.")  # Click's words for --help, translated in the options list
TRY_HELP = N_("Try '{command} {option}' for help.")
ERROR = N_("Error: {message}")
NO_SUCH_OPTION = N_("No such option: {option}")
POSSIBLE = N_("(Possible options: {options})")
MISSING = {
    "argument": N_("Missing argument {name}."),
    "option": N_("Missing option {name}."),
    "parameter": N_("Missing parameter {name}."),
}
INVALID = N_("Invalid value for {name}: {problem}")
REQUIRES = N_("Option {option} requires an argument.")
EXTRA = N_("Got unexpected extra argument(s) ({arguments})")
DID_YOU_MEAN = N_("Did you mean {names}?")
NOT_ONE_OF = N_("{value} is not one of {choices}.")

_EXTRA = re.compile(r"^Got unexpected extra argument\(s\) \((?P<arguments>.*)\)$", re.S)
_REQUIRES = re.compile(r"^Option (?P<option>'[^']*') requires an argument\.$")
_DID_YOU_MEAN = re.compile(r"^(?P<message>.*)\. Did you mean (?P<names>.+)\?$", re.S)
_NOT_ONE_OF = re.compile(r"^(?:Value error, )?(?P<value>.+?) is not one of (?P<choices>.+)\.$", re.S)


def usage(text: str) -> str:
    """A usage line (``Usage: kb who [OPTIONS] …``) with its prefix in words."""
    return _(USAGE) + text[len("Usage: ") :] if text.startswith("Usage: ") else text


def _validation(err: BaseException) -> str | None:
    """The pydantic validation error a conversion error came from, in words; None when there is none."""
    cause = err.__cause__
    errors = getattr(cause, "errors", None)
    if not callable(errors):
        return None
    try:
        first = errors()[0]
    except (IndexError, TypeError, ValueError):
        return None
    if first.get("type") == "value_error":  # Typer's choice check, in its own English words
        return _problem(str(first.get("msg", "")))
    return validation_words.known(first)  # pydantic's, by type (kb/validation_words.py)


def _problem(text: str) -> str:
    """A value's problem as Typer words it (``'x' is not one of 'a', 'b'.``), in words when known."""
    found = _NOT_ONE_OF.match(text)
    if found:
        return _(NOT_ONE_OF).format(value=found["value"], choices=found["choices"])
    return text


def message(err: Any) -> str:
    """What a Click usage error says, in the interface's language (Click's English when unknown)."""
    kind = type(err).__name__
    if kind == "NoSuchOption" and getattr(err, "option_name", None):
        text = _(NO_SUCH_OPTION).format(option=err.option_name)
        if getattr(err, "possibilities", None):
            text += " " + _(POSSIBLE).format(options=", ".join(sorted(err.possibilities)))
        return text
    if kind == "MissingParameter":
        param = getattr(err, "param", None)
        param_type = getattr(err, "param_type", None) or getattr(param, "param_type_name", "parameter")
        hint = getattr(err, "param_hint", None) or (param.get_error_hint() if param is not None else "")
        if not isinstance(hint, str):
            hint = " / ".join(repr(h) for h in hint)
        return _(MISSING.get(str(param_type), MISSING["parameter"])).format(name=hint)
    if kind == "BadParameter":
        param = getattr(err, "param", None)
        hint = getattr(err, "param_hint", None) or (param.get_error_hint() if param is not None else None)
        problem = _validation(err) or _problem(str(err.message))
        if hint is None:
            return problem
        if not isinstance(hint, str):
            hint = " / ".join(repr(h) for h in hint)
        return _(INVALID).format(name=hint, problem=problem)
    text = str(err.format_message())
    for pattern, template in ((_EXTRA, EXTRA), (_REQUIRES, REQUIRES)):
        found = pattern.match(text)
        if found:
            return _(template).format(**found.groupdict())
    found = _DID_YOU_MEAN.match(text)
    if found:  # Typer's "No such command 'x'." (already in words) with Click's "Did you mean 'y'?"
        return found["message"] + ". " + _(DID_YOU_MEAN).format(names=found["names"])
    return text


def show(err: Any, file: IO[str] | None = None) -> None:
    """Print a usage error as Click does (the usage line, how to get help, the error), in words."""
    out = file or sys.stderr
    ctx = getattr(err, "ctx", None)
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = _(TRY_HELP).format(command=ctx.command_path, option=ctx.help_option_names[0]) + "\n"
        out.write(f"{usage(ctx.get_usage())}\n{hint}\n")
    try:
        said = message(err)
    except Exception:  # a Typer that holds its errors otherwise: its own English, never a traceback
        said = str(err.format_message())
    out.write(_(ERROR).format(message=said) + "\n")
    out.flush()


def _formatter(base: type) -> type:
    class Formatter(base):  # type: ignore[misc]  # Typer's vendored HelpFormatter
        """Writes the usage prefix and the help option's text in the interface's language."""

        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, _(USAGE) if prefix is None else prefix)

        def write_dl(self, rows: Any, *args: Any, **kwargs: Any) -> None:
            rows = [(term, _(HELP_OPTION) if text == HELP_OPTION else text) for term, text in rows]
            super().write_dl(rows, *args, **kwargs)

    return Formatter


def translate_context(command: Any) -> None:
    """Give ``command`` a context whose help formatter speaks the interface's language."""
    base = command.context_class
    if getattr(base, "speaks", False):
        return
    command.context_class = type(
        base.__name__, (base,), {"formatter_class": _formatter(base.formatter_class), "speaks": True}
    )
