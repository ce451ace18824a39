"""Plain texts for the process pages: the "who is missing" nudges of a process (in the actors
app's words, samskap.actors.presentation) and resident groups."""

from __future__ import annotations

from samskap.actors import presentation as actors_presentation
from samskap.actors.models import Group
from samskap.municipalities.models import Municipality
from samskap.processes.involvement import involved_actor_ids
from samskap.processes.models import Process


def process_nudges(process: Process) -> actors_presentation.NudgeList:
    """The "who is missing" nudges against the actors invited to the process."""
    municipality = process.municipality
    return actors_presentation.nudges_for(
        municipality, involved=involved_actor_ids(municipality, process))


def district_names(municipality: Municipality) -> dict[int, str]:
    return dict(municipality.districts.order_by("pk").values_list("pk", "name"))


def group_labels(process: Process) -> list[str]:
    districts = district_names(process.municipality)
    return [actors_presentation.group_label(code, districts) for code in process.groups]


def group_choices(municipality: Municipality) -> list[tuple[str, str]]:
    districts = district_names(municipality)
    codes = [*Group.values, *(f"district:{pk}" for pk in districts)]
    return [(code, actors_presentation.group_label(code, districts)) for code in codes]
