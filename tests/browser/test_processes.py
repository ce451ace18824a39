"""Co-creation processes in the browser: the typology advisor step by step (without
JavaScript being needed), the advice and a choice against it with a reason, the public process
pages and the staff page with its sham-process warnings, all axe-clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from samskap.processes.demo import OPEN_TITLE
from samskap.processes.models import AdvisorDecision, Process
from tests.browser.conftest import Demo, check_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def process(demo: Demo, title: str) -> Process:
    return Process.objects.of(demo.municipality).get(title=title)


def submit(page: Page) -> None:
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()


def test_the_advisor_guides_recommends_and_records_a_choice(page: Page, demo: Demo):
    draft = process(demo, "Frisklivstilbud for eldre hjemmeboende")
    log_in(page, demo)
    page.goto(demo.url(f"{demo.m}/processes/manage/{draft.pk}/advisor/"))
    check_page(page)
    assert page.locator("[aria-current=step]").inner_text() == "Rammen"

    submit(page)  # nothing answered: the error summary names both questions
    assert page.locator(".error-summary").is_visible()
    assert page.locator(".error-summary li").count() == 2
    check_page(page)

    page.locator("#id_statutory_1").check()   # not statutory
    page.locator("#id_authority_1").check()   # not classical exercise of authority
    submit(page)
    assert page.locator("[aria-current=step]").inner_text() == "De to aksene"
    check_page(page)
    page.locator("#id_outcome_0").check()     # defined beforehand
    page.locator("#id_lead_1").check()        # external actors lead
    submit(page)
    check_page(page)
    page.locator("#id_situation_2").check()   # lacks resources
    submit(page)

    assert "Anbefalt: Ansvarliggjørende samskaping" in page.locator("h2#advice-title").inner_text()
    assert "digitale tjenester" in page.locator("main").inner_text()
    check_page(page)

    page.locator("#id_chosen_0").check()      # steered, against the advice
    submit(page)
    assert page.locator(".error-summary").is_visible()
    check_page(page)
    page.locator("#id_reason").fill("Kommunen må styre dette tett det første året.")
    submit(page)

    assert page.url.endswith(f"/processes/manage/{draft.pk}/")
    decision = AdvisorDecision.objects.filter(process=draft).first()
    assert decision is not None
    assert (decision.recommended, decision.chosen) == ("responsibilising", "steered")
    assert decision.answers["situation"] == "lacks_resources"
    check_page(page)


def test_the_public_process_pages(page: Page, demo: Demo):
    page.goto(demo.url(f"{demo.m}/processes/"))
    check_page(page)
    running = process(demo, OPEN_TITLE)
    with page.expect_navigation():
        page.get_by_role("link", name=OPEN_TITLE).click()
    check_page(page)
    headings = page.locator("main h2").all_inner_texts()
    assert headings[0].startswith("Handlingsrommet")
    assert any(heading.startswith("Hva vi hørte") for heading in headings)
    assert page.url.endswith(running.get_absolute_url())
    closed = Process.objects.of(demo.municipality).get(state=Process.State.CLOSED)
    page.goto(demo.url(closed.get_absolute_url()))
    check_page(page)
    # A draft is not there for a visitor.
    draft = Process.objects.of(demo.municipality).get(state=Process.State.DRAFT)
    response = page.goto(demo.url(draft.get_absolute_url()))
    assert response is not None and response.status == 404


def test_the_staff_page_warns_of_a_sham_process(page: Page, demo: Demo):
    sham = process(demo, "Nye turstier i Fjellgrenda")
    log_in(page, demo)
    page.goto(demo.url(f"{demo.m}/processes/manage/{sham.pk}/"))
    check_page(page)
    warnings = page.locator(".guard-warnings").inner_text()
    assert "nesten alt er bestemt" in warnings
    assert "Fjellgrenda grunneierlag" in warnings
    page.goto(demo.url(f"{demo.m}/processes/manage/{sham.pk}/actors/"))
    check_page(page)
