"""Smoke test: load the demo (twice) and open every page of Eksempelvik, public and internal.

``make smoke`` runs these (``pytest -m smoke``) against the embedded SQLite default.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from samskap.accounts.models import Membership, User
from samskap.actors.models import Actor, Setting
from samskap.audit.models import AuditEntry
from samskap.contracts.models import CommunityContract
from samskap.core.demo import DEMO_NUMBER, DEMO_PASSWORD
from samskap.knowledge.models import Category, Indicator, LocalKnowledge, OverviewDocument
from samskap.municipalities.models import District, Municipality
from samskap.planning.models import CarriedOverItem, Cycle, CycleStep, StepConclusion
from samskap.processes.actions import TRANSITIONS
from samskap.processes.models import Process

pytestmark = pytest.mark.smoke

COORDINATOR = "mira@eksempelvik.example"
#: Text that only shows when an error page leaks a stack trace or Django's debug page.
LEAKS = ("Traceback", "Exception Value", "Request Method:", "Internal Server Error")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db) -> Municipality:
    call_command("demo", stdout=_Null())
    return Municipality.objects.get(number=DEMO_NUMBER)


class _Null:
    def write(self, *_args: object) -> None:
        pass

    def flush(self) -> None:
        pass


def counts() -> dict[str, int]:
    models = (Municipality, District, User, Membership, Cycle, CycleStep, StepConclusion,
              CarriedOverItem, AuditEntry)
    return {model.__name__: model.objects.count() for model in models}


def public_pages(municipality: Municipality) -> list[str]:
    number = municipality.number
    pages = [
        "/", "/?q=eksempelvik", "/?q=%C3%A5lesund", "/?q=301",
        reverse("core:accessibility"), reverse("core:sitemap"), reverse("core:robots"),
        reverse("core:healthz"), reverse("accounts:login"), reverse("accounts:password_reset"),
        municipality.get_absolute_url(),
        reverse("planning:cycles", args=[number]),
        reverse("municipalities:districts", args=[number]),
        reverse("municipalities:detail", args=["0301"]),  # a municipality not on Samskap
        reverse("planning:cycles", args=["0301"]),
        "/api/v1/", "/api/v1/municipalities/", "/api/v1/municipalities/?q=oslo",
        f"/api/v1/municipalities/{number}/", f"/api/v1/municipalities/{number}/cycles/",
        "/api/schema/",
    ]
    pages += knowledge_public_pages(municipality)
    pages += processes_public_pages(municipality)
    pages += responses_public_pages(municipality)
    pages += conversations_public_pages(municipality)
    pages += contracts_public_pages(municipality)
    for cycle in Cycle.objects.for_municipality(municipality):
        pages.append(cycle.get_absolute_url())
        pages.append(f"/api/v1/municipalities/{number}/cycles/{cycle.pk}/")
        pages.extend(step.get_absolute_url() for step in cycle.ordered_steps)
    return pages


def internal_pages(municipality: Municipality) -> list[str]:
    number = municipality.number
    current = Cycle.objects.current(municipality)
    assert current is not None
    pages = [
        reverse("municipalities:dashboard", args=[number]),
        reverse("audit:log", args=[number]),
        reverse("audit:log", args=[number]) + "?action=step.complete",
        reverse("members:list", args=[number]),
        reverse("members:invite", args=[number]),
        reverse("jobs:list", args=[number]),
        reverse("planning:cycle_new", args=[number]),
        reverse("planning:cycle_close", args=[number, current.pk]),
        reverse("municipalities:district_new", args=[number]),
        reverse("accounts:profile"),
    ]
    pages.extend(
        reverse("municipalities:district_edit", args=[number, district.pk])
        for district in municipality.districts.all()
    )
    pages += processes_pages(municipality)
    for step in current.ordered_steps:
        pages.append(reverse("planning:step_edit", args=[number, current.pk, step.number]))
        if step.can_reopen():
            pages.append(reverse("planning:step_reopen", args=[number, current.pk, step.number]))
    pages += [
        reverse(f"knowledge:{name}", args=[number])
        for name in ("imports", "local_new", "gap_new", "resource_new", "overview_new")
    ]
    for item in LocalKnowledge.objects.for_municipality(municipality):
        pages.append(reverse("knowledge:local_moderate", args=[number, item.pk]))
    for document in OverviewDocument.objects.filter(municipality=municipality):
        pages += [reverse("knowledge:overview_section", args=[number, document.pk, category])
                  for category in Category.values]
    return (pages + draft_pages(municipality) + actors_pages(municipality)
            + responses_pages(municipality) + community_map_pages(municipality)
            + conversations_pages(municipality) + contracts_pages(municipality))


def contracts_public_pages(municipality: Municipality) -> list[str]:
    """Community contracts: the list, and every page of the active (public) ones."""
    number = municipality.number
    pages = [reverse("contracts:list", args=[number]) + query
             for query in ("", "?status=active", "?status=ended", "?status=nonsense")]
    for contract in CommunityContract.objects.of(municipality).public():
        pages.append(contract.get_absolute_url())
        pages += [reverse("contracts:version", args=[number, contract.pk, version.number])
                  for version in contract.versions.all()]
        pages += [reverse("contracts:export", args=[number, contract.pk, fmt])
                  for fmt in ("pdf", "docx")]
    return pages


def contracts_pages(municipality: Municipality) -> list[str]:
    """Staff pages of community contracts (a visitor is sent to log in)."""
    number = municipality.number
    pages = [reverse("contracts:new", args=[number])]
    for contract in CommunityContract.objects.of(municipality).exclude(status="ended"):
        pages += [reverse(f"contracts:{name}", args=[number, contract.pk])
                  for name in ("edit", "contributions", "end")]
        if contract.is_public:
            pages += [reverse("contracts:contribution_status", args=[number, contract.pk, pk])
                      for pk in contract.contributions.values_list("pk", flat=True)]
    return pages


def contracts_hidden_pages(municipality: Municipality) -> list[str]:
    """Contracts not yet active are internal: a 404 for visitors, like a draft."""
    number = municipality.number
    pages = []
    for contract in CommunityContract.objects.of(municipality).exclude(
            status__in=("active", "ended")):
        pages.append(contract.get_absolute_url())
        pages += [reverse("contracts:version", args=[number, contract.pk, version.number])
                  for version in contract.versions.all()]
        pages += [reverse("contracts:export", args=[number, contract.pk, "docx"]) + "?version=1"]
        pages += [reverse("contracts:contribution_status", args=[number, contract.pk, pk])
                  for pk in contract.contributions.values_list("pk", flat=True)]
    return pages


def processes_public_pages(municipality: Municipality) -> list[str]:
    """Co-creation processes: the list, the feed and each published process's page."""
    number = municipality.number
    pages = [reverse(f"processes:{name}", args=[number]) for name in ("public_list", "feed")]
    pages += [process.get_absolute_url()
              for process in Process.objects.of(municipality).published()]
    return pages


