"""One profile for every kind of entity (``kb show``; later the TUI's): properties, relationships
grouped in words, evidence.

Built on ``kb.questions.entity`` (one ``entity_detail`` query); the words for each relationship
type and direction are here, once (``RELATION_WORDS``), so that every front end says the same.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from kb.db import Graph
from kb.questions import Citation, Relation, entity, fact_words
from kb.results import shown_property_names

# (type, direction) -> words: "out" reads "<this> words <other>", "in" reads "<this> words <other>" too.
RELATION_WORDS: dict[tuple[str, str], str] = {
    ("PART_OF", "out"): "part of",
    ("PART_OF", "in"): "has as part",
    ("BASED_IN", "out"): "based in",
    ("BASED_IN", "in"): "home of",
    ("CARRIES", "out"): "carries",
    ("CARRIES", "in"): "carried by",
    ("PILOTS", "out"): "pilots",
    ("PILOTS", "in"): "piloted by",
    ("ANIMATES", "out"): "animates",
    ("ANIMATES", "in"): "animated by",
    ("COORDINATES", "out"): "coordinates",
    ("COORDINATES", "in"): "coordinated by",
    ("MEMBER_OF", "out"): "member of",
    ("MEMBER_OF", "in"): "has as member",
    ("SITS_ON", "out"): "sits on",
    ("SITS_ON", "in"): "has sitting on it",
    ("HOLDS", "out"): "holds",
    ("HOLDS", "in"): "held by",
    ("LINKED", "out"): "linked to",
    ("LINKED", "in"): "linked from",
    ("PARTNER_OF", "out"): "partner of",
    ("PARTNER_OF", "in"): "has as partner",
    ("SUPPORTS", "out"): "supports",
    ("SUPPORTS", "in"): "supported by",
    ("FUNDS", "out"): "funds",
    ("FUNDS", "in"): "funded by",
    ("LEADS", "out"): "leads",
    ("LEADS", "in"): "led by",
    ("CONTRIBUTES_TO", "out"): "contributes to",
    ("CONTRIBUTES_TO", "in"): "has as contributor",
    ("ISSUES", "out"): "issues",
    ("ISSUES", "in"): "issued by",
    ("ORGANISES", "out"): "organises",
    ("ORGANISES", "in"): "organised by",
    ("PUBLISHES", "out"): "publishes",
    ("PUBLISHES", "in"): "published by",
    ("COVERS", "out"): "covers",
    ("COVERS", "in"): "covered by",
    ("TARGETS", "out"): "targets",
    ("TARGETS", "in"): "targeted by",
    ("ADDRESSES", "out"): "addresses",
    ("ADDRESSES", "in"): "addressed by",
    ("FOR_PUBLIC", "out"): "for the public",
    ("FOR_PUBLIC", "in"): "public of",
    ("RELIES_ON", "out"): "relies on",
    ("RELIES_ON", "in"): "relied on by",
    ("OF_TYPE", "out"): "of type",
    ("OF_TYPE", "in"): "has as instance",
    ("UNDER", "out"): "under",
    ("UNDER", "in"): "has under it",
    ("IN_PLAN", "out"): "in plan",
    ("IN_PLAN", "in"): "has as objective",
    ("FOR", "out"): "for",
    ("FOR", "in"): "has mandate",
    ("SCOPED_TO", "out"): "scoped to",
    ("SCOPED_TO", "in"): "scope of",
    ("FOLLOWS", "out"): "follows",
    ("FOLLOWS", "in"): "followed by",
    ("HELD_IN", "out"): "held in",
    ("HELD_IN", "in"): "place of",
    ("ARTICULATES_WITH", "out"): "articulates with",
    ("ARTICULATES_WITH", "in"): "articulated with",
    ("CREATES", "out"): "creates",
    ("CREATES", "in"): "created by",
    ("PROVIDES_MEANS", "out"): "provides the means of",
    ("PROVIDES_MEANS", "in"): "has as means",
}


def relation_words(rel_type: str, direction: str) -> str:
    """How a relationship reads from the entity shown: "covers", "covered by"…"""
    words = RELATION_WORDS.get((rel_type, direction))
    if words:
        return words
    base = rel_type.lower().replace("_", " ")
    return base if direction == "out" else f"{base} (from)"


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
