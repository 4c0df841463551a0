"""Template tags of the library: the newest resources on the home page and on a centre's
page, and the documents of an event on its page."""

from django import template
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.formats import date_format

from centres.models import Centre
from crpv.cache import versioned
from library.models import Resource

register = template.Library()

HOME_COUNT = 3
CENTRE_COUNT = 3


def summaries(resources):
    """Return what a short list shows of each resource, as plain dicts (kept in the cache)."""
    return [
        {
            "title": resource.title,
            "url": resource.get_absolute_url(),
            "type": resource.resource_type.name,
            "date": date_format(resource.published_on, "F Y"),
            "centres": ", ".join(centre.name for centre in resource.centres.all()),
        }
        for resource in resources
    ]


def _newest():
    return (
        Resource.objects.published()
        .newest()
        .select_related("resource_type")
        .prefetch_related(Prefetch("centres", queryset=Centre.objects.only("name")))
    )


@register.inclusion_tag("library/_latest_resources.html")
def latest_resources():
    """Draw the network's newest resources (home page): two queries per content version."""
    resources = versioned("latest-resources", lambda: summaries(_newest()[:HOME_COUNT]))
    return {
        "resources": resources,
        "heading": "Dernières ressources",
        "more_url": reverse("library:list"),
        "more_label": "Toutes les ressources du réseau",
        "section_class": "container home-section",
    }


@register.inclusion_tag("library/_latest_resources.html")
def centre_resources(centre):
    """Draw the newest resources produced by ``centre`` (a centre's page): one query (the
    centres' names are not repeated there)."""
    resources = (
        Resource.objects.published()
        .newest()
        .filter(centres=centre)
        .select_related("resource_type")[:CENTRE_COUNT]
    )
    items = [
        {
            "title": r.title,
            "url": r.get_absolute_url(),
            "type": r.resource_type.name,
            "date": date_format(r.published_on, "F Y"),
            "centres": "",
        }
        for r in resources
    ]
    return {
        "resources": items,
        "heading": "Dernières ressources du centre",
        "more_url": reverse("library:list") + f"?centre={centre.slug}",
        "more_label": "Toutes les ressources du centre",
        "section_class": "container",
    }


@register.inclusion_tag("library/_event_documents.html")
def event_documents(event):
    """Draw the published resources that came from ``event`` (its page): one query per
    content version and event, so that the event's page stays within four queries. One key
    per existing event, as ``crpv.cache.versioned_object_or_404`` keeps one per object."""

    def build():
        resources = event.resources.published().newest().select_related("resource_type")
        return [
            {"title": r.title, "url": r.get_absolute_url(), "type": r.resource_type.name}
            for r in resources
        ]

    return {"resources": versioned(f"event-documents:{event.pk}", build)}
