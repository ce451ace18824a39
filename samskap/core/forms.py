from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.core.models import Feedback


class MunicipalitySearchForm(forms.Form):
    q = forms.CharField(label=_("Municipality name or number"), max_length=100, required=False)


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["message", "email", "page"]
        labels = {"page": _("Which page is it about? (optional)")}
        widgets = {"message": forms.Textarea(attrs={"rows": 5})}
