"""The vocabulary of the authorization matrix: who gets what, and how an entry is written.

``tests/test_authorization_matrix.py`` holds the matrix of the foundation and the knowledge
step; each later capability writes its entries in a module of its own, ``tests/matrix_<app>.py``,
with ``ENTRIES: dict[str, Entry]`` (and, rarely, ``EXCLUDED: dict[str, str]``). The matrix test
collects every such module. Objects an entry needs are made on first use with
``World.memo(key, make)``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from samskap.planning.models import Cycle, CycleStep
from tests.authorization_world import (
    FORBIDDEN,
    GONE,
    LOGIN,
    NOT_FOUND,
    OK,
    REDIRECT,
    ROLES,
    UNAUTHENTICATED,
    World,
)

Expect = Mapping[str, str]

# ---------------------------------------------------------------------------------------------
# Who gets what
# ---------------------------------------------------------------------------------------------

MEMBERS = ("cem", "frida", "siri", "per", "mira", "ada")  # of Eksempelvik
STRANGERS = ("olav", "other_citizen")                     # of Nabovik


def everyone(outcome: str = OK, **overrides: str) -> dict[str, str]:
    return {role: overrides.get(role, outcome) for role in ROLES}


def members_only(*allowed: str) -> dict[str, str]:
    """An internal page of Eksempelvik: login for anonymous, 404 for strangers, 403 for
    members without the role; site admins may."""
    expect = {"anonymous": LOGIN, "sam": OK}
    expect.update({role: NOT_FOUND for role in STRANGERS})
    expect.update({role: OK if role in allowed else FORBIDDEN for role in MEMBERS})
    return expect


def api(expect: Expect) -> dict[str, str]:
    """The same, through the API: anonymous gets 401/403 instead of a login redirect."""
    return {role: UNAUTHENTICATED if outcome == LOGIN else outcome
            for role, outcome in expect.items()}


PUBLIC = everyone()
SIGNED_IN = everyone(anonymous=LOGIN)
INTERNAL = members_only("siri", "per", "mira", "ada")   # samskap.view_internal
STAFF = members_only("per", "mira", "ada")              # edit_step, edit_districts, jobs, audit
COORDINATOR = members_only("mira", "ada")               # manage_cycle, view/invite members
ADMIN = members_only("ada")                             # manage_members
# A job is private to the person who started it (JobQuerySet.visible_to): Per's export is a
# 404 even for the coordinator, the admin and the site admin.
OWN_JOB = {**STAFF, "mira": NOT_FOUND, "ada": NOT_FOUND, "sam": NOT_FOUND}
# The invitation link itself is the credential; a signed-in person with another e-mail
# address cannot use it (410), only the invitee (here: anonymous, without an account) can.
INVITEE = everyone(GONE, anonymous=OK)


def hidden_except(*allowed: str) -> dict[str, str]:
    """An object not yet public: it does not exist (404) for anyone else, anonymous included,
    so not even its existence shows."""
    return everyone(NOT_FOUND, **dict.fromkeys(allowed, OK))


def redirected(expect: Expect) -> dict[str, str]:
    """The same people get through, and are sent back with a message (a frozen object)."""
    return {role: REDIRECT if outcome == OK else outcome for role, outcome in expect.items()}


# An overview document in draft is internal; everyone else gets a 404.
DRAFT_READERS = hidden_except("siri", "per", "mira", "ada", "sam")
# A contribution waiting for moderation: its author and the municipality's staff see it.
AUTHOR_AND_STAFF = hidden_except("cem", "per", "mira", "ada", "sam")
# Only Cem, its author, may change his contribution, and only until it is moderated. Staff and
# the site admin see it but may not put words in his mouth.
AUTHOR_ONLY = {**hidden_except("cem"), "anonymous": LOGIN,
               **dict.fromkeys(("per", "mira", "ada", "sam"), FORBIDDEN)}
# A moderated contribution is public, and no longer anyone's to change.
MODERATED = everyone(FORBIDDEN, anonymous=LOGIN)
# Anyone signed in may comment on a document on consultation, strangers included.
COMMENTERS = everyone(REDIRECT, anonymous=LOGIN)


@dataclass(frozen=True)
class Check:
    """One HTTP method of one URL."""

    expect: Expect
    data: Callable[[World], dict[str, Any]] | None = None
    #: A snapshot of what the request changes; compared before and after.
    effect: Callable[[World], Any] | None = None
    #: Puts the world into a state where an allowed POST can succeed.
    prepare: Callable[[World], None] | None = None
    #: The object's state forbids the action: the roles let through get a message and
    #: nothing changes.
    frozen: bool = False


@dataclass(frozen=True)
class Entry:
    kwargs: Callable[[World], dict[str, Any]]
    get: Check | None = None
    post: Check | None = None
    #: Run again against a closed cycle (URLs that read or act on a cycle).
    cycle_states: bool = False
    api: bool = False

    def checks(self) -> Iterator[tuple[str, Check]]:
        if self.get is not None:
            yield "GET", self.get
        if self.post is not None:
            yield "POST", self.post


# ---------------------------------------------------------------------------------------------
# How to build each URL
# ---------------------------------------------------------------------------------------------

def no_kwargs(w: World) -> dict[str, Any]:
    return {}


def town(w: World) -> dict[str, Any]:
    return {"number": w.eksempelvik.number}


def of_cycle(w: World) -> dict[str, Any]:
    return {"number": w.eksempelvik.number, "pk": w.cycle.pk}


def of_step(number: int) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"number": w.eksempelvik.number, "pk": w.cycle.pk, "step": number}


def of_pk(attribute: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"number": w.eksempelvik.number, "pk": getattr(w, attribute).pk}


def step_row(number: int) -> Callable[[World], Any]:
    return lambda w: CycleStep.objects.filter(cycle=w.cycle, number=number).values_list(
        "status", "lead_id", "deadline", "summary").get()


def cycles_of_eksempelvik(w: World) -> Any:
    return sorted(Cycle.objects.filter(municipality=w.eksempelvik).values_list("pk", "status"))


def close_without_successor(w: World) -> None:
    """No active cycle, so a coordinator may start a new one."""
    Cycle.objects.filter(pk=w.cycle.pk).update(status=Cycle.Status.CLOSED)


def url_name(key: str) -> str:
    """The URL name of a MATRIX key (``"knowledge:local_detail#pending"`` → its URL name)."""
    return key.partition("#")[0]




def of_memo(key: str) -> Callable[[World], dict[str, Any]]:
    """The URL kwargs of an object made with ``World.memo(key, ...)`` (number and pk)."""
    return lambda w: {"number": w.eksempelvik.number, "pk": w.memo(key).pk}


def part_modules() -> list[ModuleType]:
    """Every ``tests/matrix_<app>.py`` module, in name order."""
    folder = Path(__file__).parent
    return [importlib.import_module(f"tests.{path.stem}")
            for path in sorted(folder.glob("matrix_*.py")) if path.stem != "matrix_kit"]


def maker_of(key: str) -> Callable[[World], Any]:
    """How the object ``key`` of ``World.memo`` is made (from a module's ``MAKERS``)."""
    for module in part_modules():
        makers: dict[str, Callable[[World], Any]] = getattr(module, "MAKERS", {})
        if key in makers:
            return makers[key]
    raise KeyError(f"No tests/matrix_*.py module has a maker for {key!r}")
