"""From rows to network metrics and "who is missing" nudges, in a fixed number of queries."""

from __future__ import annotations

import pytest

from samskap.actors import actions, analysis_glue
from samskap.analysis.nudges import NudgeCode
from samskap.testing.factories import ActorFactory, DistrictFactory, SettingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(eksempelvik, mira):
    """A school and a sports club joined by the health station; a library nobody uses."""
    sentrum = DistrictFactory(municipality=eksempelvik, name="Sentrum")
    station = ActorFactory(municipality=eksempelvik, name="Helsestasjonen",
                           kind="municipal_unit", groups_reached=["families_with_children"])
    club = ActorFactory(municipality=eksempelvik, name="Idrettslaget", kind="voluntary",
                        groups_reached=["youth", f"district:{sentrum.pk}"])
    shop = ActorFactory(municipality=eksempelvik, name="Butikken", kind="business")
    network = ActorFactory(municipality=eksempelvik, name="Kvinnenettverket",
                           kind="citizen_group", affected=5, influence=1,
                           groups_reached=["immigrants"])
    landowner = ActorFactory(municipality=eksempelvik, name="Grunneieren", kind="business",
                             obstruction=5)
    school = SettingFactory(municipality=eksempelvik, name="Skolen", district=sentrum)
    field = SettingFactory(municipality=eksempelvik, name="Idrettsbanen", kind="sports_club")
    library = SettingFactory(municipality=eksempelvik, name="Biblioteket", kind="library")
    for actor, setting in [(station, school), (station, field), (club, field), (shop, school),
                           (network, school)]:
        actions.link_actor_to_setting(actor=actor, setting=setting, kind="present", user=mira)
    return {"station": station, "club": club, "shop": shop, "network": network,
            "landowner": landowner, "library": library}


def test_the_health_station_bridges_sectors_and_the_library_stands_alone(
        eksempelvik, community, django_assert_num_queries):
    with django_assert_num_queries(4):
        metrics = analysis_glue.metrics(eksempelvik)

    assert metrics.exact
    assert [b.actor for b in metrics.bridges] == [community["station"].pk]
    assert metrics.bridges[0].sectors == ("civil", "private", "public", "voluntary")
    assert community["library"].pk in metrics.standalone_settings


def test_the_map_names_the_silent_voices_and_missing_sectors(
        eksempelvik, community, django_assert_num_queries):
    with django_assert_num_queries(3):
        found = analysis_glue.who_is_missing(eksempelvik)

    keys = {n.key for n in found.active}
    assert ("silent_voice_not_involved", f"actor:{community['network'].pk}") in keys
    assert ("sector_not_represented", "sector:research") in keys
    assert ("group_not_reached", "group:elderly") in keys
    assert ("group_not_reached", "group:youth") not in keys


def test_for_a_piece_of_work_the_landowner_who_could_block_it_is_missing(eksempelvik,
                                                                        community):
    found = analysis_glue.who_is_missing(eksempelvik, involved={community["station"].pk})

    assert (NudgeCode.OBSTRUCTOR_NOT_INVOLVED, f"actor:{community['landowner'].pk}") in {
        (n.code, n.subject) for n in found.active}


def test_a_dismissed_nudge_stays_dismissed(eksempelvik, community, mira):
    actions.dismiss_nudge(municipality=eksempelvik, code="sector_not_represented",
                          subject="sector:research", reason="No college nearby", user=mira)

    found = analysis_glue.who_is_missing(eksempelvik)

    assert ("sector_not_represented", "sector:research") in {n.key for n in found.dismissed}
    assert ("sector_not_represented", "sector:research") not in {n.key for n in found.active}
