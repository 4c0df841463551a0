"""Project-wide views: the health check, the favicon and the page of a failed CSRF check."""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def read_only(view):
    """Return ``view`` answering GET and HEAD only, any other method with 405 and an ``Allow``
    header. Exempt from the CSRF check, which would answer a POST with 403 before that: such
    a view reads, never writes (``crpv.cache.public_page`` uses it for every public page)."""
    return csrf_exempt(require_safe(view))


@read_only
def favicon(request):
    return HttpResponsePermanentRedirect(static("favicon.svg"))


@never_cache
@read_only
def healthz(request):
    """Answer 200 when the database and the cache answer, else 503 naming the part that failed.

    JSON: ``{"status": "ok"|"error", "database": "ok"|"error", "cache": "ok"|"error"}``. The
    site keeps serving pages while the cache fails (crpv.cache), but the operator must know.
    """
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:
        logger.exception("Health check: database unreachable")
        checks["database"] = "error"
    checks["cache"] = "ok" if cache.check() else "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


def csrf_failure(request, reason=""):
    """Answer a POST that failed Django's CSRF check (``CSRF_FAILURE_VIEW``) with the site's
    French page, status 403: the form expired or the browser sent no cookie. ``reason``
    (Django's, in English) goes to the log only, as Django already writes it."""
    return render(request, "403_csrf.html", status=403)
