"""The language switcher: bokmål, nynorsk and English, with ``<html lang>`` following along."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Demo, check_page, html_lang

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_language(page: Page, code: str) -> None:
    page.locator("#language-select").select_option(code)
    with page.expect_navigation():
        page.locator("form.language-switcher button[type=submit]").click()


def login_link(page: Page):
    return page.locator(".account-nav a[href^='/accounts/login/']")


def test_a_visitor_switches_to_nynorsk_and_then_to_english(page: Page, demo: Demo):
    page.goto(demo.url(demo.c + "/"))
    check_page(page, "nb")
    bokmal_text = login_link(page).inner_text()

    switch_language(page, "nn")
    assert page.url.endswith(demo.c + "/"), "the switcher brings the visitor back to the page"
    assert html_lang(page) == "nn"
    check_page(page, "nn")

    switch_language(page, "en")
    assert page.url.endswith(demo.c + "/")
    check_page(page, "en")
    # English is the source language, so this text cannot depend on a translation being there.
    expect(login_link(page)).to_have_text("Log in")
    assert bokmal_text != "Log in", "the bokmål page showed the English text"

    # The choice sticks: the next page is English too, also one that is not the municipality's.
    page.goto(demo.url("/tilgjengelighet/"))
    check_page(page, "en")
    expect(page.locator("h1")).to_have_text("Accessibility statement")


def test_the_choice_overrides_the_browser_language(browser, demo: Demo):
    context = browser.new_context(locale="en-GB")
    try:
        page = context.new_page()
        page.goto(demo.url("/"))
        check_page(page, "en")
        switch_language(page, "nb")
        check_page(page, "nb")
        page.goto(demo.url(demo.m + "/"))
        check_page(page, "nb")
    finally:
        context.close()
