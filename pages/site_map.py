"""The « Plan du site » (/plan-du-site/): every public section and every published page, in
one list of links (RGAA 12.3: a site map is one of the three ways to find a page, with the
menu and the search).

Built once per content version (``crpv.cache.versioned``, one query on the pages) and drawn by
``templates/pages/site_map.html``.
"""

from django.urls import reverse

from crpv.cache import versioned
from pages.models import LEGAL_SLUGS, OPEN_DATA_SLUG, HomePage, Page

CONTACT_SLUG = "contact"


def link(title, url, children=()):
    """Return a link of the site map: ``title`` (French), ``url`` (a path) and ``children``
    (links shown under it)."""
    return {"title": title, "url": url, "children": list(children)}


def site_map():
    """Return the site map's groups, as a list of (heading, links) pairs: the sections, the
    network's pages (those of the menu, then the others, each with its sub-pages), the
    practical pages (contact, open data, legal pages) and the feeds. Kept per content
    version: one query when the content changed, none after."""
    return versioned("site-map", _build)


def _build():
    pages = list(Page.objects.published().select_related("parent"))
    children = {}
    for page in pages:
        if page.parent_id:
            children.setdefault(page.parent_id, []).append(page)

    def page_link(page):
        under = sorted(children.get(page.pk, []), key=lambda p: (p.menu_position is None, p.title))
        return link(page.title, page.get_absolute_url(), [page_link(p) for p in under])

    statement = HomePage.shown().accessibility_page
    practical_slugs = {CONTACT_SLUG, OPEN_DATA_SLUG, *LEGAL_SLUGS}
    top = [p for p in pages if p.parent_id is None]
    menu = sorted(
        (p for p in top if p.menu_position is not None and p.slug not in practical_slugs),
        key=lambda p: (p.menu_position, p.title),
    )
    others = sorted(
        (
            p
            for p in top
            if p.menu_position is None
            and p.slug not in practical_slugs
            and (statement is None or p.pk != statement.pk)
        ),
        key=lambda p: p.title,
    )
    by_slug = {p.slug: p for p in top}
    legal = [by_slug[slug] for slug in LEGAL_SLUGS if slug in by_slug]
    if statement is not None and statement.is_published and statement not in legal:
        legal.append(statement)

    sections = [
        link("Accueil", reverse("pages:home")),
        link("Annuaire des centres", reverse("centres:list")),
        link(
            "Agenda", reverse("events:list"), [link("Événements passés", reverse("events:archive"))]
        ),
        link("Ressources", reverse("library:list")),
        link("Actualités", reverse("news:list")),
        link("Recherche", reverse("search:results")),
    ]
    practical = [
        page_link(by_slug[CONTACT_SLUG]) if CONTACT_SLUG in by_slug else None,
        link("Données ouvertes", reverse("centres:open_data")),
        *(page_link(page) for page in legal),
    ]
    feeds = [
        link("Actualités (RSS)", reverse("news:rss")),
        link("Actualités (Atom)", reverse("news:atom")),
        link("Agenda (RSS)", reverse("events:rss")),
        link("Agenda (Atom)", reverse("events:atom")),
        link("Agenda pour les applications de calendrier (iCalendar)", reverse("events:feed")),
    ]
    groups = [
        ("Rubriques", sections),
        ("Le réseau", [page_link(page) for page in menu]),
        ("Autres pages", [page_link(page) for page in others]),
        ("Informations pratiques", practical),
        ("Flux et abonnements", feeds),
    ]
    return [(heading, [x for x in links if x]) for heading, links in groups if any(links)]
