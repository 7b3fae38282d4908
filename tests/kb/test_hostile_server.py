"""Faults on a managed server this module starts itself (issue 13, holes 5, 6, 11).

- the first-start password never appears on any process's command line (polled in /proc);
- a stalled server (SIGSTOP on its java process) ends a CLI call in exit 4 with one line, and an
  in-process read in ``QueryTimeout``, within the client's deadline; SIGCONT brings it back;
- the login rate limit after failed logins is a connection error (exit 3), not a rejected query.

Slow (a real first start of Neo4j): marked ``lifecycle``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb import runtime
from kb.config import Settings
from kb.db import DEADLINE_GRACE, Graph
from kb.errors import ConnectionFailed, QueryTimeout
from kb.managed import ManagedServer
from tests.cli.conftest import KB

pytestmark = pytest.mark.lifecycle


def _cmdlines() -> list[str]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                out.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
            except OSError:
                continue
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ManagedServer, list[str]]]:
    """A private managed server, started for the first time while /proc is polled."""
    if runtime.choose_mode(Settings()) is not runtime.Mode.MANAGED:
        pytest.skip("the managed server is used only without NEO4J_URI and without Docker")
    settings = Settings(
        state_dir=tmp_path_factory.mktemp("hostile-state") / "state",
        heap="512m",
        pagecache="64m",
        runtime="managed",
    )
    managed = ManagedServer(settings)
    password = managed.password()  # generated before the start, as the start does
    seen: list[str] = []
    polls = [0]
    stop = threading.Event()

    def poll() -> None:
        while not stop.is_set() and polls[0] < 100_000:
            polls[0] += 1
            seen.extend(c for c in _cmdlines() if password in c)
            time.sleep(0.01)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    try:
        managed.start()
    finally:
        stop.set()
        poller.join(timeout=10)
    assert polls[0] > 20, "the poller must have looked during the start"
    try:
        yield managed, seen
    finally:
        pid = managed.pid()
        if pid is not None:
            os.kill(pid, signal.SIGCONT)
        managed.stop()


def test_the_first_start_password_never_appears_on_a_command_line(server: tuple[ManagedServer, list[str]]) -> None:
    managed, seen = server
    assert seen == []
    assert not list(managed.home.glob(".initial-password-*")), "the argument file is deleted after use"
    with Graph(managed.uri, "neo4j", managed.password()) as graph:
        graph.verify()  # and the password was really set through the argument file


def _env(managed: ManagedServer) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "MAILLAGE_"))}
    env.update(
        {
            "NEO4J_URI": managed.uri,
            "NEO4J_USER": "neo4j",
            "NEO4J_PASSWORD": managed.password(),
            "MAILLAGE_RUNTIME": "external",
            "MAILLAGE_QUERY_TIMEOUT": "2",
            "MAILLAGE_CONNECT_TIMEOUT": "2",
        }
    )
    return env


def test_a_stalled_server_ends_in_a_timeout_within_the_deadline(server: tuple[ManagedServer, list[str]]) -> None:
    managed, _ = server
    pid = managed.pid()
    assert pid is not None
    graph = Graph(managed.uri, "neo4j", managed.password(), query_timeout=2.0, connect_timeout=2.0)
    graph.verify()
    os.kill(pid, signal.SIGSTOP)
    try:
        # In process, a connection that was open: the read gives up after 2 s + the grace.
        with pytest.raises(QueryTimeout) as err:
            graph.read("RETURN 1 AS one")
        assert "did not answer within" in str(err.value)
        # The CLI, connecting afresh: exit 4, one line. The subprocess timeout is a safety net only.
        done = subprocess.run(
            [KB, "cypher", "RETURN 1 AS one"],
            capture_output=True,
            text=True,
            env=_env(managed),
            timeout=60,
            check=False,
        )
        assert done.returncode == 4, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("kb: error:"), done.stderr
        assert "Traceback" not in done.stderr and managed.password() not in done.stderr
    finally:
        os.kill(pid, signal.SIGCONT)
        graph.close()
    with Graph(managed.uri, "neo4j", managed.password()) as again:
        assert again.read("RETURN 1 AS one") == [{"one": 1}]


def test_the_deadline_covers_the_grace_only(server: tuple[ManagedServer, list[str]]) -> None:
    """The client's deadline is the query timeout plus a fixed grace (no wall clock measured)."""
    managed, _ = server
    with Graph(managed.uri, "neo4j", managed.password(), query_timeout=3.0) as graph:
        assert graph._read_deadline(None) == 3.0 + DEADLINE_GRACE
        assert graph._read_deadline(1.0) == 1.0 + DEADLINE_GRACE


def test_the_login_rate_limit_is_a_connection_error(server: tuple[ManagedServer, list[str]]) -> None:
    """Neo4j locks a user for a few seconds after 3 failed logins (dbms.security.auth_lock_time)."""
    managed, _ = server
    errors = []
    for _ in range(6):
        bad = Graph(managed.uri, "neo4j", "wrong-password-x")
        try:
            bad.verify()
        except ConnectionFailed as err:
            errors.append(str(err))
        finally:
            bad.close()
    assert len(errors) == 6
    assert any("too many failed attempts" in e for e in errors), errors
    assert not any("wrong-password-x" in e for e in errors)
    env = _env(managed)
    env["NEO4J_PASSWORD"] = "wrong-password-x"
    done = subprocess.run([KB, "who", "Orne"], capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.returncode == 3, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
