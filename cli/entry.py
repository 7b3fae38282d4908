"""The ``kb`` script's entry point: Ctrl-C is handled before anything heavy is imported.

Importing the CLI (typer, rich, pydantic) takes a moment; an interrupt during it ends the
process with exit 130 and one line, not a traceback. ``cli.main`` installs its own handler
around each command (closing the driver, hence the server's transaction).
"""

from __future__ import annotations

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
    from cli.main import run as main

    main()
