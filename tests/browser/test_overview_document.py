"""The overview document in a browser: Per writes an area, Mira sends it on consultation,
Cem comments; every page axe-clean, and the document readable at 320 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from samskap.accounts.models import User
from samskap.knowledge.models import OverviewComment, OverviewDocument
from samskap.knowledge.tests.overview_world import low_income, written_document
from tests.browser.conftest import Demo, check_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PER = "per@eksempelvik.example"
CEM = "cem@innbygger.example"


@pytest.fixture
def document(demo: Demo) -> OverviewDocument:
    per = User.objects.get(email=PER)
    return written_document(demo.municipality, per, cycle=demo.cycle,
                            indicators=(low_income("browser_low_income"),))


def submit(page: Page) -> None:
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").last.click()


def test_per_writes_mira_publishes_and_cem_comments(page: Page, demo: Demo, document):
    base = f"{demo.m}/knowledge/overview/{document.pk}/"

    # Per writes an area: the form with its checkbox groups, then the document page.
    log_in(page, demo, PER)
    page.goto(demo.url(f"{demo.m}/knowledge/overview/"))
    check_page(page)
    page.goto(demo.url(base))
    check_page(page)
    page.goto(demo.url(base + "sections/health/"))
    check_page(page)
    page.locator("#id_challenges").fill("Flere eldre bor alene.")
    page.get_by_label("Lavinntekt (husholdninger)", exact=False).check()
    submit(page)
    assert page.url.endswith(base + "#area-health"), page.url
    expect(page.locator("#area-health")).to_contain_text("Flere eldre bor alene.")
    check_page(page)

    # Mira sends it on consultation; first without a date: an error summary.
    page.context.clear_cookies()
    log_in(page, demo)
    page.goto(demo.url(base + "status/"))
    check_page(page)
    page.locator("input[name=status][value=consultation]").check()
    submit(page)
    expect(page.locator(".error-summary")).to_be_visible()
    check_page(page)
    page.locator("#id_consultation_until").fill("2099-12-31")
    submit(page)
    assert OverviewDocument.objects.get(pk=document.pk).status == "consultation"

    # Cem comments on an area.
    page.context.clear_cookies()
    log_in(page, demo, CEM)
    page.goto(demo.url(base))
    check_page(page)
    health = document.sections.get(category="health")
    page.locator("#id_section").select_option(value=str(health.pk))
    page.locator("#id_text").fill("Husk de som bor på bygda.")
    submit(page)
    assert page.url.endswith(base + "#comments"), page.url
    expect(page.locator("#comments").locator("..")).to_contain_text("Husk de som bor på bygda.")
    check_page(page)
    comment = OverviewComment.objects.select_related("author").get()
    assert (comment.author.email, comment.section) == (CEM, health)


def test_the_public_document_fits_320_pixels(page: Page, demo: Demo, document):
    document.status = OverviewDocument.Status.CONSULTATION
    document.save(update_fields=["status"])
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(demo.url(f"{demo.m}/knowledge/overview/{document.pk}/"))
    check_page(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
