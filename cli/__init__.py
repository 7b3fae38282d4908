"""Maillage's command line, ``kb``: parses, calls ``kb`` functions, prints. Nothing else."""
