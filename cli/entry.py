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
    sys.stderr.write("kb: interrupted\n")
    sys.stderr.flush()
    os._exit(130)


def run() -> None:
    signal.signal(signal.SIGINT, _interrupted_early)
    from cli.main import run as main

    main()
