"""Tenant isolation: Eksempelvik's process under Nabovik's URLs is not found, for Nabovik's
coordinator and for a site admin alike, and nothing changes; the step pages list only
published processes of their own cycle."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samskap.actors.models import Actor, Kind
from samskap.processes import actions
from samskap.processes.models import Phase, Process
from samskap.processes.tests import world

pytestmark = pytest.mark.django_db

PROCESS_URLS = ("public_detail", "manage", "edit", "advisor", "room", "invite", "groups",
                "phases", "activities")


def snapshot():
    return (sorted(Process.objects.values_list("pk", "title", "state", "groups",
                                               "cocreation_type")),
            Phase.objects.count(), sorted(actions.ProcessActor.objects.values_list("pk")))


@pytest.mark.parametrize("role", ["olav", "sam"])
def test_eksempelvik_ids_under_nabovik_urls_are_not_found(client, role, request, eksempelvik,
                                                          nabovik, cycle, per):
    process = world.opened(eksempelvik, cycle, per)
    actor = Actor.objects.create(municipality=eksempelvik, name="Ungdomsrådet",
                                 kind=Kind.COUNCIL)
    invitation = actions.invite_actor(process=process, user=per, actor=actor,
                                      role="participant")
    phase = Phase.objects.create(process=process, name="Innspill", start="2027-01-01")
    client.force_login(request.getfixturevalue(role))
    n = nabovik.number
    urls = [reverse(f"processes:{name}", kwargs={"number": n, "pk": process.pk})
            for name in PROCESS_URLS]
    urls += [
        reverse("processes:uninvite", kwargs={"number": n, "pk": process.pk,
                                              "invitation": invitation.pk}),
        reverse("processes:phase_delete", kwargs={"number": n, "pk": process.pk,
                                                  "phase": phase.pk}),
        reverse("processes:change_state", kwargs={"number": n, "pk": process.pk,
                                                  "to": "analysing"}),
    ]
    before = snapshot()
    for url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"title": "X", "groups": ["youth"],
                                                     "acknowledge": "on"})
            assert response.status_code in (404, 405), f"{method} {url}: {response.status_code}"
    assert snapshot() == before


def test_another_municipalitys_objects_under_the_right_process_are_not_found(
        client, eksempelvik, nabovik, cycle, other_cycle, per, olav):
    mine = world.draft(eksempelvik, cycle, per)
    theirs = world.draft(nabovik, other_cycle, olav)
    phase = Phase.objects.create(process=theirs, name="Deira", start="2027-01-01")
    client.force_login(per)
    url = reverse("processes:phase_delete", kwargs={"number": eksempelvik.number,
                                                    "pk": mine.pk, "phase": phase.pk})
    assert client.post(url).status_code == 404
    assert Phase.objects.filter(pk=phase.pk).exists()


def test_a_cycle_of_another_municipality_is_a_field_error(client, eksempelvik, cycle,
                                                          other_cycle, per):
    client.force_login(per)
    response = client.post(reverse("processes:create", kwargs={"number": eksempelvik.number}), {
        "title": "X", "cycle": other_cycle.pk, "step": 2, "purpose": "Y",
        "authority_role": "service_delivery"})
    assert response.status_code == 200 and response.context["form"].errors["cycle"]
    assert not Process.objects.exists()


def test_the_step_page_lists_published_processes_of_its_step(client, eksempelvik, cycle, per):
    shown = world.opened(eksempelvik, cycle, per)  # step 2
    hidden = world.draft(eksempelvik, cycle, per, title="Et hemmelig utkast")
    other_step = world.draft(eksempelvik, cycle, per, title="Steg fire", step=4)
    page = client.get(cycle.step(2).get_absolute_url()).content.decode()
    assert "Co-creation processes" in page
    assert shown.title in page and shown.get_absolute_url() in page
    assert hidden.title not in page and other_step.title not in page
    assert "Equal co-creation" in page
