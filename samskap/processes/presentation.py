"""Plain texts for the process pages: nudges about who is missing, groups, types."""

from __future__ import annotations

from django.utils.translation import gettext as _

from samskap.actors.analysis_glue import who_is_missing
from samskap.actors.models import DISTRICT_GROUP, Actor, Group, Sector
from samskap.analysis.nudges import Nudge, NudgeCode
from samskap.municipalities.models import Municipality
from samskap.processes.involvement import involved_actor_ids
from samskap.processes.models import Process


def process_nudges(process: Process) -> list[Nudge]:
    """The active "who is missing" nudges against the actors invited to the process."""
    municipality = process.municipality
    return list(who_is_missing(
        municipality, involved=involved_actor_ids(municipality, process)).active)


def group_label(code: str, district_names: dict[int, str] | None = None) -> str:
    """A resident group's name: a fixed group, or a district."""
    if code in Group.values:
        return str(Group(code).label)
    match = DISTRICT_GROUP.fullmatch(code)
    if match and district_names is not None and int(match[1]) in district_names:
        return _("people living in %(district)s") % {"district": district_names[int(match[1])]}
    return code


def group_choices(municipality: Municipality) -> list[tuple[str, str]]:
    districts = dict(municipality.districts.values_list("pk", "name"))
    codes = [*Group.values, *(f"district:{pk}" for pk in sorted(districts))]
    return [(code, group_label(code, districts)) for code in codes]


def nudge_text(nudge: Nudge, municipality: Municipality,
               names: dict[int, str] | None = None,
               districts: dict[int, str] | None = None) -> str:
    """One nudge in plain language (actor names and districts looked up when not given)."""
    params = nudge.params
    if nudge.code in (NudgeCode.OBSTRUCTOR_NOT_INVOLVED, NudgeCode.SILENT_VOICE_NOT_INVOLVED):
        actor_id = int(nudge.subject.split(":", 1)[1])
        if names is None:
            names = dict(Actor.objects.of(municipality).filter(pk=actor_id)
                         .values_list("pk", "name"))
        name = names.get(actor_id, nudge.subject)
        if nudge.code == NudgeCode.OBSTRUCTOR_NOT_INVOLVED:
            return _("%(actor)s could stop or delay the work, but is not invited.") % {
                "actor": name}
        return _("%(actor)s is strongly affected but has little influence, and is not "
                 "invited.") % {"actor": name}
    if nudge.code == NudgeCode.SECTOR_NOT_REPRESENTED:
        sector = str(params["sector"])
        label = str(Sector(sector).label) if sector in Sector.values else sector
        if params.get("available"):
            return _("No invited actor is from the sector %(sector)s (%(count)s registered "
                     "could be asked).") % {"sector": label, "count": params["available"]}
        return _("No invited actor is from the sector %(sector)s, and none is registered."
                 ) % {"sector": label}
    group = str(params.get("group", ""))
    if districts is None:
        districts = dict(municipality.districts.values_list("pk", "name"))
    label = group_label(group, districts)
    if nudge.code == NudgeCode.GROUP_NOT_REACHED:
        return _("No registered actor reaches %(group)s.") % {"group": label}
    return _("No invited actor reaches %(group)s (%(count)s registered actors do).") % {
        "group": label, "count": params.get("available", 0)}


def nudge_texts(process: Process, nudges: list[Nudge]) -> list[str]:
    """Every nudge's text, with two queries for the names whatever the number of nudges."""
    municipality = process.municipality
    names = dict(Actor.objects.of(municipality).values_list("pk", "name"))
    districts = dict(municipality.districts.values_list("pk", "name"))
    return [nudge_text(nudge, municipality, names, districts) for nudge in nudges]
