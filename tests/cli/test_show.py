"""``kb show ID|NAME``: one profile for every kind (kb.show.show), with relationships in words and evidence."""

from __future__ import annotations

import json

import pytest

from kb import show
from kb.db import Graph
from kb.results import INTERNAL_PROPERTIES
from tests.helpers import KbRunner, quote_starts_at

# one entity of each kind, with a relationship the extract states and the words it reads in
KINDS = [
    # 000 l.317: "Fnors/bureau - Assurer la répartition au sein des membres du bureau"; part_of actor:fnors
    ("body:fnors-bureau", "Body", "part of", "actor:fnors"),
    # 000 l.1274: res:epitome, published_by actor:fnors (l.821 "5.1 Poursuivre la production d'Épitomé")
    ("res:epitome", "Resource", "published by", "actor:fnors"),
    # 000 l.14: "depuis 2020, la Fnors et les ORS ont mis en place un séminaire inter-ORS"; organised_by actor:fnors
    ("event:seminaire-inter-ors", "Event", "organised by", "actor:fnors"),
    # 001 l.1864: "Avec CLS Flers agglo (signé le 22/11/23)"; covers the CA Flers Agglo
    ("mech:cls-flers-agglo", "Mechanism", "covers", "terr:fr-epci-200035814"),
    # 001 l.614: "Doter le département d'un médico-bus", targets the Orne
    ("action:orne-ws06-a11", "Action", "targets", "terr:fr-dep-61"),
    ("plan:fnors-projet-strategique-2024-2028", "Plan", None, None),
    ("mandate:fnors-representation", "Mandate", None, None),
    ("actor:fnors", "Actor", "organises", "event:seminaire-inter-ors"),
    ("terr:fr-com-61169", "Territory", "part of", "terr:fr-epci-200035814"),
]


@pytest.mark.parametrize(("entity_id", "label", "words", "other"), KINDS, ids=[k[0] for k in KINDS])
def test_show_profiles_every_kind(
    seeded: Graph, entity_id: str, label: str, words: str | None, other: str | None
) -> None:
    profile = show.show(seeded, entity_id)
    assert profile.id == entity_id and profile.label == label
    assert not {p.name for p in profile.properties} & (INTERNAL_PROPERTIES | {"id", "name"})
    assert profile.groups, "every entity of the extracts is related to something"
    assert all(g.words and not g.words.isupper() for g in profile.groups)
    if words:
        group = next(g for g in profile.groups if g.words == words)
        assert other in {link.other_id for link in group.links}
    assert profile.evidence, "every entity of the extracts is cited"


def test_show_evidence_is_verbatim_at_its_line(seeded: Graph) -> None:
    profile = show.show(seeded, "Séminaire inter-ORS")  # by name
    assert profile.id == "event:seminaire-inter-ors"
    cited = {(c.line, c.quote) for c in profile.evidence if c.source.startswith("src:000")}
    # 000 l.14: "Parallèlement, depuis 2020, la Fnors et les ORS ont mis en place un séminaire inter-ORS"
    assert any(line == 14 and "séminaire inter-ORS" in quote for line, quote in cited)
    assert all(quote_starts_at("000", line, quote) for line, quote in cited if line)


def test_kb_show_table_and_json(kb: KbRunner) -> None:
    result = kb("show", "action:orne-ws06-a11")
    assert result.exit_code == 0, result.output
    assert "Relationships" in result.stdout and "Evidence" in result.stdout
    assert "targets" in result.stdout and "funded by" in result.stdout  # words, not TARGETS / FUNDS
    assert "TARGETS" not in result.stdout
    data = json.loads(kb("show", "action:orne-ws06-a11", "-F", "json").stdout)
    assert data["label"] == "Action" and {g["type"] for g in data["groups"]} >= {"TARGETS", "FUNDS"}


def test_kb_show_an_ambiguous_name_lists_ids(kb: KbRunner) -> None:
    result = kb("show", "CPTS Orne Ouest")  # seed/001: the scheme and the actor share the name
    assert result.exit_code == 1
    assert "give one of these ids" in result.stderr
    assert "actor:cpts-orne-ouest" in result.stderr and "mech:cpts-orne-ouest" in result.stderr
