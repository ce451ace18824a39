"""Local knowledge: contributing, seeing one's own, what others may see, the public list."""

from __future__ import annotations

import pytest

from samskap.audit.models import AuditEntry
from samskap.knowledge.models import LocalKnowledge, Moderation
from samskap.knowledge.tests.local_world import ESCAPED, XSS, contribution, english, fresh, url
from samskap.testing.factories import DistrictFactory, IndicatorFactory, UserFactory


@pytest.fixture
def indicator(db):
    return IndicatorFactory(code="lavinntekt", name_en="Low income", category="upbringing")


@pytest.fixture
def district(eksempelvik):
    return DistrictFactory(municipality=eksempelvik, name="Sentrum")


def valid_post(**overrides):
    data = {"title": "Nowhere to meet", "text": "The youth club closed in 2022.",
            "story": "", "indicator": "", "category": "", "district": "", "place": ""}
    data.update(overrides)
    return data


# --- Contributing --------------------------------------------------------------------------


def test_cem_adds_local_knowledge_to_an_indicator_and_it_waits_for_moderation(
        client, cem, indicator):
    english(client, cem)

    form_page = client.get(url("local_new") + "?indicator=lavinntekt")
    assert form_page.status_code == 200
    assert '<option value="lavinntekt" selected>Low income</option>' in form_page.content.decode()
    assert "About the indicator:" in form_page.content.decode()

    response = client.post(url("local_new"), valid_post(indicator="lavinntekt",
                                                         story="Funding stopped."), follow=True)

    item = LocalKnowledge.objects.get()
    assert response.redirect_chain[-1][0] == url("local_detail", pk=item.pk)
    assert (item.author, item.status, item.indicator) == (cem, Moderation.PENDING, indicator)
    assert item.category == "upbringing", "the area follows from the indicator"
    assert item.municipality.number == "9999"
    page = response.content.decode()
    assert "waiting for moderation" in page
    assert "Funding stopped." in page
    entry = AuditEntry.objects.get(action="local_knowledge.submit")
    assert (entry.actor, entry.object_id) == (cem, str(item.pk))
    assert "text" not in entry.after, "the audit log keeps the state, not the person's text"


def test_partners_and_staff_may_contribute_too(client, frida, per, district):
    for person in (frida, per):
        english(client, person)
        response = client.post(url("local_new"), valid_post(district=district.pk))
        assert response.status_code == 302, person
    assert LocalKnowledge.objects.filter(status=Moderation.PENDING).count() == 2


def test_an_anonymous_visitor_is_sent_to_log_in_and_then_back(client, eksempelvik, indicator):
    target = url("local_new") + "?indicator=lavinntekt"

    response = client.get(target)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "next=/k/9999/knowledge/local/new/%3Findicator%3Dlavinntekt" in response["Location"]
    assert client.post(url("local_new"), valid_post(place="Torget")).status_code == 302
    assert not LocalKnowledge.objects.exists()


