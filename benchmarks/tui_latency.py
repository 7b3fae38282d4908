"""TUI latency on the seeded graph: launch to first screen, search-as-you-type, opening an entity.

Each figure is the median of several runs of the real app (headless, driven by Textual's
Pilot, on the configured Neo4j), reported next to a baseline measured in the same process: a
bare ``kb.resolve.search`` call, i.e. what the search costs without the UI. The search figure
includes the typing debounce (``tui.widgets.home.SEARCH_DELAY``); it is also shown without it.
Key presses go through Pilot, whose own cost per key is measured too (a no-op key); opening an
entity and switching tabs are timed until the app's state changed, not until Pilot settles.

Run: ``make bench`` (all benchmarks) or ``python -m benchmarks.tui_latency``.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Footer, Header, Label, OptionList, Static, TabbedContent

from kb import loader, resolve, runtime, seed
from kb.db import Graph
from tui.app import MaillageApp
from tui.widgets.explore import ExploreView
from tui.widgets.home import SEARCH_DELAY, HomeView

RUNS = 7
SEARCHES = ["Flers", "Orne", "ARS", "CPTS", "santé mentale", "Alençon", "observatoire"]
SIZE = (140, 45)


def _ensure_seeded(graph: Graph) -> None:
    if loader.ensure_loaded(graph, seed.read()) is not None:
        print("loaded the extracts first", flush=True)


async def _until(check: Callable[[], bool], timeout: float = 30.0, step: float = 0.002) -> None:
    deadline = time.perf_counter() + timeout
    while not check():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(step)


async def _press_until(pilot: Pilot[None], key: str, check: Callable[[], bool]) -> float:
    """Seconds from pressing ``key`` until ``check()`` holds, without Pilot's own settling
    (which waits for animations, such as the tab underline, to finish)."""
    start = time.perf_counter()
    task = asyncio.create_task(pilot.press(key))
    await _until(check, step=0.001)
    elapsed = time.perf_counter() - start
    await task
    return elapsed


class _Bare(App[None]):
    """The smallest app with the same frame pieces (a header, a line, a key bar): what Textual
    itself costs to start on this machine, under its load at the time of the run."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("first screen")
        yield Footer()


async def _bare_launch() -> float:
    start = time.perf_counter()
    async with _Bare().run_test(size=SIZE):
        return time.perf_counter() - start


async def _launch() -> tuple[float, float]:
    """Seconds from creating the app to its first screen, and to the summary being shown."""
    start = time.perf_counter()
    app = MaillageApp(cursor_blink=False)
    async with app.run_test(size=SIZE):
        first_screen = time.perf_counter() - start  # composed, mounted, first refresh done
        home = app.query_one(HomeView)
        await _until(lambda: home.summary is not None)
        summary = time.perf_counter() - start
    return first_screen, summary


