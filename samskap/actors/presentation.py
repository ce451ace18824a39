"""The "who is missing" nudges in plain words, for the community map and for every process.

``samskap.analysis.nudges`` decides *what* is missing (codes and subjects, no text); this
module says it to people: a title naming the actor, sector or group, why it matters (the
report's "elephant in the room" and its silent voices), the actors who could be asked or who
could open the door to a group, and, for a dismissed nudge, who set it aside, when and why.

Use ``nudges_for(municipality, involved=...)`` and the include
``actors/map/includes/nudges.html`` (see its header for the context it needs). ``involved``
None is the community map's view (everyone registered); a set of actor ids is a piece of work,
e.g. the actors invited to a process.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samskap.actors import analysis_glue
from samskap.actors.models import DISTRICT_GROUP, Group, NudgeDismissal, Sector
from samskap.analysis import nudges
from samskap.analysis.nudges import NudgeCode
from samskap.municipalities.models import Municipality

#: How many actors a nudge names as the ones who could be asked; the rest are counted.
HELPERS_SHOWN = 8

CODES = frozenset(code.value for code in NudgeCode)

#: What each rule is called, short (a nudge's title starts with it).
CODE_LABELS = {
    NudgeCode.OBSTRUCTOR_NOT_INVOLVED: gettext_lazy("Could block the work, not involved"),
    NudgeCode.SILENT_VOICE_NOT_INVOLVED: gettext_lazy("A silent voice"),
    NudgeCode.SECTOR_NOT_REPRESENTED: gettext_lazy("Sector not represented"),
    NudgeCode.GROUP_NOT_REACHED: gettext_lazy("Group nobody reaches"),
    NudgeCode.GROUP_NOT_REACHED_BY_INVOLVED: gettext_lazy("Group not reached by those involved"),
}


@dataclass(frozen=True)
class ActorRef:
    pk: int
    name: str


@dataclass(frozen=True)
class PresentedNudge:
    code: str
    subject: str
    title: str
    facts: str  # the recorded scores or counts it rests on ("" when none)
    why: str  # why it matters, in plain words
    helpers_intro: str  # what the list of helpers is ("" when there is none)
    helpers: tuple[ActorRef, ...]
    more_helpers: int  # helpers not named
    actor: ActorRef | None  # the actor it is about, for actor:<id> subjects
    dismissal: NudgeDismissal | None

    @property
    def key(self) -> tuple[str, str]:
        return (self.code, self.subject)

    @property
    def code_label(self) -> str:
        return str(CODE_LABELS[NudgeCode(self.code)])


@dataclass(frozen=True)
class NudgeList:
    active: tuple[PresentedNudge, ...]
    dismissed: tuple[PresentedNudge, ...]
    #: True on the community map (nobody counts as involved); False for a piece of work.
    community_view: bool


def sector_label(key: str) -> str:
    return str(Sector(key).label) if key in Sector.values else key


def group_label(key: str, districts: Mapping[int, str]) -> str:
    """A resident group in words: its label, or "Residents of <district>"."""
    if key in Group.values:
        return str(Group(key).label)
    match = DISTRICT_GROUP.fullmatch(key)
    if match and int(match.group(1)) in districts:
        return _("Residents of %(district)s") % {"district": districts[int(match.group(1))]}
    return key


@dataclass(frozen=True)
class _Community:
    """What the texts need to know about the municipality's actors and districts."""

    names: Mapping[int, str]
    sectors: Mapping[int, str]
    reaches: Mapping[int, frozenset[str]]
    districts: Mapping[int, str]


def nudges_for(municipality: Municipality,
               involved: Collection[int] | None = None) -> NudgeList:
    """The municipality's nudges, active and dismissed, ready to show (four queries).

    ``involved`` None is the community map; otherwise the ids of the actors taking part in a
    piece of work (a process: the actors invited to it).
    """
    profiles = analysis_glue.profiles(municipality)
    districts = dict(municipality.districts.order_by("pk").values_list("pk", "name"))
    groups = [*Group.values, *(f"district:{pk}" for pk in districts)]
    dismissals = {(d.code, d.subject): d for d in NudgeDismissal.objects.filter(
        municipality=municipality).select_related("dismissed_by")}
    found = nudges.who_is_missing(profiles, involved=involved, sectors=Sector.values,
                                  groups=groups, dismissed=dismissals.keys())
    names = dict(municipality.actors.values_list("pk", "name")) if (
        found.active or found.dismissed) else {}
    community = _Community(
        names=names,
        sectors={p.id: p.sector for p in profiles},
        reaches={p.id: p.reaches for p in profiles},
        districts=districts,
    )
    involved_set = None if involved is None else frozenset(involved)
    return NudgeList(
        active=tuple(present(n, community, involved_set, None) for n in found.active),
        dismissed=tuple(present(n, community, involved_set, dismissals.get(n.key))
                        for n in found.dismissed),
        community_view=involved is None,
    )


def _refs(ids: Collection[int], names: Mapping[int, str]) -> list[ActorRef]:
    return sorted((ActorRef(pk, names[pk]) for pk in ids if pk in names),
                  key=lambda ref: (ref.name.casefold(), ref.pk))


