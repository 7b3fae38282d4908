"""Maps of coverage and overlaps (issue 15): what each commune shows (``model``), its polygons
(``geometry``, cached per scale), a terminal grid (``raster``) and files (``files``: GeoJSON, SVG, PNG)."""
