"""Who is taking part, in the browser: the equity monitor of the demo's conversation and its
process is axe-clean, and names the under-represented groups in words."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from samskap.conversations.models import Conversation
from tests.browser.conftest import Demo, check_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_equity_monitor_is_accessible_and_explains_itself(page: Page, demo: Demo) -> None:
    conversation = Conversation.objects.of(demo.municipality).select_related("process").first()
    assert conversation is not None
    log_in(page, demo)
    page.goto(demo.url(f"{demo.m}/conversations/{conversation.pk}/"))
    page.get_by_role("link", name="Hvem deltar").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Hvem deltar"
    assert page.locator("#under").is_visible()  # the demo's participants are skewed
    assert page.get_by_role("table").count() >= 4
    check_page(page)

    page.goto(demo.url(f"{demo.m}/participation/processes/{conversation.process.pk}/"))
    assert page.locator("h1").inner_text() == "Hvem deltar"
    check_page(page)
