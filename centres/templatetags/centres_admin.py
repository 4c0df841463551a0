from django import template
from django.urls import reverse

from centres.models import Centre

register = template.Library()


@register.simple_tag
def centres_to_check(request):
    """Return the count and list address of the centres not verified for 12 months.

    A referent counts only their own centres; someone who cannot see centres gets None.
    """
    user = request.user
    if user.has_perm("centres.view_centre") or user.has_perm("centres.change_centre"):
        queryset = Centre.objects.all()
    elif user.has_perm("centres.change_own_centre"):
        queryset = Centre.objects.filter(referents=user)
    else:
        return None
    count = queryset.needs_checking().count()
    url = reverse("admin:centres_centre_changelist") + "?verification=a-verifier"
    return {"count": count, "url": url}
