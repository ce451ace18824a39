"""The world the authorization matrix runs in, and how a response is classified.

Kept apart from ``test_authorization_matrix.py`` so the matrix there reads as a table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from samskap.accounts.models import Invitation, Membership, Role, User
from samskap.jobs.models import Job
from samskap.knowledge import actions_overview
from samskap.knowledge.models import (
    CommunityResource,
    ImportBatch,
    Indicator,
    KnowledgeGap,
    LocalKnowledge,
    Moderation,
    Observation,
    OverviewComment,
    OverviewDocument,
)
from samskap.municipalities.models import District, Municipality
from samskap.planning import actions
from samskap.planning.models import Cycle, CycleStep, StepConclusion
from samskap.testing.factories import DataSourceFactory, IndicatorFactory, member

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
    """Eksempelvik with its cast and one object of each kind, plus Nabovik's counterparts.

    The objects of the knowledge step are made on first use (``cached_property``): each case
    of the matrix builds a fresh world, and most cases need none of them.
    """

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
    #: Objects of later capabilities, made on first use by ``memo`` (see tests/matrix_kit.py).
    made: dict[str, Any] = field(default_factory=dict)

    def memo(self, key: str, make: Callable[[World], Any] | None = None) -> Any:
        """The object stored under ``key``, made by ``make(world)`` the first time.

        A module of ``tests/matrix_<app>.py`` names its objects with its app as prefix
        (``"actors.actor"``) and registers how to make them in ``MAKERS`` of that module, so
        ``memo("actors.actor")`` works without ``make`` from anywhere.
        """
        if key not in self.made:
            if make is None:
                from tests.matrix_kit import maker_of
                make = maker_of(key)
            self.made[key] = make(self)
        return self.made[key]

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

    # The knowledge step ----------------------------------------------------------------------

    @cached_property
    def indicator(self) -> Indicator:
        """An indicator of the national catalogue, with three years for Eksempelvik, its
        county and Norway."""
        indicator: Indicator = IndicatorFactory(
            code="lavinntekt", name_nb="Lavinntekt", category="upbringing",
            source=DataSourceFactory())
        Observation.objects.bulk_create(
            Observation(indicator=indicator, geo=geo, geo_level=level, period_start=year,
                        period_end=year, age="0_120", measure="MEIS",
                        value=Decimal(value) + year - 2022)
            for geo, level, value in (("9999", "K", "12.5"), ("99", "F", "10.5"),
                                      ("0", "L", "10.0"))
            for year in (2022, 2023, 2024)
        )
        return indicator

    @cached_property
    def own_indicator(self) -> Indicator:
        """Eksempelvik's own indicator (its quality-of-life survey)."""
        return self._own_indicator(self.eksempelvik, "trivsel_eksempelvik")

    @cached_property
    def other_indicator(self) -> Indicator:
        return self._own_indicator(self.nabovik, "trivsel_nabovik")

    def _own_indicator(self, municipality: Municipality, code: str) -> Indicator:
        return IndicatorFactory(code=code, municipality=municipality, category="quality_of_life",
                                source=DataSourceFactory(code="lokal", name="Lokal undersøkelse"))

    @cached_property
    def published(self) -> LocalKnowledge:
        """Cem's contribution about the indicator, published."""
        return LocalKnowledge.objects.create(
            municipality=self.eksempelvik, author=self.users["cem"], indicator=self.indicator,
            category="upbringing", title="Bussen forsvant", status=Moderation.PUBLISHED,
            text="Tallene viser ikke at busstilbudet forsvant i 2021.")

    @cached_property
    def pending(self) -> LocalKnowledge:
        """Cem's contribution about a place, waiting for moderation."""
        return LocalKnowledge.objects.create(
            municipality=self.eksempelvik, author=self.users["cem"], place="Stien bak skolen",
            title="Mørk skolevei", text="Det er ingen lys på stien bak skolen.")

    @cached_property
    def other_local(self) -> LocalKnowledge:
        return LocalKnowledge.objects.create(
            municipality=self.nabovik, author=self.users["other_citizen"],
            title="Ferja går sjeldnere", text="Tallene viser ikke ferjetidene.",
            status=Moderation.PUBLISHED)

    @cached_property
    def gap(self) -> KnowledgeGap:
        return KnowledgeGap.objects.create(municipality=self.eksempelvik,
                                           title="Ensomhet blant eldre", category="health")

    @cached_property
    def other_gap(self) -> KnowledgeGap:
        return KnowledgeGap.objects.create(municipality=self.nabovik, title="Naboens hull")

    @cached_property
    def resource(self) -> CommunityResource:
        return CommunityResource.objects.create(municipality=self.eksempelvik,
                                                title="Idrettslagets åpne hall")

    @cached_property
    def other_resource(self) -> CommunityResource:
        return CommunityResource.objects.create(municipality=self.nabovik, title="Nabohallen")

    @cached_property
    def batch(self) -> ImportBatch:
        """Per's import of a file into Eksempelvik."""
        return self._batch(self.eksempelvik, self.users["per"])

    @cached_property
    def other_batch(self) -> ImportBatch:
        return self._batch(self.nabovik, self.users["olav"])

    def _batch(self, municipality: Municipality, user: User) -> ImportBatch:
        return ImportBatch.objects.create(
            municipality=municipality, imported_by=user, file_name="lavinntekt.csv",
            sha256="0" * 64, format=ImportBatch.Format.FHI_CUBE)

    @cached_property
    def draft(self) -> OverviewDocument:
        """Eksempelvik's overview document, still a draft (internal)."""
        return self._document(self.eksempelvik, "mira", "Folkehelseoversikt 2024 (utkast)")

    @cached_property
    def consultation(self) -> OverviewDocument:
        """An overview document on consultation: public, open for comments."""
        return self._on_consultation(self._document(
            self.eksempelvik, "mira", "Folkehelseoversikt 2024 (høring)"), "mira")

    @cached_property
    def adopted(self) -> OverviewDocument:
        """An adopted, and so frozen, overview document."""
        document = self._on_consultation(self._document(
            self.eksempelvik, "mira", "Folkehelseoversikt 2020"), "mira")
        return actions_overview.change_status(document, self.users["mira"],
                                              OverviewDocument.Status.ADOPTED)

    @cached_property
    def other_document(self) -> OverviewDocument:
        """Nabovik's document on consultation (public there, open for comments)."""
        return self._on_consultation(self._document(self.nabovik, "olav", "Naboens oversikt"),
                                     "olav")

    @cached_property
    def comment(self) -> OverviewComment:
        """Cem's comment on the document on consultation."""
        return actions_overview.add_comment(self.consultation, self.users["cem"],
                                            text="Husk eldre som bor alene.")

    @cached_property
    def other_comment(self) -> OverviewComment:
        return actions_overview.add_comment(self.other_document, self.users["other_citizen"],
                                            text="Ferja må gå oftere.")

    def _document(self, municipality: Municipality, author: str,
                  title: str) -> OverviewDocument:
        return actions_overview.create_document(municipality, self.users[author], title=title)

    def _on_consultation(self, document: OverviewDocument,
                         coordinator: str) -> OverviewDocument:
        return actions_overview.change_status(
            document, self.users[coordinator], OverviewDocument.Status.CONSULTATION,
            consultation_until=timezone.localdate() + dt.timedelta(days=30))


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
