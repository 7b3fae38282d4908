"""``pybabel extract``'s method for the sources (``babel.cfg``): the ``_()`` calls, plus the CLI's help.

The CLI's help is written where Typer reads it, in the commands' docstrings and the ``help=``
of their options; ``cli.help_text`` translates it when the command tree is built, a paragraph
at a time (Click re-wraps paragraphs). This extractor yields those paragraphs as msgids, so
that the French catalog must hold them (``tests/kb/test_i18n.py``). An ``Example:`` paragraph
is commands, not prose: only its word ``Example:`` is translated.
"""

from __future__ import annotations

import ast
import io
from collections.abc import Iterator
from typing import IO, Any

from kb.i18n import EXAMPLE, paragraphs

__all__ = ["EXAMPLE", "extract", "help_messages", "paragraphs"]


def _constant_parts(node: ast.expr) -> list[str]:
    """The string constants of a help expression: a literal, or the literal parts of a ``+``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _constant_parts(node.left) + _constant_parts(node.right)
    return []


def _is_command(node: ast.FunctionDef) -> bool:
    """Whether a decorator registers the function with Typer (``@app.command(...)``, ``@app.callback``)."""
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute) and target.attr in ("command", "callback"):
            return True
    return False


def help_messages(source: str) -> Iterator[tuple[int, str]]:
    """(line, msgid) for every paragraph of a command's docstring and of a ``help=``.

    A command is a function decorated by Typer's ``.command`` or ``.callback``, or one whose
    docstring has an ``Example:`` paragraph (the commands registered by a ``register(app)`` are
    not decorated; every command has an example). Any other decorator (``functools.cache``,
    ``property``) leaves a docstring a developer's note."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef):
            doc = ast.get_docstring(node, clean=True)
            if doc and (_is_command(node) or any(p.startswith(EXAMPLE) for p in paragraphs(doc))):
                for p in paragraphs(doc.split("\f")[0]):
                    yield node.lineno, EXAMPLE if p.startswith(EXAMPLE) else p
        elif isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg in ("help", "epilog"):
                    for part in _constant_parts(kw.value):
                        for p in paragraphs(part):
                            yield kw.value.lineno, p


def extract(
    fileobj: IO[bytes], keywords: dict[str, Any], comment_tags: list[str], options: dict[str, Any]
) -> Iterator[Any]:
    """Babel's Python extractor, and for ``cli/`` the help paragraphs (``options['help']`` true).

    Yields what Babel's extractors yield: (line, function name, message, comments)."""
    from babel.messages.extract import extract_python

    data = fileobj.read()
    python_options: Any = options
    yield from extract_python(io.BytesIO(data), keywords, comment_tags, python_options)
    if str(options.get("help", "")).lower() in ("1", "true", "yes"):
        for line, msgid in help_messages(data.decode("utf-8")):
            yield line, "", msgid, []
