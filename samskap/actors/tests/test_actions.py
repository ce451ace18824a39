"""Writes to the community map are validated, atomic and audited."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samskap.actors import actions
from samskap.actors.models import ActorSettingLink, ContactPerson, NudgeDismissal, SettingLink
from samskap.audit.models import AuditEntry
from samskap.testing.factories import ActorFactory, SettingFactory

pytestmark = pytest.mark.django_db


def test_mira_registers_an_actor_with_its_resources_and_it_is_logged(eksempelvik, mira):
    actor = actions.save_actor(
        municipality=eksempelvik, user=mira,
        data={"name": "Frivilligsentralen", "kind": "voluntary", "org_number": "974 760 673",
              "influence": 3, "groups_reached": ["elderly"]},
        resources=[{"kind": "volunteers", "amount": "40 people"}])

    assert actor.org_number == "974760673"
    assert [r.kind for r in actor.resources.all()] == ["volunteers"]
    entry = AuditEntry.objects.get(action="actors.create_actor")
    assert entry.actor == mira
    assert entry.after["name"] == "Frivilligsentralen"
    assert entry.after["resources"] == [["volunteers", "", "40 people"]]


def test_a_change_logs_before_and_after(eksempelvik, mira):
    actor = ActorFactory(municipality=eksempelvik, name="Idrettslaget", influence=2)

    actions.save_actor(municipality=eksempelvik, user=mira, actor=actor, data={"influence": 4})

    entry = AuditEntry.objects.get(action="actors.change_actor")
    assert (entry.before["influence"], entry.after["influence"]) == (2, 4)


def test_a_bad_org_number_is_refused_and_nothing_is_written(eksempelvik, mira):
    with pytest.raises(ValidationError):
        actions.save_actor(municipality=eksempelvik, user=mira,
                           data={"name": "Lag", "kind": "voluntary", "org_number": "123456789"})
    assert not AuditEntry.objects.exists()


def test_an_org_number_the_municipality_has_already_is_refused(eksempelvik, mira):
    ActorFactory(municipality=eksempelvik, org_number="974760673")
    with pytest.raises(ValidationError):
        actions.save_actor(municipality=eksempelvik, user=mira,
                           data={"name": "Lag", "kind": "voluntary", "org_number": "974760673"})


def test_removing_a_contact_person_leaves_no_personal_data_in_the_log(eksempelvik, mira):
    actor = ActorFactory(municipality=eksempelvik)
    person = actions.add_contact_person(
        actor=actor, user=mira, name="Kari Nordmann", email="kari@lag.example",
        phone="+47 912 34 567", purpose="Invitations to workshops",
        consent_given_at=timezone.now())

    actions.remove_contact_person(person=person, user=mira, reason="asked to be removed")

    assert not ContactPerson.objects.exists()
    log = json.dumps([[e.object_repr, e.before, e.after, e.reason]
                      for e in AuditEntry.objects.all()])
    for personal in ("Kari", "Nordmann", "kari@lag.example", "912"):
        assert personal not in log
    assert AuditEntry.objects.filter(action="actors.remove_contact_person").exists()


def test_a_contact_person_without_purpose_is_refused(eksempelvik, mira):
    actor = ActorFactory(municipality=eksempelvik)
    with pytest.raises(ValidationError):
        actions.add_contact_person(actor=actor, user=mira, name="Kari", purpose="",
                                   consent_given_at=timezone.now())


def test_linking_an_actor_to_a_setting_is_logged_once(eksempelvik, mira):
    actor, setting = ActorFactory(municipality=eksempelvik), SettingFactory(
        municipality=eksempelvik)

    actions.link_actor_to_setting(actor=actor, setting=setting, kind="runs", user=mira)
    actions.link_actor_to_setting(actor=actor, setting=setting, kind="runs", user=mira)

    assert ActorSettingLink.objects.count() == 1
    assert AuditEntry.objects.filter(action="actors.link_actor_to_setting").count() == 1


def test_an_actor_cannot_be_linked_to_another_municipalitys_setting(eksempelvik, nabovik, mira):
    with pytest.raises(ValidationError):
        actions.link_actor_to_setting(actor=ActorFactory(municipality=eksempelvik),
                                      setting=SettingFactory(municipality=nabovik),
                                      kind="present", user=mira)


def test_setting_links_are_one_per_pair_whichever_way_round(eksempelvik, mira):
    a, b = SettingFactory(municipality=eksempelvik), SettingFactory(municipality=eksempelvik)

    first = actions.link_settings(a=b, b=a, user=mira, description="Shared summer camp")
    again = actions.link_settings(a=a, b=b, user=mira)

    assert first == again
    assert (first.setting_a, first.setting_b) == (a, b)
    assert SettingLink.objects.count() == 1
    with pytest.raises(ValidationError):
        actions.link_settings(a=a, b=a, user=mira)


def test_dismissing_a_nudge_needs_a_reason_which_is_logged(eksempelvik, mira):
    with pytest.raises(ValidationError):
        actions.dismiss_nudge(municipality=eksempelvik, code="sector_not_represented",
                              subject="sector:research", reason="  ", user=mira)

    actions.dismiss_nudge(municipality=eksempelvik, code="sector_not_represented",
                          subject="sector:research", reason="No college nearby", user=mira)

    dismissal = NudgeDismissal.objects.get()
    assert dismissal.dismissed_by == mira
    entry = AuditEntry.objects.get(action="actors.dismiss_nudge")
    assert entry.reason == "No college nearby"
