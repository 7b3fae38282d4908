"""YAML with line numbers: parse a file into plain data plus the line of every key and item.

Extracts are plain YAML: mappings, sequences and scalars (text, numbers, booleans, null, dates
kept as text). Anything else is refused with the line and the field where it is, never a
traceback: aliases and anchors (a 382-byte "billion laughs" file would otherwise expand to
gigabytes), explicit tags (``!!python/name:``, ``!!int abc``), merge keys ``<<:``, complex keys
``? [a, b]``, several documents, control characters and NUL, lone surrogates, non-finite numbers
(``.inf``, ``.nan``). What one file may cost is bounded: :data:`MAX_BYTES`, :data:`MAX_NODES`
values, :data:`MAX_DEPTH` levels of nesting.

The data is built from libyaml's *event* stream (when the wheel has it; PyYAML's own parser
otherwise) with an explicit stack: no recursion, no node graph, no alias ever expanded.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from kb.i18n import _, number

Loc = tuple[str | int, ...]

MAX_BYTES = 64 * 1024 * 1024
"""The largest extract file read (64 MiB)."""
MAX_NODES = 3_000_000
"""The most values (mappings, sequences, scalars) one file may hold."""
MAX_DEPTH = 64
"""The deepest nesting of mappings and sequences (extracts use fewer than ten levels)."""

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = yaml.SafeLoader("")  # safe constructor for the implicit scalar types only
_resolver = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
# C0 controls but tab, line feed and carriage return; DEL; C1 controls; lone surrogates.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


class YamlSyntaxError(Exception):
    """Why a file is not a plain YAML extract, and where (``line`` from 1, ``field`` if known)."""

    def __init__(self, line: int, message: str, field: str = "") -> None:
        message = " ".join(message.split())  # one line, whatever the parser said
        full = f"{field}: {message}" if field else message
        super().__init__(full)
        self.line = line
        self.field = field
        self.message = full


def field_name(loc: Loc) -> str:
    """``("actions", 3, "funding")`` -> ``actions[3].funding``; odd keys (a line break...) quoted."""

    def part(p: str | int) -> str:
        if isinstance(p, int):
            return f"[{p}]"
        text = str(p)
        return text if text.isprintable() and text.strip() == text and text else repr(text)

    return ".".join(part(p) for p in loc).replace(".[", "[")


def _line(event: yaml.Event) -> int:
    mark = event.start_mark
    return mark.line + 1 if mark is not None else 1


def _char_name(char: str) -> str:
    return f"U+{ord(char):04X}"


class _Builder:
    """Turns the event stream into data and a line map, refusing what extracts do not need."""

    def __init__(self, track_lines: bool = True) -> None:
        self.track = track_lines
        self.lines: dict[Loc, int] = {}
        # Each frame: [container, its loc, pending key (mappings), key's line, key's value set].
        self.stack: list[list[Any]] = []
        self.root: Any = None
        self.nodes = 0
        self.documents = 0

    def fail(self, event: yaml.Event, message: str, loc: Loc | None = None) -> YamlSyntaxError:
        where = field_name(self._loc() if loc is None else loc)
        if len(where) > 120:
            where = "…" + where[-119:]
        return YamlSyntaxError(_line(event), message, where)

    def _loc(self) -> Loc:
        """Where the next value goes."""
        if not self.stack:
            return ()
        container, loc, key = self.stack[-1][:3]
        if isinstance(container, list):
            return (*loc, len(container))
        return (*loc, key) if key is not _NO_KEY else loc

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.AliasEvent):
            raise self.fail(
                event,
                _("YAML aliases (*{anchor}) are not allowed in extracts; write the value out").format(
                    anchor=event.anchor
                ),
            )
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise YamlSyntaxError(_line(event), _("one YAML document per extract file (found a second)"))
            return
        if isinstance(event, yaml.NodeEvent):
            self.nodes += 1
            if self.nodes > MAX_NODES:
                raise self.fail(
                    event,
                    _("the file holds more than {max} values; split it into several extracts").format(
                        max=number(MAX_NODES)
                    ),
                )
            if event.anchor is not None:
                raise self.fail(
                    event, _("YAML anchors (&{anchor}) are not allowed in extracts").format(anchor=event.anchor)
                )
        if isinstance(event, yaml.ScalarEvent):
            self.scalar(event)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            if event.tag is not None:
                raise self.fail(
                    event, _("explicit YAML tags ({tag}) are not allowed in extracts").format(tag=event.tag)
                )
            if len(self.stack) >= MAX_DEPTH:
                raise self.fail(event, _("nesting deeper than {max} levels").format(max=MAX_DEPTH))
            self.check_key_slot(event)
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            self.stack.append([container, self._loc(), _NO_KEY, 0])
            if self.track:
                self.lines[self.stack[-1][1]] = _line(event)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            container = self.stack.pop()[0]
            self.place(container)

    def check_key_slot(self, event: yaml.Event) -> None:
        if self.stack and isinstance(self.stack[-1][0], dict) and self.stack[-1][2] is _NO_KEY:
            raise self.fail(event, _("complex keys (a mapping or a list used as a key) are not allowed in extracts"))

    def scalar(self, event: yaml.ScalarEvent) -> None:
        bad = _BAD_CHARS.search(event.value)
        if bad:
            raise self.fail(
                event, _("control character {char} is not allowed in extracts").format(char=_char_name(bad.group()))
            )
        value = self.construct(event)
        frame = self.stack[-1] if self.stack else None
        if frame is not None and isinstance(frame[0], dict) and frame[2] is _NO_KEY:
            # a key
            try:
                hash(value)
            except TypeError:
                raise self.fail(event, _("this key cannot be used as a mapping key")) from None
            if isinstance(value, str) and not value.isprintable():
                raise self.fail(
                    event,
                    _("the key {key!r} holds a line break or a control character").format(key=value),
                    frame[1],
                )
            if value in frame[0]:
                raise self.fail(event, _("duplicate key {key!r}").format(key=value), frame[1])
            frame[2], frame[3] = value, _line(event)
            if self.track:
                self.lines[(*frame[1], value)] = frame[3]
            return
        if self.track:
            self.lines[self._loc()] = _line(event)
        self.place(value)

    def construct(self, event: yaml.ScalarEvent) -> Any:
        if event.tag is not None:  # the parser reports a tag only when the text writes one
            raise self.fail(event, _("explicit YAML tags ({tag}) are not allowed in extracts").format(tag=event.tag))
        if event.style or not event.implicit[0]:
            return event.value  # quoted or block scalars are text
        tag = _resolver.resolve(yaml.ScalarNode, event.value, (True, False))  # type: ignore[no-untyped-call]
        if tag == "tag:yaml.org,2002:merge":
            raise self.fail(event, _("YAML merge keys (<<) are not allowed in extracts; write the keys out"))
        if tag == _STR:
            return event.value
        if tag not in _ALLOWED_TAGS:
            raise self.fail(
                event,
                _("the value {value!r} resolves to {tag}, which extracts do not use").format(
                    value=event.value[:40], tag=tag
                ),
            )
        if tag == "tag:yaml.org,2002:timestamp":
            return event.value  # dates stay text: the models take ISO strings
        node = yaml.ScalarNode(tag, event.value)
        try:
            value = _constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError) as err:
            raise self.fail(
                event, _("cannot read the value {value!r}: {error}").format(value=event.value[:40], error=err)
            ) from None
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail(
                event, _("non-finite number {value!r} is not allowed in extracts").format(value=event.value)
            )
        return value

    def place(self, value: Any) -> None:
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        container = frame[0]
        if isinstance(container, list):
            container.append(value)
            return
        container[frame[2]] = value
        if self.track:
            self.lines[(*frame[1], frame[2])] = frame[3]  # point at the key, not its value
        frame[2] = _NO_KEY


class _NoKey:
    def __repr__(self) -> str:
        return "<no key>"


_NO_KEY: Any = _NoKey()


def _decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise YamlSyntaxError(
            line,
            _("not UTF-8 text (byte {byte} at offset {offset})").format(
                byte=f"0x{raw[err.start]:02x}", offset=err.start
            ),
        ) from None
    return text.removeprefix("\ufeff")


def loads(text: str, track_lines: bool = True) -> tuple[Any, dict[Loc, int]]:
    """Parse YAML ``text``; return its data and a map from location path to line (1-based)
    (empty unless ``track_lines``)."""
    bad = _BAD_CHARS.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise YamlSyntaxError(
            line, _("control character {char} is not allowed in extracts").format(char=_char_name(bad.group()))
        )
    builder = _Builder(track_lines)
    try:
        for event in yaml.parse(text, Loader=_Parser):
            builder.feed(event)
    except YamlSyntaxError:
        raise
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlSyntaxError(
            line, _("YAML syntax: {problem}").format(problem=err.problem or err.context or _("invalid YAML"))
        ) from None
    except yaml.reader.ReaderError as err:  # a character YAML does not accept (U+FFFE...)
        position = err.position if isinstance(err.position, int) else 0
        char = err.character if isinstance(err.character, str) else chr(err.character)
        line = text.count("\n", 0, position) + 1
        raise YamlSyntaxError(
            line,
            _("character {char} is not allowed in extracts ({reason})").format(
                char=_char_name(char), reason=err.reason
            ),
        ) from None
    except yaml.YAMLError as err:  # anything else the parser raises without a mark
        raise YamlSyntaxError(1, _("YAML: {error}").format(error=err)) from None
    except (RecursionError, MemoryError):
        raise YamlSyntaxError(1, _("the YAML is too deeply nested or too large to read")) from None
    return builder.root, builder.lines


class LazyLines(dict[Loc, int]):
    """The line map of a file, built only when a line is asked for (to report a problem).

    The first parse keeps no line numbers (on a 50 MB extract the map costs more memory than the
    data); the first lookup parses the file again, with them. If the file changed in between,
    every location answers line 1."""

    def __init__(self, path: Path, digest: str) -> None:
        super().__init__()
        self._path: Path | None = path
        self._source = path
        self._digest = digest

    def _build(self) -> None:
        if self._path is None:
            return
        path, self._path = self._path, None
        try:
            raw = path.read_bytes()
            if hashlib.sha256(raw).hexdigest() == self._digest:
                self.update(loads(_decode(raw))[1])
        except (OSError, YamlSyntaxError):
            pass

    def fresh(self) -> LazyLines:
        """This map if it was never built, else a new unbuilt one of the same file (frees the map)."""
        if self._path is not None or not super().__len__():
            return self
        return LazyLines(self._source, self._digest)

    def __contains__(self, key: object) -> bool:
        self._build()
        return super().__contains__(key)

    def __getitem__(self, key: Loc) -> int:
        self._build()
        return super().__getitem__(key)

    def __len__(self) -> int:
        self._build()
        return super().__len__()


def _json_safe(data: Any) -> bool:
    """Does ``data`` survive a JSON round trip unchanged (every mapping key a string)?"""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if not all(isinstance(k, str) for k in item):
                return False
            stack.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, dict | list))
    return True


CACHE_MIN_BYTES = 256 * 1024
"""Smaller files are parsed every time (in milliseconds): only big extracts are cached."""
CACHE_VERSION = "1"
"""Bumped whenever what ``loads`` returns for a text changes (the cache keys include it)."""


def _cache_dir() -> Path | None:
    """Where parsed files are cached by content hash: ``$MAILLAGE_STATE_DIR/cache/yaml``, or
    none when ``MAILLAGE_YAML_CACHE=0``."""
    if os.environ.get("MAILLAGE_YAML_CACHE", "1") == "0":
        return None
    from kb.config import get_settings

    return get_settings().state_dir / "cache" / "yaml"


def load(path: Path, cache: Path | None = None) -> tuple[Any, LazyLines]:
    """Parse ``path`` (at most :data:`MAX_BYTES`); return its data and the line of every location
    (a :class:`LazyLines`, computed when first asked).

    A file whose content was parsed before is read back from the cache (JSON keyed by the
    SHA-256 of its bytes), so an unchanged extract is not parsed again; only files of at least
    :data:`CACHE_MIN_BYTES` that passed the checks are cached."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise YamlSyntaxError(
            1,
            _("the file is {size} bytes; an extract may hold at most {max}").format(
                size=number(size), max=number(MAX_BYTES)
            ),
        )
    with path.open("rb") as handle:
        raw = handle.read(size + 1)  # not MAX_BYTES + 1: read(n) allocates n bytes up front
    if len(raw) > MAX_BYTES:
        raise YamlSyntaxError(
            1, _("the file is over {max} bytes, the most an extract may hold").format(max=number(MAX_BYTES))
        )
    digest = hashlib.sha256(raw).hexdigest()
    folder = cache if cache is not None else (_cache_dir() if size >= CACHE_MIN_BYTES else None)
    cached = folder / f"{digest}-v{CACHE_VERSION}.json" if folder is not None else None
    if cached is not None and cached.is_file():
        try:
            with cached.open(encoding="utf-8") as handle:
                return json.load(handle), LazyLines(path, digest)
        except (OSError, ValueError):
            pass  # a damaged cache entry: parse again
    text = _decode(raw)
    del raw
    data = loads(text, track_lines=False)[0]
    if cached is not None and _json_safe(data):
        try:
            cached.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
            tmp.replace(cached)
        except (OSError, TypeError, ValueError):
            pass  # the cache is an optimisation only
    return data, LazyLines(path, digest)


def line_of(lines: Mapping[Loc, int], loc: Loc) -> int:
    """The line of ``loc`` or of its nearest ancestor that has one."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return 1