def processes_pages(municipality: Municipality) -> list[str]:
    """Every process's staff pages and each state change it may make."""
    number = municipality.number
    pages = [reverse(f"processes:{name}", args=[number]) for name in ("manage_list", "create")]
    for process in Process.objects.of(municipality):
        pages += [reverse(f"processes:{name}", args=[number, process.pk])
                  for name in ("manage", "invite", "phases", "activities")]
        if process.state != Process.State.CLOSED:  # a closed process sends these back
            pages += [reverse(f"processes:{name}", args=[number, process.pk])
                      for name in ("edit", "advisor", "room")]
        pages += [reverse("processes:change_state", args=[number, process.pk, state])
                  for state in TRANSITIONS[process.state]]
    return pages


def draft_pages(municipality: Municipality) -> list[str]:
    """Draft overview documents: internal, and a 404 (not a login prompt) for visitors."""
    pages = []
    for document in OverviewDocument.objects.filter(municipality=municipality,
                                                    status=OverviewDocument.Status.DRAFT):
        args = [municipality.number, document.pk]
        pages.append(reverse("knowledge:overview_detail", args=args))
        pages.append(reverse("knowledge:overview_export", args=[*args, "html"]))
    pages += [process.get_absolute_url() for process in  # draft processes: a preview
              Process.objects.of(municipality).filter(state=Process.State.DRAFT)]
    pages += contracts_hidden_pages(municipality)
    return pages


def actors_pages(municipality: Municipality) -> list[str]:
    """The actor register, its settings and its import and export (staff see every page)."""
    number = municipality.number
    pages = [reverse(f"actors:{name}", args=[number])
             for name in ("list", "new", "settings", "setting_new", "import")]
    pages += [reverse("actors:list", args=[number]) + "?q=lag&kind=voluntary&group=youth",
              reverse("actors:list", args=[number]) + "?sector=public&page=2"]
    pages += [reverse("actors:export", args=[number, name])
              for name in ("actors.csv", "settings.csv", "community.json")]
    for pk in Actor.objects.of(municipality).values_list("pk", flat=True):
        pages += [reverse(f"actors:{name}", args=[number, pk])
                  for name in ("detail", "edit", "resources", "representatives", "contact_new",
                               "link", "delete")]
    for pk in Setting.objects.filter(municipality=municipality).values_list("pk", flat=True):
        pages += [reverse(f"actors:{name}", args=[number, pk])
                  for name in ("setting_detail", "setting_edit", "setting_link",
                               "setting_add_actor", "setting_delete")]
    return pages


