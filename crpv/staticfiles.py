"""The storage of the static files: WhiteNoise's, remembering each file's address."""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage (hashed names and compressed copies, ``collectstatic``) that
    remembers the address of each file a template asked for (``{% static %}``).

    The manifest is read once per process and does not change while the process runs, so
    neither does an address; working one out (the manifest, then quoting and joining the URL)
    took 10–20 µs, a few times on every page (benchmarks/README.md). Under ``DEBUG`` names are
    not hashed and nothing is remembered.
    """

    def url(self, name, force=False):
        """Return the address of the static file ``name`` (a str); raise ``ValueError`` when
        the manifest does not list it, as Django's storage does."""
        if force or settings.DEBUG:
            return super().url(name, force)
        urls = self.__dict__.setdefault("_urls", {})
        if name not in urls:
            urls[name] = super().url(name)
        return urls[name]
