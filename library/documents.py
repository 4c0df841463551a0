"""Uploaded documents of the library: what they are, their text, their first page.

``inspect(file)`` decides whether the library takes a file, from its content and never its
name, in two steps:

1. **Here, in the web process**, on the first 8 KB: the size (``MAX_UPLOAD_BYTES``), an empty
   file, and what the bytes begin with (``filetype``, plus the text formats it does not know:
   HTML, SVG, XML, scripts). Only three families go on: PDF (``%PDF-``), ZIP, and OLE2 (to
   tell a password-protected Office file from an old ``.doc``). Anything else is refused
   with a French message naming what the file is.
2. **In a child process** (``library/extraction.py``) with a memory limit
   (``MEMORY_LIMIT_BYTES``), a CPU limit and a wall-clock limit (``TIME_LIMIT_SECONDS``): the
   real parse. PDFium opens a PDF (an HTML file starting with ``%PDF-`` fails there), a ZIP is
   recognised by its structure (ODF ``mimetype``, OOXML ``[Content_Types].xml`` main part,
   EPUB ``mimetype`` and ``container.xml``), and the text (PDF, ODT, ODS, ODP, DOCX with its
   tables, headers, footers and notes, PPTX, XLSX) and a PDF's thumbnail are extracted.

A hostile file (a decompression bomb, a page tree that loops, XML entities) is refused, or
taken without text with a French note for staff; it never hangs or kills the web process: at
worst the child is killed when its time is up. See docs/architecture.md, « Documents of the
library », and the figures of ``benchmarks/hostile_documents.py``.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import json
import os
import re
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import filetype

# Largest accepted upload, in bytes (documented in docs/editors.md). Checked on the size the
# upload declares, then again while the file is copied: never read past it.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# The child process that parses a file: killed after this many seconds of wall-clock time
# (and by the kernel after as many seconds of CPU, even if the web process died meanwhile).
# A 50 MB PDF of 1,000 text pages takes about 3 s; gunicorn's worker timeout is 30 s.
TIME_LIMIT_SECONDS = 20
# Its address space: Python and PDFium take about 150 MB; rendering a page at thumbnail size
# a few MB more. A PDF stream or a ZIP member that inflates to gigabytes stops there.
MEMORY_LIMIT_BYTES = 512 * 1024 * 1024
# Searchable text kept, in characters (a 300-page report holds about 700,000).
MAX_TEXT_CHARS = 1_000_000
# What the child may write back: the text (UTF-8 in JSON escapes, up to 6 bytes a
# character), a thumbnail and a few lines. More means the child is not ours any more.
_MAX_OUTPUT_BYTES = 6 * MAX_TEXT_CHARS + 4 * 1024 * 1024
# Bytes read in the web process to tell what a file is.
_HEAD_BYTES = 8192
_WORKER = Path(__file__).with_name("extraction.py")


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
    - ``text``: its searchable text, ``""`` when none could be extracted; at most
      ``MAX_TEXT_CHARS`` characters, without control characters (fit for PostgreSQL);
    - ``pages``: number of pages (PDF) or ``None``;
    - ``notes``: French notes for staff (``NOTE_IMAGE_ONLY``, ``NOTE_TRUNCATED``…);
    - ``thumbnail``: PNG bytes of the first page (PDF only; 300 px wide at most) or ``None``.
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

NBSP = "\u00a0"
ACCEPTED = f"Formats acceptés{NBSP}: PDF, ODT, DOCX, ODS, XLSX, ODP, PPTX, EPUB."
_SAVE_AGAIN = "Ouvrez-le et enregistrez-le de nouveau depuis le logiciel qui l’a créé."

# French messages of the refusals, by the code the child process sends.
REFUSALS = {
    "empty": "Le fichier est vide.",
    "pdf_password": (
        f"Ce PDF est protégé par un mot de passe{NBSP}: enregistrez-en une copie sans mot de "
        "passe, puis déposez-la."
    ),
    "office_password": (
        f"Ce document est protégé par un mot de passe{NBSP}: enregistrez-en une copie sans mot "
        "de passe, puis déposez-la."
    ),
    "pdf_unreadable": (
        f"Ce fichier se présente comme un PDF, mais n’en est pas un lisible{NBSP}: il est "
        f"endommagé, ou c’est un autre fichier déguisé. {_SAVE_AGAIN}"
    ),
    "pdf_no_pages": "Ce PDF ne contient aucune page.",
    "pdf_damaged": (
        f"Ce PDF est endommagé{NBSP}: aucune de ses pages ne peut être lue. {_SAVE_AGAIN}"
    ),
    "damaged": (f"Ce document est endommagé{NBSP}: son contenu ne peut pas être lu. {_SAVE_AGAIN}"),
    "zip_unreadable": (
        "Ce fichier est une archive ZIP endommagée ou chiffrée, pas un document lisible. "
        f"{ACCEPTED}"
    ),
    "zip_other": f"Ce fichier est une archive ZIP, pas un document. {ACCEPTED}",
    "zip_members": (
        f"Ce document contient plus de 10{NBSP}000 fichiers internes{NBSP}: ce n’est pas un "
        "document ordinaire."
    ),
    "zip_bomb": (
        f"Une fois décompressé, ce document pèserait plus de 1{NBSP}Go{NBSP}: il est refusé, "
        f"car il pourrait bloquer le serveur. {_SAVE_AGAIN}"
    ),
    "odf_other": (
        "Ce document OpenDocument n’est ni un texte (.odt), ni un classeur (.ods), ni une "
        f"présentation (.odp). {ACCEPTED}"
    ),
    "office_macros": (
        f"Les documents avec macros (.docm, .xlsm, .pptm) ne sont pas acceptés{NBSP}: "
        "enregistrez-le au format .docx, .xlsx ou .pptx."
    ),
    "office_other": (
        f"Ce document Office est un modèle ou un diaporama{NBSP}: enregistrez-le au format "
        ".docx, .xlsx ou .pptx."
    ),
    "old_office": (
        "Ce fichier est au format Office 97-2003 (.doc, .xls, .ppt), qui n’est pas "
        f"accepté{NBSP}: enregistrez-le au format .docx, .xlsx ou .pptx (ou .odt, .ods, .odp)."
    ),
    "xml_forbidden": (
        f"Ce document contient des déclarations XML refusées par sécurité (entités). {_SAVE_AGAIN}"
    ),
    "limits": (
        f"Ce fichier n’a pas pu être analysé dans les limites fixées ({TIME_LIMIT_SECONDS}{NBSP}s, "
        f"{MEMORY_LIMIT_BYTES // (1024 * 1024)}{NBSP}Mo de mémoire){NBSP}: il est trop lourd, "
        f"endommagé ou piégé. {_SAVE_AGAIN}"
    ),
}

# French notes for staff, kept with an accepted document.
NOTE_IMAGE_ONLY = f"document image{NBSP}: pas de texte cherchable"
NOTE_TRUNCATED = (
    f"texte tronqué{NBSP}: seuls les {MAX_TEXT_CHARS:,} premiers caractères sont "
    "cherchables".replace(",", NBSP)
)
NOTE_XML_LIMITS = (
    f"texte extrait en partie{NBSP}: le document dépasse les limites de lecture "
    "(2 millions d’éléments XML, ou un paragraphe démesuré)"
)
_STOPPED_BY_TIME = (
    f"l’analyse a dépassé la limite de {TIME_LIMIT_SECONDS}{NBSP}s (document trop lourd ou piégé)"
)
_STOPPED_BY_MEMORY = (
    f"l’analyse a dépassé la limite de mémoire ({MEMORY_LIMIT_BYTES // (1024 * 1024)}{NBSP}Mo) "
    "ou s’est arrêtée net (document trop lourd ou piégé)"
)
NOTE_NO_TEXT_TIME = f"texte non extrait{NBSP}: {_STOPPED_BY_TIME}"
NOTE_NO_TEXT_MEMORY = f"texte non extrait{NBSP}: {_STOPPED_BY_MEMORY}"
NOTE_PART_TEXT_TIME = f"texte extrait en partie{NBSP}: {_STOPPED_BY_TIME}"
NOTE_PART_TEXT_MEMORY = f"texte extrait en partie{NBSP}: {_STOPPED_BY_MEMORY}"


_NOTES = {"image_only": NOTE_IMAGE_ONLY, "truncated": NOTE_TRUNCATED, "xml_limits": NOTE_XML_LIMITS}


def _note(code: str, message: dict) -> str:
    if code == "unreadable_pages":
        count = int(message.get("count", 0))
        return (
            f"{count} page illisible{NBSP}: son texte manque"
            if count == 1
            else f"{count} pages illisibles{NBSP}: leur texte manque"
        )
    return _NOTES.get(code, code)


_PROGRAMS = ("application/x-executable", "application/x-msdownload", "application/x-mach-binary")


def _what(head: bytes) -> str | None:
    """Name, in French, what a file that is not a document is, from its first bytes."""
    kind = filetype.guess(head)
    if kind is not None:
        mime = kind.mime
        if mime.startswith("image/"):
            return f"une image ({kind.extension.upper()})"
        if mime.startswith("video/"):
            return "une vidéo"
        if mime.startswith("audio/"):
            return "un fichier audio"
        if mime in _PROGRAMS:
            return "un programme exécutable"
        if mime in (
            "application/gzip",
            "application/x-rar-compressed",
            "application/x-7z-compressed",
            "application/x-tar",
            "application/x-bzip2",
            "application/x-xz",
            "application/zstd",
        ):
            return "une archive compressée"
        if mime == "application/rtf":
            return "un document RTF"
    if head.startswith((b"\x7fELF", b"MZ", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")):
        return "un programme exécutable"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"#!"):
        return "un script"
    if b"<svg" in text[:2048]:
        return "une image SVG"
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<meta")):
        return "une page web (HTML)"
    if text.startswith(b"<"):  # an XML declaration too
        return "une page web (HTML)" if b"<html" in text else "un fichier XML"
    if text.startswith(b"{\\rtf"):
        return "un document RTF"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A file cut inside a character at 8 KB is still text.
        if error.start < len(head) - 4:
            return None
    return "un fichier texte"


def _family(head: bytes) -> str:
    """Return ``"pdf"``, ``"zip"`` or ``"ole2"``; raise DocumentRefused for anything else."""
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        # Readers accept a PDF header anywhere in the first kilobyte (some generators put a
        # line before it): PDFium decides.
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole2"
    what = _what(head)
    if what is None:
        raise DocumentRefused(f"Ce fichier n’est pas d’un format accepté. {ACCEPTED}")
    raise DocumentRefused(
        f"Ce fichier est {what}, pas un document{NBSP}: il est refusé, quel que soit son nom. "
        f"{ACCEPTED}"
    )


def _too_big(size: int) -> DocumentRefused:
    return DocumentRefused(
        f"Le fichier pèse {human_size(size)}{NBSP}: la limite est de "
        f"{human_size(MAX_UPLOAD_BYTES)}. Réduisez-le (images moins lourdes, export PDF "
        "«\u00a0pour le web\u00a0») ou découpez-le."
    )


def inspect(file) -> DocumentInfo:
    """Recognise, check and read an uploaded file.

    ``file`` is a Django ``File`` (an ``UploadedFile`` from a form, or a ``File`` around an
    open binary file); it is read from the start and left rewound. Takes up to
    ``TIME_LIMIT_SECONDS`` (20 s) for a hostile file, about 0.2 s for an ordinary one.
    Raises ``DocumentRefused`` (French message) for what the library does not take: too big
    (``MAX_UPLOAD_BYTES``), empty, not one of ``FORMATS`` whatever its name, damaged,
    protected by a password, or that cannot be parsed within the limits at all. A file parsed
    but whose text could not be read whole is accepted, with a note in ``notes``.
    """
    declared = getattr(file, "size", None)
    if declared is not None and declared > MAX_UPLOAD_BYTES:
        raise _too_big(declared)
    file.seek(0)
    head = file.read(_HEAD_BYTES)
    file.seek(0)
    if not head:
        raise DocumentRefused(REFUSALS["empty"])
    family = _family(head)
    with _on_disk(file) as (path, size):
        return _parse(family, path, size)


@contextlib.contextmanager
def _on_disk(file):
    """Yield ``(path, size)`` of the upload on disk: Django's temporary file when it has one,
    or a copy deleted on exit. Raise DocumentRefused past ``MAX_UPLOAD_BYTES``, as soon as
    the copy passes it."""
    temporary_path = getattr(file, "temporary_file_path", None)
    if temporary_path is not None:
        size = os.path.getsize(temporary_path())
        if size > MAX_UPLOAD_BYTES:
            raise _too_big(size)
        yield temporary_path(), size
        return
    with tempfile.NamedTemporaryFile(prefix="crpv-document-", suffix=".bin") as copy:
        size = 0
        file.seek(0)
        try:
            while chunk := file.read(1024 * 1024):
                size += len(chunk)
                if size > MAX_UPLOAD_BYTES:
                    raise _too_big(size)
                copy.write(chunk)
        finally:
            file.seek(0)
        copy.flush()
        yield copy.name, size


def _run_worker(family: str, path: str) -> tuple[list[dict], str | None]:
    """Run ``extraction.py`` on ``path``; return its complete JSON lines and why it was cut
    short: ``None`` (it ended), ``"time"`` or ``"memory"`` (killed, crashed, or out of memory).
    """
    command = [
        sys.executable,
        "-I",  # no PYTHON* variables, no user site, no current directory on the path
        str(_WORKER),
        family,
        path,
        str(MEMORY_LIMIT_BYTES),
        str(TIME_LIMIT_SECONDS),
        str(MAX_TEXT_CHARS),
    ]
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # PDFium's warnings about broken files
        close_fds=True,
        start_new_session=True,  # a signal to the web worker's group does not reach it
    )
    deadline = time.monotonic() + TIME_LIMIT_SECONDS
    received, total, cut, ended = [], 0, None, False
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    cut = "time"
                    break
                if not selector.select(remaining):
                    continue
                data = os.read(process.stdout.fileno(), 256 * 1024)
                if not data:
                    ended = True
                    break
                total += len(data)
                if total > _MAX_OUTPUT_BYTES:
                    cut = "memory"
                    break
                received.append(data)
    finally:
        # Past its time, over its output, or this process interrupted: the child goes.
        if not ended:
            process.kill()
        try:
            returncode = process.wait(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:  # it closed its output but goes on: not ours
            process.kill()
            returncode = process.wait()
        process.stdout.close()
    if cut is None and returncode != 0:
        cut = "time" if returncode == -signal.SIGXCPU else "memory"
    messages = []
    for line in b"".join(received).split(b"\n"):
        try:
            message = json.loads(line)
        except ValueError:
            continue  # the last line of a process killed while writing
        if isinstance(message, dict):
            messages.append(message)
    if cut is None and not any(message.get("done") for message in messages):
        cut = "memory"
    if any(message.get("stopped") for message in messages):
        cut = "memory"
    return messages, cut


def _parse(family: str, path: str, size: int) -> DocumentInfo:
    messages, cut = _run_worker(family, path)
    for message in messages:
        if "refused" in message:
            code = message["refused"]
            raise DocumentRefused(REFUSALS.get(code, REFUSALS["damaged"]))
    recognised = next((message for message in messages if "recognised" in message), None)
    if recognised is None or recognised["recognised"] not in FORMATS:
        raise DocumentRefused(REFUSALS["limits"])
    format = recognised["recognised"]
    pages = recognised.get("pages")
    text = "".join(message["text"] for message in messages if isinstance(message.get("text"), str))
    text = text[:MAX_TEXT_CHARS]
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    notes = [_note(message["note"], message) for message in messages if "note" in message]
    if cut is not None:
        stopped = {
            ("time", False): NOTE_NO_TEXT_TIME,
            ("time", True): NOTE_PART_TEXT_TIME,
            ("memory", False): NOTE_NO_TEXT_MEMORY,
            ("memory", True): NOTE_PART_TEXT_MEMORY,
        }
        notes.append(stopped[cut, bool(text)])
    thumbnail = None
    for message in messages:
        if isinstance(message.get("thumbnail"), str):
            data = base64.b64decode(message["thumbnail"])
            if data.startswith(b"\x89PNG\r\n\x1a\n"):
                thumbnail = data
    return DocumentInfo(
        format=format,
        mime_type=FORMATS[format][0],
        size=size,
        text=text,
        pages=pages if isinstance(pages, int) else None,
        notes=tuple(dict.fromkeys(notes)),
        thumbnail=thumbnail,
    )


def human_size(size: int) -> str:
    """Return a size in bytes as French readers write it: « 850 octets », « 850 ko »,
    « 2,3 Mo », « 15 Mo », « 1,2 Go ». Units of 1,024 bytes (as Windows shows them), one
    decimal under 10, a non-breaking space before the unit."""
    if size < 1024:
        return f"{size}{NBSP}octet" + ("s" if size > 1 else "")
    if round(size / 1024) < 1024:
        return f"{round(size / 1024)}{NBSP}ko"
    if round(size / 1024**2) < 1024:
        return f"{_decimal(size / 1024**2)}{NBSP}Mo"
    return f"{_decimal(size / 1024**3)}{NBSP}Go"


def _decimal(value: float) -> str:
    text = f"{value:.1f}" if value < 9.95 else f"{value:.0f}"
    return text.replace(".", ",").removesuffix(",0")
