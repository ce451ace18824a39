"""“You said, we did” in the demo municipality: answers, followers and value assessments.

Runs after the processes and conversations demos and finds their processes by title:

- the closed process has every input answered (the processes demo answers what it brings in;
  anything else that reached it is answered here);
- the open process about the plan strategy gets local knowledge brought in; some is answered
  by theme, the rest waits (statements of its conversation reach it once approved);
- the concluded process about meeting places in Nordbyen gets its inputs answered and six
  value assessments (enough to show the results; each group alone is too small to show).

Idempotent: what is answered, followed or assessed already is left as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from samskap.knowledge.models import LocalKnowledge
from samskap.municipalities.models import Municipality
from samskap.processes.models import Process
from samskap.responses import actions, services
from samskap.responses.models import Input, InputKind, Outcome

OPEN = "Prioriteringer for planstrategien 2028–2031"
CONCLUDED = "Møteplasser i Nordbyen"
CLOSED = "Unges psykiske helse: kunnskapsgrunnlaget"

MIRA = "mira@eksempelvik.example"
PER = "per@eksempelvik.example"
ADA = "ada@eksempelvik.example"
CEM = "cem@innbygger.example"
FRIDA = "frida@frivillig.example"
SIRI = "siri@eksempelvik.example"

#: Local knowledge (by title) brought into a process, and the answer it gets (None: waits).
Answer = tuple[str, str, str, str, str] | None  # outcome, theme, why, link title, link
BROUGHT_IN: dict[str, tuple[tuple[str, Answer], ...]] = {
    OPEN: (
        ("Ungdom som ikke driver med idrett, har få steder å være",
         (Outcome.USED, "Møteplasser for unge",
          "Møteplasser for unge er foreslått som én av tre hovedprioriteringer i "
          "planstrategien.", "Forslag til hovedprioriteringer", "")),
        ("Siste buss til Fjellgrenda går før treningene starter",
         (Outcome.PARTLY_USED, "Trygg ferdsel",
          "Trygge veier til skole og fritid er med som delmål. Bussrutene bestemmer "
          "fylkeskommunen; vi har sendt innspillet dit.", "Forslag til hovedprioriteringer",
          "")),
        ("Snarveien til skolen mangler lys og blir ikke brøytet",
         (Outcome.PARTLY_USED, "Trygg ferdsel",
          "Trygge veier til skole og fritid er med som delmål. Lys og brøyting av "
          "snarveien er sendt til teknisk drift.", "Forslag til hovedprioriteringer", "")),
        ("Mange eldre på Sjøsida sitter alene etter at butikken la ned", None),
        ("Glatte fortau i Storgata gir fallulykker", None),
    ),
    CONCLUDED: (
        ("Utstyrssentralen er full av familier fra Nordbyen",
         (Outcome.USED, "Gratis møteplasser",
          "Forslaget er en gratis møteplass ved utstyrssentralen, med åpent hus to "
          "kvelder i uka.", "Forslag til formannskapet", "")),
        ("Ungdom som ikke driver med idrett, har få steder å være",
         (Outcome.PARTLY_USED, "Gratis møteplasser",
          "Møteplassen får egne ungdomskvelder, men vi fant ikke penger til en egen "
          "ungdomsklubb.", "Forslag til formannskapet", "")),
    ),
}

#: Six assessments of the concluded process: the municipality's three, three participants'.
ASSESSMENTS: dict[str, dict[str, int | None]] = {
    MIRA: {"empowerment": 4, "social_capital": 4, "trust": 4, "efficiency": 3, "quality": 4,
           "innovation": 3, "public_value": 4},
    PER: {"empowerment": 3, "social_capital": 4, "trust": 3, "efficiency": 3, "quality": 4,
          "innovation": 2, "public_value": 4},
    ADA: {"empowerment": 4, "social_capital": 3, "trust": 4, "efficiency": 4, "quality": 3,
          "innovation": None, "public_value": 4},
    CEM: {"empowerment": 3, "social_capital": 5, "trust": 3, "efficiency": 4, "quality": 4,
          "innovation": 4, "public_value": 5},
    FRIDA: {"empowerment": 5, "social_capital": 5, "trust": 4, "efficiency": 3, "quality": 5,
            "innovation": 4, "public_value": 4},
    SIRI: {"empowerment": 2, "social_capital": 4, "trust": 3, "efficiency": 2, "quality": 3,
           "innovation": 3, "public_value": 3},
}
COMMENTS = {
    CEM: "Fint å bli spurt, men møtene burde vært på kveldstid.",
    FRIDA: "Vi i frivilligsentralen ble tatt med fra starten. Det gjorde en forskjell.",
}


def _answer(item: Input, answer: Answer, user: Any) -> None:
    if answer is None or hasattr(item, "response"):
        return
    outcome, theme, why, link_title, link_url = answer
    services.respond([item], user=user, outcome=outcome, why=why, theme=theme,
                     link_title=link_title, link_url=link_url)


def _bring_in(process: Process, municipality: Municipality, user: Any) -> None:
    for title, answer in BROUGHT_IN.get(process.title, ()):
        source = LocalKnowledge.objects.for_municipality(municipality).published().filter(
            title=title).first()
        if source is None:
            continue
        item = services.register_input(
            process, source=source, author=source.author, text=f"{source.title}\n\n{source.text}",
            kind=InputKind.LOCAL_KNOWLEDGE, author_is_public=True, added_by=user)
        _answer(Input.objects.select_related("response").get(pk=item.pk), answer, user)


@transaction.atomic
def load_responses_demo(municipality: Municipality, users: Mapping[str, Any]) -> None:
    """Answers, followers and value assessments for Eksempelvik's demo processes."""
    processes = {process.title: process for process in
                 Process.objects.of(municipality).filter(title__in=(OPEN, CONCLUDED, CLOSED))}
    mira = users.get(MIRA)
    if mira is None:
        return
    closed = processes.get(CLOSED)
    if closed is not None:
        waiting = list(services.unanswered(closed))
        if waiting:
            services.respond(waiting, user=mira, outcome=Outcome.USED, theme="Oppvekst",
                             why="Det er tatt med i folkehelseoversikten.")
    running = processes.get(OPEN)
    if running is not None:
        _bring_in(running, municipality, mira)
        if users.get(CEM) is not None:
            actions.follow(running, users[CEM])
    concluded = processes.get(CONCLUDED)
    if concluded is not None:
        _bring_in(concluded, municipality, mira)
        if users.get(SIRI) is not None:
            actions.follow(concluded, users[SIRI])
        for email, scores in ASSESSMENTS.items():
            user = users.get(email)
            if user is not None and concluded.state in actions.ASSESSABLE:
                actions.save_assessment(concluded, user, comment=COMMENTS.get(email, ""),
                                        **scores)
