"""Who is missing: the nudges shown on the community map and on each co-creation process. Pure.

Each rule looks at the registered actors and at the ones involved (in a process, or in the
community's shared work) and returns ``Nudge`` objects with a stable ``code``, a ``subject``
naming what the nudge is about ("actor:12", "sector:business", "group:youth") and the
``params`` the app layer needs to explain it in plain Norwegian. No user-facing text here.

A nudge is dismissed by its ``(code, subject)`` pair, so a dismissal outlives recomputation:
the same actor missing for the same reason stays dismissed, while a new reason (another code)
or another actor is shown again. The reason for a dismissal is logged by the app, not here.

The rules (thresholds are keyword arguments with the defaults below):

- ``obstructor_not_involved``: an actor with obstruction capacity ≥ 4 of 5 that is not
  involved. A yes/no field maps to 5/1.
- ``silent_voice_not_involved``: an actor affected ≥ 4 of 5 with influence ≤ 2 of 5 that is not
  involved ("the silent voices").
- ``sector_not_represented``: a sector with no involved actor; ``params["available"]`` counts
  the registered actors of that sector who could be asked (0: nobody is registered either).
- ``group_not_reached``: a resident group no registered actor reaches;
  ``group_not_reached_by_involved``: one that some actor reaches, but none of the involved.

Scores that are unknown (None) never trigger a rule: a nudge must rest on what was recorded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

HIGH = 4  # "high" on the 1–5 scales: 4 or 5
LOW = 2  # "little" on the 1–5 scales: 1 or 2


class NudgeCode(StrEnum):
    OBSTRUCTOR_NOT_INVOLVED = "obstructor_not_involved"
    SILENT_VOICE_NOT_INVOLVED = "silent_voice_not_involved"
    SECTOR_NOT_REPRESENTED = "sector_not_represented"
    GROUP_NOT_REACHED = "group_not_reached"
    GROUP_NOT_REACHED_BY_INVOLVED = "group_not_reached_by_involved"


@dataclass(frozen=True)
class ActorProfile:
    """An actor as the municipality sees it; the 1–5 scores are None when not assessed."""

    id: int
    sector: str
    influence: int | None = None
    affected: int | None = None
    obstruction: int | None = None
    reaches: frozenset[str] = frozenset()  # keys of the resident groups it reaches


@dataclass(frozen=True)
class Nudge:
    code: NudgeCode
    subject: str  # "actor:<id>", "sector:<key>" or "group:<key>": with code, the dismissal key
    params: Mapping[str, int | str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (str(self.code), self.subject)


@dataclass(frozen=True)
class Nudges:
    active: tuple[Nudge, ...]
    dismissed: tuple[Nudge, ...]  # computed but dismissed: the app may offer to show them


def obstructors_not_involved(actors: Iterable[ActorProfile], involved: Collection[int], *,
                             threshold: int = HIGH) -> list[Nudge]:
    """Actors that could block the work and are not part of it."""
    return [
        Nudge(NudgeCode.OBSTRUCTOR_NOT_INVOLVED, f"actor:{a.id}",
              {"actor": a.id, "obstruction": a.obstruction})
        for a in sorted(actors, key=lambda a: a.id)
        if a.obstruction is not None and a.obstruction >= threshold and a.id not in involved
    ]


def silent_voices(actors: Iterable[ActorProfile], involved: Collection[int], *,
                  affected: int = HIGH, influence: int = LOW) -> list[Nudge]:
    """Highly affected actors with little influence that are not involved."""
    return [
        Nudge(NudgeCode.SILENT_VOICE_NOT_INVOLVED, f"actor:{a.id}",
              {"actor": a.id, "affected": a.affected, "influence": a.influence})
        for a in sorted(actors, key=lambda a: a.id)
        if a.affected is not None and a.influence is not None
        and a.affected >= affected and a.influence <= influence and a.id not in involved
    ]


def sectors_not_represented(actors: Iterable[ActorProfile], involved: Collection[int],
                            sectors: Iterable[str]) -> list[Nudge]:
    """Sectors (of the given list, in its order) with no involved actor."""
    actor_list = list(actors)
    represented = {a.sector for a in actor_list if a.id in involved}
    available = Counter(a.sector for a in actor_list if a.id not in involved)
    return [
        Nudge(NudgeCode.SECTOR_NOT_REPRESENTED, f"sector:{sector}",
              {"sector": sector, "available": available[sector]})
        for sector in dict.fromkeys(sectors)
        if sector not in represented
    ]


def unreached_groups(actors: Iterable[ActorProfile], groups: Iterable[str],
                     involved: Collection[int] | None = None) -> list[Nudge]:
    """Resident groups (in the given order) that no actor, or no involved actor, reaches.

    Without ``involved`` (the community map) only groups no registered actor reaches count.
    """
    actor_list = list(actors)
    reached_by_any = {g for a in actor_list for g in a.reaches}
    reached_by_involved = (reached_by_any if involved is None else
                           {g for a in actor_list if a.id in involved for g in a.reaches})
    result = []
    for group in dict.fromkeys(groups):
        if group not in reached_by_any:
            result.append(Nudge(NudgeCode.GROUP_NOT_REACHED, f"group:{group}", {"group": group}))
        elif group not in reached_by_involved:
            reachers = sum(1 for a in actor_list if group in a.reaches)
            result.append(Nudge(NudgeCode.GROUP_NOT_REACHED_BY_INVOLVED, f"group:{group}",
                                {"group": group, "available": reachers}))
    return result


def who_is_missing(actors: Iterable[ActorProfile], *, involved: Collection[int] | None,
                   sectors: Iterable[str], groups: Iterable[str],
                   dismissed: Collection[tuple[str, str]] = frozenset(),
                   high: int = HIGH, low: int = LOW) -> Nudges:
    """All nudges, in rule order, split into active and dismissed.

    ``involved`` is None on the community map, where nobody is "involved" in a process: it
    shows the silent voices (all of them), the sectors no registered actor belongs to and the
    groups no registered actor reaches; obstruction only matters against a piece of work.
    For a process, pass its involved actor ids.
    """
    actor_list = list(actors)
    found: list[Nudge] = []
    if involved is None:
        everyone = frozenset(a.id for a in actor_list)
        found += silent_voices(actor_list, (), affected=high, influence=low)
        found += sectors_not_represented(actor_list, everyone, sectors)
        found += unreached_groups(actor_list, groups)
    else:
        involved_set = frozenset(involved)
        found += obstructors_not_involved(actor_list, involved_set, threshold=high)
        found += silent_voices(actor_list, involved_set, affected=high, influence=low)
        found += sectors_not_represented(actor_list, involved_set, sectors)
        found += unreached_groups(actor_list, groups, involved_set)
    keys = {(str(code), subject) for code, subject in dismissed}
    return Nudges(
        active=tuple(n for n in found if n.key not in keys),
        dismissed=tuple(n for n in found if n.key in keys),
    )
