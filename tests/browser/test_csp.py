"""No page logs a Content-Security-Policy violation, public pages and admin screens alike."""

import pytest
from django.conf import settings

from pages.models import Page

ADMIN = f"/{settings.ADMIN_URL}"


def network_page():
    # The initial pages exist until the first live-server test empties the database.
    page, _ = Page.objects.get_or_create(
        slug="le-reseau", defaults={"title": "Le réseau", "status": "published", "body": "<p>x</p>"}
    )
    return page


def violations_on(page, url):
    """Open ``url`` and return the CSP violations the page reported, with their console text."""
    found = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and found.append(message.text),
    )
    page.goto(url)
    page.wait_for_load_state("networkidle")
    found += page.evaluate("window.__cspViolations || []")
    return found


@pytest.fixture
def watch_csp(page):
    # Registered before any page script runs, so that every violation is recorded.
    page.add_init_script(
        """window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) =>
            window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"""
    )
    return page


def test_public_pages_log_no_csp_violation(watch_csp, make_centre):
    make_centre(name="Ville Caraïbe", slug="ville-caraibe", departements=("972",))
    network_page()
    for url in [
        "/",
        "/centres/",
        "/centres/?q=97200",
        "/centres/ville-caraibe/",
        "/centres/donnees-ouvertes/",
        "/le-reseau/",
        "/nulle-part/",
    ]:
        assert violations_on(watch_csp, url) == [], url


def test_admin_screens_log_no_csp_violation(watch_csp, admin_login, make_centre):
    centre = make_centre(name="Ville Caraïbe", slug="ville-caraibe", departements=("972",))
    admin_login(watch_csp)
    page_id = network_page().pk
    for url in [
        f"{ADMIN}/",
        f"{ADMIN}/centres/centre/",
        f"{ADMIN}/centres/centre/{centre.pk}/change/",
        f"{ADMIN}/centres/centre/import/",
        f"{ADMIN}/centres/centre/export/",
        f"{ADMIN}/pages/page/{page_id}/change/",
        f"{ADMIN}/pages/homepage/",
    ]:
        assert violations_on(watch_csp, url) == [], url
