"""Fixtures of the TUI layer: apps pointed at the seeded test graph, at an empty one, or at a
database that is down; and ``drive`` (tests/helpers.py), which runs a Pilot scenario without an async plugin.

The apps get their own ``connect`` (a new driver on the test server each time, closed by the
app when it exits), never the session's ``graph`` object, which other tests keep using.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kb import runtime
from kb.config import Settings, get_settings
from kb.db import Graph

# The helpers moved to tests/helpers.py; re-exported here for branches that import them from this module.
from tests.helpers import (
    SIZE,
    Connect,
    Flaky,
    closed_port,
    drive,
    make_app,
    plain,
    screen_text,
    settle,
    type_text,
)

__all__ = [
    "SIZE",
    "Connect",
    "Flaky",
    "closed_port",
    "drive",
    "make_app",
    "plain",
    "screen_text",
    "settle",
    "type_text",
]


@pytest.fixture(autouse=True)
def _no_user_key_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """A developer's own ~/.config/maillage/tui.toml (and saved queries, histories) must not
    change what the tests press and see."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))  # key config and saved queries
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))  # console and search histories
    monkeypatch.delenv("MAILLAGE_SAVED_QUERIES", raising=False)
    monkeypatch.setenv("MAILLAGE_TUI_CONFIG", str(tmp_path / "no-such-tui.toml"))
    yield


@pytest.fixture
def cli_env(connection_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """The in-process CLI (``kb``) pointed at the test server, as tests/cli/conftest.py does."""
    for key, value in connection_env.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    yield connection_env
    get_settings.cache_clear()


def kb(*args: str) -> tuple[int, str, str]:
    """``kb ARGS`` in-process: exit code, stdout, stderr (needs the ``cli_env`` fixture)."""
    from typer.testing import CliRunner

    from cli.main import app

    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="session")
def connect_test_db(settings: Settings, connection_env: dict[str, str]) -> Connect:
    """Opens a new ``Graph`` on the test server (whichever runtime the session uses)."""

    def connect() -> Graph:
        if "NEO4J_URI" in connection_env:
            graph = Graph(
                connection_env["NEO4J_URI"], connection_env.get("NEO4J_USER", "neo4j"), connection_env["NEO4J_PASSWORD"]
            )
            graph.verify()
            return graph
        return runtime.connect(settings)

    return connect


@pytest.fixture
def connect_seeded(seeded: Graph, connect_test_db: Connect) -> Connect:
    """Connects to the test server holding exactly the extracts."""
    return connect_test_db


@pytest.fixture
def connect_empty(empty_graph: Graph, connect_test_db: Connect) -> Connect:
    return connect_test_db


@pytest.fixture
def flaky(seeded: Graph, connect_test_db: Connect) -> Flaky:
    return Flaky(connect_test_db)
