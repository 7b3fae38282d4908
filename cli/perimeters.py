"""`kb perimeters import`: the perimeters of a mechanism type from a CSV or GeoJSON file."""

from pathlib import Path
from typing import Annotated

import typer

from cli.output import Format, FormatOption, emit, emit_one, note
from kb.i18n import _

app = typer.Typer(no_args_is_help=True, help="Import the perimeters of schemes (communes or EPCI) from a file.")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="CSV (code → perimeter) or GeoJSON (a code property per feature).")],
    mechanism_type: Annotated[str, typer.Option("--mechanism-type", "-t", help="CPTS, CLS, DAC...")],
    code_column: Annotated[
        str | None, typer.Option(help="Column (property) with the INSEE commune code or EPCI SIREN.")
    ] = None,
    id_column: Annotated[str | None, typer.Option(help="Column with the perimeter's id (or a mechanism id).")] = None,
    name_column: Annotated[str | None, typer.Option(help="Column with the perimeter's name.")] = None,
    country: Annotated[str, typer.Option(help="fr (INSEE, SIREN) or be (NIS).")] = "fr",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Match and report; write nothing.")] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Import perimeters: each perimeter is matched to a mechanism of the type (by id, else by name)
    or created; its communes and EPCI become what the mechanism covers, citing the file.

    Columns are found by name when not given (code_insee, insee, codgeo...; perimeter_id, id;
    perimeter, nom, name...); leading lines starting with # are skipped. Every code must match a
    commune or EPCI of the graph, else nothing is written. One transaction; importing the same
    file again changes nothing, a new version of it (same name) replaces the old one; `kb seed
    load` keeps imported perimeters.

    Example: kb perimeters import cpts-normandie.csv --mechanism-type CPTS --code-column insee
    """
    from kb import perimeters, runtime

    with runtime.connect() as graph:
        report = perimeters.import_file(
            graph, file, mechanism_type, code_column, id_column, name_column, country, dry_run, progress=note
        )
    matched = sum(p.codes for p in report.perimeters)
    state = (
        _("dry run, nothing written")
        if dry_run
        else _("already imported, nothing changed")
        if report.unchanged
        else _(
            "written as {source}: {created} relationship(s) created, {removed} removed, {nodes} node(s) created"
        ).format(
            source=report.source_id,
            created=report.relationships_created,
            removed=report.relationships_deleted,
            nodes=report.nodes_created,
        )
    )
    note(
        _("{rows} row(s), {matched} code(s) matched, {unmatched} unmatched, {n} {type} perimeter(s) ({state}).").format(
            rows=report.rows,
            matched=matched,
            unmatched=len(report.unmatched),
            n=len(report.perimeters),
            type=report.mechanism_type,
            state=state,
        )
    )
    if fmt is Format.table:
        emit(report.perimeters, fmt, ["perimeter", "mechanism_id", "mechanism", "created", "codes"])
    elif fmt.is_csv:
        emit(report.perimeters, fmt, ["perimeter", "mechanism_id", "mechanism", "created", "codes", "territories"])
    else:
        emit_one(report, fmt)
