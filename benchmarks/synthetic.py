"""Synthetic content for the benchmarks, written into the configured database.

Call after ``django.setup()``, on a throw-away database that holds the network's directory.
"""

import datetime

from django.utils import timezone

from centres import territory
from centres.models import Centre, Theme
from events.models import Audience, Event, EventType

# Made-up words for the searches: « zerbanite » is one among 401, so that it stays rare.
RARE_WORDS = [f"zerbanite{n}" for n in range(400)] + ["zerbanite"]


def add_events(count):
    """Publish ``count`` events « bench-0 »… five hours apart from 20 days ago (Europe/Paris
    is irrelevant: times are aware UTC), a third online, the rest in Lyon 3e, with one or two
    organising centres, a theme and an audience each."""
    centres = list(Centre.objects.order_by("pk"))
    types = list(EventType.objects.all())
    start = timezone.now().replace(minute=0, second=0, microsecond=0)
    start -= datetime.timedelta(days=20)
    events = Event.objects.bulk_create(
        Event(
            title=f"Rencontre synthétique {n} : l’emploi des jeunes dans les quartiers",
            slug=f"bench-{n}",
            summary="Une matinée d’échanges entre chefs de projet, délégués du préfet et élus.",
            description="<p>Programme de la matinée, intervenants et informations pratiques.</p>",
            event_type=types[n % len(types)],
            format="en-ligne" if n % 3 == 0 else "presentiel",
            city="" if n % 3 == 0 else "Lyon",
            postcode="" if n % 3 == 0 else "69003",
            online_url="https://visio.example.org/salle" if n % 3 == 0 else "",
            starts_at=start + datetime.timedelta(hours=5 * n),
            ends_at=start + datetime.timedelta(hours=5 * n + 3),
            registration_url="https://example.org/inscription",
            is_published=True,
        )
        for n in range(count)
    )
    through = Event.centres.through
    through.objects.bulk_create(
        through(event_id=event.pk, centre_id=centres[(n + k) % len(centres)].pk)
        for n, event in enumerate(events)
        for k in range(1 + n % 2)
    )
    themes, audiences = list(Theme.objects.all()), list(Audience.objects.all())
    Event.themes.through.objects.bulk_create(
        Event.themes.through(event_id=e.pk, theme_id=themes[n % len(themes)].pk)
        for n, e in enumerate(events)
    )
    Event.audiences.through.objects.bulk_create(
        Event.audiences.through(event_id=e.pk, audience_id=audiences[n % len(audiences)].pk)
        for n, e in enumerate(events)
    )
    # Bulk writes send no signal: the territory the agenda's filters read, as the import does.
    territory.store(Event.objects.filter(pk__in=[event.pk for event in events]))


