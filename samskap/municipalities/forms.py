from __future__ import annotations

from django import forms

from samskap.municipalities.models import District


class DistrictForm(forms.ModelForm):
    class Meta:
        model = District
        fields = ["name", "code", "population", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipality, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
