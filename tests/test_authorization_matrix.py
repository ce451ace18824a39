"""The authorization matrix (TRUST.md, Security): every URL × method × role × cycle state.

Every URL pattern of Django's resolver must have an entry in ``MATRIX``; a new view without
one fails ``test_every_url_is_in_the_matrix``, naming it. Each entry says how to build the
URL from the test world (``tests/authorization_world.py``), which methods to try, and what
each role must get in Eksempelvik:

- ``anonymous``; Eksempelvik's ``cem`` (citizen), ``frida`` (partner), ``siri`` (politician),
  ``per`` (staff), ``mira`` (coordinator), ``ada`` (admin);
- strangers: ``olav`` (coordinator of Nabovik) and ``other_citizen`` (citizen of Nabovik),
  who must get 404 on Eksempelvik's internal pages, never a hint that something is there;
- ``sam``, site administrator.

The expectations are written out here on purpose, not derived from ``samskap/accounts/rules.py``:
a matrix computed from the rules would only prove the rules agree with themselves.

A POST that the matrix refuses must change nothing (its ``effect`` snapshot and the audit log
stay the same); a POST it allows must take effect, so that "nothing changed" for the others
is not true merely because the posted data was wrong. Planning URLs run again against a
closed cycle: reading stays public, and no action changes it, not even for Mira.

An object's state changes who may do what, so some URLs have more than one entry: the key
``"knowledge:overview_detail#adopted"`` is the URL ``knowledge:overview_detail`` with an adopted
document. A ``frozen`` check is one where the state forbids the action itself (an adopted
document): those the role would allow are told so, and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from samskap.accounts.models import Invitation, Membership, Role, User
from samskap.audit.models import AuditEntry
from samskap.core.models import Feedback
from samskap.jobs.models import Job
from samskap.knowledge.models import (
    CommunityResource,
    ImportBatch,
    KnowledgeGap,
    LocalKnowledge,
    Moderation,
    Observation,
    OverviewComment,
    OverviewDocument,
    OverviewSection,
)
from samskap.municipalities.models import District, Municipality
from samskap.planning.models import Cycle, CycleStep, StepConclusion
from tests.authorization_world import (
    ERROR,
    LOGIN,
    NOT_ALLOWED,
    OK,
    OTHER,
    REDIRECT,
    REFUSED,
    ROLES,
    World,
    build_world,
    cycle_snapshot,
    matches,
    outcome_of,
    refusal_shown,
)
from tests.matrix_kit import (
    ADMIN,
    AUTHOR_AND_STAFF,
    AUTHOR_ONLY,
    COMMENTERS,
    COORDINATOR,
    DRAFT_READERS,
    INTERNAL,
    INVITEE,
    MODERATED,
    OWN_JOB,
    PUBLIC,
    SIGNED_IN,
    STAFF,
    Check,
    Entry,
    api,
    close_without_successor,
    cycles_of_eksempelvik,
    everyone,
    no_kwargs,
    of_cycle,
    of_pk,
    of_step,
    part_modules,
    redirected,
    step_row,
    town,
    url_name,
)

# The knowledge step

def of_indicator(attribute: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"number": w.eksempelvik.number, "code": getattr(w, attribute).code}


def of_section(attribute: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {**of_pk(attribute)(w), "category": "upbringing"}


def of_export(attribute: str, fmt: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {**of_pk(attribute)(w), "fmt": fmt}


def of_comment(w: World) -> dict[str, Any]:
    return {**of_pk("consultation")(w), "comment": w.comment.pk}


def upload(w: World) -> dict[str, Any]:
    """A year of the indicator for Eksempelvik, as an FHI statistics cube (a real import)."""
    cube = b"GEO;AAR;KJONN;ALDER;MEIS;SPVFLAGG\r\n9999;2025;0;0_120;13.5;0\r\n"
    return {"file": SimpleUploadedFile("lavinntekt_2025.csv", cube, content_type="text/csv"),
            "indicator": w.indicator.code}


def imports_into(w: World) -> Any:
    return (ImportBatch.objects.filter(municipality=w.eksempelvik).count(),
            sorted(Observation.objects.filter(indicator=w.indicator, geo="9999")
                   .values_list("period_end", "value")))


def contributions(w: World) -> Any:
    return sorted(LocalKnowledge.objects.filter(municipality=w.eksempelvik)
                  .values_list("pk", "author", "status", "title"))


def contribution(attribute: str) -> Callable[[World], Any]:
    return lambda w: LocalKnowledge.objects.values_list(
        "status", "title", "text", "place", "response").get(pk=getattr(w, attribute).pk)


def gaps_of(w: World) -> Any:
    return sorted(KnowledgeGap.objects.filter(municipality=w.eksempelvik)
                  .values_list("pk", "title", "is_closed"))


def resources_of(w: World) -> Any:
    return sorted(CommunityResource.objects.filter(municipality=w.eksempelvik)
                  .values_list("pk", "title", "description"))


def documents_of(w: World) -> Any:
    return sorted(OverviewDocument.objects.filter(municipality=w.eksempelvik)
                  .values_list("pk", "status", "title", "introduction", "consultation_until"))


def section_of(attribute: str) -> Callable[[World], Any]:
    return lambda w: OverviewSection.objects.values_list(
        "challenges", "resources", "causes_and_consequences", "inequality").get(
        document=getattr(w, attribute), category="upbringing")


def comments_on(attribute: str) -> Callable[[World], Any]:
    return lambda w: sorted(OverviewComment.objects.filter(document=getattr(w, attribute))
                            .values_list("pk", "text", "response"))


def to_status(status: str, days: int | None = None) -> Callable[[World], dict[str, Any]]:
    def data(w: World) -> dict[str, Any]:
        until = timezone.localdate() + dt.timedelta(days=days) if days else None
        return {"status": status, "consultation_until": until.isoformat() if until else ""}
    return data


def assessment(w: World) -> dict[str, Any]:
    return {"challenges": "Flere barn vokser opp i lavinntektsfamilier.",
            "resources": "Et aktivt idrettslag.", "causes_and_consequences": "",
            "inequality": "Forskjellene mellom bydelene øker."}


def retitled(w: World) -> dict[str, Any]:
    return {"title": "Folkehelseoversikt 2024–2027", "introduction": "Slik ble den til."}


# ---------------------------------------------------------------------------------------------
# The matrix
# ---------------------------------------------------------------------------------------------

MATRIX: dict[str, Entry] = {
    # Site-wide pages
    "core:home": Entry(no_kwargs, get=Check(PUBLIC)),
    "core:accessibility": Entry(
        no_kwargs, get=Check(PUBLIC),
        # The feedback channel of the accessibility statement is open to everyone.
        post=Check(everyone(REDIRECT), data=lambda w: {"message": "Kontrasten er for lav."},
                   effect=lambda w: Feedback.objects.count()),
    ),
    "core:robots": Entry(no_kwargs, get=Check(PUBLIC)),
    "core:sitemap": Entry(no_kwargs, get=Check(PUBLIC)),
    "core:healthz": Entry(no_kwargs, get=Check(PUBLIC)),
    "set_language": Entry(
        no_kwargs, get=Check(everyone(REDIRECT)),
        post=Check(everyone(REDIRECT), data=lambda w: {"language": "en", "next": "/"}),
    ),
    # Accounts
    "accounts:login": Entry(no_kwargs, get=Check(everyone(REDIRECT, anonymous=OK))),
    "accounts:logout": Entry(no_kwargs, post=Check(everyone(REDIRECT))),
    "accounts:profile": Entry(
        no_kwargs, get=Check(SIGNED_IN),
        post=Check(everyone(REDIRECT, anonymous=LOGIN),
                   data=lambda w: {"name": "Nytt Navn", "language": ""},
                   effect=lambda w: sorted(User.objects.values_list("pk", "name"))),
    ),
    "accounts:password_reset": Entry(
        no_kwargs, get=Check(PUBLIC),
        post=Check(everyone(REDIRECT), data=lambda w: {"email": "cem@innbygger.example"}),
    ),
    "accounts:password_reset_done": Entry(no_kwargs, get=Check(PUBLIC)),
    "accounts:password_reset_confirm": Entry(
        lambda w: {"uidb64": "MQ", "token": "ugyldig-lenke"}, get=Check(PUBLIC)),
    "accounts:password_reset_complete": Entry(no_kwargs, get=Check(PUBLIC)),
    "accounts:invitation": Entry(
        lambda w: {"token": w.invitation_token}, get=Check(PUBLIC),
        post=Check(INVITEE,
                   data=lambda w: {"name": "Nina Ny", "password1": "lang-og-trygg-42",
                                   "password2": "lang-og-trygg-42"},
                   effect=lambda w: sorted(Membership.objects.filter(
                       municipality=w.eksempelvik).values_list("user__email", "role"))),
    ),
    # The municipality
    "municipalities:detail": Entry(town, get=Check(PUBLIC)),
    "municipalities:dashboard": Entry(town, get=Check(INTERNAL)),
    "municipalities:districts": Entry(town, get=Check(PUBLIC)),
    "municipalities:district_new": Entry(
        town, get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"name": "Fjellet", "code": "02", "population": "120"},
                   effect=lambda w: sorted(District.objects.values_list("municipality", "name"))),
    ),
    "municipalities:district_edit": Entry(
        of_pk("district"), get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"name": "Sentrum sør", "code": "01"},
                   effect=lambda w: District.objects.values_list("name").get(pk=w.district.pk)),
    ),
    "municipalities:district_delete": Entry(
        of_pk("district"),
        post=Check(STAFF, effect=lambda w: District.objects.filter(pk=w.district.pk).exists()),
    ),
    # The cycle
    "planning:cycles": Entry(town, get=Check(PUBLIC), cycle_states=True),
    "planning:cycle_new": Entry(
        town, get=Check(COORDINATOR),
        post=Check(COORDINATOR, data=lambda w: {"start_year": "2028"},
                   effect=cycles_of_eksempelvik, prepare=close_without_successor),
    ),
    "planning:cycle": Entry(of_cycle, get=Check(PUBLIC), cycle_states=True),
    "planning:cycle_close": Entry(
        of_cycle, get=Check(COORDINATOR),
        post=Check(COORDINATOR, effect=cycles_of_eksempelvik,
                   prepare=lambda w: w.advance_all()),
        cycle_states=True,
    ),
    "planning:step": Entry(of_step(1), get=Check(PUBLIC), cycle_states=True),
    "planning:step_edit": Entry(
        of_step(1), get=Check(STAFF),
        post=Check(STAFF,
                   data=lambda w: {"lead": w.users["per"].pk, "deadline": "2025-06-30",
                                   "summary": "Oversikten er klar til høring."},
                   effect=step_row(1)),
        cycle_states=True,
    ),
    "planning:step_start": Entry(
        of_step(2),
        post=Check(COORDINATOR, effect=step_row(2), prepare=lambda w: w.complete_step(1)),
        cycle_states=True,
    ),
    "planning:step_advance": Entry(
        of_step(1), post=Check(COORDINATOR, effect=step_row(1)), cycle_states=True,
    ),
    "planning:step_reopen": Entry(
        of_step(1), get=Check(COORDINATOR),
        post=Check(COORDINATOR, data=lambda w: {"reason": "Nye tall fra SSB."},
                   effect=step_row(1), prepare=lambda w: w.complete_step(1)),
        cycle_states=True,
    ),
    "planning:conclusion_add": Entry(
        of_step(5),
        post=Check(STAFF, data=lambda w: {"kind": "improve", "title": "Bedre skolevei"},
                   effect=lambda w: StepConclusion.objects.count()),
        cycle_states=True,
    ),
    "planning:conclusion_delete": Entry(
        lambda w: {**of_step(5)(w), "conclusion": w.conclusion.pk},
        post=Check(STAFF,
                   effect=lambda w: StepConclusion.objects.filter(pk=w.conclusion.pk).exists()),
        cycle_states=True,
    ),
    # Audit log and jobs
    "audit:log": Entry(town, get=Check(STAFF)),
    "jobs:list": Entry(town, get=Check(STAFF)),
    "jobs:detail": Entry(of_pk("job"), get=Check(OWN_JOB)),
    "jobs:download": Entry(of_pk("job"), get=Check(OWN_JOB)),
    "jobs:audit_export": Entry(
        town, post=Check(STAFF, effect=lambda w: Job.objects.count())),
    # Members
    "members:list": Entry(town, get=Check(COORDINATOR)),
    "members:invite": Entry(
        town, get=Check(COORDINATOR),
        post=Check(COORDINATOR, data=lambda w: {"email": "kari@eksempelvik.example",
                                                "name": "Kari", "role": Role.STAFF},
                   effect=lambda w: Invitation.objects.count()),
    ),
    "members:revoke_invitation": Entry(
        of_pk("invitation"),
        post=Check(COORDINATOR, effect=lambda w: Invitation.objects.filter(
            pk=w.invitation.pk, revoked_at__isnull=True).exists()),
    ),
    "members:membership": Entry(
        of_pk("target"), get=Check(ADMIN),
        post=Check(ADMIN, data=lambda w: {"role": Role.POLITICIAN},
                   effect=lambda w: Membership.objects.values_list("role").get(pk=w.target.pk)),
    ),
    # The JSON API
    "api-root": Entry(no_kwargs, get=Check(PUBLIC), api=True),
    "municipality-list": Entry(no_kwargs, get=Check(PUBLIC), api=True),
    "municipality-detail": Entry(town, get=Check(PUBLIC), api=True),
    "cycle-list": Entry(town, get=Check(PUBLIC), api=True, cycle_states=True),
    "cycle-detail": Entry(of_cycle, get=Check(PUBLIC), api=True, cycle_states=True),
    "cycle-advance": Entry(
        of_step(1), post=Check(api(COORDINATOR), effect=step_row(1)),
        api=True, cycle_states=True,
    ),
    "schema": Entry(no_kwargs, get=Check(PUBLIC), api=True),
    # Step 1, the knowledge base: the statistics are open data
    "knowledge:index": Entry(town, get=Check(PUBLIC)),
    "knowledge:category": Entry(lambda w: {**town(w), "category": "upbringing"},
                                get=Check(PUBLIC)),
    "knowledge:indicator": Entry(of_indicator("indicator"), get=Check(PUBLIC)),
    "knowledge:indicator#own": Entry(of_indicator("own_indicator"), get=Check(PUBLIC)),
    "knowledge:imports": Entry(
        town, get=Check(STAFF),
        post=Check(STAFF, data=upload, effect=imports_into),
    ),
    "knowledge:import_detail": Entry(of_pk("batch"), get=Check(STAFF)),
    # Local knowledge: anyone signed in contributes; others see it once published
    "knowledge:local_list": Entry(town, get=Check(PUBLIC)),
    "knowledge:local_new": Entry(
        town, get=Check(SIGNED_IN),
        post=Check(SIGNED_IN, data=lambda w: {
            "title": "Ingen møteplass", "text": "Ungdommen har ikke noe sted å være om kvelden.",
            "indicator": w.indicator.code}, effect=contributions),
    ),
    "knowledge:local_detail": Entry(of_pk("published"), get=Check(PUBLIC)),
    "knowledge:local_detail#pending": Entry(of_pk("pending"), get=Check(AUTHOR_AND_STAFF)),
    "knowledge:local_edit": Entry(
        of_pk("pending"), get=Check(AUTHOR_ONLY),
        post=Check(AUTHOR_ONLY, data=lambda w: {
            "title": "Mørk og glatt skolevei", "text": "Ingen lys, og det strøs aldri.",
            "place": "Stien bak skolen"}, effect=contribution("pending")),
    ),
    "knowledge:local_edit#published": Entry(
        of_pk("published"), get=Check(MODERATED),
        post=Check(MODERATED, data=lambda w: {"title": "Kapret", "text": "Kapret",
                                              "category": "health"},
                   effect=contribution("published")),
    ),
    "knowledge:local_moderate": Entry(
        of_pk("pending"), get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"decision": "publish",
                                          "response": "Takk! Vi ser på belysningen."},
                   effect=contribution("pending")),
    ),
    "knowledge:gaps": Entry(town, get=Check(PUBLIC)),
    "knowledge:gap_new": Entry(
        town, get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"title": "Hvor møtes ungdommen?",
                                          "category": "upbringing"}, effect=gaps_of),
    ),
    "knowledge:gap_edit": Entry(
        of_pk("gap"), get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"title": "Ensomhet blant eldre", "is_closed": "on"},
                   effect=gaps_of),
    ),
    "knowledge:resources": Entry(town, get=Check(PUBLIC)),
    "knowledge:resource_new": Entry(
        town, get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"title": "Seniorkafeen"}, effect=resources_of),
    ),
    "knowledge:resource_edit": Entry(
        of_pk("resource"), get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"title": "Idrettslagets åpne hall",
                                          "description": "Fredager 18–22."},
                   effect=resources_of),
    ),
    # The overview document: staff write it, a coordinator sends it on consultation and
    # adopts it; a draft is internal, and an adopted document is frozen
    "knowledge:overview_list": Entry(town, get=Check(PUBLIC)),
    "knowledge:overview_new": Entry(
        town, get=Check(STAFF),
        post=Check(STAFF, data=lambda w: {"title": "Folkehelseoversikt 2028"},
                   effect=documents_of),
    ),
    "knowledge:overview_detail": Entry(of_pk("draft"), get=Check(DRAFT_READERS)),
    "knowledge:overview_detail#consultation": Entry(of_pk("consultation"), get=Check(PUBLIC)),
    "knowledge:overview_detail#adopted": Entry(of_pk("adopted"), get=Check(PUBLIC)),
    "knowledge:overview_edit": Entry(
        of_pk("draft"), get=Check(STAFF),
        post=Check(STAFF, data=retitled, effect=documents_of),
    ),
    "knowledge:overview_edit#adopted": Entry(
        of_pk("adopted"), get=Check(redirected(STAFF)),
        post=Check(redirected(STAFF), data=retitled, effect=documents_of, frozen=True),
    ),
    "knowledge:overview_section": Entry(
        of_section("draft"), get=Check(STAFF),
        post=Check(STAFF, data=assessment, effect=section_of("draft")),
    ),
    "knowledge:overview_section#consultation": Entry(
        of_section("consultation"), get=Check(STAFF),
        post=Check(STAFF, data=assessment, effect=section_of("consultation")),
    ),
    "knowledge:overview_section#adopted": Entry(
        of_section("adopted"), get=Check(redirected(STAFF)),
        post=Check(redirected(STAFF), data=assessment, effect=section_of("adopted"),
                   frozen=True),
    ),
    "knowledge:overview_status": Entry(
        of_pk("draft"), get=Check(COORDINATOR),
        post=Check(COORDINATOR, data=to_status("consultation", days=30), effect=documents_of),
    ),
    "knowledge:overview_status#consultation": Entry(
        of_pk("consultation"), get=Check(COORDINATOR),
        post=Check(COORDINATOR, data=to_status("adopted"), effect=documents_of),
    ),
    "knowledge:overview_status#adopted": Entry(
        of_pk("adopted"), get=Check(redirected(COORDINATOR)),
        post=Check(redirected(COORDINATOR), data=to_status("draft"), effect=documents_of,
                   frozen=True),
    ),
    "knowledge:overview_export": Entry(of_export("draft", "html"), get=Check(DRAFT_READERS)),
    "knowledge:overview_export#consultation": Entry(of_export("consultation", "docx"),
                                                    get=Check(PUBLIC)),
    "knowledge:overview_export#adopted": Entry(of_export("adopted", "pdf"), get=Check(PUBLIC)),
    "knowledge:overview_comment": Entry(
        of_pk("consultation"),
        post=Check(COMMENTERS, data=lambda w: {"text": "Husk de eldste."},
                   effect=comments_on("consultation")),
    ),
    "knowledge:overview_comment#draft": Entry(
        of_pk("draft"),
        post=Check({**redirected(DRAFT_READERS), "anonymous": LOGIN},
                   data=lambda w: {"text": "Husk de eldste."}, effect=comments_on("draft"),
                   frozen=True),
    ),
    "knowledge:overview_comment#adopted": Entry(
        of_pk("adopted"),
        post=Check(COMMENTERS, data=lambda w: {"text": "For sent?"},
                   effect=comments_on("adopted"), frozen=True),
    ),
    "knowledge:overview_comment_respond": Entry(
        of_comment,
        post=Check(STAFF, data=lambda w: {"response": "Takk, vi tar det med."},
                   effect=comments_on("consultation")),
    ),
}

#: URL names deliberately left out of the matrix, each with the reason. Keep it short.
EXCLUDED: dict[str, str] = {}

# The entries of later capabilities, each in its own module (tests/matrix_<app>.py).
for _part in part_modules():
    _twice = MATRIX.keys() & _part.ENTRIES.keys()
    assert not _twice, f"{_part.__name__} repeats MATRIX entries: {sorted(_twice)}"
    MATRIX.update(_part.ENTRIES)
    EXCLUDED.update(getattr(_part, "EXCLUDED", {}))

# Django's admin (namespace "admin") is skipped: it has its own gate (is_active and is_staff,
# and model permissions), and its URLs come from the registered ModelAdmins, not from our
# views. ``test_only_site_admins_get_into_the_django_admin`` covers that gate.
SKIPPED_NAMESPACES = ("admin",)
# Static and media files carry no permissions (whitenoise, or ``static()`` in development).
SKIPPED_PREFIXES = tuple(
    prefix.lstrip("/") for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix
)

ACTIVE, CLOSED = "active", "closed"


# ---------------------------------------------------------------------------------------------
# Fixtures and helpers
# ---------------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    # The cast is built for every case; the production hasher would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(eksempelvik, nabovik, ada, mira, per, siri, frida, cem, olav, sam, cycle,
          other_cycle) -> World:  # type: ignore[no-untyped-def]
    cast = {"ada": ada, "mira": mira, "per": per, "siri": siri, "frida": frida, "cem": cem,
            "olav": olav, "sam": sam}
    return build_world(eksempelvik=eksempelvik, nabovik=nabovik, cast=cast, cycle=cycle,
                       other_cycle=other_cycle)


def resolver_urls() -> Iterator[tuple[str | None, str]]:
    """(namespaced name, route) of every URL pattern, minus the skipped ones."""

    def walk(patterns: list[Any], prefix: str,
             namespace: str | None) -> Iterator[tuple[str | None, str]]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                if inner and inner.split(":")[0] in SKIPPED_NAMESPACES:
                    continue
                yield from walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern):
                if SKIPPED_PREFIXES and route.startswith(SKIPPED_PREFIXES):
                    continue
                name = pattern.name and (f"{namespace}:{pattern.name}" if namespace
                                         else pattern.name)
                yield name, route

    yield from walk(get_resolver().url_patterns, "", None)


def log_in(client: Client, world: World, role: str) -> None:
    if role != "anonymous":
        client.force_login(world.users[role])


def send(client: Client, method: str, url: str, data: dict[str, Any]) -> Any:
    return client.get(url) if method == "GET" else client.post(url, data)


CASES = [
    pytest.param(name, method, role, state,
                 id=f"{name}-{method}-{role}" + ("-closed" if state == CLOSED else ""))
    for name, entry in MATRIX.items()
    for method, _check in entry.checks()
    for state in ((ACTIVE, CLOSED) if entry.cycle_states else (ACTIVE,))
    for role in ROLES
]


# ---------------------------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------------------------

def test_every_url_is_in_the_matrix() -> None:
    urls = list(resolver_urls())
    unnamed = sorted(route for name, route in urls if not name)
    assert not unnamed, f"Name these URL patterns so the matrix can cover them: {unnamed}"
    names = {name for name, _route in urls if name}
    covered = {url_name(key) for key in MATRIX}
    missing = sorted(names - covered - EXCLUDED.keys())
    assert not missing, (
        "These URLs have no entry in MATRIX (tests/test_authorization_matrix.py); say who may "
        f"use them: {missing}"
    )
    stale = sorted((covered | EXCLUDED.keys()) - names)
    assert not stale, f"MATRIX or EXCLUDED names URLs that no longer exist: {stale}"


def test_every_entry_states_every_role() -> None:
    for name, entry in MATRIX.items():
        for method, check in entry.checks():
            assert set(check.expect) == set(ROLES), f"{name} {method}: roles missing"


@pytest.mark.parametrize(("name", "method", "role", "state"), CASES)
def test_each_role_gets_what_the_matrix_says(name: str, method: str, role: str, state: str,
                                            client: Client, world: World) -> None:
    entry = MATRIX[name]
    check = entry.get if method == "GET" else entry.post
    assert check is not None
    if state == CLOSED:
        world.close_cycle_fully()
    elif check.prepare is not None:
        check.prepare(world)
    url = reverse(url_name(name), kwargs=entry.kwargs(world))
    assert resolve(url).view_name == url_name(name), f"{url} does not lead to {name}"
    log_in(client, world, role)
    data = check.data(world) if check.data else {}
    before = check.effect(world) if check.effect else None
    cycle_before = cycle_snapshot(world.cycle)
    audit_before = AuditEntry.objects.count()

    response = send(client, method, url, data)

    expected, got = check.expect[role], outcome_of(response)
    assert got not in {ERROR, OTHER}, f"{method} {url} as {role}: {response.status_code}"
    changed = check.effect is not None and check.effect(world) != before
    if expected in REFUSED:
        assert matches(expected, got, api=entry.api), (
            f"{method} {url} as {role}: expected {expected}, got {got} "
            f"({response.status_code})")
        assert not changed, f"{method} {url} as {role} was refused but changed something"
        assert AuditEntry.objects.count() == audit_before
        assert cycle_snapshot(world.cycle) == cycle_before
    elif method == "GET":
        assert got == expected, f"GET {url} as {role}: expected {expected}, got {got}"
    else:
        assert got not in REFUSED, f"POST {url} as {role} was refused ({response.status_code})"
        assert got == expected or expected == OK, (
            f"POST {url} as {role}: expected {expected}, got {got}")
        if state == CLOSED or check.frozen:
            assert not changed, f"POST {url} as {role} changed something frozen"
            assert cycle_snapshot(world.cycle) == cycle_before, (
                f"POST {url} as {role} changed the closed cycle")
            assert AuditEntry.objects.count() == audit_before
            assert refusal_shown(response), f"POST {url} as {role}: no message on refusal"
        elif check.effect is not None:
            assert changed, f"POST {url} as {role} was allowed but had no effect"


POST_ONLY = [name for name, entry in MATRIX.items() if entry.get is None]


@pytest.mark.parametrize("name", POST_ONLY)
def test_actions_refuse_get(name: str, client: Client, world: World) -> None:
    """A link or prefetch must never change anything: actions answer GET with 405."""
    entry = MATRIX[name]
    client.force_login(world.users["mira"])
    url = reverse(url_name(name), kwargs=entry.kwargs(world))
    effect = entry.post.effect if entry.post else None
    before = effect(world) if effect else None
    response = client.get(url)
    assert outcome_of(response) == NOT_ALLOWED
    assert effect is None or effect(world) == before


def allowed_role(check: Check) -> str:
    """Someone the matrix lets do this (a member of Eksempelvik if possible)."""
    preference = ("mira", "ada", "per", "cem", "frida", "sam", "anonymous")
    return next(role for role in preference if check.expect[role] not in REFUSED)


# (Those nobody may use, such as changing a moderated contribution, have no one to try.)
POSTS = [name for name, entry in MATRIX.items()
         if entry.post is not None and set(entry.post.expect.values()) - REFUSED]


@pytest.mark.parametrize("name", POSTS)
def test_every_action_needs_a_csrf_token(name: str, world: World) -> None:
    entry = MATRIX[name]
    check = entry.post
    assert check is not None
    if check.prepare is not None:
        check.prepare(world)
    client = Client(enforce_csrf_checks=True)
    log_in(client, world, allowed_role(check))
    url = reverse(url_name(name), kwargs=entry.kwargs(world))
    data = check.data(world) if check.data else {}
    before = check.effect(world) if check.effect else None
    response = client.post(url, data)
    assert response.status_code == 403
    assert check.effect is None or check.effect(world) == before


# Object state ---------------------------------------------------------------------------------

def test_a_closed_cycle_stays_closed_and_readable(client: Client, world: World) -> None:
    world.close_cycle_fully()
    assert world.cycle.status == Cycle.Status.CLOSED
    assert Cycle.objects.filter(municipality=world.eksempelvik, start_year=2028,
                                status=Cycle.Status.ACTIVE).exists()
    for name in ("planning:cycle", "planning:step"):
        kwargs = {"number": world.eksempelvik.number, "pk": world.cycle.pk}
        if name == "planning:step":
            kwargs["step"] = 5
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


# Tampering ------------------------------------------------------------------------------------

def test_it_refuses_a_step_lead_from_another_municipality(client: Client, world: World) -> None:
    client.force_login(world.users["mira"])
    before = step_row(1)(world)
    for stranger in ("olav", "cem"):  # Olav works in Nabovik; Cem is a citizen, not staff
        response = client.post(
            reverse("planning:step_edit", kwargs=of_step(1)(world)),
            {"lead": world.users[stranger].pk, "summary": "Olav leder nå."},
        )
        assert response.status_code == 200
        assert "lead" in response.context["form"].errors
        assert step_row(1)(world) == before


def nabovik_with_eksempelvik_ids(w: World) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, URL under Nabovik, data) with ids of Eksempelvik's objects."""
    n, cycle = w.nabovik.number, w.cycle.pk
    step = {"number": n, "pk": cycle, "step": 1}
    return [
        ("GET", reverse("planning:cycle", kwargs={"number": n, "pk": cycle}), {}),
        ("GET", reverse("planning:step", kwargs=step), {}),
        ("GET", reverse("planning:step_edit", kwargs=step), {}),
        ("POST", reverse("planning:step_edit", kwargs=step), {"summary": "Kapret"}),
        ("POST", reverse("planning:step_advance", kwargs=step), {}),
        ("POST", reverse("planning:step_start", kwargs={**step, "step": 2}), {}),
        ("POST", reverse("planning:step_reopen", kwargs=step), {"reason": "Kapret"}),
        ("POST", reverse("planning:cycle_close", kwargs={"number": n, "pk": cycle}), {}),
        ("POST", reverse("planning:conclusion_add", kwargs={**step, "step": 5}),
         {"kind": "stop", "title": "Kapret"}),
        ("POST", reverse("planning:conclusion_delete", kwargs={
            "number": n, "pk": w.other_cycle.pk, "step": 5, "conclusion": w.conclusion.pk}), {}),
        ("GET", reverse("municipalities:district_edit",
                        kwargs={"number": n, "pk": w.district.pk}), {}),
        ("POST", reverse("municipalities:district_edit",
                         kwargs={"number": n, "pk": w.district.pk}), {"name": "Kapret"}),
        ("POST", reverse("municipalities:district_delete",
                         kwargs={"number": n, "pk": w.district.pk}), {}),
        ("POST", reverse("members:revoke_invitation",
                         kwargs={"number": n, "pk": w.invitation.pk}), {}),
        ("POST", reverse("cycle-advance", kwargs=step), {}),
        *knowledge_under(n, w),
    ]


