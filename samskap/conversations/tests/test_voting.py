"""Taking part: one statement at a time, by plain form posts or htmx, one vote per statement."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from samskap.conversations import routing
from samskap.conversations.models import Participant, Statement, Vote
from samskap.conversations.tests.conftest import (
    SEEDS,
    make_conversation,
    make_process,
    participant_of,
    url,
    vote,
)

pytestmark = pytest.mark.django_db


def test_a_visitor_votes_without_an_account_and_without_javascript(client, conversation):
    statement = routing.next_statement(conversation, None)

    response = vote(client, conversation, statement, 1)

    assert response.status_code == 302
    assert response["Location"] == conversation.get_absolute_url()
    participant = participant_of(client)
    assert participant.user is None
    assert list(Vote.objects.values_list("participant", "statement", "value")) == [
        (participant.pk, statement.pk, 1)]
    assert "Your vote was recorded." in [str(m) for m in get_messages(response.wsgi_request)]


def test_the_page_shows_the_next_statement_with_three_buttons(client, conversation):
    first = routing.next_statement(conversation, None)
    vote(client, conversation, first, -1)

    page = client.get(conversation.get_absolute_url()).content.decode()

    assert first.text not in page.split('id="vote-card"')[1].split("</section>")[0]
    for label in ("Agree", "Disagree", "Pass / unsure"):
        assert f">{label}</button>" in page
    assert "3 statements left for you." in page


def test_a_changed_vote_replaces_the_earlier_one(client, conversation):
    statement = conversation.statements.first()
    vote(client, conversation, statement, 1)
    vote(client, conversation, statement, -1)
    vote(client, conversation, statement, -1)  # a double submission

    assert list(Vote.objects.values_list("statement", "value")) == [(statement.pk, -1)]
    assert Participant.objects.count() == 1


def test_htmx_swaps_in_the_next_card_and_moves_focus_to_it(client, conversation):
    statement = routing.next_statement(conversation, None)

    response = vote(client, conversation, statement, 0, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div class="vote-card-body">')
    assert "<html" not in html
    assert "data-focus-after-swap" in html
    assert "Your vote was recorded." in html
    assert Vote.objects.get().value == 0
    assert "samskap_participant" in response.cookies


def test_every_statement_voted_shows_thanks(client, conversation):
    for _ in SEEDS:
        statement = routing.next_statement(conversation, participant_or_none(client))
        vote(client, conversation, statement, 1)

    page = client.get(conversation.get_absolute_url()).content.decode()

    assert "You have voted on every statement" in page
    assert Vote.objects.count() == len(SEEDS)


def participant_or_none(client):
    try:
        return participant_of(client)
    except KeyError:
        return None


def test_bad_votes_are_refused_politely(client, conversation):
    statement = conversation.statements.first()
    for value in ("2", "", "ja"):
        response = client.post(url("vote", conversation),
                               {"statement": statement.pk, "value": value})
        assert response.status_code == 302
    response = client.post(url("vote", conversation), {"statement": "999999", "value": "1"})
    assert response.status_code == 302
    assert Vote.objects.count() == 0


def test_a_hidden_statement_takes_no_votes(client, conversation, mira):
    statement = conversation.statements.first()
    Statement.objects.filter(pk=statement.pk).update(state="hidden")

    vote(client, conversation, statement, 1)

    assert Vote.objects.count() == 0


def test_routing_favours_statements_with_few_votes(conversation):
    busy, *_quiet = list(conversation.statements.all())
    voters = [Participant.objects.create() for _ in range(30)]
    Vote.objects.bulk_create(Vote(participant=p, statement=busy, value=1) for p in voters)

    firsts = [routing.next_statement(conversation, Participant.objects.create())
              for _ in range(40)]

    assert sum(first == busy for first in firsts) <= 4
    assert {first.pk for first in firsts} <= {s.pk for s in conversation.statements.all()}


def test_routing_is_the_same_for_the_same_participant(conversation):
    participant = Participant.objects.create()
    assert len({routing.next_statement(conversation, participant).pk
                for _ in range(5)}) == 1


def test_a_login_conversation_sends_anonymous_voters_to_log_in(client, process, mira, cem):
    conversation = make_conversation(process, mira, requires_login=True)
    statement = conversation.statements.first()

    page = client.get(conversation.get_absolute_url()).content.decode()
    response = vote(client, conversation, statement, 1)

    assert "Log in to take part" in page
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert Vote.objects.count() == 0
    client.force_login(cem)
    vote(client, conversation, statement, 1)
    assert Vote.objects.get().participant.user == cem


def test_a_closed_conversation_takes_no_votes(client, eksempelvik, cycle, mira):
    conversation = make_conversation(make_process(eksempelvik, cycle, state="analysing"), mira)
    statement = conversation.statements.first()

    response = vote(client, conversation, statement, 1)

    assert response.status_code == 302
    assert Vote.objects.count() == 0
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert "This conversation is not open for votes or statements." in messages


def test_a_draft_process_hides_its_conversation(client, eksempelvik, cycle, mira, cem, siri):
    conversation = make_conversation(make_process(eksempelvik, cycle, state="draft"), mira)

    assert client.get(conversation.get_absolute_url()).status_code == 404
    client.force_login(cem)
    assert client.get(conversation.get_absolute_url()).status_code == 404
    client.force_login(siri)
    assert client.get(conversation.get_absolute_url()).status_code == 200


def test_another_municipality_cannot_reach_the_conversation(client, conversation, nabovik):
    wrong = reverse("conversations:detail", kwargs={"number": nabovik.number,
                                                   "pk": conversation.pk})
    assert client.get(wrong).status_code == 404
    wrong_vote = reverse("conversations:vote", kwargs={"number": nabovik.number,
                                                      "pk": conversation.pk})
    response = client.post(wrong_vote, {"statement": conversation.statements.first().pk,
                                        "value": "1"})
    assert response.status_code == 404
    assert Vote.objects.count() == 0


def test_a_forged_cookie_is_a_new_participant(client, conversation):
    client.cookies["samskap_participant"] = "forged:token"
    vote(client, conversation, conversation.statements.first(), 1)
    assert Participant.objects.count() == 1
    assert participant_of(client).token != "forged"


def test_a_statement_of_another_conversation_takes_no_vote_here(client, conversation,
                                                               post_moderated):
    foreign = post_moderated.statements.first()

    vote(client, conversation, foreign, 1)

    assert Vote.objects.count() == 0


def test_staff_cannot_moderate_another_municipalitys_statement(client, conversation, olav):
    statement = conversation.statements.first()
    client.force_login(olav)  # coordinator of Nabovik
    response = client.post(url("moderate", conversation, statement=statement.pk),
                           {"decision": "hide", "reason": "Kapret"})
    assert response.status_code == 404
    other = reverse("conversations:moderate", kwargs={
        "number": olav.memberships.first().municipality.number, "pk": conversation.pk,
        "statement": statement.pk})
    assert client.post(other, {"decision": "hide", "reason": "Kapret"}).status_code == 404
    statement.refresh_from_db()
    assert statement.state == "visible"
