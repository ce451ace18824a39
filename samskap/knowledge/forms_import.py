"""The upload form of indicator data (staff)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samskap.knowledge.actions_import import ImportFailed, ImportResult, import_indicators
from samskap.knowledge.models import Flag, ImportBatch, Indicator
from samskap.municipalities.models import Municipality

MAX_UPLOAD_BYTES = 100 * 1024 * 1024


class IndicatorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("An FHI statistics cube (CSV), a JSON-stat 2 file from SSB or FHI, or a "
                    "tidy CSV from a local survey. At most 100 MB."),
    )
    indicator = IndicatorChoice(
        queryset=Indicator.objects.none(), required=False, to_field_name="code",
        label=_("Indicator"), empty_label=_("Named by the file"),
        help_text=_("FHI cube files do not name their indicator: choose it here."),
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False,
        choices=[("", _("Tell from the content")), *ImportBatch.Format.choices],
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: show what would change, write nothing"), required=False,
        initial=True,
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["indicator"].queryset = (  # type: ignore[attr-defined]
            Indicator.objects.for_municipality(municipality).order_by("name_nb"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 100 MB."))
        return upload

    def run_import(self, user: Any) -> ImportResult | None:
        """Import the uploaded file; a file that cannot be imported becomes a form error."""
        upload = self.cleaned_data["file"]
        try:
            return import_indicators(
                upload.read(), upload.name, format=self.cleaned_data["format"] or None,
                indicator=self.cleaned_data["indicator"], municipality=self.municipality,
                user=user, dry_run=self.cleaned_data["dry_run"])
        except ImportFailed as error:
            self.add_error("file", str(error))
            return None


SEPARATORS = {";": _("semicolon"), ",": _("comma"), "\t": _("tab")}


def summary_rows(summary: dict[str, Any]) -> list[tuple[str, str]]:
    """An import's summary as (label, text) rows for a description list."""
    if not summary:
        return []
    flags = ", ".join(f"{Flag(flag).label}: {count}"
                      for flag, count in summary.get("flags", {}).items())
    formats = dict(ImportBatch.Format.choices)
    rows = [
        (gettext("Format"), str(formats.get(summary["format"], summary["format"]))),
        (gettext("Encoding and separator"), ", ".join(filter(None, [
            summary["encoding"], str(SEPARATORS.get(summary["delimiter"], ""))]))),
        (gettext("Indicators"), ", ".join(summary["indicators"])),
        (gettext("Rows read"), str(summary["rows"])),
        (gettext("Observations"), str(summary["observations"])),
        (gettext("New"), str(summary["new"])),
        (gettext("Changed"), str(summary["changed"])),
        (gettext("Unchanged"), str(summary["unchanged"])),
        (gettext("Removed (no longer in the file)"), str(summary["removed"])),
        (gettext("Suppressed or missing (stored without a value)"),
         f"{summary['suppressed']}{f' ({flags})' if flags else ''}"),
        (gettext("Rejected (other places, the county and Norway)"), str(summary["rejected"])),
        (gettext("Empty cells skipped"), str(summary["empty"])),
        (gettext("Warnings"), str(summary["warnings"])),
    ]
    if summary.get("first_year"):
        rows.insert(3, (gettext("Years"), f"{summary['first_year']}–{summary['last_year']}"))
    return rows
