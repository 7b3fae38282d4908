"""Shared fixtures: one real Neo4j per test session, an empty graph, the seeded graph.

Which Neo4j: ``NEO4J_URI`` if set (its database is emptied by the tests!); else a
testcontainers ``neo4j:5.26-community`` when a Docker engine answers; else the managed local
server under ``.maillage/test`` (never the one ``make demo`` fills).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Before kb reads its settings: tests get their own state directory unless told otherwise.
os.environ.setdefault("MAILLAGE_STATE_DIR", str(ROOT / ".maillage" / "test"))
os.environ.setdefault("MAILLAGE_HEAP", "1g")
os.environ.setdefault("MAILLAGE_PAGECACHE", "512m")
# The tests read English output unless they ask for French (tests/cli/test_i18n_cli.py): the
# interface's language would otherwise follow the developer's locale (kb/i18n.py).
os.environ["MAILLAGE_LANG"] = "en"

from kb import loader, runtime, seed  # noqa: E402
from kb.config import Settings, get_settings  # noqa: E402
from kb.db import Graph  # noqa: E402

# The helpers moved to tests/helpers.py; these names stay importable from here for now so that
# branches written against the old place still merge (import from tests.helpers in new code).
from tests.helpers import SOURCES, norm, quote_starts_at, source_line, source_lines  # noqa: E402, F401


@pytest.fixture(scope="session")
def settings() -> Settings:
    return get_settings()


@pytest.fixture(scope="session")
def connection_env(settings: Settings) -> Iterator[dict[str, str]]:
    """Environment variables that point a subprocess (`kb ...`) at the test server."""
    mode = runtime.choose_mode(settings)
    if mode is runtime.Mode.DOCKER and not settings.neo4j_uri:
        from testcontainers.neo4j import Neo4jContainer

        password = secrets.token_urlsafe(16)  # a throwaway container's, generated per session
        with Neo4jContainer("neo4j:5.26-community", password=password) as container:
            yield {
                "NEO4J_URI": container.get_connection_url(),
                "NEO4J_USER": "neo4j",
                "NEO4J_PASSWORD": password,
                "MAILLAGE_RUNTIME": "external",
            }
        return
    if mode is runtime.Mode.MANAGED:
        runtime.start(settings)
    yield {"MAILLAGE_STATE_DIR": str(settings.state_dir)}


@pytest.fixture(scope="session")
def graph(settings: Settings, connection_env: dict[str, str]) -> Iterator[Graph]:
    if "NEO4J_URI" in connection_env:
        g = Graph(connection_env["NEO4J_URI"], "neo4j", connection_env["NEO4J_PASSWORD"])
    else:
        g = runtime.connect(settings)
    with g:
        yield g


def _wipe(graph: Graph) -> None:
    graph.write_in_batches("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS")


@pytest.fixture
def empty_graph(graph: Graph) -> Graph:
    """The test database, emptied (schema kept)."""
    _wipe(graph)
    return graph


@pytest.fixture(scope="session")
def bundle() -> seed.Bundle:
    """All extracts, validated once per session. MAILLAGE_TEST_SEED (space-separated paths)
    narrows it while one extract is being written."""
    narrowed = os.environ.get("MAILLAGE_TEST_SEED")
    paths = [Path(p) for p in narrowed.split()] if narrowed else None
    return seed.read(paths)


@pytest.fixture
def seeded(graph: Graph, bundle: seed.Bundle) -> Graph:
    """The graph holding exactly the extracts (loaded once, reloaded only after a wipe).

    Tests that change the graph must use ``empty_graph`` instead.
    """
    # The territorial reference (seconds to load) survives between tests: its load is a no-op when its
    # content hash is unchanged; only the extracts are wiped and reloaded.
    loader.ensure_loaded(graph, bundle, wipe=True)
    return graph
