"""A tour of the pages, public and for staff: each one is checked with axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Demo, check_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_public_pages(page: Page, demo: Demo):
    page.goto(demo.url("/"))
    check_page(page)

    # The search updates its results with htmx as the visitor types.
    page.locator("#id_q").fill("Eksempel")
    results = page.locator("#search-results")
    # The live region stays while htmx replaces the results inside it.
    expect(page.locator("div[aria-live=polite]:has(> #search-results)")).to_have_count(1)
    expect(results.locator(f"a[href='{demo.m}/']")).to_be_visible()
    assert page.url == demo.url("/"), "htmx updates the results in place"
    check_page(page)
    page.locator("#id_q").fill("Finnes ikke")
    expect(results.locator("a")).to_have_count(0)
    expect(results.locator("p")).to_be_visible()
    check_page(page)

    for path in [
        demo.m + "/",
        demo.m + "/districts/",
        demo.m + "/cycles/",
        demo.c + "/",
        demo.c + "/steps/1/",
        "/tilgjengelighet/",
        "/accounts/password-reset/",
    ]:
        page.goto(demo.url(path))
        check_page(page)

    response = page.goto(demo.url("/finnes-ikke/"))
    assert response is not None and response.status == 404
    check_page(page)


def test_the_staff_pages(page: Page, demo: Demo):
    log_in(page, demo)
    check_page(page)
    for path in [
        demo.m + "/",
        demo.m + "/districts/",
        demo.m + "/districts/new/",
        demo.m + "/dashboard/",
        demo.m + "/members/",
        demo.m + "/members/invite/",
        demo.m + "/cycles/",
        demo.c + "/steps/2/",
        demo.c + "/steps/2/edit/",
        demo.c + "/steps/5/",
        demo.c + "/close/",
        "/accounts/profile/",
    ]:
        page.goto(demo.url(path))
        check_page(page)

    # A closed cycle, read-only, with the conclusions of its evaluation.
    page.goto(demo.url(demo.m + "/cycles/"))
    with page.expect_navigation():
        page.locator("main table tbody tr").last.locator("a").click()
    check_page(page)
    with page.expect_navigation():
        page.locator("#wheel-region ol.steps-list > li").last.locator("a").first.click()
    check_page(page)

    response = page.goto(demo.url(demo.m + "/finnes-ikke/"))
    assert response is not None and response.status == 404
    check_page(page)


def test_the_audit_log_and_a_background_export(page: Page, demo: Demo):
    log_in(page, demo, next_path=demo.m + "/audit/")
    check_page(page)
    expect(page.locator("main table tbody tr").first).to_be_visible()

    # Filtering is a plain GET form.
    page.locator("#id_action").select_option(index=1)
    with page.expect_navigation():
        page.locator("main form[method=get] button").click()
    check_page(page)

    # The export runs as a background job; its page and the job list (which polls with htmx).
    with page.expect_navigation():
        page.locator(f"main form[action='{demo.m}/jobs/audit-export/'] button").click()
    assert "/jobs/" in page.url
    expect(page.locator("#messages .message-success")).to_be_visible()
    check_page(page)
    page.goto(demo.url(demo.m + "/jobs/"))
    expect(page.locator("#job-table tbody tr")).to_have_count(1)
    check_page(page)

    if page.locator("#job-table[hx-trigger]").count() == 0:
        return  # a task backend that runs jobs at once: nothing polls
    # No worker runs in the tests, so the job waits and the table reloads itself. A keyboard
    # user on the job's link keeps focus there when it does.
    job_link = page.locator("#job-table tbody th a")
    for _ in range(30):
        page.keyboard.press("Tab")
        if job_link.evaluate("link => link === document.activeElement"):
            break
    expect(job_link).to_be_focused()
    with page.expect_response(lambda r: "/jobs/" in r.url and "hx-request" in r.request.headers):
        pass
    page.wait_for_timeout(100)  # let htmx finish the swap
    expect(page.locator("#job-table tbody th a")).to_be_focused()
    check_page(page)
