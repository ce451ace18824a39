"""Moderating local knowledge: who may, reasons for the author, the response, the audit log."""

from __future__ import annotations

import pytest

from samskap.audit.models import AuditEntry
from samskap.knowledge import actions_local as actions
from samskap.knowledge.models import Moderation
from samskap.knowledge.tests.local_world import contribution, english, fresh, url
from samskap.testing.factories import UserFactory


@pytest.fixture
def waiting(eksempelvik, cem):
    return contribution(eksempelvik, cem, title="Nowhere to meet", place="Sentrum",
                        text="The youth club closed in 2022.")


def moderate(client, item, **data):
    return client.post(url("local_moderate", pk=item.pk),
                       {"decision": "", "reason": "", "response": "", **data})


# --- Decisions ------------------------------------------------------------------------------


def test_per_publishes_with_a_response_and_everyone_sees_both(client, per, waiting):
    english(client, per)

    response = moderate(client, waiting, decision="publish",
                        response="Thank you. The youth council will take this up in May.")

    assert response.status_code == 302
    assert response["Location"] == url("local_list")
    item = fresh(waiting)
    assert (item.status, item.moderated_by, item.responded_by) == (
        Moderation.PUBLISHED, per, per)
    assert item.moderated_at is not None and item.responded_at is not None
    client.logout()
    page = english(client).get(url("local_detail", pk=item.pk)).content.decode()
    assert "The youth council will take this up in May." in page
    assert "Response from Eksempelvik municipality" in page
    assert "Per Planlegger" in page
    assert "Nowhere to meet" in english(client).get(url("local_list")).content.decode()


def test_each_decision_and_response_is_in_the_audit_log(client, per, waiting):
    english(client, per)

    moderate(client, waiting, decision="needs_edit", reason="Please leave out the names.")
    moderate(client, waiting, decision="reject", reason="Not about this municipality.")
    moderate(client, waiting, decision="publish", response="We agree.")

    entries = AuditEntry.objects.for_object(waiting).order_by("id")
    assert [e.action for e in entries] == [
        "local_knowledge.request_edit", "local_knowledge.reject", "local_knowledge.publish",
        "local_knowledge.respond",
    ]
    assert entries[0].reason == "Please leave out the names."
    assert entries[1].before["status"] == Moderation.NEEDS_EDIT
    assert entries[1].after["status"] == Moderation.REJECTED
    assert all(e.actor == per for e in entries)
    assert entries[3].after == {"response": "We agree."}


@pytest.mark.parametrize("decision", ["needs_edit", "reject"])
def test_sending_back_or_rejecting_needs_a_reason(client, per, waiting, decision):
    english(client, per)

    response = moderate(client, waiting, decision=decision, reason="   ")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page and 'href="#id_reason"' in page
    assert fresh(waiting).status == Moderation.PENDING
    assert not AuditEntry.objects.for_object(waiting).exists()


def test_the_rule_holds_without_the_form_too(per, waiting):
    with pytest.raises(actions.ModerationError):
        actions.moderate_local_knowledge(waiting, per, "reject", reason="")
    with pytest.raises(actions.ModerationError):
        actions.moderate_local_knowledge(waiting, per, "delete", reason="Why not")
    assert fresh(waiting).status == Moderation.PENDING


def test_a_decision_must_be_chosen(client, per, waiting):
    english(client, per)

    response = moderate(client, waiting, response="Hello")

    assert 'href="#id_decision_0"' in response.content.decode()
    assert fresh(waiting).response == ""


def test_the_author_sees_the_reason_and_no_one_else_does(client, cem, frida, per, waiting):
    actions.moderate_local_knowledge(waiting, per, "needs_edit",
                                     reason="Please leave out the neighbours' names.")
    detail = url("local_detail", pk=waiting.pk)

    page = english(client, cem).get(detail).content.decode()
    assert "Please leave out the neighbours&#x27; names." in page
    assert "Needs changes" in page
    assert "Change your contribution" in page
    assert english(client, frida).get(detail).status_code == 404


