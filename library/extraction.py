"""The part of ``library.documents.inspect`` that opens uploaded files: run in a child process.

    python -I library/extraction.py FAMILY PATH MEMORY_BYTES CPU_SECONDS MAX_TEXT_CHARS

``FAMILY`` is what the first bytes suggested (``pdf``, ``zip`` or ``ole2``); ``PATH`` the file.
The process first lowers its own limits (address space, CPU time, no file written, no core
dump), then parses the file for real and writes what it finds on its standard output, one
JSON object a line, flushed as it goes, so that the parent keeps what came before a crash:

- ``{"refused": CODE, ...}``: not a document the library takes (codes: ``REFUSALS`` in
  ``library/documents.py``, which holds every French sentence);
- ``{"recognised": FORMAT, "pages": N}``: the file is a FORMAT (a key of ``FORMATS``);
- ``{"thumbnail": BASE64}``: PNG of a PDF's first page;
- ``{"text": TEXT}``: the next piece of searchable text;
- ``{"note": CODE, ...}``: something staff should know (``NOTES`` in ``documents.py``);
- ``{"stopped": "memory"}``: Python ran out of its address space;
- ``{"done": true}``: the end.

Nothing here imports Django: the child starts in about 0.1 s. A hostile file may make a
library abort the process (PDFium does on a stream that inflates past the memory limit) or
loop: only this process dies, and the parent reports it. XML is read by the spreadsheet
reader's streaming parser (``crpv.spreadsheets.read._xml_elements``), which refuses any
document type declaration, so no entity is ever expanded (billion laughs).
"""

import base64
import io
import json
import re
import resource
import sys
import zipfile
from pathlib import Path

# A ZIP-based document holding more members than this is not an ordinary document (a large
# PPTX holds a few hundred).
MAX_ZIP_MEMBERS = 10_000
# The members of a ZIP once inflated, as the archive declares them (Python's zipfile never
# inflates a member past its declared size): more is a decompression bomb.
MAX_INFLATED_BYTES = 1024 * 1024 * 1024
# XML elements read in all the parts of one document (3 µs each: about 6 s at most).
MAX_XML_ELEMENTS = 2_000_000
# Thumbnail of a PDF's first page: this many pixels wide at most, and as high at most as
# three times that (a page 1 pt wide and 10 m high stays a small image).
THUMBNAIL_WIDTH = 300
THUMBNAIL_MAX_HEIGHT = 900
# Text is sent to the parent in pieces of about this many characters.
_PIECE = 64 * 1024

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


class Refused(Exception):
    """The file is not a document the library takes; ``code`` names the French message."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


class _Full(Exception):
    """The text reached its cap: reading stops."""


class Output:
    """Writes the JSON lines of the protocol; caps the text at ``max_text`` characters."""

    def __init__(self, stream, max_text):
        self.stream = stream
        self.max_text = max_text
        self.sent = 0
        self.pending = []
        self.pending_size = 0
        self.any_text = False

    def emit(self, **message):
        self.stream.write(json.dumps(message, ensure_ascii=True) + "\n")
        self.stream.flush()

    def text(self, text):
        """Queue ``text`` (cleaned); raise ``_Full`` once the cap is reached."""
        text = clean_text(text)
        if not text:
            return
        room = self.max_text - self.sent - self.pending_size
        if len(text) > room:
            self._queue(text[:room])
            self.flush()
            self.emit(note="truncated")
            raise _Full
        self._queue(text)
        if self.pending_size >= _PIECE:
            self.flush()

    def _queue(self, text):
        if text.strip():
            self.any_text = True
        self.pending.append(text)
        self.pending_size += len(text)

    def flush(self):
        if self.pending:
            self.emit(text="".join(self.pending))
            self.sent += self.pending_size
            self.pending, self.pending_size = [], 0


def clean_text(text: str) -> str:
    """Return ``text`` fit for a database column: no control character (PostgreSQL refuses
    NUL), no lone surrogate (PDF text may hold some), Unix line ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text)
    return text.encode("utf-8", "replace").decode("utf-8")


