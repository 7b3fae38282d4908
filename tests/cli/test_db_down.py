"""The installed ``kb`` when the database is down: exit 3, one line on stderr, no traceback, no secret."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

KB = shutil.which("kb", path=str(Path(sys.executable).parent)) or "kb"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed again when the socket is


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KB, *args], capture_output=True, text=True, env=env, timeout=120, check=False)


@pytest.fixture
def down_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "MAILLAGE_"))}
    env.update(
        {
            "NEO4J_URI": f"bolt://127.0.0.1:{_closed_port()}",
            "NEO4J_USER": "neo4j",
            "NEO4J_PASSWORD": "s3cret-do-not-print",
            "MAILLAGE_RUNTIME": "external",
        }
    )
    return env


@pytest.mark.parametrize("args", [("summary",), ("seed", "stats"), ("db", "start")])
def test_database_down_exits_3_with_one_line_and_no_secret(args: tuple[str, ...], down_env: dict[str, str]) -> None:
    proc = _run(*args, env=down_env)
    assert proc.returncode == 3, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kb: error: Cannot connect to Neo4j")
    assert "Traceback" not in proc.stderr
    assert "s3cret-do-not-print" not in proc.stderr + proc.stdout


def test_status_of_a_down_database_says_so_and_exits_3(down_env: dict[str, str]) -> None:
    proc = _run("db", "status", "--format", "json", env=down_env)
    assert proc.returncode == 3
    assert '"running": false' in proc.stdout
    assert "s3cret-do-not-print" not in proc.stderr + proc.stdout


@pytest.mark.parametrize("missing, message", [("java", "No Java found"), ("mvn", "No Maven found")])
def test_missing_jdk_or_maven_is_one_sentence(missing: str, message: str, tmp_path: Path) -> None:
    """Without Java (or Maven) on the PATH, `kb db start` says what to install, in one line."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("java", "mvn"):
        real = shutil.which(tool)
        if tool != missing and real:
            (bin_dir / tool).symlink_to(real)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "MAILLAGE_"))}
    env.update({"PATH": str(bin_dir), "MAILLAGE_STATE_DIR": str(tmp_path / "state"), "MAILLAGE_RUNTIME": "managed"})
    proc = _run("db", "start", env=env)
    assert proc.returncode == 3
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "install" in lines[0]
