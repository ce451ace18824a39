from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskap.accounts.models import INTERNAL_ROLES
from samskap.municipalities.models import Municipality
from samskap.planning.models import StepConclusion


class DateInput(forms.DateInput):
    input_type = "date"


class CycleForm(forms.Form):
    start_year = forms.IntegerField(
        label=_("First year of the municipal term"), min_value=2000, max_value=2200,
        help_text=_("The cycle covers four years, e.g. 2028–2031."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start_year"].initial = timezone.localdate().year


class StepForm(forms.Form):
    lead = forms.ModelChoiceField(
        label=_("Lead"), queryset=get_user_model().objects.none(), required=False,
        empty_label=_("(no lead)"),
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput)
    summary = forms.CharField(
        label=_("Summary"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only people working in this municipality can lead a step: the tenant boundary
        # holds even if someone edits the posted id.
        self.fields["lead"].queryset = get_user_model().objects.filter(  # type: ignore[attr-defined]
            memberships__municipality=municipality,
            memberships__role__in=[role.value for role in INTERNAL_ROLES],
        ).order_by("name", "email")


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the step reopened?"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConclusionForm(forms.ModelForm):
    class Meta:
        model = StepConclusion
        fields = ["kind", "title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "kind": forms.RadioSelect}
