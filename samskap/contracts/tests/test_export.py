"""A contract exported as PDF and DOCX opens, and shows parties, contributions and
acceptances; an earlier version is exported as it was."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from samskap.contracts import actions
from samskap.contracts import export as exports
from samskap.contracts.tests.conftest import TERMS

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())  # table cells wrap their lines


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_pdf_opens_and_shows_parties_contributions_and_acceptances(client, active):
    response = client.get(reverse("contracts:export", args=["9999", active.pk, "pdf"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    for expected in ("Aktive eldre i Nordbyen", "Eksempelvik frivilligsentral",
                     "Nordbyen idrettslag", "Turvenner", "Trimgruppe i hallen",
                     "Leie av lokaler", "Frida Frivillig", "Ivar Idrett", "Mira Koordinator"):
        assert expected in text, expected


def test_the_docx_opens_and_shows_parties_contributions_and_acceptances(client, active):
    response = client.get(reverse("contracts:export", args=["9999", active.pk, "docx"]))

    assert response.status_code == 200
    text = docx_text(response.content)
    for expected in ("Aktive eldre i Nordbyen", "Eksempelvik frivilligsentral",
                     "Nordbyen idrettslag", "Turvenner", "10 frivillige", "Frida Frivillig",
                     "Ivar Idrett", "Planlagt"):  # the status, in the municipality's bokmål
        assert expected in text, expected


def test_an_earlier_version_is_exported_as_it_was_accepted(active, mira, frivilligsentral,
                                                           idrettslag):
    actions.change_contract(active, mira, data={**TERMS, "title": "Aktive eldre overalt"},
                            actors=[frivilligsentral, idrettslag])

    first = docx_text(exports.export(active, active.versions.get(number=1), "docx").data)
    second = docx_text(exports.export(active, active.versions.get(number=2), "docx").data)

    assert "Aktive eldre i Nordbyen" in first and "Frida Frivillig" in first
    assert "Aktive eldre overalt" in second
    assert "Frida Frivillig" not in second  # nobody has accepted version 2 yet
    assert "Eksempelvik frivilligsentral" in second


def test_the_version_is_chosen_with_a_query_parameter(client, active, mira, siri,
                                                     frivilligsentral, idrettslag):
    actions.change_contract(active, mira, data={**TERMS, "title": "Aktive eldre overalt"},
                            actors=[frivilligsentral, idrettslag])
    client.force_login(siri)  # awaiting acceptance again: internal
    base = reverse("contracts:export", args=["9999", active.pk, "docx"])

    assert "Aktive eldre i Nordbyen" in docx_text(client.get(base + "?version=1").content)
    assert client.get(base + "?version=9").status_code == 404
    assert client.get(base + "?version=x").status_code == 404
    assert client.get(reverse("contracts:export", args=["9999", active.pk, "odt"])
                      ).status_code == 404


def test_a_draft_is_not_exported_to_visitors(client, contract):
    response = client.get(reverse("contracts:export", args=["9999", contract.pk, "pdf"]))

    assert response.status_code == 404
