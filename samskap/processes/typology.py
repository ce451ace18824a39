"""The typology advisor: which role should the municipality take in this process?

The rules are data (:data:`TYPES`, :data:`QUESTIONS`, :data:`SITUATION_RULES`) and
:func:`advise` is a pure function of the answers. The source is the report's chapter 5.3
(Pedersen-Ulrich 2016, figure 5.1 and table 5.1):

- two axes: is the outcome defined beforehand (predictable) or open, and is the municipality or
  an external actor in the driver's seat; each pair of answers is one of the four types;
- four situation rules: the public needs new services or new considerations → facilitating;
  lacks means or knowledge → equal; lacks resources → responsibilising; depends on others to
  reach its own, defined goals → steered;
- the frame: statutory tasks keep the municipality responsible whoever leads, and classical
  exercise of authority (taxation, for instance) leaves little room for co-creation at all.

How the answers combine (documented in :func:`advise`):

1. Classical exercise of authority → no type is recommended ("little room"); the type the
   other answers point to is given as what would fit if part of the task is open after all.
2. Both axes answered → the axes decide. A situation pointing to the same type makes the
   advice clear; one pointing elsewhere is named as a tension to look at.
3. One axis answered, the other "unsure" → the answered axis is kept and the missing one is
   taken from the situation's type (when a situation is chosen).
4. No axis answered → the situation's type.
5. Nothing to go on → no recommendation; staff are asked to answer at least one question.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import product

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samskap.processes.models import CoCreationType

YES, NO, UNSURE = "yes", "no", "unsure"
DEFINED, OPEN = "defined", "open"
MUNICIPALITY, EXTERNAL = "municipality", "external"
NEW_SERVICES = "new_services"
LACKS_KNOWLEDGE = "lacks_knowledge"
LACKS_RESOURCES = "lacks_resources"
DEPENDS_ON_OTHERS = "depends_on_others"
NO_SITUATION = "none"


@dataclass(frozen=True)
class Option:
    value: str
    label: Promise


@dataclass(frozen=True)
class Question:
    key: str
    text: Promise
    help: Promise
    options: tuple[Option, ...]

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)


@dataclass(frozen=True)
class AdvisorStep:
    """One page of the guided form."""

    title: Promise
    intro: Promise
    questions: tuple[Question, ...]


STATUTORY = Question(
    "statutory",
    _("Is the task statutory, a duty laid down in law?"),
    _("Public health work is statutory (the Public Health Act), but how ambitious it is and "
      "what comes first is decided locally."),
    (Option(YES, _("Yes")), Option(NO, _("No"))),
)
AUTHORITY = Question(
    "authority",
    _("Is it classical exercise of authority, with little room for co-creation?"),
    _("Decisions that intervene in people's or businesses' lives and must protect their legal "
      "rights, such as taxation, leave little room for co-creation."),
    (Option(YES, _("Yes")), Option(NO, _("No"))),
)
OUTCOME = Question(
    "outcome",
    _("Is the outcome defined beforehand?"),
    _("Defined: the result is given by law, other signals or decisions, and the process is "
      "about how to reach it. Open: the result is what the process is meant to find."),
    (Option(DEFINED, _("Yes, the outcome is defined beforehand")),
     Option(OPEN, _("No, the outcome is open")),
     Option(UNSURE, _("Not sure"))),
)
LEAD = Question(
    "lead",
    _("Who should be in the driver's seat?"),
    _("The one who leads the work and carries it forward: the municipality, or external "
      "actors such as residents, civil society or businesses."),
    (Option(MUNICIPALITY, _("The municipality")),
     Option(EXTERNAL, _("External actors")),
     Option(UNSURE, _("Not sure"))),
)
SITUATION = Question(
    "situation",
    _("Which describes the municipality's situation best?"),
    _("The four situations the report reads out of its examples."),
    (Option(NEW_SERVICES, _("The public needs new services or to take new considerations "
                            "into account")),
     Option(LACKS_KNOWLEDGE, _("The public lacks the means or the knowledge to solve it")),
     Option(LACKS_RESOURCES, _("The public lacks the resources to do it alone")),
     Option(DEPENDS_ON_OTHERS, _("The public depends on others to reach its own, defined "
                                 "goals or carry out its own measures")),
     Option(NO_SITUATION, _("None of these / not sure"))),
)
QUESTIONS: tuple[Question, ...] = (STATUTORY, AUTHORITY, OUTCOME, LEAD, SITUATION)

ADVISOR_STEPS: tuple[AdvisorStep, ...] = (
    AdvisorStep(_("The frame"),
                _("First, how much room is there for co-creation at all?"),
                (STATUTORY, AUTHORITY)),
    AdvisorStep(_("The two axes"),
                _("The typology sorts co-creation by two questions."),
                (OUTCOME, LEAD)),
    AdvisorStep(_("The situation"),
                _("Last, why does the municipality need others here?"),
                (SITUATION,)),
)


@dataclass(frozen=True)
class TypeInfo:
    """One type of co-creation as the report describes it (table 5.1)."""

    code: str
    outcome: str
    lead: str
    summary: Promise
    role: Promise
    legitimacy: Promise
    example_service: Promise
    example_community: Promise
    when: Promise

    @property
    def name(self) -> str:
        return str(CoCreationType(self.code).label)


TYPES: dict[str, TypeInfo] = {info.code: info for info in (
    TypeInfo(
        CoCreationType.STEERED, DEFINED, MUNICIPALITY,
        _("The outcome is given beforehand and the municipality leads."),
        _("The municipality takes part as an authority-exercising professional and keeps a "
          "firm hand on the wheel; the others shape parts of the content within its frame."),
        _("Its legitimacy comes from a law or a political decision and from its own "
          "expertise."),
        _("private welfare services, where the municipality sets the conditions but part of "
          "the content is shaped together"),
        _("area zoning, where the municipality plans but the plan depends on the landowners' "
          "input and acceptance"),
        _("when the municipality depends on others to reach its own, defined goals or carry "
          "out its own measures"),
    ),
    TypeInfo(
        CoCreationType.RESPONSIBILISING, DEFINED, EXTERNAL,
        _("The municipality defines the goal, and external actors do the main part of the "
          "work."),
        _("The municipality withdraws: it defines the goal and the priorities and relies on "
          "the others' own effort to reach them."),
        _("Its legitimacy comes from having set the goal democratically; the others' "
          "legitimacy from doing the work."),
        _("digital services, where users do more of the work themselves and the service is "
          "developed from their feedback"),
        _("a private zoning plan, which landowners must make together before they may change "
          "their plots"),
        _("when the public lacks the resources to do it alone"),
    ),
    TypeInfo(
        CoCreationType.EQUAL, OPEN, MUNICIPALITY,
        _("The outcome is open, and the municipality takes part as one among equals."),
        _("The municipality defines what the process is about and takes part as a "
          "professional who speaks for the municipality, but its expertise weighs no more "
          "than the other participants'."),
        _("Its legitimacy comes from opening the question honestly and from sharing the "
          "power to answer it."),
        _("job creation, where the municipality works with businesses and job seekers to "
          "create new and suitable jobs"),
        _("the social part of the municipal master plan, where residents shape both the "
          "vision and the process"),
        _("when the public lacks the means or the knowledge to solve it"),
    ),
    TypeInfo(
        CoCreationType.FACILITATING, OPEN, EXTERNAL,
        _("The outcome is open, and external actors lead; the municipality plays second "
          "fiddle."),
        _("The municipality is a facilitator: it brings process expertise rather than "
          "professional expertise, and guards the welfare principles: the division of power, "
          "equality and public interests."),
        _("Its legitimacy comes from a fair process and from guarding the principled frame "
          "and the public interest."),
        _("initiatives from residents, civil society or businesses for new services"),
        _("initiatives from landowners or others for a new direction for an area or a "
          "neighbourhood"),
        _("when the public needs new services or to take new considerations into account"),
    ),
)}

#: The report's situation rules: which type each situation calls for.
SITUATION_RULES: dict[str, str] = {
    NEW_SERVICES: CoCreationType.FACILITATING,
    LACKS_KNOWLEDGE: CoCreationType.EQUAL,
    LACKS_RESOURCES: CoCreationType.RESPONSIBILISING,
    DEPENDS_ON_OTHERS: CoCreationType.STEERED,
}


def type_of(outcome: str, lead: str) -> str:
    """The type at a point of the two axes (both answered)."""
    return next(info.code for info in TYPES.values()
                if info.outcome == outcome and info.lead == lead)


class Basis:
    """What a recommendation rests on."""

    LITTLE_ROOM = "little_room"
    AGREE = "agree"
    AXES = "axes"
    TENSION = "tension"
    COMPLETED = "completed"
    SITUATION = "situation"
    NOTHING = "nothing"


@dataclass(frozen=True)
class Advice:
    recommended: str | None
    basis: str
    reasons: list[str] = field(default_factory=list)
    otherwise: str | None = None

    @property
    def info(self) -> TypeInfo | None:
        return TYPES[self.recommended] if self.recommended else None

    @property
    def little_room(self) -> bool:
        return self.basis == Basis.LITTLE_ROOM


class InvalidAnswers(ValueError):
    """The answers are incomplete or not among the options."""


def validate(answers: Mapping[str, str]) -> dict[str, str]:
    """The answers to every question, each one of its options (else InvalidAnswers)."""
    clean = {}
    for question in QUESTIONS:
        value = answers.get(question.key)
        if value not in question.values:
            raise InvalidAnswers(f"{question.key}: {value!r} is not one of {question.values}")
        clean[question.key] = value
    return clean


def _name(code: str) -> str:
    return str(CoCreationType(code).label)


def _from_axes_and_situation(outcome: str, lead: str, situation: str) -> Advice:
    by_situation = SITUATION_RULES.get(situation)
    situation_reason = (
        str(_("The situation you describe points to %(type)s: the report recommends it "
              "%(when)s.")) % {"type": _name(by_situation), "when": TYPES[by_situation].when}
        if by_situation else None)
    if outcome != UNSURE and lead != UNSURE:
        by_axes = type_of(outcome, lead)
        axes_reason = str(_("An outcome that is %(outcome)s with %(lead)s in the driver's seat "
                            "is %(type)s.")) % {
            "outcome": _OUTCOME_WORDS[outcome], "lead": _LEAD_WORDS[lead],
            "type": _name(by_axes)}
        if by_situation is None:
            return Advice(by_axes, Basis.AXES, [axes_reason])
        if by_situation == by_axes:
            return Advice(by_axes, Basis.AGREE, [axes_reason, str(situation_reason)])
        tension = str(_("The two point in different directions. The axes decide, but look "
                        "again: is the outcome really %(outcome)s, and should %(lead)s really "
                        "lead?")) % {"outcome": _OUTCOME_WORDS[outcome],
                                     "lead": _LEAD_WORDS[lead]}
        return Advice(by_axes, Basis.TENSION, [axes_reason, str(situation_reason), tension])
    if by_situation is None:
        return Advice(None, Basis.NOTHING, [str(_(
            "There is not enough to go on: answer at least one of the two axes or choose the "
            "situation that fits best."))])
    if outcome == UNSURE and lead == UNSURE:
        return Advice(by_situation, Basis.SITUATION, [str(situation_reason)])
    known = TYPES[by_situation]
    completed = type_of(outcome if outcome != UNSURE else known.outcome,
                        lead if lead != UNSURE else known.lead)
    return Advice(completed, Basis.COMPLETED, [str(situation_reason), str(_(
        "You were not sure about one of the axes, so it is taken from the situation; with "
        "your other answer that makes %(type)s.")) % {"type": _name(completed)}])


_OUTCOME_WORDS = {DEFINED: _("defined beforehand"), OPEN: _("open")}
_LEAD_WORDS = {MUNICIPALITY: _("the municipality"), EXTERNAL: _("external actors")}


def _frame_reasons(statutory: str, recommended: str | None) -> list[str]:
    if statutory == NO:
        return [str(_("The task is not statutory, so the municipality chooses its own "
                      "ambition and may leave more of it to others."))]
    if recommended in (CoCreationType.RESPONSIBILISING, CoCreationType.FACILITATING):
        return [str(_("The task is statutory: the municipality stays responsible for the "
                      "duty even when others lead, and must say so in the room for action."))]
    return [str(_("The task is statutory: the law gives the frame and part of the "
                  "municipality's legitimacy; the room for action says what is left open."))]


def advise(answers: Mapping[str, str]) -> Advice:
    """The recommended type for a set of answers (see the module docstring for the rules)."""
    a = validate(answers)
    core = _from_axes_and_situation(a["outcome"], a["lead"], a["situation"])
    if a["authority"] == YES:
        reasons = [str(_("This is classical exercise of authority, such as taxation: it "
                         "protects people's legal rights and leaves little room for "
                         "co-creation. Inform and consult instead, and co-create only the "
                         "parts that are really open."))]
        if core.recommended:
            reasons.append(str(_("If part of the task is open after all, the other answers "
                                 "point to %(type)s for that part.")) % {
                "type": _name(core.recommended)})
        return Advice(None, Basis.LITTLE_ROOM,
                      reasons + _frame_reasons(a["statutory"], None), core.recommended)
    return Advice(core.recommended, core.basis,
                  core.reasons + _frame_reasons(a["statutory"], core.recommended))


def all_answer_sets() -> list[dict[str, str]]:
    """Every combination of answers (for tests and for documenting the rules)."""
    keys = [question.key for question in QUESTIONS]
    return [dict(zip(keys, values, strict=True))
            for values in product(*(question.values for question in QUESTIONS))]


def answer_label(key: str, value: str) -> str:
    """The text of an answer as shown to people (the raw value if unknown)."""
    question = next((q for q in QUESTIONS if q.key == key), None)
    if question is None:
        return value
    return next((str(o.label) for o in question.options if o.value == value), value)


def question_text(key: str) -> str:
    return next((str(q.text) for q in QUESTIONS if q.key == key), key)