def limit(memory_bytes: int, cpu_seconds: int):
    """Lower this process's limits: address space, CPU time (SIGXCPU kills it even if its
    parent died), no file written, no core dump."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 2))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


# PDF ----------------------------------------------------------------------------------------


def read_pdf(path, out):
    """Open a PDF with PDFium: refuse it, or send its pages, thumbnail and text."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        if error.err_code == pdfium.raw.FPDF_ERR_PASSWORD:
            raise Refused("pdf_password") from error
        raise Refused("pdf_unreadable") from error
    pages = len(document)
    if pages <= 0:
        raise Refused("pdf_no_pages")
    out.emit(recognised="pdf", pages=pages)
    try:
        first = document[0]
    except pdfium.PdfiumError:
        first = None
    else:
        thumbnail = _thumbnail(first)
        if thumbnail:
            out.emit(thumbnail=base64.b64encode(thumbnail).decode("ascii"))
    unreadable = 0
    try:
        for number in range(pages):
            try:
                page = first if number == 0 and first is not None else document[number]
            except pdfium.PdfiumError:
                unreadable += 1
                continue
            textpage = page.get_textpage()
            out.text(_join_hyphenated(textpage.get_text_range()) + "\n\n")
            textpage.close()
            page.close()
    except _Full:
        pass
    out.flush()
    if unreadable == pages:
        # Not a page can be loaded (a page tree that loops): nothing of it is a document.
        raise Refused("pdf_damaged")
    if unreadable:
        out.emit(note="unreadable_pages", count=unreadable)
    if not out.any_text:
        out.emit(note="image_only")


def _join_hyphenated(text: str) -> str:
    """Join the words PDFium found cut by a hyphen at the end of a line: it gives them as
    « réno\ufffevation » (older versions: « réno\x02\r\nvation »); searched, they must be
    « rénovation »."""
    return text.replace("\x02\r\n", "").replace("\ufffe", "").replace("\x02", "")


def _thumbnail(page) -> bytes | None:
    width, height = page.get_size()
    if not (width > 0 and height > 0):
        return None
    scale = min(THUMBNAIL_WIDTH / width, THUMBNAIL_MAX_HEIGHT / height)
    image = page.render(scale=scale).to_pil().convert("RGB")
    buffer = io.BytesIO()
    # 256 colours: a page's thumbnail weighs a few tens of kilobytes.
    image.quantize(colors=256).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


# ZIP-based formats --------------------------------------------------------------------------

ODF_FORMATS = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
EPUB_MIMETYPE = b"application/epub+zip"
_OOXML = "application/vnd.openxmlformats-officedocument."
OOXML_FORMATS = {
    _OOXML + "wordprocessingml.document.main+xml": "docx",
    _OOXML + "spreadsheetml.sheet.main+xml": "xlsx",
    _OOXML + "presentationml.presentation.main+xml": "pptx",
}
OOXML_MACROS = {
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
}
OOXML_OTHERS = {
    _OOXML + "wordprocessingml.template.main+xml",
    _OOXML + "spreadsheetml.template.main+xml",
    _OOXML + "presentationml.slideshow.main+xml",
    _OOXML + "presentationml.template.main+xml",
}
# Parts whose text is searched, after the main part, by format: (content type, wanted
# elements). Headers, footers and notes of a DOCX; the slides of a PPTX; the strings of an XLSX.
OOXML_TEXT_PARTS = {
    "docx": (
        (_OOXML + "wordprocessingml.document.main+xml", {"p"}),
        (_OOXML + "wordprocessingml.header+xml", {"p"}),
        (_OOXML + "wordprocessingml.footer+xml", {"p"}),
        (_OOXML + "wordprocessingml.footnotes+xml", {"p"}),
        (_OOXML + "wordprocessingml.endnotes+xml", {"p"}),
    ),
    "pptx": ((_OOXML + "presentationml.slide+xml", {"p"}),),
    "xlsx": (
        (_OOXML + "spreadsheetml.sharedStrings+xml", {"si"}),
        (_OOXML + "spreadsheetml.worksheet+xml", {"is"}),  # inline strings
    ),
}


