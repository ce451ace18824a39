"""The world the authorization matrix runs in, and how a response is classified.

Kept apart from ``test_authorization_matrix.py`` so the matrix there reads as a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse

from samskap.accounts.models import Invitation, Membership, Role, User
from samskap.jobs.models import Job
from samskap.municipalities.models import District, Municipality
from samskap.planning import actions
from samskap.planning.models import Cycle, CycleStep, StepConclusion
from samskap.testing.factories import member

# Who asks. "other_citizen" is a citizen of Nabovik; "olav" coordinates Nabovik; "sam" is a
# site administrator and member of no municipality.
ROLES: tuple[str, ...] = (
    "anonymous", "cem", "other_citizen", "frida", "siri", "per", "mira", "ada", "olav", "sam",
)

# What happened, as the matrix states it.
OK = "ok"                            # GET: 200. POST: allowed (not refused) and it took effect
REDIRECT = "redirect"                # 3xx somewhere other than the login page
LOGIN = "login"                      # 3xx to the login page
UNAUTHENTICATED = "unauthenticated"  # API: 401, or 403 with session authentication only
FORBIDDEN = "forbidden"              # 403
NOT_FOUND = "not_found"              # 404
GONE = "gone"                        # 410 (a link that cannot be used, e.g. an invitation)
NOT_ALLOWED = "not_allowed"          # 405
INVALID = "invalid"                  # 400
ERROR = "error"                      # 5xx: never expected
OTHER = "other"

#: Outcomes that mean "you may not do this": a POST with one of these must change nothing.
REFUSED = frozenset({LOGIN, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, GONE})

LOGIN_PATH = reverse("accounts:login")


def outcome_of(response: Any) -> str:
    """Classify a response into one of the outcome words above."""
    status = response.status_code
    if status == 200:
        return OK
    if 300 <= status < 400:
        location = response.get("Location", "")
        return LOGIN if location.split("?")[0] == LOGIN_PATH else REDIRECT
    return {
        400: INVALID, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND,
        405: NOT_ALLOWED, 410: GONE,
    }.get(status, ERROR if status >= 500 else OTHER)


def matches(expected: str, got: str, *, api: bool) -> bool:
    # DRF answers an anonymous request 403 rather than 401 when only session authentication
    # is configured (no WWW-Authenticate challenge to send); both mean "log in first".
    if expected == UNAUTHENTICATED:
        return got in {UNAUTHENTICATED, FORBIDDEN} if api else got == UNAUTHENTICATED
    return expected == got


def refusal_shown(response: Any) -> bool:
    """The user was told why nothing happened: an error message, form errors or a 400."""
    if response.status_code == 400:
        return True
    if any(m.level >= messages.WARNING for m in get_messages(response.wsgi_request)):
        return True
    context = response.context
    form = context.get("form") if context is not None else None
    return bool(form is not None and form.errors)


@dataclass
class World:
    """Eksempelvik with its cast and one object of each kind, plus Nabovik's counterparts."""

    eksempelvik: Municipality
    nabovik: Municipality
    users: dict[str, User]  # by role name; "anonymous" is not in it
    cycle: Cycle
    other_cycle: Cycle
    district: District
    other_district: District
    invitation: Invitation
    invitation_token: str
    job: Job
    conclusion: StepConclusion
    other_conclusion: StepConclusion
    target: Membership  # the membership an admin edits: Tor, staff of Eksempelvik

    def step(self, number: int, cycle: Cycle | None = None) -> CycleStep:
        """A fresh copy of one of the cycle's steps."""
        return CycleStep.objects.get(cycle=cycle or self.cycle, number=number)

    def complete_step(self, number: int) -> None:
        """Mark a step done without starting the next one."""
        actions.complete_step(self.step(number), self.users["mira"])

    def advance_all(self) -> None:
        for number in range(1, 6):
            actions.advance(self.step(number), self.users["mira"])

    def close_cycle_fully(self) -> None:
        """Finish every step of Eksempelvik's cycle and close it (2028–2031 starts)."""
        self.advance_all()
        actions.close_cycle(self.cycle, self.users["mira"])
        self.cycle.refresh_from_db()


def cycle_snapshot(cycle: Cycle) -> tuple[Any, ...]:
    """Everything an action could change about a cycle and its steps."""
    fresh = Cycle.objects.get(pk=cycle.pk)
    return (
        fresh.status, fresh.closed_at,
        tuple(CycleStep.objects.filter(cycle=cycle).order_by("number").values_list(
            "number", "status", "lead_id", "deadline", "summary", "started_at", "completed_at")),
        tuple(StepConclusion.objects.filter(step__cycle=cycle).order_by("pk")
              .values_list("pk", "kind", "title", "text")),
    )


def build_world(*, eksempelvik: Municipality, nabovik: Municipality, cast: dict[str, User],
                cycle: Cycle, other_cycle: Cycle) -> World:
    other_citizen = member(nabovik, Role.CITIZEN, "nina@nabovik.example", "Nina Nabo")
    tor = member(eksempelvik, Role.STAFF, "tor@eksempelvik.example", "Tor Tilsett")
    token, token_hash = Invitation.new_token()
    mira, per, olav = cast["mira"], cast["per"], cast["olav"]
    return World(
        eksempelvik=eksempelvik,
        nabovik=nabovik,
        users={"other_citizen": other_citizen, **cast},
        cycle=cycle,
        other_cycle=other_cycle,
        district=District.objects.create(municipality=eksempelvik, name="Sentrum", code="01"),
        other_district=District.objects.create(municipality=nabovik, name="Nabosentrum",
                                               code="01"),
        invitation=Invitation.objects.create(
            municipality=eksempelvik, email="ny@eksempelvik.example", role=Role.STAFF,
            token_hash=token_hash, invited_by=mira, expires_at=Invitation.default_expiry(),
        ),
        invitation_token=token,
        job=Job.objects.create(
            municipality=eksempelvik, started_by=per, kind=Job.Kind.AUDIT_EXPORT,
            status=Job.Status.DONE, output=b"when,who\r\n", output_name="audit.csv",
            output_type="text/csv",
        ),
        conclusion=actions.add_conclusion(
            cycle.step(5), mira, kind=StepConclusion.Kind.CONTINUE, title="Fortsett turløypene"),
        other_conclusion=actions.add_conclusion(
            other_cycle.step(5), olav, kind=StepConclusion.Kind.STOP, title="Stopp kiosken"),
        target=Membership.objects.get(user=tor, municipality=eksempelvik),
    )
