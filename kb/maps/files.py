"""A coverage map as a file: GeoJSON for QGIS and geojson.io, SVG and PNG for reports.

- GeoJSON (RFC 7946): a FeatureCollection of the communes in WGS84 (longitude, latitude; exterior
  rings counter-clockwise; 6 decimals), each with its category, its words and its schemes as
  properties.
- SVG and PNG: one rendering path, matplotlib (with shapely's own patches, ``shapely.plotting``), with a
  title, the legend (the coverage findings' words and the number of communes in each), the source and
  the date. In the SVG every commune is a group ``id="commune-<INSEE>"``, and text stays text.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.base import BaseGeometry

from kb.errors import InvalidInput
from kb.i18n import _, ngettext
from kb.maps.geometry import commune_shapes, scale_for
from kb.maps.model import CoverageMap

FORMATS = {".geojson": "geojson", ".json": "geojson", ".svg": "svg", ".png": "png"}


def format_for(path: Path) -> str:
    """The file format an output path asks for, by its extension."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InvalidInput(
            _("{path}: the map format is chosen by extension: .geojson, .json, .svg or .png.").format(path=path)
        )
    return fmt


def _shapes(cmap: CoverageMap, pixels: int) -> dict[str, BaseGeometry]:
    lons = [c.lon for c in cmap.communes if c.lon is not None]
    span = (max(lons) - min(lons)) if len(lons) > 1 else 0.05
    return commune_shapes([(c.code, c.region or "") for c in cmap.communes], scale_for(span, pixels))


def _footer(cmap: CoverageMap) -> str:
    as_of = _("; as of {day}").format(day=cmap.as_of.isoformat()) if cmap.as_of else ""
    notes = "".join(f"\n{n}" for n in cmap.notes)
    return (
        _("Source: {source}. Drawn on {day}{as_of}.").format(
            source=cmap.source, day=cmap.drawn_on.isoformat(), as_of=as_of
        )
        + notes
    )


def geojson(cmap: CoverageMap) -> dict[str, Any]:
    """The map as an RFC 7946 FeatureCollection (WGS84, counter-clockwise exterior rings)."""
    shapes = _shapes(cmap, 4000)  # the finest scale: an analyst zooms in QGIS
    labels = {c.key: c.label for c in cmap.legend}
    features = []
    for c in cmap.communes:
        geom = shapes.get(c.code)
        if geom is None:
            continue
        oriented = shapely.orient_polygons(shapely.set_precision(geom, 1e-6), exterior_cw=False)
        features.append(
            {
                "type": "Feature",
                "id": c.code,
                "geometry": mapping(oriented),
                "properties": {
                    "code": c.code,
                    "name": c.name,
                    "id": c.id,
                    "population": c.population,
                    "category": c.category,
                    "category_label": labels[c.category],
                    "why": c.why,
                    "mechanisms": c.mechanisms,
                    "types_covering": c.types_covering,
                    "types_unknown": c.types_unknown,
                    "types_gap": c.types_gap,
                    "unknown_perimeter": c.unknown_perimeter,
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "name": cmap.title,
        "title": cmap.title,
        "mode": cmap.mode,
        "mechanism_type": cmap.mechanism_type,
        "source": cmap.source,
        "drawn_on": cmap.drawn_on.isoformat(),
        "as_of": cmap.as_of.isoformat() if cmap.as_of else None,
        "legend": [c.model_dump() for c in cmap.legend],
        "notes": cmap.notes,
        "features": features,
    }


def _figure(cmap: CoverageMap, highlight: set[str] | None = None) -> Any:
    import math

    import matplotlib

    matplotlib.use("Agg")  # files only: never a window
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from shapely.plotting import patch_from_polygon

    shapes = _shapes(cmap, 1600)
    colour = {c.key: c.colour for c in cmap.legend}
    fig = Figure(figsize=(10, 8.5), dpi=100)
    ax = fig.add_axes((0.02, 0.2, 0.96, 0.7))
    for c in cmap.communes:
        geom = shapes.get(c.code)
        if not isinstance(geom, Polygon | MultiPolygon):
            continue
        edge = "#000000" if highlight and c.code in highlight else "#ffffff"
        patch = patch_from_polygon(
            geom, facecolor=colour[c.category], edgecolor=edge, linewidth=0.25 if len(shapes) > 200 else 0.5
        )
        patch.set_gid(f"commune-{c.code}")
        patch.set_url(None)
        ax.add_patch(patch)
    if shapes:
        minx, miny, maxx, maxy = shapely.total_bounds(list(shapes.values()))
        ax.set_xlim(minx, maxx)
        ax.set_ylim(miny, maxy)
        ax.set_aspect(1 / math.cos(math.radians((miny + maxy) / 2)))
    ax.set_axis_off()
    fig.suptitle(cmap.title, fontsize=13, x=0.02, ha="left", y=0.97)
    handles = [
        Patch(
            facecolor=c.colour,
            edgecolor="#555555",
            label=ngettext("{label} ({count} commune)", "{label} ({count} communes)", count).format(
                label=c.label, count=count
            ),
        )
        for c in cmap.legend
        for count in [cmap.counts.get(c.key, 0)]
    ]
    legend = fig.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.02, 0.05),
        fontsize=9,
        frameon=False,
        ncols=2 if len(handles) > 5 else 1,
    )
    legend.set_gid("legend")
    fig.text(0.02, 0.02, _footer(cmap), fontsize=7, color="#444444", wrap=True, gid="source")
    return fig


def svg(cmap: CoverageMap, highlight: set[str] | None = None) -> str:
    """The map as an SVG document (text as text, one group per commune)."""
    import matplotlib

    fig = _figure(cmap, highlight)
    out = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "maillage"}):
        fig.savefig(out, format="svg", metadata={"Title": cmap.title, "Date": cmap.drawn_on.isoformat()})
    return out.getvalue()


def png(cmap: CoverageMap) -> bytes:
    out = io.BytesIO()
    _figure(cmap).savefig(out, format="png", dpi=150, metadata={"Title": cmap.title, "Source": cmap.source})
    return out.getvalue()


def write(cmap: CoverageMap, path: Path) -> str:
    """Write the map to ``path`` in the format its extension names; returns that format."""
    fmt = format_for(path)
    try:
        if fmt == "geojson":
            path.write_text(json.dumps(geojson(cmap), ensure_ascii=False, allow_nan=False), encoding="utf-8")
        elif fmt == "svg":
            path.write_text(svg(cmap), encoding="utf-8")
        else:
            path.write_bytes(png(cmap))
    except OSError as err:
        raise InvalidInput(
            _("{file}: cannot write it: {reason}").format(file=path, reason=err.strerror or err)
        ) from None
    return fmt
