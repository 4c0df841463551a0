"""Fixtures of the library's tests: real little PDF files, files stored in a temporary
folder, and a factory of resources."""

import datetime

import pytest

from tests.library.files import make_pdf


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Store uploaded files in a temporary folder, on the local disk."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return settings.MEDIA_ROOT


@pytest.fixture
def pdf():
    return make_pdf("Rapport sur la gestion urbaine de proximite")


@pytest.fixture
def make_resource(db, centre):
    """Return a factory of saved, published resources of ``centre`` (an étude); keyword
    arguments override fields, ``centres`` and ``themes`` the links, ``files`` a list of
    (name, bytes, text) attached as files (what ``documents.inspect`` would have learnt)."""
    from django.core.files.base import ContentFile

    from library.models import Resource, ResourceFile, ResourceType

    counter = iter(range(1, 1_000_000))

    def make(centres=None, themes=(), files=(), **overrides):
        n = next(counter)
        fields = {
            "title": f"Étude de test {n}",
            "slug": f"etude-test-{n}",
            "resource_type": ResourceType.objects.get(slug="etude"),
            "published_on": datetime.date(2026, 3, 15),
            "is_published": True,
        }
        fields.update(overrides)
        resource = Resource(**fields)
        resource.full_clean(exclude=["centres", "themes"])
        resource.save()
        resource.centres.set(centres if centres is not None else [centre])
        resource.themes.set(themes)
        for position, (name, content, text) in enumerate(files):
            ResourceFile.objects.create(
                resource=resource,
                file=ContentFile(content, name=name),
                name=name,
                format="pdf",
                mime_type="application/pdf",
                size=len(content),
                text=text,
                position=position,
            )
        resource.refresh()
        return resource

    return make