def knowledge_under(n: str, w: World) -> list[tuple[str, str, dict[str, Any]]]:
    """The knowledge step's objects of Eksempelvik, asked for under Nabovik's number."""

    def at(name: str, **kwargs: Any) -> str:
        return reverse(f"knowledge:{name}", kwargs={"number": n, **kwargs})

    section = {"pk": w.draft.pk, "category": "upbringing"}
    return [
        ("GET", at("indicator", code=w.own_indicator.code), {}),
        ("GET", at("local_detail", pk=w.published.pk), {}),
        ("GET", at("local_detail", pk=w.pending.pk), {}),
        ("GET", at("local_edit", pk=w.pending.pk), {}),
        ("POST", at("local_edit", pk=w.pending.pk), {"title": "Kapret", "text": "Kapret",
                                                     "category": "health"}),
        ("GET", at("local_moderate", pk=w.pending.pk), {}),
        ("POST", at("local_moderate", pk=w.pending.pk), {"decision": "publish"}),
        ("GET", at("gap_edit", pk=w.gap.pk), {}),
        ("POST", at("gap_edit", pk=w.gap.pk), {"title": "Kapret"}),
        ("GET", at("resource_edit", pk=w.resource.pk), {}),
        ("POST", at("resource_edit", pk=w.resource.pk), {"title": "Kapret"}),
        ("GET", at("import_detail", pk=w.batch.pk), {}),
        ("GET", at("overview_detail", pk=w.consultation.pk), {}),
        ("GET", at("overview_export", pk=w.consultation.pk, fmt="html"), {}),
        ("GET", at("overview_edit", pk=w.draft.pk), {}),
        ("POST", at("overview_edit", pk=w.draft.pk), {"title": "Kapret"}),
        ("GET", at("overview_section", **section), {}),
        ("POST", at("overview_section", **section), {"challenges": "Kapret"}),
        ("GET", at("overview_status", pk=w.consultation.pk), {}),
        ("POST", at("overview_status", pk=w.consultation.pk), {"status": "adopted"}),
        ("POST", at("overview_comment", pk=w.consultation.pk), {"text": "Kapret"}),
        ("POST", at("overview_comment_respond", pk=w.consultation.pk, comment=w.comment.pk),
         {"response": "Kapret"}),
        # Nabovik's own document, with Eksempelvik's comment
        ("POST", at("overview_comment_respond", pk=w.other_document.pk, comment=w.comment.pk),
         {"response": "Kapret"}),
    ]


