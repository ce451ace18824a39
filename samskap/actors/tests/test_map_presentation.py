"""The nudges in words (``presentation.nudges_for``): a text for every rule, in every language."""

from __future__ import annotations

import pytest
from django.utils import translation

from samskap.actors import actions, presentation
from samskap.analysis.nudges import NudgeCode
from samskap.testing.factories import ActorFactory, DistrictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(eksempelvik):
    """A landowner who could block, a silent voice, two who reach immigrants, no research."""
    nordbyen = DistrictFactory(municipality=eksempelvik, name="Nordbyen")
    return {
        "nordbyen": nordbyen,
        "landowner": ActorFactory(municipality=eksempelvik, name="Grunneieren", kind="business",
                                  obstruction=5),
        "voice": ActorFactory(municipality=eksempelvik, name="Kvinnenettverket",
                              kind="citizen_group", affected=5, influence=1,
                              groups_reached=["immigrants"]),
        "mosque": ActorFactory(municipality=eksempelvik, name="Moskeen", kind="faith_culture",
                               groups_reached=["immigrants", f"district:{nordbyen.pk}"]),
        "station": ActorFactory(municipality=eksempelvik, name="Helsestasjonen",
                                kind="municipal_unit", groups_reached=["families_with_children"]),
    }


def by_code(found: presentation.NudgeList) -> dict[str, list[presentation.PresentedNudge]]:
    result: dict[str, list[presentation.PresentedNudge]] = {}
    for nudge in found.active:
        result.setdefault(nudge.code, []).append(nudge)
    return result


def test_every_rule_has_its_words_when_a_process_involves_few(eksempelvik, people):
    with translation.override("en"):
        found = presentation.nudges_for(eksempelvik, involved={people["station"].pk})

    codes = by_code(found)
    assert set(codes) == {code.value for code in NudgeCode}
    with translation.override("en"):
        for nudges in codes.values():
            for nudge in nudges:
                assert nudge.title and nudge.why and nudge.code_label in nudge.title

    blocker = codes["obstructor_not_involved"][0]
    assert blocker.title == "Could block the work, not involved: Grunneieren"
    assert blocker.facts == "Obstruction capacity 5 of 5."
    assert "elephant in the room" in blocker.why and "Grunneieren" in blocker.why
    assert blocker.actor == presentation.ActorRef(people["landowner"].pk, "Grunneieren")

    voice = codes["silent_voice_not_involved"][0]
    assert voice.title == "A silent voice: Kvinnenettverket"
    assert voice.facts == "Affected 5 of 5, influence 1 of 5."
    assert "silent voices" in voice.why

    sectors = {n.subject: n for n in codes["sector_not_represented"]}
    assert sectors["sector:private"].helpers == (
        presentation.ActorRef(people["landowner"].pk, "Grunneieren"),)
    assert sectors["sector:private"].facts == (
        "1 registered actor of this sector is not involved.")
    assert sectors["sector:research"].helpers == ()
    assert "who could it be" in sectors["sector:research"].facts

    groups = {n.subject: n for n in codes["group_not_reached_by_involved"]}
    immigrants = groups["group:immigrants"]
    assert immigrants.title == "Group not reached by those involved: Immigrants"
    assert [h.name for h in immigrants.helpers] == ["Kvinnenettverket", "Moskeen"]
    district = groups[f"group:district:{people['nordbyen'].pk}"]
    assert district.title.endswith("Residents of Nordbyen")
    assert [h.name for h in district.helpers] == ["Moskeen"]

    nobody = {n.subject: n for n in codes["group_not_reached"]}
    assert "group:elderly" in nobody
    assert nobody["group:elderly"].helpers == ()


def test_the_community_view_names_silent_voices_sectors_and_groups_nobody_covers(
        eksempelvik, people):
    with translation.override("en"):
        found = presentation.nudges_for(eksempelvik)

    assert found.community_view
    codes = by_code(found)
    assert set(codes) == {"silent_voice_not_involved", "sector_not_represented",
                          "group_not_reached"}
    assert {n.subject for n in codes["sector_not_represented"]} == {"sector:voluntary",
                                                                     "sector:research"}


def test_a_long_list_of_helpers_names_the_first_and_counts_the_rest(eksempelvik):
    for i in range(12):
        ActorFactory(municipality=eksempelvik, name=f"Lag {i:02}", kind="voluntary")

    found = presentation.nudges_for(eksempelvik, involved=set())

    voluntary = next(n for n in found.active if n.subject == "sector:voluntary")
    assert len(voluntary.helpers) == presentation.HELPERS_SHOWN
    assert voluntary.more_helpers == 12 - presentation.HELPERS_SHOWN
    assert voluntary.helpers[0].name == "Lag 00"


def test_a_dismissed_nudge_carries_who_when_and_why(eksempelvik, people, mira):
    actions.dismiss_nudge(municipality=eksempelvik, code="silent_voice_not_involved",
                          subject=f"actor:{people['voice'].pk}", reason="Med i styringsgruppa.",
                          user=mira)

    found = presentation.nudges_for(eksempelvik)

    assert "silent_voice_not_involved" not in {n.code for n in found.active}
    [dismissed] = found.dismissed
    assert dismissed.dismissal is not None
    assert (dismissed.dismissal.reason, dismissed.dismissal.dismissed_by) == (
        "Med i styringsgruppa.", mira)
    with translation.override("en"):
        [(dismissal, title)] = presentation.dismissals_with_titles(eksempelvik)
    assert title == "A silent voice: Kvinnenettverket"
    assert dismissal.reason == "Med i styringsgruppa."


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_nudges_speak_norwegian(eksempelvik, people, language):
    with translation.override("en"):
        english = presentation.nudges_for(eksempelvik, involved={people["station"].pk})
    with translation.override(language):
        norwegian = presentation.nudges_for(eksempelvik, involved={people["station"].pk})

    assert len(norwegian.active) == len(english.active)
    for en, no in zip(english.active, norwegian.active, strict=True):
        assert no.title != en.title, no.title
        assert no.why != en.why, no.why
        assert not no.facts or no.facts != en.facts, no.facts
        assert not no.helpers_intro or no.helpers_intro != en.helpers_intro


def test_subject_labels_know_only_the_municipalitys_own(eksempelvik, nabovik, people):
    other = ActorFactory(municipality=nabovik, name="Naboen")
    label = presentation.subject_label

    assert label(eksempelvik, "obstructor_not_involved", f"actor:{people['landowner'].pk}") \
        == "Grunneieren"
    assert label(eksempelvik, "obstructor_not_involved", f"actor:{other.pk}") is None
    assert label(nabovik, "group_not_reached",
                 f"group:district:{people['nordbyen'].pk}") is None
    assert label(eksempelvik, "group_not_reached", "group:district:x") is None
    assert label(eksempelvik, "sector_not_represented", "sector:research") is not None
    assert label(eksempelvik, "unknown", "sector:research") is None