def responses_public_pages(municipality: Municipality) -> list[str]:
    """The value of co-creation across processes and for each published process."""
    from samskap.processes.models import Process

    number = municipality.number
    pages = [reverse("responses:value_overview", args=[number])]
    pages += [reverse("responses:value", args=[number, pk]) for pk in
              Process.objects.of(municipality).published().values_list("pk", flat=True)]
    return pages


def responses_pages(municipality: Municipality) -> list[str]:
    """“You said, we did” of each published process, following it, and the questionnaire of
    the concluded ones (the coordinator may answer it)."""
    from samskap.processes.models import Process

    number = municipality.number
    pages = []
    for process in Process.objects.of(municipality).published():
        pages += [reverse(f"responses:{name}", args=[number, process.pk])
                  for name in ("inputs", "bring_in", "follow")]
        pages.append(reverse("responses:inputs", args=[number, process.pk]) + "?status=unanswered")
        if process.state == Process.State.CONCLUDED:
            pages.append(reverse("responses:assess", args=[number, process.pk]))
    return pages


def conversations_public_pages(municipality: Municipality) -> list[str]:
    """Conversations: the list, and each public one's voting, statement, results and
    questions-about-you pages."""
    from samskap.conversations.models import Conversation

    number = municipality.number
    pages = [reverse("conversations:list", args=[number])]
    for pk in Conversation.objects.of(municipality).published().values_list("pk", flat=True):
        pages += [reverse(f"conversations:{name}", args=[number, pk])
                  for name in ("detail", "results", "statement_add", "demographics")]
    return pages


def conversations_pages(municipality: Municipality) -> list[str]:
    """Running conversations: new, edit, seed, moderation (each statement), exports, import."""
    from samskap.conversations.models import Conversation, Statement

    number = municipality.number
    pages = [reverse("conversations:new", args=[number])]
    for pk in Conversation.objects.of(municipality).values_list("pk", flat=True):
        pages += [reverse(f"conversations:{name}", args=[number, pk])
                  for name in ("edit", "seed", "moderation", "import_polis")]
        pages += [reverse("conversations:export", args=[number, pk, table, "csv"])
                  for table in ("comments", "votes", "groups", "results")]
        pages.append(reverse("conversations:export", args=[number, pk, "all", "json"]))
        pages += [reverse("conversations:moderate", args=[number, pk, statement])
                  for statement in Statement.objects.filter(conversation_id=pk)
                  .values_list("pk", flat=True)[:5]]
    return pages


def community_map_pages(municipality: Municipality) -> list[str]:
    """The community map: network and grid (filtered too), nudges, and setting each aside."""
    from samskap.actors.presentation import nudges_for

    number = municipality.number
    district = municipality.districts.order_by("pk").first()
    pages = [reverse(f"actors:{name}", args=[number]) for name in ("map", "grid", "nudges")]
    pages += [reverse("actors:map", args=[number]) + "?sector=voluntary&order=betweenness",
              reverse("actors:map", args=[number]) + "?actors_page=2&settings_page=99",
              reverse("actors:grid", args=[number]) + "?sector=civil"]
    if district is not None:
        pages += [reverse(f"actors:{name}", args=[number]) + f"?district={district.pk}"
                  for name in ("map", "grid")]
    pages += [reverse("actors:nudge_dismiss", args=[number, nudge.code, nudge.subject])
              for nudge in nudges_for(municipality).active]
    return pages


def knowledge_public_pages(municipality: Municipality) -> list[str]:
    """The knowledge base of step 1: areas, every indicator, local knowledge, gaps."""
    number = municipality.number
    pages = [reverse(f"knowledge:{name}", args=[number])
             for name in ("index", "local_list", "gaps", "resources", "overview_list")]
    pages.append(reverse("knowledge:index", args=[number]) + "?by=ring")
    pages += [reverse("knowledge:category", args=[number, category])
              for category in Category.values]
    pages += [reverse("knowledge:indicator", args=[number, code])
              for code in Indicator.objects.for_municipality(municipality)
              .values_list("code", flat=True)]
    pages += [reverse("knowledge:local_detail", args=[number, pk])
              for pk in LocalKnowledge.objects.for_municipality(municipality).published()
              .values_list("pk", flat=True)]
    return pages


