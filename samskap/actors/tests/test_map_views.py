"""The community map pages: the network, the stakeholder grid and the nudges with dismissals."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from samskap.actors import actions
from samskap.actors.models import NudgeDismissal
from samskap.audit.models import AuditEntry
from samskap.testing.factories import ActorFactory, DistrictFactory, SettingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english(client, settings):
    """The pages in English, so the tests read the msgids (nb and nn are checked apart)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture(autouse=True)
def no_cached_metrics():
    """The metrics are cached by the community's rows; another test's rows may look alike."""
    from django.core.cache import cache
    cache.clear()


@pytest.fixture
def town(eksempelvik, mira):
    """Helsestasjonen joins the school and the sports ground; the library stands alone;
    Kvinnenettverket is a silent voice; Grunneieren could block; nobody is in research."""
    sentrum = DistrictFactory(municipality=eksempelvik, name="Sentrum")
    nordbyen = DistrictFactory(municipality=eksempelvik, name="Nordbyen")
    station = ActorFactory(municipality=eksempelvik, name="Helsestasjonen",
                           kind="municipal_unit", influence=4, interest=5, affected=2,
                           groups_reached=["families_with_children"])
    club = ActorFactory(municipality=eksempelvik, name="Idrettslaget", kind="voluntary",
                        influence=2, interest=4, groups_reached=["youth", "immigrants"])
    shop = ActorFactory(municipality=eksempelvik, name="Butikken", kind="business",
                        influence=3, interest=1)
    network = ActorFactory(municipality=eksempelvik, name="Kvinnenettverket",
                           kind="citizen_group", affected=5, influence=1, interest=None)
    landowner = ActorFactory(municipality=eksempelvik, name="Grunneieren", kind="business",
                             obstruction=5, influence=5, interest=1)
    school = SettingFactory(municipality=eksempelvik, name="Skolen", district=sentrum)
    field = SettingFactory(municipality=eksempelvik, name="Idrettsbanen", kind="sports_club",
                           district=nordbyen)
    library = SettingFactory(municipality=eksempelvik, name="Biblioteket", kind="library",
                             district=sentrum)
    hall = SettingFactory(municipality=eksempelvik, name="Nordbyhallen", kind="sports_club",
                          district=nordbyen)
    for actor, setting, kind in [(station, school, "runs"), (station, field, "present"),
                                 (club, field, "present"), (shop, school, "reaches"),
                                 (network, school, "present")]:
        actions.link_actor_to_setting(actor=actor, setting=setting, kind=kind, user=mira)
    actions.link_settings(a=field, b=hall, user=mira)
    return {"sentrum": sentrum, "nordbyen": nordbyen, "station": station, "club": club,
            "shop": shop, "network": network, "landowner": landowner, "school": school,
            "field": field, "library": library, "hall": hall}


def url(name: str, municipality, **kwargs) -> str:
    return reverse(f"actors:{name}", kwargs={"number": municipality.number, **kwargs})


def row_ids(html: str, kind: str) -> set[int]:
    return {int(pk) for pk in re.findall(rf'<tr id="{kind}-(\d+)"', html)}


# The network ---------------------------------------------------------------------------------

def test_the_map_draws_every_actor_and_setting_with_a_name_and_its_links(client, siri,
                                                                        eksempelvik, town):
    client.force_login(siri)

    response = client.get(url("map", eksempelvik))

    assert response.status_code == 200
    html = response.content.decode()
    drawing = response.context["map"].drawing
    assert len(drawing.nodes) == 9 and not drawing.capped
    station = f'id="node-a{town["station"].pk}"'
    assert station in html
    node = re.search(rf'<a href="#actor-{town["station"].pk}" {station}[^>]*>', html)
    assert node is not None
    assert 'data-links="' in node.group(0)
    assert "Helsestasjonen – " in node.group(0)  # aria-label: name, what it is, links
    assert row_ids(html, "actor") == {a.pk for k, a in town.items()
                                      if k in {"station", "club", "shop", "network",
                                               "landowner"}}
    assert row_ids(html, "setting") == {town[k].pk for k in ("school", "field", "library", "hall")}


