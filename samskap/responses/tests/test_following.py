"""Following a process (consent to e-mail), withdrawing, and who gets mail and who does not."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from samskap.processes.models import Process
from samskap.responses import actions, services, signals
from samskap.responses.models import Follow, Outcome
from samskap.responses.notify import notify_state_change
from samskap.responses.tests.conftest import give_input, make_process

pytestmark = pytest.mark.usefixtures("mail_now")


def follow_url(process: Process) -> str:
    return reverse("responses:follow", args=[process.municipality.number, process.pk])


def unfollow_url(process: Process) -> str:
    return reverse("responses:unfollow", args=[process.municipality.number, process.pk])


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def change_state(process: Process, old: str, new: str, capture) -> None:  # type: ignore[no-untyped-def]
    with capture(execute=True):
        Process.objects.filter(pk=process.pk).update(state=new)
        signals.process_state_changed.send(sender=Process, process=process, old_state=old,
                                           new_state=new)


def test_following_needs_the_consent_box_ticked(client, process, cem):
    client.force_login(cem)

    response = client.post(follow_url(process), {})

    assert "consent" in response.context["form"].errors
    assert not Follow.objects.exists()


def test_following_records_the_consent_with_its_time(client, process, cem):
    client.force_login(cem)

    response = client.post(follow_url(process), {"consent": "on"})

    assert response.status_code == 302
    follow = Follow.objects.get()
    assert (follow.user, follow.process, follow.withdrawn_at) == (cem, process, None)
    assert follow.consented_at is not None


def test_an_anonymous_visitor_is_sent_to_log_in(client, process):
    response = client.post(follow_url(process), {"consent": "on"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Follow.objects.exists()


def test_a_draft_process_cannot_be_followed_or_seen(client, cycle, cem):
    draft = make_process(cycle, state=Process.State.DRAFT)
    client.force_login(cem)

    assert client.post(follow_url(draft), {"consent": "on"}).status_code == 404
    assert not Follow.objects.exists()


def test_withdrawing_keeps_the_record_and_following_again_consents_anew(client, process, cem):
    client.force_login(cem)
    client.post(follow_url(process), {"consent": "on"})
    first = Follow.objects.get().consented_at

    client.post(unfollow_url(process))
    withdrawn = Follow.objects.get()
    client.post(follow_url(process), {"consent": "on"})
    again = Follow.objects.get()

    assert withdrawn.withdrawn_at is not None and withdrawn.consented_at == first
    assert again.withdrawn_at is None and again.consented_at > first


def test_a_state_change_mails_the_followers_and_nobody_else(process, cem, frida, per,
                                                            django_capture_on_commit_callbacks):
    actions.follow(process, cem)
    actions.follow(process, frida)
    actions.unfollow(process, frida)
    give_input(process, per, "Per sitt innspill")  # an author who does not follow

    change_state(process, "open", "analysing", django_capture_on_commit_callbacks)

    assert recipients() == ["cem@innbygger.example"]
    message = mail.outbox[0]
    assert process.title in message.subject
    assert follow_url(process) in message.body
    assert "frida" not in message.body


def test_the_mail_speaks_the_followers_language(process, cem,
                                                django_capture_on_commit_callbacks):
    cem.language = "en"
    cem.save(update_fields=["language"])
    actions.follow(process, cem)

    change_state(process, "open", "concluded", django_capture_on_commit_callbacks)

    assert "has changed from “Open” to “Concluded”" in mail.outbox[0].body


def test_nothing_is_sent_when_the_change_is_rolled_back(process, cem):
    actions.follow(process, cem)

    notify_state_change(process, "open", "analysing")  # no commit in this test's transaction

    assert mail.outbox == []


def test_an_answer_mails_its_author_only_if_they_follow(process, cem, frida, siri, per,
                                                        django_capture_on_commit_callbacks):
    actions.follow(process, cem)
    actions.follow(process, siri)  # follows, but gave no input
    inputs = [give_input(process, cem, "Benker"), give_input(process, frida, "Lys")]

    with django_capture_on_commit_callbacks(execute=True):
        services.respond(inputs, user=per, outcome=Outcome.USED, why="Tatt med i planen.",
                         theme="Uterom")

    assert recipients() == ["cem@innbygger.example"]
    assert "Tatt med i planen." in mail.outbox[0].body
    assert "Benker" in mail.outbox[0].body


def test_no_answer_mail_after_the_consent_is_withdrawn(process, cem, per,
                                                      django_capture_on_commit_callbacks):
    actions.follow(process, cem)
    item = give_input(process, cem, "Benker")
    actions.unfollow(process, cem)

    with django_capture_on_commit_callbacks(execute=True):
        services.respond([item], user=per, outcome=Outcome.NOT_USED, why="Utenfor budsjettet.")
    with django_capture_on_commit_callbacks(execute=True):
        notify_state_change(process, "open", "closed")

    assert mail.outbox == []


def test_each_follower_gets_a_message_of_their_own(process, cem, frida,
                                                   django_capture_on_commit_callbacks):
    actions.follow(process, cem)
    actions.follow(process, frida)

    change_state(process, "open", "analysing", django_capture_on_commit_callbacks)

    assert sorted(len(message.to) for message in mail.outbox) == [1, 1]
    assert recipients() == ["cem@innbygger.example", "frida@frivillig.example"]
    assert all(not message.cc and not message.bcc for message in mail.outbox)


def test_an_inactive_account_gets_no_mail(process, cem, django_capture_on_commit_callbacks):
    actions.follow(process, cem)
    cem.is_active = False
    cem.save(update_fields=["is_active"])

    change_state(process, "open", "analysing", django_capture_on_commit_callbacks)

    assert mail.outbox == []


def test_a_link_on_this_site_is_a_full_address_in_the_mail(process, cem, per, settings,
                                                           django_capture_on_commit_callbacks):
    settings.SAMSKAP_BASE_URL = "https://samskap.example"
    actions.follow(process, cem)
    item = give_input(process, cem, "Benker")

    with django_capture_on_commit_callbacks(execute=True):
        services.respond([item], user=per, outcome=Outcome.USED, why="Med.",
                         link_title="Prioritering 2", link_url="/k/9999/cycles/")

    assert "Prioritering 2 https://samskap.example/k/9999/cycles/" in mail.outbox[0].body


def test_staff_see_the_inputs_waiting_on_the_dashboard(client, process, cem, per, siri):
    give_input(process, cem, "Benker")
    inputs_url = reverse("responses:inputs", args=[process.municipality.number, process.pk])
    dashboard = reverse("municipalities:dashboard", args=[process.municipality.number])

    client.force_login(per)
    staff_page = client.get(dashboard).content.decode()
    client.force_login(siri)
    politician_page = client.get(dashboard).content.decode()

    assert f"{inputs_url}?status=unanswered" in staff_page
    assert inputs_url not in politician_page
