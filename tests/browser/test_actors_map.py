"""The community map in a browser: axe finds nothing, and the network drawing works with the
keyboard alone (Tab into the drawing, arrows to the linked shapes, focus always visible)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Demo, check_axe, check_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: The focused element, the shape's node id, its links and whether its focus ring is drawn.
FOCUSED = """() => {
  const el = document.activeElement;
  const node = el.closest ? el.closest("a[data-links]") : null;
  const ring = node ? node.querySelector(".focus-ring") : null;
  const ringStyle = ring ? getComputedStyle(ring) : null;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    node: node ? node.id.replace(/^node-/, "") : "",
    links: node ? node.getAttribute("data-links").split(" ").filter(Boolean) : [],
    name: el.getAttribute("aria-label") || (el.innerText || "").trim().slice(0, 60),
    ringDrawn: !!ringStyle && ringStyle.fill !== "none" && ringStyle.stroke !== "none",
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
  };
}"""
MAX_TABS = 80


def focused(page: Page) -> dict[str, Any]:
    return page.evaluate(FOCUSED)


def assert_focus_visible(focus: dict[str, Any]) -> None:
    assert focus["tag"] != "body", "focus was lost to <body>"
    if focus["node"]:
        assert focus["ringDrawn"], f"no focus ring on the shape {focus}"
    else:
        assert focus["outline"] or focus["shadow"], f"focus is not visible on {focus}"


def tab_into_the_drawing(page: Page) -> dict[str, Any]:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focus = focused(page)
        assert_focus_visible(focus)
        if focus["node"]:
            return focus
    raise AssertionError("Tab never reached the network drawing")


def test_the_network_is_clean_and_walks_with_the_keyboard(page: Page, demo: Demo):
    log_in(page, demo, next_path=f"{demo.m}/actors/map/")
    assert page.url.endswith("/actors/map/")
    check_page(page)
    assert page.locator("svg.network a[data-links]").count() > 20

    centre = tab_into_the_drawing(page)
    assert centre["name"], "every shape has an accessible name"
    assert centre["links"], "the best connected shape comes first, and it has links"

    # The arrow keys go through the shapes linked to the centre, and say so.
    page.keyboard.press("ArrowRight")
    first = focused(page)
    assert first["node"] == centre["links"][0]
    assert_focus_visible(first)
    status = page.locator("#network-status")
    expect(status).to_contain_text(f"(1 av {len(centre['links'])})")
    if len(centre["links"]) > 1:
        page.keyboard.press("ArrowDown")
        assert focused(page)["node"] == centre["links"][1]
        page.keyboard.press("ArrowLeft")
    assert focused(page)["node"] == centre["links"][0]
    page.keyboard.press("ArrowUp")
    assert focused(page)["node"] == centre["links"][-1]

    # Escape goes back to the centre; Space walks on from a linked shape.
    page.keyboard.press("Escape")
    assert focused(page)["node"] == centre["node"]
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    walked = focused(page)
    assert walked["node"] == centre["links"][0]
    page.keyboard.press("ArrowRight")
    onwards = focused(page)
    assert onwards["node"] in walked["links"]
    assert_focus_visible(onwards)
    check_axe(page)

    # Enter follows the shape's link to its row in the tables.
    page.keyboard.press("Enter")
    kind = "actor" if onwards["node"].startswith("a") else "setting"
    expect(page).to_have_url(re.compile(rf"#{kind}-{onwards['node'][1:]}$"))
    assert page.locator(f"tr#{kind}-{onwards['node'][1:]}").is_visible()


def test_the_filtered_network_and_the_grid_are_clean(page: Page, demo: Demo):
    log_in(page, demo, next_path=f"{demo.m}/actors/map/")
    page.locator("#id_sector").select_option("voluntary")
    with page.expect_navigation():
        page.get_by_role("button", name="Vis", exact=True).click()
    assert "sector=voluntary" in page.url
    check_page(page)

    page.goto(demo.url(f"{demo.m}/actors/grid/"))
    check_page(page)
    grid = page.locator("table.stakeholder-grid")
    assert grid.locator("tbody tr").count() == 5
    assert grid.locator("td .quadrant-name").count() == 25
    expect(page.get_by_role("heading", name="Hvem mangler", exact=False).first).to_be_visible()


def test_a_nudge_is_set_aside_with_a_reason_and_shown_again(page: Page, demo: Demo):
    log_in(page, demo, next_path=f"{demo.m}/actors/nudges/")
    check_page(page)
    first = page.locator("li.nudge").first
    title = first.locator(".nudge-title").inner_text().replace("!", "").strip()
    first.locator("summary").click()

    # Without a reason: the form comes back with the error summary, and stays clean.
    with page.expect_navigation():
        first.get_by_role("button").click()
    expect(page.locator(".error-summary")).to_be_visible()
    check_page(page)

    page.locator("textarea[name=reason]").fill("Vi har snakket med dem og følger opp i mai.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("#messages")).to_contain_text(title)
    dismissed = page.locator("section[aria-labelledby=dismissed-title]")
    expect(dismissed).to_contain_text("Vi har snakket med dem")
    check_page(page)

    with page.expect_navigation():
        dismissed.get_by_role("button").first.click()
    expect(page.locator("#messages")).to_contain_text(title)
    expect(page.locator("section[aria-labelledby=active-title]")).to_contain_text(title)


def test_the_long_tables_turn_pages_with_the_keyboard_and_stay_clean(page: Page, demo: Demo,
                                                                    monkeypatch):
    from samskap.actors import map_pages
    monkeypatch.setattr(map_pages, "PER_PAGE", 10)  # the demo's tables on several pages
    log_in(page, demo, next_path=f"{demo.m}/actors/map/")
    nav = page.get_by_role("navigation", name="Sider i tabellen over aktører")
    expect(nav.locator("a[aria-current=page]")).to_have_text("1")
    first_rows = page.locator("#actors-table tbody tr").evaluate_all(
        "rows => rows.map(r => r.id)")
    assert len(first_rows) == 10
    check_page(page)

    # The page links are plain links in the Tab order; htmx swaps the table alone and puts
    # focus on its heading.
    second = nav.get_by_role("link", name=re.compile(r"^Side 2 av \d+$"))
    second.focus()
    assert_focus_visible(focused(page))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"actors_page=2"))
    nav = page.get_by_role("navigation", name="Sider i tabellen over aktører")
    expect(nav.locator("a[aria-current=page]")).to_have_text("2")
    expect(page.locator("#actors-title")).to_be_focused()
    rows = page.locator("#actors-table tbody tr").evaluate_all("rows => rows.map(r => r.id)")
    assert rows and not set(rows) & set(first_rows)
    assert page.locator("svg.network").count() == 1  # the rest of the page stayed
    check_axe(page)
