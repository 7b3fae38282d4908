"""Saved queries shared by the CLI and the TUI (issue 14 item 5, like pgcli's named queries),
and the console's history kept between sessions (like harlequin's)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from kb import saved_queries
from kb.db import Graph
from kb.errors import InvalidInput, NotFound
from tests.helpers import Connect, drive, make_app, plain, settle, type_text
from tests.tui.conftest import kb
from tui.widgets.paged_table import PagedTable

# seed 001 l.1864: "Avec CLS Flers agglo (signé le 22/11/23)" -- a CLS of the graph
BY_TYPE = "MATCH (m:Mechanism)-[:OF_TYPE]->(:MechanismType {code: $type}) RETURN m.name AS name ORDER BY name"


def test_saved_queries_file_names_and_parameters(tmp_path: Path) -> None:
    file = tmp_path / "q.json"
    saved = saved_queries.save("by_type", BY_TYPE, file)
    assert saved.params == ["type"]
    assert saved_queries.parameters("RETURN '$not_a_param' AS s, $real // $comment") == ["real"]
    assert json.loads(file.read_text(encoding="utf-8")) == {"by_type": BY_TYPE}
    assert file.stat().st_mode & 0o777 == 0o600
    with pytest.raises(InvalidInput, match="not a query name"):
        saved_queries.save("1 bad", BY_TYPE, file)
    with pytest.raises(NotFound, match="by_type"):
        saved_queries.get("nope", file)
    file.write_text("{not json", encoding="utf-8")
    with pytest.raises(InvalidInput, match="cannot read the saved queries"):
        saved_queries.saved(file)


def test_cli_saves_lists_runs_and_the_gate_refuses_a_write(seeded: Graph, cli_env: dict[str, str]) -> None:
    names = sorted(
        r["name"]
        for r in seeded.read("MATCH (m:Mechanism)-[:OF_TYPE]->(:MechanismType {code: 'CLS'}) RETURN m.name AS name")
    )
    assert "CLS Flers Agglo" in names
    code, _, err = kb("query", "save", "by_type", BY_TYPE)
    assert code == 0 and "$type" in err
    code, out, _ = kb("query", "saved", "-F", "json")
    assert code == 0 and json.loads(out) == [{"name": "by_type", "params": "$type", "cypher": BY_TYPE}]
    code, out, _ = kb("query", "run", "by_type", "-p", "type=CLS", "-F", "json")
    assert code == 0 and [r["name"] for r in json.loads(out)] == names
    code, _, err = kb("query", "run", "by_type")
    assert code == 1 and "needs $type" in err
    before = seeded.read("MATCH (n) RETURN count(n) AS c")[0]["c"]
    assert kb("query", "save", "writer", "CREATE (n:Entity {id: 'x:saved'}) RETURN n")[0] == 0  # saving runs nothing
    code, _, err = kb("query", "run", "writer")
    assert code == 1 and "Refused" in err
    assert seeded.read("MATCH (n) RETURN count(n) AS c")[0]["c"] == before


def test_the_tui_console_runs_what_the_cli_saved_and_keeps_its_history(
    connect_seeded: Connect, seeded: Graph, cli_env: dict[str, str]
) -> None:
    saved_queries.save("by_type", BY_TYPE)
    expected = [r["name"] for r in seeded.read(BY_TYPE, {"type": "CLS"})]
    assert "CLS Flers Agglo" in expected

    async def first(pilot: Pilot[None]) -> None:
        app = pilot.app
        await pilot.press("6")
        await settle(pilot)
        await type_text(pilot, "\\n by_type type=CLS")
        await pilot.press("f9")  # Enter breaks the line; F9 runs
        await settle(pilot)
        assert [r["name"] for r in app.query_one("#console-table", PagedTable).shown] == expected
        app.query_one("#cypher", TextArea).text = ""
        await type_text(pilot, "\\n")
        await pilot.press("f9")  # Enter breaks the line; F9 runs
        await settle(pilot)
        listed = app.query_one("#console-table", PagedTable).shown
        assert [(r["name"], r["params"]) for r in listed] == [("by_type", "$type")]
        app.query_one("#cypher", TextArea).text = ""
        await type_text(pilot, "\\ns mine MATCH (t:Territory {id: $id}) RETURN t.name AS name")
        await pilot.press("f9")  # Enter breaks the line; F9 runs
        await settle(pilot)
        assert "Saved 'mine' ($id)" in plain(app.query_one("#console-message"))

    drive(make_app(connect_seeded), first)
    assert saved_queries.get("mine").params == ["id"]  # the CLI sees what the TUI saved
    code, out, _ = kb("query", "run", "mine", "-p", "id=terr:fr-com-61169", "-F", "json")
    assert code == 0 and json.loads(out) == [{"name": "Flers"}]

    async def second(pilot: Pilot[None]) -> None:  # a new session: the history is still there
        app = pilot.app
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("up")
        assert app.query_one("#cypher", TextArea).text.startswith("\\ns mine")
        await pilot.press("up", "up")
        assert app.query_one("#cypher", TextArea).text == "\\n by_type type=CLS"

    drive(make_app(connect_seeded), second)
