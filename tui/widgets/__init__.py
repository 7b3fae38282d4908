"""The TUI's widgets: one panel per tab (``DbView`` subclasses, listed by ``tui.tabs``), the paged
table, the entity panel, the banner, busy line and key bar.

Import each from its module (``from tui.widgets.who import WhoView``): this package re-exports
nothing, so importing one widget never imports them all, and no module imports itself through here.
"""
