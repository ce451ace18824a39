"""Forms of conversations: field errors for every bad input, never a 500."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.conversations.models import (
    STATEMENT_MAX_LENGTH,
    AgeBand,
    Conversation,
    Education,
    Gender,
)
from samskap.municipalities.models import District

#: Pol.is export files are small; anything much bigger is not one.
MAX_UPLOAD = 20 * 1024 * 1024


class ConversationForm(forms.ModelForm):  # type: ignore[type-arg]
    reading_url = forms.URLField(label=_("Link to background reading"), required=False,
                                 assume_scheme="https", max_length=200)

    class Meta:
        model = Conversation
        fields = ["process", "topic", "description", "reading_url", "reading_text", "opens_on",
                  "closes_on", "moderation", "requires_login", "k_threshold"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
            "moderation": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "reading_text": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, processes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["process"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = processes
        field.empty_label = None
        if self.instance.pk:
            del self.fields["process"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The conversation cannot close before it opens."))
        return data


class VoteForm(forms.Form):
    statement = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0"), ("-1", "-1")], coerce=int)


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Your statement"), max_length=STATEMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One clear opinion others can agree or disagree with, at most "
                    "%(n)d characters. No names of private persons, no links.") % {
            "n": STATEMENT_MAX_LENGTH},
        error_messages={"max_length": _("Write at most %(limit_value)d characters (you wrote "
                                        "%(show_value)d).")})


class SeedForm(forms.Form):
    statements = forms.CharField(
        label=_("Seed statements"), widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One statement per line. They are visible at once."))

    def lines(self) -> list[str]:
        return [line for line in self.cleaned_data["statements"].splitlines() if line.strip()]


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[("approve", _("Show it")), ("hide", _("Hide it")),
                 ("reject", _("Reject it"))])
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to hide or reject. It is logged."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") in {"hide", "reject"} and not data.get("reason", "").strip():
            self.add_error("reason", _("Give a reason to hide or reject a statement."))
        return data


class DemographicsForm(forms.Form):
    consent = forms.BooleanField(
        label=_("I agree that my answers are stored with my votes and used, only in groups of "
                "at least five people, to see who takes part. I can withdraw this at any "
                "time, which deletes the answers."))
    district = forms.ModelChoiceField(label=_("Where do you live?"),
                                      queryset=District.objects.none(), required=False,
                                      empty_label=_("I'd rather not say"))
    age_band = forms.ChoiceField(label=_("Age"), required=False,
                                 choices=[("", _("I'd rather not say")), *AgeBand.choices])
    gender = forms.ChoiceField(label=_("Gender"), required=False,
                               choices=[("", _("I'd rather not say")), *Gender.choices])
    education = forms.ChoiceField(label=_("Highest completed education"), required=False,
                                  choices=[("", _("I'd rather not say")), *Education.choices])

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["district"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = District.objects.filter(municipality=municipality)


class PolisImportForm(forms.Form):
    comments = forms.FileField(label=_("comments.csv"),
                               help_text=_("The statements of the Pol.is export."))
    votes = forms.FileField(label=_("votes.csv"), help_text=_("The votes of the Pol.is export."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("comments", "votes"):
            upload = data.get(name)
            if upload is not None and upload.size > MAX_UPLOAD:
                self.add_error(name, _("The file is too big (at most 20 MB)."))
        return data
