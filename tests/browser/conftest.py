"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Where Chromium (or axe-core) is missing the tests are skipped with a message saying how to get
it, except under CI=true, where a missing browser fails the run.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
IN_CI = os.environ.get("CI", "").lower() == "true"

# Without these, Chromium tries to reach Google's services at start-up, which this machine's
# closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing(what: str, how: str):
    message = f"{what} introuvable : {how}"
    if IN_CI:
        pytest.fail(message + " (obligatoire quand CI=true)", pytrace=False)
    pytest.skip(message)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _missing("Chromium", "installez-le avec « apt-get install chromium » (en root).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A page the size of a phone screen, with touch."""
    context = browser.new_context(
        locale="fr-FR",
        base_url=live_server.url,
        viewport={"width": 375, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _geography(reference_geography):
    """Every browser test runs on the reference geography (see tests/conftest.py)."""


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        _missing("axe-core", "lancez « npm install » à la racine du projet (ou « make test »).")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def assert_accessible(axe_source):
    """Return a check that runs axe-core (WCAG 2.1 A and AA rules) on a page."""

    def check(page):
        # Icon fonts (the editor's toolbar) must have loaded, or axe reads their ligatures as
        # text: wait for the page's fonts and scripts to settle first.
        page.wait_for_load_state("networkidle")
        page.evaluate("() => document.fonts.ready.then(() => true)")
        # evaluate() runs outside the page's Content-Security-Policy, unlike a <script> tag.
        page.evaluate(axe_source)
        result = page.evaluate(
            """async () => await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
            })"""
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:5])
            for v in result["violations"]
        ]
        assert violations == [], f"{page.url}\n" + "\n".join(violations)

    return check


@pytest.fixture
def admin_login(staff_user):
    """Return a function that logs the staff user into the admin in a page."""
    from django.conf import settings

    def login(page, user=staff_user, password="mot-de-passe-de-test"):
        page.goto(f"/{settings.ADMIN_URL}/login/")
        page.get_by_label("Nom d’utilisateur").fill(user.get_username())
        page.get_by_label("Mot de passe").fill(password)
        page.get_by_role("button", name="Connexion").click()
        page.wait_for_url(f"**/{settings.ADMIN_URL}/")

    return login
