"""What was in force on a day: the per-kind date rule of kb.facts, on the dates the documents give (no database).

Each value below is what an extract records, with the document line it reads.
"""

from __future__ import annotations

from datetime import date

import pytest

from kb.errors import InvalidInput
from kb.facts import FactFilter, InForce, in_force, parse_day, period_of
from tests.helpers import source_line


def test_a_mechanism_is_in_force_from_its_signing_with_no_end_stated() -> None:
    # 001 l.1864: "CLS Flers agglo (signé le 22/11/23)" -> signed 2023-11-22 (seed/001_orne.yaml), no end
    assert "signé le 22/11/23" in source_line("001", 1864)
    cls = period_of("Mechanism", {"signed": "2023-11-22"})
    assert in_force(cls, date(2022, 1, 1)) is InForce.no
    assert in_force(cls, date(2023, 11, 21)) is InForce.no
    assert in_force(cls, date(2023, 11, 22)) is InForce.yes
    assert in_force(cls, date(2026, 12, 2)) is InForce.yes
    assert cls.words() == "2023-11-22 to no end stated (signed)"


def test_a_cooperative_runs_its_three_years_from_october_2017() -> None:
    # 004 l.9: "Une phase expérimentale de trois ans a été lancée à partir d'octobre 2017"
    assert "trois ans a été lancée à partir d" in source_line("004", 9)
    by_end = period_of("Mechanism", {"start": "2017-10", "end": "2020-10"})
    by_duration = period_of("Mechanism", {"start": "2017-10", "duration_months": 36})
    for ca in (by_end, by_duration):
        assert in_force(ca, date(2017, 9, 30)) is InForce.no
        assert in_force(ca, date(2017, 10, 1)) is InForce.yes
        assert in_force(ca, date(2019, 6, 1)) is InForce.yes
        assert in_force(ca, date(2021, 1, 1)) is InForce.no
    assert by_end.end == date(2020, 10, 31) and by_duration.end == date(2020, 10, 1)


def test_a_plan_holds_over_its_period() -> None:
    # 001 l.91: "pour l'année 2024/2025" -> the Orne roadmap: period 2024-2025
    assert "2024/2025" in source_line("001", 91)
    roadmap = period_of("Plan", {"period": "2024-2025"})
    assert (roadmap.start, roadmap.end) == (date(2024, 1, 1), date(2025, 12, 31))
    assert in_force(roadmap, date(2023, 12, 31)) is InForce.no
    assert in_force(roadmap, date(2025, 12, 31)) is InForce.yes
    assert in_force(roadmap, date(2026, 1, 1)) is InForce.no
    # 001 l.1-2: the PRS "publié le 31 octobre 2023" (l.2) starts on its publication when no start is given
    assert "publié le 31 octobre 2023" in source_line("001", 2)
    prs = period_of("Plan", {"published": "2023-10-31", "period": "2023-2028"})
    assert (prs.start, prs.end, prs.how) == (date(2023, 10, 31), date(2028, 12, 31), "published")


def test_an_action_without_dates_follows_its_plan() -> None:
    # an action of the Orne roadmap (001 l.91, "2024/2025") with no date of its own
    action = period_of("Action", {}, {"period": "2024-2025"})
    assert action.how == "its plan's period"
    assert in_force(action, date(2024, 6, 1)) is InForce.yes
    assert in_force(action, date(2026, 6, 1)) is InForce.no
    # a year of its own wins over the plan's period
    assert period_of("Action", {"year": 2025}, {"period": "2024-2025"}).start == date(2025, 1, 1)


def test_unknown_dates_are_unknown_never_in_force() -> None:
    # a deadline bounds the end only: before it, whether the action had started is unknown
    deadline = period_of("Action", {"deadline": "2025-06"})
    assert in_force(deadline, date(2025, 1, 1)) is InForce.unknown
    assert in_force(deadline, date(2025, 7, 1)) is InForce.no
    # a temporary body with no dates (002's temporary governance), a mandate, a territory: no dates
    assert in_force(period_of("Body", {"temporary": True}), date(2024, 1, 1)) is InForce.unknown
    assert in_force(period_of("Mandate", {"duration_months": 24}), date(2024, 1, 1)) is InForce.unknown
    assert in_force(period_of("Territory", None), date(2024, 1, 1)) is InForce.unknown
    # an ended relationship on a scheme with a start and no end: when it ended is not said
    assert in_force(period_of("Mechanism", {"signed": "2023-11-22"}), date(2024, 1, 1), "ended") is InForce.unknown


def test_filters_take_repeated_or_comma_lists_and_refuse_unknown_words() -> None:
    flt = FactFilter.of(["existing,planned", "planned"], ["rule"], "2022-01-01")
    assert flt.statuses == ["existing", "planned"] and flt.bases == ["rule"]
    assert flt.as_of == date(2022, 1, 1)
    assert flt.kind_ok("planned", "rule") and not flt.kind_ok("intended", "rule")
    assert not flt.kind_ok("existing", "stated")
    assert FactFilter.of().words() == ""
    with pytest.raises(InvalidInput, match="--status bogus: choose among existing"):
        FactFilter.of(["bogus"])
    with pytest.raises(InvalidInput, match="--basis said: choose among stated, rule, inferred"):
        FactFilter.of(None, ["said"])
    with pytest.raises(InvalidInput, match="give a date as YYYY-MM-DD"):
        parse_day("22/11/23")
    assert parse_day("today") == date.today()


def test_the_cli_choices_are_the_model_vocabularies() -> None:
    from kb import vocab
    from kb.models import Basis, FactStatus

    assert tuple(s.value for s in FactStatus) == vocab.FACT_STATUSES
    assert tuple(b.value for b in Basis) == vocab.FACT_BASES