def nabovik_with_eksempelvik_ids_admin_only(w: World) -> list[tuple[str, str, dict[str, Any]]]:
    n = w.nabovik.number
    return [
        ("GET", reverse("members:membership", kwargs={"number": n, "pk": w.target.pk}), {}),
        ("POST", reverse("members:membership", kwargs={"number": n, "pk": w.target.pk}),
         {"remove": "1"}),
        ("GET", reverse("jobs:detail", kwargs={"number": n, "pk": w.job.pk}), {}),
        ("GET", reverse("jobs:download", kwargs={"number": n, "pk": w.job.pk}), {}),
    ]


def everything_of_eksempelvik(w: World) -> Any:
    return (
        cycle_snapshot(w.cycle),
        sorted(District.objects.filter(municipality=w.eksempelvik).values_list("pk", "name")),
        sorted(Membership.objects.filter(municipality=w.eksempelvik).values_list("pk", "role")),
        sorted(Invitation.objects.values_list("pk", "revoked_at", "accepted_at")),
        AuditEntry.objects.filter(municipality=w.eksempelvik).count(),
        knowledge_of(w.eksempelvik),
    )


def knowledge_of(municipality: Municipality) -> Any:
    """What the knowledge step holds for a municipality."""
    of = {"municipality": municipality}
    of_document = {"document__municipality": municipality}
    return (
        sorted(LocalKnowledge.objects.filter(**of).values_list(
            "pk", "status", "title", "text", "category", "response")),
        sorted(KnowledgeGap.objects.filter(**of).values_list("pk", "title", "is_closed")),
        sorted(CommunityResource.objects.filter(**of).values_list("pk", "title")),
        sorted(ImportBatch.objects.filter(**of).values_list("pk", "file_name")),
        sorted(OverviewDocument.objects.filter(**of).values_list(
            "pk", "status", "title", "consultation_until")),
        sorted(OverviewSection.objects.filter(**of_document).values_list("pk", "challenges")),
        sorted(OverviewComment.objects.filter(**of_document).values_list(
            "pk", "text", "response")),
    )