def read_zip(path, out):
    """Recognise an ODF, OOXML or EPUB document by its structure; send its text."""
    try:
        archive = zipfile.ZipFile(path)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise Refused("zip_unreadable") from error
    if len(members) > MAX_ZIP_MEMBERS:
        raise Refused("zip_members")
    if sum(member.file_size for member in members) > MAX_INFLATED_BYTES:
        raise Refused("zip_bomb")
    names = archive.NameToInfo
    try:
        mimetype = names.get("mimetype")
        if mimetype is not None and mimetype.file_size <= 100:
            kind = archive.read("mimetype").strip()
            if kind in ODF_FORMATS:
                return _read_odf(archive, ODF_FORMATS[kind], out)
            if kind == EPUB_MIMETYPE:
                return _read_epub(archive, out)
            if kind.startswith(b"application/vnd.oasis.opendocument."):
                raise Refused("odf_other")
        if "[Content_Types].xml" in names:
            return _read_ooxml(archive, out)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as error:
        # A member encrypted (RuntimeError), compressed by an unknown method, or corrupt.
        raise Refused("zip_unreadable") from error
    raise Refused("zip_other")


def _xml():
    """Return the spreadsheet reader's guarded XML streaming (imported late: the child's
    ``sys.path`` gains the project first)."""
    from crpv.spreadsheets import read

    return read


def _parse(archive, name, wanted, budget):
    """Yield ``(local name, element, parent's local name)`` for each wanted element of the
    member ``name``; ``Refused`` if it declares a document type or is not well formed."""
    from xml.etree.ElementTree import ParseError
    from xml.parsers.expat import ExpatError

    read = _xml()
    try:
        with archive.open(name) as source:
            yield from read._xml_elements(source, wanted, budget=budget)
    except read.ForbiddenXML as error:
        raise Refused("xml_forbidden") from error
    except (ExpatError, ParseError) as error:
        raise Refused("damaged") from error


def _read_parts(archive, parts, out, budget, text_of, *, main=None, skip=()):
    """Send the text of each part's wanted elements (``parts``: ``(name, wanted local
    names)``); past a reading limit, note it and stop. A part that is not well formed refuses
    the file if it is ``main``, else is passed over. Paragraphs already sent from another part
    (the same header on each section) are not repeated."""
    read = _xml()
    seen = set()
    for name, wanted in parts:
        try:
            for _tag, element, parent in _parse(archive, name, wanted, budget):
                if parent in skip:
                    continue
                text = text_of(element)
                if name != main:
                    if text in seen:
                        continue
                    seen.add(text)
                out.text(text + "\n")
        except Refused as refusal:
            if refusal.code != "damaged" or name == main:
                raise
        except read.TableError:
            # The elements' budget, 50,000 elements in one paragraph, 1 MB without a tag,
            # 2,000 kinds of tag: what was read stays.
            out.emit(note="xml_limits")
            return


def _ooxml_text(element) -> str:
    """Return the text of a WordprocessingML or DrawingML paragraph (or shared string)."""
    parts = []
    for node in element.iter():
        name = node.tag.rsplit("}", 1)[-1]
        if name == "t":
            parts.append(node.text or "")
        elif name == "tab" and not node.attrib:  # a tab stop's definition has attributes
            parts.append("\t")
        elif name in ("br", "cr"):
            parts.append("\n")
    return "".join(parts)


_ODF_CHARACTERS = {"tab": "\t", "line-break": "\n"}
# Elements whose words are not the text's own: a note's number, a deleted passage.
_ODF_SKIPPED = {"note-citation", "deletion", "tracked-changes"}