def admin_pages(municipality: Municipality) -> list[str]:
    """Pages only the municipality's administrator (Ada) opens."""
    return [reverse("members:membership", args=[municipality.number, membership.pk])
            for membership in Membership.objects.filter(municipality=municipality)]


def problems(client: Client, pages: Iterable[str], **headers: str) -> list[str]:
    """Every page that does not answer 200 or that shows a stack trace, with what went wrong."""
    found = []
    for page in pages:
        response = client.get(page, **headers)
        body = response.content.decode("utf-8", errors="replace")
        if response.status_code != 200:
            found.append(f"{page}: {response.status_code}")
        elif any(leak in body for leak in LEAKS):
            found.append(f"{page}: shows a stack trace")
    return found


def log_in(client: Client, email: str) -> None:
    response = client.post(reverse("accounts:login"),
                           {"username": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, "the demo login failed"


# --- The demo -------------------------------------------------------------------------------


def test_loading_the_demo_twice_creates_eksempelvik_once(demo):
    before = counts()

    call_command("demo", stdout=_Null())

    assert counts() == before
    assert Municipality.objects.filter(number=DEMO_NUMBER).count() == 1
    assert before["Municipality"] == 358  # the register's 357 and Eksempelvik
    assert before["Cycle"] == 2
    assert before["CycleStep"] == 10
    assert before["Membership"] == 7  # the six demo users, and the sports club's Ivar


def test_the_demo_has_an_active_cycle_in_the_plan_strategy_step(demo):
    current = Cycle.objects.current(demo)

    assert current is not None
    assert current.term == "2024–2027"
    assert [step.status for step in current.ordered_steps] == [
        "done", "in_progress", "not_started", "not_started", "not_started"]
    assert current.step(2).lead.email == "per@eksempelvik.example"
    assert current.step(2).summary


def test_the_demo_has_a_closed_previous_cycle_whose_conclusions_carried_over(demo):
    current = Cycle.objects.current(demo)
    previous = current.previous

    assert previous is not None
    assert (previous.term, previous.status) == ("2020–2023", Cycle.Status.CLOSED)
    assert previous.all_steps_done
    items = list(current.step(1).carried_over_items.all())
    assert len(items) == 4
    assert {item.source_cycle for item in items} == {previous}
    assert {item.kind for item in items} == {"continue", "improve", "stop", "add"}


def test_the_demo_users_log_in_with_the_published_password(client, demo):
    log_in(client, COORDINATOR)

    assert client.get(reverse("municipalities:dashboard", args=[DEMO_NUMBER])).status_code == 200


# --- Every page -----------------------------------------------------------------------------


def test_every_public_page_answers_for_a_visitor(client, demo):
    pages = public_pages(demo)

    assert len(pages) > 30
    assert problems(client, pages) == []


def test_every_page_answers_for_the_demo_coordinator(client, demo):
    log_in(client, COORDINATOR)
    pages = [page for page in public_pages(demo) if page != reverse("accounts:login")]

    assert problems(client, pages + internal_pages(demo)) == []


def test_the_member_pages_answer_for_the_demo_administrator(client, demo):
    log_in(client, "ada@eksempelvik.example")

    assert problems(client, admin_pages(demo)) == []


def test_the_htmx_fragments_answer(client, demo):
    log_in(client, COORDINATOR)

    pages = ["/?q=eksempelvik", reverse("jobs:list", args=[DEMO_NUMBER])]
    assert problems(client, pages, HTTP_HX_REQUEST="true") == []


def test_internal_pages_send_a_visitor_to_log_in(client, demo):
    drafts = draft_pages(demo)
    assert drafts, "the demo has a draft overview document"
    for page in internal_pages(demo) + admin_pages(demo):
        response = client.get(page)
        if page in drafts:
            assert response.status_code == 404, page
            continue
        assert response.status_code == 302, page
        assert response["Location"].startswith(reverse("accounts:login")), page


def test_the_sitemap_lists_eksempelvik_and_its_cycles(client, demo):
    body = client.get(reverse("core:sitemap")).content.decode()

    assert demo.get_absolute_url() in body
    for cycle in Cycle.objects.for_municipality(demo):
        assert cycle.get_absolute_url() in body


def test_robots_txt_points_at_the_sitemap(client, demo):
    response = client.get(reverse("core:robots"))

    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
