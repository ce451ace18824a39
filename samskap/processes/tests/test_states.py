"""The rules of a process's states: opening, closing, publication, the audit and the signal."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from samskap.audit.models import AuditEntry
from samskap.processes import actions
from samskap.processes.actions import ProcessError
from samskap.processes.involvement import involved_actor_ids
from samskap.processes.models import AdvisorDecision, Process, StateChange
from samskap.processes.tests import world
from samskap.responses import services
from samskap.responses.signals import process_state_changed
from samskap.testing.factories import ActorFactory

pytestmark = pytest.mark.django_db
State = Process.State


def move(process, user, *states):
    for state in states:
        actions.change_state(process=process, user=user, to_state=state)
        process.refresh_from_db()


def test_a_draft_without_type_or_room_cannot_open(eksempelvik, cycle, per):
    process = world.draft(eksempelvik, cycle, per)
    blockers = actions.blockers(process, State.OPEN)
    assert len(blockers) == 2
    assert "advisor" in blockers[0] and "room for action" in blockers[1]
    with pytest.raises(ProcessError):
        actions.change_state(process=process, user=per, to_state=State.OPEN)
    process.refresh_from_db()
    assert process.state == State.DRAFT and process.published_at is None
    assert not StateChange.objects.exists()


def test_a_room_without_items_is_not_enough(eksempelvik, cycle, per):
    process = world.ready(eksempelvik, cycle, per, decided=0, open_=0)
    assert actions.blockers(process, State.OPEN) == [
        "The room for action must name at least one thing that is decided or open."]


def test_type_alone_or_room_alone_is_not_enough(eksempelvik, cycle, per):
    typed = world.draft(eksempelvik, cycle, per)
    actions.record_advice(process=typed, user=per, answers=world.ANSWERS_EQUAL, chosen="equal")
    assert len(actions.blockers(typed, State.OPEN)) == 1
    roomed = world.draft(eksempelvik, cycle, per)
    world.declare_room(roomed, per)
    assert len(actions.blockers(roomed, State.OPEN)) == 1


def test_opening_publishes_and_is_audited(eksempelvik, cycle, per):
    process = world.ready(eksempelvik, cycle, per)
    heard = []

    def listener(sender, process, old_state, new_state, **kwargs):
        heard.append((process.pk, old_state, new_state))

    process_state_changed.connect(listener)
    try:
        change = actions.change_state(process=process, user=per, to_state=State.OPEN,
                                      note="Nå kan alle si sin mening")
    finally:
        process_state_changed.disconnect(listener)
    process.refresh_from_db()
    assert process.state == State.OPEN and process.is_published
    assert process.published_at is not None
    assert (change.from_state, change.to_state, change.changed_by) == ("draft", "open", per)
    entry = AuditEntry.objects.get(action="processes.change_state")
    assert (entry.before, entry.after, entry.reason) == (
        {"state": "draft"}, {"state": "open"}, "Nå kan alle si sin mening")
    assert heard == [(process.pk, "draft", "open")]
    assert list(Process.objects.published()) == [process]


def test_the_whole_way_and_back(eksempelvik, cycle, per):
    process = world.opened(eksempelvik, cycle, per)
    first_published = process.published_at
    move(process, per, State.ANALYSING, State.OPEN, State.ANALYSING, State.CONCLUDED,
         State.ANALYSING, State.CONCLUDED, State.CLOSED)
    assert process.state == State.CLOSED and process.published_at == first_published
    assert StateChange.objects.filter(process=process).count() == 8
    for state in State.values:
        assert actions.blockers(process, state)


@pytest.mark.parametrize(("start", "to"), [
    ("draft", "analysing"), ("draft", "closed"), ("open", "concluded"), ("open", "closed"),
    ("open", "draft"), ("analysing", "closed"), ("concluded", "open"), ("closed", "open"),
    ("open", "open"), ("open", "nonsense")])
def test_skipping_states_is_refused(eksempelvik, cycle, per, start, to):
    process = world.ready(eksempelvik, cycle, per)
    Process.objects.filter(pk=process.pk).update(state=start, published_at="2026-01-01T00:00Z")
    process.refresh_from_db()
    with pytest.raises(ProcessError):
        actions.change_state(process=process, user=per, to_state=to)


def test_no_close_while_inputs_lack_a_response(eksempelvik, cycle, per, cem):
    process = world.opened(eksempelvik, cycle, per)
    source = ActorFactory(municipality=eksempelvik)
    item = services.register_input(process, source=source, author=cem, text="Mer lys",
                                   kind="other")
    move(process, per, State.ANALYSING, State.CONCLUDED)
    with pytest.raises(ProcessError, match="Some inputs have no response yet"):
        actions.change_state(process=process, user=per, to_state=State.CLOSED)
    process.refresh_from_db()
    assert process.state == State.CONCLUDED
    services.respond([item], user=per, outcome="used", why="Lys kommer i budsjettet.")
    move(process, per, State.CLOSED)
    assert process.state == State.CLOSED


def test_closing_is_refused_on_the_page_too(client, eksempelvik, cycle, per, cem):
    process = world.opened(eksempelvik, cycle, per)
    services.register_input(process, source=ActorFactory(municipality=eksempelvik),
                            author=cem, text="Mer lys", kind="other")
    move(process, per, State.ANALYSING, State.CONCLUDED)
    client.force_login(per)
    url = f"/k/{eksempelvik.number}/processes/manage/{process.pk}/state/closed/"
    assert "Some inputs have no response yet" in client.get(url).content.decode()
    response = client.post(url, {"note": "Ferdig"}, follow=True)
    assert "Some inputs have no response yet" in response.content.decode()
    process.refresh_from_db()
    assert process.state == State.CONCLUDED


def test_a_closed_process_is_frozen(client, eksempelvik, cycle, per):
    process = world.opened(eksempelvik, cycle, per)
    move(process, per, State.ANALYSING, State.CONCLUDED, State.CLOSED)
    client.force_login(per)
    base = f"/k/{eksempelvik.number}/processes/manage/{process.pk}/"
    for path, data in [("edit/", {"title": "Ny"}), ("room/", {"open": "x"}),
                       ("phases/", {"name": "x", "start": "2027-01-01"}),
                       ("groups/", {"groups": ["youth"]})]:
        response = client.post(base + path, data)
        assert response.status_code == 302, path
    process.refresh_from_db()
    assert process.title != "Ny" and not process.phases.exists() and process.groups == []


def test_advice_needs_a_reason_to_differ(eksempelvik, cycle, per):
    process = world.draft(eksempelvik, cycle, per)
    from django.core.exceptions import ValidationError
    with pytest.raises(ValidationError):
        actions.record_advice(process=process, user=per, answers=world.ANSWERS_EQUAL,
                              chosen="steered")
    with pytest.raises(IntegrityError), transaction.atomic():
        AdvisorDecision.objects.create(process=process, answers={}, recommended="equal",
                                       chosen="steered", reason="")
    little_room = {**world.ANSWERS_EQUAL, "authority": "yes"}
    with pytest.raises(ValidationError):
        actions.record_advice(process=process, user=per, answers=little_room, chosen="equal")
    decision = actions.record_advice(process=process, user=per, answers=little_room,
                                     chosen="steered", reason="Bare informasjon")
    assert decision.recommended == "" and decision.overridden


def test_involved_actor_ids(eksempelvik, nabovik, cycle, other_cycle, per, olav):
    draft = world.draft(eksempelvik, cycle, per)
    running = world.opened(eksempelvik, cycle, per)
    closed = world.opened(eksempelvik, cycle, per)
    a, b, c = (ActorFactory(municipality=eksempelvik) for _ in range(3))
    for process, actor in ((draft, a), (running, b), (closed, c)):
        actions.invite_actor(process=process, user=per, actor=actor, role="participant")
    move(closed, per, State.ANALYSING, State.CONCLUDED, State.CLOSED)
    elsewhere = world.opened(nabovik, other_cycle, olav)
    actions.invite_actor(process=elsewhere, user=olav,
                         actor=ActorFactory(municipality=nabovik), role="participant")
    assert involved_actor_ids(eksempelvik) == {b.pk}
    assert involved_actor_ids(eksempelvik, draft) == {a.pk}
    assert involved_actor_ids(eksempelvik, closed) == {c.pk}
    assert involved_actor_ids(eksempelvik, elsewhere) == set()
    cycle.status = "closed"
    cycle.save()
    assert involved_actor_ids(eksempelvik) == set()


def test_actions_refuse_another_municipalitys_objects(eksempelvik, nabovik, cycle, per):
    process = world.draft(eksempelvik, cycle, per)
    with pytest.raises(ValueError):
        actions.invite_actor(process=process, user=per,
                             actor=ActorFactory(municipality=nabovik), role="participant")
    with pytest.raises(ValueError):
        actions.save_process(municipality=nabovik, user=per, data={}, process=process)
