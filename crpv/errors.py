"""The site's French 404 and 500 pages in development too.

Under ``DEBUG`` (``make run``) Django answers a missing page or an error with its English
technical pages. ``DesignedErrorPagesMiddleware`` answers them with ``templates/404.html`` and
``500.html``, as production does; the traceback still goes to the console (logger
``django.request``). ``DJANGO_TECHNICAL_ERRORS=true`` brings Django's pages back. With
``DEBUG`` off the middleware removes itself: Django renders the same templates.
"""

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.views import defaults

# Both of Django's technical pages (404 and 500) carry this line; the site's pages never do.
_TECHNICAL_MARK = b'<meta name="robots" content="NONE,NOARCHIVE">'


class DesignedErrorPagesMiddleware:
    """Replace Django's technical 404 and 500 pages with the site's, under ``DEBUG``.

    Raises ``MiddlewareNotUsed`` (so costs nothing) when ``DEBUG`` is off or
    ``TECHNICAL_ERROR_PAGES`` is on.
    """

    def __init__(self, get_response):
        if not settings.DEBUG or settings.TECHNICAL_ERROR_PAGES:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code not in (404, 500) or response.streaming:
            return response
        if _TECHNICAL_MARK not in response.content:
            return response
        if response.status_code == 404:
            return defaults.page_not_found(request, exception=None)
        return defaults.server_error(request)
