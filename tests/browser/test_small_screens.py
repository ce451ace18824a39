"""Reflow (WCAG 1.4.10): at 320 CSS pixels wide nothing needs horizontal scrolling."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Demo, check_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 320


def assert_no_horizontal_scroll(page: Page) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= WIDTH, f"{page.url} is {scroll_width} px wide at {WIDTH} px"


def test_the_main_pages_fit_320_pixels(page: Page, demo: Demo):
    page.set_viewport_size({"width": WIDTH, "height": 640})
    paths = [
        "/",
        "/accounts/login/",
        demo.m + "/",
        demo.c + "/",
        demo.c + "/steps/2/",
    ]
    for path in paths:
        page.goto(demo.url(path))
        check_page(page)
        assert_no_horizontal_scroll(page)

    # Staff pages, with tables and the full municipal menu.
    log_in(page, demo)
    for path in [demo.c + "/", demo.c + "/steps/2/", demo.m + "/members/", demo.m + "/audit/"]:
        page.goto(demo.url(path))
        check_page(page)
        assert_no_horizontal_scroll(page)
