"""The pages of community contracts: forms with field errors, who sees what, acceptance
through the page, the version diff, the dashboard, and tenant isolation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samskap.contracts import actions
from samskap.contracts.models import (
    Acceptance,
    CommunityContract,
    Contribution,
    ContributionStatus,
    Status,
)
from samskap.contracts.tests.conftest import TERMS, accept_all, party_of
from samskap.testing.factories import ActorFactory

pytestmark = pytest.mark.django_db


def url(name: str, contract: CommunityContract | None = None, number: str = "9999",
        **kwargs: object) -> str:
    if contract is not None:
        kwargs["pk"] = contract.pk
    return reverse(f"contracts:{name}", kwargs={"number": number, **kwargs})


def form_data(**overrides: object) -> dict[str, object]:
    data = {**TERMS, "starts_on": "2025-01-01", "ends_on": "2026-12-31"}
    data.update(overrides)
    return data


# Creating and editing ------------------------------------------------------------------------

def test_per_drafts_a_contract_and_is_sent_on_to_the_contributions(client, per, frivilligsentral):
    client.force_login(per)

    response = client.post(url("new"), form_data(actors=[frivilligsentral.pk]))

    contract = CommunityContract.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("contributions", contract)
    assert contract.status == Status.DRAFT
    assert contract.parties.filter(actor=frivilligsentral).exists()


def test_the_contract_form_shows_field_errors(client, per):
    client.force_login(per)

    response = client.post(url("new"), form_data(title="", starts_on="2026-02-01",
                                                 ends_on="2025-01-01"))

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "title" in errors
    assert not CommunityContract.objects.exists()
    assert 'class="error-summary"' in response.content.decode()


def test_an_actor_of_another_municipality_cannot_be_made_a_party(client, per, nabovik):
    stranger = ActorFactory(municipality=nabovik, name="Naboens lag")
    client.force_login(per)

    response = client.post(url("new"), form_data(actors=[stranger.pk]))

    assert response.status_code == 400
    assert "actors" in response.context["form"].errors


def test_contributions_are_added_in_a_formset(client, per, contract, frivilligsentral):
    client.force_login(per)
    existing = list(contract.contributions.order_by("due_on", "id"))
    data = {"contributions-TOTAL_FORMS": str(len(existing) + 2),
            "contributions-INITIAL_FORMS": str(len(existing)),
            "contributions-MIN_NUM_FORMS": "0", "contributions-MAX_NUM_FORMS": "1000"}
    for i, item in enumerate(existing):
        data.update({f"contributions-{i}-id": item.pk, f"contributions-{i}-party": item.party_id,
                     f"contributions-{i}-what": item.what,
                     f"contributions-{i}-amount": item.amount,
                     f"contributions-{i}-due_on": item.due_on.isoformat()})
    new = len(existing)
    data.update({f"contributions-{new}-party": party_of(contract, frivilligsentral).pk,
                 f"contributions-{new}-what": "Kaffe og vafler",
                 f"contributions-{new}-due_on": "2025-03-01"})

    response = client.post(url("contributions", contract), data)

    assert response.status_code == 302
    assert contract.contributions.filter(what="Kaffe og vafler").exists()
    assert contract.versions.count() == 1  # still a draft


def test_a_contribution_row_without_what_is_a_field_error(client, per, contract,
                                                          frivilligsentral):
    client.force_login(per)
    data = {"contributions-TOTAL_FORMS": "1", "contributions-INITIAL_FORMS": "0",
            "contributions-MIN_NUM_FORMS": "0", "contributions-MAX_NUM_FORMS": "1000",
            "contributions-0-party": party_of(contract, frivilligsentral).pk,
            "contributions-0-amount": "mye"}

    response = client.post(url("contributions", contract), data)

    assert response.status_code == 400
    assert "what" in response.context["formset"].forms[0].errors
    assert 'href="#id_contributions-0-what"' in response.content.decode()


def test_a_party_of_another_contract_cannot_be_posted(client, per, contract, eksempelvik, mira):
    other = actions.create_contract(eksempelvik, mira, data={**TERMS, "title": "Annen"})
    client.force_login(per)
    data = {"contributions-TOTAL_FORMS": "1", "contributions-INITIAL_FORMS": "0",
            "contributions-MIN_NUM_FORMS": "0", "contributions-MAX_NUM_FORMS": "1000",
            "contributions-0-party": party_of(other, None).pk,
            "contributions-0-what": "Kapret"}

    response = client.post(url("contributions", contract), data)

    assert response.status_code == 400
    assert "party" in response.context["formset"].forms[0].errors
    assert not Contribution.objects.filter(what="Kapret").exists()


# Accepting, following up and leaving through the pages ---------------------------------------

def test_frida_sees_accept_on_behalf_of_her_organisation_and_accepts(client, frida, sent,
                                                                     frivilligsentral):
    client.force_login(frida)
    party = party_of(sent, frivilligsentral)

    detail = client.get(sent.get_absolute_url()).content.decode()
    assert "Accept on behalf of Eksempelvik frivilligsentral" in detail
    assert "Accept on behalf of Nordbyen idrettslag" not in detail
    page = client.get(url("accept", sent, party=party.pk))
    assert page.status_code == 200

    response = client.post(url("accept", sent, party=party.pk), {"version": 1, "confirm": "on"})

    assert response.status_code == 302
    assert Acceptance.objects.get().accepted_by == frida


def test_accepting_without_confirming_is_a_field_error(client, frida, sent, frivilligsentral):
    client.force_login(frida)
    party = party_of(sent, frivilligsentral)

    response = client.post(url("accept", sent, party=party.pk), {"version": 1})

    assert response.status_code == 400
    assert "confirm" in response.context["form"].errors
    assert not Acceptance.objects.exists()


def test_accepting_a_replaced_version_through_the_page_is_refused(client, frida, ivar, mira,
                                                                  sent, frivilligsentral,
                                                                  idrettslag):
    actions.accept(party_of(sent, idrettslag), ivar, version_number=1)
    actions.change_contract(sent, mira, data={**TERMS, "title": "Endret"},
                            actors=[frivilligsentral, idrettslag])
    client.force_login(frida)

    response = client.post(url("accept", sent, party=party_of(sent, frivilligsentral).pk),
                           {"version": 1, "confirm": "on"})

    assert response.status_code == 400
    assert "version 2" in response.content.decode()
    assert not Acceptance.objects.filter(party__actor=frivilligsentral).exists()


def test_the_site_admin_does_not_accept_for_anyone(client, sam, sent, frivilligsentral):
    client.force_login(sam)

    response = client.post(url("accept", sent, party=party_of(sent, frivilligsentral).pk),
                           {"version": 1, "confirm": "on"})

    assert response.status_code == 403
    assert not Acceptance.objects.exists()


@pytest.mark.parametrize(("who", "status"), [
    ("mira", 403), ("ada", 403), ("per", 403), ("siri", 403), ("sam", 403), ("ivar", 403),
    ("cem", 404), ("olav", 404)])
def test_no_one_but_frida_accepts_for_the_volunteer_centre(client, request, sent,
                                                           frivilligsentral, who, status):
    client.force_login(request.getfixturevalue(who))

    response = client.post(url("accept", sent, party=party_of(sent, frivilligsentral).pk),
                           {"version": 1, "confirm": "on"})

    assert response.status_code == status
    assert not Acceptance.objects.exists()


def test_a_visitor_does_not_learn_that_an_awaiting_contract_exists(client, sent,
                                                                   frivilligsentral):
    response = client.post(url("accept", sent, party=party_of(sent, frivilligsentral).pk),
                           {"version": 1, "confirm": "on"})

    assert response.status_code == 404
    assert not Acceptance.objects.exists()


def test_frida_updates_the_status_of_her_contribution(client, frida, active):
    item = active.contributions.get(what="Turvenner")
    client.force_login(frida)

    response = client.post(url("contribution_status", active, contribution=item.pk),
                            {"status": "delivered", "note": "12 turvenner i gang."})

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.status_changed_by) == (ContributionStatus.DELIVERED, frida)


def test_frida_may_not_update_the_sports_clubs_contribution(client, frida, active):
    item = active.contributions.get(what="Trimgruppe i hallen")
    client.force_login(frida)

    response = client.post(url("contribution_status", active, contribution=item.pk),
                           {"status": "cancelled"})

    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == ContributionStatus.PLANNED


def test_leaving_asks_for_a_reason(client, ivar, active, idrettslag):
    client.force_login(ivar)
    leave = url("leave", active, party=party_of(active, idrettslag).pk)

    assert client.post(leave, {"reason": ""}).status_code == 400
    assert client.post(leave, {"reason": "Styret vedtok å tre ut."}).status_code == 302
    assert party_of(active, idrettslag).has_left


# Who reads what ------------------------------------------------------------------------------

def test_a_partner_sees_the_contracts_of_her_organisation_but_not_others_awaiting(
        client, frida, sent, eksempelvik, mira, idrettslag):
    theirs = actions.create_contract(eksempelvik, mira, data={**TERMS, "title": "Bare idrett"},
                                     actors=[idrettslag])
    actions.send_for_acceptance(theirs, mira)
    client.force_login(frida)

    listed = client.get(url("list")).content.decode()

    assert sent.title in listed and "Bare idrett" not in listed
    assert client.get(theirs.get_absolute_url()).status_code == 404


def test_a_draft_is_hidden_from_its_partners_and_citizens(client, frida, cem, siri, contract):
    for someone in (frida, cem):
        client.force_login(someone)
        assert client.get(contract.get_absolute_url()).status_code == 404
        assert contract.title not in client.get(url("list")).content.decode()
    client.force_login(siri)
    assert client.get(contract.get_absolute_url()).status_code == 200


def test_an_active_contract_is_public(client, active):
    assert client.get(active.get_absolute_url()).status_code == 200
    assert active.title in client.get(url("list")).content.decode()


def test_the_list_filters_by_state_and_refuses_an_unknown_one(client, per, active, eksempelvik,
                                                              mira):
    actions.create_contract(eksempelvik, mira, data={**TERMS, "title": "Utkastet"})
    client.force_login(per)

    drafts = client.get(url("list") + "?status=draft").content.decode()
    assert "Utkastet" in drafts and active.title not in drafts
    response = client.get(url("list") + "?status=%3Cscript%3E")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "&lt;script&gt;" in response.content.decode() or "<script>" not in \
        response.content.decode().split("<main")[1]


def test_the_list_takes_the_same_number_of_queries_for_more_contracts(client, per, active,
                                                                      eksempelvik, mira,
                                                                      frivilligsentral):
    client.force_login(per)
    client.get(url("list"))
    with CaptureQueriesContext(connection) as few:
        client.get(url("list"))
    for n in range(3):
        actions.create_contract(eksempelvik, mira, data={**TERMS, "title": f"K{n}"},
                                actors=[frivilligsentral])
    with CaptureQueriesContext(connection) as many:
        client.get(url("list"))
    assert len(many) == len(few)


# Tenant isolation ----------------------------------------------------------------------------

def test_another_municipalitys_people_see_nothing_internal(client, olav, sent, mira, frida,
                                                          ivar):
    client.force_login(olav)
    assert client.get(sent.get_absolute_url()).status_code == 404

    accept_all(sent, {None: mira, "Eksempelvik frivilligsentral": frida,
                      "Nordbyen idrettslag": ivar})

    assert client.get(sent.get_absolute_url()).status_code == 200  # active: public
    assert client.get(url("edit", sent)).status_code == 404


def test_a_contract_is_not_found_under_another_municipality(client, olav, active, nabovik):
    client.force_login(olav)

    assert client.get(url("detail", active, number=nabovik.number)).status_code == 404
    assert client.get(url("export", active, number=nabovik.number, fmt="pdf")).status_code == 404


def test_a_party_of_another_contract_in_the_url_is_not_found(client, frida, sent, eksempelvik,
                                                            mira, frivilligsentral):
    other = actions.create_contract(eksempelvik, mira, data={**TERMS, "title": "Annen"},
                                    actors=[frivilligsentral])
    actions.send_for_acceptance(other, mira)
    client.force_login(frida)

    response = client.post(url("accept", sent, party=party_of(other, frivilligsentral).pk),
                           {"version": 1, "confirm": "on"})

    assert response.status_code == 404
    assert not Acceptance.objects.exists()


# Versions and the dashboard ------------------------------------------------------------------

def test_a_version_page_shows_what_changed(client, siri, active, mira, frivilligsentral,
                                           idrettslag):
    actions.change_contract(active, mira, data={
        **TERMS, "purpose": "Flere eldre i Nordbyen er aktive og møter andre hver dag."},
        actors=[frivilligsentral, idrettslag])
    client.force_login(siri)

    body = client.get(url("version", active, version=2)).content.decode()

    assert "<del>" in body and "<ins>" in body
    assert "hver dag." in body
    assert client.get(url("version", active, version=1)).status_code == 200
    assert client.get(url("version", active, version=3)).status_code == 404


def test_overdue_contributions_show_on_the_dashboard(client, mira, active):
    Contribution.objects.filter(what="Turvenner").update(
        due_on=timezone.localdate() - dt.timedelta(days=3))
    client.force_login(mira)

    body = client.get(reverse("municipalities:dashboard", args=["9999"])).content.decode()

    section = body.split('id="overdue-contributions-title"')[1].split("</section>")[0]
    assert "Overdue contributions to community contracts" in section
    assert "Turvenner" in section and "Trimgruppe i hallen" not in section


def test_an_ended_contract_cannot_be_edited_through_the_page(client, per, active):
    actions.end_contract(active, per, reason="Ferdig.")
    client.force_login(per)

    response = client.post(url("edit", active), form_data(title="Nytt"))

    assert response.status_code == 302
    active.refresh_from_db()
    assert active.title == TERMS["title"]
