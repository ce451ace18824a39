"""The overview document as DOCX, PDF and HTML: content, language, reproducibility."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pypdf
import pytest
from django.core.cache import cache
from django.utils import translation
from docx.oxml.ns import qn

from samskap.knowledge import document as overview
from samskap.knowledge.document.content import DocumentContent
from samskap.knowledge.document.pdf import _refuse_fetch
from samskap.knowledge.models import Category, Flag, Observation, OverviewDocument
from samskap.knowledge.tests.local_world import english, url
from samskap.knowledge.tests.overview_world import (
    IMPORTED,
    low_income,
    written_document,
)


@pytest.fixture
def indicator(db):
    return low_income()


@pytest.fixture
def document(eksempelvik, per, cycle, indicator) -> OverviewDocument:
    return written_document(eksempelvik, per, cycle=cycle, indicators=(indicator,))


def labels(language: str = "nb") -> list[str]:
    with translation.override(language):
        return [str(label) for label in Category.labels]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


# --- DOCX ----------------------------------------------------------------------------------


def test_the_docx_has_a_heading_per_area_a_chart_and_a_table_of_the_numbers(document):
    data = overview.export(document, "docx").data
    word = docx.Document(io.BytesIO(data))

    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    for number, label in enumerate(labels(), start=1):
        assert f"{number}. {label}" in headings
    assert word.paragraphs[0].style.name == "Title"
    assert word.paragraphs[0].text == "Folkehelseoversikt 2024"
    # The chart, with alternative text that says what it shows.
    assert len(word.inline_shapes) == 1
    description = word.inline_shapes[0]._inline.docPr.get("descr")
    # The document is in the municipality's language (bokmål).
    assert "Eksempelvik: fra 10,0 i 2015 til 13,5 i 2024." in description
    # The table of values: decimal comma (bokmål), the anonymised cell in words, never 0.
    table = word.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Periode", "Eksempelvik", "Eksempel fylke", "Norge"]
    assert rows[1] == ["2015", "10,0", "9,0", "10,0"]
    with translation.override("nb"):
        assert rows[5] == ["2019", str(Flag.SUPPRESSED.label), "9,8", "10,4"]
    # Sources with the date of the import.
    sources = [[cell.text for cell in row.cells] for row in word.tables[-1].rows]
    assert sources[1][0] == "Folkehelseinstituttet"
    assert "lavinntekt_2025.csv (14. mars 2025)" in sources[1][3]


def test_the_docx_contents_link_to_bookmarks_on_the_headings(document):
    word = docx.Document(io.BytesIO(overview.export(document, "docx").data))
    body = word.element.body
    anchors = [link.get(qn("w:anchor")) for link in body.iter(qn("w:hyperlink"))]
    bookmarks = {mark.get(qn("w:name")) for mark in body.iter(qn("w:bookmarkStart"))}
    assert anchors[0] == "introduction"
    assert "area_quality_of_life" in anchors
    assert set(anchors) <= bookmarks, "every entry of the contents leads somewhere"
    assert len(anchors) == len(Category.values) + 2


def test_the_docx_metadata_comes_from_the_document_not_the_clock(document):
    data = overview.export(document, "docx").data
    properties = docx.Document(io.BytesIO(data)).core_properties
    assert properties.created == document.created_at.replace(microsecond=0)
    assert properties.modified == document.updated_at.replace(microsecond=0)
    assert properties.language == "nb-NO"
    assert properties.author == "Eksempelvik"
    *day_and_time, second = document.updated_at.astimezone(dt.UTC).timetuple()[:6]
    stamp = (*day_and_time, second - second % 2)  # zip keeps time in two-second steps
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {stamp}


# --- PDF -----------------------------------------------------------------------------------


def test_the_pdf_has_contents_a_heading_per_area_and_the_numbers(document):
    data = overview.export(document, "pdf").data
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 1 + len(Category.values), "each area starts on a new page"
    text = pdf_text(data)
    contents_page = reader.pages[0].extract_text()
    for number, label in enumerate(labels(), start=1):
        assert f"{number}. {label}" in text
    assert "1. " + labels()[0] in contents_page, "the contents list comes first"
    assert "13,5" in text and "10,8" in text
    assert "lavinntekt_2025.csv (14. mars 2025)" in text
    assert reader.metadata["/Title"] == "Folkehelseoversikt 2024 – Eksempelvik"
    assert reader.metadata["/CreationDate"].startswith(
        "D:" + document.created_at.astimezone(dt.UTC).strftime("%Y%m%d%H%M%S"))


def test_the_pdf_fetches_nothing_from_the_network():
    with pytest.raises(ValueError, match="does not fetch"):
        _refuse_fetch("http://169.254.169.254/latest/meta-data/")


# --- HTML ----------------------------------------------------------------------------------


def test_the_html_file_stands_alone_with_contents_charts_and_tables(document):
    exported = overview.export(document, "html")
    html = exported.data.decode()
    assert exported.filename == "oversikt-9999-folkehelseoversikt-2024-draft.html"
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="nb">' in html
    assert '<nav class="toc"' in html
    for category in Category.values:
        assert f'href="#{overview.anchor_for(category)}"' in html
        assert f'id="{overview.anchor_for(category)}"' in html
    assert 'role="img"' in html and "<svg" in html
    assert '<th scope="col">Eksempel fylke</th>' in html
    assert "<style>" in html and "@page" in html
    assert "Tallene viser ikke at busstilbudet forsvant i 2021." in html
    assert "Ensomhet blant eldre" in html


def test_local_knowledge_is_quoted_only_when_published(document, eksempelvik, per):
    from samskap.knowledge.models import LocalKnowledge, Moderation

    item = LocalKnowledge.objects.get(title="Bussen forsvant")
    item.status = Moderation.REJECTED
    item.save(update_fields=["status"])
    html = overview.export(OverviewDocument.objects.get(pk=document.pk), "html").data.decode()
    assert "Bussen forsvant" not in html


def test_user_text_is_escaped_in_every_format(eksempelvik, per, indicator):
    document = written_document(eksempelvik, per, indicators=(indicator,))
    document.title = '<script>alert("x")</script>'
    document.save(update_fields=["title"])
    html = overview.export(document, "html").data.decode()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_a_nynorsk_municipalitys_document_is_in_nynorsk_whatever_the_readers_language(
        nabovik, olav):
    document = written_document(nabovik, olav)
    with translation.override("en"):
        content = overview.content_of(document)
        html = overview.export(document, "html").data.decode()
    assert content.language == "nn"
    assert '<html lang="nn">' in html
    with translation.override("nn"):
        assert str(Category.HEALTH.label) in html


# --- Reproducibility -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_the_same_data_gives_the_same_bytes(document, fmt):
    # Rendered twice from two builds, past the cache.
    first = overview.render(overview.build_document(document), fmt)
    second = overview.render(
        overview.build_document(OverviewDocument.objects.get(pk=document.pk)), fmt)
    assert first == second


def test_a_public_documents_file_is_rendered_once(document, mira, monkeypatch):
    from samskap.knowledge.tests.overview_world import on_consultation

    on_consultation(document, mira)
    cache.clear()  # another test may have rendered the same content in the same second
    calls = []
    real = overview.render
    monkeypatch.setattr(overview, "render", lambda *a, **k: calls.append(a) or real(*a, **k))
    document = OverviewDocument.objects.get(pk=document.pk)
    first = overview.export(document, "docx").data
    assert overview.export(document, "docx").data == first
    assert len(calls) == 1


def test_changed_data_gives_a_changed_document(document, indicator):
    before = overview.export(document, "html").data
    Observation.objects.filter(indicator=indicator, geo="9999", period_end=2024).update(
        value="14.5")
    after = overview.export(document, "html").data
    assert before != after
    assert "14,5" in after.decode()


def test_the_content_tree_round_trips_through_json(document):
    content = overview.build_document(document)
    assert DocumentContent.from_json(content.to_json()) == content


def test_a_tree_of_another_version_is_refused(document):
    data = overview.build_document(document).to_json()
    data["version"] = 0
    with pytest.raises(ValueError, match="version"):
        DocumentContent.from_json(data)


# --- Through the page ----------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "content_type"), [
    ("pdf", "application/pdf"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("html", "text/html; charset=utf-8"),
])
def test_siri_downloads_the_draft_in_every_format(client, siri, document, fmt, content_type):
    response = english(client, siri).get(url("overview_export", pk=document.pk, fmt=fmt))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="oversikt-9999-folkehelseoversikt-2024-draft.{fmt}"')


def test_an_unknown_format_is_not_found(client, siri, document):
    response = english(client, siri).get(url("overview_export", pk=document.pk, fmt="odt"))
    assert response.status_code == 404


def test_the_sources_list_each_import_with_its_date(document):
    content = overview.build_document(document)
    (source,) = content.sources
    assert source.tables == ["nokkel:187"]
    assert [(note.file_name, note.date_iso) for note in source.imports] == [
        ("lavinntekt_2025.csv", IMPORTED.strftime("%Y-%m-%dT%H:%M:%SZ"))]


def test_the_table_shows_the_municipalitys_widest_age_group(eksempelvik, per):
    from samskap.testing.factories import IndicatorFactory, ObservationFactory

    indicator = IndicatorFactory(code="to_aldre")
    ObservationFactory(indicator=indicator, age="15_29", value="55.5", period_start=2024,
                       period_end=2024)
    ObservationFactory(indicator=indicator, age="0_120", value="44.4", period_start=2024,
                       period_end=2024)
    document = written_document(eksempelvik, per, indicators=(indicator,))
    (block,) = overview.build_document(document).sections[1].indicators
    assert [row.values for row in block.rows] == [["44,4"]]
    assert block.columns == ["Eksempelvik"], "no county or Norway data: no empty columns"
