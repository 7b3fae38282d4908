"""The managed Neo4j server's lifecycle, on a private state directory (its own port and data).

One real start of a second Neo4j (the session's test server is not touched): marked
``lifecycle``. Skipped where the managed server is not the runtime (NEO4J_URI set or Docker
present), since those runtimes do not use it. A restart is not started again (it would cost a
second start of about 40 s): the test checks instead that what a restart reuses — data, password,
port — is still there after the stop, so the next start takes the restart path.
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


def test_lifecycle_start_noop_status_stop(private_settings: Settings) -> None:
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
            assert graph.read("MATCH (p:Probe) RETURN p.id AS id") == [{"id": "kept-across-restarts"}]
        password, port = server.password(), server.bolt_port
    finally:
        assert server.stop()
    assert _java_processes(server.home) == []
    assert server.pid() is None
    assert not runtime.status(private_settings).running
    # What a restart reuses is kept: the database files (so `start` skips the first-start
    # password setup), the generated password and the port.
    assert (server.data_dir / "databases" / "neo4j").is_dir()
    assert any((server.data_dir / "transactions" / "neo4j").iterdir()), "the write reached the transaction log"
    assert server.password() == password and server.bolt_port == port


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


def test_a_taken_port_moves_the_server_to_a_free_one(private_settings: Settings) -> None:
    """`kb db start` when another program holds the recorded Bolt port: a new free port, said on stderr,
    recorded for the next starts; the server answers there (debts item 5)."""
    import socket

    from tests.helpers import KB

    server = ManagedServer(private_settings)
    server.bolt_port  # noqa: B018 - the server's home and its port file, written on first use
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "MAILLAGE_"))},
        "MAILLAGE_STATE_DIR": str(private_settings.state_dir),
        "MAILLAGE_RUNTIME": "managed",
        "MAILLAGE_HEAP": "512m",
        "MAILLAGE_PAGECACHE": "128m",
        **{k: v for k, v in os.environ.items() if k == "MAILLAGE_START_TIMEOUT"},  # a slow machine's
    }
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        # The squatter listens first, on a port of its own, and that port is the one recorded. (Recording
        # a free port and binding it afterwards failed in CI: the port, from the ephemeral range, was by then
        # the local end of a client connection, which the squatter could not bind and Neo4j could listen on.)
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        recorded = int(squatter.getsockname()[1])
        server.port_file.write_text(f"{recorded}\n")
        try:
            done = subprocess.run(
                [KB, "db", "start"], capture_output=True, text=True, env=env, timeout=300, check=False
            )
            assert done.returncode == 0, done.stderr
            moved = server.bolt_port
            assert moved != recorded
            assert f"Port {recorded} on 127.0.0.1 is taken by another program" in done.stderr
            assert f"port {moved} instead" in done.stderr and "Traceback" not in done.stderr
            with Graph(server.uri, "neo4j", server.password()) as graph:
                assert graph.read("RETURN 1 AS one") == [{"one": 1}]
            assert f"server.bolt.listen_address=127.0.0.1:{moved}" in (server.conf_dir / "neo4j.conf").read_text()
        finally:
            subprocess.run([KB, "db", "stop"], capture_output=True, text=True, env=env, timeout=120, check=False)
    assert server.pid() is None


def test_the_generated_password_never_starts_with_a_dash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """picocli reads a leading '-' as an option: `set-initial-password -x…` fails with "Missing required
    parameter". token_urlsafe gives one about 1 time in 64; the generator must draw again. No server here."""
    draws = iter(["-starts-with-a-dash", "--two", "fine_password"])
    monkeypatch.setattr("kb.managed.secrets.token_urlsafe", lambda _n: next(draws))
    server = ManagedServer(Settings(state_dir=tmp_path / "state", runtime="managed"))
    assert server.password() == "fine_password"
    assert server.password_file.read_text(encoding="utf-8").strip() == "fine_password"
