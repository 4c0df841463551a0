"""Fixtures of the news tests: uploaded files in a temporary folder, a factory of items and
images made by Pillow."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.library.conftest import make_resource  # noqa: F401 - the library's factory, shared


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def image_file(name="photo.jpg", size=(2400, 1600), kind="JPEG", color=(200, 80, 40)):
    """Return an uploaded image made by Pillow: ``size`` in pixels, ``kind`` a Pillow format."""
    output = io.BytesIO()
    mode = "RGBA" if kind == "PNG" else "RGB"
    Image.new(mode, size, color).save(output, kind)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png"}.get(kind, "application/octet-stream")
    return SimpleUploadedFile(name, output.getvalue(), content_type=content_type)


def ago(**delta):
    """Return the current time minus ``delta`` (``timedelta`` keywords), aware."""
    return timezone.now() - datetime.timedelta(**delta)


@pytest.fixture
def make_news(db, centre):
    """Return a factory of saved items, published an hour ago by ``centre``; keyword
    arguments override fields, ``centres``, ``themes``, ``events`` and ``resources`` the
    links."""
    from news.models import NewsItem

    counter = iter(range(1, 1_000_000))

    def make(centres=None, themes=(), events=(), resources=(), **overrides):
        n = next(counter)
        fields = {
            "title": f"Actualité de test {n}",
            "slug": f"actualite-test-{n}",
            "summary": f"Le résumé de l’actualité {n}.",
            "body": "<p>Le texte.</p>",
            "published_at": ago(hours=1, minutes=n),
            "is_published": True,
        }
        fields.update(overrides)
        item = NewsItem(**fields)
        item.full_clean(exclude=["centres", "themes", "events", "resources"])
        item.save()
        item.centres.set(centres if centres is not None else ([] if item.is_national else [centre]))
        item.themes.set(themes)
        item.events.set(events)
        item.resources.set(resources)
        return item

    return make
