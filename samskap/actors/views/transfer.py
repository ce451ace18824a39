"""Import and export of actors and settings in the browser (staff): the same all-or-nothing
import as ``samskap import-actors``, with a dry run that shows what would change."""

from __future__ import annotations

import io

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samskap.actors import transfer
from samskap.actors.forms import ImportForm
from samskap.core.access import get_municipality, require
from samskap.lib.fileimport import ImportFailed

#: The files one can download, by name, with their content type.
EXPORTS = {
    "actors.csv": "text/csv; charset=utf-8",
    "settings.csv": "text/csv; charset=utf-8",
    "community.json": "application/json; charset=utf-8",
}


def _where(error: ImportFailed) -> str:
    """Where the file is wrong, in the reader's language; the message itself is technical."""
    parts = [error.path]
    if error.line is not None:
        parts.append(_("line %(line)s") % {"line": error.line})
    if error.column:
        parts.append(_("column “%(column)s”") % {"column": error.column})
    return ", ".join(parts)


@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest, number: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.edit_actors", municipality)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        dry_run = form.cleaned_data["dry_run"]
        try:
            result = transfer.import_file(upload.read(), upload.name, municipality=municipality,
                                          user=request.user, dry_run=dry_run)
        except ImportFailed as error:
            form.add_error("file", _("Nothing was imported. %(where)s: %(message)s") % {
                "where": _where(error), "message": error.message})
        else:
            if not dry_run:
                messages.success(request, _(
                    "Imported: %(actors)s actors and %(settings)s settings (new or changed), "
                    "%(links)s links.") % {
                    "actors": result.actors_created + result.actors_changed,
                    "settings": result.settings_created + result.settings_changed,
                    "links": result.links})
                return redirect("actors:list", number=number)
    return render(request, "actors/import.html", {
        "municipality": municipality, "form": form, "result": result,
        "exports": list(EXPORTS)})


@require_GET
def export(request: HttpRequest, number: str, name: str) -> HttpResponse:
    municipality = get_municipality(number)
    require(request, "samskap.edit_actors", municipality)
    if name not in EXPORTS:
        raise Http404
    if name == "actors.csv":
        body = transfer.actors_csv(municipality)
    elif name == "settings.csv":
        body = transfer.settings_csv(municipality)
    else:
        out = io.StringIO()
        transfer.write_json(municipality, out)
        body = out.getvalue().encode()
    stem, _dot, suffix = name.partition(".")
    filename = f"{stem}-{municipality.number}-{timezone.localdate():%Y-%m-%d}.{suffix}"
    response = HttpResponse(body, content_type=EXPORTS[name])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


urlpatterns: list[URLPattern] = [
    path("import/", import_view, name="import"),
    path("export/<str:name>", export, name="export"),
]