def test_the_map_names_the_bridge_the_lone_setting_and_the_parts(client, per, eksempelvik,
                                                                 town):
    client.force_login(per)

    data = client.get(url("map", eksempelvik)).context["map"]

    assert [row.name for row in data.bridges] == ["Helsestasjonen"]
    assert [row.name for row in data.standalone] == ["Biblioteket"]
    assert data.exact
    # The linked part, the landowner alone, the library alone.
    assert [(c.actors, c.settings) for c in data.components] == [(4, 3), (1, 0), (0, 1)]
    station = next(row for row in data.actors if row.name == "Helsestasjonen")
    assert station.rank == 1
    assert [(g.label, [s.name for s in g.settings]) for g in station.links] == [
        ("present in", ["Idrettsbanen"]), ("runs", ["Skolen"])]


def test_the_map_filters_by_district_without_javascript(client, per, eksempelvik, town):
    client.force_login(per)

    response = client.get(url("map", eksempelvik), {"district": town["nordbyen"].pk})

    html = response.content.decode()
    assert row_ids(html, "setting") == {town["field"].pk, town["hall"].pk}
    assert row_ids(html, "actor") == {town["station"].pk, town["club"].pk}
    assert response.context["map"].filtered
    # Betweenness is still that of the whole network.
    station = next(row for row in response.context["map"].actors if row.name == "Helsestasjonen")
    assert station.rank == 1


def test_the_map_filters_by_sector(client, per, eksempelvik, town):
    client.force_login(per)

    html = client.get(url("map", eksempelvik), {"sector": "private"}).content.decode()

    assert row_ids(html, "actor") == {town["shop"].pk, town["landowner"].pk}
    assert row_ids(html, "setting") == {town["school"].pk}


def test_a_district_of_another_municipality_is_a_field_error_and_no_filter(
        client, per, eksempelvik, nabovik, town):
    elsewhere = DistrictFactory(municipality=nabovik, name="Elsewhere")
    client.force_login(per)

    response = client.get(url("map", eksempelvik), {"district": elsewhere.pk,
                                                    "sector": "nonsense", "order": "1;drop"})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"district", "sector", "order"}
    assert len(row_ids(response.content.decode(), "actor")) == 5


def test_the_actor_table_sorts_by_betweenness(client, per, eksempelvik, town):
    client.force_login(per)

    data = client.get(url("map", eksempelvik), {"order": "betweenness"}).context["map"]

    assert data.actors[0].name == "Helsestasjonen"
    scores = [row.betweenness for row in data.actors]
    assert scores == sorted(scores, reverse=True)


def test_the_map_takes_as_many_queries_whatever_the_size(client, per, eksempelvik, town, mira):
    client.force_login(per)
    client.get(url("map", eksempelvik))  # sessions and the like, once
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url("map", eksempelvik))
    for i in range(30):
        actor = ActorFactory(municipality=eksempelvik, name=f"Lag {i}", affected=5, influence=1)
        actions.link_actor_to_setting(actor=actor, setting=town["library"], kind="present",
                                      user=mira)
    with CaptureQueriesContext(connection) as large:
        client.get(url("map", eksempelvik))

    assert len(large.captured_queries) == len(small.captured_queries)


def test_an_empty_community_has_a_map_that_says_so(client, per, eksempelvik):
    client.force_login(per)

    response = client.get(url("map", eksempelvik))

    assert response.status_code == 200
    assert "No actors or settings have been registered yet." in response.content.decode()


def test_the_map_is_internal(client, frida, cem, olav, eksempelvik, town):
    for user, status in ((frida, 403), (cem, 403), (olav, 404)):
        client.force_login(user)
        for name in ("map", "grid", "nudges"):
            assert client.get(url(name, eksempelvik)).status_code == status, (user, name)
    client.logout()
    assert client.get(url("map", eksempelvik)).status_code == 302


# Pages of the tables --------------------------------------------------------------------------

def rows_with_links(html: str, kind: str, other: str) -> dict[int, list[int]]:
    """Each row of the table of ``kind`` with the pks of the ``other`` rows it links to."""
    return {int(pk): [int(o) for o in re.findall(rf'href="[^"]*#{other}-(\d+)"', cells)]
            for pk, cells in re.findall(rf'<tr id="{kind}-(\d+)">(.*?)</tr>', html, re.S)}


@pytest.fixture
def two_per_page(monkeypatch):
    from samskap.actors import map_pages
    monkeypatch.setattr(map_pages, "PER_PAGE", 2)


