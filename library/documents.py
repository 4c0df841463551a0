"""Uploaded documents of the library: what they are, their text, their first page.

INTERFACE SKELETON. The naive bodies below are placeholders, to be replaced by the real,
safe implementation (recognition by content and by a real parse, extraction in a separate
process with time and memory limits, thumbnails). The names and signatures stay.
"""

from __future__ import annotations

import dataclasses

# Largest accepted upload, in bytes (documented in docs/editors.md).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class DocumentRefused(ValueError):
    """A file the library does not take; ``message`` is French, for the person who sent it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclasses.dataclass(frozen=True)
class DocumentInfo:
    """What ``inspect`` learnt of an accepted file.

    - ``format``: short code, one of ``FORMATS`` (``"pdf"``, ``"odt"``…);
    - ``mime_type``: the type it is served with;
    - ``size``: bytes;
    - ``text``: its searchable text, ``""`` when none could be extracted;
    - ``pages``: number of pages (PDF) or ``None``;
    - ``notes``: French notes for staff (« document image : pas de texte cherchable »…);
    - ``thumbnail``: PNG bytes of the first page (PDF only) or ``None``.
    """

    format: str
    mime_type: str
    size: int
    text: str = ""
    pages: int | None = None
    notes: tuple[str, ...] = ()
    thumbnail: bytes | None = None

    @property
    def label(self) -> str:
        """Return the format as people name it: « PDF », « ODT »…"""
        return FORMATS[self.format][1]


# format code → (MIME type, label, extension)
FORMATS = {
    "pdf": ("application/pdf", "PDF", "pdf"),
    "odt": ("application/vnd.oasis.opendocument.text", "ODT", "odt"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", "ODS", "ods"),
    "odp": ("application/vnd.oasis.opendocument.presentation", "ODP", "odp"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "DOCX",
        "docx",
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", "xlsx"),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PPTX",
        "pptx",
    ),
    "epub": ("application/epub+zip", "EPUB", "epub"),
}


def inspect(file) -> DocumentInfo:
    """Recognise, check and read an uploaded file.

    ``file`` is a Django ``File`` (an ``UploadedFile`` from a form, or a ``File`` around an
    open binary file); it is read from the start and left rewound.
    Raises ``DocumentRefused`` (French message) for what the library does not take.
    """
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return DocumentInfo("pdf", FORMATS["pdf"][0], file.size)
    raise DocumentRefused("Ce fichier n’est pas d’un format accepté.")


def human_size(size: int) -> str:
    """Return a size in bytes in French: « 2,3 Mo », « 850 ko »."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".replace(".", ",") + "\u00a0Mo"
    return f"{max(1, round(size / 1024))}\u00a0ko"
