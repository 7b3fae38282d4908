"""``kb reference``: refresh the official territorial reference from files INSEE and Statbel publish."""

from pathlib import Path
from typing import Annotated

import typer

from cli.output import note
from kb.i18n import _

app = typer.Typer(no_args_is_help=True, help="The official territorial reference (communes, EPCI, départements...).")

FileOpt = Annotated[Path, typer.Option(exists=False, dir_okay=False, help="CSV file.")]


@app.command("import-cog")
def import_cog(
    regions: FileOpt,
    departements: FileOpt,
    communes: FileOpt,
    epci: Annotated[Path | None, typer.Option(help="INSEE EPCI composition CSV (CODGEO, EPCI, LIBEPCI).")] = None,
    year: Annotated[str, typer.Option(help="The COG's year, recorded as the source's vintage.")] = "?",
) -> None:
    """Replace France's reference with INSEE COG files (v_region, v_departement, v_commune CSVs).

    Every file is checked first; on any problem nothing is written (exit 1, each problem as file:line: field).
    Example: kb reference import-cog --regions v_region_2026.csv --departements v_departement_2026.csv
             --communes v_commune_2026.csv --epci composition_epci_2026.csv --year 2026
    """
    from kb import loader, runtime
    from kb.reference import importer

    data = importer.import_cog(regions, departements, communes, epci, year)
    with runtime.connect() as graph:
        result = loader.load_reference(graph, data, progress=note, origin="import")
    note(
        _("France: {nodes} territories, {rels} PART_OF; {removed} removed.").format(
            nodes=result.nodes, rels=result.relationships, removed=result.nodes_deleted
        )
    )


@app.command("import-refnis")
def import_refnis(
    path: Annotated[Path, typer.Argument(help="Statbel REFNIS CSV.")],
    year: Annotated[str, typer.Option(help="The REFNIS year, recorded as the source's vintage.")] = "?",
) -> None:
    """Replace Belgium's reference with a Statbel REFNIS CSV. Nothing is written on a bad file.

    Example: kb reference import-refnis TU_COM_REFNIS_2026.csv --year 2026
    """
    from kb import loader, runtime
    from kb.reference import importer

    data = importer.import_refnis(path, year)
    with runtime.connect() as graph:
        result = loader.load_reference(graph, data, progress=note, origin="import")
    note(
        _("Belgium: {nodes} territories, {rels} PART_OF; {removed} removed.").format(
            nodes=result.nodes, rels=result.relationships, removed=result.nodes_deleted
        )
    )
