"""``kb db``: start, stop and inspect the Neo4j server Maillage uses."""

import typer

from cli.output import Format, FormatOption, emit_one, note
from kb.i18n import _

app = typer.Typer(no_args_is_help=True, help="Start, stop and inspect the Neo4j server.")


@app.command()
def start() -> None:
    """Start Neo4j (or find it running) and wait until it answers.

    With NEO4J_URI set, checks that server; else uses Docker when an engine answers; else
    provisions and starts the managed local Neo4j 5.26 Community (jars from Maven Central).

    Example: kb db start
    """
    from kb import runtime

    status, already = runtime.start(progress=note)
    said = (
        _("Neo4j {version} {edition} already running at {uri} ({mode}).")
        if already
        else _("Neo4j {version} {edition} started at {uri} ({mode}).")
    )
    note(said.format(version=status.version, edition=status.edition, uri=status.uri, mode=status.mode))


@app.command()
def stop() -> None:
    """Stop the Neo4j server Maillage started (SIGTERM, then SIGKILL after 60 s).

    Example: kb db stop
    """
    from kb import runtime

    note(runtime.stop())


@app.command()
def status(fmt: FormatOption = Format.table) -> None:
    """Show the server's URI, version, edition and size; exit 3 when it does not answer.

    Example: kb db status --format json
    """
    from kb import runtime

    st = runtime.status()
    emit_one(
        {
            "mode": st.mode.value,
            "uri": st.uri,
            "running": st.running,
            "version": st.version,
            "edition": st.edition,
            "nodes": st.nodes,
            "relationships": st.relationships,
            "pid": st.pid,
            "detail": st.detail,
        },
        fmt,
        title="Neo4j",
    )
    if not st.running:
        raise typer.Exit(3)