def add_resources(count):
    """Publish ``count`` resources « bench-0 »… of the library, each with one PDF file (not
    stored: its row only) of about 5 KB of French-like text (``french_text``, the same as
    ``search.py``'s pages, with the rare word « zerbanite » and its variants), one or two
    producing centres, a theme, a type in turn; facets (``library.models.Facet`` and their
    links) written as ``Resource.refresh`` would, then the search index rebuilt
    (``search.index.reindex("resource")``)."""
    import random

    from french_text import COMMON, make_text

    from centres.models import Departement
    from library.models import Facet, Resource, ResourceFile, ResourceType
    from search import index

    rng = random.Random(20261130)
    centres = list(Centre.objects.order_by("pk"))
    regions = {
        centre.pk: set(
            Departement.objects.filter(centres=centre).values_list("region__code", flat=True)
        )
        for centre in centres
    }
    themes = list(Theme.objects.order_by("pk"))
    types = list(ResourceType.objects.order_by("pk"))
    first_day = datetime.date(2015, 1, 1)
    rows, links, facets = [], [], []
    for n in range(count):
        producers = [centres[(n + k) % len(centres)] for k in range(1 + n % 2)]
        resource_type, theme = types[n % len(types)], themes[n % len(themes)]
        published_on = first_day + datetime.timedelta(days=n % 4000)
        rows.append(
            Resource(
                title=f"Étude {n} : {' '.join(rng.sample(COMMON, 5))}",
                slug=f"bench-{n}",
                summary=" ".join(rng.sample(COMMON, 25)),
                resource_type=resource_type,
                published_on=published_on,
                is_published=True,
            )
        )
        links.append((producers, theme))
        facets.append(
            [
                ("type", resource_type.slug),
                ("theme", theme.slug),
                *(("centre", c.slug) for c in producers),
                *(("region", code) for code in set().union(*(regions[c.pk] for c in producers))),
                ("annee", str(published_on.year)),
                ("format", "pdf"),
                ("licence", "licence-ouverte"),
            ]
        )
    resources = Resource.objects.bulk_create(rows, batch_size=500)
    pairs = sorted({pair for pairs in facets for pair in pairs})
    Facet.objects.bulk_create([Facet(name=n, value=v) for n, v in pairs], ignore_conflicts=True)
    facet_ids = {(f.name, f.value): f.pk for f in Facet.objects.all()}
    Resource.facets.through.objects.bulk_create(
        [
            Resource.facets.through(resource_id=r.pk, facet_id=facet_ids[pair])
            for r, pairs in zip(resources, facets, strict=True)
            for pair in pairs
        ],
        batch_size=1000,
    )
    Resource.centres.through.objects.bulk_create(
        [
            Resource.centres.through(resource_id=r.pk, centre_id=c.pk)
            for r, (producers, _theme) in zip(resources, links, strict=True)
            for c in producers
        ],
        batch_size=1000,
    )
    Resource.themes.through.objects.bulk_create(
        [
            Resource.themes.through(resource_id=r.pk, theme_id=theme.pk)
            for r, (_producers, theme) in zip(resources, links, strict=True)
        ],
        batch_size=1000,
    )
    files = []
    for n, resource in enumerate(resources):
        text = make_text(rng, RARE_WORDS)
        files.append(
            ResourceFile(
                resource=resource,
                file=f"bench/{n}.pdf",
                name=f"etude-{n}.pdf",
                format="pdf",
                mime_type="application/pdf",
                size=len(text) * 20,
                text=text,
                pages=3,
            )
        )
    ResourceFile.objects.bulk_create(files, batch_size=500)
    territory.store(Resource.objects.filter(pk__in=[resource.pk for resource in resources]))
    index.reindex("resource")


def add_news(count):
    """Publish ``count`` news items « actualite-bench-0 »…, one every six hours back from
    now, with about 1 KB of French-like text (``french_text``, with the rare word
    « zerbanite » now and then), one publishing centre and a theme."""
    import random

    from french_text import COMMON, make_text

    from news.models import NewsItem

    rng = random.Random(20261201)

    centres = list(Centre.objects.order_by("pk"))
    themes = list(Theme.objects.all())
    now = timezone.now()
    items = NewsItem.objects.bulk_create(
        (
            NewsItem(
                title=f"Actualité {n} : {' '.join(rng.sample(COMMON, 5))}",
                slug=f"actualite-bench-{n}",
                summary=" ".join(rng.sample(COMMON, 20)),
                body=f"<p>{make_text(rng, RARE_WORDS, size=1000)}</p>",
                published_at=now - datetime.timedelta(hours=6 * n + 1),
                is_published=True,
            )
            for n in range(count)
        ),
        batch_size=500,
    )
    NewsItem.centres.through.objects.bulk_create(
        (
            NewsItem.centres.through(newsitem_id=i.pk, centre_id=centres[n % len(centres)].pk)
            for n, i in enumerate(items)
        ),
        batch_size=1000,
    )
    NewsItem.themes.through.objects.bulk_create(
        (
            NewsItem.themes.through(newsitem_id=i.pk, theme_id=themes[n % len(themes)].pk)
            for n, i in enumerate(items)
        ),
        batch_size=1000,
    )
