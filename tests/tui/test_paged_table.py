"""The paged table holds tens of thousands of rows but puts only one page in the DataTable.

No timing here (a loaded CI machine makes wall-clock bounds flaky): what keeps it responsive is
checked structurally — 500 rows in the DataTable, whatever the total. Speed is `make bench`'s job.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from tui.widgets.paged_table import Column, PagedTable


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield PagedTable(id="t")


def test_fifty_thousand_rows_filter_sort_and_page_one_page_at_a_time() -> None:
    rows = [{"n": i, "name": f"Actor {i:05}", "kind": "association" if i % 3 else "hospital"} for i in range(50_000)]

    async def main() -> None:
        app = TableApp()
        async with app.run_test(size=(100, 30)) as pilot:
            table = app.query_one(PagedTable)
            table.set_rows([Column("n", "n"), Column("name", "name"), Column("kind", "kind")], rows)
            await pilot.pause()
            assert table.table.row_count == 500 and table.pages == 100
            table.set_filter("hospital")
            await pilot.pause()
            assert len(table.shown) == len([r for r in rows if r["kind"] == "hospital"])
            table.sort_by("n")
            table.sort_by("n")  # twice: descending
            await pilot.pause()
            assert table.shown[0]["n"] == 49_998
            assert table.table.row_count == 500 and table.pages == -(-len(table.shown) // 500)
            table.table.focus()
            await pilot.press("right_square_bracket", "right_square_bracket", "left_square_bracket")
            assert table.page == 1
            assert table.table.get_row_at(0)[0] == str(table.shown[500]["n"])

    asyncio.run(main())


def test_the_default_export_folder_is_the_users_documents_never_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.widgets.base import export_folder

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    monkeypatch.chdir(tmp_path / "..")
    assert export_folder() == tmp_path  # nothing else exists: home, not the cwd
    (tmp_path / "Downloads").mkdir()
    assert export_folder() == tmp_path / "Downloads"
    (tmp_path / "Dokumente").mkdir()
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "user-dirs.dirs").write_text('XDG_DOCUMENTS_DIR="$HOME/Dokumente"\n', encoding="utf-8")
    assert export_folder() == tmp_path / "Dokumente"
