"""The overview document's life: writing it, consultation with comments, adoption (frozen)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samskap.audit.models import AuditEntry
from samskap.knowledge import actions_overview as actions
from samskap.knowledge.models import (
    Category,
    KnowledgeGap,
    Moderation,
    Observation,
    OverviewComment,
    OverviewDocument,
    OverviewSection,
)
from samskap.knowledge.tests.local_world import english, url
from samskap.knowledge.tests.overview_world import (
    adopted,
    low_income,
    on_consultation,
    written_document,
)
from samskap.testing.factories import IndicatorFactory, LocalKnowledgeFactory

Status = OverviewDocument.Status


@pytest.fixture
def indicator(db):
    return low_income()


@pytest.fixture
def draft(eksempelvik, per, cycle, indicator) -> OverviewDocument:
    return written_document(eksempelvik, per, cycle=cycle, indicators=(indicator,))


def fresh(document: OverviewDocument) -> OverviewDocument:
    return OverviewDocument.objects.get(pk=document.pk)


def section_post(**overrides):
    data = {"challenges": "Mange unge faller ut av skolen.", "resources": "Idrettslaget.",
            "causes_and_consequences": "", "inequality": "Størst i Nordbyen.",
            "indicators": [], "local_knowledge": [], "knowledge_gaps": []}
    data.update(overrides)
    return data


# --- Writing -------------------------------------------------------------------------------


def test_per_starts_a_draft_in_the_current_cycle_with_a_section_for_every_area(
        client, per, cycle):
    english(client, per)
    response = client.post(url("overview_new"), {
        "title": "Oversikt 2024", "introduction": "Slik har vi jobbet.", "in_cycle": "on"})

    document = OverviewDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("overview_detail", pk=document.pk)
    assert (document.status, document.cycle, document.created_by) == (Status.DRAFT, cycle, per)
    assert sorted(document.sections.values_list("category", flat=True)) == sorted(
        Category.values)
    entry = AuditEntry.objects.get(action="overview.create")
    assert entry.after["title"] == "Oversikt 2024"


def test_a_document_need_not_belong_to_the_cycle(client, per, cycle):
    english(client, per).post(url("overview_new"), {"title": "Oversikt", "introduction": ""})
    assert OverviewDocument.objects.get().cycle is None


@pytest.mark.parametrize(("who", "expected"), [
    ("cem", 403), ("frida", 403), ("siri", 403), ("olav", 404)])
def test_only_staff_start_a_document(client, request, eksempelvik, who, expected):
    user = request.getfixturevalue(who)
    response = english(client, user).post(url("overview_new"), {"title": "X"})
    assert response.status_code == expected
    assert not OverviewDocument.objects.exists()


def test_anonymous_visitors_are_asked_to_log_in_to_start_one(client, eksempelvik):
    response = client.get(url("overview_new"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_per_writes_an_area_citing_statistics_local_knowledge_and_a_gap(
        client, per, draft, indicator, eksempelvik):
    knowledge = LocalKnowledgeFactory(municipality=eksempelvik, status=Moderation.PUBLISHED,
                                      title="Skolevei uten lys")
    gap = KnowledgeGap.objects.create(municipality=eksempelvik, title="Frafall per bydel")
    english(client, per)
    page = client.get(url("overview_section", pk=draft.pk, category="upbringing"))
    assert page.status_code == 200
    assert "Skolevei uten lys" in page.content.decode()

    response = client.post(
        url("overview_section", pk=draft.pk, category="upbringing"),
        section_post(indicators=[indicator.pk], local_knowledge=[knowledge.pk],
                     knowledge_gaps=[gap.pk]))

    assert response.status_code == 302
    assert response["Location"].endswith("#area-upbringing")
    section = draft.sections.get(category="upbringing")
    assert section.challenges == "Mange unge faller ut av skolen."
    assert list(section.indicators.all()) == [indicator]
    assert list(section.local_knowledge.all()) == [knowledge]
    assert list(section.knowledge_gaps.all()) == [gap]
    entry = AuditEntry.objects.filter(action="overview.section.update").latest("pk")
    assert entry.before["challenges"] == "Flere barn vokser opp i lavinntektsfamilier."
    assert entry.after["challenges"] == "Mange unge faller ut av skolen."
    assert entry.after["indicators"] == ["lavinntekt"]


@pytest.mark.parametrize("field", ["indicators", "local_knowledge", "knowledge_gaps"])
def test_citing_what_belongs_to_another_municipality_is_a_form_error(
        client, per, draft, nabovik, field):
    foreign = {
        "indicators": lambda: IndicatorFactory(code="nabovik_egen", municipality=nabovik),
        "local_knowledge": lambda: LocalKnowledgeFactory(municipality=nabovik,
                                                         status=Moderation.PUBLISHED),
        "knowledge_gaps": lambda: KnowledgeGap.objects.create(municipality=nabovik,
                                                              title="Nabovik"),
    }[field]()
    before = draft.sections.get(category="upbringing").challenges

    response = english(client, per).post(
        url("overview_section", pk=draft.pk, category="upbringing"),
        section_post(**{field: [foreign.pk]}))

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert draft.sections.get(category="upbringing").challenges == before


def test_unpublished_local_knowledge_cannot_be_cited(client, per, draft, eksempelvik):
    pending = LocalKnowledgeFactory(municipality=eksempelvik, status=Moderation.PENDING)
    response = english(client, per).post(
        url("overview_section", pk=draft.pk, category="health"),
        section_post(local_knowledge=[pending.pk]))
    assert response.status_code == 400


def test_the_action_keeps_the_tenant_boundary_too(draft, per, nabovik):
    foreign = IndicatorFactory(code="nabovik_egen", municipality=nabovik)
    with pytest.raises(actions.OverviewRuleError):
        actions.update_section(draft.sections.get(category="health"), per, challenges="",
                               resources="", causes_and_consequences="", inequality="",
                               indicators=[foreign])


def test_an_unknown_area_is_not_found(client, per, draft):
    response = english(client, per).get(url("overview_section", pk=draft.pk, category="weather"))
    assert response.status_code == 404


@pytest.mark.parametrize(("who", "expected"), [("cem", 403), ("siri", 403), ("olav", 404)])
def test_only_staff_write_an_area(client, request, draft, who, expected):
    user = request.getfixturevalue(who)
    response = english(client, user).post(
        url("overview_section", pk=draft.pk, category="health"), section_post())
    assert response.status_code == expected
    assert draft.sections.get(category="health").challenges == ""


def test_per_edits_the_title_and_introduction(client, per, draft):
    response = english(client, per).post(url("overview_edit", pk=draft.pk), {
        "title": "Ny tittel", "introduction": "Ny innledning."})
    assert response.status_code == 302
    assert (fresh(draft).title, fresh(draft).introduction) == ("Ny tittel", "Ny innledning.")
    assert AuditEntry.objects.filter(action="overview.update").exists()


def test_another_municipalitys_document_is_not_found_under_this_one(client, olav, nabovik,
                                                                     mira, draft):
    # Olav's own document, asked for under Eksempelvik's number, and Eksempelvik's under his.
    theirs = written_document(nabovik, olav)
    english(client, mira)
    assert client.get(url("overview_detail", pk=theirs.pk)).status_code == 404
    english(client, olav)
    assert client.get(url("overview_detail", number="9998", pk=draft.pk)).status_code == 404


# --- Who sees a draft ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "cem", "frida", "olav"])
def test_drafts_are_hidden_from_everyone_outside_the_municipalitys_staff(
        client, request, draft, who):
    if who != "anonymous":
        english(client, request.getfixturevalue(who))
    assert client.get(url("overview_detail", pk=draft.pk)).status_code == 404
    for fmt in ("html", "pdf", "docx"):
        assert client.get(url("overview_export", pk=draft.pk, fmt=fmt)).status_code == 404
    listing = client.get(url("overview_list")).content.decode()
    assert "Folkehelseoversikt 2024" not in listing


@pytest.mark.parametrize("who", ["siri", "per", "mira", "ada", "sam"])
def test_the_municipalitys_staff_and_politicians_read_drafts(client, request, draft, who):
    english(client, request.getfixturevalue(who))
    page = client.get(url("overview_detail", pk=draft.pk))
    assert page.status_code == 200
    assert "This is a draft" in page.content.decode()
    assert "Folkehelseoversikt 2024" in client.get(url("overview_list")).content.decode()


def test_the_document_page_shows_the_assessment_with_its_chart_and_table(client, per, draft):
    page = english(client, per).get(url("overview_detail", pk=draft.pk)).content.decode()
    assert "Flere barn vokser opp i lavinntektsfamilier." in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert '<th scope="row">2024</th>' in page
    assert "Tallene viser ikke at busstilbudet forsvant i 2021." in page
    assert url("overview_section", pk=draft.pk, category="health") in page, "edit links"


# --- Consultation --------------------------------------------------------------------------


def test_per_cannot_publish_but_mira_sends_the_draft_on_consultation(client, per, mira, draft):
    until = timezone.localdate() + dt.timedelta(days=21)
    data = {"status": Status.CONSULTATION, "consultation_until": until.isoformat()}
    assert english(client, per).post(url("overview_status", pk=draft.pk), data).status_code == 403
    assert fresh(draft).status == Status.DRAFT

    response = english(client, mira).post(url("overview_status", pk=draft.pk), data)

    assert response.status_code == 302
    document = fresh(draft)
    assert (document.status, document.consultation_until) == (Status.CONSULTATION, until)
    entry = AuditEntry.objects.get(action="overview.status")
    assert (entry.actor, entry.before["status"], entry.after["status"]) == (
        mira, "draft", "consultation")
    assert entry.after["consultation_until"] == until.isoformat()


def test_a_consultation_needs_a_closing_date_that_has_not_passed(client, mira, draft):
    english(client, mira)
    missing = client.post(url("overview_status", pk=draft.pk), {"status": Status.CONSULTATION})
    past = client.post(url("overview_status", pk=draft.pk), {
        "status": Status.CONSULTATION,
        "consultation_until": (timezone.localdate() - dt.timedelta(days=1)).isoformat()})
    assert missing.status_code == past.status_code == 400
    assert "Say until when comments are open." in missing.content.decode()
    assert fresh(draft).status == Status.DRAFT


def test_a_draft_cannot_be_adopted_without_a_consultation(client, mira, draft):
    response = english(client, mira).post(url("overview_status", pk=draft.pk),
                                          {"status": Status.ADOPTED})
    assert response.status_code == 400
    assert fresh(draft).status == Status.DRAFT
    with pytest.raises(actions.OverviewRuleError):
        actions.change_status(draft, mira, Status.ADOPTED)


def test_on_consultation_the_document_is_public(client, mira, draft):
    on_consultation(draft, mira)
    page = client.get(url("overview_detail", pk=draft.pk))
    assert page.status_code == 200
    assert "Log in to comment" in english(client).get(
        url("overview_detail", pk=draft.pk)).content.decode()
    assert client.get(url("overview_export", pk=draft.pk, fmt="pdf")).status_code == 200


def test_cem_comments_on_a_section_and_per_responds(client, cem, per, mira, draft):
    on_consultation(draft, mira)
    section = draft.sections.get(category="upbringing")
    english(client, cem)
    response = client.post(url("overview_comment", pk=draft.pk),
                           {"section": section.pk, "text": "Husk fritidsklubben!"})
    assert response.status_code == 302
    assert response["Location"].endswith("#comments")
    comment = OverviewComment.objects.get()
    assert (comment.author, comment.section, comment.document) == (cem, section, fresh(draft))

    # Cem may not answer for the municipality; Per may.
    respond = url("overview_comment_respond", pk=draft.pk, comment=comment.pk)
    assert client.post(respond, {"response": "Jeg er kommunen"}).status_code == 403
    english(client, per).post(respond, {"response": "Takk, vi tar det med."})
    assert OverviewComment.objects.get().response == "Takk, vi tar det med."
    page = english(client).get(url("overview_detail", pk=draft.pk)).content.decode()
    assert "Husk fritidsklubben!" in page and "Takk, vi tar det med." in page
    assert AuditEntry.objects.filter(action__in=["overview.comment",
                                                 "overview.comment.respond"]).count() == 2


def test_a_comment_on_the_whole_document(client, cem, mira, draft):
    on_consultation(draft, mira)
    english(client, cem).post(url("overview_comment", pk=draft.pk),
                              {"section": "", "text": "Bra jobbet."})
    assert OverviewComment.objects.get().section is None


def test_nobody_comments_on_a_draft(client, cem, siri, draft):
    assert english(client, cem).post(url("overview_comment", pk=draft.pk),
                                     {"text": "Hei"}).status_code == 404
    english(client, siri).post(url("overview_comment", pk=draft.pk), {"text": "Hei"})
    assert not OverviewComment.objects.exists()


def test_anonymous_visitors_log_in_to_comment(client, mira, draft):
    on_consultation(draft, mira)
    response = client.post(url("overview_comment", pk=draft.pk), {"text": "Hei"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert not OverviewComment.objects.exists()


def test_comments_close_on_the_closing_date(client, cem, mira, draft):
    on_consultation(draft, mira, days=1)
    OverviewDocument.objects.filter(pk=draft.pk).update(
        consultation_until=timezone.localdate() - dt.timedelta(days=1))
    response = english(client, cem).post(url("overview_comment", pk=draft.pk),
                                         {"text": "For sent"}, follow=True)
    assert "Comments are open only while the document is on consultation." in (
        response.content.decode())
    assert not OverviewComment.objects.exists()


def test_a_comment_on_another_documents_section_is_a_form_error(client, cem, mira, per,
                                                                 draft, eksempelvik):
    on_consultation(draft, mira)
    other = written_document(eksempelvik, per)
    foreign = other.sections.get(category="health")
    response = english(client, cem).post(url("overview_comment", pk=draft.pk),
                                         {"section": foreign.pk, "text": "Hei"})
    assert response.status_code == 400
    assert not OverviewComment.objects.exists()


# --- Adoption ------------------------------------------------------------------------------


def test_mira_adopts_the_document_and_it_is_frozen(client, mira, per, draft):
    on_consultation(draft, mira)
    response = english(client, mira).post(url("overview_status", pk=draft.pk),
                                          {"status": Status.ADOPTED})
    assert response.status_code == 302
    document = fresh(draft)
    assert document.status == Status.ADOPTED and document.adopted_at is not None
    assert document.adopted_html.startswith("<!DOCTYPE html>")
    assert document.adopted_content["title"] == "Folkehelseoversikt 2024"
    entry = AuditEntry.objects.filter(action="overview.status").latest("pk")
    assert (entry.before["status"], entry.after["status"]) == ("consultation", "adopted")

    english(client, per)
    for page in (url("overview_section", pk=draft.pk, category="health"),
                 url("overview_edit", pk=draft.pk)):
        refused = client.post(page, section_post(title="x"), follow=True)
        assert "is adopted and can no longer be changed" in refused.content.decode()
    assert document.sections.get(category="health").challenges == ""
    assert fresh(draft).title == "Folkehelseoversikt 2024"
    status_page = english(client, mira).get(url("overview_status", pk=draft.pk), follow=True)
    assert "is adopted and can no longer be changed" in status_page.content.decode()
    with pytest.raises(actions.OverviewRuleError):
        actions.change_status(document, mira, Status.DRAFT)
    with pytest.raises(actions.OverviewRuleError):
        actions.update_section(document.sections.get(category="health"), per, challenges="x",
                               resources="", causes_and_consequences="", inequality="")


def test_the_adopted_version_stays_as_it_was_when_statistics_are_revised(
        client, mira, draft, indicator):
    document = adopted(draft, mira)
    html = client.get(url("overview_export", pk=draft.pk, fmt="html")).content
    docx_before = client.get(url("overview_export", pk=draft.pk, fmt="docx")).content
    assert html == document.adopted_html.encode()

    Observation.objects.filter(indicator=indicator, geo="9999", period_end=2024).update(
        value="99.9")
    OverviewSection.objects.filter(document=draft, category="upbringing").update(
        challenges="Endret i databasen")

    assert client.get(url("overview_export", pk=draft.pk, fmt="html")).content == html
    assert client.get(url("overview_export", pk=draft.pk, fmt="docx")).content == docx_before
    page = client.get(url("overview_detail", pk=draft.pk)).content.decode()
    assert "13,5" in page and "99,9" not in page
    assert "Endret i databasen" not in page


def test_the_adopted_document_is_public_and_still_answers_comments(client, mira, per, cem,
                                                                    draft):
    on_consultation(draft, mira)
    comment = actions.add_comment(draft, cem, text="Hva med eldre?")
    adopted(fresh(draft), mira)
    assert client.get(url("overview_detail", pk=draft.pk)).status_code == 200
    english(client, per).post(url("overview_comment_respond", pk=draft.pk, comment=comment.pk),
                              {"response": "Tatt med i neste runde."})
    assert OverviewComment.objects.get().response == "Tatt med i neste runde."
    with pytest.raises(actions.OverviewRuleError):
        actions.add_comment(fresh(draft), cem, text="Nå er det for sent")


def test_back_to_draft_hides_the_document_again(client, mira, draft):
    on_consultation(draft, mira)
    actions.change_status(fresh(draft), mira, Status.DRAFT)
    assert client.get(url("overview_detail", pk=draft.pk)).status_code == 404


# --- Query counts --------------------------------------------------------------------------


def test_the_list_page_takes_a_fixed_number_of_queries(client, siri, per, eksempelvik,
                                                       django_assert_max_num_queries):
    for _ in range(5):
        written_document(eksempelvik, per)
    english(client, siri)
    with django_assert_max_num_queries(12):
        assert client.get(url("overview_list")).status_code == 200


def test_the_document_page_does_not_query_per_cited_indicator(
        client, siri, per, eksempelvik):
    one = written_document(eksempelvik, per, indicators=(low_income("a"),))
    three = written_document(eksempelvik, per, indicators=(
        low_income("b"), low_income("c", category="health"), low_income("d")))
    english(client, siri)
    client.get(url("overview_detail", pk=one.pk))  # warm the session and caches

    with CaptureQueriesContext(connection) as first:
        assert client.get(url("overview_detail", pk=one.pk)).status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get(url("overview_detail", pk=three.pk)).status_code == 200
    assert len(second) == len(first)
