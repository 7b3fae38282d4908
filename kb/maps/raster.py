"""A coverage map as a grid of pixels, for terminals (half-block cells: two pixels per cell).

The communes are projected (equirectangular around the map's middle latitude: at the scale of a
région the distortion is small) and hit-tested with a shapely ``STRtree``: each pixel is the
commune that contains its centre. A commune too small for any pixel centre gets the pixel of its
representative point, so every commune of the map is drawn on at least one cell.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from kb.maps.geometry import commune_shapes, scale_for
from kb.maps.model import CoverageMap

EMPTY = -1


@dataclass
class Raster:
    """``pixels[y][x]`` is an index into ``codes`` (or ``EMPTY``); ``height`` is twice the rows."""

    width: int
    height: int
    codes: list[str]
    pixels: np.ndarray  # (height, width) int32
    bounds: tuple[float, float, float, float]  # lon/lat box drawn
    undrawn: list[str] = field(default_factory=list)  # communes without a polygon

    def at(self, x: int, y: int) -> str | None:
        i = int(self.pixels[y, x])
        return None if i == EMPTY else self.codes[i]

    def cells_of(self, code: str) -> int:
        return int((self.pixels == self.codes.index(code)).sum()) if code in self.codes else 0


def shapes_for(cmap: CoverageMap, pixels: int) -> dict[str, BaseGeometry]:
    """The map's commune polygons at the scale that fits a drawing ``pixels`` wide."""
    lons = [c.lon for c in cmap.communes if c.lon is not None]
    span = (max(lons) - min(lons)) if len(lons) > 1 else 0.05
    return commune_shapes([(c.code, c.region or "") for c in cmap.communes], scale_for(span, pixels))


def rasterise(cmap: CoverageMap, columns: int, rows: int, shapes: dict[str, BaseGeometry] | None = None) -> Raster:
    """The map fitted into ``columns`` × ``rows`` terminal cells (``2 * rows`` pixels high)."""
    width, height = max(columns, 1), max(rows, 1) * 2
    shapes = shapes if shapes is not None else shapes_for(cmap, width)
    codes = [c.code for c in cmap.communes if c.code in shapes]
    undrawn = [c.code for c in cmap.communes if c.code not in shapes]
    pixels = np.full((height, width), EMPTY, dtype=np.int32)
    if not codes:
        return Raster(width, height, codes, pixels, (0.0, 0.0, 0.0, 0.0), undrawn)
    geoms = np.array([shapes[c] for c in codes], dtype=object)
    minx, miny, maxx, maxy = shapely.total_bounds(geoms)
    k = math.cos(math.radians((miny + maxy) / 2))  # a degree of longitude is shorter than one of latitude
    span_x, span_y = max((maxx - minx) * k, 1e-9), max(maxy - miny, 1e-9)
    size = max(span_x / width, span_y / height)  # one pixel, in projected degrees (square pixels)
    off_x = (width - span_x / size) / 2
    off_y = (height - span_y / size) / 2
    xs = (np.arange(width) + 0.5 - off_x) * size / k + minx
    ys = maxy - (np.arange(height) + 0.5 - off_y) * size
    grid_x, grid_y = np.meshgrid(xs, ys)
    points = shapely.points(grid_x.ravel(), grid_y.ravel())
    tree = shapely.STRtree(geoms)
    hit_point, hit_geom = tree.query(points, predicate="intersects")
    flat = pixels.ravel()
    flat[hit_point] = hit_geom  # a pixel on a shared border goes to one of its communes
    count = np.bincount(flat[flat != EMPTY], minlength=len(codes))
    for i in np.flatnonzero(count == 0):  # too small for a pixel centre: a pixel at its representative point
        p = shapely.point_on_surface(geoms[i])
        px = int(min(max((p.x - minx) * k / size + off_x, 0), width - 1))
        py = int(min(max((maxy - p.y) / size + off_y, 0), height - 1))
        # the nearest pixel (rings of growing radius) whose commune keeps another pixel, or none has
        for r in range(max(width, height)):
            ring = [
                (x, y)
                for y in range(py - r, py + r + 1)
                for x in range(px - r, px + r + 1)
                if max(abs(x - px), abs(y - py)) == r and 0 <= x < width and 0 <= y < height
            ]
            free = [(x, y) for x, y in ring if flat[y * width + x] == EMPTY or count[flat[y * width + x]] > 1]
            if free:
                x, y = free[0]
                owner = flat[y * width + x]
                if owner != EMPTY:
                    count[owner] -= 1
                flat[y * width + x] = i
                count[i] = 1
                break
    return Raster(width, height, codes, flat.reshape(height, width), (minx, miny, maxx, maxy), undrawn)


def category_grid(cmap: CoverageMap, raster: Raster) -> list[list[str | None]]:
    """Each pixel's legend key (``None`` outside the map)."""
    by_code = {c.code: c.category for c in cmap.communes}
    keys = [by_code[c] for c in raster.codes]
    return [[None if i == EMPTY else keys[i] for i in row] for row in raster.pixels.tolist()]
