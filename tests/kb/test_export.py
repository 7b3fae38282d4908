"""``kb export``: GraphML that Gephi and yEd read with names as labels and typed attributes,
provenance left out unless asked, CSV for French Excel, one file mode (kb.export, kb.writers)."""

from __future__ import annotations

import csv
import io
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from kb import export, loader, seed
from kb.db import Graph
from kb.export import ExportFormat
from kb.writers import FILE_MODE
from tests.helpers import source_line

Y = "{http://www.yworks.com/xml/graphml}"
G = "{http://graphml.graphdrawing.org/xmlns}"
MEDICOBUS = "action:orne-ws06-a11"  # 001 l.614: "Doter le département d'un médico-bus", l.617 "200 000 euros"


@pytest.fixture(scope="module")
def exported(graph: Graph, bundle: seed.Bundle, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each export once for the module (a whole-graph export takes seconds): the seeded graph's."""
    loader.ensure_loaded(graph, bundle, wipe=True)
    folder = tmp_path_factory.mktemp("exports")
    out = {
        "graphml": folder / "g.graphml",
        "full": folder / "full.graphml",
        "yed": folder / "g-yed.graphml",
        "json": folder / "g.json",
        "csv": folder / "csv",
        "excel": folder / "excel",
    }
    export.export(graph, ExportFormat.graphml, out["graphml"])
    export.export(graph, ExportFormat.graphml, out["full"], with_provenance=True)
    export.export(graph, ExportFormat.yed, out["yed"])
    export.export(graph, ExportFormat.json, out["json"])
    export.export(graph, ExportFormat.csv, out["csv"])
    export.export(graph, ExportFormat.csv, out["excel"], excel=True)
    return out


@pytest.fixture(scope="module")
def graphml(exported: dict[str, Path]) -> nx.MultiDiGraph:
    return nx.read_graphml(exported["graphml"], force_multigraph=True)


def test_graphml_labels_nodes_by_name_with_the_kind_as_its_own_attribute(graphml: nx.MultiDiGraph) -> None:
    # 001 l.1864: "Avec CLS Flers agglo (signé le 22/11/23)": seed/001 names it "CLS Flers Agglo"
    cls = graphml.nodes["mech:cls-flers-agglo"]
    assert cls["label"] == "CLS Flers Agglo" and cls["type"] == "Mechanism"
    assert graphml.nodes[MEDICOBUS]["label"] == "Doter le département d’un médico-bus"
    assert "search_text" not in cls and "name_folded" not in cls  # internal properties stay in the graph


def test_graphml_attributes_keep_their_types(graphml: nx.MultiDiGraph) -> None:
    # 001 l.614-617: "Doter le département d'un médico-bus" / "FIR" / "200 000 euros de budget de"
    assert source_line("001", 615) == "FIR" and source_line("001", 617).startswith("200 000 euros")
    action = graphml.nodes[MEDICOBUS]
    assert action["funded"] is True
    assert action["amount_eur"] == 200000.0 and isinstance(action["amount_eur"], float)
    orne = graphml.nodes["terr:fr-dep-61"]
    assert isinstance(orne["population"], int) and orne["population"] > 0
    flers = graphml.nodes["terr:fr-com-61169"]  # a commune's centroid (WGS84) as two numbers
    assert isinstance(flers["centroid_latitude"], float) and 48 < flers["centroid_latitude"] < 49
    funds = [d for _, _, d in graphml.in_edges(MEDICOBUS, data=True) if d["type"] == "FUNDS"]
    assert funds and funds[0]["amount_eur"] == 200000.0
    assert funds[0]["line"] == 614 and isinstance(funds[0]["line"], int)  # provenance as edge attributes
    assert funds[0]["source"] == "src:001-ars-normandie-orne-2024-2025" and "médico-bus" in funds[0]["quote"]


def test_graphml_leaves_sources_out_unless_asked(
    graphml: nx.MultiDiGraph, exported: dict[str, Path], graph: Graph
) -> None:
    assert not [n for n, d in graphml.nodes(data=True) if d["type"] == "Source"]
    assert not [e for e in graphml.edges(data=True) if e[2]["type"] == "CITED_IN"]
    # the node keeps which documents cite it
    assert "src:001-ars-normandie-orne-2024-2025" in graphml.nodes["mech:cls-flers-agglo"]["sources"]
    full = nx.read_graphml(exported["full"], force_multigraph=True)
    sources = graph.read("MATCH (s:Source) RETURN count(s) AS c")[0]["c"]
    cited = graph.read("MATCH ()-[c:CITED_IN]->() RETURN count(c) AS c")[0]["c"]
    assert len([n for n, d in full.nodes(data=True) if d["type"] == "Source"]) == sources > 0
    assert len([e for e in full.edges(data=True) if e[2]["type"] == "CITED_IN"]) == cited > 0
    assert full.number_of_nodes() == graphml.number_of_nodes() + sources


def test_yed_variant_draws_labelled_shape_nodes(exported: dict[str, Path]) -> None:
    out = exported["yed"]
    root = ET.parse(out).getroot()
    keys = {k.get("yfiles.type") for k in root.iter(f"{G}key")}
    assert {"nodegraphics", "edgegraphics"} <= keys
    node = next(n for n in root.iter(f"{G}node") if n.get("id") == "mech:cls-flers-agglo")
    shape = node.find(f".//{Y}ShapeNode")
    assert shape is not None and shape.findtext(f"{Y}NodeLabel") == "CLS Flers Agglo"
    assert shape.find(f"{Y}Fill") is not None and shape.find(f"{Y}Geometry") is not None
    assert root.find(f".//{G}edge//{Y}PolyLineEdge/{Y}EdgeLabel") is not None
    assert nx.read_graphml(out).number_of_nodes() > 0  # still plain GraphML for other readers


def test_excel_csv_has_a_bom_semicolons_crlf_and_accents(exported: dict[str, Path]) -> None:
    folder = exported["excel"]
    raw = (folder / "nodes_Action.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    medicobus = next(r for r in rows if r["id"] == MEDICOBUS)
    assert medicobus["name"] == "Doter le département d’un médico-bus"  # accents intact
    assert medicobus["amount_eur"] == "200000.0"


def test_plain_csv_is_lf_and_commas(exported: dict[str, Path]) -> None:
    folder = exported["csv"]
    raw = (folder / "nodes_Action.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    assert raw.split(b"\n", 1)[0].startswith(b"id,")


@pytest.mark.parametrize("which", ["graphml", "full", "yed", "json", "csv", "excel"])
def test_every_export_file_has_the_same_mode(exported: dict[str, Path], which: str) -> None:
    out = exported[which]
    files = sorted(out.iterdir()) if out.is_dir() else [out]
    assert files and {stat.S_IMODE(p.stat().st_mode) for p in files} == {FILE_MODE}