@pytest.mark.parametrize("role", ["olav", "sam"])
def test_eksempelvik_ids_under_nabovik_urls_are_not_found(role: str, client: Client,
                                                          world: World) -> None:
    # Olav may do all this in Nabovik, Sam everywhere: only the tenant scoping of the object
    # lookup stands between them and Eksempelvik's objects.
    client.force_login(world.users[role])
    requests = nabovik_with_eksempelvik_ids(world)  # makes the objects first
    if role == "sam":
        requests += nabovik_with_eksempelvik_ids_admin_only(world)
    before = everything_of_eksempelvik(world)
    for method, url, data in requests:
        response = send(client, method, url, data)
        assert response.status_code == 404, f"{method} {url} as {role}: {response.status_code}"
    assert everything_of_eksempelvik(world) == before


@pytest.mark.parametrize("role", ["per", "sam"])
def test_nabovik_ids_under_eksempelvik_urls_are_not_found(role: str, client: Client,
                                                          world: World) -> None:
    client.force_login(world.users[role])
    town_, other = world.eksempelvik.number, world.other_cycle.pk
    requests = [
        ("GET", reverse("planning:cycle", kwargs={"number": town_, "pk": other})),
        ("POST", reverse("planning:step_edit",
                         kwargs={"number": town_, "pk": other, "step": 1})),
        ("POST", reverse("planning:conclusion_delete", kwargs={
            **of_step(5)(world), "conclusion": world.other_conclusion.pk})),
        ("POST", reverse("municipalities:district_edit",
                         kwargs={"number": town_, "pk": world.other_district.pk})),
        ("POST", reverse("municipalities:district_delete",
                         kwargs={"number": town_, "pk": world.other_district.pk})),
        ("GET", reverse("cycle-detail", kwargs={"number": town_, "pk": other})),
        *nabovik_knowledge_under_eksempelvik(world),
    ]
    nabovik_before = knowledge_of(world.nabovik)
    for method, url in requests:
        response = send(client, method, url, {
            "summary": "Kapret", "name": "Kapret", "title": "Kapret", "text": "Kapret",
            "category": "health", "decision": "publish", "status": "adopted",
            "challenges": "Kapret", "response": "Kapret",
        })
        assert response.status_code == 404, f"{method} {url} as {role}: {response.status_code}"
    assert StepConclusion.objects.filter(pk=world.other_conclusion.pk).exists()
    assert District.objects.get(pk=world.other_district.pk).name == "Nabosentrum"
    assert CycleStep.objects.get(cycle=world.other_cycle, number=1).summary == ""
    assert knowledge_of(world.nabovik) == nabovik_before


