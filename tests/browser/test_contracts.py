"""Frida accepts version 2 of a community contract for her volunteer centre, by keyboard
alone; every page on the way (the error state included) is clean by axe."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from samskap.contracts.models import Acceptance, CommunityContract, Status
from tests.browser.conftest import Demo, check_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FRIDA = "frida@frivillig.example"
MIRA = "mira@eksempelvik.example"
TITLE = "Fredagsåpen hall for ungdom i Sentrum"  # the demo's contract awaiting version 2
MAX_TABS = 80

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), id: el.id, type: el.getAttribute("type") || "",
    text: (el.innerText || el.value || "").trim().slice(0, 120),
    visible: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
             || style.boxShadow !== "none",
  };
}"""


def tab_to(page: Page, wanted: Any) -> dict[str, Any]:
    """Press Tab until the wanted element has focus; the focus is visible on it."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focus: dict[str, Any] = page.evaluate(FOCUSED)
        if wanted(focus):
            assert focus["visible"], f"focus is not visible on {focus}"
            return focus
    raise AssertionError("the element never got focus by Tab")


def test_frida_accepts_version_2_for_her_organisation_by_keyboard(page: Page, demo: Demo):
    contract = CommunityContract.objects.get(title=TITLE)
    assert contract.status == Status.AWAITING
    assert contract.current_version().number == 2
    log_in(page, demo, FRIDA, next_path=contract.get_absolute_url())
    check_page(page)
    expect(page.locator("h1")).to_contain_text(TITLE)

    tab_to(page, lambda f: f["tag"] == "a" and f["text"].startswith(
        "Aksepter på vegne av Eksempelvik frivilligsentral"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Aksepter på vegne av Eksempelvik "
                                               "frivilligsentral")
    check_page(page)

    # Without ticking the box: an error summary, announced, and still clean.
    tab_to(page, lambda f: f["tag"] == "button" and f["text"].startswith("Aksepter versjon 2"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    check_page(page)
    assert not Acceptance.objects.filter(party__actor__name="Eksempelvik frivilligsentral",
                                         version__number=2).exists()

    tab_to(page, lambda f: f["id"] == "id_confirm")
    page.keyboard.press("Space")
    expect(page.locator("#id_confirm")).to_be_checked()
    tab_to(page, lambda f: f["tag"] == "button" and f["text"].startswith("Aksepter versjon 2"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    status = page.locator("#messages")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status.locator(".message-success").first).to_contain_text("versjon 2")
    check_page(page)
    acceptance = Acceptance.objects.get(party__actor__name="Eksempelvik frivilligsentral",
                                        version__number=2)
    assert acceptance.accepted_by.email == FRIDA


def test_the_coordinator_sees_an_overdue_contribution_and_the_version_diff(page: Page,
                                                                         demo: Demo):
    log_in(page, demo, MIRA, next_path=f"{demo.m}/dashboard/")
    check_page(page)
    overdue = page.locator("section[aria-labelledby=overdue-contributions-title]")
    expect(overdue).to_contain_text("Seniortrim i hallen")

    page.goto(demo.url(f"{demo.m}/contracts/"))
    check_page(page)
    contract = CommunityContract.objects.get(title=TITLE)
    page.goto(demo.url(f"{demo.m}/contracts/{contract.pk}/versions/2/"))
    check_page(page)
    expect(page.locator("main ins").first).to_be_visible()
    page.goto(demo.url(f"{demo.m}/contracts/{contract.pk}/contributions/"))
    check_page(page)
    page.goto(demo.url(f"{demo.m}/contracts/new/"))
    check_page(page)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    check_page(page)
