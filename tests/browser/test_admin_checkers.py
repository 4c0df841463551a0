"""Every admin screen the project adds or customises passes the Nu HTML Checker and pa11y
(HTML_CodeSniffer WCAG2AA and axe) with 0 errors, as a superuser and as a référent.

Screens reached by GET are checked at the live server, with the session cookie; those only a
POST draws (the import preview, a refused stale save) are saved as files whose ``<base>``
points to the live server, so that their stylesheets and scripts load as in the admin.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from centres.models import Centre, Theme
from crpv.roles import REFERENTS
from events.models import Audience, EventType
from pages.models import HomePage, Page, Status
from tests.centres.test_import_rules import csv_bytes, row
from tests.checkers import pa11y_errors, vnu_errors
from tests.test_concurrency import opened_form

ADMIN = f"/{settings.ADMIN_URL}"
ICS = Path(__file__).parent.parent / "events" / "ics"


def _logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def _screens(centre, page, event):
    """Return the addresses of the admin screens of the project, as a superuser sees them."""
    home = HomePage.current()
    home.save()  # a previous live-server test may have flushed the data migration's row
    centre_version = centre.history.latest().pk
    page_version = page.history.latest().pk
    event_version = event.history.latest().pk
    return [
        f"{ADMIN}/",
        f"{ADMIN}/centres/centre/",
        f"{ADMIN}/centres/centre/add/",
        f"{ADMIN}/centres/centre/{centre.pk}/change/",
        f"{ADMIN}/centres/centre/{centre.pk}/history/",
        f"{ADMIN}/centres/centre/{centre.pk}/history/{centre_version}/",
        f"{ADMIN}/centres/centre/supprimes/",
        f"{ADMIN}/centres/centre/import/",
        f"{ADMIN}/centres/centre/export/",
        f"{ADMIN}/centres/theme/",
        f"{ADMIN}/centres/departement/",
        f"{ADMIN}/pages/page/",
        f"{ADMIN}/pages/page/add/",
        f"{ADMIN}/pages/page/{page.pk}/change/",
        f"{ADMIN}/pages/page/{page.pk}/history/",
        f"{ADMIN}/pages/page/{page.pk}/history/{page_version}/",
        f"{ADMIN}/pages/page/supprimes/",
        f"{ADMIN}/pages/homepage/{home.pk}/change/",
        f"{ADMIN}/events/event/",
        f"{ADMIN}/events/event/add/",
        f"{ADMIN}/events/event/{event.pk}/change/",
        f"{ADMIN}/events/event/{event.pk}/history/",
        f"{ADMIN}/events/event/{event.pk}/history/{event_version}/",
        f"{ADMIN}/events/event/import-ics/",
        f"{ADMIN}/events/eventtype/",
        f"{ADMIN}/events/audience/",
        f"{ADMIN}/library/resource/import/",
    ]


def _posted_screens(client, centre, live_url):
    """Return {name: HTML} of the screens that only a POST draws, with a <base> to the server."""
    preview = client.post(
        f"{ADMIN}/centres/centre/import/",
        {
            "import_file": SimpleUploadedFile(
                "annuaire.csv",
                csv_bytes([row(identifiant="nouveau", nom="Nouveau"), row(identifiant="", nom="")]),
            )
        },
    ).content.decode()
    calendars = {
        name: client.post(
            f"{ADMIN}/events/event/import-ics/",
            {
                "centre": centre.pk,
                "calendar_file": SimpleUploadedFile(name, (ICS / name).read_bytes()),
            },
        ).content.decode()
        for name in ("outlook.ics", "february-30.ics")
    }
    url = f"{ADMIN}/centres/centre/{centre.pk}/change/"
    stale = opened_form(client, url)
    client.post(url, {**opened_form(client, url), "city": "Lyon"})
    refused = client.post(url, {**stale, "city": "Bron"})
    assert refused.status_code == 200
    # Read from a file, the page sends no session cookie to the server (another site): its
    # JavaScript catalogue, which needs one, is put in the page itself.
    catalogue = client.get(f"{ADMIN}/jsi18n/").content.decode()
    tag = f'<script src="{ADMIN}/jsi18n/"></script>'

    def as_file(html):
        html = html.replace(tag, f"<script>{catalogue}</script>")
        return html.replace("<head>", f'<head><base href="{live_url}/">', 1)

    return {
        "aperçu de l’import": as_file(preview),
        "enregistrement refusé": as_file(refused.content.decode()),
        "aperçu d’un calendrier": as_file(calendars["outlook.ics"]),
        "calendrier en erreur": as_file(calendars["february-30.ics"]),
    }


@pytest.fixture
def content(reference_geography, centre, make_event, make_staff):
    # A previous live-server test may have flushed the data migrations' rows.
    if not Theme.objects.exists():
        Theme.objects.create(name="Cohésion sociale", slug="cohesion-sociale")
    if not EventType.objects.exists():
        EventType.objects.create(name="Séminaire", slug="seminaire")
    if not Audience.objects.exists():
        Audience.objects.create(name="Élus", slug="elus")
    centre.themes.set(Theme.objects.all()[:2])
    centre.save()  # a version with its territory and themes
    page = Page.objects.create(title="À propos", slug="a-propos", status=Status.DRAFT)
    Page.objects.create(title="Ancienne", slug="ancienne").delete()
    referent = make_staff(REFERENTS, username="referente", centres=[centre])
    event = make_event(
        themes=Theme.objects.all()[:1],
        audiences=Audience.objects.all()[:1],
        registration_url="https://example.org/inscription",
        status="reporte",
        status_reason="Salle indisponible",
    )
    event.summary = "Un résumé."
    event.save()  # a second version, with its organisers, themes and audiences
    return centre, page, referent, event


@pytest.fixture
def news_item(content, settings, tmp_path):
    """A news item of the référent's centre, with an image, a linked event (drawn by the
    autocomplete) and two versions."""
    from news.models import NewsItem
    from tests.news.conftest import image_file

    settings.MEDIA_ROOT = tmp_path / "media"
    item = NewsItem.objects.create(
        title="Appel à projets",
        slug="appel-a-projets",
        summary="Les dossiers sont ouverts.",
        image=image_file(),
        image_alt="Des habitants réunis.",
        is_published=True,
    )
    item.centres.set([content[0]])
    item.themes.set(Theme.objects.all()[:1])
    item.events.set([content[3]])
    item.title = "Appel à projets 2027"
    item.save()  # a second version, with its centres and themes
    return item


def _news_screens(item, referent=False):
    news = f"{ADMIN}/news/newsitem/"
    paths = [news, f"{news}add/", f"{news}{item.pk}/change/", f"{news}{item.pk}/history/"]
    if not referent:
        paths.append(f"{news}{item.pk}/history/{item.history.latest().pk}/")
        paths += [f"{news}import/", f"{news}export/"]
    return paths


def _resource_screens(centre):
    """Return the library's admin screens, with a resource of ``centre`` holding a file whose
    notes staff read."""
    import datetime

    from django.core.files.base import ContentFile

    from library.models import Resource, ResourceFile, ResourceType

    etude, _created = ResourceType.objects.get_or_create(slug="etude", defaults={"name": "Étude"})
    resource = Resource.objects.create(
        title="Étude GUP",
        slug="etude-gup",
        resource_type=etude,
        published_on=datetime.date(2026, 3, 15),
    )
    resource.centres.set([centre])
    ResourceFile.objects.create(
        resource=resource,
        file=ContentFile(b"%PDF-1.4", name="etude.pdf"),
        format="pdf",
        mime_type="application/pdf",
        size=8,
        pages=2,
        notes="document image\u00a0: pas de texte cherchable",
    )
    return [
        f"{ADMIN}/library/resource/",
        f"{ADMIN}/library/resource/add/",
        f"{ADMIN}/library/resource/{resource.pk}/change/",
    ]


def _check(live_server, client, paths, tmp_path, posted=None):
    documents = {path: client.get(path).content.decode() for path in paths}
    for path, html in documents.items():
        assert "<html" in html, path
    files = {}
    for index, (name, html) in enumerate((posted or {}).items()):
        file = tmp_path / f"ecran-{index}.html"
        file.write_text(html, encoding="utf-8")
        files[file.as_uri()] = name
        documents[name] = html
    problems = {name: errors for name, errors in vnu_errors(documents).items() if errors}
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    cookie = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"}
    urls = [live_server.url + path for path in paths] + list(files)
    for url, errors in pa11y_errors(urls, headers=cookie).items():
        if errors:
            problems.setdefault(files.get(url, url), []).extend(errors)
    assert problems == {}, "\n".join(
        f"{name}\n  " + "\n  ".join(errors) for name, errors in problems.items()
    )


def test_admin_screens_pass_the_checkers_as_a_superuser(
    live_server, staff_user, content, news_item, tmp_path, settings
):
    centre, page, _referent, event = content
    settings.MEDIA_ROOT = tmp_path / "media"
    client = _logged_in(staff_user)
    posted = _posted_screens(client, centre, live_server.url)
    paths = [
        *_screens(centre, page, event),
        *_resource_screens(centre),
        f"{ADMIN}/library/resourcetype/",
        *_news_screens(news_item),
    ]
    _check(live_server, client, paths, tmp_path, posted)


def test_admin_screens_pass_the_checkers_as_a_referent(
    live_server, content, news_item, tmp_path, settings
):
    centre, _page, referent, event = content
    settings.MEDIA_ROOT = tmp_path / "media"
    client = _logged_in(referent)
    paths = [
        f"{ADMIN}/",
        f"{ADMIN}/centres/centre/",
        f"{ADMIN}/centres/centre/{centre.pk}/change/",
        f"{ADMIN}/centres/centre/{centre.pk}/history/",
        *_resource_screens(centre),
        f"{ADMIN}/events/event/{event.pk}/change/",
        f"{ADMIN}/events/event/{event.pk}/history/",
        *_news_screens(news_item, referent=True),
        f"{ADMIN}/events/event/",
        f"{ADMIN}/events/event/import-ics/",
    ]
    _check(live_server, client, paths, tmp_path)
    assert Centre.objects.filter(referents=referent).count() == 1
