"""Browser tests: Playwright (sync API) drives Debian's chromium against the live server.

Every page a test visits goes through :func:`check_page` (or at least :func:`check_axe`):
axe-core with the WCAG 2.0/2.1 A and AA rules must find zero violations (TRUST.md, universal
design). Chromium is Debian's (``/usr/bin/chromium``); ``playwright install`` is never needed and
the flags below keep the browser off the network.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from samskap.core.demo import DEMO_NUMBER, DEMO_PASSWORD
from samskap.municipalities.models import Municipality
from samskap.planning.models import Cycle

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",  # the tests run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
DESKTOP = {"width": 1280, "height": 900}
#: Milliseconds Playwright waits for an element or a navigation before a test fails.
TIMEOUT_MS = 10_000

MIRA = "mira@eksempelvik.example"

_axe = Axe()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (make chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    # A Norwegian (bokmål) browser: the site's default language comes from Accept-Language.
    context = browser.new_context(viewport=DESKTOP, locale="nb-NO")
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@dataclass
class Demo:
    municipality: Municipality
    cycle: Cycle
    base_url: str

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def m(self) -> str:
        """The municipality's URL prefix, e.g. ``/k/9999``."""
        return f"/k/{self.municipality.number}"

    @property
    def c(self) -> str:
        """The active cycle's URL prefix, e.g. ``/k/9999/cycles/2``."""
        return f"{self.m}/cycles/{self.cycle.pk}"


@pytest.fixture
def demo(transactional_db: Any, live_server: Any, settings: Any) -> Demo:
    """The demo municipality Eksempelvik (current cycle in step 2), served by the live server."""
    # Fast password hashing: the demo loader creates seven users, and every test logs in.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    municipality = Municipality.objects.get(number=DEMO_NUMBER)
    cycle = Cycle.objects.for_municipality(municipality).active().get()
    return Demo(municipality, cycle, live_server.url)


def format_violations(violations: list[dict[str, Any]], url: str) -> str:
    lines = [f"{len(violations)} axe violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        lines.append(f"  {violation.get('helpUrl', '')}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node.get("target", []))
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def check_axe(page: Page) -> None:
    """Assert that axe-core finds no WCAG 2.0/2.1 A/AA violation on the page as it is now.

    axe is injected with ``page.evaluate`` (the DevTools protocol), which the page's
    Content-Security-Policy (script-src 'self') does not restrict, so the tests keep the real
    CSP on and need no ``bypass_csp`` context.
    """
    results = _axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert not violations, format_violations(violations, page.url)


def html_lang(page: Page) -> str:
    return page.evaluate("document.documentElement.lang")


def check_page(page: Page, lang: str = "nb") -> None:
    """The checks every visited page gets: ``<html lang>`` is the active language; axe is clean."""
    assert html_lang(page) == lang, f"<html lang> on {page.url}"
    selected = page.locator("#language-select").input_value()
    assert selected == lang, f"the language switcher on {page.url} shows {selected}, not {lang}"
    check_axe(page)


def log_in(page: Page, demo: Demo, email: str = MIRA, next_path: str = "") -> None:
    """Log in through the login form, like a person would."""
    page.goto(demo.url("/accounts/login/" + (f"?next={next_path}" if next_path else "")))
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "/accounts/login/" not in page.url, "the login did not succeed"
