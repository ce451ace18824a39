"""The sham-process guard: its pure rules, and the facts it gathers for a process."""

from __future__ import annotations

import pytest

from samskap.actors.models import Actor, Group, Kind
from samskap.analysis.nudges import Nudge, NudgeCode
from samskap.processes import actions, guard
from samskap.processes.guard import Facts
from samskap.processes.models import CoCreationType
from samskap.processes.tests import world
from samskap.responses import services

STEERED, RESP, EQUAL, FACIL = (CoCreationType.STEERED, CoCreationType.RESPONSIBILISING,
                               CoCreationType.EQUAL, CoCreationType.FACILITATING)


def codes(facts: Facts) -> list[str]:
    return [warning.code for warning in guard.check(facts)]


@pytest.mark.parametrize(("decided", "open_", "share"), [
    (0, 0, None), (3, 1, 0.75), (1, 3, 0.25), (2, 0, 1.0), (0, 4, 0.0)])
def test_fixed_share(decided, open_, share):
    assert guard.fixed_share(decided, open_) == share


@pytest.mark.parametrize("kind", [EQUAL, FACIL])
@pytest.mark.parametrize(("decided", "open_", "warned"), [
    (3, 1, True),    # 75 %: the threshold
    (9, 1, True),
    (1, 0, True),    # nothing open at all
    (2, 1, False),   # 67 %
    (1, 3, False),
    (0, 0, False),   # nothing declared: the opening rules catch that, not the guard
])
def test_open_types_warn_when_nearly_everything_is_fixed(kind, decided, open_, warned):
    assert ("open_type_but_fixed" in codes(Facts(kind, decided, open_))) is warned


@pytest.mark.parametrize("kind", [STEERED, RESP, EQUAL, FACIL, ""])
@pytest.mark.parametrize(("decided", "open_"), [(0, 3), (1, 3), (3, 0), (0, 0)])
def test_defined_types_warn_when_nothing_is_fixed(kind, decided, open_):
    warned = kind in (STEERED, RESP) and decided == 0 and open_ > 0
    assert ("defined_type_but_nothing_fixed" in codes(Facts(kind, decided, open_))) is warned


def test_no_type_chosen_gives_no_type_warning():
    assert codes(Facts("", 5, 0)) == []


def test_missing_and_unanswered():
    warnings = guard.check(Facts(EQUAL, 1, 3, missing=("Ungdomsrådet mangler",), unanswered=2))
    assert [w.code for w in warnings] == ["affected_missing", "unanswered_input"]
    assert warnings[0].details == ("Ungdomsrådet mangler",)
    assert "2 inputs have no response" in warnings[1].explanation
    assert codes(Facts(EQUAL, 1, 3, unanswered=0)) == []
    assert codes(Facts(EQUAL, 1, 3, unanswered=None)) == []
    assert "1 input has no response" in guard.check(Facts(EQUAL, 1, 3, unanswered=1))[0].explanation


def test_every_warning_explains_itself():
    warnings = guard.check(Facts(FACIL, 4, 0, missing=("x",), unanswered=1))
    assert len(warnings) == 3
    assert all(w.title and len(w.explanation) > 60 for w in warnings)
    assert "4 of 4" in warnings[0].explanation and "sham process" in warnings[0].explanation


def test_counted_nudges():
    silent = Nudge(NudgeCode.SILENT_VOICE_NOT_INVOLVED, "actor:1")
    blocker = Nudge(NudgeCode.OBSTRUCTOR_NOT_INVOLVED, "actor:2")
    sector = Nudge(NudgeCode.SECTOR_NOT_REPRESENTED, "sector:private", {"sector": "private"})
    youth = Nudge(NudgeCode.GROUP_NOT_REACHED_BY_INVOLVED, "group:youth", {"group": "youth"})
    elderly = Nudge(NudgeCode.GROUP_NOT_REACHED, "group:elderly", {"group": "elderly"})
    every = [silent, blocker, sector, youth, elderly]
    assert guard.counted_nudges(every, []) == [silent, blocker, youth, elderly]
    assert guard.counted_nudges(every, ["youth"]) == [silent, blocker, youth]
    assert guard.counted_nudges([sector], []) == []


@pytest.mark.django_db
def test_facts_for_a_process(eksempelvik, cycle, per, cem):
    process = world.ready(eksempelvik, cycle, per, decided=3, open_=1)
    silent = Actor.objects.create(municipality=eksempelvik, name="Kvinnenettverket i Nordbyen",
                                  kind=Kind.CITIZEN_GROUP, affected=5, influence=1,
                                  groups_reached=[Group.IMMIGRANTS])
    facts = guard.facts_for(process)
    assert (facts.cocreation_type, facts.decided, facts.open) == (EQUAL, 3, 1)
    assert "A silent voice: Kvinnenettverket i Nordbyen" in facts.missing
    assert facts.unanswered == 0
    assert [w.code for w in guard.warnings_for(process)] == ["open_type_but_fixed",
                                                             "affected_missing"]
    actions.invite_actor(process=process, user=per, actor=silent, role="participant")
    actions.set_groups(process=process, user=per, groups=["immigrants"])
    assert guard.facts_for(process).missing == []
    services.register_input(process, source=silent, author=cem, text="Vi trenger lys",
                            kind="other")
    assert guard.facts_for(process).unanswered == 1
    assert "unanswered_input" in [w.code for w in guard.warnings_for(process)]


@pytest.mark.django_db
def test_staff_page_and_opening_show_the_warnings(client, eksempelvik, cycle, per):
    process = world.ready(eksempelvik, cycle, per, cocreation_type=FACIL, decided=4, open_=0)
    client.force_login(per)
    page = client.get(process.get_staff_url()).content.decode()
    assert "Warnings: is this a sham process?" in page
    assert "nearly everything is decided" in page
    opening = f"/k/{eksempelvik.number}/processes/manage/{process.pk}/state/open/"
    page = client.get(opening).content.decode()
    assert "nearly everything is decided" in page
    # With warnings, opening needs an explicit acknowledgement.
    response = client.post(opening, {"note": "Velkommen"})
    assert response.status_code == 200 and response.context["form"].errors["acknowledge"]
    process.refresh_from_db()
    assert process.state == "draft"
    response = client.post(opening, {"note": "Velkommen", "acknowledge": "on"})
    process.refresh_from_db()
    assert response.status_code == 302 and process.state == "open"