def test_empty_text_is_an_error_with_a_summary_and_nothing_is_saved(client, cem, indicator):
    english(client, cem)

    response = client.post(url("local_new"), valid_post(text="", indicator="lavinntekt"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page
    assert 'href="#id_text"' in page
    assert '<option value="lavinntekt" selected>' in page, "the choice is kept"
    assert not LocalKnowledge.objects.exists()


def test_a_contribution_must_say_what_it_is_about(client, cem):
    english(client, cem)

    response = client.post(url("local_new"), valid_post())

    assert "Say what it is about" in response.content.decode()
    assert not LocalKnowledge.objects.exists()


def test_a_place_described_in_words_is_enough(client, cem):
    english(client, cem)

    client.post(url("local_new"), valid_post(place="The path behind the school"))

    assert LocalKnowledge.objects.get().place == "The path behind the school"


def test_only_indicators_of_the_municipality_catalogue_can_be_chosen(client, cem, nabovik,
                                                                     indicator):
    theirs = IndicatorFactory(code="nabo_survey", municipality=nabovik, name_en="Their survey")
    retired = IndicatorFactory(code="retired", is_active=False, name_en="Retired")
    english(client, cem)

    page = client.get(url("local_new")).content.decode()
    assert "Low income" in page
    assert "Their survey" not in page and "Retired" not in page
    for code in (theirs.code, retired.code, "no-such-code"):
        response = client.post(url("local_new"), valid_post(indicator=code))
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    assert not LocalKnowledge.objects.exists()


def test_a_district_of_another_municipality_is_a_form_error(client, cem, nabovik, district):
    theirs = DistrictFactory(municipality=nabovik, name="Naboby")
    english(client, cem)

    assert "Naboby" not in client.get(url("local_new")).content.decode()
    response = client.post(url("local_new"), valid_post(district=theirs.pk))

    assert "Select a valid choice" in response.content.decode()
    assert not LocalKnowledge.objects.exists()


def test_extra_posted_fields_are_ignored(client, cem, mira):
    english(client, cem)

    client.post(url("local_new"), valid_post(place="Torget", status="published",
                                             author=mira.pk, response="Thanks!"))

    item = LocalKnowledge.objects.get()
    assert (item.status, item.author, item.response) == (Moderation.PENDING, cem, "")


def test_a_preselection_outside_the_catalogue_selects_nothing(client, cem, nabovik, indicator):
    IndicatorFactory(code="nabo_survey", municipality=nabovik)
    english(client, cem)

    page = client.get(url("local_new") + "?indicator=nabo_survey&district=999999").content.decode()

    assert " selected>" not in page.split('id="id_indicator"')[1].split("</select>")[0]
    assert "About the indicator:" not in page


# --- Seeing one's own, and what others may see -----------------------------------------------


def test_the_author_sees_their_contributions_and_statuses_on_the_list(client, cem, eksempelvik):
    contribution(eksempelvik, cem, title="Mine, waiting")
    contribution(eksempelvik, cem, Moderation.NEEDS_EDIT, title="Mine, sent back")
    contribution(eksempelvik, cem, Moderation.REJECTED, title="Mine, rejected")
    contribution(eksempelvik, UserFactory(), title="Someone else's")
    english(client, cem)

    page = client.get(url("local_list")).content.decode()

    mine = page.split('id="mine-title"')[1].split("</section>")[0]
    for title in ("Mine, waiting", "Mine, sent back", "Mine, rejected"):
        assert title in mine
    assert "Someone else's" not in page
    assert "Waiting for moderation" in mine and "Needs changes" in mine and "Rejected" in mine
    assert mine.count(">Change<") == 2, "pending and sent back contributions can be changed"
    assert 'id="queue-title"' not in page, "no moderation queue for a citizen"


@pytest.mark.parametrize("status", [Moderation.PENDING, Moderation.NEEDS_EDIT,
                                    Moderation.REJECTED])
def test_an_unpublished_contribution_is_a_404_for_everyone_but_its_author_and_staff(
        client, cem, frida, siri, per, olav, sam, eksempelvik, status):
    item = contribution(eksempelvik, cem, status, title="Not public")
    detail = url("local_detail", pk=item.pk)

    assert client.get(detail).status_code == 404  # anonymous
    for person in (frida, siri, olav):
        english(client, person)
        assert client.get(detail).status_code == 404, person
    for person in (cem, per, sam):
        english(client, person)
        assert client.get(detail).status_code == 200, person


def test_an_unpublished_contribution_is_not_on_the_public_list(client, eksempelvik, cem):
    contribution(eksempelvik, cem, title="Still waiting")
    contribution(eksempelvik, cem, Moderation.PUBLISHED, title="Out in the open")

    page = english(client).get(url("local_list")).content.decode()

    assert "Out in the open" in page
    assert "Still waiting" not in page


def test_a_contribution_is_a_404_under_another_municipality(client, eksempelvik, nabovik, cem):
    item = contribution(eksempelvik, cem, Moderation.PUBLISHED)

    assert english(client, cem).get(url("local_detail", "9998", pk=item.pk)).status_code == 404
    assert client.get(url("local_detail", "9999", pk=item.pk)).status_code == 200


def test_the_author_is_shown_by_name_never_by_e_mail_address(client, eksempelvik, cem):
    nameless = UserFactory(email="secret@example.org", name="")
    contribution(eksempelvik, cem, Moderation.PUBLISHED, title="By Cem")
    item = contribution(eksempelvik, nameless, Moderation.PUBLISHED, title="By nobody")

    english(client)
    for page_url in (url("local_list"), url("local_detail", pk=item.pk)):
        page = client.get(page_url).content.decode()
        assert "cem@innbygger.example" not in page and "secret@example.org" not in page
    assert "Cem Innbygger" in client.get(url("local_list")).content.decode()
    assert "(name not given)" in client.get(url("local_detail", pk=item.pk)).content.decode()


def test_user_text_is_escaped_everywhere_it_is_shown(client, eksempelvik, per):
    author = UserFactory(name=XSS)
    published = contribution(eksempelvik, author, Moderation.PUBLISHED, title=XSS, text=XSS,
                             story=XSS, place=XSS, response=XSS, responded_by=per)
    pending = contribution(eksempelvik, author, title=XSS, text=XSS, story=XSS, place=XSS)

    english(client, per)
    pages = [url("local_list"), url("local_detail", pk=published.pk),
             url("local_moderate", pk=pending.pk)]
    english(client, author)
    for page_url in pages[:2]:
        assert XSS not in client.get(page_url).content.decode()
    client.force_login(per)
    for page_url in pages:
        page = client.get(page_url).content.decode()
        assert XSS not in page, page_url
        assert ESCAPED in page, page_url


# --- The author changes a contribution that was sent back -------------------------------------


def test_the_author_changes_a_contribution_sent_back_and_it_waits_again(client, cem,
                                                                        eksempelvik):
    item = contribution(eksempelvik, cem, Moderation.NEEDS_EDIT, place="Torget",
                        moderation_reason="Please don't name the neighbours.")
    english(client, cem)

    form_page = client.get(url("local_edit", pk=item.pk)).content.decode()
    assert "Please don&#x27;t name the neighbours." in form_page
    response = client.post(url("local_edit", pk=item.pk),
                           valid_post(place="Torget", text="Without names now."))

    assert response.status_code == 302
    item = fresh(item)
    assert (item.status, item.text) == (Moderation.PENDING, "Without names now.")
    entry = AuditEntry.objects.get(action="local_knowledge.revise")
    assert entry.before["status"] == Moderation.NEEDS_EDIT
    assert entry.after["status"] == Moderation.PENDING


@pytest.mark.parametrize("status", [Moderation.PUBLISHED, Moderation.REJECTED])
def test_a_moderated_contribution_can_no_longer_be_changed(client, cem, eksempelvik, status):
    item = contribution(eksempelvik, cem, status, place="Torget")
    english(client, cem)

    assert client.get(url("local_edit", pk=item.pk)).status_code == 403
    assert client.post(url("local_edit", pk=item.pk),
                       valid_post(place="Torget", text="Sneaky")).status_code == 403
    assert fresh(item).status == status


def test_only_the_author_can_change_a_contribution(client, cem, frida, per, eksempelvik):
    item = contribution(eksempelvik, cem, Moderation.NEEDS_EDIT, place="Torget")
    edit = url("local_edit", pk=item.pk)

    assert client.get(edit).status_code == 302  # anonymous: log in first
    assert english(client, frida).get(edit).status_code == 404
    assert english(client, per).post(edit, valid_post(place="x")).status_code == 403
    assert fresh(item).text != "The youth club closed in 2022."


# --- The public list -------------------------------------------------------------------------


def test_the_list_filters_by_area_indicator_and_district(client, eksempelvik, cem, indicator,
                                                        district):
    contribution(eksempelvik, cem, Moderation.PUBLISHED, title="About income",
                 indicator=indicator, category="upbringing")
    contribution(eksempelvik, cem, Moderation.PUBLISHED, title="About the centre",
                 district=district, category="environment")
    contribution(eksempelvik, cem, Moderation.PUBLISHED, title="About injuries",
                 category="injuries")
    english(client)

    def titles(query: str) -> set[str]:
        page = client.get(url("local_list") + query).content.decode()
        return {t for t in ("About income", "About the centre", "About injuries") if t in page}

    assert titles("") == {"About income", "About the centre", "About injuries"}
    assert titles("?indicator=lavinntekt") == {"About income"}
    assert titles(f"?district={district.pk}") == {"About the centre"}
    assert titles("?category=injuries") == {"About injuries"}
    assert titles("?category=environment&district=" + str(district.pk)) == {"About the centre"}


def test_a_tampered_filter_is_dropped_not_used(client, eksempelvik, nabovik, cem):
    theirs = DistrictFactory(municipality=nabovik)
    contribution(eksempelvik, cem, Moderation.PUBLISHED, title="Visible", category="health")
    english(client)

    for query in (f"?district={theirs.pk}", "?category=status", "?indicator=x'--",
                  "?district=1 OR 1=1", "?page=999"):
        response = client.get(url("local_list") + query)
        assert response.status_code == 200, query
        assert "Visible" in response.content.decode(), query


def test_the_list_pages_through_many_contributions(client, eksempelvik, cem):
    for n in range(30):
        contribution(eksempelvik, cem, Moderation.PUBLISHED, title=f"Item number {n:02d}")
    english(client)

    first = client.get(url("local_list")).content.decode()
    second = client.get(url("local_list") + "?page=2").content.decode()

    assert first.count("Item number") == 25 and second.count("Item number") == 5
    assert "Page 1 of 2" in first and "?page=2" in first


def test_the_list_does_not_query_per_contribution(client, eksempelvik, per, indicator, district,
                                                  django_assert_max_num_queries):
    def add(n: int) -> None:
        for i in range(n):
            author = UserFactory()
            for status in Moderation.values:
                contribution(eksempelvik, author, status, indicator=indicator,
                             district=district, response="Thanks", responded_by=per)
            contribution(eksempelvik, per, Moderation.PENDING, title=f"Own {i}")

    english(client, per)
    add(1)
    client.get(url("local_list"))  # warm the session and caches
    with django_assert_max_num_queries(20) as few:
        client.get(url("local_list"))
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(url("local_list"))
    assert response.content.decode().count("Own ") >= 11
    # municipality ×2, session, user, role, indicators and districts (filters), the queue,
    # one's own, the count and the page of published ones.
    assert len(many.captured_queries) <= 12
