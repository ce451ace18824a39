"""Forms of “you said, we did”: filtering and answering inputs, bringing them in, following a
process, and the questionnaire on the value of co-creation.

Every choice of an input or a source is limited to the process's own: a posted id of another
process's input is a field error, never an answer to it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.responses import values
from samskap.responses.models import Input, InputKind, Outcome
from samskap.responses.services import validate_link
from samskap.responses.sources import Candidate

ALL = _("(all)")


class InputFilterForm(forms.Form):
    """Allow-listed filters of the inputs page (an unknown value is a field error)."""

    status = forms.ChoiceField(label=_("Answered"), required=False, choices=[
        ("", ALL), ("unanswered", _("Not yet answered")), ("answered", _("Answered"))])
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", ALL), *InputKind.choices])
    theme = forms.ChoiceField(label=_("Theme"), required=False)

    def __init__(self, *args: Any, themes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["theme"]
        field.choices = [("", ALL), *[(theme, theme) for theme in themes]]

    def apply(self, inputs: Any) -> Any:
        if not self.is_bound or not self.is_valid():
            return inputs
        data = self.cleaned_data
        if data.get("status") == "unanswered":
            inputs = inputs.unanswered()
        elif data.get("status") == "answered":
            inputs = inputs.answered()
        if data.get("kind"):
            inputs = inputs.filter(kind=data["kind"])
        if data.get("theme"):
            inputs = inputs.filter(response__theme=data["theme"])
        return inputs


class RespondForm(forms.Form):
    """The answer to one or several inputs, given at once (by theme)."""

    inputs = forms.ModelMultipleChoiceField(
        label=_("Inputs to answer"), queryset=Input.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one input to answer.")})
    outcome = forms.ChoiceField(label=_("What was done with it"), choices=Outcome.choices,
                                widget=forms.RadioSelect)
    theme = forms.CharField(label=_("Theme"), max_length=120, required=False,
                            widget=forms.TextInput(attrs={"list": "theme-list"}),
                            help_text=_("A short name for what these inputs are about, e.g. "
                                        "“Safe places outdoors”. The public page groups the "
                                        "answers by it."))
    why = forms.CharField(label=_("Why"), max_length=4000, widget=forms.Textarea(
        attrs={"rows": 4}), help_text=_("In plain language: the people who gave the input "
                                         "read it."))
    link_title = forms.CharField(label=_("Where it went"), max_length=200, required=False,
                                 help_text=_("e.g. the priority, goal or measure it became."))
    link_url = forms.CharField(label=_("Link to it"), max_length=500, required=False,
                               validators=[validate_link],
                               help_text=_("A web address or a path on this site."))

    def __init__(self, *args: Any, process: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["inputs"]
        field.queryset = Input.objects.filter(process=process)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("link_url") and not data.get("link_title"):
            self.add_error("link_title", _("Name the place the link leads to."))
        return data


class BringInForm(forms.Form):
    """Which of the municipality's contributions and comments become inputs of the process."""

    sources = forms.MultipleChoiceField(
        label=_("Contributions and comments"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one contribution or comment.")})

    def __init__(self, *args: Any, candidates: list[Candidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["sources"]
        field.choices = [
            (candidate.key, candidate.title) for candidate in candidates
            if not candidate.already_in]


class FollowForm(forms.Form):
    consent = forms.BooleanField(
        label=_("Yes, e-mail me when the process changes state and when my input is "
                "answered."),
        error_messages={"required": _("Following means getting e-mail: tick the box to "
                                      "agree, or leave the page.")})


CANT_SAY = ""
SCORES = [("5", _("5 – agree completely")), ("4", _("4 – agree")),
          ("3", _("3 – neither agree nor disagree")), ("2", _("2 – disagree")),
          ("1", _("1 – disagree completely")), (CANT_SAY, _("Can't say"))]


class AssessmentForm(forms.Form):
    """The questionnaire: one 1–5 score per item (or can't say) and an optional comment."""

    comment = forms.CharField(
        label=_("Comment"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown only to the municipality's staff, without your name, and only when "
                    "at least five people have answered."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in values.ITEMS:
            self.fields[item.field] = forms.ChoiceField(
                label=str(item.statement), choices=SCORES, required=False,
                widget=forms.RadioSelect, initial=CANT_SAY)
        self.order_fields([*[item.field for item in values.ITEMS], "comment"])

    def fields_of(self, value: values.Value) -> list[forms.BoundField]:
        return [self[item.field] for item in value.items]

    def sections(self) -> list[tuple[values.Value, list[forms.BoundField]]]:
        return [(value, self.fields_of(value)) for value in values.VALUES]

    def scores(self) -> dict[str, int | None]:
        return {item.field: int(self.cleaned_data[item.field])
                if self.cleaned_data.get(item.field) else None for item in values.ITEMS}
