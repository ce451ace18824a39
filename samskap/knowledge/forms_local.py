"""Forms of local knowledge, moderation, knowledge gaps and community resources.

Every choice of an indicator or a district is limited to the municipality's own: a posted id
of another municipality's district, or a code outside its catalogue, is a form error.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.knowledge.models import (
    Category,
    CommunityResource,
    Indicator,
    KnowledgeGap,
    LocalKnowledge,
)
from samskap.municipalities.models import District, Municipality

ANCHORS = ("indicator", "category", "district", "place")
NONE = _("(none)")
ALL = _("(all)")


def grouped_indicator_choices(indicators: list[Indicator], empty: Any) -> list[Any]:
    """Indicator choices by code, grouped by overview area (``<optgroup>``)."""
    choices: list[Any] = [("", empty)]
    for value, label in Category.choices:
        group = [(i.code, i.name) for i in indicators if i.category == value]
        if group:
            choices.append((label, sorted(group, key=lambda choice: choice[1])))
    return choices


def limit_to(fields: dict[str, Any], municipality: Municipality, empty: Any = NONE) -> None:
    """Let the indicator, area and district fields offer only the municipality's own."""
    indicator = fields["indicator"]
    indicator.queryset = Indicator.objects.for_municipality(municipality)
    indicator.to_field_name = "code"
    indicator.choices = grouped_indicator_choices(
        list(Indicator.objects.for_municipality(municipality)), empty)
    indicator.label = _("Indicator")
    district = fields["district"]
    district.queryset = District.objects.filter(municipality=municipality)
    district.empty_label = empty
    district.label = _("District")
    category = fields["category"]
    category.choices = [("", empty), *Category.choices]
    category.label = _("Area")


class LocalKnowledgeForm(forms.ModelForm):
    """What the numbers don't show, and what it is about."""

    class Meta:
        model = LocalKnowledge
        fields = ["title", "text", "story", *ANCHORS]
        labels = {
            "title": _("Title"),
            "text": _("What the numbers don't show"),
            "story": _("Why: the story behind it"),
            "place": _("Place described in words"),
        }
        help_texts = {
            "title": _("A short summary, e.g. “Young people have nowhere to meet”."),
            "text": _("What you know about this that the statistics don't tell."),
            "story": _("What you think is the reason, or something that happened."),
            "place": _("e.g. “the path behind the school”"),
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "story": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_to(self.fields, municipality)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(data.get(name) for name in ANCHORS):
            raise forms.ValidationError(_(
                "Say what it is about: an indicator, an area, a district or a place."))
        indicator = data.get("indicator")
        if indicator is not None and not data.get("category"):
            data["category"] = indicator.category
        return data


class ModerationForm(forms.Form):
    DECISIONS = [
        ("publish", _("Publish")),
        ("needs_edit", _("Send back to the author for changes")),
        ("reject", _("Reject")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS,
                                 widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when sending back or rejecting; the author sees it."),
    )
    response = forms.CharField(
        label=_("The municipality's response"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown with the contribution once it is published, and to its author."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") in {"needs_edit", "reject"} and not data.get("reason", "").strip():
            self.add_error("reason", _("Give a reason: the author is told why."))
        return data


class LocalFilterForm(forms.Form):
    """The allow-listed filters of the public list (GET)."""

    category = forms.ChoiceField(required=False)
    indicator = forms.ModelChoiceField(queryset=Indicator.objects.none(), required=False)
    district = forms.ModelChoiceField(queryset=District.objects.none(), required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_to(self.fields, municipality, ALL)

    def filters(self) -> dict[str, Any]:
        """The valid filters only; a tampered value is dropped, never passed on."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in ("category", "indicator", "district")
                if data.get(name)}


class KnowledgeGapForm(forms.ModelForm):
    class Meta:
        model = KnowledgeGap
        fields = ["title", "description", "how_to_learn", "category", "indicator", "district",
                  "is_closed"]
        labels = {"title": _("What we don't know"), "how_to_learn": _("How we could learn it"),
                  "description": _("Description"), "is_closed": _("We know this now (closed)")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "how_to_learn": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        limit_to(self.fields, municipality)
        if self.instance.pk is None:
            del self.fields["is_closed"]


class CommunityResourceForm(forms.ModelForm):
    class Meta:
        model = CommunityResource
        fields = ["title", "description", "category", "indicator", "district"]
        labels = {"title": _("Resource"), "description": _("Description")}
        help_texts = {"title": _("An asset of the community, e.g. “The sports club's open "
                                 "hall on Fridays”.")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        limit_to(self.fields, municipality)
