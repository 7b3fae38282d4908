"""Export the graph: GraphML (Gephi), yEd GraphML, JSON (nodes and links), CSV (a file per label and type).

GraphML for network tools: each node's ``label`` is its name and ``type`` its kind (Actor,
Territory…); numbers and booleans keep their types (``attr.type`` int, long, double, boolean);
a WGS84 point becomes ``<name>_longitude`` / ``<name>_latitude``. The documents (Source nodes)
and their citations (CITED_IN) would dominate any network measure, so they are left out unless
``with_provenance``; each node then lists the sources citing it (``sources``), and every
relationship keeps its evidence (``source``, ``line``, ``quote``) as edge attributes. The ``yed``
variant adds yEd's graphics (a labelled, coloured y:ShapeNode per node, a labelled arrow per
edge). JSON and CSV carry everything, for scripts.

Reads in pages, writes beside the target and renames it into place at the end, so an
interrupted export never leaves a half-written file where the complete one should be. Files are
mode 0644 (kb.writers); CSV follows kb.writers's policy (``,`` LF; ``excel``: BOM, ``;``, CRLF).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from kb import catalog
from kb.db import Graph, Row
from kb.errors import InvalidInput
from kb.i18n import _
from kb.results import PROVENANCE_LABELS, PROVENANCE_TYPES, public
from kb.vocab import ExportFormat as ExportFormat  # re-exported
from kb.writers import FILE_MODE, atomic_file, cell, csv_writer

PAGE = 5000
INT32 = 2**31 - 1
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# yEd fills, one per node type (kind), in a fixed order so that an export reads the same every time.
PALETTE = (
    "#8DD3C7",
    "#FFFFB3",
    "#BEBADA",
    "#FB8072",
    "#80B1D3",
    "#FDB462",
    "#B3DE69",
    "#FCCDE5",
    "#D9D9D9",
    "#BC80BD",
    "#CCEBC5",
    "#FFED6F",
)


def _nodes(graph: Graph) -> Iterator[Row]:
    """Every entity, in id order, a page at a time (keyset paging on the id index: no SKIP)."""
    after = ""
    while True:
        rows = catalog.run(graph, "export_nodes", after=after, limit=PAGE)
        yield from rows
        if len(rows) < PAGE:
            return
        after = rows[-1]["id"]


def _links(graph: Graph, ids: list[str]) -> Iterator[Row]:
    """The relationships from ``ids`` (in their order), a page of source ids at a time."""
    for start in range(0, len(ids), PAGE):
        yield from catalog.run(graph, "export_relationships", ids=ids[start : start + PAGE])


def _flatten(props: dict[str, Any]) -> dict[str, Any]:
    """Public properties; a geographic point as two numbers (GraphML has no point type)."""
    out: dict[str, Any] = {}
    for key, value in public(props).items():
        if getattr(value, "srid", None) == 4326 and len(value) >= 2:  # neo4j's WGS84Point, a tuple
            out[f"{key}_longitude"], out[f"{key}_latitude"] = float(value[0]), float(value[1])
        else:
            out[key] = value
    return out


def export(
    graph: Graph,
    fmt: ExportFormat,
    output: Path,
    *,
    with_provenance: bool = False,
    excel: bool = False,
) -> dict[str, int]:
    """Write the graph to ``output`` (a file; a folder for CSV). Returns the counts written.

    ``with_provenance``: GraphML and yEd keep the Source nodes and CITED_IN edges (JSON and CSV
    always do). ``excel``: CSV files for French Excel.
    """
    nodes = [{**r, "props": public(r["props"])} for r in _nodes(graph)]
    links = [{**r, "props": public(r["props"])} for r in _links(graph, [n["id"] for n in nodes])]
    output = output.resolve()
    network = fmt in (ExportFormat.graphml, ExportFormat.yed)
    if network:
        nodes = [{**n, "props": _flatten(n["props"])} for n in nodes]
    if network and not with_provenance:
        cited: dict[str, list[str]] = defaultdict(list)
        for r in links:
            if r["type"] in PROVENANCE_TYPES:
                cited[r["source_id"]].append(r["target_id"])
        nodes = [
            {**n, "props": {**n["props"], **({"sources": sorted(set(cited[n["id"]]))} if cited[n["id"]] else {})}}
            for n in nodes
            if n["label"] not in PROVENANCE_LABELS
        ]
        kept = {n["id"] for n in nodes}
        links = [
            r for r in links if r["type"] not in PROVENANCE_TYPES and r["source_id"] in kept and r["target_id"] in kept
        ]
    if fmt is ExportFormat.csv:
        output.parent.mkdir(parents=True, exist_ok=True)
        tmp_dir = Path(tempfile.mkdtemp(prefix=".export-", dir=output.parent))
        try:
            _write_csv(tmp_dir, nodes, links, excel)
            os.chmod(tmp_dir, 0o755)  # a folder of documents, like the files in it (0644)
            if output.exists():
                shutil.rmtree(output) if output.is_dir() else output.unlink()
            tmp_dir.replace(output)
        except BaseException:
            shutil.rmtree(tmp_dir, ignore_errors=True)
            raise
        return {"nodes": len(nodes), "relationships": len(links)}
    try:
        with atomic_file(output) as handle:
            if fmt is ExportFormat.json:
                json.dump(
                    {
                        "nodes": [{"id": n["id"], "label": n["label"], **n["props"]} for n in nodes],
                        "links": [
                            {"source": r["source_id"], "target": r["target_id"], "type": r["type"], **r["props"]}
                            for r in links
                        ],
                    },
                    handle,
                    ensure_ascii=False,
                    indent=1,
                    allow_nan=False,  # Infinity/NaN are not JSON
                )
            else:
                _write_graphml(handle, nodes, links, yed=fmt is ExportFormat.yed)
    except ValueError as err:  # a non-finite number, refused by allow_nan=False
        raise InvalidInput(
            _("Cannot export as JSON: {error} (the graph holds Infinity or NaN).").format(error=err)
        ) from None
    return {"nodes": len(nodes), "relationships": len(links)}


def _write_csv(folder: Path, nodes: list[Row], links: list[Row], excel: bool) -> None:
    encoding = "utf-8-sig" if excel else "utf-8"  # utf-8-sig writes the BOM Excel needs
    by_label: dict[str, list[Row]] = defaultdict(list)
    for n in nodes:
        by_label[n["label"]].append(n)
    for label, rows in by_label.items():
        cols = sorted({k for r in rows for k in r["props"]} - {"id"})
        path = folder / f"nodes_{label}.csv"
        with open(path, "w", encoding=encoding, newline="") as handle:
            writer = csv_writer(handle, excel)
            writer.writerow(["id", *cols])
            for r in rows:
                writer.writerow([r["id"], *(cell(r["props"].get(c)) for c in cols)])
        os.chmod(path, FILE_MODE)
    by_type: dict[str, list[Row]] = defaultdict(list)
    for r in links:
        by_type[r["type"]].append(r)
    for rel_type, rows in by_type.items():
        cols = sorted({k for r in rows for k in r["props"]})
        path = folder / f"rels_{rel_type}.csv"
        with open(path, "w", encoding=encoding, newline="") as handle:
            writer = csv_writer(handle, excel)
            writer.writerow(["source_id", "target_id", *cols])
            for r in rows:
                writer.writerow([r["source_id"], r["target_id"], *(cell(r["props"].get(c)) for c in cols)])
        os.chmod(path, FILE_MODE)


def attr_type(values: list[Any]) -> str:
    """The GraphML ``attr.type`` that holds every value: boolean, int, long, double, else string."""
    present = [v for v in values if v is not None]
    if not present:
        return "string"
    if all(isinstance(v, bool) for v in present):
        return "boolean"
    if any(isinstance(v, bool) or not isinstance(v, int | float) for v in present):
        return "string"
    if all(isinstance(v, int) for v in present):
        return "int" if all(-INT32 - 1 <= v <= INT32 for v in present) else "long"
    return "double"


def _xml(value: Any) -> str:
    return escape(_NOT_XML.sub("", value if isinstance(value, str) else cell(value)))


def _data_cells(props: dict[str, Any], keys: dict[str, tuple[str, str]], ids: dict[str, str]) -> str:
    """A node's or an edge's ``<data>`` cells: one per declared key it has a value for, typed."""
    return "".join(
        f'<data key="{ids[k]}">{_value(props[k], kind)}</data>'
        for k, (_, kind) in keys.items()
        if props.get(k) is not None
    )


def _value(value: Any, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        return repr(float(value))
    return _xml(value)


def _keys(items: list[Row], reserved: set[str]) -> dict[str, tuple[str, str]]:
    """property -> (GraphML attr.name, attr.type); a property whose name we use is renamed prop_<name>."""
    names = sorted({k for i in items for k in i["props"]} - {"id"})
    return {k: (f"prop_{k}" if k in reserved else k, attr_type([i["props"].get(k) for i in items])) for k in names}


def _write_graphml(handle: IO[str], nodes: list[Row], links: list[Row], yed: bool = False) -> None:
    node_keys = _keys(nodes, {"label", "type"})
    edge_keys = _keys(links, {"label", "type"})
    y = ' xmlns:y="http://www.yworks.com/xml/graphml"' if yed else ""
    handle.write(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns"{y}>\n'
    )
    handle.write('  <key id="label" for="node" attr.name="label" attr.type="string"/>\n')
    handle.write('  <key id="type" for="node" attr.name="type" attr.type="string"/>\n')
    for i, (name, kind) in enumerate(node_keys.values()):
        handle.write(f'  <key id="n{i}" for="node" attr.name={quoteattr(name)} attr.type="{kind}"/>\n')
    handle.write('  <key id="elabel" for="edge" attr.name="label" attr.type="string"/>\n')
    handle.write('  <key id="etype" for="edge" attr.name="type" attr.type="string"/>\n')
    for i, (name, kind) in enumerate(edge_keys.values()):
        handle.write(f'  <key id="e{i}" for="edge" attr.name={quoteattr(name)} attr.type="{kind}"/>\n')
    if yed:
        handle.write('  <key id="ng" for="node" yfiles.type="nodegraphics"/>\n')
        handle.write('  <key id="eg" for="edge" yfiles.type="edgegraphics"/>\n')
    handle.write('  <graph id="maillage" edgedefault="directed">\n')
    colours = {label: PALETTE[i % len(PALETTE)] for i, label in enumerate(sorted({n["label"] for n in nodes}))}
    node_ids = {k: f"n{i}" for i, k in enumerate(node_keys)}
    for n in nodes:
        name = n["props"].get("name") or n["id"]
        handle.write(
            f'    <node id={quoteattr(n["id"])}><data key="label">{_xml(name)}</data>'
            f'<data key="type">{_xml(n["label"])}</data>'
        )
        handle.write(_data_cells(n["props"], node_keys, node_ids))
        if yed:
            width = min(300, max(60, 7 * len(str(name)) + 16))
            handle.write(
                f'<data key="ng"><y:ShapeNode><y:Geometry height="30.0" width="{width}.0"/>'
                f'<y:Fill color="{colours[n["label"]]}" transparent="false"/>'
                '<y:BorderStyle color="#555555" type="line" width="1.0"/>'
                f"<y:NodeLabel>{_xml(name)}</y:NodeLabel>"
                '<y:Shape type="roundrectangle"/></y:ShapeNode></data>'
            )
        handle.write("</node>\n")
    edge_ids = {k: f"e{i}" for i, k in enumerate(edge_keys)}
    for i, r in enumerate(links):
        handle.write(
            f'    <edge id="e{i}" source={quoteattr(r["source_id"])} target={quoteattr(r["target_id"])}>'
            f'<data key="elabel">{_xml(r["type"])}</data><data key="etype">{_xml(r["type"])}</data>'
        )
        handle.write(_data_cells(r["props"], edge_keys, edge_ids))
        if yed:
            handle.write(
                '<data key="eg"><y:PolyLineEdge><y:LineStyle color="#808080" type="line" width="1.0"/>'
                '<y:Arrows source="none" target="standard"/>'
                f"<y:EdgeLabel>{_xml(r['type'])}</y:EdgeLabel></y:PolyLineEdge></data>"
            )
        handle.write("</edge>\n")
    handle.write("  </graph>\n</graphml>\n")
