"""Forms of the process pages. Each one reports problems on its fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samskap.actors.models import Actor
from samskap.knowledge.models import LocalKnowledge
from samskap.municipalities.models import Municipality
from samskap.planning import steps
from samskap.planning.models import Cycle
from samskap.processes import typology
from samskap.processes.models import CoCreationType, Phase, Process, ProcessActor, RoomItem

TEXTAREA = {"rows": 4}


def step_choices() -> list[tuple[int, str]]:
    return [(d.number, f"{d.number}. {d.short_name} ({d.cocreation_form})") for d in steps.STEPS]


class ProcessForm(forms.ModelForm):  # type: ignore[type-arg]
    step = forms.TypedChoiceField(label=_("Step of the cycle (its co-creation form)"),
                                  coerce=int, choices=step_choices)

    class Meta:
        model = Process
        fields = ["title", "cycle", "step", "purpose", "authority_role", "municipality_role",
                  "how_to_take_part"]
        widgets = {
            "purpose": forms.Textarea(attrs=TEXTAREA),
            "municipality_role": forms.Textarea(attrs=TEXTAREA),
            "how_to_take_part": forms.Textarea(attrs=TEXTAREA),
            "authority_role": forms.RadioSelect,
        }
        help_texts = {
            "purpose": _("What the process is for, in words everyone understands."),
            "how_to_take_part": _("Where and how people can take part: meetings, "
                                  "conversations, who to contact."),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cycles = Cycle.objects.for_municipality(municipality)
        cycle_field = self.fields["cycle"]
        assert isinstance(cycle_field, forms.ModelChoiceField)
        cycle_field.queryset = cycles
        cycle_field.empty_label = None
        if not self.instance.pk:
            active = cycles.active().first()
            if active is not None:
                self.initial.setdefault("cycle", active.pk)


def _question_field(question: typology.Question) -> forms.ChoiceField:
    return forms.ChoiceField(label=str(question.text), help_text=str(question.help),
                             choices=[(o.value, str(o.label)) for o in question.options],
                             widget=forms.RadioSelect)


class AdvisorForm(forms.Form):
    """One step of the guided advisor. The answers of the earlier steps ride along as hidden
    fields, so no JavaScript and no session are needed."""

    def __init__(self, *args: Any, step: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = step
        for index, advisor_step in enumerate(typology.ADVISOR_STEPS):
            for question in advisor_step.questions:
                field = _question_field(question)
                if index < step:
                    field.widget = forms.HiddenInput()
                    field.help_text = ""
                if index <= step:
                    self.fields[question.key] = field

    @property
    def current(self) -> typology.AdvisorStep:
        return typology.ADVISOR_STEPS[self.step]


class ChoiceForm(forms.Form):
    """The last step: the type chosen, with a reason when it is not the recommended one."""

    chosen = forms.ChoiceField(label=_("Type of co-creation for this process"),
                               choices=CoCreationType.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Why another type than the one recommended?"), required=False,
        max_length=2000, widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Needed only when you choose another type than the one recommended."))

    def __init__(self, *args: Any, recommended: str | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.recommended = recommended
        if recommended:
            self.initial.setdefault("chosen", recommended)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("chosen")
        if chosen and chosen != self.recommended and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why you choose another type than the one "
                                       "recommended."))
        return data


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class RoomForm(forms.Form):
    """The room for action. Each line of the decided and open fields is one item."""

    law = forms.CharField(label=_("Decided by law or regulation"), required=False,
                          widget=forms.Textarea(attrs=TEXTAREA),
                          help_text=_("One thing per line."))
    budget = forms.CharField(label=_("Decided by the budget frame"), required=False,
                             widget=forms.Textarea(attrs=TEXTAREA),
                             help_text=_("One thing per line."))
    political = forms.CharField(label=_("Decided by political decisions"), required=False,
                                widget=forms.Textarea(attrs=TEXTAREA),
                                help_text=_("One thing per line."))
    administrative = forms.CharField(label=_("Decided by administrative decisions"),
                                     required=False, widget=forms.Textarea(attrs=TEXTAREA),
                                     help_text=_("One thing per line."))
    open = forms.CharField(label=_("Open for co-creation"), required=False,
                           widget=forms.Textarea(attrs=TEXTAREA),
                           help_text=_("What the participants can really shape. One thing per "
                                       "line."))
    can_promise = forms.CharField(label=_("What the municipality can promise"),
                                  max_length=2000, widget=forms.Textarea(attrs=TEXTAREA))
    cannot_promise = forms.CharField(label=_("What the municipality cannot promise"),
                                     max_length=2000, widget=forms.Textarea(attrs=TEXTAREA))
    final_decision_by = forms.CharField(label=_("Who decides last"), max_length=200)
    final_decision_when = forms.CharField(
        label=_("When the final decision is made"), max_length=200,
        help_text=_("A date or a meeting, for example “the municipal council in June 2027”."))
    equality = forms.BooleanField(label=_("Equal treatment and equality"), required=False)
    transparency = forms.BooleanField(label=_("Transparency"), required=False)
    statutory_duties = forms.BooleanField(label=_("Statutory duties"), required=False)
    health_equity = forms.BooleanField(label=_("Public interests such as health equity"),
                                       required=False)
    frame_notes = forms.CharField(label=_("More about the principled frame"), required=False,
                                  max_length=2000, widget=forms.Textarea(attrs=TEXTAREA))

    DECIDED_FIELDS = {"law": RoomItem.DecidedBy.LAW, "budget": RoomItem.DecidedBy.BUDGET,
                      "political": RoomItem.DecidedBy.POLITICAL,
                      "administrative": RoomItem.DecidedBy.ADMINISTRATIVE}
    FRAME_FIELDS = ("equality", "transparency", "statutory_duties", "health_equity")
    MAX_LINE = 500

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        any_item = False
        for name in [*self.DECIDED_FIELDS, "open"]:
            lines = _lines(data.get(name, ""))
            any_item = any_item or bool(lines)
            if any(len(line) > self.MAX_LINE for line in lines):
                self.add_error(name, _("Keep each line under %(max)d characters.")
                               % {"max": self.MAX_LINE})
        if not any_item:
            self.add_error("open", _("Name at least one thing that is decided or open."))
        return data

    def items(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        result = [{"kind": RoomItem.Kind.DECIDED, "decided_by": by, "text": line}
                  for name, by in self.DECIDED_FIELDS.items() for line in _lines(data[name])]
        result += [{"kind": RoomItem.Kind.OPEN, "decided_by": "", "text": line}
                   for line in _lines(data["open"])]
        return result

    def room_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in (
            "can_promise", "cannot_promise", "final_decision_by", "final_decision_when",
            *self.FRAME_FIELDS, "frame_notes")}

    @classmethod
    def initial_for(cls, process: Process) -> dict[str, Any]:
        room = getattr(process, "room_for_action", None)
        initial: dict[str, Any] = {}
        if room is not None:
            initial = {name: getattr(room, name) for name in (
                "can_promise", "cannot_promise", "final_decision_by", "final_decision_when",
                *cls.FRAME_FIELDS, "frame_notes")}
        by_field: dict[str, str] = {by: name for name, by in cls.DECIDED_FIELDS.items()}
        lines: dict[str, list[str]] = {}
        for item in process.room_items.all():
            name = "open" if item.kind == RoomItem.Kind.OPEN else by_field[item.decided_by]
            lines.setdefault(name, []).append(item.text)
        initial.update({name: "\n".join(texts) for name, texts in lines.items()})
        return initial


class InviteForm(forms.Form):
    actor = forms.ModelChoiceField(label=_("Actor"), queryset=Actor.objects.none())
    role = forms.ChoiceField(label=_("Role in the process"), choices=ProcessActor.Role.choices)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor_field = self.fields["actor"]
        assert isinstance(actor_field, forms.ModelChoiceField)
        actor_field.queryset = Actor.objects.of(process.municipality).exclude(
            invitations__process=process)


class GroupsForm(forms.Form):
    groups = forms.MultipleChoiceField(label=_("Resident groups invited"), required=False,
                                       widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups_field = self.fields["groups"]
        assert isinstance(groups_field, forms.MultipleChoiceField)
        groups_field.choices = choices


class PhaseForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Phase
        fields = ["name", "start", "end", "description"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The phase cannot end before it starts."))
        return data


class ActivitiesForm(forms.Form):
    local_knowledge = forms.ModelMultipleChoiceField(
        label=_("Local knowledge the process builds on"), required=False,
        queryset=LocalKnowledge.objects.none(), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["local_knowledge"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = (LocalKnowledge.objects.for_municipality(process.municipality)
                          .published().order_by("-created_at"))


class StateForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the public"), required=False, max_length=2000,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Shown on the process page and in its feed: what happens now."))
    acknowledge = forms.BooleanField(
        label=_("I have read the warnings and still want to go on"), required=False)

    def __init__(self, *args: Any, warnings: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if warnings:
            self.fields["acknowledge"].required = True
        else:
            del self.fields["acknowledge"]