def _odf_text(element) -> str:
    """Return the text of an ODF paragraph or heading, with its spans, spaces (``text:s``),
    tabs and line breaks. Iterative: spans nest thousands deep in a hostile file."""
    parts = []
    stack = [(element, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            if node is not element and node.tail:
                parts.append(node.tail)
            continue
        name = node.tag.rsplit("}", 1)[-1]
        stack.append((node, True))
        if name in _ODF_SKIPPED:
            continue
        if name == "s":
            count = node.get("{urn:oasis:names:tc:opendocument:xmlns:text:1.0}c", "1")
            parts.append(" " * min(int(count) if count.isdigit() else 1, 100))
        elif name in _ODF_CHARACTERS:
            parts.append(_ODF_CHARACTERS[name])
        if node.text:
            parts.append(node.text)
        stack.extend((child, False) for child in reversed(node))
    return "".join(parts)


def _read_odf(archive, format, out):
    names = archive.NameToInfo
    manifest = names.get("META-INF/manifest.xml")
    if manifest is not None and manifest.file_size <= 10 * 1024 * 1024:
        if b"encryption-data" in archive.read(manifest):
            raise Refused("office_password")
    if "content.xml" not in names:
        raise Refused("damaged")
    out.emit(recognised=format, pages=None)
    parts = ["content.xml"] + (["styles.xml"] if "styles.xml" in names else [])
    budget = [MAX_XML_ELEMENTS]
    try:
        # The body, then the master pages' headers and footers (in styles.xml).
        _read_parts(
            archive,
            [(part, {"p", "h"}) for part in parts],
            out,
            budget,
            _odf_text,
            main="content.xml",
            skip={"deletion"},
        )
    except _Full:
        pass


def _read_ooxml(archive, out):
    names = archive.NameToInfo
    budget = [MAX_XML_ELEMENTS]
    types = {}
    for _tag, element, _parent in _parse(archive, "[Content_Types].xml", {"Override"}, budget):
        types[element.get("PartName", "").lstrip("/")] = element.get("ContentType", "")
        if len(types) > MAX_ZIP_MEMBERS:
            raise Refused("zip_members")
    kinds = set(types.values())
    if kinds & OOXML_MACROS:
        raise Refused("office_macros")
    mains = [(part, OOXML_FORMATS[kind]) for part, kind in types.items() if kind in OOXML_FORMATS]
    if not mains:
        raise Refused("office_other" if kinds & OOXML_OTHERS else "zip_other")
    main, format = mains[0]
    if main not in names:
        raise Refused("damaged")
    if format != "docx":
        # The workbook's or presentation's main part is small: parsed whole, it proves the
        # file is what it says before the other parts are read.
        for _item in _parse(archive, main, set(), budget):
            pass
    out.emit(recognised=format, pages=None)
    parts = []
    for kind, wanted in OOXML_TEXT_PARTS[format]:
        found = [part for part, part_kind in types.items() if part_kind == kind and part in names]
        parts.extend((part, wanted) for part in sorted(found, key=_natural))
    strict = main if format == "docx" else None  # the part whose damage refuses the file
    try:
        _read_parts(archive, parts, out, budget, _ooxml_text, main=strict)
    except _Full:
        pass


def _natural(name):
    """Sort key putting slide2.xml before slide10.xml."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _read_epub(archive, out):
    container = "META-INF/container.xml"
    if container not in archive.NameToInfo:
        raise Refused("damaged")
    budget = [MAX_XML_ELEMENTS]
    roots = [
        element.get("full-path", "")
        for _tag, element, _parent in _parse(archive, container, {"rootfile"}, budget)
    ]
    if not roots or roots[0] not in archive.NameToInfo:
        raise Refused("damaged")
    for _item in _parse(archive, roots[0], set(), budget):
        pass
    out.emit(recognised="epub", pages=None)


# Old Office files ---------------------------------------------------------------------------

# Office wraps a document saved with a password in an OLE2 file holding this stream.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def read_ole2(path, out):
    """Refuse an OLE2 file: a document with a password, or the Office 97-2003 formats."""
    with open(path, "rb") as file:
        tail = b""
        while chunk := file.read(1024 * 1024):
            if _ENCRYPTED_PACKAGE in tail + chunk:
                raise Refused("office_password")
            tail = chunk[-len(_ENCRYPTED_PACKAGE) :]
    raise Refused("old_office")


READERS = {"pdf": read_pdf, "zip": read_zip, "ole2": read_ole2}


def main(argv):
    family, path, memory, cpu, max_text = argv
    limit(int(memory), int(cpu))
    # The project's root, for the spreadsheet reader's XML parser (``-I`` leaves it out).
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    out = Output(sys.stdout, int(max_text))
    try:
        READERS[family](path, out)
        out.flush()
    except Refused as refusal:
        out.emit(refused=refusal.code, **refusal.params)
    except MemoryError:
        out.pending = []  # the memory for the last words may be missing too
        out.emit(stopped="memory")
    except RecursionError:
        out.emit(stopped="memory")
    out.emit(done=True)


if __name__ == "__main__":
    main(sys.argv[1:])
