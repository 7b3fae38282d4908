"""Who does what with scope discipline: a fact reaches a place only through its own territory.

Against the seeded graph; each expectation cites the passage of the document behind it.
"""

from __future__ import annotations

import itertools

from kb import questions
from kb.db import Graph
from kb.facts import FactFilter
from kb.questions import WhoScope
from tests.helpers import source_line

SCOPE_RANK = {"self": 0, "part": 1, "container": 2}

# 003 (FTS 2018 work programme), three actions targeted at one place although the programme covers France:
FTS_TARGETED = {
    # l.31: "implantation régionale à développer en 2018 : région Grand Est"
    "action:fts2018-1-2-a3": (31, "région Grand Est", "terr:fr-reg-44"),
    # l.82: the regional meeting on mental health in the QPV "se tiendra ... dans le Grand Est"
    "action:fts2018-2-2-a1": (82, "dans le Grand Est", "terr:fr-reg-44"),
    # l.86: the food day co-organised with the Pôle Ressources 95 "se tiendra dans le Val d'Oise"
    "action:fts2018-2-2-a2": (86, "dans le Val d'Oise", "terr:fr-dep-95"),
}

# The CA Flers Agglo (SIREN 200035814) as the official reference names it (COG 2025); the documents
# say "Flers Agglo" (001 l.1864), kept as an alias.
FLERS_AGGLO = "Communauté d'agglomération Flers Agglo"


def test_fts_actions_targeted_elsewhere_never_reach_flers_or_the_orne(seeded: Graph) -> None:
    for line, words, _ in FTS_TARGETED.values():
        assert words in source_line("003", line)
    for place in ("Flers", "Orne"):
        _, rows = questions.who_does_what(seeded, place)
        assert not {r.via_id for r in rows} & set(FTS_TARGETED), place
    # the example: the Grand Est meeting on mental health in the QPV is not on the Orne's mental health
    _, mental = questions.who_does_what(seeded, "Orne", "Santé mentale")
    assert mental and "action:fts2018-2-2-a1" not in {r.via_id for r in mental}


def test_fts_targeted_actions_are_on_their_own_territory(seeded: Graph) -> None:
    for action, (line, _, target) in FTS_TARGETED.items():
        _, rows = questions.who_does_what(seeded, target)
        own = [r for r in rows if r.via_id == action]
        assert own, action
        assert all(r.scope == "self" and r.reach == "action targets" and r.territory_id == target for r in own)
        # the target relationship carries the line it comes from
        targets = seeded.read(
            "MATCH (:Action {id: $a})-[r:TARGETS]->(:Territory {id: $t}) RETURN r.line AS line",
            {"a": action, "t": target},
        )
        assert [t["line"] for t in targets] == [line]


def test_every_action_row_reaches_the_place_through_its_targets_or_an_untargeted_plan(seeded: Graph) -> None:
    """The rule itself, over every action row on Flers: a row 'action targets' names one of the
    action's targets; a row 'plan covers' is an action that targets nothing."""
    _, rows = questions.who_does_what(seeded, "Flers")
    actions = {r.via_id for r in rows if r.via_kind == "Action"}
    assert actions
    facts = {
        f["id"]: set(f["targets"])
        for f in seeded.read(
            "MATCH (a:Action) WHERE a.id IN $ids RETURN a.id AS id, [(a)-[:TARGETS]->(t:Territory) | t.id] AS targets",
            {"ids": sorted(actions)},
        )
    }
    for r in rows:
        if r.via_kind != "Action":
            continue
        if r.reach == "action targets":
            assert r.territory_id in facts[r.via_id], r
        else:
            assert r.reach == "plan covers" and not facts[r.via_id], r


def test_rows_come_by_scope_then_depth_with_counts_per_scope(seeded: Graph) -> None:
    # Flers (61169) is in Flers Agglo (001 l.1864 "CLS Flers agglo") and, by the COG, in the Orne directly.
    answer = questions.who(seeded, "Flers")
    rows = answer.rows
    order = [(SCOPE_RANK[r.scope], r.depth) for r in rows]
    assert order == sorted(order)
    depths = {r.territory: r.depth for r in rows if r.scope == "container"}
    assert depths[FLERS_AGGLO] == 1 and depths["Orne"] == 1 and depths["Normandie"] == 2 and depths["France"] == 3
    assert all(r.depth == 0 and r.territory_id == "terr:fr-com-61169" for r in rows if r.scope == "self")
    assert answer.counts == {s: sum(1 for r in rows if r.scope == s) for s in SCOPE_RANK}
    assert answer.total == len(rows)
    # the place's own rows come first: 001 l.1442-1444, contracts against sexual violence "(L'aigle-Mortagne, Flers)"
    assert "contrats" in source_line("001", 1442) and "Flers)" in source_line("001", 1444)
    own = [r for r in rows if r.scope == "self"]
    assert rows[: len(own)] == own
    assert {"mech:clvss-flers", "action:orne-ws23-a01"} <= {r.via_id for r in own}
    assert all(r.line == 1442 for r in own)
    # groups follow the rows and add up
    assert sum(g.rows for g in answer.groups) == len(rows)
    assert [g.territory for g in answer.groups if g.scope == "container"] == [
        FLERS_AGGLO,
        "Orne",
        "Normandie",
        "France",
    ]


