"""YAML with line numbers: parse a file into plain data plus the line of every key and item.

PyYAML's composer already knows where each node starts; we keep that while constructing, so a
validation error at ``actions[3].funding[0].amount_eur`` can say ``seed/001.yaml:412``.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

Loc = tuple[str | int, ...]


class YamlSyntaxError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _construct(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> Any:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = (
                _scalar(key_node)
                if isinstance(key_node, yaml.ScalarNode)
                else _constructor.construct_object(key_node, deep=True)
            )
            if key in out:
                raise YamlSyntaxError(key_node.start_mark.line + 1, f"duplicate key {key!r}")
            lines[(*loc, key)] = key_node.start_mark.line + 1
            out[key] = _construct(value_node, (*loc, key), lines)
            lines[(*loc, key)] = key_node.start_mark.line + 1  # point at the key, not its value
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*loc, i), lines) for i, item in enumerate(node.value)]
    return _scalar(node)


# libyaml's parser when the wheel has it (ten times faster); the nodes carry the same marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = yaml.SafeLoader("")  # one safe constructor for every scalar


def _scalar(node: yaml.Node) -> Any:
    if node.tag == "tag:yaml.org,2002:str":
        return node.value
    value = _constructor.construct_object(node, deep=True)
    # Dates stay text: the models take ISO strings, and `2023-11-22` must not become a date object.
    if isinstance(value, date | datetime):
        return node.value
    return value


def load(path: Path) -> tuple[Any, dict[Loc, int]]:
    """Parse ``path``; return its data and a map from location path to line (1-based)."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlSyntaxError(line, f"YAML syntax: {err.problem or err}") from None
    lines: dict[Loc, int] = {}
    if node is None:
        return None, lines
    return _construct(node, (), lines), lines


def line_of(lines: dict[Loc, int], loc: Loc) -> int:
    """The line of ``loc`` or of its nearest ancestor that has one."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return 1
