"""Staff answer a process's inputs on the “you said, we did” page, and bring inputs in."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from samskap.knowledge.actions_overview import add_comment, change_status, create_document
from samskap.knowledge.models import OverviewDocument
from samskap.responses.models import Input, Outcome, Response
from samskap.responses.tests.conftest import contribution, give_input, make_process


def url(name: str, process, **query: str) -> str:  # type: ignore[no-untyped-def]
    path = reverse(f"responses:{name}", args=[process.municipality.number, process.pk])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def answer(**fields: object) -> dict[str, object]:
    return {"outcome": Outcome.USED, "why": "Det ble en del av prioritering 2.",
            "theme": "Trygge uterom", **fields}


def test_staff_answer_several_inputs_at_once_by_theme(client, process, per, cem, frida):
    benches, lights = give_input(process, cem, "Benker"), give_input(process, frida, "Lys")
    untouched = give_input(process, cem, "Busk")
    client.force_login(per)

    response = client.post(url("inputs", process), answer(
        inputs=[benches.pk, lights.pk], link_title="Prioritering 2",
        link_url="https://eksempelvik.kommune.no/prioriteringer"))

    assert response.status_code == 302
    answers = Response.objects.order_by("input_id")
    assert [a.input for a in answers] == [benches, lights]
    assert {(a.theme, a.outcome, a.link_title) for a in answers} == {
        ("Trygge uterom", Outcome.USED, "Prioritering 2")}
    assert not Response.objects.filter(input=untouched).exists()


def test_the_page_filters_by_answered_kind_and_theme(client, process, per, cem, frida):
    benches, lights = give_input(process, cem, "Benker"), give_input(process, frida, "Lys")
    client.force_login(per)
    client.post(url("inputs", process), answer(inputs=[benches.pk]))

    unanswered = client.get(url("inputs", process, status="unanswered")).context["inputs"]
    answered = client.get(url("inputs", process, status="answered")).context["inputs"]
    themed = client.get(url("inputs", process, theme="Trygge%20uterom")).context["inputs"]
    statements = client.get(url("inputs", process, kind="statement")).context["inputs"]

    assert list(unanswered) == [lights]
    assert list(answered) == list(themed) == [benches]
    assert list(statements) == []


def test_an_unknown_filter_is_a_field_error_not_a_crash(client, process, per, cem):
    give_input(process, cem, "Benker")
    client.force_login(per)

    response = client.get(url("inputs", process, status="everything", kind="rumour"))

    assert response.status_code == 200
    assert set(response.context["filters"].errors) == {"status", "kind"}


def test_an_input_of_another_process_cannot_be_answered_here(client, process, cycle, per, cem):
    other = make_process(cycle, title="Turstier")
    foreign = give_input(other, cem, "Sti")
    client.force_login(per)

    response = client.post(url("inputs", process), answer(inputs=[foreign.pk]))

    assert response.status_code == 200
    assert "inputs" in response.context["form"].errors
    assert not Response.objects.exists()


def test_missing_fields_are_shown_as_field_errors(client, process, per, cem):
    item = give_input(process, cem, "Benker")
    client.force_login(per)

    response = client.post(url("inputs", process), {"inputs": [item.pk], "why": "",
                                                    "link_url": "javascript:alert(1)"})

    assert set(response.context["form"].errors) == {"outcome", "why", "link_url"}
    assert "error-summary" in response.content.decode()
    assert not Response.objects.exists()


def test_a_link_needs_a_title(client, process, per, cem):
    item = give_input(process, cem, "Benker")
    client.force_login(per)

    response = client.post(url("inputs", process), answer(inputs=[item.pk], link_url="/k/"))

    assert set(response.context["form"].errors) == {"link_title"}


def test_staff_bring_in_published_local_knowledge_and_comments(client, process, per, cem,
                                                                 mira):
    local = contribution(cem, "Ingen benker")
    document = create_document(process.municipality, mira, title="Oversikt 2024")
    document = change_status(document, mira, OverviewDocument.Status.CONSULTATION,
                             consultation_until=timezone.localdate() + dt.timedelta(days=30))
    comment = add_comment(document, cem, text="Husk de eldste.")
    client.force_login(per)

    page = client.get(url("bring_in", process))
    response = client.post(url("bring_in", process),
                           {"sources": [f"local-{local.pk}", f"comment-{comment.pk}"]})

    assert page.status_code == 200
    assert response.status_code == 302
    kinds = dict(Input.objects.values_list("kind", "text"))
    assert kinds == {"local_knowledge": f"Ingen benker\n\n{local.text}",
                     "comment": "Husk de eldste."}
    assert all(item.author == cem and item.author_is_public for item in Input.objects.all())
    again = client.post(url("bring_in", process), {"sources": [f"local-{local.pk}"]})
    assert "sources" in again.context["form"].errors  # already in: no longer a choice
    assert Input.objects.count() == 2


def test_another_municipalitys_contribution_cannot_be_brought_in(client, process, per, olav):
    foreign = contribution(olav, "Ferja")

    client.force_login(per)
    response = client.post(url("bring_in", process), {"sources": [f"local-{foreign.pk}"]})

    assert "sources" in response.context["form"].errors
    assert not Input.objects.exists()


def test_the_page_lists_inputs_in_a_fixed_number_of_queries(client, process, per, cem,
                                                             django_assert_max_num_queries):
    for number in range(12):
        item = give_input(process, cem, f"Innspill {number}")
        if number % 2:
            Response.objects.create(input=item, outcome=Outcome.USED, why="Brukt.",
                                    theme=f"Tema {number % 3}", responded_by=per,
                                    responded_at=item.created_at)
    client.force_login(per)

    with django_assert_max_num_queries(20):
        response = client.get(url("inputs", process))

    assert response.status_code == 200
    assert len(response.context["inputs"]) == 12


def test_many_inputs_are_listed_page_by_page_keeping_the_filter(client, process, per, cem,
                                                                monkeypatch):
    from samskap.responses import views

    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    items = [give_input(process, cem, f"Innspill {number}") for number in range(5)]
    client.force_login(per)

    first = client.get(url("inputs", process, status="unanswered"))
    second = client.get(url("inputs", process, status="unanswered", page="2"))

    assert list(first.context["inputs"]) == items[:3]
    assert list(second.context["inputs"]) == items[3:]
    assert "status=unanswered&amp;page=2" in first.content.decode()