def test_scope_filter_and_paging(seeded: Graph) -> None:
    everything = questions.who(seeded, "Orne")
    for scope, value in (
        (WhoScope.self, "self"),
        (WhoScope.parts, "part"),
        (WhoScope.containers, "container"),
    ):
        one = questions.who(seeded, "Orne", scope=scope)
        assert one.rows == [r for r in everything.rows if r.scope == value]
        assert one.total == everything.counts[value] > 0
        assert one.counts == everything.counts
    page = questions.who(seeded, "Orne", scope=WhoScope.parts, limit=5, offset=3)
    parts = [r for r in everything.rows if r.scope == "part"]
    assert page.rows == parts[3:8] and page.total == len(parts)
    # parts nearest first; with the official reference a commune is PART_OF its département directly
    assert [r.depth for r in parts] == sorted(r.depth for r in parts)
    assert any(r.territory == "Flers" and r.depth == 1 for r in parts)


def test_ols_bodies_show_with_their_mandates_though_no_actor_is_named_on_them(seeded: Graph) -> None:
    # 002 l.371-372: the OLS is run by an "Equipe opérationnelle" and a "Gouvernance TEMPORAIRE";
    # l.478 and l.784 open their mandates. No actor is named as a member of either.
    assert "Equipe opérationnelle" in source_line("002", 371)
    assert "Gouvernance TEMPORAIRE" in source_line("002", 372)
    assert source_line("002", 478).startswith("Mandat Equipe opérationnelle")
    assert "gouvernance temporaire" in source_line("002", 784)
    _, rows = questions.who_does_what(seeded, "Hautes Plaines et Vallées")
    mandates = {(r.actor_id, r.via_id): r for r in rows if r.role == "HAS_MANDATE"}
    team = mandates[("body:ols-hpv-equipe-operationnelle", "mandate:ols-hpv-equipe-operationnelle")]
    governance = mandates[("body:ols-hpv-gouvernance-temporaire", "mandate:ols-hpv-gouvernance-temporaire")]
    assert team.scope == governance.scope == "self" and team.actor_kind == "body"
    assert team.line == 478 and governance.line == 784
    # the bodies are rows of their own too, through the OLS that covers the place
    bodies = {r.actor_id for r in rows if r.actor_kind == "body" and r.via_id == "mech:ols-hautes-plaines-et-vallees"}
    assert {"body:ols-hpv-equipe-operationnelle", "body:ols-hpv-gouvernance-temporaire"} <= bodies
    # the governance steers the team (l.790)
    assert any(
        r.actor_id == "body:ols-hpv-gouvernance-temporaire"
        and r.role == "PILOTS"
        and r.via_id == "body:ols-hpv-equipe-operationnelle"
        for r in rows
    )


def test_no_row_is_given_twice(seeded: Graph) -> None:
    _, rows = questions.who_does_what(seeded, "Orne")
    keys = [(r.actor_id, r.role, r.via_id, r.territory_id, r.line, r.quote) for r in rows]
    assert len(keys) == len(set(keys))
    assert all(a != b for a, b in itertools.pairwise(keys))


ORNE_ROADMAP = "plan:orne-fdr-2024-2025"

UNTARGETED_ACTIONS = (
    "MATCH (ac:Action)-[:UNDER]->(:Objective)-[:IN_PLAN]->(:Plan {id: $plan}) "
    "WHERE NOT EXISTS { (ac)-[:TARGETS]->(:Territory) } "
    "AND EXISTS { (:Actor|Body)-[:LEADS|PROVIDES_MEANS|CONTRIBUTES_TO|FUNDS|PILOTS|COORDINATES]->(ac) } "
    "RETURN collect(DISTINCT ac.id) AS ids"
)


