"""Knowledge gaps and community resources: public lists, staff forms, audit, tenancy."""

from __future__ import annotations

import pytest

from samskap.audit.models import AuditEntry
from samskap.knowledge.models import CommunityResource, KnowledgeGap, Moderation
from samskap.knowledge.tests.local_world import ESCAPED, XSS, contribution, english, url
from samskap.planning.models import Cycle
from samskap.testing.factories import DistrictFactory, IndicatorFactory


@pytest.fixture
def indicator(db):
    return IndicatorFactory(code="trivsel", name_en="Thriving at school", category="upbringing")


@pytest.fixture
def district(eksempelvik):
    return DistrictFactory(municipality=eksempelvik, name="Nordbyen")


def gap_post(**overrides):
    data = {"title": "How lonely are older people?", "description": "",
            "how_to_learn": "Ask in the next survey.", "category": "", "indicator": "",
            "district": ""}
    data.update(overrides)
    return data


def resource_post(**overrides):
    data = {"title": "The open sports hall", "description": "Fridays 18–22.",
            "category": "", "indicator": "", "district": ""}
    data.update(overrides)
    return data


# --- Knowledge gaps --------------------------------------------------------------------------


def test_per_adds_a_knowledge_gap_about_an_indicator_and_a_district(client, per, indicator,
                                                                   district):
    english(client, per)

    response = client.post(url("gap_new"), gap_post(indicator="trivsel", district=district.pk,
                                                     category="upbringing"))

    assert response.status_code == 302 and response["Location"] == url("gaps")
    gap = KnowledgeGap.objects.get()
    assert (gap.indicator, gap.district, gap.created_by, gap.is_closed) == (
        indicator, district, per, False)
    entry = AuditEntry.objects.get(action="knowledge_gap.create")
    assert entry.actor == per and entry.after["district"] == "Nordbyen"
    page = english(client).get(url("gaps")).content.decode()
    assert "How lonely are older people?" in page and "Ask in the next survey." in page


def test_a_gap_is_closed_when_we_know_and_the_log_says_so(client, mira, eksempelvik):
    gap = KnowledgeGap.objects.create(municipality=eksempelvik, title="Who uses the paths?")
    english(client, mira)

    assert 'id="id_is_closed"' not in client.get(url("gap_new")).content.decode()
    client.post(url("gap_edit", pk=gap.pk), gap_post(title=gap.title, is_closed="on"))
    client.post(url("gap_edit", pk=gap.pk), gap_post(title=gap.title, is_closed="on",
                                                     how_to_learn="Counted in 2025."))
    client.post(url("gap_edit", pk=gap.pk), gap_post(title=gap.title))

    assert [e.action for e in AuditEntry.objects.for_object(gap).order_by("id")] == [
        "knowledge_gap.close", "knowledge_gap.update", "knowledge_gap.reopen"]


def test_the_gap_list_shows_open_gaps_before_closed_ones(client, eksempelvik):
    KnowledgeGap.objects.create(municipality=eksempelvik, title="Known now", is_closed=True)
    KnowledgeGap.objects.create(municipality=eksempelvik, title="Still unknown")

    page = english(client).get(url("gaps")).content.decode()

    assert page.index("Open knowledge gaps") < page.index("Still unknown")
    assert page.index("Still unknown") < page.index("Closed: we know this now")
    assert page.index("Closed: we know this now") < page.index("Known now")
    assert "Add a knowledge gap" not in page


# --- Community resources -----------------------------------------------------------------------


def test_per_adds_and_changes_a_community_resource(client, per, district):
    english(client, per)

    client.post(url("resource_new"), resource_post(district=district.pk, category="environment"))
    resource = CommunityResource.objects.get()
    client.post(url("resource_edit", pk=resource.pk),
                resource_post(title="The open sports hall (Fridays)"))

    resource.refresh_from_db()
    assert resource.title == "The open sports hall (Fridays)" and resource.district is None
    assert resource.created_by == per
    assert [e.action for e in AuditEntry.objects.for_object(resource).order_by("id")] == [
        "community_resource.create", "community_resource.update"]
    page = english(client).get(url("resources")).content.decode()
    assert "The open sports hall (Fridays)" in page


# --- Who may --------------------------------------------------------------------------------------


EDIT_PAGES = ("gap_new", "resource_new")