def test_a_small_community_has_its_tables_on_one_page_without_page_links(client, per,
                                                                          eksempelvik, town):
    client.force_login(per)

    html = client.get(url("map", eksempelvik)).content.decode()

    assert "table-pages" not in html and "actors_page" not in html
    assert f'<a href="#setting-{town["school"].pk}">Skolen</a>' in html
    assert f'<a href="#actor-{town["station"].pk}" id="node-a{town["station"].pk}"' in html


def test_every_actor_setting_and_link_is_on_exactly_one_page(client, per, eksempelvik, town,
                                                             two_per_page):
    client.force_login(per)
    actors: list[int] = []
    links: list[tuple[int, int]] = []
    for number in (1, 2, 3):
        html = client.get(url("map", eksempelvik), {"actors_page": number}).content.decode()
        for actor, settings in rows_with_links(html, "actor", "setting").items():
            actors.append(actor)
            links += [(actor, setting) for setting in settings]
    settings: list[int] = []
    for number in (1, 2):
        html = client.get(url("map", eksempelvik), {"settings_page": number}).content.decode()
        settings += row_ids(html, "setting")

    everyone = [town[k].pk for k in ("station", "club", "shop", "network", "landowner")]
    assert sorted(actors) == sorted(everyone)
    assert sorted(settings) == sorted(town[k].pk for k in ("school", "field", "library", "hall"))
    expected = [(town[a].pk, town[s].pk) for a, s in [
        ("station", "school"), ("station", "field"), ("club", "field"), ("shop", "school"),
        ("network", "school")]]
    assert sorted(links) == sorted(expected)


def test_a_page_beyond_the_last_shows_the_last_and_nonsense_the_first(client, per, eksempelvik,
                                                                      town, two_per_page):
    client.force_login(per)
    get = lambda page: client.get(url("map", eksempelvik), {"actors_page": page})  # noqa: E731

    last = get(3)
    assert get(99).status_code == 200
    assert row_ids(get(99).content.decode(), "actor") == row_ids(last.content.decode(), "actor")
    assert len(row_ids(last.content.decode(), "actor")) == 1
    assert row_ids(get("x';--").content.decode(), "actor") == row_ids(
        get(1).content.decode(), "actor")


def test_the_page_links_say_where_they_lead_and_keep_the_filters(client, per, eksempelvik,
                                                                 town, two_per_page):
    client.force_login(per)

    response = client.get(url("map", eksempelvik), {"order": "links", "actors_page": 2})

    html = response.content.decode()
    assert "5 actors – page 2 of 3</caption>" in html
    assert "4 settings – page 1 of 2</caption>" in html
    nav = re.search(r'<nav class="table-pages" aria-label="Pages of the table of actors">'
                    r'(.*?)</nav>', html, re.S)
    assert nav is not None
    current = re.findall(r'<a href="([^"]*)"[^>]*aria-current="page">2</a>', nav.group(1))
    assert current == [f"{url('map', eksempelvik)}?order=links&amp;actors_page=2#actors-table"]
    assert 'aria-label="Page 3 of 3"' in nav.group(1) and ">Previous page</a>" in nav.group(1)
    assert 'aria-label="Pages of the table of settings"' in html
    # A link to a row on another page goes to that page, with the order kept.
    data = response.context["map"]
    first = data.actors[0]
    assert f'href="{url("map", eksempelvik)}?order=links#actor-{first.pk}"' in html


def test_htmx_swaps_one_table_alone(client, per, eksempelvik, town, two_per_page):
    client.force_login(per)

    response = client.get(url("map", eksempelvik), {"settings_page": 2},
                          headers={"HX-Request": "true", "HX-Target": "settings-table"})

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="settings-table"')
    assert "data-focus-after-swap" in html and "<svg" not in html
    assert len(row_ids(html, "setting")) == 2 and not row_ids(html, "actor")


# The stakeholder grid ------------------------------------------------------------------------

def test_the_grid_places_each_actor_by_influence_and_interest(client, siri, eksempelvik, town):
    client.force_login(siri)

    response = client.get(url("grid", eksempelvik))

    grid = response.context["grid"]
    cells = {(c.influence, c.interest): [a.name for a in c.actors]
             for row in grid.rows for c in row.cells}
    assert cells[(4, 5)] == ["Helsestasjonen"]
    assert cells[(5, 1)] == ["Grunneieren"]
    assert cells[(2, 4)] == ["Idrettslaget"]
    quadrants = {p.name: p.quadrant for p in grid.placed}
    assert quadrants == {"Helsestasjonen": "manage_closely", "Grunneieren": "keep_satisfied",
                         "Butikken": "keep_satisfied", "Idrettslaget": "keep_informed"}
    assert [p.name for p in grid.unplaced] == ["Kvinnenettverket"]
    html = response.content.decode()
    assert "can block 5" in html  # obstruction in words, not colour alone
    assert "affected 5" in html
    assert "Manage closely" in html and "Keep satisfied" in html


