"""The ``kb`` script's entry point: Ctrl-C is handled before anything heavy is imported.

Importing the CLI (typer, rich, pydantic) takes a moment; an interrupt during it ends the
process with exit 130 and one line, not a traceback. ``cli.main`` installs its own handler
around each command (closing the driver, hence the server's transaction).

When the command is done and the ``atexit`` handlers have run, the objects left are frozen
(``gc.freeze``): the interpreter's shutdown then does not collect the ~500 modules a command
that asks the graph has loaded (the driver, pydantic, Typer), which took 0.1–0.2 s of every such
command for memory the process hands back anyway. Nothing is lost: standard streams are
flushed, ``atexit`` handlers (logging, temporary folders) have run, and the driver was closed by
the command; only finalizers of objects in reference cycles are not run at exit, which Python
never promised.
"""

from __future__ import annotations

import atexit
import gc
import os
import signal
import sys
from typing import Any


def _interrupted_early(signum: int, frame: Any) -> None:
    try:
        from kb.i18n import _  # light: the standard library's gettext and the committed .mo

        said = _("kb: interrupted")
    except Exception:  # interrupted while kb.i18n itself was being imported: its English, never a traceback
        said = "kb: interrupted"
    sys.stderr.write(said + "\n")
    sys.stderr.flush()
    os._exit(130)


def run() -> None:
    signal.signal(signal.SIGINT, _interrupted_early)
    atexit.register(gc.freeze)  # registered first, so run last of the atexit handlers
    from cli.main import run as main

    main()
