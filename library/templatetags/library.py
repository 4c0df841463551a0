"""Template tags of the library: the newest resources on the home page and on a centre's
page, and the documents of an event on its page."""

import functools

from django import template
from django.db.models import Prefetch
from django.utils.formats import date_format

from centres.models import Centre
from crpv.cache import versioned
from crpv.sections import CENTRE_COUNT, HOME_COUNT, Section
from library.models import Resource

register = template.Library()

SECTION = Section("latest-resources", "library/_latest_resource.html", "library:list")


def summaries(resources, with_centres=True):
    """Return what a short list shows of each resource, as plain dicts (kept in the cache);
    ``centres`` (their names) is "" unless ``with_centres``."""
    return [
        {
            "title": resource.title,
            "url": resource.get_absolute_url(),
            "type": resource.resource_type.name,
            "date": date_format(resource.published_on, "F Y"),
            "centres": (
                ", ".join(centre.name for centre in resource.centres.all()) if with_centres else ""
            ),
        }
        for resource in resources
    ]


def _newest():
    return Resource.objects.published().newest().select_related("resource_type")


@register.inclusion_tag("includes/section.html")
def latest_resources():
    """Draw the network's newest resources (home page): two queries per content version."""
    with_centres = _newest().prefetch_related(
        Prefetch("centres", queryset=Centre.objects.only("name"))
    )
    resources = versioned("latest-resources", lambda: summaries(with_centres[:HOME_COUNT]))
    return SECTION.context(resources, "Dernières ressources", "Toutes les ressources du réseau")


@register.inclusion_tag("includes/section.html")
def centre_resources(centre):
    """Draw the newest resources produced by ``centre`` (a centre's page): one query (the
    centres' names are not repeated there)."""
    resources = _newest().filter(centres=centre)[:CENTRE_COUNT]
    return SECTION.context(
        summaries(resources, with_centres=False),
        "Dernières ressources du centre",
        "Toutes les ressources du centre",
        centre=centre,
    )


@register.inclusion_tag("library/_event_documents.html")
def event_documents(event):
    """Draw the published resources that came from ``event`` (its page): one query per
    content version and event, so that the event's page stays within four queries. One key
    per existing event, as ``crpv.cache.versioned_object_or_404`` keeps one per object."""

    resources = event.resources.published().newest().select_related("resource_type")
    build = functools.partial(summaries, resources, with_centres=False)
    return {"resources": versioned(f"event-documents:{event.pk}", build)}
