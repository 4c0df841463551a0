"""Security headers on every URL pattern of the site, the admin and its import/export included."""

import logging

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from news.models import NewsItem
from pages.models import Page
from tests.news.conftest import image_file

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

# One sample address for each named URL pattern outside the admin.
SAMPLES = {
    "healthz": "/healthz",
    "favicon": "/favicon.ico",
    "centres:list": "/centres/?q=97200&zone=outre-mer",
    "centres:open_data": "/centres/donnees-ouvertes/",
    "centres:suggestions": "/centres/suggestions/?q=lyon",
    "centres:schema": "/centres/schema.json",
    "centres:export": "/centres/export.json",
    "centres:detail": "/centres/labo-cites/",
    "events:list": "/agenda/?format=en-ligne&du=2030-01-01",
    "events:archive": "/agenda/passes/",
    "events:feed": "/agenda/agenda.ics?centre=labo-cites",
    "events:export": "/agenda/export.json?format=hybride",
    "events:rss": "/agenda/flux.rss?centre=labo-cites",
    "events:atom": "/agenda/flux.atom?theme=cohesion-sociale",
    "events:schema": "/agenda/schema.json",
    "events:detail": "/agenda/seminaire-test-1/",
    "events:ics": "/agenda/seminaire-test-1/evenement.ics",
    "library:list": "/ressources/?q=quartiers&type=etude",
    "library:export": "/ressources/export.csv?licence=cc-by",
    "library:detail": "/ressources/etude-securite/",
    # {file}: the id of the file of the resource the test makes.
    "library:download": "/ressources/etude-securite/fichiers/{file}/etude.pdf",
    "library:thumbnail": "/ressources/etude-securite/vignettes/{file}.png",
    "news:list": "/actualites/?region=84&theme=cohesion-sociale",
    "news:rss": "/actualites/flux.rss?centre=labo-cites",
    "news:atom": "/actualites/flux.atom?theme=cohesion-sociale",
    "news:detail": "/actualites/une-actualite/",
    "search:results": "/recherche/?q=lyon&theme=cohesion-sociale",
    # {image}: the file name of the item's image.
    "news:image": "/actualites/une-actualite/images/{image}",
    "sitemap": "/sitemap.xml",
    "robots_txt": "/robots.txt",
    "pages:home": "/",
    "pages:open_data": "/donnees-ouvertes/",
    "pages:site_map": "/plan-du-site/",
    "pages:editor_jsi18n": "/jsi18n/editeur/",
    "pages:detail": "/le-reseau/",
    "pages:child": "/le-reseau/question-de-ville/",
}

ADMIN = f"/{settings.ADMIN_URL}"
ADMIN_PAGES = [
    f"{ADMIN}/",
    f"{ADMIN}/centres/centre/",
    f"{ADMIN}/centres/centre/add/",
    f"{ADMIN}/centres/centre/import/",
    f"{ADMIN}/centres/centre/export/",
    f"{ADMIN}/centres/theme/",
    f"{ADMIN}/events/event/",
    f"{ADMIN}/events/event/add/",
    f"{ADMIN}/news/newsitem/",
    f"{ADMIN}/news/newsitem/add/",
    f"{ADMIN}/news/newsitem/import/",
    f"{ADMIN}/news/newsitem/export/",
    f"{ADMIN}/centres/commune/?q=lyon",
    f"{ADMIN}/pages/page/",
    f"{ADMIN}/pages/page/add/",
    f"{ADMIN}/pages/homepage/",
    f"{ADMIN}/auth/user/",
    f"{ADMIN}/axes/accessattempt/",
]


def named_patterns(patterns=None, namespace=None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from named_patterns(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def assert_secure_headers(response):
    for header, value in SECURITY_HEADERS.items():
        assert response[header] == value, header
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "default-src 'self'" in csp and "style-src 'self'" in csp
    assert "http" not in csp  # no outside origin
    assert "camera=()" in response["Permissions-Policy"]


def _resource_file(centre):
    """Return the file of a published resource of ``centre`` (/ressources/etude-securite/)."""
    import datetime

    from django.core.files.base import ContentFile

    from library.models import Resource, ResourceFile, ResourceType

    resource = Resource.objects.create(
        title="Étude",
        slug="etude-securite",
        resource_type=ResourceType.objects.get(slug="etude"),
        published_on=datetime.date(2026, 1, 1),
        is_published=True,
    )
    resource.centres.set([centre])
    return ResourceFile.objects.create(
        resource=resource,
        file=ContentFile(b"%PDF-1.4", name="etude.pdf"),
        thumbnail=ContentFile(b"\x89PNG\r\n\x1a\n", name="vignette.png"),
        format="pdf",
        mime_type="application/pdf",
        size=8,
    )


def test_every_url_pattern_has_a_sample():
    assert set(named_patterns()) == set(SAMPLES)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_security_headers_on_every_public_url(client, centre, make_event, name, settings, tmp_path):
    make_event()  # /agenda/seminaire-test-1/
    settings.MEDIA_ROOT = tmp_path
    item = NewsItem(title="Une actualité", slug="une-actualite", is_published=True)
    item.image, item.image_alt = image_file(), "Une photo."
    item.save()
    url = SAMPLES[name].format(file=_resource_file(centre).pk, image=item.image_filename)
    response = client.get(url)
    assert response.status_code in (200, 301, 302), response.status_code
    if name in ("library:download", "library:thumbnail", "news:image"):
        # A document: never run, never framed, whatever it holds (library.views).
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == (
            "default-src 'none'; frame-ancestors 'none'; sandbox"
        )
        assert response["X-Frame-Options"] == "DENY"
        return
    assert_secure_headers(response)
    # Served again from the page cache: the headers stored with it are all there.
    again = client.get(url)
    assert_secure_headers(again)
    assert "'nonce-" not in again["Content-Security-Policy"]


@pytest.mark.parametrize("url", ["/page-absente/", f"{ADMIN}/login/"])
def test_security_headers_on_errors_and_login(client, url):
    assert_secure_headers(client.get(url))


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_security_headers_on_admin_pages(admin_client, centre, url):
    response = admin_client.get(url)
    assert response.status_code in (200, 302), url  # the home page's list opens its one row
    assert_secure_headers(response)


def test_editor_page_allows_its_import_map_by_nonce_only(admin_client):
    page = Page.objects.first()
    response = admin_client.get(f"{ADMIN}/pages/page/{page.pk}/change/")
    csp = response["Content-Security-Policy"]
    assert "'nonce-" in csp and "unsafe-inline" not in csp
    assert "'nonce-" not in admin_client.get(f"{ADMIN}/")["Content-Security-Policy"]


def test_wrong_host_is_a_400_and_its_log_goes_nowhere(client):
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    # pytest hooks its own handlers onto every logger; look only at the project's.
    logger = logging.getLogger("django.security.DisallowedHost")
    ours = [h for h in logger.handlers if type(h).__module__.startswith("logging")]
    assert not logger.propagate
    assert all(isinstance(h, logging.NullHandler) for h in ours)
