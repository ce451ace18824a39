"""The pages: public list, page and feed; the staff pages and their forms."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samskap.actors.models import Actor, Group, Kind
from samskap.audit.models import AuditEntry
from samskap.processes.models import AdvisorDecision, Phase, Process, RoomItem
from samskap.processes.tests import world
from samskap.testing.factories import LocalKnowledgeFactory

pytestmark = pytest.mark.django_db


def url(name, municipality, **kwargs):
    return reverse(f"processes:{name}", kwargs={"number": municipality.number, **kwargs})


def test_public_list_shows_published_processes_only(client, eksempelvik, cycle, per):
    hidden = world.draft(eksempelvik, cycle, per, title="Et utkast")
    shown = world.opened(eksempelvik, cycle, per)
    page = client.get(url("public_list", eksempelvik)).content.decode()
    assert shown.title in page and hidden.title not in page


def test_public_page_shows_room_type_and_timeline(client, eksempelvik, cycle, per):
    process = world.opened(eksempelvik, cycle, per)
    Phase.objects.create(process=process, name="Innspill", start="2027-01-10")
    response = client.get(process.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    room = page.index("The room for action")
    assert room < page.index("What the process is for")
    assert "Vedtatt 0" in page and "Åpent 1" in page and "Kommunestyret" in page
    assert "Equal co-creation" in page and "job creation" in page
    assert "Innspill" in page


def test_a_draft_is_hidden_from_the_public(client, eksempelvik, cycle, per, cem):
    process = world.draft(eksempelvik, cycle, per)
    assert client.get(process.get_absolute_url()).status_code == 404
    client.force_login(cem)
    assert client.get(process.get_absolute_url()).status_code == 404
    client.force_login(per)
    assert "only the municipality's members" in client.get(
        process.get_absolute_url()).content.decode()


def test_another_municipality_cannot_reach_the_process(client, eksempelvik, nabovik, cycle,
                                                        per, olav):
    process = world.opened(eksempelvik, cycle, per)
    wrong = reverse("processes:public_detail", kwargs={"number": nabovik.number,
                                                       "pk": process.pk})
    assert client.get(wrong).status_code == 404
    client.force_login(olav)
    assert client.get(url("manage", eksempelvik, pk=process.pk)).status_code == 404
    assert client.get(reverse("processes:manage", kwargs={
        "number": nabovik.number, "pk": process.pk})).status_code == 404


def test_feed_lists_state_changes_of_published_processes(client, eksempelvik, nabovik,
                                                         cycle, other_cycle, per, olav):
    process = world.opened(eksempelvik, cycle, per)
    world.draft(eksempelvik, cycle, per, title="Hemmelig utkast")
    elsewhere = world.opened(nabovik, other_cycle, olav)
    Process.objects.filter(pk=elsewhere.pk).update(title="Nabovik sin prosess")
    response = client.get(url("feed", eksempelvik))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert process.title in body and process.get_absolute_url() in body
    assert "Hemmelig utkast" not in body and "Nabovik sin prosess" not in body


def test_create_and_edit(client, eksempelvik, cycle, per):
    client.force_login(per)
    assert client.get(url("create", eksempelvik)).status_code == 200
    response = client.post(url("create", eksempelvik), {"title": ""})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    response = client.post(url("create", eksempelvik), {
        "title": "Ny prosess", "cycle": cycle.pk, "step": 3, "purpose": "Hvorfor",
        "authority_role": "service_delivery"})
    process = Process.objects.get(title="Ny prosess")
    assert response.url == process.get_staff_url()
    assert process.state == Process.State.DRAFT and process.created_by == per
    assert AuditEntry.objects.filter(action="processes.create").count() == 1
    response = client.post(url("edit", eksempelvik, pk=process.pk), {
        "title": "Nytt navn", "cycle": cycle.pk, "step": 3, "purpose": "Hvorfor",
        "authority_role": "service_delivery"})
    process.refresh_from_db()
    assert process.title == "Nytt navn"
    page = client.get(process.get_staff_url()).content.decode()
    assert "Nytt navn" in page


def test_step_out_of_range_is_a_field_error(client, eksempelvik, cycle, per):
    client.force_login(per)
    response = client.post(url("create", eksempelvik), {
        "title": "X", "cycle": cycle.pk, "step": 9, "purpose": "Y",
        "authority_role": "service_delivery"})
    assert response.status_code == 200
    assert response.context["form"].errors["step"]


def test_advisor_walks_three_steps_and_records_the_choice(client, eksempelvik, cycle, per):
    process = world.draft(eksempelvik, cycle, per)
    client.force_login(per)
    advisor = url("advisor", eksempelvik, pk=process.pk)
    page = client.get(advisor).content.decode()
    assert "Is the task statutory" in page
    response = client.post(advisor, {"step": 0, "statutory": "yes"})
    assert response.context["step"] == 0 and response.context["form"].errors["authority"]
    response = client.post(advisor, {"step": 0, "statutory": "yes", "authority": "no"})
    assert response.context["step"] == 1
    answers = {"statutory": "yes", "authority": "no", "outcome": "open", "lead": "external"}
    response = client.post(advisor, {"step": 1, **answers})
    assert response.context["step"] == 2
    answers["situation"] = "new_services"
    response = client.post(advisor, {"step": 2, **answers})
    page = response.content.decode()
    assert "Recommended: Facilitating co-creation" in page
    assert "initiatives from residents" in page
    # Another type without a reason: a field error, nothing stored.
    response = client.post(advisor, {"step": 3, **answers, "chosen": "steered"})
    assert response.context["choice"].errors["reason"]
    assert not AdvisorDecision.objects.exists()
    response = client.post(advisor, {"step": 3, **answers, "chosen": "steered",
                                     "reason": "Loven styrer."})
    assert response.status_code == 302
    decision = AdvisorDecision.objects.get()
    assert (decision.recommended, decision.chosen, decision.reason) == (
        "facilitating", "steered", "Loven styrer.")
    assert decision.answers == answers
    process.refresh_from_db()
    assert process.cocreation_type == "steered"
    # A second pass keeps the history.
    client.post(advisor, {"step": 3, **answers, "chosen": "facilitating"})
    assert list(process.advisor_decisions.values_list("chosen", flat=True)) == [
        "facilitating", "steered"]


def test_advisor_refuses_tampered_hidden_answers(client, eksempelvik, cycle, per):
    process = world.draft(eksempelvik, cycle, per)
    client.force_login(per)
    advisor = url("advisor", eksempelvik, pk=process.pk)
    response = client.post(advisor, {"step": 2, "statutory": "perhaps", "authority": "no",
                                     "outcome": "open", "lead": "external",
                                     "situation": "none"})
    assert response.context["step"] == 0
    response = client.post(advisor, {"step": 3, "chosen": "equal", "reason": "x"})
    assert response.status_code == 200 and not AdvisorDecision.objects.exists()
    response = client.post(advisor, {"step": "x"})
    assert response.status_code == 200


def test_room_for_action_form(client, eksempelvik, cycle, per):
    process = world.draft(eksempelvik, cycle, per)
    client.force_login(per)
    room = url("room", eksempelvik, pk=process.pk)
    assert client.get(room).status_code == 200
    response = client.post(room, {"can_promise": "x"})
    errors = response.context["form"].errors
    assert {"open", "cannot_promise", "final_decision_by", "final_decision_when"} <= set(errors)
    response = client.post(room, {
        "law": "Folkehelseloven § 4\n", "budget": "Rammen er 2 mill.\n\n", "open": "Hvor\nNår",
        "can_promise": "Svar", "cannot_promise": "Penger", "final_decision_by": "Kommunestyret",
        "final_decision_when": "juni", "equality": "on"})
    assert response.status_code == 302
    items = list(process.room_items.values_list("kind", "decided_by", "text"))
    assert sorted(items) == sorted([
        ("decided", "law", "Folkehelseloven § 4"), ("decided", "budget", "Rammen er 2 mill."),
        ("open", "", "Hvor"), ("open", "", "Når")])
    assert process.room_for_action.equality and not process.room_for_action.transparency
    # The form shows what was declared, and saving again replaces the items.
    assert "Folkehelseloven § 4" in client.get(room).content.decode()
    client.post(room, {"open": "Bare dette", "can_promise": "a", "cannot_promise": "b",
                       "final_decision_by": "c", "final_decision_when": "d"})
    assert list(process.room_items.values_list("text", flat=True)) == ["Bare dette"]
    assert RoomItem.objects.count() == 1


def test_invite_actors_and_groups_with_nudges(client, eksempelvik, cycle, per):
    process = world.draft(eksempelvik, cycle, per)
    youth = Actor.objects.create(municipality=eksempelvik, name="Ungdomsrådet",
                                 kind=Kind.COUNCIL, affected=5, influence=1,
                                 groups_reached=[Group.YOUTH])
    client.force_login(per)
    invite = url("invite", eksempelvik, pk=process.pk)
    page = client.get(invite).content.decode()
    assert "A silent voice: Ungdomsrådet" in page
    response = client.post(invite, {"actor": youth.pk, "role": "co_organiser", "notes": "Leder"})
    assert response.status_code == 302
    assert process.invitations.get().role == "co_organiser"
    page = client.get(invite).content.decode()
    assert "A silent voice: Ungdomsrådet" not in page
    client.post(url("groups", eksempelvik, pk=process.pk), {"groups": ["youth", "elderly"]})
    process.refresh_from_db()
    assert process.groups == ["youth", "elderly"]
    response = client.post(url("groups", eksempelvik, pk=process.pk), {"groups": ["aliens"]})
    assert response.status_code == 200 and response.context["groups_form"].errors
    invitation = process.invitations.get()
    client.post(url("uninvite", eksempelvik, pk=process.pk, invitation=invitation.pk))
    assert not process.invitations.exists()


def test_other_municipalitys_actor_cannot_be_invited(client, eksempelvik, nabovik, cycle, per):
    process = world.draft(eksempelvik, cycle, per)
    foreign = Actor.objects.create(municipality=nabovik, name="Fremmed", kind=Kind.BUSINESS)
    client.force_login(per)
    response = client.post(url("invite", eksempelvik, pk=process.pk),
                           {"actor": foreign.pk, "role": "participant"})
    assert response.status_code == 200 and response.context["form"].errors["actor"]


def test_phases(client, eksempelvik, cycle, per):
    process = world.draft(eksempelvik, cycle, per)
    client.force_login(per)
    phases = url("phases", eksempelvik, pk=process.pk)
    response = client.post(phases, {"name": "Feil", "start": "2027-02-01", "end": "2027-01-01"})
    assert response.context["form"].errors["end"]
    response = client.post(phases, {"name": "Innspill", "start": "2027-01-01",
                                    "end": "2027-02-01"})
    assert response.status_code == 302
    phase = process.phases.get()
    assert "Innspill" in client.get(phases).content.decode()
    client.post(url("phase_delete", eksempelvik, pk=process.pk, phase=phase.pk))
    assert not process.phases.exists()


def test_link_local_knowledge(client, eksempelvik, cycle, per, cem):
    process = world.opened(eksempelvik, cycle, per)
    item = LocalKnowledgeFactory(municipality=eksempelvik, author=cem, status="published",
                                 title="Mørk undergang")
    client.force_login(per)
    activities = url("activities", eksempelvik, pk=process.pk)
    assert "Mørk undergang" in client.get(activities).content.decode()
    client.post(activities, {"local_knowledge": [item.pk]})
    assert list(process.local_knowledge.all()) == [item]
    client.logout()
    assert "Mørk undergang" in client.get(process.get_absolute_url()).content.decode()


def test_dashboard_lists_running_processes_with_their_warnings(client, eksempelvik, cycle,
                                                               per, siri, cem):
    sham = world.opened(eksempelvik, cycle, per, cocreation_type="facilitating", decided=4,
                        open_=0)
    world.draft(eksempelvik, cycle, per, title="Et utkast")
    dashboard = reverse("municipalities:dashboard", kwargs={"number": eksempelvik.number})
    client.force_login(siri)
    page = client.get(dashboard).content.decode()
    assert sham.title in page and sham.get_staff_url() in page
    assert "warnings</strong>" in page or "warning</strong>" in page
    assert "1 process is a draft." in page


def test_pages_take_a_fixed_number_of_queries(client, eksempelvik, cycle, per):
    """The public page, the staff page and the invitation page ask the database as often
    with 4 invited actors as with 24 (nudges, names and invitations in bulk)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samskap.processes import actions

    process = world.opened(eksempelvik, cycle, per)
    client.force_login(per)
    pages = [process.get_absolute_url(), process.get_staff_url(),
             url("invite", eksempelvik, pk=process.pk)]

    def invite(count):
        for i in range(count):
            actor = Actor.objects.create(municipality=eksempelvik, name=f"Lag {i}",
                                         kind=Kind.VOLUNTARY, affected=5, influence=1,
                                         groups_reached=[Group.YOUTH])
            actions.invite_actor(process=process, user=per, actor=actor, role="participant")
            Actor.objects.create(municipality=eksempelvik, name=f"Ikke invitert {i}",
                                 kind=Kind.BUSINESS, obstruction=5)

    def counts():
        found = []
        for page in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page).status_code == 200
            found.append(len(queries))
        return found

    invite(4)
    few = counts()
    invite(20)
    assert counts() == few
