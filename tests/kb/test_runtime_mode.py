"""The Docker-or-managed decision is made once per state folder and remembered (issue 12 item 4:
"no `docker info` per command"). A stand-in `docker` executable on PATH counts how often it is
asked; no database is involved, so none is started."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kb import runtime
from kb.config import Settings


def _fake_docker(folder: Path, answers: bool) -> Path:
    """A `docker` that records each call in calls.txt and answers `info` (or fails)."""
    folder.mkdir(parents=True, exist_ok=True)
    calls = folder / "calls.txt"
    script = folder / "docker"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$@" >> "{calls}"\n' + ('echo "27.0.1"\nexit 0\n' if answers else 'echo "no engine" >&2\nexit 1\n'),
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return calls


def _settings(state: Path) -> Settings:
    return Settings(state_dir=state, runtime="auto", neo4j_uri=None)


def _calls(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines()) if path.exists() else 0


@pytest.mark.parametrize(("answers", "expected"), [(True, runtime.Mode.DOCKER), (False, runtime.Mode.MANAGED)])
def test_auto_choice_is_made_once_and_remembered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers: bool, expected: runtime.Mode
) -> None:
    calls = _fake_docker(tmp_path / "bin", answers)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("NEO4J_URI", raising=False)
    state = tmp_path / "state"
    assert runtime.choose_mode(_settings(state)) is expected
    assert _calls(calls) == 1  # docker info, once
    assert (state / runtime.RUNTIME_FILE).read_text(encoding="utf-8").strip() == expected.value
    for _ in range(3):  # later commands read the file and never ask docker again
        assert runtime.choose_mode(_settings(state)) is expected
    assert _calls(calls) == 1


def test_a_forced_runtime_or_an_external_uri_never_asks_docker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _fake_docker(tmp_path / "bin", True)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    state = tmp_path / "state"
    assert runtime.choose_mode(Settings(state_dir=state, runtime="managed", neo4j_uri=None)) is runtime.Mode.MANAGED
    assert runtime.choose_mode(Settings(state_dir=state, neo4j_uri="bolt://127.0.0.1:1")) is runtime.Mode.EXTERNAL
    assert _calls(calls) == 0
    assert not (state / runtime.RUNTIME_FILE).exists()


def test_deleting_the_file_chooses_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    state = tmp_path / "state"
    state.mkdir(mode=0o700)
    (state / runtime.RUNTIME_FILE).write_text("managed\n", encoding="utf-8")
    calls = _fake_docker(tmp_path / "bin", True)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    assert runtime.choose_mode(_settings(state)) is runtime.Mode.MANAGED  # remembered, Docker not asked
    assert _calls(calls) == 0
    (state / runtime.RUNTIME_FILE).unlink()
    assert runtime.choose_mode(_settings(state)) is runtime.Mode.DOCKER  # asked again, now remembered
    assert _calls(calls) == 1


def test_a_garbled_file_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    state = tmp_path / "state"
    state.mkdir(mode=0o700)
    (state / runtime.RUNTIME_FILE).write_text("external\n", encoding="utf-8")  # not an auto choice
    _fake_docker(tmp_path / "bin", False)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    assert runtime.choose_mode(_settings(state)) is runtime.Mode.MANAGED
    assert (state / runtime.RUNTIME_FILE).read_text(encoding="utf-8").strip() == "managed"
