"""Forms of the overview document: the document, an area's assessment, status, comments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samskap.knowledge.actions_overview import TRANSITIONS
from samskap.knowledge.models import (
    Category,
    Indicator,
    KnowledgeGap,
    LocalKnowledge,
    OverviewDocument,
    OverviewSection,
)
from samskap.municipalities.models import Municipality
from samskap.planning.models import Cycle


class DateInput(forms.DateInput):
    input_type = "date"


def _text(label: Any, help_text: Any = "", rows: int = 6, required: bool = False,
          max_length: int = 20000) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=required,
                           max_length=max_length, widget=forms.Textarea(attrs={"rows": rows}))


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = _text(_("Introduction"), _(
        "What the document is for, how it was made and who took part. Separate paragraphs "
        "with an empty line."), rows=8)

    def __init__(self, *args: Any, cycle: Cycle | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if cycle is not None:
            self.fields["in_cycle"] = forms.BooleanField(
                label=_("Part of the public health cycle %(term)s") % {"term": cycle.term},
                required=False, initial=True,
            )


class CitationChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class IndicatorChoice(CitationChoice):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_category_display()})"


class SectionForm(forms.Form):
    """An area's assessment, citing only this municipality's knowledge.

    An id of another municipality's (or an unpublished) item is not among the choices: the
    form refuses it with a field error.
    """

    challenges = _text(_("Public health challenges"), _(
        "The main challenges in this area, and how they have developed."))
    resources = _text(_("Resources"), _(
        "What works well: assets and resources in the community that protect health."))
    causes_and_consequences = _text(_("Causes and consequences"), _(
        "What the assessment says about why, and what it means for public health."))
    inequality = _text(_("Social inequality in health"), _(
        "How the situation differs between groups (education, income, district…)."))
    indicators = IndicatorChoice(label=_("Indicators cited"), required=False,
                                 queryset=Indicator.objects.none())
    local_knowledge = CitationChoice(label=_("Local knowledge cited"), required=False,
                                     queryset=LocalKnowledge.objects.none(),
                                     help_text=_("Only published contributions can be cited."))
    knowledge_gaps = CitationChoice(label=_("Knowledge gaps cited"), required=False,
                                    queryset=KnowledgeGap.objects.none())

    CITATIONS = ("indicators", "local_knowledge", "knowledge_gaps")

    def __init__(self, *args: Any, municipality: Municipality, category: str,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # This area's indicators first, then the rest of the catalogue.
        indicators = Indicator.objects.for_municipality(municipality).select_related("source")
        self.fields["indicators"].queryset = sorted_first(indicators, category)  # type: ignore[attr-defined]
        self.fields["local_knowledge"].queryset = (  # type: ignore[attr-defined]
            LocalKnowledge.objects.for_municipality(municipality).published()
            .order_by("-created_at"))
        self.fields["knowledge_gaps"].queryset = (  # type: ignore[attr-defined]
            KnowledgeGap.objects.filter(municipality=municipality))

    @property
    def text_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.CITATIONS]

    @property
    def citation_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.CITATIONS]


def sorted_first(queryset: Any, category: str) -> Any:
    from django.db.models import Case, IntegerField, Value, When

    return queryset.annotate(
        in_area=Case(When(category=category, then=Value(0)), default=Value(1),
                     output_field=IntegerField())
    ).order_by("in_area", "category", "name_nb")


def section_initial(section: OverviewSection) -> dict[str, Any]:
    return {
        "challenges": section.challenges, "resources": section.resources,
        "causes_and_consequences": section.causes_and_consequences,
        "inequality": section.inequality,
        "indicators": list(section.indicators.all()),
        "local_knowledge": list(section.local_knowledge.all()),
        "knowledge_gaps": list(section.knowledge_gaps.all()),
    }


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect, choices=())
    consultation_until = forms.DateField(
        label=_("Comments open until"), required=False, widget=DateInput,
        help_text=_("Needed when the document goes on consultation."),
    )

    def __init__(self, *args: Any, document: OverviewDocument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels: dict[str, Any] = {
            OverviewDocument.Status.CONSULTATION: (
                _("Extend the consultation") if document.status == "consultation"
                else _("Send on consultation (public, open for comments)")),
            OverviewDocument.Status.ADOPTED: _("Adopted (the document is frozen)"),
            OverviewDocument.Status.DRAFT: _("Back to draft (no longer public)"),
        }
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (status, labels[status]) for status in TRANSITIONS[document.status]]
        self.fields["consultation_until"].initial = document.consultation_until

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == OverviewDocument.Status.CONSULTATION:
            until = data.get("consultation_until")
            if until is None:
                self.add_error("consultation_until", _("Say until when comments are open."))
            elif until < timezone.localdate():
                self.add_error("consultation_until", _("The date has already passed."))
        return data


class CommentForm(forms.Form):
    section = forms.ModelChoiceField(
        label=_("What is your comment about?"), required=False,
        queryset=OverviewSection.objects.none(), empty_label=_("The whole document"),
    )
    text = _text(_("Your comment"), rows=5, required=True, max_length=5000)

    def __init__(self, *args: Any, document: OverviewDocument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["section"]
        field.queryset = document.sections.all()  # type: ignore[attr-defined]
        field.label_from_instance = lambda section: str(  # type: ignore[attr-defined]
            Category(section.category).label)


class ResponseForm(forms.Form):
    response = _text(_("The municipality's response"), rows=3, required=True, max_length=5000)
