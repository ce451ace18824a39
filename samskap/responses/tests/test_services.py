"""The API the other apps call: register_input, unanswered and respond."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from samskap.audit.models import AuditEntry
from samskap.responses import services
from samskap.responses.models import Input, InputKind, Outcome, Response
from samskap.responses.tests.conftest import contribution, give_input, make_process


def test_registering_the_same_source_twice_gives_the_same_input(process, cem):
    source = contribution(cem, "Ingen benker i parken")

    first = services.register_input(process, source=source, author=cem, text=source.text,
                                    kind=InputKind.LOCAL_KNOWLEDGE)
    again = services.register_input(process, source=source, author=cem, text="Endret tekst",
                                    kind=InputKind.LOCAL_KNOWLEDGE)

    assert again.pk == first.pk
    assert Input.objects.count() == 1
    assert again.text == source.text
    assert first.source == source
    assert first.source_type == ContentType.objects.get_for_model(source)
    assert AuditEntry.objects.filter(action="input.register").count() == 1


def test_the_same_source_may_be_an_input_of_two_processes(process, cycle, cem):
    source = contribution(cem, "Ingen benker i parken")
    other = make_process(cycle, title="Turstier")

    one = services.register_input(process, source=source, author=cem, text="a", kind="comment")
    two = services.register_input(other, source=source, author=cem, text="a", kind="comment")

    assert one.pk != two.pk


def test_a_pseudonymous_input_has_no_author_and_is_a_participant(process, cem):
    source = contribution(cem, "Mørk skolevei")

    item = services.register_input(process, source=source, author=None, text="Mørk skolevei",
                                   kind=InputKind.STATEMENT)

    assert item.author is None
    with translation.override("en"):
        assert item.public_author == "a participant"


def test_an_author_is_named_only_where_their_name_was_already_public(process, cem):
    named = give_input(process, cem, "Benker")
    source = contribution(cem, "Lys")
    hidden = services.register_input(process, source=source, author=cem, text="Lys",
                                     kind=InputKind.STATEMENT)

    assert named.public_author == "Cem Innbygger"
    with translation.override("en"):
        assert hidden.public_author == "a participant"


@pytest.mark.parametrize(("kind", "text"), [("rumour", "Noe"), ("comment", "  ")])
def test_an_unknown_kind_or_an_empty_text_is_refused(process, cem, kind, text):
    source = contribution(cem, "Benker")

    with pytest.raises(ValueError):
        services.register_input(process, source=source, author=cem, text=text, kind=kind)
    assert not Input.objects.exists()


def test_unanswered_lists_the_inputs_without_a_response(process, cem, frida, per):
    benches, lights = give_input(process, cem, "Benker"), give_input(process, frida, "Lys")

    services.respond([benches], user=per, outcome=Outcome.USED, why="Med i planen.")

    assert list(services.unanswered(process)) == [lights]


def test_several_inputs_are_answered_at_once_by_theme(process, cem, frida, per):
    inputs = [give_input(process, cem, "Benker"), give_input(process, frida, "Lys"),
              give_input(process, cem, "Busk")]

    answers = services.respond(inputs[:2], user=per, outcome=Outcome.PARTLY_USED,
                               why="Tas med i prioritering 2.", theme="Trygge uterom",
                               link_title="Prioritering 2: trygge uterom",
                               link_url="/k/9999/cycles/")

    assert len(answers) == 2
    assert {answer.input for answer in answers} == set(inputs[:2])
    assert {(a.outcome, a.theme, a.why, a.responded_by) for a in answers} == {
        (Outcome.PARTLY_USED, "Trygge uterom", "Tas med i prioritering 2.", per)}
    assert list(services.unanswered(process)) == [inputs[2]]
    assert AuditEntry.objects.filter(action="response.give").count() == 2


def test_answering_again_replaces_the_answer_and_the_log_keeps_the_old(process, cem, per):
    item = give_input(process, cem, "Benker")
    services.respond([item], user=per, outcome=Outcome.NOT_USED, why="Ikke nå.")

    services.respond([item], user=per, outcome=Outcome.USED, why="Likevel med.")

    answer = Response.objects.get()
    assert (answer.outcome, answer.why) == (Outcome.USED, "Likevel med.")
    change = AuditEntry.objects.get(action="response.change")
    assert change.before["outcome"] == Outcome.NOT_USED


@pytest.mark.parametrize(("outcome", "why"), [
    ("maybe", "Fordi."), ("", "Fordi."), (Outcome.USED, ""), (Outcome.USED, "   ")])
def test_an_answer_needs_a_known_outcome_and_a_why(process, cem, per, outcome, why):
    item = give_input(process, cem, "Benker")

    with pytest.raises(services.ResponseError):
        services.respond([item], user=per, outcome=outcome, why=why)
    assert not Response.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="response.").exists()


def test_nothing_to_answer_and_inputs_of_two_processes_are_refused(process, cycle, cem, per):
    other = make_process(cycle, title="Turstier")

    with pytest.raises(services.ResponseError):
        services.respond([], user=per, outcome=Outcome.USED, why="Fordi.")
    with pytest.raises(services.ResponseError):
        services.respond([give_input(process, cem, "A"), give_input(other, cem, "B")],
                         user=per, outcome=Outcome.USED, why="Fordi.")
    assert not Response.objects.exists()


def test_the_database_refuses_an_unknown_outcome_or_an_empty_why(process, cem, per):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    item = give_input(process, cem, "Benker")
    for outcome, why in (("maybe", "Fordi."), (Outcome.USED, "")):
        with pytest.raises(IntegrityError), transaction.atomic():
            Response.objects.create(input=item, outcome=outcome, why=why,
                                    responded_at=timezone.now())
