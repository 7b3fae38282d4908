"""Where the TUI reads its key remapping, and how.

Every binding of the TUI has an id (``tab.explore``, ``explore.back``, ``who.export``...; press
``?`` in the app to see them all with their current keys). To remap some, write a TOML file::

    # ~/.config/maillage/tui.toml
    [keys]
    "tab.explore" = "f2"
    "explore.back" = "backspace,alt+left"   # several keys: comma-separated

The file is looked up, first found wins:

1. ``$MAILLAGE_TUI_CONFIG`` (a path to a TOML file);
2. ``$XDG_CONFIG_HOME/maillage/tui.toml`` (``~/.config/maillage/tui.toml`` when XDG_CONFIG_HOME
   is unset);
3. ``<state dir>/tui.toml`` (``MAILLAGE_STATE_DIR``, ``.maillage/`` in a checkout).

It is parsed with :mod:`tomllib`. A file that cannot be read, or a key that is not a string, is
reported in the app (a notification) and ignored: a bad config never stops the TUI.
Called by ``tui.app`` when it starts.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kb.i18n import _

ENV_VAR = "MAILLAGE_TUI_CONFIG"


def candidate_paths() -> list[Path]:
    """Where a key config may live, in the order they are tried."""
    paths: list[Path] = []
    if os.environ.get(ENV_VAR):
        paths.append(Path(os.environ[ENV_VAR]).expanduser())
    xdg = os.environ.get("XDG_CONFIG_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".config"
    paths.append(base / "maillage" / "tui.toml")
    try:
        from kb.config import get_settings

        paths.append(get_settings().state_dir / "tui.toml")
    except ValueError:  # settings that do not parse are reported by the database calls, not here
        pass
    return paths


@dataclass
class KeyConfig:
    """The keymap read from a config file, and what went wrong reading it."""

    path: Path | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def load_keymap(path: Path | None = None) -> KeyConfig:
    """Read ``[keys]`` from ``path``, or from the first existing candidate path."""
    if path is None:
        path = next((p for p in candidate_paths() if p.is_file()), None)
        if path is None:
            return KeyConfig()
    config = KeyConfig(path=path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        config.problems.append(_("{path}: no such file").format(path=path))
        return config
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        config.problems.append(f"{path}: {err}")
        return config
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        config.problems.append(_('{path}: [keys] must be a table of binding id = "key"').format(path=path))
        return config
    for binding_id, value in keys.items():
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = ",".join(value)
        if not isinstance(value, str) or not value.strip():
            config.problems.append(
                _('{path}: keys.{id} must be a key name such as "f2"').format(path=path, id=binding_id)
            )
            continue
        config.keymap[str(binding_id)] = value.replace(" ", "")
    return config