def nabovik_knowledge_under_eksempelvik(w: World) -> list[tuple[str, str]]:
    def at(name: str, **kwargs: Any) -> str:
        return reverse(f"knowledge:{name}", kwargs={**town(w), **kwargs})

    document = w.other_document.pk
    return [
        ("GET", at("indicator", code=w.other_indicator.code)),
        ("GET", at("local_detail", pk=w.other_local.pk)),
        ("POST", at("local_edit", pk=w.other_local.pk)),
        ("POST", at("local_moderate", pk=w.other_local.pk)),
        ("POST", at("gap_edit", pk=w.other_gap.pk)),
        ("POST", at("resource_edit", pk=w.other_resource.pk)),
        ("GET", at("import_detail", pk=w.other_batch.pk)),
        ("GET", at("overview_detail", pk=document)),
        ("GET", at("overview_export", pk=document, fmt="html")),
        ("POST", at("overview_edit", pk=document)),
        ("POST", at("overview_section", pk=document, category="upbringing")),
        ("POST", at("overview_comment", pk=document)),
        # Eksempelvik's document, with a comment on Nabovik's
        ("POST", at("overview_comment_respond", pk=w.consultation.pk,
                    comment=w.other_comment.pk)),
    ]


def test_it_ignores_extra_fields_on_a_step(client: Client, world: World) -> None:
    client.force_login(world.users["per"])
    client.post(reverse("planning:step_edit", kwargs=of_step(1)(world)), {
        "summary": "Ny tekst", "status": "done", "number": "3", "cycle": world.other_cycle.pk,
        "completed_at": "2020-01-01T00:00", "started_at": "",
    })
    step = world.step(1)
    assert step.summary == "Ny tekst"
    assert (step.status, step.number, step.cycle_id) == (
        CycleStep.Status.IN_PROGRESS, 1, world.cycle.pk)
    assert step.completed_at is None and step.started_at is not None


