"""Relationship types in words, for every front end (kb show, kb who, the TUI): one table here.

No driver and no pydantic: ``kb --help`` and the TUI's first screen import it cheaply.
"""

from __future__ import annotations

import functools
import re

from kb.i18n import N_, _, word

# (type, direction) -> words: "out" reads "<this> words <other>", "in" reads "<this> words <other>" too.
RELATION_WORDS: dict[tuple[str, str], str] = {
    ("PART_OF", "out"): N_("part of"),
    ("PART_OF", "in"): N_("has as part"),
    ("BASED_IN", "out"): N_("based in"),
    ("BASED_IN", "in"): N_("home of"),
    ("CARRIES", "out"): N_("carries"),
    ("CARRIES", "in"): N_("carried by"),
    ("PILOTS", "out"): N_("pilots"),
    ("PILOTS", "in"): N_("piloted by"),
    ("ANIMATES", "out"): N_("animates"),
    ("ANIMATES", "in"): N_("animated by"),
    ("COORDINATES", "out"): N_("coordinates"),
    ("COORDINATES", "in"): N_("coordinated by"),
    ("MEMBER_OF", "out"): N_("member of"),
    ("MEMBER_OF", "in"): N_("has as member"),
    ("SITS_ON", "out"): N_("sits on"),
    ("SITS_ON", "in"): N_("has sitting on it"),
    ("HOLDS", "out"): N_("holds"),
    ("HOLDS", "in"): N_("held by"),
    ("LINKED", "out"): N_("linked to"),
    ("LINKED", "in"): N_("linked from"),
    ("PARTNER_OF", "out"): N_("partner of"),
    ("PARTNER_OF", "in"): N_("has as partner"),
    ("SUPPORTS", "out"): N_("supports"),
    ("SUPPORTS", "in"): N_("supported by"),
    ("FUNDS", "out"): N_("funds"),
    ("FUNDS", "in"): N_("funded by"),
    ("LEADS", "out"): N_("leads"),
    ("LEADS", "in"): N_("led by"),
    ("CONTRIBUTES_TO", "out"): N_("contributes to"),
    ("CONTRIBUTES_TO", "in"): N_("has as contributor"),
    ("ISSUES", "out"): N_("issues"),
    ("ISSUES", "in"): N_("issued by"),
    ("ORGANISES", "out"): N_("organises"),
    ("ORGANISES", "in"): N_("organised by"),
    ("PUBLISHES", "out"): N_("publishes"),
    ("PUBLISHES", "in"): N_("published by"),
    ("COVERS", "out"): N_("covers"),
    ("COVERS", "in"): N_("covered by"),
    ("TARGETS", "out"): N_("targets"),
    ("TARGETS", "in"): N_("targeted by"),
    ("ADDRESSES", "out"): N_("addresses"),
    ("ADDRESSES", "in"): N_("addressed by"),
    ("FOR_PUBLIC", "out"): N_("for the public"),
    ("FOR_PUBLIC", "in"): N_("public of"),
    ("RELIES_ON", "out"): N_("relies on"),
    ("RELIES_ON", "in"): N_("relied on by"),
    ("OF_TYPE", "out"): N_("of type"),
    ("OF_TYPE", "in"): N_("has as instance"),
    ("UNDER", "out"): N_("under"),
    ("UNDER", "in"): N_("has under it"),
    ("IN_PLAN", "out"): N_("in plan"),
    ("IN_PLAN", "in"): N_("has as objective"),
    ("FOR", "out"): N_("for"),
    ("FOR", "in"): N_("has mandate"),
    ("SCOPED_TO", "out"): N_("scoped to"),
    ("SCOPED_TO", "in"): N_("scope of"),
    ("FOLLOWS", "out"): N_("follows"),
    ("FOLLOWS", "in"): N_("followed by"),
    ("HELD_IN", "out"): N_("held in"),
    ("HELD_IN", "in"): N_("place of"),
    ("ARTICULATES_WITH", "out"): N_("articulates with"),
    ("ARTICULATES_WITH", "in"): N_("articulated with"),
    ("CREATES", "out"): N_("creates"),
    ("CREATES", "in"): N_("created by"),
    ("PROVIDES_MEANS", "out"): N_("provides the means of"),
    ("PROVIDES_MEANS", "in"): N_("has as means"),
}


def relation_words(rel_type: str, direction: str) -> str:
    """How a relationship reads from the entity shown: "covers", "covered by"…"""
    words = RELATION_WORDS.get((rel_type, direction))
    if words:
        return _(words)
    base = rel_type.lower().replace("_", " ")
    return base if direction == "out" else _("{relation} (from)").format(relation=base)


_CODE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
_GROUPED = re.compile(r"^(?:(?P<out>[A-Z][A-Z0-9_]*) →|← (?P<in>[A-Z][A-Z0-9_]*))$")


@functools.cache
def _relation_types() -> frozenset[str]:
    # the types the table has words for, read once (not per table cell)
    return frozenset(rel for rel, _direction in RELATION_WORDS)


def cell_words(value: str) -> str | None:
    """A table cell holding a relationship type (with its role after a colon, as kb who's role
    column: ``CONTRIBUTES_TO``, ``PILOTS:co-pilote``), or a profile's group with its arrow
    (``COVERS →``, ``← COVERS``), in words; None if ``value`` is not one.

    A code of one word (COVERS, FUNDS) counts only if it is a relationship type of the table, so
    that an acronym (CPTS, DAC) in the same column is left as it is."""
    grouped = _GROUPED.match(value)  # a profile's relationship group (kb.questions)
    if grouped:
        return relation_words(grouped["out"] or grouped["in"], "out" if grouped["out"] else "in")
    code, _sep, role = value.partition(":")
    if not _CODE.match(code):
        return None
    if "_" not in code and code not in _relation_types():
        return None
    words = word(code)
    return _("{relation} ({role})").format(relation=words, role=role) if role else words
