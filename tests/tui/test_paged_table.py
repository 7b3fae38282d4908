"""The paged table holds tens of thousands of rows but puts only one page in the DataTable.

No timing here (a loaded CI machine makes wall-clock bounds flaky): what keeps it responsive is
checked structurally — 500 rows in the DataTable, whatever the total. Speed is `make bench`'s job.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from tui.widgets.paged_table import Column, PagedTable, in_words


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


def test_a_window_of_a_server_paged_answer_counts_the_whole_answer_and_asks_for_the_next_page() -> None:
    """One page of 9,716 rows held: the status says where it lies; turning past it posts PageWanted
    with the offset to fetch, and nothing past either end; numbers in the language's format."""
    from kb import i18n
    from tui.widgets.paged_table import Window

    wanted: list[int] = []

    class WindowApp(TableApp):
        def on_paged_table_page_wanted(self, event: PagedTable.PageWanted) -> None:
            wanted.append(event.offset)

    def status(table: PagedTable) -> str:
        return str(table.query_one(".table-status").render())

    async def main() -> None:
        app = WindowApp()
        async with app.run_test(size=(120, 30)) as pilot:
            table = app.query_one(PagedTable)
            columns = [Column("n", "n"), Column("name", "name")]
            table.set_rows(columns, [{"n": i, "name": f"Actor {i}"} for i in range(50)], window=Window(0, 9716, 50))
            await pilot.pause()
            assert status(table).startswith("rows 1–50 of 9,716 · page 1/195 ([ ] to turn)")
            table.table.focus()
            await pilot.press("left_square_bracket", "left_curly_bracket")  # before the first page: nothing
            await pilot.press("right_square_bracket")
            await pilot.pause()
            assert wanted == [50] and status(table).startswith("Fetching rows 51–100 of 9,716")
            await pilot.press("right_curly_bracket")
            await pilot.pause()
            assert wanted == [50, 9700]
            last = [{"n": i, "name": f"Actor {i}"} for i in range(9700, 9716)]
            table.set_rows(columns, last, window=Window(9700, 9716, 50))
            await pilot.pause()
            assert status(table).startswith("rows 9,701–9,716 of 9,716 · page 195/195")
            await pilot.press("right_square_bracket", "right_curly_bracket")  # past the last page: nothing
            await pilot.pause()
            assert wanted == [50, 9700]
            table.set_filter("9715")
            await pilot.pause()
            assert "1 of the page's 16 match '9715'" in status(table)
            i18n.activate("fr")
            try:
                table.set_filter("")
                await pilot.pause()
                assert status(table).startswith("lignes 9\u202f701–9\u202f716 sur 9\u202f716 · page 195/195")
            finally:
                i18n.activate("en")

    asyncio.run(main())


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_who_role_column_says_relationships_as_kb_who_does(lang: str) -> None:
    # One table of words (kb.relations) for both front ends: the TUI's role column used to show
    # CONTRIBUTES_TO where `kb who` said "contribue à"; an acronym in the column stays as it is.
    from cli.output import _table_cell
    from kb import i18n
    from tui.widgets.who import COLUMNS

    role = next(c for c in COLUMNS if c.key == "role")
    with i18n.speaking(lang):
        for value in ("CONTRIBUTES_TO", "PILOTS:co-pilote", "COVERS", "HAS_MANDATE", "CPTS"):
            assert in_words(role, value) == _table_cell("role", value), value
        assert in_words(role, "CPTS") == "CPTS"
        if lang == "fr":
            assert in_words(role, "CONTRIBUTES_TO") == "contribue à"
