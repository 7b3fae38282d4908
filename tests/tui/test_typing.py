"""No key lost or swallowed (issue 14 item 5): digits switch tabs unless the user is typing in a
text box; a character typed on Home starts a search; keys typed during start-up are kept."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TabbedContent, TextArea

from tests.helpers import Connect, drive, make_app, settle
from tui.tabs import TABS, number


def test_at_start_a_digit_switches_tab_and_the_search_box_has_not_taken_it(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        tabs = app.query_one(TabbedContent)
        assert tabs.active == "home" and app.focused is not app.query_one("#search")
        await pilot.press("3")
        await settle(pilot)
        assert tabs.active == "who"
        assert app.query_one("#search", Input).value == ""

    drive(make_app(connect_seeded), scenario)


def test_digits_go_into_a_text_box_the_user_is_typing_in(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        tabs = app.query_one(TabbedContent)
        await pilot.press("slash", "6", "1")  # / asks for the search box: 61 is what the user types
        await settle(pilot)
        assert tabs.active == "home"
        assert app.query_one("#search", Input).value == "61"
        await pilot.press("escape", "2")  # out of the box, the digit switches again
        await settle(pilot)
        assert tabs.active == "explore"

    drive(make_app(connect_seeded), scenario)


def test_the_console_box_focused_by_its_tab_lets_digits_through_until_the_user_types(connect_seeded: Connect) -> None:
    console = next(t for t in TABS if t.id == "console")

    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        tabs = app.query_one(TabbedContent)
        await pilot.press(str(number(console)))
        await settle(pilot)
        assert tabs.active == "console" and app.focused is app.query_one("#cypher")
        await pilot.press("2")  # nothing typed yet: the digit is the user's tab switch
        await settle(pilot)
        assert tabs.active == "explore"
        await pilot.press(str(number(console)))
        await settle(pilot)
        await pilot.press(*"RETURN 1")  # typing: the 1 goes into the query
        await settle(pilot)
        assert tabs.active == "console"
        assert app.query_one("#cypher", TextArea).text == "RETURN 1"

    drive(make_app(connect_seeded), scenario)


def test_a_digit_in_a_modal_stays_there(connect_seeded: Connect) -> None:
    async def scenario(pilot: Pilot[None]) -> None:
        app = pilot.app
        tabs = app.query_one(TabbedContent)
        await pilot.press("3", "t")  # the territory finder
        await settle(pilot)
        await pilot.press("6", "1")  # a département code, typed in the finder
        await settle(pilot)
        assert tabs.active == "who"
        assert app.screen.query_one("#finder-input", Input).value == "61"

    drive(make_app(connect_seeded), scenario)


ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux to type into a real terminal")
def test_keys_typed_during_start_up_are_kept(connect_seeded: Connect, connection_env: dict[str, str]) -> None:
    """In a real terminal (tmux), "Flers" is typed the moment `kb tui` is launched, long before
    Python has imported Textual: the search box must show it, and its hits must come."""
    kb = str(Path(sys.executable).parent / "kb")
    session = f"maillage-keys-{os.getpid()}"
    env = {k: v for k, v in os.environ.items() if k.startswith(("MAILLAGE_", "NEO4J_"))} | connection_env
    command = shlex.join(["env", *(f"{k}={v}" for k, v in env.items()), "TERM=xterm-256color", kb, "tui"])
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "140", "-y", "45", command], check=True)
    try:
        subprocess.run(["tmux", "send-keys", "-t", session, "-l", "Flers"], check=True)
        deadline = time.monotonic() + 60  # a slow machine's start-up, not a latency assertion
        screen = ""
        while time.monotonic() < deadline:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-t", session, "-p"], capture_output=True, text=True, check=True
            ).stdout
            if "result(s) for 'Flers'" in screen:
                break
            time.sleep(0.3)
        assert "result(s) for 'Flers'" in screen, screen
        assert "CLS Flers Agglo" in screen  # seed 001 l.1864: "Avec CLS Flers agglo (signé le 22/11/23)"
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)