def test_it_ignores_a_posted_municipality_on_a_district(client: Client, world: World) -> None:
    client.force_login(world.users["per"])
    client.post(reverse("municipalities:district_new", kwargs=town(world)),
                {"name": "Fjellet", "municipality": world.nabovik.pk})
    assert District.objects.get(name="Fjellet").municipality == world.eksempelvik
    client.post(reverse("municipalities:district_edit", kwargs=of_pk("district")(world)),
                {"name": "Sentrum", "municipality": world.nabovik.pk})
    assert District.objects.get(pk=world.district.pk).municipality == world.eksempelvik


def test_it_ignores_privilege_fields_on_the_profile(client: Client, world: World) -> None:
    cem = world.users["cem"]
    client.force_login(cem)
    client.post(reverse("accounts:profile"), {
        "name": "Cem", "language": "", "is_superuser": "on", "is_staff": "on",
        "email": "cem@hacker.example",
    })
    cem.refresh_from_db()
    assert (cem.name, cem.email) == ("Cem", "cem@innbygger.example")
    assert not cem.is_superuser and not cem.is_staff


def test_a_coordinator_cannot_invite_an_admin(client: Client, world: World) -> None:
    client.force_login(world.users["mira"])
    response = client.post(reverse("members:invite", kwargs=town(world)),
                           {"email": "sjef@eksempelvik.example", "role": Role.ADMIN})
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not Invitation.objects.filter(email="sjef@eksempelvik.example").exists()


