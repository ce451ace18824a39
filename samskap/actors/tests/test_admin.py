"""The site administrator's pages for the community map open."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from samskap.actors import actions
from samskap.actors.models import Actor, NudgeDismissal, Setting, SettingLink
from samskap.testing.factories import ActorFactory, SettingFactory

pytestmark = pytest.mark.django_db


def test_sam_opens_every_list_and_detail_of_the_community_map(client, sam, eksempelvik, mira):
    actor = ActorFactory(municipality=eksempelvik)
    actor.resources.create(kind="premises", description="Klubbhuset")
    actions.add_contact_person(actor=actor, user=mira, name="Kari", purpose="Invitations",
                               consent_given_at=timezone.now())
    a, b = SettingFactory(municipality=eksempelvik), SettingFactory(municipality=eksempelvik)
    actions.link_actor_to_setting(actor=actor, setting=a, kind="runs", user=mira)
    actions.link_settings(a=a, b=b, user=mira)
    actions.dismiss_nudge(municipality=eksempelvik, code="sector_not_represented",
                          subject="sector:research", reason="No college", user=mira)
    client.force_login(sam)

    for model in (Actor, Setting, SettingLink, NudgeDismissal):
        name = model._meta.model_name
        assert client.get(reverse(f"admin:actors_{name}_changelist")).status_code == 200
        first = model.objects.first()
        assert first is not None
        url = reverse(f"admin:actors_{name}_change", args=[first.pk])
        assert client.get(url).status_code == 200, model
