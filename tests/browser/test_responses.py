"""“You said, we did” in the browser: Mira answers two inputs by theme with the keyboard alone,
through an error and its summary, and the pages stay axe-clean on the way; the value and
follow pages too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from samskap.accounts.models import User
from samskap.knowledge.models import LocalKnowledge, Moderation
from samskap.processes.models import AuthorityRole, Process
from samskap.responses import services
from samskap.responses.models import Input, Response
from tests.browser.conftest import Demo, check_axe, check_page, log_in
from tests.browser.test_keyboard import press_enter_and_wait, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_process_with_inputs(demo: Demo) -> tuple[Process, list[Input]]:
    now = timezone.now()
    process = Process.objects.create(
        municipality=demo.municipality, cycle=demo.cycle, step=2,
        title="Trygge uterom (nettlesertest)", purpose="Hvor er det utrygt å gå?",
        authority_role=AuthorityRole.COMMUNITY_DEVELOPMENT, state=Process.State.OPEN,
        published_at=now)
    cem = User.objects.get(email="cem@innbygger.example")
    inputs = []
    for title in ("Mørk sti bak skolen", "Ingen lys i parken", "Bussen går for sjelden"):
        source = LocalKnowledge.objects.create(
            municipality=demo.municipality, author=cem, title=title, text=title,
            status=Moderation.PUBLISHED)
        inputs.append(services.register_input(process, source=source, author=cem, text=title,
                                               kind="local_knowledge", author_is_public=True))
    return process, inputs


def checkbox_of(item: Input) -> Callable[[dict[str, Any]], bool]:
    return lambda focus: focus["id"] == f"input-{item.pk}"


def answer_button(focus: dict[str, Any]) -> bool:
    return focus["type"] == "submit" and focus["text"].startswith("Svar")


def test_mira_answers_two_inputs_by_theme_with_the_keyboard(page: Page, demo: Demo):
    process, inputs = open_process_with_inputs(demo)
    log_in(page, demo)
    page.goto(demo.url(f"{demo.m}/responses/process/{process.pk}/"))
    check_page(page)

    for item in inputs[:2]:
        tab_to(page, checkbox_of(item))
        page.keyboard.press("Space")
    tab_to(page, lambda focus: focus["id"] == "id_outcome_0")
    page.keyboard.press("Space")
    tab_to(page, lambda focus: focus["id"] == "id_theme")
    page.keyboard.type("Trygge skoleveier")
    tab_to(page, answer_button)
    press_enter_and_wait(page)

    # The why is missing: the error summary says so, and the ticks are kept.
    assert page.locator(".error-summary").is_visible()
    check_axe(page)
    assert page.locator(f"#input-{inputs[0].pk}").is_checked()
    assert not Response.objects.filter(input__process=process).exists()
    tab_to(page, lambda focus: focus["id"] == "id_why")
    page.keyboard.type("Kommunen setter opp lys langs skoleveien i 2025.")
    tab_to(page, answer_button)
    press_enter_and_wait(page)

    assert "2 innspill ble besvart" in page.locator("#messages").inner_text()
    check_page(page)
    answered = Response.objects.filter(input__process=process).order_by("input_id")
    assert [answer.input_id for answer in answered] == [inputs[0].pk, inputs[1].pk]
    assert {answer.theme for answer in answered} == {"Trygge skoleveier"}


def test_the_follow_and_value_pages_are_axe_clean(page: Page, demo: Demo):
    process, _inputs = open_process_with_inputs(demo)
    log_in(page, demo, "cem@innbygger.example")

    page.goto(demo.url(f"{demo.m}/responses/process/{process.pk}/follow/"))
    check_page(page)
    page.locator("#id_consent").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    check_page(page)
    assert "Du følger" in page.locator("#messages").inner_text()

    page.goto(demo.url(f"{demo.m}/responses/process/{process.pk}/value/"))
    check_page(page)
    page.goto(demo.url(f"{demo.m}/responses/value/"))
    check_page(page)
