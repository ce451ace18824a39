"""Mira, the coordinator, opens Eksempelvik's cycle wheel and marks step 2 as done."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from samskap.planning.models import CycleStep
from tests.browser.conftest import Demo, check_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def steps_list(page: Page):
    return page.locator("#wheel-region ol.steps-list > li")


def test_mira_logs_in_and_moves_the_cycle_on_from_step_2(page: Page, demo: Demo):
    page.goto(demo.url("/accounts/login/"))
    check_page(page)
    page.locator("#id_username").fill("mira@eksempelvik.example")
    page.locator("#id_password").fill("samskap-demo")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    check_page(page)

    page.goto(demo.url(demo.m + "/"))
    check_page(page)
    with page.expect_navigation():
        page.locator(f"main a[href='{demo.c}/']").first.click()  # "Open the cycle"
    check_page(page)

    # The wheel is one image with a name; the same information is an ordered list.
    wheel = page.locator("svg.wheel")
    expect(wheel).to_have_attribute("role", "img")
    expect(wheel).to_have_accessible_name(
        page.locator("svg.wheel title").text_content() or "no title"
    )
    assert page.locator("svg.wheel path.segment").count() == 5
    expect(steps_list(page)).to_have_count(5)
    expect(steps_list(page).nth(1)).to_have_attribute("aria-current", "step")
    expect(steps_list(page).nth(1).locator(".badge-in_progress")).to_be_visible()

    steps_list(page).nth(1).get_by_role("button").click()

    # htmx swapped #wheel-region: a status message (a live region) and step 3 in progress.
    status = page.locator("#wheel-region [role=status]")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status.locator(".message-success")).to_be_visible()
    expect(status).to_be_focused()
    expect(steps_list(page).nth(1).locator(".badge-done")).to_be_visible()
    expect(steps_list(page).nth(2)).to_have_attribute("aria-current", "step")
    expect(steps_list(page).nth(2).locator(".badge-in_progress")).to_be_visible()
    assert page.url.endswith(demo.c + "/"), "htmx swaps the region; the page stays"
    check_page(page)

    assert demo.cycle.step(3).status == CycleStep.Status.IN_PROGRESS


def test_the_advance_button_is_a_plain_form_post_when_htmx_is_missing(page: Page, demo: Demo):
    # htmx fails to load (blocked, old browser, slow network): the same button posts the form.
    page.route("**/django_htmx/**", lambda route: route.abort())
    log_in(page, demo, next_path=demo.c + "/")
    check_page(page)
    with page.expect_navigation():
        steps_list(page).nth(1).get_by_role("button").click()
    assert page.url.endswith(demo.c + "/")
    expect(page.locator("#messages .message-success")).to_be_visible()
    expect(steps_list(page).nth(2).locator(".badge-in_progress")).to_be_visible()
    check_page(page)


def test_an_anonymous_visitor_sees_the_wheel_without_buttons(page: Page, demo: Demo):
    page.goto(demo.url(demo.c + "/"))
    check_page(page)
    expect(steps_list(page)).to_have_count(5)
    expect(page.locator("#wheel-region button")).to_have_count(0)
