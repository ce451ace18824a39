"""The overview document on the cycle's step pages: step 1 lists it, step 2 starts from it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from samskap.knowledge import actions_overview as actions
from samskap.knowledge.models import OverviewDocument, OverviewSection
from samskap.knowledge.tests.local_world import english, url
from samskap.knowledge.tests.overview_world import (
    adopted,
    on_consultation,
    written_document,
)


def step_page(client, cycle, step: int) -> str:
    response = english(client).get(reverse("planning:step", kwargs={
        "number": cycle.municipality.number, "pk": cycle.pk, "step": step}))
    assert response.status_code == 200
    return response.content.decode()


def test_step_one_shows_a_draft_only_as_a_count(client, cycle, per, eksempelvik):
    written_document(eksempelvik, per, cycle=cycle)
    page = step_page(client, cycle, 1)
    assert "Overview document" in page
    assert "1 draft being written (not public yet)" in page
    assert "Folkehelseoversikt 2024" not in page


def test_step_one_lists_public_documents_with_their_status(client, cycle, per, mira,
                                                           eksempelvik):
    document = on_consultation(written_document(eksempelvik, per, cycle=cycle), mira)
    page = step_page(client, cycle, 1)
    assert f'<a href="{url("overview_detail", pk=document.pk)}">Folkehelseoversikt 2024</a>' in page
    assert "on consultation until" in page


def test_step_two_starts_from_the_challenges_of_the_adopted_document(
        client, cycle, per, mira, eksempelvik):
    document = adopted(written_document(eksempelvik, per, cycle=cycle), mira)
    # A newer document on consultation does not replace the adopted one as starting point.
    newer = on_consultation(written_document(eksempelvik, per, cycle=cycle), mira)
    OverviewSection.objects.filter(document=newer, category="upbringing").update(
        challenges="Utkast til ny vurdering")

    page = step_page(client, cycle, 2)

    assert "Starting points from the overview" in page
    anchor = url("overview_detail", pk=document.pk) + "#area-upbringing"
    assert f'<a href="{anchor}">Conditions for growing up and living</a>' in page
    assert "Flere barn vokser opp i lavinntektsfamilier." in page
    assert "Utkast til ny vurdering" not in page
    assert "Health status</a>" not in page, "areas without challenges are left out"


def test_step_two_falls_back_to_the_document_on_consultation(client, cycle, per, mira,
                                                            eksempelvik):
    on_consultation(written_document(eksempelvik, per, cycle=cycle), mira)
    assert "Flere barn vokser opp i lavinntektsfamilier." in step_page(client, cycle, 2)


def test_step_two_never_shows_a_drafts_text(client, cycle, per, eksempelvik):
    written_document(eksempelvik, per, cycle=cycle)
    page = step_page(client, cycle, 2)
    assert "Flere barn vokser opp" not in page
    assert "No overview document has been published yet" in page


def test_documents_of_another_cycle_stay_with_their_cycle(client, cycle, other_cycle, olav,
                                                          nabovik):
    adopted(written_document(nabovik, olav, cycle=other_cycle), olav)
    assert "Flere barn vokser opp" not in step_page(client, cycle, 2)


@pytest.mark.parametrize("step", [1, 2])
def test_the_step_pages_take_a_fixed_number_of_queries(client, cycle, per, mira, eksempelvik,
                                                       step, django_assert_max_num_queries):
    for _ in range(3):
        on_consultation(written_document(eksempelvik, per, cycle=cycle), mira)
    with django_assert_max_num_queries(25):
        step_page(client, cycle, step)


def test_registering_twice_keeps_one_section_each():
    from samskap.knowledge.document import step_items
    from samskap.planning import steps

    step_items.register()
    step_items.register()
    keys = [section.key for section in steps._SECTIONS]
    assert keys.count("overview_documents") == keys.count("overview_starting_points") == 1


def test_withdrawn_documents_leave_step_two(client, cycle, per, mira, eksempelvik):
    document = on_consultation(written_document(eksempelvik, per, cycle=cycle), mira)
    actions.change_status(document, mira, OverviewDocument.Status.DRAFT)
    assert "Flere barn vokser opp" not in step_page(client, cycle, 2)