def present(nudge: nudges.Nudge, community: _Community, involved: frozenset[int] | None,
            dismissal: NudgeDismissal | None) -> PresentedNudge:
    """One nudge in words."""
    code, params = NudgeCode(nudge.code), nudge.params
    label = str(CODE_LABELS[code])
    actor: ActorRef | None = None
    helpers: list[ActorRef] = []
    facts = helpers_intro = ""

    if code in (NudgeCode.OBSTRUCTOR_NOT_INVOLVED, NudgeCode.SILENT_VOICE_NOT_INVOLVED):
        pk = int(params["actor"])
        actor = ActorRef(pk, community.names.get(pk, f"#{pk}"))
        subject = actor.name
        if code == NudgeCode.OBSTRUCTOR_NOT_INVOLVED:
            facts = _("Obstruction capacity %(score)s of 5.") % {"score": params["obstruction"]}
            why = _(
                "An actor that can block the work is better at the table than against it. "
                "Power is unevenly shared – the report calls it “the elephant in the room”. "
                "Invite %(actor)s early, ask what is at stake for them, and say openly what "
                "is already decided and what is still open.") % {"actor": actor.name}
        else:
            facts = _("Affected %(affected)s of 5, influence %(influence)s of 5.") % {
                "affected": params["affected"], "influence": params["influence"]}
            why = _(
                "Those who are most affected and have the least say are the silent voices. "
                "If they are left out, co-creation can widen the health gaps it is meant to "
                "close. Go to where they are, at a time and in a language that suits them, "
                "and let them speak for themselves.")
    elif code == NudgeCode.SECTOR_NOT_REPRESENTED:
        sector = str(params["sector"])
        subject = sector_label(sector)
        why = _(
            "Co-creation brings together different experiences, resources and competences. "
            "Without this sector the work misses what it knows and what it can bring.")
        available = int(params.get("available", 0))
        if available:
            facts = ngettext(
                "%(count)s registered actor of this sector is not involved.",
                "%(count)s registered actors of this sector are not involved.",
                available) % {"count": available}
            helpers_intro = _("They could be asked:")
            helpers = _refs([pk for pk, s in community.sectors.items() if s == sector
                             and (involved is None or pk not in involved)], community.names)
        else:
            facts = _("No actor of this sector is registered yet: who could it be?")
    else:
        group = str(params["group"])
        subject = group_label(group, community.districts)
        if code == NudgeCode.GROUP_NOT_REACHED:
            facts = _("No registered actor reaches or speaks for this group.")
            why = _(
                "Their experience may never reach the work. Ask who meets them in everyday "
                "life – a school, a health station, a sports club, a faith community – and "
                "add that actor to the map.")
        else:
            facts = _("Registered actors reach this group, but none of those involved do.")
            why = _(
                "Groups that are seldom heard are often best reached through someone they "
                "already trust. Ask one of the actors below to open the door.")
            helpers_intro = _("These actors reach them:")
            helpers = _refs([pk for pk, groups in community.reaches.items() if group in groups],
                            community.names)

    return PresentedNudge(
        code=str(code), subject=nudge.subject,
        title=_("%(label)s: %(subject)s") % {"label": label, "subject": subject},
        facts=facts, why=why, helpers_intro=helpers_intro,
        helpers=tuple(helpers[:HELPERS_SHOWN]), more_helpers=max(0, len(helpers) - HELPERS_SHOWN),
        actor=actor, dismissal=dismissal,
    )


def subject_label(municipality: Municipality, code: str, subject: str) -> str | None:
    """What a nudge ``(code, subject)`` of this municipality is about, in words; None when the
    pair names no rule, or an actor, sector or group the municipality does not have."""
    if code not in CODES:
        return None
    kind, _sep, key = subject.partition(":")
    if code in (NudgeCode.OBSTRUCTOR_NOT_INVOLVED, NudgeCode.SILENT_VOICE_NOT_INVOLVED):
        if kind != "actor" or not key.isdigit():
            return None
        name: str | None = municipality.actors.filter(pk=int(key)).values_list(
            "name", flat=True).first()
        return name
    if code == NudgeCode.SECTOR_NOT_REPRESENTED:
        return sector_label(key) if kind == "sector" and key in Sector.values else None
    if kind != "group":
        return None
    if key in Group.values:
        return group_label(key, {})
    match = DISTRICT_GROUP.fullmatch(key)
    if match is None:
        return None
    districts = dict(municipality.districts.filter(pk=int(match.group(1)))
                     .values_list("pk", "name"))
    return group_label(key, districts) if districts else None


def title_of(municipality: Municipality, code: str, subject: str) -> str | None:
    """A nudge's title ("A silent voice: …") from its key alone; None when it is not one of
    the municipality's (see ``subject_label``)."""
    label = subject_label(municipality, code, subject)
    if label is None:
        return None
    return _("%(label)s: %(subject)s") % {"label": CODE_LABELS[NudgeCode(code)],
                                          "subject": label}


def dismissals_with_titles(municipality: Municipality
                           ) -> list[tuple[NudgeDismissal, str]]:
    """The municipality's dismissed nudges, newest first, each with its title (three queries
    whatever their number)."""
    dismissals = list(NudgeDismissal.objects.filter(municipality=municipality)
                      .select_related("dismissed_by"))
    actor_ids = {int(d.subject.partition(":")[2]) for d in dismissals
                 if d.subject.startswith("actor:") and d.subject[6:].isdigit()}
    names = dict(municipality.actors.filter(pk__in=actor_ids).values_list("pk", "name")) \
        if actor_ids else {}
    districts = dict(municipality.districts.values_list("pk", "name")) if any(
        d.subject.startswith("group:district:") for d in dismissals) else {}
    result = []
    for dismissal in dismissals:
        kind, _sep, key = dismissal.subject.partition(":")
        if kind == "actor" and key.isdigit():
            label = names.get(int(key), dismissal.subject)
        elif kind == "sector":
            label = sector_label(key)
        elif kind == "group":
            label = group_label(key, districts)
        else:
            label = dismissal.subject
        code = CODE_LABELS[NudgeCode(dismissal.code)] if dismissal.code in CODES \
            else dismissal.code
        result.append((dismissal, _("%(label)s: %(subject)s") % {"label": code,
                                                                 "subject": label}))
    return result
