"""`make bench`: run every benchmark module in turn (each prints its own figures); the national
benchmark (``STANDALONE``, its own server and minutes of building) runs with `make bench-national`."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_"))
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        if hasattr(module, "main") and not getattr(module, "STANDALONE", False):
            print(f"== {name}", flush=True)
            module.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
