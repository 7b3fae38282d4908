"""Every ``kb …`` line of the README's sh blocks runs against the seeded test graph: exit 0 and
some output. The README is the analyst's first page; an example that fails is a bug."""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.config import get_settings
from tests.helpers import ROOT, KbRunner

SKIPPED = {
    ("kb", "tui"): "the TUI needs a terminal (tests/tui drive it with Pilot)",
}
WRITES = {
    # a README example that writes to the graph runs with --dry-run: the seeded graph must stay the extracts'
    ("kb", "perimeters", "import"): ["--dry-run"],
}


def readme_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.splitlines():
            if line.strip().startswith("kb "):
                out.append(shlex.split(line, comments=True))
    return out


COMMANDS = readme_commands()


@pytest.fixture(scope="module", autouse=True)
def private_user_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """`kb query save` then `kb query run` share one saved-queries file, never the user's own."""
    folder = tmp_path_factory.mktemp("readme-user")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CONFIG_HOME", str(folder / "config"))
        mp.setenv("XDG_STATE_HOME", str(folder / "state"))
        mp.delenv("MAILLAGE_SAVED_QUERIES", raising=False)
        yield


def test_the_readme_has_examples() -> None:
    assert len(COMMANDS) >= 15
    assert ["kb", "search", "creteil"] in COMMANDS


@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_readme_example_runs(argv: list[str], kb: KbRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for prefix, why in SKIPPED.items():
        if tuple(argv[: len(prefix)]) == prefix:
            pytest.skip(why)
    monkeypatch.chdir(tmp_path)  # files the examples write land here
    # whether the examples work, not how fast (a shared, loaded machine can pass the 30 s default)
    monkeypatch.setenv("MAILLAGE_QUERY_TIMEOUT", "300")
    get_settings.cache_clear()
    args, redirect = argv[1:], None
    if ">" in args:
        args, redirect = args[: args.index(">")], args[args.index(">") + 1]
    for prefix, extra in WRITES.items():
        if tuple(argv[: len(prefix)]) == prefix:
            args = [*args, *extra]
    if "cpts.csv" in args:  # the file the example imports: the tests' made-up perimeters
        shutil.copy(ROOT / "tests" / "data" / "perimeters_cpts_good.csv", tmp_path / "cpts.csv")
    result = kb(*args)
    assert result.exit_code == 0, f"{' '.join(argv)}: {result.output[-2000:]}"
    assert "Traceback" not in result.output
    if redirect:
        (tmp_path / redirect).write_text(result.stdout, encoding="utf-8")
    written = [p for p in tmp_path.iterdir() if p.name != "cpts.csv" and p.stat().st_size > 0]
    # a command whose answer is a report on stderr (kb seed validate/load, kb query save) counts too
    said = result.stdout.strip() or result.stderr.strip()
    assert said or written, f"{' '.join(argv)} printed nothing and wrote nothing"
