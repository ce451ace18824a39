"""The public include: what was heard and what was done, grouped, without personal data."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from samskap.processes.models import Process
from samskap.responses import presentation, services
from samskap.responses.models import InputKind, Outcome
from samskap.responses.tests.conftest import contribution, give_input, make_process


def rendered(process, user=None) -> str:  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/")
    with translation.override("en"):
        return render_to_string("responses/includes/heard_and_done.html",
                                {"process": process, "user": user}, request=request)


def test_inputs_are_grouped_by_outcome_then_theme(process, cem, frida, per):
    benches, lights = give_input(process, cem, "Benker"), give_input(process, frida, "Lys")
    tax = give_input(process, cem, "Skatten")
    give_input(process, frida, "Venter")
    services.respond([benches, lights], user=per, outcome=Outcome.USED, why="Prioritering 2.",
                     theme="Trygge uterom", link_title="Prioritering 2", link_url="/k/9999/")
    services.respond([tax], user=per, outcome=Outcome.OUTSIDE_ROOM, why="Staten bestemmer.")

    heard = presentation.heard_and_done(process)

    assert (heard.total, heard.answered, heard.unanswered) == (4, 3, 1)
    assert [(group.outcome, group.count) for group in heard.groups] == [
        (Outcome.USED, 2), (Outcome.OUTSIDE_ROOM, 1)]
    used = heard.groups[0].decisions[0]
    assert (used.theme, used.why, used.link_title, used.inputs) == (
        "Trygge uterom", "Prioritering 2.", "Prioritering 2", [benches, lights])


def test_the_include_shows_what_was_heard_and_done(process, cem, per):
    item = give_input(process, cem, "Benker i parken")
    services.respond([item], user=per, outcome=Outcome.PARTLY_USED, why="Delvis med.",
                     theme="Uterom", link_title="Tiltak 4", link_url="https://example.org/t4")

    html = rendered(process)

    for text in ("What we heard and what we did", "Partly used (1)", "Uterom", "Delvis med.",
                 'href="https://example.org/t4"', "Benker i parken", "1 input reached"):
        assert text in html, text


def test_the_include_names_no_one_who_did_not_make_their_name_public(process, cem, per):
    named = give_input(process, cem, "Benker")
    source = contribution(cem, "Mørk sti")
    quiet = services.register_input(process, source=source, author=cem, text="Mørk sti",
                                    kind=InputKind.STATEMENT)
    anonymous_source = contribution(cem, "Anonym")
    anonymous = services.register_input(process, source=anonymous_source, author=None,
                                        text="Anonymt utsagn", kind=InputKind.STATEMENT)
    services.respond([named, quiet, anonymous], user=per, outcome=Outcome.USED, why="Med.")

    html = rendered(process)

    assert html.count("Cem Innbygger") == 1  # the local knowledge, public with his name
    assert html.count("a participant") == 2
    assert "@" not in html  # no e-mail address, not even the staff member's
    assert "Per Planlegger" not in html


def test_an_erased_author_becomes_a_participant(process, cem, per):
    item = give_input(process, cem, "Benker")
    services.respond([item], user=per, outcome=Outcome.USED, why="Med.")
    cem.delete()

    html = rendered(process)

    assert "Cem" not in html
    assert "a participant" in html


def test_a_process_without_inputs_says_so(process):
    assert "No input has reached the process yet." in rendered(process)


def test_the_include_reads_in_a_fixed_number_of_queries(process, cem, per,
                                                        django_assert_num_queries):
    items = [give_input(process, cem, f"Innspill {n}") for n in range(10)]
    services.respond(items[:5], user=per, outcome=Outcome.USED, why="Med.", theme="A")
    services.respond(items[5:8], user=per, outcome=Outcome.NOT_USED, why="Nei.", theme="B")

    with django_assert_num_queries(1):
        heard = presentation.heard_and_done(process)

    assert heard.answered == 8


def test_the_include_offers_to_follow_a_running_process(process, cem, cycle):
    follow_url = f"/k/{process.municipality.number}/responses/process/{process.pk}/follow/"
    closed = make_process(cycle, state=Process.State.CLOSED, title="Ferdig")

    assert "/accounts/login/?next=" + follow_url in rendered(process)
    assert follow_url in rendered(process, cem)
    assert "follow" not in rendered(closed).lower()
