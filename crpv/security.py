"""Helpers for the login lock-out."""

from django.conf import settings


def client_ip(request):
    """Return the visitor's address, as seen by the trusted reverse proxy where there is one.

    Behind the proxy (DJANGO_HTTPS on), REMOTE_ADDR is the proxy itself; the visitor is the
    last address of X-Forwarded-For, the one the proxy appended (earlier ones can be forged).
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.HTTPS and forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
