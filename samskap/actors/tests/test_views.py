"""The actor register's pages: who sees what, editing by staff and by a representative,
contact persons with consent, links to settings, and no 500 on bad input."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samskap.actors.models import Actor, ActorResource, ActorSettingLink, ContactPerson
from samskap.audit.models import AuditEntry
from samskap.contracts.models import CommunityContract, ContractParty
from samskap.testing.factories import ActorFactory, DistrictFactory, SettingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def url(name, municipality, **kwargs):
    return reverse(f"actors:{name}", kwargs={"number": municipality.number, **kwargs})


@pytest.fixture
def nordbyen(eksempelvik):
    return DistrictFactory(municipality=eksempelvik, name="Nordbyen")


@pytest.fixture
def centre(eksempelvik, frida, nordbyen):
    """The volunteer centre, which Frida represents, assessed by the municipality."""
    actor = ActorFactory(municipality=eksempelvik, name="Eksempelvik frivilligsentral",
                         kind="voluntary", description="Møteplass for frivillige.",
                         interests="Flere frivillige.", influence=3, interest=5, affected=2,
                         obstruction=1, groups_reached=["elderly", f"district:{nordbyen.pk}"])
    actor.representatives.add(frida)
    ActorResource.objects.create(actor=actor, kind="volunteers", description="Besøksvenner",
                                 amount="120")
    return actor


@pytest.fixture
def club(eksempelvik):
    return ActorFactory(municipality=eksempelvik, name="Nordbyen idrettslag", kind="voluntary",
                        obstruction=2)


def profile_data(**overrides):
    return {"org_number": "", "description": "Ny tekst", "interests": "Mer samarbeid",
            "groups_reached": ["elderly"], **overrides}


def staff_data(**overrides):
    data = {"name": "Eksempelvik frivilligsentral", "kind": "voluntary", "sector": "",
            **profile_data(), "influence": "3", "interest": "5", "affected": "2",
            "obstruction": "1"}
    data.update(overrides)
    return data


# --- Reading --------------------------------------------------------------------------------

def test_per_finds_the_club_by_name_kind_and_group(client, per, centre, club):
    client.force_login(per)
    response = client.get(url("list", centre.municipality), {"q": "idrett"})
    assert [a.name for a in response.context["page"].object_list] == ["Nordbyen idrettslag"]
    response = client.get(url("list", centre.municipality), {"group": "elderly"})
    assert [a.name for a in response.context["page"].object_list] == [centre.name]
    response = client.get(url("list", centre.municipality), {"kind": "business"})
    assert list(response.context["page"].object_list) == []
    assert "0 of 2 actors match" in response.content.decode()


def test_the_district_filter_finds_actors_present_there_or_reaching_it(
        client, per, centre, club, nordbyen, eksempelvik):
    hall = SettingFactory(municipality=eksempelvik, name="Nordbyhallen", district=nordbyen)
    ActorSettingLink.objects.create(actor=club, setting=hall, kind="present")
    other = ActorFactory(municipality=eksempelvik, name="Butikken", kind="business")
    client.force_login(per)
    response = client.get(url("list", eksempelvik), {"district": nordbyen.pk})
    names = {a.name for a in response.context["page"].object_list}
    assert names == {centre.name, club.name}
    assert other.name not in names


def test_unknown_filter_values_are_field_errors_not_failures(client, per, centre):
    client.force_login(per)
    response = client.get(url("list", centre.municipality),
                          {"kind": "dragon", "district": "x", "group": "district:99999"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"kind", "district", "group"}


def test_the_list_costs_the_same_few_queries_for_many_actors(
        client, per, eksempelvik, django_assert_max_num_queries):
    ActorFactory.create_batch(30, municipality=eksempelvik, groups_reached=["youth"])
    client.force_login(per)
    with django_assert_max_num_queries(20):
        assert client.get(url("list", eksempelvik)).status_code == 200


def test_siri_sees_the_assessment_in_words_but_not_contact_persons(client, siri, centre):
    ContactPerson.objects.create(actor=centre, name="Kari Kontakt", purpose="Leksehjelp",
                                 consent_given_at="2026-01-01T10:00Z")
    client.force_login(siri)
    page = client.get(url("detail", centre.municipality, pk=centre.pk)).content.decode()
    assert "5 – very high" in page and "Flere frivillige." in page
    assert "Kari Kontakt" not in page and "Change log" not in page


def test_cem_sees_the_public_profile_without_scores_interests_or_representatives(
        client, cem, centre):
    client.force_login(cem)
    response = client.get(url("detail", centre.municipality, pk=centre.pk))
    page = response.content.decode()
    assert "Møteplass for frivillige." in page and "Besøksvenner" in page
    assert "District Nordbyen" in page
    assert response.context["scores"] is None
    assert "Flere frivillige." not in page and "Frida Frivillig" not in page
    listing = client.get(url("list", centre.municipality)).content.decode()
    assert "Obstruction capacity" not in listing


def test_frida_sees_her_own_actors_interests(client, frida, centre, club):
    client.force_login(frida)
    assert "Flere frivillige." in client.get(
        url("detail", centre.municipality, pk=centre.pk)).content.decode()


def test_per_sees_contact_persons_and_the_change_log_in_words(client, per, centre, eksempelvik):
    client.force_login(per)
    client.post(url("edit", eksempelvik, pk=centre.pk), staff_data(obstruction="4"))
    page = client.get(url("detail", eksempelvik, pk=centre.pk)).content.decode()
    assert "Actor changed" in page
    assert "obstruction capacity (1–5): 1 → 4" in page
    assert "groups reached: Elderly people, District Nordbyen → Elderly people" in page


def test_another_municipalitys_actor_is_not_found(client, olav, per, centre, nabovik):
    theirs = ActorFactory(municipality=nabovik, name="Naboviks lag")
    client.force_login(per)
    assert client.get(url("detail", centre.municipality, pk=theirs.pk)).status_code == 404
    assert client.post(url("edit", centre.municipality, pk=theirs.pk),
                       staff_data()).status_code == 404
    client.force_login(olav)
    assert client.get(url("detail", centre.municipality, pk=centre.pk)).status_code == 404
    assert client.get(url("list", centre.municipality)).status_code == 404


# --- Editing --------------------------------------------------------------------------------

def test_per_adds_an_actor_with_a_spaced_org_number(client, per, eksempelvik):
    client.force_login(per)
    response = client.post(url("new", eksempelvik), staff_data(
        name="Sjøsida kystlag", kind="faith_culture", org_number="974 760 673"))
    actor = Actor.objects.get(name="Sjøsida kystlag")
    assert response.status_code == 302
    assert actor.org_number == "974760673"
    assert AuditEntry.objects.filter(action="actors.create_actor").count() == 1


@pytest.mark.parametrize(("field", "value"), [
    ("org_number", "123456789"), ("org_number", "abc"), ("influence", "7"),
    ("influence", "many"), ("kind", "dragon"), ("name", ""), ("groups_reached", ["martians"]),
    ("sector", "mafia"),
])
def test_bad_input_is_a_field_error(client, per, eksempelvik, field, value):
    client.force_login(per)
    response = client.post(url("new", eksempelvik), staff_data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'class="error-summary"' in response.content.decode()
    assert not Actor.objects.exists()


def test_a_duplicate_org_number_is_a_field_error(client, per, eksempelvik, centre):
    Actor.objects.filter(pk=centre.pk).update(org_number="974760673")
    client.force_login(per)
    response = client.post(url("new", eksempelvik), staff_data(name="Kopi",
                                                               org_number="974760673"))
    assert "org_number" in response.context["form"].errors
    assert Actor.objects.count() == 1


def test_frida_edits_her_actors_profile_but_not_the_assessment(client, frida, centre):
    client.force_login(frida)
    form = client.get(url("edit", centre.municipality, pk=centre.pk)).context["form"]
    assert "obstruction" not in form.fields and "name" not in form.fields
    response = client.post(url("edit", centre.municipality, pk=centre.pk),
                           profile_data(obstruction="5", influence="5", name="Nytt navn"))
    assert response.status_code == 302
    centre.refresh_from_db()
    assert centre.description == "Ny tekst" and centre.groups_reached == ["elderly"]
    assert (centre.name, centre.influence, centre.obstruction) == (
        "Eksempelvik frivilligsentral", 3, 1)


def test_frida_may_not_edit_another_actor(client, frida, club):
    client.force_login(frida)
    assert client.get(url("edit", club.municipality, pk=club.pk)).status_code == 403
    response = client.post(url("edit", club.municipality, pk=club.pk), profile_data())
    assert response.status_code == 403
    assert client.post(url("resources", club.municipality, pk=club.pk), {}).status_code == 403
    club.refresh_from_db()
    assert club.description == ""


def test_frida_keeps_her_resources_up_to_date(client, frida, centre):
    client.force_login(frida)
    page = client.get(url("resources", centre.municipality, pk=centre.pk))
    assert page.context["formset"].total_form_count() == 3
    response = client.post(url("resources", centre.municipality, pk=centre.pk), {
        "resources-TOTAL_FORMS": "3", "resources-INITIAL_FORMS": "1",
        "resources-MIN_NUM_FORMS": "0", "resources-MAX_NUM_FORMS": "50",
        "resources-0-kind": "volunteers", "resources-0-description": "Besøksvenner",
        "resources-0-amount": "120", "resources-0-DELETE": "on",
        "resources-1-kind": "premises", "resources-1-description": "Kafé i sentrum",
        "resources-1-amount": "",
        "resources-2-kind": "", "resources-2-description": "", "resources-2-amount": ""})
    assert response.status_code == 302
    assert list(centre.resources.values_list("kind", "description")) == [
        ("premises", "Kafé i sentrum")]


def test_a_resource_without_a_kind_is_a_field_error(client, frida, centre):
    client.force_login(frida)
    response = client.post(url("resources", centre.municipality, pk=centre.pk), {
        "resources-TOTAL_FORMS": "1", "resources-INITIAL_FORMS": "0",
        "resources-0-kind": "", "resources-0-description": "Penger", "resources-0-amount": ""})
    assert response.status_code == 200
    assert "Resource 1, Kind" in response.content.decode()
    assert centre.resources.count() == 1


def test_a_broken_management_form_is_not_a_server_error(client, frida, centre):
    client.force_login(frida)
    response = client.post(url("resources", centre.municipality, pk=centre.pk), {})
    assert response.status_code == 200
    assert centre.resources.count() == 1


def test_per_chooses_representatives_among_members_only(client, per, cem, olav, centre):
    client.force_login(per)
    response = client.post(url("representatives", centre.municipality, pk=centre.pk),
                           {"representatives": [olav.pk]})
    assert "representatives" in response.context["form"].errors
    response = client.post(url("representatives", centre.municipality, pk=centre.pk),
                           {"representatives": [cem.pk]})
    assert response.status_code == 302
    assert list(centre.representatives.all()) == [cem]
    assert AuditEntry.objects.filter(action="actors.set_representatives").exists()


def test_per_deletes_an_actor_after_confirming(client, per, club):
    client.force_login(per)
    assert "Delete Nordbyen idrettslag?" in client.get(
        url("delete", club.municipality, pk=club.pk)).content.decode()
    assert client.post(url("delete", club.municipality, pk=club.pk)).status_code == 302
    assert not Actor.objects.filter(pk=club.pk).exists()
    assert AuditEntry.objects.get(action="actors.delete_actor").before["name"] == club.name


# --- Contact persons ------------------------------------------------------------------------

def test_a_contact_person_needs_consent_and_a_purpose(client, per, centre):
    client.force_login(per)
    response = client.post(url("contact_new", centre.municipality, pk=centre.pk),
                           {"name": "Kari Kontakt", "email": "kari@example.org"})
    assert set(response.context["form"].errors) == {"consent", "purpose"}
    assert not ContactPerson.objects.exists()
    response = client.post(url("contact_new", centre.municipality, pk=centre.pk),
                           {"name": "Kari Kontakt", "email": "ikke-epost", "purpose": "x",
                            "consent": "on"})
    assert "email" in response.context["form"].errors
    response = client.post(url("contact_new", centre.municipality, pk=centre.pk), {
        "name": "Kari Kontakt", "email": "kari@example.org", "purpose": "Leksehjelpen",
        "consent": "on"})
    assert response.status_code == 302
    person = ContactPerson.objects.get()
    assert person.consent_given_at is not None and person.purpose == "Leksehjelpen"


def test_removing_a_contact_person_leaves_no_personal_data_in_the_log(client, per, centre):
    person = ContactPerson.objects.create(actor=centre, name="Kari Kontakt",
                                          email="kari@example.org", purpose="Leksehjelp",
                                          consent_given_at="2026-01-01T10:00Z")
    client.force_login(per)
    response = client.post(url("contact_remove", centre.municipality, pk=centre.pk,
                               contact=person.pk), {"reason": "trakk samtykket"})
    assert response.status_code == 302
    assert not ContactPerson.objects.exists()
    entry = AuditEntry.objects.get(action="actors.remove_contact_person")
    assert entry.reason == "trakk samtykket"
    assert "Kari" not in str(entry.before) + str(entry.after) + entry.object_repr
    page = client.get(url("detail", centre.municipality, pk=centre.pk)).content.decode()
    assert "Contact person removed" in page and "Kari" not in page


def test_frida_cannot_see_or_add_contact_persons_of_her_own_actor(client, frida, centre):
    client.force_login(frida)
    assert client.get(url("detail", centre.municipality, pk=centre.pk)).context[
        "contacts"] is None
    response = client.post(url("contact_new", centre.municipality, pk=centre.pk), {
        "name": "X", "purpose": "Y", "consent": "on"})
    assert response.status_code == 403


# --- Links to settings ----------------------------------------------------------------------

def test_per_links_and_unlinks_an_actor_and_a_setting(client, per, club, eksempelvik):
    hall = SettingFactory(municipality=eksempelvik, name="Nordbyhallen", kind="sports_club")
    client.force_login(per)
    response = client.post(url("link", eksempelvik, pk=club.pk),
                           {"setting": hall.pk, "kind": "runs"})
    assert response.status_code == 302
    link = ActorSettingLink.objects.get(actor=club, setting=hall, kind="runs")
    again = client.post(url("link", eksempelvik, pk=club.pk), {"setting": hall.pk,
                                                               "kind": "runs"})
    assert again.context["form"].non_field_errors()
    page = client.get(url("detail", eksempelvik, pk=club.pk)).content.decode()
    assert "Actor linked to a setting" in page and "Nordbyhallen (runs)" in page
    client.post(url("unlink", eksempelvik, pk=club.pk, link=link.pk))
    assert not ActorSettingLink.objects.exists()


def test_a_setting_of_another_municipality_cannot_be_chosen(client, per, club, nabovik):
    theirs = SettingFactory(municipality=nabovik)
    client.force_login(per)
    response = client.post(url("link", club.municipality, pk=club.pk),
                           {"setting": theirs.pk, "kind": "present"})
    assert "setting" in response.context["form"].errors
    assert not ActorSettingLink.objects.exists()


def test_the_profile_costs_the_same_few_queries_however_long_its_history(
        client, per, centre, eksempelvik, django_assert_max_num_queries):
    for n in range(12):
        hall = SettingFactory(municipality=eksempelvik, name=f"Arena {n}")
        client.force_login(per)
        client.post(url("link", eksempelvik, pk=centre.pk), {"setting": hall.pk,
                                                             "kind": "present"})
    assert centre.get_absolute_url() == url("detail", eksempelvik, pk=centre.pk)
    with django_assert_max_num_queries(25):
        page = client.get(centre.get_absolute_url())
    assert page.status_code == 200 and len(page.context["log"]) == 12


def test_a_party_to_a_community_contract_is_not_deleted(client, per, club, eksempelvik):
    contract = CommunityContract.objects.create(
        municipality=eksempelvik, title="Aktivitetsløftet", purpose="Flere barn i aktivitet",
        starts_on="2026-01-01", follow_up="Halvårlig møte", leaving_clause="Tre måneder",
        municipality_contribution="Haltid")
    ContractParty.objects.create(contract=contract, actor=club)
    client.force_login(per)
    response = client.post(url("delete", eksempelvik, pk=club.pk))
    assert response["Location"] == url("detail", eksempelvik, pk=club.pk)
    assert Actor.objects.filter(pk=club.pk).exists()
    assert not AuditEntry.objects.filter(action="actors.delete_actor").exists()


def test_the_list_pages_through_many_actors_without_calling_it_a_search(
        client, cem, eksempelvik):
    ActorFactory.create_batch(55, municipality=eksempelvik)
    client.force_login(cem)
    response = client.get(url("list", eksempelvik), {"page": "2"})
    assert len(response.context["page"].object_list) == 5
    assert "55 actors" in response.content.decode()
    assert "match" not in response.content.decode()
    assert client.get(url("list", eksempelvik), {"page": "x"}).status_code == 200


def test_frida_finds_the_organisation_she_represents_at_the_top(client, frida, centre, club):
    client.force_login(frida)
    response = client.get(url("list", centre.municipality))
    assert list(response.context["mine"]) == [centre]
    assert "The organisation you represent" in response.content.decode()


def test_htmx_gets_only_the_results_and_the_count_for_screen_readers(client, per, centre, club):
    client.force_login(per)
    response = client.get(url("list", centre.municipality), {"q": "idrett"},
                          headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<h1" not in html and 'id="actor-results"' in html
    assert 'id="actor-status"' in html and 'hx-swap-oob="true"' in html
    assert "1 of 2 actor matches" in html