def test_it_ignores_a_posted_municipality_on_a_membership(client: Client, world: World) -> None:
    client.force_login(world.users["ada"])
    client.post(reverse("members:membership", kwargs=of_pk("target")(world)),
                {"role": Role.POLITICIAN, "municipality": world.nabovik.pk,
                 "user": world.users["cem"].pk})
    target = Membership.objects.get(pk=world.target.pk)
    assert (target.role, target.municipality, target.user.email) == (
        Role.POLITICIAN, world.eksempelvik, "tor@eksempelvik.example")


def test_a_signed_in_person_cannot_take_someone_elses_invitation(client: Client,
                                                                 world: World) -> None:
    client.force_login(world.users["cem"])
    response = client.post(reverse("accounts:invitation",
                                   kwargs={"token": world.invitation_token}))
    assert response.status_code == 410
    assert world.users["cem"].role_in(world.eksempelvik) == Role.CITIZEN
    assert Invitation.objects.get(pk=world.invitation.pk).accepted_at is None


def test_a_non_numeric_id_in_the_api_is_not_found(client: Client, world: World) -> None:
    client.force_login(world.users["mira"])
    tampered = {"number": world.eksempelvik.number, "pk": "1 OR 1=1"}
    assert client.get(reverse("cycle-detail", kwargs=tampered)).status_code == 404
    response = client.post(reverse("cycle-advance", kwargs={**tampered, "step": 1}))
    assert response.status_code == 404


# What a page shows ----------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "sees_history"), [
    ("anonymous", False), ("cem", False), ("frida", False), ("siri", False), ("olav", False),
    ("per", True), ("mira", True), ("sam", True),
])
def test_the_audit_trail_shows_only_to_staff(role: str, sees_history: bool, client: Client,
                                             world: World) -> None:
    # Public and internal pages carry an audit excerpt for those who may read the audit log.
    world.complete_step(1)  # leaves a "step.complete" entry on step 1
    log_in(client, world, role)
    step = client.get(reverse("planning:step", kwargs=of_step(1)(world)))
    assert bool(step.context["history"]) is sees_history
    if role in {"siri", "per", "mira", "sam"}:  # those who may open the dashboard at all
        dashboard = client.get(reverse("municipalities:dashboard", kwargs=town(world)))
        assert bool(dashboard.context["recent_entries"]) is sees_history


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_knowledge_shows_only_to_those_who_may_see_it(role: str, client: Client,
                                                                 world: World) -> None:
    # A contribution waiting for moderation: its author and staff; a draft overview: internal.
    pending, published, draft, public = (world.pending, world.published, world.draft,
                                         world.consultation)
    log_in(client, world, role)

    def page(name: str, **kwargs: Any) -> str:
        response = client.get(reverse(name, kwargs={**town(world), **kwargs}))
        assert response.status_code == 200, f"{name} as {role}"
        return response.content.decode()

    local = page("knowledge:local_list")
    assert (pending.title in local) is (role in {"cem", "per", "mira", "ada", "sam"})
    assert published.title in local
    overviews = page("knowledge:overview_list")
    assert (draft.title in overviews) is (role in {"siri", "per", "mira", "ada", "sam"})
    assert public.title in overviews
    assert published.title in page("knowledge:indicator", code=world.indicator.code)
    step = page("planning:step", pk=world.cycle.pk, step=1)
    assert pending.title not in step and draft.title not in step
    assert published.title in step and public.title in step


def test_a_deactivated_coordinator_is_sent_to_login(client: Client, world: World) -> None:
    mira = world.users["mira"]
    client.force_login(mira)
    User.objects.filter(pk=mira.pk).update(is_active=False)
    response = client.post(reverse("planning:step_advance", kwargs=of_step(1)(world)))
    assert outcome_of(response) == LOGIN
    assert world.step(1).status == CycleStep.Status.IN_PROGRESS


def test_a_coordinator_cannot_demote_an_admin_by_invitation(client: Client,
                                                           world: World) -> None:
    client.force_login(world.users["mira"])
    client.post(reverse("members:invite", kwargs=town(world)),
                {"email": "ada@eksempelvik.example", "role": Role.STAFF})
    invitation = Invitation.objects.filter(email="ada@eksempelvik.example").first()
    if invitation is not None:
        # The link's token is only in the e-mail; give the invitation a token we know.
        token, token_hash = Invitation.new_token()
        Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash)
        client.force_login(world.users["ada"])
        client.post(reverse("accounts:invitation", kwargs={"token": token}))
        assert Invitation.objects.get(pk=invitation.pk).accepted_at is not None
    assert Membership.objects.get(user=world.users["ada"]).role == Role.ADMIN


def test_a_coordinator_cannot_withdraw_an_admin_invitation(client: Client,
                                                          world: World) -> None:
    client.force_login(world.users["ada"])
    client.post(reverse("members:invite", kwargs=town(world)),
                {"email": "new-admin@eksempelvik.example", "role": Role.ADMIN})
    invitation = Invitation.objects.get(email="new-admin@eksempelvik.example")
    client.force_login(world.users["mira"])
    response = client.post(reverse("members:revoke_invitation",
                                   kwargs={**town(world), "pk": invitation.pk}))
    assert response.status_code == 403
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


