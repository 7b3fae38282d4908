"""Export the graph: GraphML (Gephi, yEd), JSON (nodes and links), CSV (one file per label and type).

Reads in pages, writes to a temporary file or folder and renames it into place at the end, so
an interrupted export never leaves a half-written file where the complete one should be.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from kb import catalog
from kb.db import Graph, Row
from kb.errors import InvalidInput
from kb.vocab import ExportFormat as ExportFormat  # re-exported

PAGE = 5000
INTERNAL = {"search_text", "name_folded", "names_folded", "title_words"}


def _pages(graph: Graph, name: str) -> Iterator[Row]:
    skip = 0
    while True:
        rows = catalog.run(graph, name, skip=skip, limit=PAGE)
        yield from rows
        if len(rows) < PAGE:
            return
        skip += PAGE


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k not in INTERNAL}


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def export(graph: Graph, fmt: ExportFormat, output: Path) -> dict[str, int]:
    """Write the graph to ``output`` (a file; a folder for CSV). Returns counts."""
    nodes = [{**r, "props": _clean(r["props"])} for r in _pages(graph, "export_nodes")]
    links = [{**r, "props": _clean(r["props"])} for r in _pages(graph, "export_relationships")]
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    if fmt is ExportFormat.csv:
        tmp_dir = Path(tempfile.mkdtemp(prefix=".export-", dir=output.parent))
        try:
            _write_csv(tmp_dir, nodes, links)
            if output.exists():
                shutil.rmtree(output) if output.is_dir() else output.unlink()
            tmp_dir.replace(output)
        except BaseException:
            shutil.rmtree(tmp_dir, ignore_errors=True)
            raise
    else:
        fd, tmp_name = tempfile.mkstemp(prefix=".export-", dir=output.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
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
                    _write_graphml(handle, nodes, links)
            os.replace(tmp_name, output)
        except ValueError as err:  # a non-finite number, refused by allow_nan=False
            Path(tmp_name).unlink(missing_ok=True)
            raise InvalidInput(f"Cannot export as JSON: {err} (the graph holds Infinity or NaN).") from None
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
    return {"nodes": len(nodes), "relationships": len(links)}


def _write_csv(folder: Path, nodes: list[Row], links: list[Row]) -> None:
    by_label: dict[str, list[Row]] = defaultdict(list)
    for n in nodes:
        by_label[n["label"]].append(n)
    for label, rows in by_label.items():
        cols = sorted({k for r in rows for k in r["props"]} - {"id"})
        with open(folder / f"nodes_{label}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", *cols])
            for r in rows:
                writer.writerow([r["id"], *(_text(r["props"].get(c)) for c in cols)])
    by_type: dict[str, list[Row]] = defaultdict(list)
    for r in links:
        by_type[r["type"]].append(r)
    for rel_type, rows in by_type.items():
        cols = sorted({k for r in rows for k in r["props"]})
        with open(folder / f"rels_{rel_type}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["source_id", "target_id", *cols])
            for r in rows:
                writer.writerow([r["source_id"], r["target_id"], *(_text(r["props"].get(c)) for c in cols)])


def _write_graphml(handle: Any, nodes: list[Row], links: list[Row]) -> None:
    node_keys = sorted({k for n in nodes for k in n["props"]} - {"id"})
    edge_keys = sorted({k for r in links for k in r["props"]})
    handle.write('<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
    handle.write('  <key id="label" for="node" attr.name="label" attr.type="string"/>\n')
    for k in node_keys:
        handle.write(f'  <key id="n_{escape(k)}" for="node" attr.name={quoteattr(k)} attr.type="string"/>\n')
    handle.write('  <key id="type" for="edge" attr.name="type" attr.type="string"/>\n')
    for k in edge_keys:
        handle.write(f'  <key id="e_{escape(k)}" for="edge" attr.name={quoteattr(k)} attr.type="string"/>\n')
    handle.write('  <graph id="maillage" edgedefault="directed">\n')
    for n in nodes:
        handle.write(f'    <node id={quoteattr(n["id"])}><data key="label">{escape(n["label"])}</data>')
        for k in node_keys:
            if k in n["props"]:
                handle.write(f'<data key="n_{escape(k)}">{escape(_text(n["props"][k]))}</data>')
        handle.write("</node>\n")
    for i, r in enumerate(links):
        handle.write(
            f'    <edge id="e{i}" source={quoteattr(r["source_id"])} target={quoteattr(r["target_id"])}>'
            f'<data key="type">{escape(r["type"])}</data>'
        )
        for k in edge_keys:
            if k in r["props"]:
                handle.write(f'<data key="e_{escape(k)}">{escape(_text(r["props"][k]))}</data>')
        handle.write("</edge>\n")
    handle.write("  </graph>\n</graphml>\n")
