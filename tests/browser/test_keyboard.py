"""Keyboard only: log in and move the cycle on with Tab, Shift+Tab, Enter and typing.

After the first ``page.goto`` the test touches nothing but ``page.keyboard``. Every element that
gets focus on the way must show it (WCAG 2.4.7): an outline or a box shadow.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page

from samskap.core.demo import DEMO_PASSWORD
from samskap.planning.models import CycleStep
from tests.browser.conftest import MIRA, Demo, check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: What has focus, and whether it is drawn with a visible outline or box shadow.
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    role: el.getAttribute("role") || "",
    href: el.getAttribute("href") || "",
    type: el.getAttribute("type") || "",
    text: (el.innerText || el.value || "").trim().slice(0, 80),
    inWheelRegion: !!el.closest("#wheel-region"),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
    onScreen: box.bottom > 0 && box.right > 0 && box.width > 0 && box.height > 0,
  };
}"""

Focus = dict[str, Any]
MAX_TABS = 60


def focused(page: Page) -> Focus:
    return page.evaluate(FOCUSED)


def assert_focus_visible(focus: Focus) -> None:
    assert focus["tag"] != "body", "focus was lost to <body>"
    assert focus["outline"] or focus["shadow"], f"focus is not visible on {focus}"
    assert focus["onScreen"], f"the focused element is off screen: {focus}"


def tab_to(page: Page, wanted: Callable[[Focus], bool], *, backwards: bool = False) -> Focus:
    """Press Tab (or Shift+Tab) until the wanted element has focus; focus is visible all along."""
    key = "Shift+Tab" if backwards else "Tab"
    seen = []
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        focus = focused(page)
        assert_focus_visible(focus)
        seen.append(focus["text"] or focus["href"] or focus["tag"])
        if wanted(focus):
            return focus
    raise AssertionError(f"{key} never reached the element; focus went through {seen}")


def press_enter_and_wait(page: Page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_mira_logs_in_and_moves_the_cycle_on_with_the_keyboard_alone(page: Page, demo: Demo):
    page.goto(demo.url("/"))
    check_page(page)

    # The skip link is the first thing Tab reaches; it shows up and moves focus to <main>.
    page.keyboard.press("Tab")
    focus = focused(page)
    assert "skip-link" in page.evaluate("document.activeElement.className"), focus
    assert focus["href"] == "#main"
    assert_focus_visible(focus)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    # The next Tab goes on from the start of the main content, not from the header.
    focus = tab_to(page, lambda f: True)
    assert page.evaluate("!!document.activeElement.closest('main')"), focus

    # Back up into the header to the login link.
    tab_to(page, lambda f: f["href"].startswith("/accounts/login/"), backwards=True)
    press_enter_and_wait(page)
    check_page(page)

    # The e-mail field has focus when the login page opens.
    if focused(page)["id"] != "id_username":
        tab_to(page, lambda f: f["id"] == "id_username")
    assert_focus_visible(focused(page))
    page.keyboard.type(MIRA)
    tab_to(page, lambda f: f["id"] == "id_password")
    page.keyboard.type(DEMO_PASSWORD)
    press_enter_and_wait(page)
    assert "/accounts/login/" not in page.url, "the login did not succeed"
    check_page(page)

    # Front page → Eksempelvik → the current cycle.
    tab_to(page, lambda f: f["href"] == demo.m + "/" and f["text"] == "Eksempelvik")
    press_enter_and_wait(page)
    check_page(page)
    tab_to(page, lambda f: f["href"] == demo.c + "/")
    press_enter_and_wait(page)
    check_page(page)

    # The button of the current step; htmx swaps the wheel and focus goes to the status message.
    tab_to(page, lambda f: f["tag"] == "button" and f["inWheelRegion"])
    page.keyboard.press("Enter")
    page.locator("#wheel-region [role=status] .message-success").wait_for()
    focus = focused(page)
    assert focus["role"] == "status" and focus["inWheelRegion"], focus
    assert_focus_visible(focus)
    check_page(page)
    # Tab goes on into the new wheel, where step 3 now waits to be marked as done.
    focus = tab_to(page, lambda f: True)
    assert focus["inWheelRegion"], focus
    tab_to(page, lambda f: f["tag"] == "button" and f["inWheelRegion"])
    assert demo.cycle.step(3).status == CycleStep.Status.IN_PROGRESS
