from django.http import Http404
from django.shortcuts import get_object_or_404, render

from centres.models import Centre


def centre_list(request):
    centres = Centre.objects.published().prefetch_related("departements__region")
    return render(request, "centres/centre_list.html", {"centres": centres})


def centre_detail(request, slug):
    centre = get_object_or_404(
        Centre.objects.prefetch_related("departements__region", "themes"), slug=slug
    )
    # Staff may preview an unpublished centre; visitors get the same 404 as for a missing one.
    if not centre.is_published and not request.user.is_staff:
        raise Http404
    return render(request, "centres/centre_detail.html", {"centre": centre})
