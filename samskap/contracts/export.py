"""A community contract as PDF (WeasyPrint) and DOCX (python-docx), one version at a time.

Like the overview document (samskap/knowledge/document/): in the municipality's language, the
PDF from a standalone HTML file with its own print styles and DejaVu fonts, no fetching of
any address on the server, and each file cached under a digest of what it shows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from dataclasses import asdict, dataclass
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samskap.contracts.models import CommunityContract, ContractVersion, Status
from samskap.contracts.presentation import readable

CACHE_SECONDS = 60 * 60
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FORMATS = tuple(CONTENT_TYPES)


@dataclass(frozen=True)
class Export:
    data: bytes
    content_type: str
    filename: str


@dataclass(frozen=True)
class Sheet:
    """Everything one exported file shows, as plain values (the cache key is made of it)."""

    language: str
    municipality: str
    title: str
    version: int
    version_date: str
    status: str
    is_current: bool
    fields: list[tuple[str, str]]
    parties: list[str]
    contributions: list[dict[str, str]]
    acceptances: list[dict[str, str]]
    waiting: list[str]


def _day(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    return formats.date_format(value, "j. F Y")


def _moment(value: dt.datetime) -> str:
    from django.utils import timezone
    return formats.date_format(timezone.localtime(value), "j. F Y H:i")


def sheet_of(contract: CommunityContract, version: ContractVersion) -> Sheet:
    """The version's content, its acceptances and (for the current version) the follow-up."""
    language = contract.municipality.default_language
    content = readable(version.content)
    current = contract.current_version()
    is_current = current is not None and current.pk == version.pk
    with translation.override(language):
        period = _day(content["starts_on"])
        if content["ends_on"]:
            period += " – " + _day(content["ends_on"])
        fields = [
            (_("Shared goal"), content["purpose"]),
            (_("What it serves"), content["serves"]),
            (_("Duration"), period),
            (_("How results are followed up"), content["follow_up"]),
            (_("How a party leaves"), content["leaving_clause"]),
            (_("The municipality's contribution"), content["municipality_contribution"]),
        ]
        statuses: dict[int, str] = {}
        if is_current:
            statuses = {c.pk: c.get_status_display() for c in contract.contributions.all()}
        contributions = [
            {"party": c["party_name"], "what": c["what"], "amount": c["amount"],
             "due": _day(c["due_on"]), "status": statuses.get(c["id"], "")}
            for c in content["contributions"]]
        acceptances = [
            {"party": a.party.name,
             "by": a.accepted_by.display_name if a.accepted_by else _("(deleted account)"),
             "at": _moment(a.accepted_at)}
            for a in version.acceptances.select_related("party__actor", "accepted_by",
                                                        "party__contract__municipality")]
        # Who still has to accept: only the current version of a contract put to the parties.
        waiting = []
        if is_current and contract.status in (Status.AWAITING, Status.ACTIVE):
            waiting = [p.name for p in contract.active_parties().select_related(
                "actor", "contract__municipality").exclude(acceptances__version=version)]
        return Sheet(
            language=language, municipality=contract.municipality.name,
            title=content["title"], version=version.number,
            version_date=_day(version.created_at), status=contract.get_status_display(),
            is_current=is_current, fields=[(k, v) for k, v in fields if v],
            parties=[p["name"] for p in content["parties"]], contributions=contributions,
            acceptances=acceptances, waiting=waiting)


def render_html(sheet: Sheet) -> str:
    with translation.override(sheet.language):
        return render_to_string("contracts/export.html", {"sheet": sheet})


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Everything is inline; never fetch an address (perhaps user-given) on the server."""
    raise ValueError(f"The contract PDF does not fetch {url!r}.")


def render_pdf(sheet: Sheet) -> bytes:
    import weasyprint  # loads Pango: only when a PDF is asked for

    pdf: bytes = weasyprint.HTML(string=render_html(sheet), url_fetcher=_refuse_fetch).write_pdf(
        pdf_variant="pdf/ua-1")
    return pdf


def render_docx(sheet: Sheet) -> bytes:
    from docx import Document
    from docx.shared import Pt

    with translation.override(sheet.language):
        document = Document()
        document.styles["Normal"].font.name = "Calibri"
        document.styles["Normal"].font.size = Pt(11)
        properties = document.core_properties
        properties.title = sheet.title
        properties.author = sheet.municipality
        properties.subject = _("Community contract")
        properties.language = sheet.language
        document.add_heading(sheet.title, level=0)
        document.add_paragraph(
            _("Community contract · %(municipality)s · version %(version)s of %(date)s · "
              "%(status)s") % {"municipality": sheet.municipality, "version": sheet.version,
                               "date": sheet.version_date, "status": sheet.status})
        for label, text in sheet.fields:
            document.add_heading(label, level=1)
            for paragraph in text.split("\n\n"):
                document.add_paragraph(paragraph)
        document.add_heading(_("Parties"), level=1)
        for party in sheet.parties:
            document.add_paragraph(party, style="List Bullet")
        document.add_heading(_("Contributions"), level=1)
        headers = [_("Party"), _("What"), _("How much"), _("When")]
        if sheet.is_current:
            headers.append(_("Status"))
        _table(document, headers, [
            [c["party"], c["what"], c["amount"], c["due"], c["status"]][:len(headers)]
            for c in sheet.contributions])
        document.add_heading(_("Acceptances"), level=1)
        if sheet.acceptances:
            _table(document, [_("Party"), _("Accepted by"), _("When")],
                   [[a["party"], a["by"], a["at"]] for a in sheet.acceptances])
        else:
            document.add_paragraph(_("No party has accepted this version yet."))
        if sheet.waiting:
            document.add_paragraph(_("Not yet accepted by: %(parties)s") % {
                "parties": ", ".join(sheet.waiting)})
        buffer = io.BytesIO()
        document.save(buffer)
    return buffer.getvalue()


def _table(document: Any, headers: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def filename_for(contract: CommunityContract, version: ContractVersion, fmt: str) -> str:
    title = slugify(contract.title)[:60] or "kontrakt"
    return f"samfunnskontrakt-{contract.municipality.number}-{title}-v{version.number}.{fmt}"


def export(contract: CommunityContract, version: ContractVersion, fmt: str) -> Export:
    """The version as a ``fmt`` file (pdf or docx), from the cache when it shows the same."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}.")
    sheet = sheet_of(contract, version)
    digest = hashlib.sha256(json.dumps(asdict(sheet), sort_keys=True).encode()).hexdigest()
    key = f"contract-export:{fmt}:{digest}"
    data = cache.get(key)
    if data is None:
        data = render_pdf(sheet) if fmt == "pdf" else render_docx(sheet)
        cache.set(key, data, CACHE_SECONDS)
    return Export(data, CONTENT_TYPES[fmt], filename_for(contract, version, fmt))
