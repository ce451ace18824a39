"""The demo municipality Eksempelvik (9999): fictional, realistic, idempotent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from samskap.accounts.models import Membership, Role, User
from samskap.actors.demo import load_actors_demo
from samskap.contracts.demo import load_contracts_demo
from samskap.conversations.demo import load_conversations_demo
from samskap.knowledge.demo import load_knowledge_demo
from samskap.municipalities.importer import import_municipalities
from samskap.municipalities.models import District, LanguageForm, Municipality
from samskap.planning import actions
from samskap.planning.models import Cycle, CycleStep, StepConclusion
from samskap.processes.demo import load_processes_demo
from samskap.responses.demo import load_responses_demo

DEMO_NUMBER = "9999"
DEMO_PASSWORD = "samskap-demo"  # noqa: S105 - published on purpose, demo only


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    role: str | None  # None: site administrator without a municipal role
    title: str = ""


DEMO_USERS = (
    DemoUser("admin@samskap.example", "Sam Sideadmin", None),
    DemoUser("ada@eksempelvik.example", "Ada Admin", Role.ADMIN, "Systemansvarlig"),
    DemoUser("mira@eksempelvik.example", "Mira Koordinator", Role.COORDINATOR,
             "Folkehelsekoordinator"),
    DemoUser("per@eksempelvik.example", "Per Planlegger", Role.STAFF, "Arealplanlegger"),
    DemoUser("siri@eksempelvik.example", "Siri Politiker", Role.POLITICIAN,
             "Leder, hovedutvalg for helse"),
    DemoUser("frida@frivillig.example", "Frida Frivillig", Role.PARTNER,
             "Eksempelvik frivilligsentral"),
    DemoUser("cem@innbygger.example", "Cem Innbygger", Role.CITIZEN),
)

DISTRICTS = (
    ("Sentrum", "999901", 4120),
    ("Nordbyen", "999902", 3380),
    ("Sjøsida", "999903", 2215),
    ("Fjellgrenda", "999904", 960),
    ("Austmarka", "999905", 1745),
)

PREVIOUS_CONCLUSIONS = (
    (StepConclusion.Kind.CONTINUE, "Møteplasser for eldre i nærmiljøet",
     "Treffpunktene på Sjøsida og i Sentrum er godt besøkt og bør videreføres."),
    (StepConclusion.Kind.IMPROVE, "Ungdommens stemme i planarbeidet",
     "Ungdomsrådet ble hørt for sent. Involver dem fra oversiktsarbeidet."),
    (StepConclusion.Kind.ADD, "Levekår i Nordbyen",
     "Flere barn i lavinntektsfamilier i Nordbyen: trenger et eget kunnskapsgrunnlag."),
    (StepConclusion.Kind.STOP, "Kampanje med brosjyrer om fysisk aktivitet",
     "Nådde få og ga ingen målbar endring."),
)

STEP_SUMMARIES = {
    1: ("Statistikken og den lokale kunnskapen fra frivilligsentralen og ungdomsrådet er "
        "samlet. Utkastet til oversiktsdokument ferdigstilles før planstrategien vedtas."),
    2: ("Vi samler innbyggere, lag og næringsliv for å velge hovedprioriteringer for "
        "planstrategien. Samtaler og verksted pågår."),
}


def _user(spec: DemoUser) -> User:
    user = User.objects.filter(email=spec.email).first()
    if user is None:
        user = User.objects.create_user(email=spec.email, password=DEMO_PASSWORD, name=spec.name)
        if spec.role is None:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
    return user


@transaction.atomic
def load_demo() -> Municipality:
    """Create Eksempelvik: districts, users, two cycles and its knowledge base. Idempotent."""
    import_municipalities()
    municipality, _created = Municipality.objects.get_or_create(
        number=DEMO_NUMBER,
        defaults={
            "name": "Eksempelvik", "county_number": "99", "county": "Eksempel fylke",
            "administrative_centre": "Eksempelvik sentrum", "population": 12420,
            "area_km2": "312.40", "language_form": LanguageForm.BOKMAL,
            "uses_platform": True, "is_fictional": True,
        },
    )
    for name, code, population in DISTRICTS:
        District.objects.get_or_create(
            municipality=municipality, name=name,
            defaults={"code": code, "population": population},
        )
    users = {spec.email: _user(spec) for spec in DEMO_USERS}
    for spec in DEMO_USERS:
        if spec.role is not None:
            Membership.objects.get_or_create(
                user=users[spec.email], municipality=municipality,
                defaults={"role": spec.role, "title": spec.title},
            )
    if not Cycle.objects.for_municipality(municipality).exists():
        _demo_cycles(municipality, users["mira@eksempelvik.example"],
                     users["per@eksempelvik.example"])
    load_knowledge_demo(municipality, users)
    load_actors_demo(municipality, users)
    load_contracts_demo(municipality, users)
    load_processes_demo(municipality, users)
    load_conversations_demo(municipality, users)
    load_responses_demo(municipality, users)
    return municipality


def _demo_cycles(municipality: Municipality, mira: User, per: User) -> None:
    previous = actions.start_cycle(municipality, 2020, mira)
    for number in range(1, 6):
        actions.advance(previous.step(number), mira)
        previous = Cycle.objects.get(pk=previous.pk)
    evaluation = previous.step(5)
    for kind, title, text in PREVIOUS_CONCLUSIONS:
        actions.add_conclusion(evaluation, mira, kind=kind, title=title, text=text)
    current = actions.close_cycle(previous, mira)
    today = timezone.localdate()
    actions.update_step(current.step(1), mira, lead=mira, deadline=dt.date(2024, 6, 30),
                        summary=STEP_SUMMARIES[1])
    actions.advance(CycleStep.objects.get(cycle=current, number=1), mira)
    current = Cycle.objects.get(pk=current.pk)
    actions.update_step(current.step(2), mira, lead=per,
                        deadline=today + dt.timedelta(days=60), summary=STEP_SUMMARIES[2])
