"""The overview document as DOCX (python-docx), for municipalities that edit in Word.

Headings use Word's own styles, so Word's navigation pane and its own table of contents work;
the contents list at the top is generated with links to bookmarks on the headings, so it needs
no field update and no page numbers. Charts are PNG images with alternative text, each followed
by its table. The file is reproducible: fixed core properties and zip timestamps taken from the
document, never from the clock.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from samskap.knowledge.document.charts import svg_to_png
from samskap.knowledge.document.content import DocumentContent, IndicatorBlock, Section

WORD_LANGUAGE = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}
LINK_COLOUR = "005B96"
TEXT_WIDTH = Cm(16)


def render_docx(content: DocumentContent) -> bytes:
    """The document as DOCX bytes; the same content always gives the same bytes."""
    with translation.override(content.language):
        document = Document()
        _set_up(document, content)
        _title(document, content)
        _contents(document, content)
        _introduction(document, content)
        for section in content.sections:
            _section(document, section)
        _sources(document, content)
        buffer = io.BytesIO()
        document.save(buffer)
    return _fixed_zip(buffer.getvalue(), _moment(content.modified_iso))


def _moment(iso: str) -> dt.datetime:
    return dt.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)


def _set_up(document: Any, content: DocumentContent) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    language = WORD_LANGUAGE.get(content.language, content.language)
    # The default language of every run, for spell checking and screen readers.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run_defaults.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_defaults.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)

    properties = document.core_properties
    properties.title = content.title
    properties.subject = _("Overview of public health and the factors that influence it")
    properties.author = content.municipality
    properties.last_modified_by = content.municipality
    properties.language = language
    properties.keywords = ""
    properties.comments = content.status_text
    properties.category = ""
    properties.content_status = content.status_text
    properties.created = _moment(content.created_iso)
    properties.modified = _moment(content.modified_iso)
    properties.last_printed = _moment(content.created_iso)
    properties.revision = 1

    footer = section.footer.paragraphs[0]
    footer.text = f"{content.title} · {content.municipality} · "
    _field(footer, "PAGE")


def _field(paragraph: Paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _bookmark_name(anchor: str) -> str:
    return anchor.replace("-", "_")[:40]


def _bookmark(paragraph: Paragraph, anchor: str, number: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), _bookmark_name(anchor))
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    element = paragraph._p
    element.insert(1 if element.pPr is not None else 0, start)
    element.append(end)


def _link(paragraph: Paragraph, text: str, anchor: str) -> None:
    """A link to a bookmark in the same document."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), _bookmark_name(anchor))
    link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), LINK_COLOUR)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.extend([colour, underline])
    run.append(properties)
    element = OxmlElement("w:t")
    element.set(qn("xml:space"), "preserve")
    element.text = text
    run.append(element)
    link.append(run)
    paragraph._p.append(link)


def _heading(document: Any, text: str, level: int, anchor: str = "",
             bookmark: list[int] | None = None) -> Paragraph:
    paragraph: Paragraph = document.add_heading(text, level=level)
    if anchor and bookmark is not None:
        bookmark[0] += 1
        _bookmark(paragraph, anchor, bookmark[0])
    return paragraph


def _title(document: Any, content: DocumentContent) -> None:
    document.add_heading(content.title, level=0)
    line = content.municipality
    if content.cycle_term:
        line += " · " + _("Public health cycle %(term)s") % {"term": content.cycle_term}
    paragraph = document.add_paragraph(f"{line} · {content.status_text}")
    paragraph.runs[0].font.color.rgb = RGBColor(0x4A, 0x4A, 0x4A)


def _entries(content: DocumentContent) -> list[tuple[str, str]]:
    return [
        (_("Introduction"), "introduction"),
        *[(f"{section.number}. {section.title}", section.anchor) for section in content.sections],
        (_("Sources and data imports"), "sources"),
    ]


def _contents(document: Any, content: DocumentContent) -> None:
    document.add_paragraph(_("Contents"), style="TOC Heading")
    for text, anchor in _entries(content):
        # Plain paragraphs: the entries carry their numbers ("List Number" would add more).
        _link(document.add_paragraph(style="No Spacing"), text, anchor)


def _counter(document: Any) -> list[int]:
    """A per-document counter for bookmark ids, kept on the python-docx object."""
    counter: list[int] = document.__dict__.setdefault("_samskap_bookmarks", [0])
    return counter


def _paragraphs(document: Any, paragraphs: list[str], style: str | None = None) -> None:
    for text in paragraphs:
        document.add_paragraph(text, style=style)


