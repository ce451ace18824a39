"""The sham-process guard (skinnprosess): warnings, each with its explanation.

A process that promises equal or facilitating co-creation while the outcome is already fixed,
that leaves affected groups out, or that never answers the input it gets, is a sham process.
:func:`check` is pure: it takes :class:`Facts` and returns :class:`Warning` objects.
:func:`facts_for` gathers the facts of a process from the database.

"Fixed" is measured on the room for action: each :class:`~samskap.processes.models.RoomItem`
is either already decided (by law, budget frame, political or administrative decision) or open
for co-creation. The *fixed share* is decided items / all items.

- ``open_type_but_fixed``: the type is equal or facilitating (an open outcome) and the fixed
  share is at least :data:`NEARLY_ALL_FIXED` (0.75), or nothing at all is declared open.
- ``defined_type_but_nothing_fixed``: the type is steered or responsibilising (an outcome
  defined beforehand) and nothing is declared decided while something is declared open.
- ``affected_missing``: the "who is missing" nudges for the invited actors show affected
  actors (silent voices, actors with obstruction capacity) or resident groups not reached.
  Group nudges count for the groups the process invites (all groups when it names none);
  sectors not represented are shown while inviting but are not a warning.
- ``unanswered_input``: inputs to the process have no response from the municipality.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samskap.actors.presentation import NudgeList
from samskap.analysis.nudges import NudgeCode
from samskap.processes import presentation
from samskap.processes.models import CoCreationType, Process, RoomItem

NEARLY_ALL_FIXED = 0.75
OPEN_TYPES = frozenset({CoCreationType.EQUAL, CoCreationType.FACILITATING})
DEFINED_TYPES = frozenset({CoCreationType.STEERED, CoCreationType.RESPONSIBILISING})
AFFECTED_CODES = frozenset({NudgeCode.OBSTRUCTOR_NOT_INVOLVED,
                            NudgeCode.SILENT_VOICE_NOT_INVOLVED})
GROUP_CODES = frozenset({NudgeCode.GROUP_NOT_REACHED, NudgeCode.GROUP_NOT_REACHED_BY_INVOLVED})
RESPONSES_SERVICES = "samskap.responses.services"


@dataclass(frozen=True)
class Facts:
    cocreation_type: str
    decided: int
    open: int
    missing: Sequence[str] = ()  # plain texts of the nudges that count
    unanswered: int | None = None  # None: no input is recorded for processes (yet)


@dataclass(frozen=True)
class Warning:
    code: str
    title: str
    explanation: str
    details: Sequence[str] = field(default_factory=tuple)


def fixed_share(decided: int, open_: int) -> float | None:
    """Decided items / all items of the room for action; None when nothing is declared."""
    total = decided + open_
    return decided / total if total else None


def check(facts: Facts) -> list[Warning]:
    warnings = []
    share = fixed_share(facts.decided, facts.open)
    kind = facts.cocreation_type
    if kind in OPEN_TYPES and share is not None and (facts.open == 0
                                                     or share >= NEARLY_ALL_FIXED):
        warnings.append(Warning(
            "open_type_but_fixed",
            _("The type promises an open outcome, but nearly everything is decided"),
            _("%(type)s means the outcome is open and the others' views weigh as much as the "
              "municipality's. Yet %(decided)d of %(total)d items in the room for action are "
              "already decided. Inviting people to shape what is decided is a sham process: "
              "choose a steered or responsibilising type, or open more of the question.")
            % {"type": CoCreationType(kind).label, "decided": facts.decided,
               "total": facts.decided + facts.open}))
    if kind in DEFINED_TYPES and facts.decided == 0 and facts.open > 0:
        warnings.append(Warning(
            "defined_type_but_nothing_fixed",
            _("The type says the outcome is defined, but nothing is decided"),
            _("%(type)s means the municipality has defined the outcome beforehand, but the "
              "room for action names nothing already decided. Either say what is decided and "
              "by whom, or choose an equal or facilitating type so the participants know "
              "their input can shape the outcome.") % {"type": CoCreationType(kind).label}))
    if facts.missing:
        warnings.append(Warning(
            "affected_missing",
            _("Affected actors or groups are missing"),
            _("The actor map shows people who are affected, or who could stop the work, "
              "without a place in the process. A process that leaves them out risks "
              "widening inequalities and losing legitimacy."),
            tuple(facts.missing)))
    if facts.unanswered:
        warnings.append(Warning(
            "unanswered_input",
            _("Input is waiting for an answer"),
            ngettext("%(count)d input has no response yet. Everyone who takes part should "
                     "see what happened to their input, or why it was not used.",
                     "%(count)d inputs have no response yet. Everyone who takes part should "
                     "see what happened to their input, or why it was not used.",
                     facts.unanswered) % {"count": facts.unanswered}))
    return warnings


class HasCode(Protocol):
    @property
    def code(self) -> str: ...

    @property
    def subject(self) -> str: ...


N = TypeVar("N", bound=HasCode)


def counted_nudges(nudges: Iterable[N], invited_groups: Sequence[str]) -> list[N]:
    """The nudges that count for the guard (see the module docstring); each has a ``code``
    and a ``subject`` such as "actor:12" or "group:youth"."""
    groups = set(invited_groups)
    return [nudge for nudge in nudges
            if nudge.code in AFFECTED_CODES
            or (nudge.code in GROUP_CODES
                and (not groups or nudge.subject.removeprefix("group:") in groups))]


def unanswered_count(process: Process) -> int | None:
    """How many inputs to the process lack a response; None while the responses app that
    records input does not exist. Imported lazily: the responses app depends on this one."""
    if importlib.util.find_spec("samskap.responses") is None \
            or importlib.util.find_spec(RESPONSES_SERVICES) is None:
        return None
    services = importlib.import_module(RESPONSES_SERVICES)
    return int(services.unanswered(process).count())


def facts_for(process: Process, nudges: NudgeList | None = None) -> Facts:
    """The facts of a process (the nudges may be passed in when the page has them)."""
    counts = {kind: 0 for kind in RoomItem.Kind.values}
    for kind in process.room_items.values_list("kind", flat=True):
        counts[kind] += 1
    if nudges is None:
        nudges = presentation.process_nudges(process)
    missing = [nudge.title for nudge in counted_nudges(nudges.active, process.groups)]
    return Facts(process.cocreation_type, counts[RoomItem.Kind.DECIDED],
                 counts[RoomItem.Kind.OPEN], missing, unanswered_count(process))


def warnings_for(process: Process) -> list[Warning]:
    return check(facts_for(process))
