"""Startup errors, secrets, settings, state folders and JSON output (issue 13, holes 8-12).

Every startup error is one line on stderr with its documented exit code (README: 2 usage or bad
setting, 3 cannot connect, 4 timeout) and no traceback; no password is ever printed.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from kb import export
from kb.config import Settings
from kb.db import Graph
from kb.errors import ConnectionFailed, InvalidInput, UsageError
from kb.managed import ManagedServer, ensure_private_dir
from tests.cli.conftest import KB

SECRET = "s3cret-do-not-print"


def _kb(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KB, *args], capture_output=True, text=True, env=env, timeout=120, check=False)


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "MAILLAGE_"))}
    env.update(extra)
    return env


def _one_line(done: subprocess.CompletedProcess[str], code: int) -> str:
    assert done.returncode == code, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kb: error: "), done.stderr
    assert "Traceback" not in done.stderr and SECRET not in done.stderr + done.stdout
    return lines[0]


@pytest.mark.parametrize(
    ("uri", "words"),
    [
        (f"bolt://neo4j:{SECRET}@127.0.0.1:1", "carries credentials"),  # issue 13, hole 10
        (f"neo4j://user:{SECRET}@127.0.0.1:1", "carries credentials"),
        ("http://127.0.0.1:7474", "scheme 'http' is not supported"),  # issue 13, hole 9: 107 lines about aiohttp
        ("https://127.0.0.1:7473", "scheme 'https' is not supported"),
        ("127.0.0.1:7687", "is not supported"),
        ("bolt://127.0.0.1:99999", "not a valid URI"),
        ("bolt://", "names no host"),
    ],
)
def test_bad_uris_are_one_line_exit_3_without_the_password(uri: str, words: str) -> None:
    env = _clean_env(NEO4J_URI=uri, NEO4J_PASSWORD=SECRET, MAILLAGE_RUNTIME="external")
    assert words in _one_line(_kb("who", "Orne", env=env), 3)


def test_a_graph_on_a_uri_with_credentials_never_shows_them() -> None:
    with pytest.raises(ConnectionFailed) as err:
        Graph(f"bolt://neo4j:{SECRET}@127.0.0.1:1", "neo4j", "x")
    assert SECRET not in str(err.value) and "bolt://127.0.0.1:1" in str(err.value)


@pytest.mark.parametrize("value", ["inf", "-1", "nan", "1e400", "0", "abc"])
def test_overflowing_query_timeout_settings_are_a_usage_error(value: str) -> None:
    """issue 13, hole 9: MAILLAGE_QUERY_TIMEOUT=inf ended in an OverflowError traceback."""
    env = _clean_env(NEO4J_URI="bolt://127.0.0.1:1", MAILLAGE_RUNTIME="external", MAILLAGE_QUERY_TIMEOUT=value)
    assert "MAILLAGE_QUERY_TIMEOUT" in _one_line(_kb("who", "Orne", env=env), 2)


@pytest.mark.parametrize("value", ["inf", "1e12", "nan", "-1"])
def test_an_overflowing_timeout_option_is_a_usage_error(value: str, connection_env: dict[str, str]) -> None:
    """issue 13, hole 9: `kb cypher --timeout inf` ended in an OverflowError traceback; nan was refused
    by the option parser as not "≥ 0.1", which is not what is wrong with it."""
    env = _clean_env(**connection_env)
    line = _one_line(_kb("cypher", "RETURN 1 AS one", "--timeout", value, env=env), 2)
    assert "timeout must be a number of seconds" in line


def test_a_tls_mismatch_says_so(connection_env: dict[str, str], graph: Graph) -> None:
    """issue 13, hole 11: bolt+s:// against plain Bolt was reported as 'is it running?'."""
    if not graph.uri.startswith("bolt://"):
        pytest.skip("the test server is not a plain bolt:// one")
    env = _clean_env(**connection_env)
    env.pop("MAILLAGE_STATE_DIR", None)
    env.update({"NEO4J_URI": graph.uri.replace("bolt://", "bolt+s://"), "MAILLAGE_RUNTIME": "external"})
    assert "TLS handshake" in _one_line(_kb("who", "Orne", env=env), 3)


def test_settings_refuse_infinite_and_huge_values() -> None:
    for value in (float("inf"), float("nan"), 10**9):
        with pytest.raises(ValueError):
            Settings(query_timeout=value)
    with pytest.raises(UsageError):
        Graph("bolt://127.0.0.1:1", "neo4j", "x", query_timeout=float("inf"))


# -- state folders (issue 13, hole 12) ---------------------------------------------------------


def test_a_new_state_folder_is_created_0700(tmp_path: Path) -> None:
    old = os.umask(0o000)  # even with a permissive umask
    try:
        ensure_private_dir(tmp_path / "a" / "state")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a" / "state").stat().st_mode) == 0o700


def test_an_existing_open_folder_keeps_its_mode_with_one_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    server = ManagedServer(Settings(state_dir=shared, runtime="managed"))
    server._ensure_home()
    server._ensure_home()  # twice: one warning per process
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert stat.S_IMODE(server.home.stat().st_mode) == 0o700  # created by us
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "open to other users (mode 1777)" in err and str(shared) in err


def test_a_group_readable_folder_warns_and_a_private_one_does_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    group = tmp_path / "group"
    group.mkdir()
    os.chmod(group, 0o750)
    ensure_private_dir(group)
    assert stat.S_IMODE(group.stat().st_mode) == 0o750
    assert "open to other users (mode 0750)" in capsys.readouterr().err
    private = tmp_path / "private"
    private.mkdir()
    os.chmod(private, 0o700)
    ensure_private_dir(private)
    ensure_private_dir(tmp_path / "new")
    assert capsys.readouterr().err == ""


# -- JSON never carries Infinity or NaN (issue 13, hole 8) --------------------------------------


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_cli_json_refuses_infinity_cleanly(fmt: str, connection_env: dict[str, str]) -> None:
    env = _clean_env(**connection_env)
    done = _kb("cypher", "RETURN 1.0/0.0 AS x, 0.0/0.0 AS y", "-F", fmt, env=env)
    assert "Cannot write JSON" in _one_line(done, 1)
    assert done.stdout == ""


def test_export_json_refuses_infinity_and_leaves_no_file(empty_graph: Graph, tmp_path: Path) -> None:
    empty_graph.write("CREATE (:Entity:Action {id: 'action:inf', name: 'Inf', amount_eur: 1.0/0.0})")
    out = tmp_path / "graph.json"
    with pytest.raises(InvalidInput) as err:
        export.export(empty_graph, export.ExportFormat.json, out)
    assert "Cannot export as JSON" in str(err.value)
    assert not out.exists() and list(tmp_path.iterdir()) == []
    empty_graph.write("MATCH (n {id: 'action:inf'}) SET n.amount_eur = 12.5")
    export.export(empty_graph, export.ExportFormat.json, out)
    assert json.loads(out.read_text())["nodes"][0]["amount_eur"] == 12.5