def test_the_grid_filters_by_sector_and_district(client, siri, eksempelvik, town):
    client.force_login(siri)

    by_sector = client.get(url("grid", eksempelvik), {"sector": "private"}).context["grid"]
    by_district = client.get(url("grid", eksempelvik),
                             {"district": town["nordbyen"].pk}).context["grid"]

    assert {p.name for p in by_sector.placed} == {"Butikken", "Grunneieren"}
    assert {p.name for p in by_district.placed} == {"Helsestasjonen", "Idrettslaget"}


def test_a_full_cell_names_the_first_and_counts_the_rest(client, siri, eksempelvik):
    for i in range(14):
        ActorFactory(municipality=eksempelvik, name=f"Lag {i:02}", influence=1, interest=1)
    client.force_login(siri)

    grid = client.get(url("grid", eksempelvik)).context["grid"]

    cell = grid.rows[4].cells[0]
    assert (cell.influence, cell.interest, len(cell.actors), cell.more) == (1, 1, 10, 4)
    assert len(grid.placed) == 14


# Nudges and their dismissal ------------------------------------------------------------------

def test_the_map_and_the_grid_show_the_nudges(client, siri, eksempelvik, town):
    client.force_login(siri)

    for name in ("map", "grid", "nudges"):
        html = client.get(url(name, eksempelvik)).content.decode()
        assert "A silent voice: Kvinnenettverket" in html, name
        assert "Sector not represented: Research" in html, name
        assert "Set this nudge aside" not in html, "a politician may not dismiss"


def test_staff_dismiss_a_nudge_with_a_reason(client, per, eksempelvik, town):
    client.force_login(per)
    subject = f"actor:{town['network'].pk}"
    target = url("nudge_dismiss", eksempelvik, code="silent_voice_not_involved",
                 subject=subject)
    back = url("grid", eksempelvik)

    assert "A silent voice: Kvinnenettverket" in client.get(target).content.decode()
    response = client.post(target, {"reason": "De er med i arbeidsgruppen.", "next": back})

    assert response.status_code == 302 and response["Location"] == back
    dismissal = NudgeDismissal.objects.get()
    assert (dismissal.code, dismissal.subject, dismissal.reason, dismissal.dismissed_by) == (
        "silent_voice_not_involved", subject, "De er med i arbeidsgruppen.", per)
    entry = AuditEntry.objects.get(action="actors.dismiss_nudge")
    assert entry.reason == "De er med i arbeidsgruppen."
    html = client.get(url("nudges", eksempelvik)).content.decode()
    active = html.split('id="active-title"')[1].split('id="dismissed-title"')[0]
    assert "A silent voice: Kvinnenettverket" not in active
    dismissed = html.split('id="dismissed-title"')[1]
    assert "A silent voice: Kvinnenettverket" in dismissed
    assert "De er med i arbeidsgruppen." in dismissed and "Per Planlegger" in dismissed


def test_a_dismissal_without_a_reason_is_a_field_error(client, per, eksempelvik, town):
    client.force_login(per)
    target = url("nudge_dismiss", eksempelvik, code="sector_not_represented",
                 subject="sector:research")

    for reason in ("", "   "):
        response = client.post(target, {"reason": reason})
        assert response.status_code == 200
        assert "reason" in response.context["form"].errors
        assert "error-summary" in response.content.decode()
    assert not NudgeDismissal.objects.exists()
    assert not AuditEntry.objects.filter(action="actors.dismiss_nudge").exists()


def test_undo_shows_the_nudge_again_and_is_logged(client, mira, eksempelvik, town):
    dismissal = actions.dismiss_nudge(municipality=eksempelvik, code="sector_not_represented",
                                      subject="sector:research", reason="Ingen høyskole her.",
                                      user=mira)
    client.force_login(mira)

    response = client.post(url("nudge_restore", eksempelvik, pk=dismissal.pk))

    assert response.status_code == 302
    assert response["Location"] == url("nudges", eksempelvik)
    assert not NudgeDismissal.objects.exists()
    entry = AuditEntry.objects.get(action="actors.restore_nudge")
    assert entry.before["reason"] == "Ingen høyskole her."
    assert entry.actor == mira
    html = client.get(url("map", eksempelvik)).content.decode()
    assert "Sector not represented: Research" in html