async def _keys() -> tuple[list[float], list[float]]:
    """Seconds for Pilot to press a key that does nothing (the harness's own cost), and to
    switch tabs (F2/F3, a real redraw)."""
    noop: list[float] = []
    switch: list[float] = []
    app = MaillageApp(cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        home = app.query_one(HomeView)
        await _until(lambda: home.summary is not None)
        await pilot.press("f2")
        for _ in range(RUNS):
            start = time.perf_counter()
            await pilot.press("x")  # the tree has no x
            noop.append(time.perf_counter() - start)
        tabs = app.query_one(TabbedContent)
        for _ in range(RUNS):
            for key, tab in (("f3", "who"), ("f2", "explore")):
                switch.append(await _press_until(pilot, key, lambda tab=tab: tabs.active == tab))
    return noop, switch


async def _search_and_open(texts: list[str]) -> tuple[list[float], list[float]]:
    """Seconds from the last keystroke (pressed, not yet handled) to the hits shown, per text;
    and from Enter on the first hit to the entity shown in Explore."""
    searches: list[float] = []
    opens: list[float] = []
    app = MaillageApp(cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        home = app.query_one(HomeView)
        explore = app.query_one(ExploreView)
        await _until(lambda: home.summary is not None)
        for text in texts:
            await pilot.press("alt+1", "ctrl+l")
            await pilot.press(*text[:-1])
            typed = time.perf_counter()  # the last key starts the debounce that leads to the search
            await pilot.press(text[-1])
            status = home.query_one("#search-status", Label)

            def shown(text: str = text, status: Label = status) -> bool:
                said = str(status.content)
                return f"for {text!r}" in said or f"matches {text!r}" in said

            await _until(shown)
            searches.append(time.perf_counter() - typed)
            if home.query_one("#results", OptionList).option_count:
                before = explore.current
                opens.append(await _press_until(pilot, "enter", lambda before=before: explore.current is not before))
    return searches, opens


def _launches() -> tuple[float, list[tuple[float, float]]]:
    """The bare app's median first screen and the app's launches, interleaved run by run so that
    both see the same load on a shared machine."""
    asyncio.run(_bare_launch())  # warm: imports and caches, for both
    bare: list[float] = []
    launches: list[tuple[float, float]] = []
    for _ in range(RUNS):
        bare.append(asyncio.run(_bare_launch()))
        launches.append(asyncio.run(_launch()))
    return statistics.median(bare), launches


TARGET_FIRST_SCREEN = 0.5
"""Seconds: the first screen (the frame, before any data) should be drawn within this (issue 14)."""


def main() -> None:
    import sys

    if "--launch-only" in sys.argv:  # the start-up figures alone (a cheap run)
        with runtime.connect() as graph:
            _ensure_seeded(graph)
            start = time.perf_counter()
            resolve.search(graph, "Flers", 50)
            base = time.perf_counter() - start
        bare, launches = _launches()
        first = statistics.median(x[0] for x in launches)
        data = statistics.median(x[1] for x in launches)
        print(f"baseline kb.resolve.search: {base * 1000:.1f} ms")
        print(f"baseline bare Textual app -> first screen: {bare * 1000:.1f} ms")
        target = f"target <= {TARGET_FIRST_SCREEN * 1000:.0f} ms"
        print(
            f"launch -> first screen: {first * 1000:.1f} ms ({first / base:.1f}x base, "
            f"{first / bare:.1f}x the bare app; {target})"
        )
        print(f"launch -> summary shown: {data * 1000:.1f} ms ({data / base:.1f}x base)")
        return
    with runtime.connect() as graph:
        _ensure_seeded(graph)
        resolve.search(graph, "warm up", 50)
        bare: list[float] = []
        for _ in range(RUNS):
            for text in SEARCHES:
                start = time.perf_counter()
                resolve.search(graph, text, 50)
                bare.append(time.perf_counter() - start)
        connect_times = []
        for _ in range(3):
            start = time.perf_counter()
            runtime.connect().close()
            connect_times.append(time.perf_counter() - start)
    baseline = statistics.median(bare)

    bare_app, launches = _launches()
    searches: list[float] = []
    opens: list[float] = []
    for _ in range(max(1, RUNS // 2)):
        s, o = asyncio.run(_search_and_open(SEARCHES))
        searches += s
        opens += o
    noop, switch = asyncio.run(_keys())

    def row(label: str, seconds: float, n: int) -> None:
        print(f"{label:52} {seconds * 1000:10.1f} {seconds / baseline:9.1f} {n:5d}")

    print(f"{'measure (median)':52} {'ms':>10} {'x base':>9} {'runs':>5}")
    row("baseline: kb.resolve.search, bare call", baseline, len(bare))
    row("connect (kb.runtime.connect + verify)", statistics.median(connect_times), len(connect_times))
    row("Pilot: press a key that does nothing (harness cost)", statistics.median(noop), len(noop))
    first = statistics.median(x[0] for x in launches)
    row("bare Textual app -> first screen (Textual's own cost)", bare_app, RUNS)
    row("launch -> first screen (mounted, drawn)", first, len(launches))
    print(f"{'  = ' + format(first / bare_app, '.1f') + 'x the bare Textual app':52}")
    verdict = "met" if first <= TARGET_FIRST_SCREEN else "NOT met"
    print(f"{'  target: first screen <= ' + str(int(TARGET_FIRST_SCREEN * 1000)) + ' ms (' + verdict + ')':52}")
    row("launch -> summary shown (first data)", statistics.median(x[1] for x in launches), len(launches))
    med = statistics.median(searches)
    row("search as you type: last key -> hits shown", med, len(searches))
    row(f"  same, without the {SEARCH_DELAY * 1000:.0f} ms debounce", med - SEARCH_DELAY, len(searches))
    row("Enter on a hit -> entity in the Explore panel", statistics.median(opens), len(opens))
    row("switch tab (F2/F3) -> the tab is active", statistics.median(switch), len(switch))


if __name__ == "__main__":
    main()
