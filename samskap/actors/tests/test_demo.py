"""The Eksempelvik community of the demo: every kind, five districts, the silent voices."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from samskap.actors import analysis_glue
from samskap.actors.models import Actor, ActorSettingLink, Kind, Setting, SettingLink
from samskap.analysis.nudges import NudgeCode
from samskap.audit.models import AuditEntry
from samskap.core.demo import DEMO_NUMBER
from samskap.municipalities.models import Municipality

pytestmark = pytest.mark.django_db

NAMED = ("Eksempelvik frivilligsentral", "Nordbyen idrettslag", "Eksempelvik næringsforening",
         "Kvinnenettverket i Nordbyen", "Fjellgrenda grunneierlag", "Ungdomsrådet", "Eldrerådet",
         "Rådet for personer med funksjonsnedsettelse", "Eksempelvik videregående skole",
         "Helsestasjonen")


class _Null:
    def write(self, *args: object) -> None:
        pass


@pytest.fixture
def demo(settings) -> Municipality:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", stdout=_Null())
    return Municipality.objects.get(number=DEMO_NUMBER)


def test_the_demo_community_has_every_kind_and_the_names_others_rely_on(demo):
    actors = Actor.objects.of(demo)
    assert 38 <= actors.count() <= 45
    assert set(actors.values_list("kind", flat=True)) == set(Kind.values)
    assert set(NAMED) <= set(actors.values_list("name", flat=True))
    settings = Setting.objects.filter(municipality=demo)
    assert settings.count() == 25
    assert set(settings.values_list("district__name", flat=True)) == {
        "Sentrum", "Nordbyen", "Sjøsida", "Fjellgrenda", "Austmarka"}
    assert SettingLink.objects.filter(setting_a__municipality=demo).count() >= 10
    assert ActorSettingLink.objects.filter(setting__municipality=demo).count() >= 60


def test_frida_represents_the_volunteer_centre(demo):
    centre = Actor.objects.of(demo).get(name="Eksempelvik frivilligsentral")
    assert list(centre.representatives.values_list("email", flat=True)) == [
        "frida@frivillig.example"]


def test_the_silent_voices_and_the_landowners_are_linked_to_nothing(demo):
    network = Actor.objects.of(demo).get(name="Kvinnenettverket i Nordbyen")
    assert (network.affected, network.influence) == (5, 1)
    assert {"immigrants", "women"} <= set(network.groups_reached)
    landowners = Actor.objects.of(demo).get(name="Fjellgrenda grunneierlag")
    assert landowners.obstruction == 5
    assert not ActorSettingLink.objects.filter(actor__in=[network, landowners]).exists()
    nudges = analysis_glue.who_is_missing(demo)
    silent = [n for n in nudges.active if n.code == NudgeCode.SILENT_VOICE_NOT_INVOLVED]
    assert f"actor:{network.pk}" in {n.subject for n in silent}
    obstructors = analysis_glue.who_is_missing(demo, involved=[]).active
    assert any(n.code == NudgeCode.OBSTRUCTOR_NOT_INVOLVED
               and n.subject == f"actor:{landowners.pk}" for n in obstructors)


def test_loading_the_demo_again_changes_nothing(demo):
    counts = (Actor.objects.count(), Setting.objects.count(), ActorSettingLink.objects.count(),
              SettingLink.objects.count(), AuditEntry.objects.count())
    call_command("demo", stdout=_Null())
    assert counts == (Actor.objects.count(), Setting.objects.count(),
                      ActorSettingLink.objects.count(), SettingLink.objects.count(),
                      AuditEntry.objects.count())