def test_only_staff_dismiss_and_undo(client, siri, frida, eksempelvik, town, mira):
    dismissal = actions.dismiss_nudge(municipality=eksempelvik, code="sector_not_represented",
                                      subject="sector:research", reason="Ingen høyskole her.",
                                      user=mira)
    target = url("nudge_dismiss", eksempelvik, code="group_not_reached", subject="group:elderly")
    for user in (siri, frida):
        client.force_login(user)
        assert client.post(target, {"reason": "Nei"}).status_code == 403
        assert client.post(url("nudge_restore", eksempelvik, pk=dismissal.pk)).status_code == 403
    assert list(NudgeDismissal.objects.values_list("subject", flat=True)) == ["sector:research"]


@pytest.mark.parametrize(("code", "subject"), [
    ("no_such_rule", "sector:research"),
    ("sector_not_represented", "sector:aliens"),
    ("sector_not_represented", "group:youth"),
    ("group_not_reached", "group:martians"),
    ("silent_voice_not_involved", "actor:999999"),
    ("silent_voice_not_involved", "actor:abc"),
])
def test_an_unknown_nudge_cannot_be_dismissed(client, per, eksempelvik, town, code, subject):
    client.force_login(per)
    target = url("nudge_dismiss", eksempelvik, code=code, subject=subject)

    assert client.get(target).status_code == 404
    assert client.post(target, {"reason": "Kapret"}).status_code == 404
    assert not NudgeDismissal.objects.exists()


def test_a_district_group_can_be_dismissed_only_in_its_own_municipality(
        client, per, olav, eksempelvik, nabovik, town):
    subject = f"group:district:{town['sentrum'].pk}"
    client.force_login(olav)
    elsewhere = url("nudge_dismiss", nabovik, code="group_not_reached", subject=subject)
    assert client.post(elsewhere, {"reason": "Kapret"}).status_code == 404

    client.force_login(per)
    response = client.post(url("nudge_dismiss", eksempelvik, code="group_not_reached",
                               subject=subject), {"reason": "Alle i Sentrum nås via skolen."})

    assert response.status_code == 302
    assert NudgeDismissal.objects.get().municipality == eksempelvik


def test_another_municipality_cannot_touch_eksempelviks_nudges(client, olav, eksempelvik,
                                                              nabovik, town, mira):
    dismissal = actions.dismiss_nudge(municipality=eksempelvik, code="sector_not_represented",
                                      subject="sector:research", reason="Ingen høyskole her.",
                                      user=mira)
    client.force_login(olav)

    # Eksempelvik's pages are a 404 for Olav; Eksempelvik's objects under Nabovik too.
    assert client.get(url("nudges", eksempelvik)).status_code == 404
    assert client.post(url("nudge_restore", eksempelvik, pk=dismissal.pk)).status_code == 404
    assert client.post(url("nudge_restore", nabovik, pk=dismissal.pk)).status_code == 404
    actor_subject = f"actor:{town['network'].pk}"
    assert client.post(url("nudge_dismiss", nabovik, code="silent_voice_not_involved",
                           subject=actor_subject), {"reason": "Kapret"}).status_code == 404
    assert NudgeDismissal.objects.count() == 1
    # Nabovik's own map knows nothing of Eksempelvik.
    html = client.get(url("map", nabovik)).content.decode()
    assert "Kvinnenettverket" not in html and "Helsestasjonen" not in html


def test_next_only_leads_back_to_this_site(client, per, eksempelvik, town):
    client.force_login(per)

    response = client.post(url("nudge_dismiss", eksempelvik, code="group_not_reached",
                               subject="group:elderly"),
                           {"reason": "Eldrerådet er invitert.",
                            "next": "https://evil.example/"})

    assert response["Location"] == url("nudges", eksempelvik)


