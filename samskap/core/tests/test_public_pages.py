"""Pages anyone may read without logging in: front page, search, accessibility, sitemap."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from samskap.core.models import Feedback
from samskap.testing.factories import MunicipalityFactory

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ACCESSIBILITY = reverse("core:accessibility")


def sitemap_locations(client) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 – our own sitemap
    return [loc.text or "" for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)]


@pytest.fixture
def register(db) -> None:
    """Municipalities from the register that do not use Samskap (yet)."""
    MunicipalityFactory(number="0301", name="Oslo", county="Oslo", uses_platform=False,
                        is_fictional=False)
    MunicipalityFactory(number="1508", name="Ålesund", county="Møre og Romsdal",
                        uses_platform=False, is_fictional=False)
    MunicipalityFactory(number="3301", name="Drammen", county="Buskerud", uses_platform=False,
                        is_fictional=False)


@pytest.mark.parametrize("url", ["/", "/k/9999/", "/k/9999/cycles/", "/k/9999/districts/",
                                 ACCESSIBILITY, "/robots.txt", "/sitemap.xml", "/healthz",
                                 "/accounts/login/", "/accounts/password-reset/"])
def test_a_public_page_needs_no_login(client, cycle, url):
    assert client.get(url).status_code == 200


def test_a_cycle_and_its_steps_are_public(client, cycle):
    assert client.get(cycle.get_absolute_url()).status_code == 200
    for step in cycle.ordered_steps:
        assert client.get(step.get_absolute_url()).status_code == 200


def test_the_front_page_lists_the_municipalities_using_samskap(client, eksempelvik, register):
    page = client.get("/").content.decode()
    assert "Eksempelvik" in page
    assert "Oslo" not in page


class TestAccessibilityStatement:
    def test_it_shows_the_statement_and_a_feedback_form(self, client, db):
        page = client.get(ACCESSIBILITY).content.decode()
        assert "WCAG" in page
        assert '<form method="post" action="/tilgjengelighet/"' in page
        assert '<label for="id_message">' in page

    def test_an_empty_message_is_a_field_error_with_an_error_summary(self, client, db):
        response = client.post(ACCESSIBILITY, {"message": "", "email": "", "page": ""})
        assert response.status_code == 200
        page = response.content.decode()
        assert 'class="error-summary"' in page
        assert 'href="#id_message"' in page
        assert 'id="id_message_error"' in page
        assert 'aria-describedby="id_message_error"' in page
        assert not Feedback.objects.exists()

    def test_valid_feedback_is_saved_with_a_success_message(self, client, db):
        response = client.post(ACCESSIBILITY, {
            "message": "Kontrasten på knappane er for svak.",
            "email": "innbyggar@example.org", "page": "/k/9998/"}, follow=True)
        assert response.status_code == 200
        feedback = Feedback.objects.get()
        assert feedback.message == "Kontrasten på knappane er for svak."
        assert feedback.email == "innbyggar@example.org"
        assert feedback.page == "/k/9998/"
        messages = [str(m) for m in response.context["messages"]]
        assert len(messages) == 1
        assert 'role="status"' in response.content.decode()

    def test_the_page_field_is_prefilled_from_the_link(self, client, db):
        page = client.get(ACCESSIBILITY, {"page": "/k/9999/cycles/"}).content.decode()
        assert 'value="/k/9999/cycles/"' in page

    def test_every_page_links_to_the_statement(self, client, eksempelvik):
        assert f'href="{ACCESSIBILITY}"' in client.get("/k/9999/").content.decode()


class TestSitemapAndRobots:
    def test_the_sitemap_lists_front_cycle_and_step_pages_of_municipalities_on_the_platform(
        self, client, cycle, other_cycle, register
    ):
        locations = sitemap_locations(client)
        paths = {re.sub(r"^https?://testserver", "", loc) for loc in locations}

        assert {"/", ACCESSIBILITY, "/k/9999/", "/k/9998/"} <= paths
        for each in (cycle, other_cycle):
            assert each.get_absolute_url() in paths
            for step in each.ordered_steps:
                assert step.get_absolute_url() in paths

    def test_the_sitemap_leaves_out_municipalities_not_on_the_platform(
        self, client, eksempelvik, register
    ):
        paths = " ".join(sitemap_locations(client))
        for number in ("0301", "1508", "3301"):
            assert f"/k/{number}/" not in paths

    def test_the_sitemap_leaves_out_a_municipality_that_stopped_using_samskap(
        self, client, cycle, eksempelvik
    ):
        eksempelvik.uses_platform = False
        eksempelvik.save(update_fields=["uses_platform"])
        assert not any("/k/9999/" in loc for loc in sitemap_locations(client))

    def test_the_sitemap_has_no_internal_pages(self, client, cycle, other_cycle):
        for loc in sitemap_locations(client):
            for internal in ("/dashboard/", "/members/", "/audit/", "/jobs/", "/edit/",
                             "/accounts/", "/admin/", "/api/", "/new/", "/close/"):
                assert internal not in loc

    def test_the_sitemap_uses_absolute_urls(self, client, cycle):
        assert all(loc.startswith("http://testserver/") for loc in sitemap_locations(client))

    def test_robots_txt_points_to_the_sitemap(self, client, db):
        response = client.get("/robots.txt")
        assert response["Content-Type"].startswith("text/plain")
        lines = response.content.decode().splitlines()
        assert "Sitemap: http://testserver/sitemap.xml" in lines
        assert "Disallow: /admin/" in lines
        assert "Disallow: /accounts/" in lines


class TestSearch:
    def test_it_finds_a_municipality_by_name_in_any_case(self, client, register):
        for query in ("ålesund", "ÅLESUND", "Åle"):
            response = client.get("/", {"q": query})
            assert response.status_code == 200
            results = list(response.context["results"])
            assert [m.number for m in results] == ["1508"], query

    def test_it_finds_a_municipality_by_number_without_the_leading_zero(self, client, register):
        results = list(client.get("/", {"q": "301"}).context["results"])
        assert "0301" in [m.number for m in results]

    def test_it_finds_a_municipality_by_its_full_number(self, client, register):
        results = list(client.get("/", {"q": "1508"}).context["results"])
        assert [m.number for m in results] == ["1508"]

    def test_the_results_link_to_the_municipality(self, client, register):
        page = client.get("/", {"q": "ålesund"}).content.decode()
        assert 'href="/k/1508/"' in page

    def test_no_match_says_so(self, client, register):
        page = client.get("/", {"q": "Atlantis"}).content.decode()
        assert "Atlantis" in page
        assert 'id="search-results"' in page

    def test_the_htmx_request_returns_only_the_results_fragment(self, client, register):
        response = client.get("/", {"q": "ålesund"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        fragment = response.content.decode().strip()
        assert fragment.startswith('<div id="search-results"')
        assert fragment.endswith("</div>")
        assert "<html" not in fragment
        assert "<h1" not in fragment
        assert 'href="/k/1508/"' in fragment

    def test_the_plain_form_works_without_htmx(self, client, register):
        page = client.get("/", {"q": "ålesund"}).content.decode()
        assert "<html" in page
        assert 'id="search-results"' in page
        assert 'href="/k/1508/"' in page

    def test_an_overlong_query_is_refused_without_an_error(self, client, register):
        response = client.get("/", {"q": "x" * 500})
        assert response.status_code == 200
        assert list(response.context["results"]) == []

    def test_the_search_form_is_labelled(self, client, db):
        page = client.get("/").content.decode()
        assert '<label for="id_q">' in page
        assert 'role="search"' in page