def _introduction(document: Any, content: DocumentContent) -> None:
    _heading(document, _("Introduction"), 1, "introduction", _counter(document))
    _paragraphs(document, content.introduction
                or [_("No introduction has been written yet.")])


def _section(document: Any, section: Section) -> None:
    heading = _heading(document, f"{section.number}. {section.title}", 1, section.anchor,
                       _counter(document))
    heading.paragraph_format.page_break_before = True
    if section.is_empty:
        document.add_paragraph(_("Nothing has been written for this area yet."))
    for part in section.parts:
        _heading(document, part.heading, 2)
        _paragraphs(document, part.paragraphs)
    if section.indicators:
        _heading(document, _("Statistics"), 2)
        for block in section.indicators:
            _indicator(document, block)
    if section.local_knowledge:
        _heading(document, _("Local knowledge"), 2)
        for quote in section.local_knowledge:
            _paragraphs(document, quote.text + quote.story, style="Quote")
            caption = quote.title + (f" · {quote.where}" if quote.where else "")
            document.add_paragraph(caption, style="Caption")
            if quote.response:
                paragraph = document.add_paragraph()
                paragraph.add_run(_("The municipality's response:") + " ").bold = True
                paragraph.add_run(" ".join(quote.response))
    if section.gaps:
        _heading(document, _("Knowledge gaps"), 2)
        for gap in section.gaps:
            paragraph = document.add_paragraph(style="List Bullet")
            paragraph.add_run(gap.title).bold = True
            if gap.is_closed:
                paragraph.add_run(f" ({_('closed')})")
            if gap.description:
                paragraph.add_run(" – " + " ".join(gap.description))
            if gap.how_to_learn:
                paragraph.add_run(" " + _("How we could learn it:") + " ").italic = True
                paragraph.add_run(" ".join(gap.how_to_learn))


def _indicator(document: Any, block: IndicatorBlock) -> None:
    _heading(document, block.name, 3)
    if block.definition:
        document.add_paragraph(block.definition)
    if block.direction:
        document.add_paragraph(block.direction)
    if block.chart:
        document.add_picture(io.BytesIO(svg_to_png(block.chart.svg)), width=TEXT_WIDTH)
        picture = document.inline_shapes[-1]
        picture._inline.docPr.set("title", block.chart.title)
        picture._inline.docPr.set("descr", block.chart.summary)
        document.add_paragraph(block.chart.summary, style="Caption")
    if block.note:
        document.add_paragraph(block.note)
    if block.rows:
        document.add_paragraph(
            _("%(name)s (%(unit)s) by period") % {"name": block.name, "unit": block.unit},
            style="Caption")
        _table(document, [_("Period"), *block.columns],
               [[row.period, *row.values] for row in block.rows], numeric=True)
    source = _("Source:") + f" {block.source}"
    if block.source_table:
        source += f" ({block.source_table})"
    if block.licence:
        source += f", {block.licence}"
    source += "."
    if block.imports:
        source += " " + _("Imported:") + " " + "; ".join(
            f"{note.file_name} ({note.date_text})" for note in block.imports) + "."
    document.add_paragraph(source)


def _table(document: Any, header: list[str], rows: list[list[str]], *,
           numeric: bool = False) -> Table:
    table: Table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    # The header row repeats on every page and tells screen readers what the columns are.
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row_properties.append(repeat)
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.text = text
            if numeric and index > 0:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return table


def _sources(document: Any, content: DocumentContent) -> None:
    heading = _heading(document, _("Sources and data imports"), 1, "sources", _counter(document))
    heading.paragraph_format.page_break_before = True
    if not content.sources:
        document.add_paragraph(_("The document cites no statistics yet."))
        return
    document.add_paragraph(_("Where the statistics come from, and when they were imported"),
                           style="Caption")
    _table(document, [_("Source"), _("Tables"), _("Licence"), _("Imports")], [
        [source.name, ", ".join(source.tables), source.licence,
         "\n".join(f"{note.file_name} ({note.date_text})" for note in source.imports)
         or _("no import recorded")]
        for source in content.sources
    ])


def _fixed_zip(data: bytes, moment: dt.datetime) -> bytes:
    """Rewrite the zip with fixed timestamps: python-docx stamps each part with the clock."""
    stamp = max(moment, dt.datetime(1980, 1, 1, tzinfo=dt.UTC)).timetuple()[:6]
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)  # type: ignore[arg-type]
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return output.getvalue()
