"""The members page: who may see it, change roles and remove members."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samskap.accounts import actions
from samskap.accounts.models import Invitation, Membership, Role
from samskap.audit.models import AuditEntry
from samskap.testing.factories import member

MEMBERS = reverse("members:list", kwargs={"number": "9999"})


def edit_url(membership: Membership) -> str:
    return reverse("members:membership", kwargs={"number": "9999", "pk": membership.pk})


def membership_of(user) -> Membership:  # type: ignore[no-untyped-def]
    return Membership.objects.get(user=user)


def test_mira_sees_the_members_but_no_change_links(client, mira, per):
    client.force_login(mira)
    response = client.get(MEMBERS)
    assert response.status_code == 200
    page = response.content.decode()
    assert "per@eksempelvik.example" in page
    assert edit_url(membership_of(per)) not in page


def test_ada_sees_change_links(client, ada, per):
    client.force_login(ada)
    assert edit_url(membership_of(per)) in client.get(MEMBERS).content.decode()


def test_the_members_page_uses_as_many_queries_for_many_members_as_for_few(
    client, ada, mira, eksempelvik
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(MEMBERS).status_code == 200
        return len(captured)

    client.force_login(ada)
    few = queries()
    for n in range(10):
        member(eksempelvik, Role.STAFF, f"staff{n}@eksempelvik.example", f"Staff {n}")
        actions.invite_member(eksempelvik, email=f"new{n}@example.org", role=Role.PARTNER,
                              name="", invited_by=mira, accept_url=lambda token: token)
    assert queries() == few


def test_ada_changes_pers_role_and_it_is_audited(client, ada, per):
    membership = membership_of(per)
    client.force_login(ada)
    response = client.post(edit_url(membership), {"role": Role.COORDINATOR})

    assert response.status_code == 302
    assert response.url == MEMBERS
    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR
    entry = AuditEntry.objects.get(action="membership.update")
    assert entry.actor == ada
    assert entry.object_id == str(membership.pk)
    assert (entry.before, entry.after) == ({"role": Role.STAFF}, {"role": Role.COORDINATOR})


def test_an_unknown_role_is_a_field_error(client, ada, per):
    membership = membership_of(per)
    client.force_login(ada)
    response = client.post(edit_url(membership), {"role": "emperor"})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.STAFF
    assert not AuditEntry.objects.exists()


def test_ada_removes_a_member_and_it_is_audited(client, ada, frida):
    membership = membership_of(frida)
    client.force_login(ada)
    response = client.post(edit_url(membership), {"remove": "1"})

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert frida.__class__.objects.filter(pk=frida.pk).exists()  # the account itself stays
    entry = AuditEntry.objects.get(action="membership.delete")
    assert entry.actor == ada
    assert entry.before["role"] == Role.PARTNER


def test_mira_cannot_change_roles(client, mira, per):
    membership = membership_of(per)
    client.force_login(mira)
    assert client.get(edit_url(membership)).status_code == 403
    assert client.post(edit_url(membership), {"role": Role.ADMIN}).status_code == 403
    assert client.post(edit_url(membership), {"remove": "1"}).status_code == 403
    membership.refresh_from_db()
    assert membership.role == Role.STAFF


def test_per_and_cem_cannot_see_the_members_page(client, per, cem):
    for user in (per, cem):
        client.force_login(user)
        assert client.get(MEMBERS).status_code == 403


def test_olav_gets_404_on_eksempelviks_members(client, olav, per):
    client.force_login(olav)
    assert client.get(MEMBERS).status_code == 404
    assert client.get(edit_url(membership_of(per))).status_code == 404


def test_a_membership_of_another_municipality_is_404_even_for_an_admin(client, ada, olav):
    client.force_login(ada)
    response = client.post(edit_url(membership_of(olav)), {"remove": "1"})
    assert response.status_code == 404
    assert Membership.objects.filter(user=olav).exists()


def test_sam_the_site_admin_may_manage_any_municipality(client, sam, per):
    client.force_login(sam)
    response = client.post(edit_url(membership_of(per)), {"role": Role.POLITICIAN})
    assert response.status_code == 302
    assert membership_of(per).role == Role.POLITICIAN


def test_an_anonymous_visitor_is_sent_to_login(client, eksempelvik):
    response = client.get(MEMBERS)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={MEMBERS}"


def test_the_last_admin_cannot_be_demoted(client, ada):
    client.force_login(ada)
    response = client.post(edit_url(membership_of(ada)), {"role": Role.STAFF})
    assert response.status_code == 200
    assert response.context["messages"]
    assert membership_of(ada).role == Role.ADMIN


def test_the_last_admin_cannot_be_removed(client, ada):
    client.force_login(ada)
    client.post(edit_url(membership_of(ada)), {"remove": "1"})
    assert membership_of(ada).role == Role.ADMIN


def test_an_admin_can_step_down_when_another_admin_remains(client, ada, eksempelvik):
    member(eksempelvik, Role.ADMIN, "bea@eksempelvik.example", "Bea Admin")
    client.force_login(ada)
    response = client.post(edit_url(membership_of(ada)), {"role": Role.STAFF})
    assert response.status_code == 302
    assert membership_of(ada).role == Role.STAFF


def test_an_invitation_never_lowers_a_role(ada, mira, eksempelvik):
    actions.invite_member(eksempelvik, email=ada.email, role=Role.STAFF, name="",
                          invited_by=mira, accept_url=lambda token: token)
    token, token_hash = Invitation.new_token()
    Invitation.objects.filter(email=ada.email).update(token_hash=token_hash)
    actions.accept_invitation(token, user=ada)
    assert membership_of(ada).role == Role.ADMIN


def test_an_invitation_raises_a_role(cem, mira, eksempelvik):
    actions.invite_member(eksempelvik, email=cem.email, role=Role.STAFF, name="",
                          invited_by=mira, accept_url=lambda token: token)
    token, token_hash = Invitation.new_token()
    Invitation.objects.filter(email=cem.email).update(token_hash=token_hash)
    actions.accept_invitation(token, user=cem)
    assert membership_of(cem).role == Role.STAFF
