from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from samskap.municipalities.models import District


class DistrictForm(forms.ModelForm):
    class Meta:
        model = District
        fields = ["name", "code", "population", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipality, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality

    def validate_unique(self) -> None:
        super().validate_unique()
        # ``municipality`` is not a form field, so Django skips the constraints that name it
        # (unique name and code per municipality); check them here so a taken name is a
        # form error, not an IntegrityError.
        try:
            self.instance.validate_constraints()
        except ValidationError as error:
            self.add_error(None, error)
