"""Who may answer a process's inputs, follow it, and assess and read its value of co-creation.

- Staff (Per, Mira, Ada; the site admin too) answer the inputs of a process and bring inputs in.
- Anyone signed in follows a published process, strangers included (it is public); a draft
  process does not exist for anyone outside the municipality's internal readers, and they
  cannot follow it either.
- A concluded process is assessed by the municipality's staff and its participants: Cem gave
  one of its inputs, Frida and Siri did not. The site admin runs the platform and does not
  answer the questionnaire. A process that is not concluded turns everyone away with a
  message.
- The results are public for a published process, internal for a draft.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from samskap.knowledge.models import LocalKnowledge, Moderation
from samskap.processes.models import AuthorityRole, Process
from samskap.responses import actions, services
from samskap.responses.models import Follow, Input, InputKind, Response, ValueAssessment
from tests.authorization_world import FORBIDDEN, LOGIN, REDIRECT, World
from tests.matrix_kit import (
    PUBLIC,
    SIGNED_IN,
    STAFF,
    Check,
    Entry,
    everyone,
    hidden_except,
    members_only,
    of_memo,
    redirected,
    town,
)

INTERNAL_READERS = ("siri", "per", "mira", "ada", "sam")
#: A draft: its internal readers get through to a page they may not use (403); for everyone
#: else it does not exist.
DRAFT_REFUSED = {**hidden_except(), **dict.fromkeys(INTERNAL_READERS, FORBIDDEN)}
#: Signed-in people following or withdrawing are sent back to the follow page.
FOLLOWERS = everyone(REDIRECT, anonymous=LOGIN)
#: Staff and Cem, who gave an input; not Frida or Siri, nor the site admin.
ASSESSORS = {**members_only("cem", "per", "mira", "ada"), "sam": FORBIDDEN}


def _process(w: World, state: str, title: str) -> Process:
    process = Process.objects.create(
        municipality=w.eksempelvik, cycle=w.cycle, step=2, title=title,
        purpose="Finne møteplasser sammen.", authority_role=AuthorityRole.COMMUNITY_DEVELOPMENT,
        state=state, published_at=None if state == Process.State.DRAFT else timezone.now())
    services.register_input(process, source=w.published, author=w.users["cem"],
                            text=w.published.text, kind=InputKind.LOCAL_KNOWLEDGE,
                            author_is_public=True)
    return process


def make_open(w: World) -> Process:
    return _process(w, Process.State.OPEN, "Møteplasser for unge")


def make_draft(w: World) -> Process:
    return _process(w, Process.State.DRAFT, "Utkast: turstier")


def make_concluded(w: World) -> Process:
    return _process(w, Process.State.CONCLUDED, "Benker i sentrum")


MAKERS: dict[str, Callable[[World], Any]] = {
    "responses.open": make_open,
    "responses.draft": make_draft,
    "responses.concluded": make_concluded,
}


def answers_of(key: str) -> Callable[[World], Any]:
    return lambda w: sorted(Response.objects.filter(input__process=w.memo(key))
                            .values_list("input_id", "outcome", "why"))


def inputs_of(key: str) -> Callable[[World], Any]:
    return lambda w: sorted(Input.objects.filter(process=w.memo(key))
                            .values_list("source_type_id", "source_id"))


def follows_of(key: str) -> Callable[[World], Any]:
    return lambda w: sorted(Follow.objects.filter(process=w.memo(key))
                            .values_list("user_id", "withdrawn_at"))


def assessments_of(key: str) -> Callable[[World], Any]:
    return lambda w: sorted(ValueAssessment.objects.filter(process=w.memo(key))
                            .values_list("user_id", "trust", "innovation"))


def answer(key: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"inputs": [w.memo(key).inputs.get().pk], "outcome": "used",
                      "why": "Tatt med i prioritering 2.", "theme": "Møteplasser"}


def bring_in(w: World) -> dict[str, Any]:
    """Cem's contribution is in already; the pending one is not published, so Frida's new,
    published contribution is what can be brought in."""
    item = LocalKnowledge.objects.create(
        municipality=w.eksempelvik, author=w.users["frida"], title="Leksehjelp",
        text="Frivilligsentralen har leksehjelp.", status=Moderation.PUBLISHED)
    return {"sources": [f"local-{item.pk}"]}


def everyone_follows(key: str) -> Callable[[World], None]:
    def prepare(w: World) -> None:
        for user in w.users.values():
            actions.follow(w.memo(key), user)
    return prepare


SCORES = {"empowerment": "4", "social_capital": "3", "trust": "5", "efficiency": "4",
          "quality": "4", "innovation": "2", "public_value": "5", "comment": ""}

ENTRIES: dict[str, Entry] = {
    "responses:value_overview": Entry(town, get=Check(PUBLIC)),
    "responses:inputs": Entry(
        of_memo("responses.open"), get=Check(STAFF),
        post=Check(STAFF, data=answer("responses.open"), effect=answers_of("responses.open")),
    ),
    "responses:inputs#draft": Entry(
        of_memo("responses.draft"), get=Check(hidden_except("per", "mira", "ada", "sam") | {
            "siri": FORBIDDEN}),
        post=Check(hidden_except("per", "mira", "ada", "sam") | {"siri": FORBIDDEN},
                   data=answer("responses.draft"), effect=answers_of("responses.draft")),
    ),
    "responses:bring_in": Entry(
        of_memo("responses.open"), get=Check(STAFF),
        post=Check(STAFF, data=bring_in, effect=inputs_of("responses.open")),
    ),
    "responses:follow": Entry(
        of_memo("responses.open"), get=Check(SIGNED_IN),
        post=Check(FOLLOWERS, data=lambda w: {"consent": "on"},
                   effect=follows_of("responses.open")),
    ),
    "responses:follow#draft": Entry(
        of_memo("responses.draft"), get=Check(DRAFT_REFUSED),
        post=Check(DRAFT_REFUSED, data=lambda w: {"consent": "on"},
                   effect=follows_of("responses.draft")),
    ),
    "responses:unfollow": Entry(
        of_memo("responses.open"),
        post=Check(FOLLOWERS, effect=follows_of("responses.open"),
                   prepare=everyone_follows("responses.open")),
    ),
    "responses:unfollow#draft": Entry(
        of_memo("responses.draft"),
        post=Check({**hidden_except(), **dict.fromkeys(INTERNAL_READERS, REDIRECT)},
                   effect=follows_of("responses.draft"), frozen=True),
    ),
    "responses:assess": Entry(
        of_memo("responses.concluded"), get=Check(ASSESSORS),
        post=Check(redirected(ASSESSORS), data=lambda w: SCORES,
                   effect=assessments_of("responses.concluded")),
    ),
    "responses:assess#open": Entry(
        of_memo("responses.open"), get=Check(redirected(ASSESSORS)),
        post=Check(redirected(ASSESSORS), data=lambda w: SCORES,
                   effect=assessments_of("responses.open"), frozen=True),
    ),
    "responses:value": Entry(of_memo("responses.concluded"), get=Check(PUBLIC)),
    "responses:value#draft": Entry(of_memo("responses.draft"),
                                   get=Check(hidden_except(*INTERNAL_READERS))),
}
