"""WSGI entry point, used by gunicorn and ``manage.py runserver``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crpv.settings")

application = get_wsgi_application()
