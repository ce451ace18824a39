"""Forms of community contracts: the contract and its parties, contributions, acceptance,
follow-up, leaving and ending."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.actors.models import Actor
from samskap.contracts.models import (
    CommunityContract,
    ContractParty,
    Contribution,
    ContributionStatus,
    Status,
)
from samskap.municipalities.models import Municipality


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ContractForm(forms.ModelForm):  # type: ignore[type-arg]
    actors = forms.ModelMultipleChoiceField(
        label=_("Parties besides the municipality"), queryset=Actor.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple, help_text=_(
            "The municipality is always a party. Each actor accepts through its "
            "representatives."))

    class Meta:
        model = CommunityContract
        fields = ["title", "purpose", "serves", "starts_on", "ends_on", "follow_up",
                  "leaving_clause", "municipality_contribution"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "serves": forms.Textarea(attrs={"rows": 2}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
            "leaving_clause": forms.Textarea(attrs={"rows": 3}),
            "municipality_contribution": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actors = self.fields["actors"]
        assert isinstance(actors, forms.ModelMultipleChoiceField)
        actors.queryset = Actor.objects.of(municipality)
        if self.instance.pk:
            actors.initial = list(self.instance.parties.filter(
                actor__isnull=False, left_at__isnull=True).values_list("actor_id", flat=True))

    def content(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PartyChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class ContributionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Contribution
        fields = ["party", "what", "amount", "due_on"]
        field_classes = {"party": PartyChoice}
        widgets = {"due_on": DateInput()}
        help_texts = {"amount": _("For example 10 volunteers, NOK 50,000 or 4 hours a week.")}

    def __init__(self, *args: Any, contract: CommunityContract, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        party = self.fields["party"]
        assert isinstance(party, forms.ModelChoiceField)
        party.queryset = ContractParty.objects.filter(
            contract=contract, left_at__isnull=True).select_related("actor",
                                                                    "contract__municipality")


def contribution_formset(contract: CommunityContract, data: Any = None) -> Any:
    """Every contribution of the contract's remaining parties, and two empty rows."""
    factory = forms.modelformset_factory(Contribution, form=ContributionForm, extra=2,
                                         can_delete=True)
    queryset = contract.contributions.filter(party__left_at__isnull=True).order_by("due_on",
                                                                                   "id")
    return factory(data, queryset=queryset, form_kwargs={"contract": contract},
                   prefix="contributions")


class AcceptForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    confirm = forms.BooleanField(label=_("I have read this version and accept it"))


class ContributionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ContributionStatus.choices,
                               widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("What was delivered, or why it is late or cancelled."))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 4}))


class FilterForm(forms.Form):
    """The list's filter; an unknown state is a field error, never a 500."""

    status = forms.ChoiceField(label=_("State"), required=False,
                               choices=[("", _("All")), *Status.choices])