@pytest.mark.parametrize("name", EDIT_PAGES)
def test_citizens_partners_and_politicians_may_not_edit(client, cem, frida, siri,
                                                        name):
    for person in (cem, frida, siri):
        english(client, person)
        assert client.get(url(name)).status_code == 403, person
        assert client.post(url(name), gap_post()).status_code == 403, person
    assert not KnowledgeGap.objects.exists() and not CommunityResource.objects.exists()


@pytest.mark.parametrize("name", EDIT_PAGES)
def test_strangers_get_a_404_and_anonymous_visitors_a_login(client, olav, eksempelvik, name):
    assert client.get(url(name)).status_code == 302
    english(client, olav)
    assert client.get(url(name)).status_code == 404
    assert client.post(url(name), gap_post()).status_code == 404


def test_another_municipalitys_gap_or_resource_is_a_404(client, per, nabovik):
    gap = KnowledgeGap.objects.create(municipality=nabovik, title="Theirs")
    resource = CommunityResource.objects.create(municipality=nabovik, title="Theirs")
    english(client, per)

    assert client.get(url("gap_edit", pk=gap.pk)).status_code == 404
    assert client.post(url("resource_edit", pk=resource.pk), resource_post()).status_code == 404
    assert CommunityResource.objects.get().title == "Theirs"


def test_districts_and_indicators_of_another_municipality_are_form_errors(client, per,
                                                                          nabovik):
    their_district = DistrictFactory(municipality=nabovik)
    their_indicator = IndicatorFactory(code="their_survey", municipality=nabovik)
    english(client, per)

    for name, post in (("gap_new", gap_post), ("resource_new", resource_post)):
        for data in ({"district": their_district.pk}, {"indicator": their_indicator.code}):
            response = client.post(url(name), post(**data))
            assert "Select a valid choice" in response.content.decode(), (name, data)
    assert not KnowledgeGap.objects.exists() and not CommunityResource.objects.exists()


def test_gap_and_resource_text_is_escaped(client, eksempelvik):
    KnowledgeGap.objects.create(municipality=eksempelvik, title=XSS, description=XSS,
                                how_to_learn=XSS)
    CommunityResource.objects.create(municipality=eksempelvik, title=XSS, description=XSS)

    for name in ("gaps", "resources"):
        page = english(client).get(url(name)).content.decode()
        assert XSS not in page and ESCAPED in page, name


def test_the_lists_do_not_query_per_item(client, eksempelvik, indicator, district,
                                         django_assert_max_num_queries):
    def add(n: int) -> None:
        for i in range(n):
            KnowledgeGap.objects.create(municipality=eksempelvik, title=f"Gap {i}",
                                        indicator=indicator, district=district,
                                        is_closed=i % 2 == 0)
            CommunityResource.objects.create(municipality=eksempelvik, title=f"Res {i}",
                                             indicator=indicator, district=district)

    english(client)
    add(2)
    counts = {}
    for name in ("gaps", "resources"):
        with django_assert_max_num_queries(10) as captured:
            client.get(url(name))
        counts[name] = len(captured.captured_queries)
    add(15)
    for name in ("gaps", "resources"):
        with django_assert_max_num_queries(counts[name]):
            client.get(url(name))


# --- On the overview step of the cycle ----------------------------------------------------------


def test_the_overview_step_lists_published_knowledge_and_open_gaps(client, cycle: Cycle, cem,
                                                                   eksempelvik):
    contribution(eksempelvik, cem, Moderation.PUBLISHED, title="Published story")
    contribution(eksempelvik, cem, Moderation.PENDING, title="Waiting story")
    KnowledgeGap.objects.create(municipality=eksempelvik, title="Open question")
    KnowledgeGap.objects.create(municipality=eksempelvik, title="Answered question",
                                is_closed=True)
    CommunityResource.objects.create(municipality=eksempelvik, title="The library")

    page = english(client).get(cycle.step(1).get_absolute_url()).content.decode()

    assert "Published story" in page and "Waiting story" not in page
    assert "Open question" in page and "Answered question" not in page
    assert "The library" in page
    assert 'id="section-local_knowledge"' in page and 'id="section-knowledge_gaps"' in page
    plan_step = english(client).get(cycle.step(2).get_absolute_url()).content.decode()
    assert "Published story" not in plan_step


def test_the_overview_step_says_when_there_is_nothing_yet(client, cycle: Cycle):
    page = english(client).get(cycle.step(1).get_absolute_url()).content.decode()

    assert "No local knowledge has been published yet." in page
    assert "No open knowledge gaps have been recorded." in page
