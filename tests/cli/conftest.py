"""CLI fixtures: point the in-process ``kb`` (CliRunner) and subprocesses at the test database."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator

import pytest
from typer.testing import CliRunner, Result

from cli.main import app
from kb.config import get_settings
from kb.db import Graph
from tests.helpers import KB, KbRunner

__all__ = ["KB"]  # moved to tests.helpers; kept here for branches that import it from this module

RunKb = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def cli_env(connection_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    for key, value in connection_env.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    yield connection_env
    get_settings.cache_clear()


@pytest.fixture
def kb(cli_env: dict[str, str], seeded: Graph) -> KbRunner:
    """Run ``kb ARGS`` in-process against the seeded test graph; returns the Result."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def kb_process(cli_env: dict[str, str], seeded: Graph) -> RunKb:
    """Run the installed ``kb`` as a subprocess against the seeded test graph."""
    env = dict(os.environ)

    def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run([KB, *args], capture_output=True, text=True, env=env, timeout=timeout, check=False)

    return run
