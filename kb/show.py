"""One profile for every kind of entity (``kb show``; later the TUI's): properties, relationships
grouped in words, evidence.

Built on ``kb.questions.entity`` (one ``entity_detail`` query); the words for each relationship
type and direction are in kb.relations, once (``RELATION_WORDS``), so that every front end says the same.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from kb.db import Graph
from kb.questions import Citation, Relation, entity, fact_words
from kb.relations import relation_words
from kb.results import shown_property_names


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
