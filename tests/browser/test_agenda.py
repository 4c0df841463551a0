"""The agenda in a browser: a référent announces an event, a visitor finds it and its feed."""

import icalendar
import pytest
from django.conf import settings
from playwright.sync_api import expect

from crpv.roles import REFERENTS

ADMIN = f"/{settings.ADMIN_URL}"


@pytest.fixture
def vocabularies(transactional_db):
    """The types the data migration seeds (a previous live-server test flushed them)."""
    from events.models import EventType

    EventType.objects.get_or_create(slug="webinaire", defaults={"name": "Webinaire"})
    EventType.objects.get_or_create(slug="seminaire", defaults={"name": "Séminaire"})


def test_referent_announces_an_event_and_a_visitor_subscribes_to_it(
    browser, live_server, page, make_staff, centre, admin_login, assert_accessible, vocabularies
):
    referent = make_staff(REFERENTS, username="referente", centres=[centre])
    admin_login(page, user=referent)
    page.goto(f"{ADMIN}/events/event/add/")
    page.locator("#id_title").fill("Webinaire : la gestion urbaine de proximité")
    page.locator("#id_slug").fill("webinaire-gup")
    page.locator("#id_is_published").check()
    page.get_by_label("Type").select_option(label="Webinaire")
    page.get_by_label("Labo Cités").check()
    page.locator("#id_starts_at_0").fill("04/12/2030")
    page.locator("#id_starts_at_1").fill("09:30")
    page.locator("#id_ends_at_0").fill("04/12/2030")
    page.locator("#id_ends_at_1").fill("12:00")
    page.get_by_label("Format").select_option(label="En ligne")
    page.get_by_label("Lien de connexion").fill("https://visio.example.org/gup")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    visitor = browser.new_context(locale="fr-FR", base_url=live_server.url)
    tab = visitor.new_page()
    tab.goto("/agenda/")
    tab.get_by_label("Type").select_option(label="Webinaire")
    tab.get_by_role("button", name="Filtrer").click()
    tab.wait_for_url("**/agenda/?type=webinaire")
    expect(tab.get_by_role("heading", name="Décembre 2030")).to_be_visible()
    link = tab.get_by_role("link", name="Webinaire\u00a0: la gestion urbaine de proximité")
    expect(link).to_be_visible()
    subscribe = tab.get_by_role("link", name="S’abonner", exact=True)
    assert subscribe.get_attribute("href").startswith("webcal://")
    assert subscribe.get_attribute("href").endswith("/agenda/agenda.ics?type=webinaire")
    feed_url = tab.locator("#feed-url").input_value()
    assert feed_url.endswith("/agenda/agenda.ics?type=webinaire")
    assert_accessible(tab)

    feed = tab.request.get("/agenda/agenda.ics?type=webinaire")
    calendar = icalendar.Calendar.from_ical(feed.body())
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Webinaire\u00a0: la gestion urbaine de proximité"

    link.click()
    facts = tab.locator(".event__facts").inner_text()
    assert "Mercredi 4 décembre 2030, de 9\u00a0h\u00a030 à 12\u00a0h" in facts
    expect(tab.get_by_role("link", name="Labo Cités")).to_be_visible()
    assert_accessible(tab)
    visitor.close()


def test_agenda_and_event_page_fit_a_320_px_screen(browser, live_server, make_event, vocabularies):
    event = make_event(
        title="Journée régionale des conseils citoyens et des délégués du préfet",
        registration_url="https://example.org/inscription/un-formulaire-au-nom-tres-long-2030",
    )
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, viewport={"width": 320, "height": 640}
    )
    tab = context.new_page()
    for url in ("/agenda/?theme=cohesion-sociale&format=presentiel", event.get_absolute_url()):
        tab.goto(url)
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{url}: {width} px"
    context.close()