def test_a_rejected_contribution_tells_its_author_why(client, cem, per, waiting):
    actions.moderate_local_knowledge(waiting, per, "reject", reason="It names a patient.",
                                     response="We have passed your concern to the clinic.")

    page = english(client, cem).get(url("local_detail", pk=waiting.pk)).content.decode()

    assert "It names a patient." in page
    assert "We have passed your concern to the clinic." in page
    assert "Change your contribution" not in page
    assert "Nowhere to meet" not in english(client).get(url("local_list")).content.decode() \
        .split('id="published-title"')[1]


def test_a_published_contribution_can_be_answered_later(client, per, mira, eksempelvik, cem):
    item = contribution(eksempelvik, cem, Moderation.PUBLISHED, place="Torget")
    english(client, mira)

    form = client.get(url("local_moderate", pk=item.pk)).content.decode()
    assert "The municipality&#x27;s response" in form
    moderate(client, item, decision="publish", response="Fixed the lights.")

    assert (fresh(item).response, fresh(item).responded_by) == ("Fixed the lights.", mira)
    # Saving the same response again does not answer twice.
    moderate(client, item, decision="publish", response="Fixed the lights.")
    assert AuditEntry.objects.filter(action="local_knowledge.respond").count() == 1


# --- Who may moderate ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["cem", "frida", "siri"])
def test_members_without_a_staff_role_may_not_moderate(client, request, waiting, persona):
    english(client, request.getfixturevalue(persona))

    assert client.get(url("local_moderate", pk=waiting.pk)).status_code == 403
    assert moderate(client, waiting, decision="publish").status_code == 403
    assert fresh(waiting).status == Moderation.PENDING


def test_the_coordinator_of_another_municipality_gets_a_404(client, olav, waiting):
    english(client, olav)

    assert client.get(url("local_moderate", pk=waiting.pk)).status_code == 404
    assert moderate(client, waiting, decision="publish").status_code == 404
    # Nor through Nabovik's own address.
    assert client.get(url("local_moderate", "9998", pk=waiting.pk)).status_code == 404
    assert fresh(waiting).status == Moderation.PENDING


def test_an_anonymous_visitor_is_sent_to_log_in(client, waiting):
    response = client.get(url("local_moderate", pk=waiting.pk))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert moderate(client, waiting, decision="publish").status_code == 302
    assert fresh(waiting).status == Moderation.PENDING


@pytest.mark.parametrize("persona", ["per", "mira", "ada", "sam"])
def test_staff_the_coordinator_the_admin_and_the_site_admin_may_moderate(client, request,
                                                                         waiting, persona):
    english(client, request.getfixturevalue(persona))

    assert moderate(client, waiting, decision="publish").status_code == 302
    assert fresh(waiting).status == Moderation.PUBLISHED


# --- The moderation queue ---------------------------------------------------------------------


def test_staff_see_the_queue_with_new_contributions_first(client, per, eksempelvik, cem):
    contribution(eksempelvik, cem, Moderation.NEEDS_EDIT, title="Sent back earlier")
    contribution(eksempelvik, cem, Moderation.PENDING, title="First in")
    contribution(eksempelvik, cem, Moderation.PENDING, title="Second in")
    contribution(eksempelvik, cem, Moderation.PUBLISHED, title="Long published")
    contribution(eksempelvik, cem, Moderation.REJECTED, title="Long rejected")

    page = english(client, per).get(url("local_list")).content.decode()

    queue = page.split('id="queue-title"')[1].split("</section>")[0]
    positions = [queue.index(title) for title in ("First in", "Second in", "Sent back earlier")]
    assert positions == sorted(positions)
    assert "Long published" not in queue and "Long rejected" not in queue
    assert "Cem Innbygger" in queue


def test_the_queue_does_not_query_per_contribution(client, per, eksempelvik,
                                                   django_assert_max_num_queries):
    english(client, per)
    for _n in range(3):
        contribution(eksempelvik, UserFactory())
    with django_assert_max_num_queries(20) as few:
        client.get(url("local_list"))
    for _n in range(20):
        contribution(eksempelvik, UserFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("local_list"))
    assert response.content.decode().count("local/") > 20
