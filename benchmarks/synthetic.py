"""Synthetic content for the benchmarks, written into the configured database.

Call after ``django.setup()``, on a throw-away database that holds the network's directory.
"""

import datetime

from django.utils import timezone

from centres.models import Centre, Theme
from events.models import Audience, Event, EventType


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


# Resources and news: French-like texts from a few sentences of the trade, a rare word
# (« zerbanite ») in one document of a hundred, so that the searches find many, few or none.
SENTENCES = [
    "Les quartiers prioritaires de la politique de la ville concentrent les difficultés.",
    "La rénovation urbaine transforme le cadre de vie des habitants.",
    "Les conseils citoyens associent les habitants aux décisions du contrat de ville.",
    "L’emploi des jeunes reste la première préoccupation des élus.",
    "La gestion urbaine de proximité améliore la tranquillité publique.",
    "Les associations portent des actions d’éducation populaire et de soutien scolaire.",
    "Le programme de réussite éducative accompagne les enfants et leurs familles.",
    "La mobilité et l’accès aux services publics conditionnent l’insertion.",
    "Les jardins partagés créent du lien social au pied des immeubles.",
    "Les bailleurs sociaux et les copropriétés dégradées appellent une intervention publique.",
    "La santé des habitants dépend de la prévention et de l’accès aux soins.",
    "Les centres de ressources qualifient les professionnels et capitalisent les expériences.",
]


def french_text(n, sentences=12):
    """Return ``sentences`` sentences of the trade, chosen by ``n`` (the same text for the
    same ``n``), with « zerbanite » in one text of a hundred."""
    chosen = [SENTENCES[(n * 7 + k * 5) % len(SENTENCES)] for k in range(sentences)]
    if n % 100 == 0:
        chosen.insert(1, "Le mot zerbanite n’apparaît que dans ce document.")
    return " ".join(chosen)


def add_resources(count):
    """Publish ``count`` resources « ressource-bench-0 »… (études), each with one PDF file
    whose extracted text is about 1 KB (no file is written: the text is what the index
    reads), one producing centre and a theme."""
    from library.models import Resource, ResourceFile, ResourceType

    centres = list(Centre.objects.order_by("pk"))
    themes = list(Theme.objects.all())
    etude = ResourceType.objects.get(slug="etude")
    first = datetime.date(2020, 1, 1)
    resources = Resource.objects.bulk_create(
        (
            Resource(
                title=f"Étude synthétique {n} : {SENTENCES[n % len(SENTENCES)][:60]}",
                slug=f"ressource-bench-{n}",
                summary=SENTENCES[(n + 3) % len(SENTENCES)],
                resource_type=etude,
                published_on=first + datetime.timedelta(days=n % 2400),
                is_published=True,
            )
            for n in range(count)
        ),
        batch_size=500,
    )
    ResourceFile.objects.bulk_create(
        (
            ResourceFile(
                resource=resource,
                file=f"ressources/bench/{n}.pdf",
                name=f"etude-{n}.pdf",
                format="pdf",
                mime_type="application/pdf",
                size=2_000_000,
                text=french_text(n),
            )
            for n, resource in enumerate(resources)
        ),
        batch_size=500,
    )
    Resource.centres.through.objects.bulk_create(
        (
            Resource.centres.through(resource_id=r.pk, centre_id=centres[n % len(centres)].pk)
            for n, r in enumerate(resources)
        ),
        batch_size=1000,
    )
    Resource.themes.through.objects.bulk_create(
        (
            Resource.themes.through(resource_id=r.pk, theme_id=themes[n % len(themes)].pk)
            for n, r in enumerate(resources)
        ),
        batch_size=1000,
    )


def add_news(count):
    """Publish ``count`` news items « actualite-bench-0 »…, one every six hours back from
    now, with a text of about 1 KB, one publishing centre and a theme."""
    from news.models import NewsItem

    centres = list(Centre.objects.order_by("pk"))
    themes = list(Theme.objects.all())
    now = timezone.now()
    items = NewsItem.objects.bulk_create(
        (
            NewsItem(
                title=f"Actualité synthétique {n} : {SENTENCES[(n + 5) % len(SENTENCES)][:60]}",
                slug=f"actualite-bench-{n}",
                summary=SENTENCES[(n + 1) % len(SENTENCES)],
                body=f"<p>{french_text(n + 1)}</p>",
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
