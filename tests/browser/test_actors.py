"""The actor register in a browser: the list, a profile and its settings with axe clean, and a
representative who keeps her organisation's profile up to date with the keyboard alone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from samskap.actors.models import Actor
from tests.browser.conftest import Demo, check_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FRIDA = "frida@frivillig.example"


def press_until_focused(page: Page, selector: str, limit: int = 80) -> None:
    """Tab through the page, as a keyboard user does, until ``selector`` has the focus."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("node => node === document.activeElement"):
            return
    raise AssertionError(f"{selector} never got the focus")


def test_mira_searches_the_register_and_opens_a_profile(page: Page, demo: Demo) -> None:
    log_in(page, demo)
    page.goto(demo.url(f"{demo.m}/actors/"))
    check_page(page)
    expect(page.locator("h1")).to_contain_text("Eksempelvik")
    # htmx updates the results as the filters change, without a page load.
    page.locator("#id_kind").select_option("council")
    page.locator("#id_q").fill("råd")
    rows = page.locator("#actor-results table tbody tr")
    expect(rows).to_have_count(3)  # Ungdomsrådet, Eldrerådet, the disability council
    expect(page.locator("#actor-status")).to_contain_text("3 av")
    expect(page).to_have_url(re.compile(r"kind=council"))
    check_page(page)
    # Without JavaScript the same form is a plain GET.
    page.goto(demo.url(f"{demo.m}/actors/?kind=council&q=r%C3%A5d"))
    expect(rows).to_have_count(3)
    with page.expect_navigation():
        page.get_by_role("link", name="Eldrerådet").click()
    expect(page.locator("h1")).to_have_text("Eldrerådet")
    expect(page.get_by_text("5 – svært høy").first).to_be_visible()
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Sjøsida sykehjem").click()
    check_page(page)
    page.goto(demo.url(f"{demo.m}/actors/settings/"))
    expect(page.get_by_role("heading", name="Fjellgrenda")).to_be_visible()
    check_page(page)


def test_frida_updates_her_organisations_profile_by_keyboard(page: Page, demo: Demo) -> None:
    centre = Actor.objects.get(municipality=demo.municipality,
                               name="Eksempelvik frivilligsentral")
    log_in(page, demo, FRIDA)
    page.goto(demo.url(f"{demo.m}/actors/{centre.pk}/"))
    check_page(page)
    press_until_focused(page, f"main a[href$='/actors/{centre.pk}/edit/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_page(page)
    expect(page.locator("#id_obstruction")).to_have_count(0)  # the assessment is not hers

    # A wrong organisation number: the error summary names it, and axe is still clean.
    press_until_focused(page, "#id_org_number")
    page.keyboard.type("123 456 789")
    press_until_focused(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(1)
    check_page(page)

    press_until_focused(page, "#id_org_number")
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    press_until_focused(page, "#id_description")
    page.keyboard.press("Control+A")
    page.keyboard.type("Frivilligsentralen har nå åpent på lørdager.")
    press_until_focused(page, "input[name=groups_reached][value=youth]")
    page.keyboard.press("Space")
    press_until_focused(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/actors/{centre.pk}/$"))
    expect(page.get_by_text("Frivilligsentralen har nå åpent på lørdager.")).to_be_visible()
    check_page(page)
    centre.refresh_from_db()
    assert "youth" in centre.groups_reached
    assert centre.obstruction == 1  # unchanged: the municipality's assessment


def test_the_staff_forms_are_axe_clean_with_and_without_errors(page: Page, demo: Demo) -> None:
    centre = Actor.objects.get(municipality=demo.municipality,
                               name="Eksempelvik frivilligsentral")
    setting = centre.setting_links.first().setting  # type: ignore[union-attr]
    log_in(page, demo)
    base = f"{demo.m}/actors"
    for path in (f"{base}/{centre.pk}/edit/", f"{base}/{centre.pk}/resources/",
                 f"{base}/{centre.pk}/representatives/", f"{base}/{centre.pk}/contacts/new/",
                 f"{base}/{centre.pk}/settings/", f"{base}/{centre.pk}/delete/",
                 f"{base}/settings/{setting.pk}/edit/", f"{base}/settings/{setting.pk}/links/",
                 f"{base}/settings/{setting.pk}/actors/", f"{base}/import/"):
        page.goto(demo.url(path))
        check_page(page)
    # A contact person without consent or purpose: two errors, summarised and linked.
    page.goto(demo.url(f"{base}/{centre.pk}/contacts/new/"))
    page.locator("#id_name").fill("Kari Kontakt")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary a")).to_have_count(2)
    check_page(page)
    # A resource without a kind, in the formset.
    page.goto(demo.url(f"{base}/{centre.pk}/resources/"))
    page.locator("textarea[name$='-description']").last.fill("Penger til turer")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary a")).to_have_count(1)
    check_page(page)
