from django import template
from django.urls import reverse

from pages.models import Page, Status

register = template.Library()


@register.simple_tag
def pages_to_complete(request):
    """Return the pages still holding « [À compléter » that are published or required by law,
    each as ``(title, change form address, is published)``; an empty list for someone who
    cannot see the pages."""
    user = request.user
    if not (user.has_perm("pages.view_page") or user.has_perm("pages.change_page")):
        return []
    rows = Page.objects.to_complete().values_list("pk", "title", "status")
    return [
        (title, reverse("admin:pages_page_change", args=[pk]), status == Status.PUBLISHED)
        for pk, title, status in rows
    ]
