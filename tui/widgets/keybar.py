"""The bottom line of keys: a light stand-in for Textual's ``Footer``.

``Footer`` rebuilds one widget per key each time the focus or the tab changes, which made a tab
switch cost a few hundred milliseconds here; this draws the same keys as one line of text.
Clicking a key runs its action, so the bar stays mouse-friendly.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widgets import Static

from kb.i18n import _


class KeyBar(Static):
    """``^p palette`` then the keys active where the focus is."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._spans: list[tuple[int, int, str, object]] = []  # start, end, action, node

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._changed)
        self.call_after_refresh(self._draw)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._draw)

    def _draw(self) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        self._spans = []
        seen: set[str] = set()
        bindings = self.screen.active_bindings
        palette = bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None:  # first: on a narrow terminal the end of the line is cut
            node, binding = palette[0], palette[1]
            text.append(f" {self.app.get_key_display(binding)} ", style="bold reverse")
            text.append(_("palette") + " ")
            self._spans.append((0, len(text), binding.action, node))
        for key, (node, binding, enabled, _tooltip) in bindings.items():
            if key == self.app.COMMAND_PALETTE_BINDING:
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            start = len(text)
            text.append(f" {self.app.get_key_display(binding)} ", style="bold reverse" if enabled else "dim")
            text.append(f"{_(binding.description)} ", style="" if enabled else "dim")
            self._spans.append((start, len(text), binding.action, node))
        self.update(text)

    async def on_click(self, event: events.Click) -> None:
        for start, end, action, node in self._spans:
            if start <= event.x < end:
                event.stop()
                await self.app.run_action(action, node)  # type: ignore[arg-type]
                return
