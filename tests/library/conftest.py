"""Fixtures of the library's tests: real little PDF files, files stored in a temporary
folder, and a factory of resources."""

import datetime

import pytest


def make_pdf(text="Bonjour"):
    """Return the bytes of a one-page PDF showing ``text`` (ASCII) in Helvetica: small,
    written by hand, with a correct cross-reference table, so that any PDF library reads it."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


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
