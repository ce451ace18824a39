"""Forms of the actor register, its settings and its import: every mistake a field error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samskap.accounts.models import User
from samskap.actors.models import (
    SCORES,
    Actor,
    ActorResource,
    ActorSettingLink,
    Group,
    Kind,
    Sector,
    Setting,
)
from samskap.lib import orgnr
from samskap.municipalities.models import District, Municipality

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

#: What each score means, in words, for the form's help and the actor page.
SCORE_HELP = {
    "influence": _("How much the actor can shape decisions and what happens: 1 little, "
                   "5 a great deal."),
    "interest": _("How interested the actor is in public health work: 1 hardly, 5 very."),
    "affected": _("How much the work affects the actor or the people it speaks for: "
                  "1 hardly, 5 very much."),
    "obstruction": _("Whether the actor could block or delay the work (owns the land, has a "
                     "veto, can mobilise against it): 1 not at all, 5 easily."),
}
SCORE_WORDS = {
    1: _("very low"), 2: _("low"), 3: _("moderate"), 4: _("high"), 5: _("very high"),
}


def group_choices(municipality: Municipality) -> list[tuple[str, str]]:
    """The resident groups: the fixed ones, then each district of the municipality."""
    districts = [(f"district:{d.pk}", str(_("District %(name)s") % {"name": d.name}))
                 for d in District.objects.filter(municipality=municipality).order_by("name")]
    return [*((str(v), str(label)) for v, label in Group.choices), *districts]


class ActorFilterForm(forms.Form):
    """Search and filters of the register (GET); unknown values are field errors."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        help_text=_("Name, description or organisation number."))
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    group = forms.ChoiceField(label=_("Reaches the group"), required=False)
    district = forms.ModelChoiceField(label=_("Present in the district"), required=False,
                                      queryset=District.objects.none(),
                                      empty_label=_("All districts"))

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *Kind.choices]  # type: ignore[attr-defined]
        self.fields["sector"].choices = [("", _("All sectors")), *Sector.choices]  # type: ignore[attr-defined]
        self.fields["group"].choices = [  # type: ignore[attr-defined]
            ("", _("All groups")), *group_choices(municipality)]
        self.fields["district"].queryset = (  # type: ignore[attr-defined]
            District.objects.filter(municipality=municipality).order_by("name"))


class ActorForm(forms.ModelForm):  # type: ignore[type-arg]
    """An actor as staff see it: the profile and the municipality's assessment."""

    groups_reached = forms.MultipleChoiceField(
        label=_("Groups of residents it reaches or speaks for"), required=False,
        widget=forms.CheckboxSelectMultiple)
    # Longer than the nine digits it stores: people type "974 760 673" (see clean_org_number).
    org_number = forms.CharField(
        label=_("Organisation number"), required=False, max_length=20,
        help_text=_("Nine digits, from the Central Coordinating Register."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))

    class Meta:
        model = Actor
        fields = ("name", "kind", "sector", "org_number", "description", "interests",
                  "groups_reached", *SCORES)
        help_texts = {
            "sector": _("Leave empty to use the sector that follows from the kind."),
            "interests": _("What the actor wants to get out of working with the municipality."),
            **SCORE_HELP,
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "interests": forms.Textarea(attrs={"rows": 3}),
            **{score: forms.Select(choices=[("", _("Not assessed")),
                                            *((n, f"{n} – {SCORE_WORDS[n]}")
                                              for n in range(1, 6))])
               for score in SCORES},
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.instance.municipality = municipality
        self.fields["groups_reached"].choices = group_choices(  # type: ignore[attr-defined]
            municipality)
        if "sector" in self.fields:
            self.fields["sector"].choices = [  # type: ignore[attr-defined]
                ("", _("Follows from the kind")), *Sector.choices]

    def clean_org_number(self) -> str:
        value = orgnr.normalise(self.cleaned_data.get("org_number") or "")
        if value and not orgnr.is_valid(value):
            raise ValidationError(_("%(value)s is not a valid organisation number (nine "
                                    "digits, modulus 11)."), params={"value": value},
                                  code="invalid_org_number")
        duplicate = (Actor.objects.of(self.municipality).filter(org_number=value)
                     .exclude(pk=self.instance.pk))
        if value and duplicate.exists():
            raise ValidationError(_("The municipality already has an actor with this "
                                    "organisation number."), code="duplicate_org_number")
        return value

    def actor_data(self) -> dict[str, Any]:
        """What save_actor should set: only the fields of this form."""
        return {name: self.cleaned_data[name] for name in self.fields}


class ActorProfileForm(ActorForm):
    """What an actor's representative keeps up to date: not its name, kind or sector (the
    register's), and not the scores, which are the municipality's assessment."""

    class Meta(ActorForm.Meta):
        fields: tuple[str, ...] = (  # type: ignore[assignment]
            "org_number", "description", "interests", "groups_reached")


class ResourceForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ActorResource
        fields = ("kind", "description", "amount")
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"amount": _("For example “about 40 volunteers” or “NOK 50,000 a year”.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Choose a kind")),  # type: ignore[attr-defined]
                                       *ActorResource.Kind.choices]


class BaseResourceFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def resources(self) -> list[dict[str, str]]:
        """The filled-in rows not marked for removal, in order."""
        return [{"kind": form.cleaned_data["kind"],
                 "description": form.cleaned_data.get("description", ""),
                 "amount": form.cleaned_data.get("amount", "")}
                for form in self.forms
                if form.cleaned_data and form.has_changed()
                and not form.cleaned_data.get("DELETE")]


ResourceFormSet = forms.formset_factory(ResourceForm, formset=BaseResourceFormSet, extra=2,
                                        can_delete=True, max_num=50, validate_max=True)


def resource_initial(actor: Actor) -> list[dict[str, str]]:
    return [{"kind": r.kind, "description": r.description, "amount": r.amount}
            for r in actor.resources.all()]


class MemberChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name or obj.email} ({obj.email})"


class RepresentativesForm(forms.Form):
    representatives = MemberChoice(
        label=_("Representatives"), required=False, queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of the municipality who speak for the actor: they keep its "
                    "profile and resources up to date and accept community contracts for it."))

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["representatives"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(memberships__municipality=municipality, is_active=True)
            .order_by("name", "email").distinct())


class ContactPersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    purpose = forms.CharField(
        label=_("Purpose"), max_length=300,
        help_text=_("Why the municipality keeps this contact, e.g. “contact for the "
                    "after-school homework help”. It is shown to the person on request."))
    consent = forms.BooleanField(
        label=_("The person has agreed to be stored as a contact for this purpose"),
        error_messages={"required": _("A contact person can only be stored with their "
                                      "consent.")})


class ContactRemovalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=300,
        help_text=_("Kept in the change log, for example “withdrew consent”. Do not write "
                    "the person's name: the log keeps no personal data."))


class LinkSettingForm(forms.Form):
    """Link an actor to a setting (one of the two is fixed by the page)."""

    actor = forms.ModelChoiceField(label=_("Actor"), queryset=Actor.objects.none())
    setting = forms.ModelChoiceField(label=_("Setting"), queryset=Setting.objects.none())
    kind = forms.ChoiceField(label=_("How the actor is there"),
                             choices=ActorSettingLink.Kind.choices, widget=forms.RadioSelect,
                             initial=ActorSettingLink.Kind.PRESENT)

    def __init__(self, *args: Any, municipality: Municipality, actor: Actor | None = None,
                 setting: Setting | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = Actor.objects.of(municipality)  # type: ignore[attr-defined]
        self.fields["setting"].queryset = (  # type: ignore[attr-defined]
            Setting.objects.filter(municipality=municipality).select_related("district")
            .order_by("district__name", "name"))
        if actor is not None:
            del self.fields["actor"]
        if setting is not None:
            del self.fields["setting"]
        self.fixed_actor, self.fixed_setting = actor, setting

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        actor = self.fixed_actor or data.get("actor")
        setting = self.fixed_setting or data.get("setting")
        if actor and setting and ActorSettingLink.objects.filter(
                actor=actor, setting=setting, kind=data.get("kind")).exists():
            raise ValidationError(_("This link is already there."))
        data["actor"], data["setting"] = actor, setting
        return data


class SettingForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Setting
        fields = ("name", "kind", "district")

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["district"].queryset = (  # type: ignore[attr-defined]
            District.objects.filter(municipality=municipality).order_by("name"))
        self.fields["district"].empty_label = _("The whole municipality")  # type: ignore[attr-defined]


class SettingLinkForm(forms.Form):
    other = forms.ModelChoiceField(label=_("Other setting"), queryset=Setting.objects.none())
    description = forms.CharField(
        label=_("What they do together"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example “the school uses the hall for physical education”."))

    def __init__(self, *args: Any, setting: Setting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = (  # type: ignore[attr-defined]
            Setting.objects.filter(municipality=setting.municipality).exclude(pk=setting.pk)
            .select_related("district").order_by("district__name", "name"))


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("An actors CSV, a settings CSV (as exported here, separated by semicolons, "
                    "commas or tabs; UTF-8 or Windows-1252) or a JSON file. At most 10 MB."))
    dry_run = forms.BooleanField(label=_("Dry run: show what would change, write nothing"),
                                 required=False, initial=True)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 10 MB."))
        return upload