def test_a_plan_covering_a_container_is_one_row_with_its_untargeted_actions_counted(seeded: Graph) -> None:
    """001 l.90: the roadmap is "une feuille de route départementale unifiée et transversale des priorités
    de santé dans le département de l'Orne": it covers the Orne, a container of Flers. Its actions that
    target nothing of their own are on Flers through it, but as one row (the plan, how many actions),
    not one per actor and action (issue 12: a national plan's actions would be on every commune)."""
    assert "feuille de route départementale unifiée" in source_line("001", 90)
    assert "département de l’Orne" in source_line("001", 91)
    (untargeted,) = seeded.read(UNTARGETED_ACTIONS, {"plan": ORNE_ROADMAP})
    assert untargeted["ids"], "the roadmap has actions with no target of their own, and who leads them"

    answer = questions.who(seeded, "Flers")
    summary = [r for r in answer.rows if r.via_id == ORNE_ROADMAP and r.role == "PLAN_ACTIONS"]
    assert len(summary) == 1
    (row,) = summary
    assert (row.scope, row.territory, row.reach, row.actor_id) == ("container", "Orne", "plan actions", ORNE_ROADMAP)
    assert row.actions == len(untargeted["ids"])
    # no container row lists an action of a plan one by one any more
    assert not [
        r for r in answer.rows if r.scope == "container" and r.via_kind == "Action" and r.reach == "plan covers"
    ]
    assert all(r.actions is None for r in answer.rows if r.role != "PLAN_ACTIONS")

    # on the Orne itself the same actions are listed, one row per actor and action
    own = questions.who(seeded, "Orne", scope=WhoScope.self)
    listed = {r.via_id for r in own.rows if r.reach == "plan covers" and r.via_kind == "Action"}
    assert listed & set(untargeted["ids"]) == set(untargeted["ids"])
    assert not [r for r in own.rows if r.role == "PLAN_ACTIONS"]


def test_a_plan_summary_counts_only_the_actions_on_the_theme_asked_for(seeded: Graph) -> None:
    (untargeted,) = seeded.read(UNTARGETED_ACTIONS, {"plan": ORNE_ROADMAP})
    _, all_rows = questions.who_does_what(seeded, "Flers")
    _, mental = questions.who_does_what(seeded, "Flers", "Santé mentale")
    on_theme = seeded.read(
        "MATCH (ac:Action) WHERE ac.id IN $ids AND (EXISTS { (ac)-[:ADDRESSES]->(:Theme {id: $theme}) } "
        "OR EXISTS { (ac)-[:UNDER|PART_OF*1..3]->(:Objective)-[:ADDRESSES]->(:Theme {id: $theme}) }) "
        "RETURN count(ac) AS n",
        {"ids": untargeted["ids"], "theme": "theme:mental-health"},
    )[0]["n"]
    summary = {r.via_id: r.actions for r in mental if r.role == "PLAN_ACTIONS"}
    total = {r.via_id: r.actions for r in all_rows if r.role == "PLAN_ACTIONS"}
    assert 0 < on_theme < len(untargeted["ids"])  # some of the roadmap's actions are on mental health, not all
    assert summary[ORNE_ROADMAP] == on_theme and total[ORNE_ROADMAP] == len(untargeted["ids"])


def test_pages_put_together_are_the_whole_answer_wherever_they_cut_a_place(seeded: Graph) -> None:
    """The server finds the places a page falls in from the counts per place, then sorts only their
    rows (cypher/who_does_what.cypher). Whatever the page size and offset, pages put together must be
    the whole answer, in its order, also when a page starts or ends inside a place, with a scope or a
    status filter that leaves some places with rows but none kept. Normandie's answer holds the
    Orne's roadmap (001 l.90: "une feuille de route départementale unifiée ... dans le département
    de l'Orne"), listed on the Orne, a part of the région, so several places share the pages."""
    kinds = FactFilter.of(status=["existing", "planned"])
    for place, scope, facts in (
        ("Normandie", None, None),
        ("Orne", WhoScope.parts, None),
        ("Normandie", None, kinds),
        ("Flers", WhoScope.containers, None),
    ):
        whole = questions.who(seeded, place, scope=scope, facts=facts)
        places = {r.territory_id for r in whole.rows}
        assert whole.total == len(whole.rows) > 0 and len(places) > 1, place
        for size in (1, 3, 50):
            pages = [
                questions.who(seeded, place, scope=scope, facts=facts, limit=size, offset=start)
                for start in range(0, whole.total, size)
            ]
            assert [row for page in pages for row in page.rows] == whole.rows, (place, scope, size)
            assert all(page.total == whole.total and page.groups == whole.groups for page in pages)
        beyond = questions.who(seeded, place, scope=scope, facts=facts, limit=5, offset=whole.total)
        assert beyond.rows == [] and beyond.total == whole.total and beyond.counts == whole.counts
    some = questions.who(seeded, "Normandie", facts=kinds)
    assert some.left_out.get("status/basis", 0) > 0, "the filter leaves rows out, so kept differs from rows"
