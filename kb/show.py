"""One profile for every kind of entity (``kb show``; later the TUI's): properties, relationships
grouped in words, evidence.

Built on ``kb.questions.entity`` (one ``entity_detail`` query); the words for each relationship
type and direction are here, once (``RELATION_WORDS``), so that every front end says the same.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from kb.db import Graph
from kb.i18n import N_, _
from kb.questions import Citation, Relation, entity, fact_words
from kb.results import shown_property_names

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


class Property(BaseModel):
    name: str
    value: Any


class Link(BaseModel):
    """One relationship, read from the entity shown."""

    other_id: str
    other: str
    other_label: str
    role: str | None = None
    fact: str  # status and basis in words ("exists, stated")
    relation: Relation  # every field, for scripts


class Group(BaseModel):
    words: str  # "covered by", "member of"…
    type: str
    direction: str
    links: list[Link]


class Profile(BaseModel):
    """An entity of any kind: what it is, what it says of itself, what links it, who says so."""

    id: str
    label: str
    name: str
    properties: list[Property]
    groups: list[Group]
    evidence: list[Citation]


def show(graph: Graph, ref: str) -> Profile:
    """The profile of the entity ``ref`` (an id, a code or a name) names, whatever its kind."""
    detail = entity(graph, ref)
    groups: dict[tuple[str, str], Group] = {}
    for rel in sorted(detail.relationships, key=lambda r: (r.type, r.direction, r.other.casefold(), r.other_id)):
        key = (rel.type, rel.direction)
        if key not in groups:
            groups[key] = Group(words=relation_words(*key), type=rel.type, direction=rel.direction, links=[])
        groups[key].links.append(
            Link(
                other_id=rel.other_id,
                other=rel.other,
                other_label=rel.other_label,
                role=rel.role,
                fact=fact_words(rel),
                relation=rel,
            )
        )
    return Profile(
        id=detail.id,
        label=detail.label,
        name=detail.name,
        properties=[Property(name=k, value=detail.props[k]) for k in shown_property_names(detail.props)],
        groups=list(groups.values()),
        evidence=detail.citations,
    )
