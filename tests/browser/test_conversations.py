"""A resident votes by keyboard only; htmx swaps each statement in with focus on it, and axe
stays clean after every swap. Then the results page, and Mira's moderation queue."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from samskap.conversations.models import Conversation, Vote
from tests.browser.conftest import Demo, check_axe, check_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_votes_by_keyboard_and_every_swap_stays_accessible(page: Page, demo: Demo):
    conversation = Conversation.objects.of(demo.municipality).get()
    before = Vote.objects.count()
    page.goto(demo.url(conversation.get_absolute_url()))
    check_page(page)
    card = page.locator("#vote-card")
    first = card.locator("blockquote").inner_text()

    # Tab to "Enig" (agree) and press Enter: htmx swaps in the next statement.
    card.locator("button.vote-agree").focus()
    page.keyboard.press("Enter")
    expect(card.locator("[role=status]")).to_have_text("Stemmen din er registrert.")
    expect(card.locator("blockquote")).not_to_have_text(first)
    expect(page.locator("#vote-heading")).to_be_focused()  # focus moved to the new statement
    check_axe(page)

    # From the heading, Tab reaches "Enig", a second Tab "Uenig" (disagree).
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "vote-disagree"
    second = card.locator("blockquote").inner_text()
    page.keyboard.press("Enter")
    expect(card.locator("blockquote")).not_to_have_text(second)
    expect(page.locator("#vote-heading")).to_be_focused()
    check_axe(page)

    # A third vote: "Pass / usikker" with the space bar.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    # (The status already says so from the vote before: wait for this vote's answer.)
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.keyboard.press("Space")
    expect(card.locator("[role=status]")).to_have_text("Stemmen din er registrert.")
    check_axe(page)

    assert Vote.objects.count() == before + 3
    values = sorted(Vote.objects.order_by("-pk").values_list("value", flat=True)[:3])
    assert values == [-1, 0, 1]

    # The results: the map as SVG with a text and table equivalent.
    page.goto(demo.url(f"{demo.m}/conversations/{conversation.pk}/results/"))
    check_page(page)
    expect(page.locator("svg.opinion-map")).to_be_visible()


def test_mira_moderates_a_waiting_statement(page: Page, demo: Demo):
    conversation = Conversation.objects.of(demo.municipality).get()
    log_in(page, demo)
    page.goto(demo.url(f"{demo.m}/conversations/{conversation.pk}/moderation/"))
    check_page(page)
    with page.expect_navigation():
        page.locator("#pending-heading ~ div a").first.click()
    check_page(page)
    page.locator("label[for=id_decision_1]").click()  # hide, without a reason first
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    check_page(page)  # the error state is accessible too
    expect(page.locator(".error-summary")).to_be_visible()
    page.locator("#id_reason").fill("Handler ikke om temaet.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    check_page(page)
    expect(page.locator("#messages")).to_contain_text("Avgjørelsen om")
