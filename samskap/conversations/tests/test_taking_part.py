"""Statements, moderation, duplicates and spam, rate limits, joining on login, demographics."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from samskap.audit.models import AuditEntry
from samskap.conversations import actions, routing
from samskap.conversations.models import (
    Demographics,
    Participant,
    RateCounter,
    Statement,
    StatementState,
    Vote,
)
from samskap.conversations.participants import LIMITS, address_hash
from samskap.conversations.tests.conftest import english_client, participant_of, url, vote
from samskap.responses.models import Input

pytestmark = pytest.mark.django_db

NEW = "Kommunen bør åpne bibliotekene på søndager."


def add(client, conversation, text=NEW):
    return client.post(url("statement_add", conversation), {"text": text})


def errors_of(response):
    return response.context["form"].errors["text"]


# Statements and moderation ---------------------------------------------------------------------

def test_pre_moderation_keeps_a_new_statement_waiting(client, conversation):
    response = add(client, conversation)

    assert response.status_code == 302
    statement = Statement.objects.get(text=NEW)
    assert statement.state == StatementState.PENDING
    assert statement.author == participant_of(client)
    assert routing.remaining(conversation, None) == 4  # only the seeds are routed
    assert not Input.objects.filter(text=NEW).exists()


def test_approving_logs_it_and_makes_it_an_input_of_the_process(client, conversation, per):
    add(client, conversation)
    statement = Statement.objects.get(text=NEW)
    client.force_login(per)

    response = client.post(url("moderate", conversation, statement=statement.pk),
                           {"decision": "approve"})

    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.state == StatementState.VISIBLE
    assert statement.moderated_by == per
    entry = AuditEntry.objects.get(action="statement.approve")
    assert (entry.actor, entry.before["state"]) == (per, "pending")
    item = Input.objects.get(text=NEW)
    assert (item.kind, item.author, item.process) == ("statement", None, conversation.process)


def test_hiding_needs_a_reason_and_logs_it(client, post_moderated, per):
    add(client, post_moderated)
    statement = Statement.objects.get(text=NEW)
    assert statement.state == StatementState.VISIBLE  # post-moderation: shown at once
    client.force_login(per)

    refused = client.post(url("moderate", post_moderated, statement=statement.pk),
                          {"decision": "hide", "reason": " "})
    response = client.post(url("moderate", post_moderated, statement=statement.pk),
                           {"decision": "hide", "reason": "Handler ikke om temaet."})

    assert "reason" in refused.context["form"].errors
    assert response.status_code == 302
    statement.refresh_from_db()
    assert (statement.state, statement.moderation_reason) == (
        StatementState.HIDDEN, "Handler ikke om temaet.")
    assert AuditEntry.objects.get(action="statement.hide").reason == "Handler ikke om temaet."


def test_the_writer_sees_the_state_of_their_statements(client, conversation):
    add(client, conversation)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert NEW in page
    assert "Waiting for moderation" in page


def test_the_dashboard_alerts_staff_to_waiting_statements(client, conversation, per, cem):
    add(client, conversation)
    from django.template import Context, Template
    from django.test import RequestFactory

    template = Template("{% load conversations %}{% moderation_alert municipality %}")
    request = RequestFactory().get("/")
    request.user = per
    html = template.render(Context({"request": request,
                                    "municipality": conversation.municipality}))
    assert "Statements waiting for moderation" in html
    assert "1 waiting" in html
    request.user = cem
    assert "waiting" not in template.render(Context({
        "request": request, "municipality": conversation.municipality}))


@pytest.mark.parametrize(("text", "message"), [
    ("Kort", "Write at least 10 characters."),
    ("x" * 281, "Write at most 280 characters (you wrote 281)."),
    ("Se https://billig.example for mer", "Statements cannot contain links"),
    ("KOMMUNEN MÅ GJØRE NOE MED DETTE NÅ", "Please don't write in capital letters only."),
    ("Nei neiiiiiiiiii til dette forslaget", "repeats the same character"),
    ("bra bra bra bra bra bra bra bra", "repeats the same words"),
    ("Flere benker langs turstiene i sentrum!", "already in the conversation"),
    ("  flere BENKER langs turstiene, i sentrum ", "already in the conversation"),
])
def test_bad_statements_get_clear_messages(client, conversation, text, message):
    response = add(client, conversation, text)

    assert response.status_code == 200
    assert any(message in error for error in errors_of(response))
    assert Statement.objects.filter(is_seed=False).count() == 0


def test_seed_statements_are_all_or_nothing_naming_the_line(conversation, mira):
    with pytest.raises(actions.StatementRefused, match="Line 2"):
        actions.add_seed_statements(conversation, mira, [
            "Et nytt og helt greit utsagn her.", "Flere benker langs turstiene i sentrum."])
    assert conversation.statements.count() == 4


# Rate limits -----------------------------------------------------------------------------------

def test_too_many_votes_get_a_friendly_message(client, conversation, settings):
    statement = conversation.statements.first()
    limit = LIMITS["vote"][0].count
    for _ in range(limit):
        vote(client, conversation, statement, 1)

    response = vote(client, conversation, statement, -1)

    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("a little fast" in m for m in messages)
    assert Vote.objects.get().value == 1  # the last vote was not taken


def test_the_address_is_stored_only_as_a_keyed_hash(client, conversation):
    vote(client, conversation, conversation.statements.first(), 1, REMOTE_ADDR="198.51.100.7")

    keys = list(RateCounter.objects.values_list("key", flat=True))
    assert not any("198.51.100.7" in key for key in keys)
    assert any(key.endswith(address_hash_of("198.51.100.7")) for key in keys)


def address_hash_of(address):
    from django.test import RequestFactory

    return address_hash(RequestFactory().get("/", REMOTE_ADDR=address))


def test_one_address_has_its_own_limit_for_statements(conversation):
    per_address = LIMITS["statement"][1].count
    for n in range(per_address):  # many people behind one address (a school)
        english_client().post(url("statement_add", conversation),
                      {"text": f"Forslag nummer {n} om nærmiljøet i kommunen."})

    response = english_client().post(url("statement_add", conversation),
                             {"text": "Enda et forslag om nærmiljøet i kommunen."})

    assert any("a little fast" in e for e in errors_of(response))
    assert Statement.objects.filter(is_seed=False).count() == per_address


# Joining an anonymous history on login ---------------------------------------------------------

def test_logging_in_joins_the_anonymous_votes_to_the_account(client, conversation, cem):
    first, second, third = conversation.statements.all()[:3]
    client.force_login(cem)
    vote(client, conversation, first, 1)       # earlier, on the account
    vote(client, conversation, second, 1)
    client.logout()
    vote(client, conversation, second, -1)     # later, anonymously: this one wins
    vote(client, conversation, third, 0)
    anonymous = participant_of(client)

    client.force_login(cem)
    from django.contrib.auth import signals

    signals.user_logged_in.send(sender=type(cem), request=client_request(client), user=cem)

    assert not Participant.objects.filter(pk=anonymous.pk).exists()
    votes = dict(Vote.objects.filter(participant__user=cem)
                 .values_list("statement", "value"))
    assert votes == {first.pk: 1, second.pk: -1, third.pk: 0}
    assert Vote.objects.count() == 3


def test_logging_in_without_a_history_adopts_the_anonymous_participant(client, conversation,
                                                                      frida):
    vote(client, conversation, conversation.statements.first(), 1)
    anonymous = participant_of(client)

    from django.contrib.auth import signals

    signals.user_logged_in.send(sender=type(frida), request=client_request(client), user=frida)

    anonymous.refresh_from_db()
    assert anonymous.user == frida
    assert Vote.objects.get().participant == anonymous


def client_request(client):
    from django.http import HttpRequest

    request = HttpRequest()
    request.COOKIES = {key: morsel.value for key, morsel in client.cookies.items()}
    return request


def test_a_real_login_joins_the_history(client, conversation, cem, password):
    vote(client, conversation, conversation.statements.first(), -1)

    response = client.post(login_url(),
                           {"username": cem.email, "password": password})

    assert response.status_code == 302
    assert Vote.objects.get().participant.user == cem


def login_url():
    from django.urls import reverse

    return reverse("accounts:login")


# Demographics ----------------------------------------------------------------------------------

def test_answers_need_consent_and_each_may_be_skipped(client, conversation):
    refused = client.post(url("demographics", conversation), {"age_band": "30-44"})
    assert "consent" in refused.context["form"].errors

    response = client.post(url("demographics", conversation),
                           {"consent": "on", "age_band": "30-44"})

    assert response.status_code == 302
    answers = Demographics.objects.get()
    assert (answers.age_band, answers.gender, answers.education, answers.district) == (
        "30-44", "", "", None)


def test_withdrawing_consent_deletes_the_answers(client, conversation):
    client.post(url("demographics", conversation), {"consent": "on", "gender": "female"})
    vote(client, conversation, conversation.statements.first(), 1)

    response = client.post(url("withdraw", conversation))

    assert response.status_code == 302
    assert Demographics.objects.count() == 0
    assert Vote.objects.count() == 1  # the votes stay


def test_a_district_of_another_municipality_is_refused(client, conversation, nabovik):
    from samskap.municipalities.models import District

    elsewhere = District.objects.create(municipality=nabovik, name="Naboby")
    response = client.post(url("demographics", conversation),
                           {"consent": "on", "district": elsewhere.pk})
    assert "district" in response.context["form"].errors
    assert Demographics.objects.count() == 0
