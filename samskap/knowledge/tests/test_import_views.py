"""Uploading indicator data in the browser: staff only, a dry run first, errors in the form's
error summary, and the list of past imports."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samskap.audit.models import AuditEntry
from samskap.knowledge.actions_import import import_indicators
from samskap.knowledge.models import ImportBatch, Observation
from samskap.knowledge.tests.importing import fixture, living_alone

pytestmark = pytest.mark.django_db


def imports_url(number: str = "9999") -> str:
    return reverse("knowledge:imports", args=[number])


def upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, fixture(name).read_bytes(), content_type="text/csv")


@pytest.fixture
def as_per(client, per):
    client.force_login(per)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_per_sees_the_upload_form_and_past_imports(as_per, eksempelvik):
    indicator = living_alone()
    import_indicators(fixture("fhi_bom.csv").read_bytes(), "earlier.csv", indicator=indicator,
                      municipality=eksempelvik)

    response = as_per.get(imports_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in page
    assert "earlier.csv" in page
    assert "Living alone, 45+ (bor_alene_45)" in page


def test_a_dry_run_shows_the_summary_and_writes_nothing(as_per):
    living_alone()

    response = as_per.post(imports_url(), {"file": upload("fhi_every_flag_and_geo.csv"),
                                           "indicator": "bor_alene_45", "dry_run": "on"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Dry run of fhi_every_flag_and_geo.csv: nothing was written" in page
    assert "<dt>New</dt><dd>8</dd>" in page
    assert "<dt>Rejected (other places, the county and Norway)</dt><dd>6</dd>" in page
    assert not Observation.objects.exists()
    assert not ImportBatch.objects.exists()


def test_per_imports_a_file_and_lands_on_the_import_page(as_per, per, eksempelvik):
    living_alone()

    response = as_per.post(imports_url(), {"file": upload("fhi_every_flag_and_geo.csv"),
                                           "indicator": "bor_alene_45"}, follow=True)

    batch = ImportBatch.objects.get()
    assert response.redirect_chain == [(reverse("knowledge:import_detail",
                                                args=["9999", batch.pk]), 302)]
    page = response.content.decode()
    assert "The file “fhi_every_flag_and_geo.csv” was imported." in page
    assert "<dt>Observations from this file still stored</dt><dd>8</dd>" in page
    assert (batch.imported_by, batch.municipality) == (per, eksempelvik)
    assert AuditEntry.objects.get(action="indicators.import").actor == per


def test_a_bad_file_shows_file_line_and_column_in_the_error_summary(as_per):
    living_alone()

    response = as_per.post(imports_url(), {"file": upload("fhi_reference_example.csv"),
                                           "indicator": "bor_alene_45"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page
    assert ('<a href="#id_file">File: fhi_reference_example.csv, line 6, column RATE: '
            "not a number: &#x27;x&#x27;</a>") in page
    assert not Observation.objects.exists()


def test_a_cube_without_a_chosen_indicator_is_a_form_error(as_per):
    response = as_per.post(imports_url(), {"file": upload("fhi_bom.csv")})

    assert "does not name its indicator" in response.content.decode()


def test_a_citizen_may_not_open_the_imports(client, cem):
    client.force_login(cem)

    assert client.get(imports_url()).status_code == 403
    assert client.post(imports_url(), {"file": upload("fhi_bom.csv")}).status_code == 403


def test_a_coordinator_of_another_municipality_gets_not_found(client, olav, eksempelvik):
    batch = import_indicators(fixture("fhi_bom.csv").read_bytes(), "x.csv",
                              indicator=living_alone(), municipality=eksempelvik).batch
    client.force_login(olav)

    assert client.get(imports_url()).status_code == 404
    assert client.get(reverse("knowledge:import_detail", args=["9999", batch.pk])
                      ).status_code == 404


def test_another_municipalitys_import_is_not_found_here(client, olav, nabovik, eksempelvik):
    theirs = import_indicators(fixture("fhi_bom.csv").read_bytes(), "theirs.csv",
                               indicator=living_alone(), municipality=eksempelvik).batch
    client.force_login(olav)

    response = client.get(reverse("knowledge:import_detail", args=["9998", theirs.pk]))

    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, eksempelvik):
    response = client.get(imports_url())

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_list_of_imports_takes_the_same_number_of_queries_for_many(as_per, eksempelvik):
    indicator = living_alone()
    data = fixture("fhi_bom.csv").read_bytes()
    import_indicators(data, "one.csv", indicator=indicator, municipality=eksempelvik)
    with CaptureQueriesContext(connection) as one:
        as_per.get(imports_url())
    for index in range(5):
        import_indicators(data, f"more{index}.csv", indicator=indicator,
                          municipality=eksempelvik)

    with CaptureQueriesContext(connection) as many:
        response = as_per.get(imports_url())

    assert "more4.csv" in response.content.decode()
    assert len(many) == len(one)


def test_the_import_shows_in_the_audit_log(client, mira, eksempelvik):
    import_indicators(fixture("fhi_bom.csv").read_bytes(), "bom.csv", indicator=living_alone(),
                      municipality=eksempelvik, user=mira)
    client.force_login(mira)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("audit:log", args=["9999"]))

    assert response.status_code == 200
    assert "Indicator data imported" in response.content.decode()
