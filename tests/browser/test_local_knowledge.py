"""Cem, a citizen, adds local knowledge to an indicator; Per, on the staff, moderates it."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import Page, expect

from samskap.accounts.models import User
from samskap.knowledge.models import LocalKnowledge, Moderation
from samskap.testing.factories import IndicatorFactory
from tests.browser.conftest import Demo, check_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CEM = "cem@innbygger.example"
PER = "per@eksempelvik.example"
CODE = "browser_test_loneliness"


@pytest.fixture
def indicator(demo: Demo):
    return IndicatorFactory(code=CODE, name_nb="Ensomhet blant eldre (testindikator)",
                            category="health")


def submit(page: Page) -> None:
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").last.click()


def test_cem_logs_in_and_adds_local_knowledge_to_an_indicator(page: Page, demo: Demo,
                                                             indicator):
    new = f"{demo.m}/knowledge/local/new/?indicator={CODE}"

    # From the indicator's page (straight to the form if that page is not there).
    try:
        indicator_page = reverse("knowledge:indicator",
                                 kwargs={"number": demo.municipality.number, "code": CODE})
    except NoReverseMatch:
        page.goto(demo.url(new))
    else:
        page.goto(demo.url(indicator_page))
        check_page(page)
        with page.expect_navigation():
            page.locator(f"main a[href='{new}']").first.click()

    # Not logged in: the login page, and back to the form afterwards.
    assert "/accounts/login/" in page.url
    check_page(page)
    page.locator("#id_username").fill(CEM)
    page.locator("#id_password").fill("samskap-demo")
    submit(page)
    assert page.url.endswith(new), page.url
    check_page(page)
    expect(page.locator("#id_indicator")).to_have_value(CODE)
    expect(page.locator("main")).to_contain_text("Ensomhet blant eldre (testindikator)")

    # First without the text: an error summary that points to the field.
    page.locator("#id_title").fill("Eldre i Nordbyen kommer seg ikke ut om vinteren")
    submit(page)
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary.locator("a[href='#id_text']")).to_be_visible()
    expect(page.locator("#id_text")).to_have_attribute("aria-describedby", "id_text_helptext "
                                                       "id_text_error")
    expect(page.locator("#id_indicator")).to_have_value(CODE)
    check_page(page)

    # Then properly.
    page.locator("#id_text").fill("Fortauene blir ikke strødd, så mange blir sittende inne.")
    page.locator("#id_story").fill("Brøytekontrakten ble endret i 2023.")
    submit(page)
    status = page.locator("#messages")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status.locator(".message-success")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Eldre i Nordbyen kommer seg ikke ut om vinteren")
    check_page(page)

    item = LocalKnowledge.objects.get(indicator__code=CODE)
    assert (item.status, item.author.email) == (Moderation.PENDING, CEM)

    # The list shows Cem's own contribution and its status.
    page.goto(demo.url(f"{demo.m}/knowledge/local/"))
    mine = page.locator("section[aria-labelledby=mine-title]")
    row = mine.locator("tr", has_text="Eldre i Nordbyen kommer seg ikke ut om vinteren")
    expect(row.locator(".badge-pending")).to_be_visible()
    check_page(page)


def test_per_moderates_with_a_reason_and_a_response(page: Page, demo: Demo, indicator):
    cem = User.objects.get(email=CEM)
    item = LocalKnowledge.objects.create(
        municipality=demo.municipality, author=cem, indicator=indicator, category="health",
        title="Benkene på torget er fjernet", text="Eldre har ingen steder å hvile.")
    moderate = f"{demo.m}/knowledge/local/{item.pk}/moderate/"

    log_in(page, demo, PER, next_path=f"{demo.m}/knowledge/local/")
    check_page(page)
    queue = page.locator("section[aria-labelledby=queue-title]")
    with page.expect_navigation():
        queue.get_by_role("link", name="Benkene på torget er fjernet").click()
    assert page.url.endswith(moderate)
    check_page(page)

    # Rejecting without a reason is refused.
    page.locator("#id_decision_2").check()
    submit(page)
    expect(page.locator(".error-summary a[href='#id_reason']")).to_be_visible()
    check_page(page)

    page.locator("#id_decision_0").check()
    page.locator("#id_response").fill("Takk! Nye benker kommer i mai.")
    submit(page)
    expect(page.locator("#messages .message-success")).to_be_visible()
    check_page(page)

    # Anyone can now read it with the municipality's response.
    page.context.clear_cookies()
    page.goto(demo.url(f"{demo.m}/knowledge/local/{item.pk}/"))
    expect(page.locator("section.response")).to_contain_text("Takk! Nye benker kommer i mai.")
    check_page(page)
    page.goto(demo.url(f"{demo.m}/knowledge/local/?indicator={CODE}"))
    expect(page.locator("main")).to_contain_text("Benkene på torget er fjernet")
    check_page(page)
