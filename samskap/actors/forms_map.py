"""Forms of the community map: the filters (GET) and dismissing a nudge."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.actors.community_map import ORDERS
from samskap.actors.models import Sector
from samskap.municipalities.models import District, Municipality

ORDER_LABELS = {
    "name": _("Name"),
    "betweenness": _("Betweenness (bridges first)"),
    "links": _("Number of links"),
}


class MapFilterForm(forms.Form):
    """The allow-listed filters of the map and the grid (GET): a tampered value is a field
    error and is not applied."""

    district = forms.ModelChoiceField(queryset=District.objects.none(), required=False,
                                      label=_("District"), empty_label=_("All districts"))
    sector = forms.ChoiceField(required=False, label=_("Sector"),
                               choices=[("", _("All sectors")), *Sector.choices])
    order = forms.ChoiceField(required=False, label=_("Order of the actor table"),
                              choices=[(key, ORDER_LABELS[key]) for key in ORDERS])

    def __init__(self, *args: Any, municipality: Municipality, with_order: bool = True,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality)
        if not with_order:
            del self.fields["order"]

    def filters(self) -> dict[str, Any]:
        """The valid filters only; a field with an error is left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "district": data.get("district"),
            "sector": data.get("sector") or None,
            **({"order": data.get("order") or "name"} if "order" in self.fields else {}),
        }


class DismissNudgeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why may this nudge be set aside?"), max_length=2000, strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required. The reason is shown with the dismissed nudge and kept in the "
                    "audit log, e.g. “They declined our invitation on 3 March; we keep them "
                    "informed by letter.”"),
        error_messages={"required": _("Give a reason for setting the nudge aside.")})