def test_dismissing_again_updates_the_reason(client, per, eksempelvik, town):
    client.force_login(per)
    target = url("nudge_dismiss", eksempelvik, code="group_not_reached", subject="group:elderly")

    client.post(target, {"reason": "Første grunn"})
    client.post(target, {"reason": "Andre grunn"})

    assert list(NudgeDismissal.objects.values_list("reason", flat=True)) == ["Andre grunn"]


# Involvement: the actors invited to the current cycle's processes ---------------------------

def open_process_with(eksempelvik, cycle, *actors, state="open"):
    from django.utils import timezone

    from samskap.processes.models import AuthorityRole, Process, ProcessActor
    process = Process.objects.create(
        municipality=eksempelvik, cycle=cycle, step=2, title="Trygge møteplasser",
        purpose="Sammen.", authority_role=AuthorityRole.COMMUNITY_DEVELOPMENT, state=state,
        published_at=None if state == "draft" else timezone.now())
    for actor in actors:
        ProcessActor.objects.create(process=process, actor=actor)
    return process


def test_with_a_process_under_way_the_map_names_who_is_not_involved(client, per, eksempelvik,
                                                                    cycle, town):
    open_process_with(eksempelvik, cycle, town["station"], town["club"])
    client.force_login(per)

    nudges = client.get(url("map", eksempelvik)).context["nudges"]

    assert not nudges.community_view
    titles = [n.title for n in nudges.active]
    assert "Could block the work, not involved: Grunneieren" in titles
    assert "A silent voice: Kvinnenettverket" in titles
    assert "Sector not represented: Private" in titles
    private = next(n for n in nudges.active if n.subject == "sector:private")
    assert [h.name for h in private.helpers] == ["Butikken", "Grunneieren"]
    assert "Sector not represented: Public" not in titles  # the health station is invited


def test_a_draft_or_closed_process_involves_no_one(client, per, eksempelvik, cycle, town):
    open_process_with(eksempelvik, cycle, town["landowner"], state="draft")
    open_process_with(eksempelvik, cycle, town["network"], state="closed")
    client.force_login(per)

    nudges = client.get(url("map", eksempelvik)).context["nudges"]

    assert nudges.community_view
    assert not any(n.code == "obstructor_not_involved" for n in nudges.active)


# Large networks and hostile names ------------------------------------------------------------

def test_a_large_network_says_the_drawing_is_capped_and_betweenness_estimated(
        client, per, eksempelvik, town, monkeypatch):
    from samskap.actors import community_map
    from samskap.analysis import network

    real_analyse, real_map = network.analyse, community_map.community_map
    monkeypatch.setattr(community_map.network, "analyse",
                        lambda c: real_analyse(c, exact_limit=3, pivots=2))
    monkeypatch.setattr(community_map, "community_map",
                        lambda m, **kw: real_map(m, **kw, max_drawn=4))
    client.force_login(per)

    response = client.get(url("map", eksempelvik))

    html = response.content.decode()
    assert "The drawing shows the 4 best connected of 9 actors and settings" in html
    assert "Betweenness, estimated (rank)" in html
    assert "is <strong>estimated</strong> from 2 sampled starting points" in html
    assert html.count('class="node node-') == 4
    assert len(row_ids(html, "actor")) == 5  # the table is complete


def test_names_are_escaped_everywhere_on_the_map(client, per, eksempelvik, town):
    hostile = '<script>alert("x")</script>&<b>'
    for name in ("network", "field"):
        town[name].name = hostile
        town[name].save()
    client.force_login(per)

    for page in ("map", "grid", "nudges"):
        html = client.get(url(page, eksempelvik)).content.decode()
        assert "<script>alert" not in html, page
        assert "&lt;script&gt;alert" in html, page


def test_the_metrics_of_an_unchanged_community_come_from_the_cache(eksempelvik, town, mira,
                                                                   monkeypatch):
    from samskap.actors import community_map
    from samskap.analysis import network

    calls = []
    real = network.analyse
    monkeypatch.setattr(community_map.network, "analyse",
                        lambda c: calls.append(1) or real(c))

    first = community_map.community_map(eksempelvik)
    again = community_map.community_map(eksempelvik)
    assert len(calls) == 1
    assert [r.betweenness for r in again.actors] == [r.betweenness for r in first.actors]

    actions.link_actor_to_setting(actor=town["landowner"], setting=town["library"],
                                  kind="runs", user=mira)
    changed = community_map.community_map(eksempelvik)
    assert len(calls) == 2
    assert [c.actors for c in changed.components] != [c.actors for c in first.components]
