"""The managed Neo4j server's lifecycle, on a private state directory (its own port and data).

Slow (two real starts of Neo4j): marked ``lifecycle``. Skipped where the managed server is not
the runtime (NEO4J_URI set or Docker present), since those runtimes do not use it.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from kb import runtime
from kb.config import Settings
from kb.db import Graph
from kb.managed import ManagedServer

pytestmark = pytest.mark.lifecycle


@pytest.fixture(scope="module")
def private_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    base = Settings()
    if runtime.choose_mode(base) is not runtime.Mode.MANAGED:
        pytest.skip("the managed server is used only without NEO4J_URI and without Docker")
    return Settings(
        state_dir=tmp_path_factory.mktemp("managed-state"), heap="512m", pagecache="128m", runtime="managed"
    )


def _java_processes(home: Path) -> list[str]:
    out = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if "CommunityEntryPoint" in line and str(home) in line]


def test_lifecycle_start_noop_status_stop_restart(private_settings: Settings) -> None:
    server = ManagedServer(private_settings)
    first = server.start()
    assert not first.already_running
    try:
        # The password file is owner-readable only, and so is the state directory.
        assert stat.S_IMODE(os.stat(server.password_file).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(private_settings.state_dir).st_mode) == 0o700

        second = server.start()
        assert second.already_running and second.pid == first.pid

        status = runtime.status(private_settings)
        assert status.running and status.version is not None and status.version.startswith("5.26")
        assert status.edition == "community" and status.uri == server.uri

        with Graph(server.uri, "neo4j", server.password()) as graph:
            graph.write("CREATE (:Probe {id: 'kept-across-restarts'})")
    finally:
        assert server.stop()
    assert _java_processes(server.home) == []
    assert server.pid() is None
    assert not runtime.status(private_settings).running

    restarted = server.start()
    try:
        assert not restarted.already_running
        with Graph(server.uri, "neo4j", server.password()) as graph:
            rows = graph.read("MATCH (p:Probe) RETURN p.id AS id")
        assert rows == [{"id": "kept-across-restarts"}]
    finally:
        server.stop()
    assert _java_processes(server.home) == []


def test_config_is_loopback_only_with_http_off(private_settings: Settings) -> None:
    server = ManagedServer(private_settings)
    server._ensure_home()
    server.write_config()
    conf = (server.conf_dir / "neo4j.conf").read_text()
    assert "server.default_listen_address=127.0.0.1" in conf
    assert "server.http.enabled=false" in conf
    assert "dbms.security.auth_enabled=true" in conf
    assert "dbms.usage_report.enabled=false" in conf
    assert "db.transaction.timeout=" in conf
    assert "dbms.memory.transaction.total.max=" in conf
