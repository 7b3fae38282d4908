"""The ``kb`` root command: sub-apps per noun, and the one place errors become exit codes."""

import signal
import sys
from enum import StrEnum
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from cli import db, diagnose, funding, library_words, map, perimeters, query, questions, reference, seed, show, source
from cli.help_text import translate_tree
from cli.output import Format, FormatOption, emit, emit_one, note
from kb import i18n
from kb.errors import KbError
from kb.i18n import N_, _

EXIT_CODES = N_(
    "Exit codes: 0 ok; 1 query or input rejected (unknown or ambiguous name, invalid file, refused\n"
    "Cypher); 2 usage; 3 cannot connect to (or start) Neo4j; 4 timeout; 130 interrupted."
)


# Click's usage error (an unknown option, a missing argument, a bad value), found from the public
# typer.BadParameter rather than imported from Typer's private vendored Click.
USAGE_ERROR: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


class KbGroup(TyperGroup):
    """Turns every expected failure into one line on stderr and its documented exit code."""

    def main(self, args: Any = None, *rest: Any, **kwargs: Any) -> Any:
        """The language is decided first (``--lang``, ``MAILLAGE_LANG``, the locale), then the help is translated."""
        argv = list(sys.argv[1:] if args is None else args)
        with i18n.speaking(_lang_option(argv) or i18n.choose()):
            translate_tree(self)
            return super().main(argv, *rest, **kwargs)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        """The root's own options parsed; a usage error is told in the interface's language."""
        try:
            return super().make_context(*args, **kwargs)
        except USAGE_ERROR as err:
            _usage_error(err)

    # ``ctx`` is typer's vendored click Context (private: ``typer._click``), of which
    # ``typer.Context`` is a subclass, so it cannot be named here without a private import.
    def invoke(self, ctx: Any) -> Any:
        previous = signal.signal(signal.SIGINT, _interrupt)
        try:
            return super().invoke(ctx)
        except USAGE_ERROR as err:
            _usage_error(err)
        except KbError as err:
            if _INTERRUPTED:  # the driver may turn Ctrl-C into a terminated-transaction error
                note(_("kb: interrupted"))
                ctx.exit(130)
            note(_("kb: error: {error}").format(error=err))
            for cand in getattr(err, "candidates", []) or []:
                note(f"  {cand.get('id')}  {cand.get('name')}  ({_(cand.get('label', ''))})")
            ctx.exit(err.exit_code)
        except KeyboardInterrupt:
            note(_("kb: interrupted"))
            ctx.exit(130)
        finally:
            signal.signal(signal.SIGINT, previous)


_INTERRUPTED = False


def _usage_error(err: Exception) -> NoReturn:
    """Click's usage error printed as Click does, in the interface's language; exit 2 (usage).
    With no arguments, a group's help is the "error" (``no_args_is_help``): it goes on to Typer."""
    if type(err).__name__ == "NoArgsIsHelpError":
        raise err
    library_words.show(err)
    sys.exit(int(getattr(err, "exit_code", 2)))


def _lang_option(argv: list[str]) -> str | None:
    """The value of a ``--lang`` before the command name (the root's option), if any."""
    for i, arg in enumerate(argv):
        if not arg.startswith("-"):
            return None
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1] if argv[i + 1] in i18n.LANGUAGES else None
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in i18n.LANGUAGES else None
    return None


def _interrupt(signum: int, frame: Any) -> None:
    global _INTERRUPTED
    _INTERRUPTED = True
    raise KeyboardInterrupt


app = typer.Typer(
    cls=KbGroup,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    help="Maillage: who does what in territorial health coordination, in a Neo4j graph.\n\n" + EXIT_CODES,
    epilog="Start with: kb db start, then kb seed load, then kb summary.",
)
app.add_typer(db.app, name="db", help="Start, stop and inspect the Neo4j server.")
app.add_typer(seed.app, name="seed", help="Validate and load the YAML extracts; counts; JSON Schema.")
app.add_typer(perimeters.app, name="perimeters", help="Import scheme perimeters (CSV, GeoJSON).")
app.add_typer(
    reference.app, name="reference", help="Refresh the official territorial reference from INSEE/Statbel files."
)
questions.register(app)
funding.register(app)
query.register(app)
source.register(app)
map.register(app)
diagnose.register(app)
show.register(app)


class Lang(StrEnum):
    en = "en"
    fr = "fr"


@app.callback()
def root(
    lang: Annotated[
        Lang | None,
        typer.Option("--lang", help="Language of the interface (default: MAILLAGE_LANG, else the locale)."),
    ] = None,
) -> None:
    # --lang is read by KbGroup.main before anything is printed; declared here for the help and the check.
    return None


def run() -> None:
    """Console-script entry point."""
    app()


@app.command()
def summary(fmt: FormatOption = Format.table) -> None:
    """What the graph holds: counts per label and relationship type, and the sources loaded.

    Example: kb summary --format json
    """
    from kb import runtime, stats

    with runtime.connect() as graph:
        result = stats.summary(graph)
    if fmt is Format.table:
        note(
            _("{nodes} nodes, {relationships} relationships, {sources} sources.").format(
                nodes=i18n.number(result.nodes),
                relationships=i18n.number(result.relationships),
                sources=len(result.sources),
            )
        )
        emit(result.counts, fmt, ["kind", "name", "count"])
        if result.sources:
            emit(result.sources, fmt, ["id", "title", "issuer"])
    else:
        emit_one(result, fmt)


@app.command()
def tui() -> None:
    """Open the terminal UI: explore who does what, overlaps and gaps (keyboard-first; ? for help).

    Example: kb tui
    """
    from tui.app import run as run_tui  # imported here: the rest of the CLI does not need Textual

    run_tui()