# Tampering in the knowledge step ---------------------------------------------------------------

def test_it_ignores_a_posted_author_status_and_municipality_on_a_contribution(
        client: Client, world: World) -> None:
    client.force_login(world.users["cem"])
    client.post(reverse("knowledge:local_new", kwargs=town(world)), {
        "title": "Kveldsåpent bibliotek", "text": "Biblioteket er stengt om kvelden.",
        "category": "upbringing", "status": Moderation.PUBLISHED,
        "author": world.users["per"].pk, "municipality": world.nabovik.pk,
        "response": "Vi er enige.", "moderated_by": world.users["mira"].pk,
    })
    item = LocalKnowledge.objects.get(title="Kveldsåpent bibliotek")
    assert (item.status, item.author, item.municipality) == (
        Moderation.PENDING, world.users["cem"], world.eksempelvik)
    assert (item.response, item.moderated_by) == ("", None)


@pytest.mark.parametrize(("role", "may_change"), [("cem", True), ("per", False), ("sam", False)])
def test_only_the_author_is_offered_to_change_a_contribution(role: str, may_change: bool,
                                                            client: Client,
                                                            world: World) -> None:
    # Not even the site admin: the change would be put in Cem's name.
    client.force_login(world.users[role])
    response = client.get(reverse("knowledge:local_detail", kwargs=of_pk("pending")(world)))
    assert response.context["can_edit"] is may_change
    edit = reverse("knowledge:local_edit", kwargs=of_pk("pending")(world))
    assert (edit in response.content.decode()) is may_change


def test_a_contribution_cannot_point_at_another_municipalitys_district_or_indicator(
        client: Client, world: World) -> None:
    client.force_login(world.users["cem"])
    before = contributions(world)
    for field, value in (("district", world.other_district.pk),
                         ("indicator", world.other_indicator.code)):
        response = client.post(reverse("knowledge:local_new", kwargs=town(world)), {
            "title": "Kapret", "text": "Kapret", "place": "Torget", field: value})
        assert response.status_code == 200
        assert field in response.context["form"].errors
    assert contributions(world) == before


def test_a_section_cites_only_its_municipalitys_published_knowledge(client: Client,
                                                                   world: World) -> None:
    client.force_login(world.users["per"])
    url = reverse("knowledge:overview_section", kwargs=of_section("draft")(world))
    before = section_of("draft")(world)
    for field, value in (("local_knowledge", world.other_local.pk),
                         ("local_knowledge", world.pending.pk),
                         ("knowledge_gaps", world.other_gap.pk),
                         ("indicators", world.other_indicator.pk)):
        response = client.post(url, {**assessment(world), field: [value]})
        assert response.status_code == 400, f"{field}={value}"
        assert field in response.context["form"].errors
    assert section_of("draft")(world) == before
    section = OverviewSection.objects.get(document=world.draft, category="upbringing")
    assert not section.local_knowledge.exists() and not section.knowledge_gaps.exists()


def test_a_comment_cannot_be_about_a_section_of_another_document(client: Client,
                                                                 world: World) -> None:
    client.force_login(world.users["cem"])
    foreign = OverviewSection.objects.get(document=world.other_document, category="health")
    response = client.post(reverse("knowledge:overview_comment", kwargs=of_pk(
        "consultation")(world)), {"text": "Kapret", "section": foreign.pk})
    assert response.status_code == 400
    assert not OverviewComment.objects.filter(text="Kapret").exists()


def test_staff_cannot_import_into_another_municipalitys_indicator(client: Client,
                                                                 world: World) -> None:
    client.force_login(world.users["per"])
    response = client.post(reverse("knowledge:imports", kwargs=town(world)),
                           {**upload(world), "indicator": world.other_indicator.code})
    assert response.status_code == 200
    assert "indicator" in response.context["form"].errors
    assert not ImportBatch.objects.exists()


def test_an_upload_leaves_another_municipalitys_figures_alone(client: Client,
                                                             world: World) -> None:
    nabovik = Observation.objects.create(
        indicator=world.indicator, geo=world.nabovik.number, geo_level="K", period_start=2024,
        period_end=2024, age="0_120", measure="MEIS", value=9)
    client.force_login(world.users["per"])
    cube = (b"GEO;AAR;KJONN;ALDER;MEIS;SPVFLAGG\r\n9999;2025;0;0_120;13.5;0\r\n"
            b"9998;2025;0;0_120;1.0;0\r\n")
    client.post(reverse("knowledge:imports", kwargs=town(world)), {
        "file": SimpleUploadedFile("kapret.csv", cube), "indicator": world.indicator.code})
    assert ImportBatch.objects.get().summary["rejected"] == 1
    assert list(Observation.objects.filter(indicator=world.indicator, geo="9998")
                .values_list("pk", "value")) == [(nabovik.pk, nabovik.value)]


def test_an_upload_leaves_the_countys_and_norways_figures_alone(client: Client,
                                                               world: World) -> None:
    shared = Observation.objects.filter(indicator=world.indicator, geo__in=["0", "99"])
    before = sorted(shared.values_list("geo", "period_end", "value"))
    client.force_login(world.users["per"])
    cube = (b"GEO;AAR;KJONN;ALDER;MEIS;SPVFLAGG\r\n9999;2025;0;0_120;13.5;0\r\n"
            b"0;2025;0;0_120;99.0;0\r\n")
    client.post(reverse("knowledge:imports", kwargs=town(world)), {
        "file": SimpleUploadedFile("kapret.csv", cube), "indicator": world.indicator.code})
    assert sorted(shared.values_list("geo", "period_end", "value")) == before


# The API --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "statuses"), [
    ("mira", {200}), ("cem", {403}), ("olav", {404}), ("anonymous", {401, 403}),
])
def test_the_api_lets_only_coordinators_advance_a_step(role: str, statuses: set[int],
                                                       client: Client, world: World) -> None:
    log_in(client, world, role)
    response = client.post(reverse("cycle-advance", kwargs=of_step(1)(world)))
    assert response.status_code in statuses
    expected = CycleStep.Status.DONE if role == "mira" else CycleStep.Status.IN_PROGRESS
    assert world.step(1).status == expected


# Django's admin -------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["anonymous", "cem", "per", "mira", "ada", "olav"])
def test_only_site_admins_get_into_the_django_admin(role: str, client: Client,
                                                    world: World) -> None:
    log_in(client, world, role)
    for url in ("/admin/", "/admin/accounts/user/", "/admin/planning/cycle/"):
        response = client.get(url)
        assert response.status_code == 302, f"{url} as {role}"
        assert response["Location"].startswith("/admin/login/")


def test_the_site_admin_gets_into_the_django_admin(client: Client, world: World) -> None:
    client.force_login(world.users["sam"])
    assert client.get("/admin/").status_code == 200
