from django.db.models import Prefetch
from django.shortcuts import redirect, render

from centres.models import Centre, Departement
from crpv.cache import public_page, versioned, versioned_object_or_404
from crpv.referents import visible_or_404
from pages.models import HomePage, Page
from pages.site_map import site_map as site_map_groups


def key_figures():
    """Return the directory's figures for the home page (counts of published centres, of the
    régions and départements they serve, and of those overseas), in two queries whatever its
    size: the départements served are read once (about a hundred rows at most) and counted
    with their régions in Python."""
    published = Centre.objects.published()
    served = set(
        Departement.objects.filter(centres__in=published).values_list(
            "pk", "is_overseas", "region_id", "region__is_overseas"
        )
    )
    regions = {(region, overseas) for _pk, _dep_overseas, region, overseas in served}
    return {
        "centres": published.count(),
        "regions": len(regions),
        "regions_overseas": sum(overseas for _region, overseas in regions),
        "departements": len(served),
        "departements_overseas": sum(overseas for _pk, overseas, _r, _ro in served),
    }


def _home_context():
    home_page = HomePage.shown()
    return {
        "home": home_page,
        "highlights": list(home_page.highlights.all()) if home_page.pk else [],
        "figures": key_figures(),
        "network_pages": list(Page.objects.in_menu().filter(parent__isnull=True)),
    }


@public_page
def home(request):
    # Everything on the home page changes only with the content: built once per version.
    return render(request, "pages/home.html", versioned("home", _home_context))


@public_page
def page_detail(request, slug, parent=None):
    children = Prefetch("children", queryset=Page.objects.published(), to_attr="published_children")
    page = versioned_object_or_404(
        Page.objects.select_related("parent").prefetch_related(children), slug=slug
    )
    # Who may change a draft may preview it; anyone else gets the same 404 as for a missing page.
    # (The rule of Page.objects.published(), read from the row already loaded.)
    is_visible = page.is_published and (page.parent is None or page.parent.is_published)
    visible_or_404(request.user, page, is_visible)
    # One address per page: /<slug>/ for a sub-page, or a wrong parent, leads to the right one.
    if request.path != page.get_absolute_url():
        return redirect(page.get_absolute_url(), permanent=is_visible)
    crumbs = [page.parent] if page.parent_id else []
    return render(
        request,
        "pages/page_detail.html",
        {"page": page, "crumbs": crumbs, "is_preview": not is_visible},
    )


@public_page
def site_map(request):
    """The « Plan du site »: every public section and published page (``pages.site_map``)."""
    return render(request, "pages/site_map.html", {"groups": site_map_groups()})


def open_data_redirect(request):
    return redirect("centres:open_data", permanent=True)
