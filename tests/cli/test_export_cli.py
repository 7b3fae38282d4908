"""``kb export`` options: --excel, --yed, and what they refuse (kb.export does the writing)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import KbRunner


def test_cli_export_excel_and_yed_options(kb: KbRunner, tmp_path: Path) -> None:
    result = kb("export", "-F", "csv", "--excel", "-o", str(tmp_path / "x"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "x" / "nodes_Actor.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    result = kb("export", "--yed", "-o", str(tmp_path / "y.graphml"))
    assert result.exit_code == 0 and "(yed)" in result.stderr
    assert b"y:ShapeNode" in (tmp_path / "y.graphml").read_bytes()
    refused = kb("export", "-F", "json", "--excel", "-o", str(tmp_path / "z.json"))
    assert refused.exit_code == 1 and "--excel applies to --format csv only" in refused.stderr
