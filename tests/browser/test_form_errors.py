"""Forms that come back with errors: an error summary (role=alert) linking to each field."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from samskap.core.models import Feedback
from tests.browser.conftest import Demo, check_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page: Page) -> None:
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").last.click()


def expect_error_summary(page: Page, fields: list[str]) -> None:
    summary = page.locator(".error-summary")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    for field in fields:
        link = summary.locator(f"a[href='#{field}']")
        expect(link).to_be_visible()
        if field.endswith("_0"):  # radio buttons: the fieldset is described by the error
            field = field.removesuffix("_0")
            target = page.locator(f"fieldset:has(#{field}_0)")
        else:
            target = page.locator(f"#{field}")
        expect(target).to_have_attribute("aria-describedby", re.compile(rf"\b{field}_error\b"))
        expect(page.locator(f"#{field}_error")).to_be_visible()


def test_the_login_form_with_nothing_filled_in_and_with_a_wrong_password(page: Page, demo: Demo):
    page.goto(demo.url("/accounts/login/"))
    check_page(page)
    submit(page)
    expect_error_summary(page, ["id_username", "id_password"])
    check_page(page)

    # A link in the summary takes the user to the field.
    page.locator(".error-summary a[href='#id_password']").click()
    expect(page.locator("#id_password")).to_be_focused()

    page.locator("#id_username").fill("mira@eksempelvik.example")
    page.locator("#id_password").fill("not-her-password")
    submit(page)
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator("li")).to_have_count(1)  # a non-field error: no field is blamed
    check_page(page)


def test_the_step_form_with_an_impossible_date(page: Page, demo: Demo):
    log_in(page, demo, next_path=demo.c + "/steps/2/edit/")
    check_page(page)
    # A browser without a date picker shows a plain text box, where anything can be typed.
    page.locator("#id_deadline").evaluate("input => { input.type = 'text'; }")
    page.locator("#id_deadline").fill("31.02.2026")
    submit(page)
    expect_error_summary(page, ["id_deadline"])
    check_page(page)


def test_the_feedback_form_of_the_accessibility_statement(page: Page, demo: Demo):
    page.goto(demo.url("/tilgjengelighet/"))
    check_page(page)
    submit(page)
    expect_error_summary(page, ["id_message"])
    check_page(page)

    page.locator("#id_message").fill("Hjulet er vanskelig å lese på mobil.")
    submit(page)
    expect(page.locator("#messages .message-success")).to_be_visible()
    check_page(page)
    assert Feedback.objects.count() == 1


def test_staff_forms_with_errors(page: Page, demo: Demo):
    log_in(page, demo, next_path=demo.m + "/members/invite/")
    check_page(page)
    page.locator("#id_email").fill("not an address")
    submit(page)
    expect_error_summary(page, ["id_email"])
    check_page(page)

    page.goto(demo.url(demo.m + "/districts/new/"))
    submit(page)
    expect_error_summary(page, ["id_name"])
    check_page(page)

    page.goto(demo.url(demo.c + "/steps/1/reopen/"))
    check_page(page)
    submit(page)
    expect_error_summary(page, ["id_reason"])
    check_page(page)

    # The evaluation step's conclusion form, sent empty, comes back on a page of its own.
    page.goto(demo.url(demo.c + "/steps/5/"))
    check_page(page)
    with page.expect_navigation():
        page.locator("#conclusions-section form[method=post] button[type=submit]").last.click()
    expect_error_summary(page, ["id_kind_0", "id_title"])
    check_page(page)
