"""Uploaded documents: recognised by content, read in a limited child process, hostile files
refused or kept without text (library/documents.py, library/extraction.py)."""

import io
import sys
import zipfile

import filetype
import pytest
from django.core.files.base import ContentFile, File
from PIL import Image

from library import documents
from library.documents import (
    ACCEPTED,
    FORMATS,
    MAX_UPLOAD_BYTES,
    NOTE_IMAGE_ONLY,
    NOTE_NO_TEXT_MEMORY,
    NOTE_NO_TEXT_TIME,
    NOTE_PART_TEXT_TIME,
    NOTE_TRUNCATED,
    NOTE_XML_LIMITS,
    REFUSALS,
    DocumentRefused,
    download_name,
    human_size,
    inspect,
    safe_storage_name,
)
from library.extraction import clean_text
from tests.library import document_samples as samples

NBSP = "\u00a0"


def upload(content: bytes, name: str = "rapport.pdf") -> ContentFile:
    return ContentFile(content, name=name)


def refusal(content: bytes, name: str = "rapport.pdf") -> str:
    with pytest.raises(DocumentRefused) as caught:
        inspect(upload(content, name))
    return caught.value.message


# PDF ----------------------------------------------------------------------------------------


def test_a_pdf_gives_its_pages_text_and_a_small_png_thumbnail():
    content = samples.text_pdf("Rénovation des quartiers", "Deuxième page")
    info = inspect(upload(content))
    assert (info.format, info.mime_type, info.label) == ("pdf", "application/pdf", "PDF")
    assert info.size == len(content)
    assert info.pages == 2
    assert info.text == "Rénovation des quartiers\n\nDeuxième page"
    assert info.notes == ()
    thumbnail = Image.open(io.BytesIO(info.thumbnail))
    assert thumbnail.format == "PNG"
    assert thumbnail.width == 300
    assert 400 < thumbnail.height < 450  # an A4 page's proportions


def test_the_file_is_left_rewound():
    file = upload(samples.text_pdf())
    file.read(3)
    inspect(file)
    assert file.tell() == 0


def test_a_file_on_disk_is_read_where_it_is(tmp_path):
    path = tmp_path / "etude.pdf"
    path.write_bytes(samples.text_pdf("Sur le disque"))
    with path.open("rb") as handle:
        assert inspect(File(handle)).text == "Sur le disque"


def test_uploads_in_memory_and_in_a_temporary_file_are_read():
    from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

    content = samples.text_pdf("Envoyé par un formulaire")
    assert inspect(SimpleUploadedFile("etude.pdf", content)).text == "Envoyé par un formulaire"
    temporary = TemporaryUploadedFile("etude.pdf", "application/pdf", len(content), None)
    temporary.write(content)
    temporary.flush()
    try:
        info = inspect(temporary)
    finally:
        temporary.close()
    assert (info.text, info.size) == ("Envoyé par un formulaire", len(content))


def test_a_pdf_encrypted_with_an_empty_user_password_is_read():
    info = inspect(upload(samples.encrypted_pdf("")))
    assert info.text == "Rénovation des quartiers"


def test_a_pdf_that_needs_a_password_is_refused():
    message = refusal(samples.encrypted_pdf("secret"))
    assert message == (
        f"Ce PDF est protégé par un mot de passe{NBSP}: enregistrez-en une copie sans mot de "
        "passe, puis déposez-la."
    )


def test_a_scanned_pdf_is_accepted_and_flagged_as_image_only():
    info = inspect(upload(samples.image_pdf()))
    assert info.format == "pdf"
    assert info.text == ""
    assert info.notes == (f"document image{NBSP}: pas de texte cherchable",)
    assert NOTE_IMAGE_ONLY == info.notes[0]
    assert info.thumbnail is not None


def test_html_starting_like_a_pdf_fools_filetype_but_not_the_parse():
    assert filetype.guess(samples.HTML_PDF).mime == "application/pdf"
    message = refusal(samples.HTML_PDF)
    assert message == (
        f"Ce fichier se présente comme un PDF, mais n’en est pas un lisible{NBSP}: il est "
        "endommagé, ou c’est un autre fichier déguisé. Ouvrez-le et enregistrez-le de nouveau "
        "depuis le logiciel qui l’a créé."
    )


def test_a_page_tree_that_loops_is_refused():
    assert refusal(samples.looping_pdf()) == REFUSALS["pdf_damaged"]
    assert REFUSALS["pdf_damaged"].startswith(f"Ce PDF est endommagé{NBSP}: aucune de ses pages")


def test_a_page_count_of_billions_is_not_believed():
    info = inspect(upload(samples.billions_of_pages_pdf()))
    assert info.pages == 1
    assert info.text == "Un milliard de pages"


def test_a_pdf_stream_that_inflates_to_a_gigabyte_is_kept_without_text():
    content = samples.bomb_pdf(1024)
    assert len(content) < 2 * 1024 * 1024
    info = inspect(upload(content))
    assert info.format == "pdf"
    assert info.text == ""
    assert info.thumbnail is None
    # PDFium aborts the child when the stream passes its memory limit.
    assert info.notes == (NOTE_NO_TEXT_MEMORY,)
    assert NOTE_NO_TEXT_MEMORY == (
        f"texte non extrait{NBSP}: l’analyse a dépassé la limite de mémoire (512{NBSP}Mo) ou "
        "s’est arrêtée net (document trop lourd ou piégé)"
    )


def test_a_pdf_without_pages_is_refused():
    content = samples.pdf([samples.CATALOG, b"<< /Type /Pages /Kids [] /Count 0 >>"])
    assert refusal(content) == REFUSALS["pdf_unreadable"]


def test_text_is_capped_with_a_note(monkeypatch):
    monkeypatch.setattr(documents, "MAX_TEXT_CHARS", 30)
    info = inspect(upload(samples.text_pdf("Rénovation des quartiers", "Deuxième page")))
    assert len(info.text) <= 30
    assert info.text.startswith("Rénovation des quartiers")
    assert info.notes == (NOTE_TRUNCATED,)
    assert NOTE_TRUNCATED == (
        f"texte tronqué{NBSP}: seuls les 1{NBSP}000{NBSP}000 premiers caractères sont cherchables"
    )


# Files that are not documents ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (samples.HTML, "une page web (HTML)"),
        (samples.SVG, "une image SVG"),
        (samples.SHELL_SCRIPT, "un script"),
        (samples.ELF, "un programme exécutable"),
        (b"MZ\x90\x00" + bytes(100), "un programme exécutable"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "une image (PNG)"),
        ("Un simple texte, accentué.".encode(), "un fichier texte"),
    ],
)
def test_a_file_renamed_pdf_is_refused_by_what_it_is(content, what):
    assert refusal(content, "rapport.pdf") == (
        f"Ce fichier est {what}, pas un document{NBSP}: il est refusé, quel que soit son nom. "
        f"Formats acceptés{NBSP}: PDF, ODT, DOCX, ODS, XLSX, ODP, PPTX, EPUB."
    )


def test_an_empty_file_is_refused():
    assert refusal(b"") == "Le fichier est vide."


class _Unreadable(ContentFile):
    def read(self, *args):
        raise AssertionError("read although too big")


def test_a_file_too_big_is_refused_before_it_is_read():
    file = _Unreadable(b"%PDF-", name="gros.pdf")
    file.size = MAX_UPLOAD_BYTES + 1
    with pytest.raises(DocumentRefused) as caught:
        inspect(file)
    assert caught.value.message == (
        f"Le fichier pèse 50{NBSP}Mo{NBSP}: la limite est de 50{NBSP}Mo. Réduisez-le (images "
        f"moins lourdes, export PDF «{NBSP}pour le web{NBSP}») ou découpez-le."
    )


def test_a_file_bigger_than_it_says_stops_being_copied_at_the_limit(monkeypatch):
    monkeypatch.setattr(documents, "MAX_UPLOAD_BYTES", 2000)
    file = upload(samples.text_pdf() + b" " * 3000)
    file.size = 10
    with pytest.raises(DocumentRefused) as caught:
        inspect(file)
    assert caught.value.message.startswith("Le fichier pèse ")
    assert f"{NBSP}: la limite est de 2{NBSP}ko." in caught.value.message


# OpenDocument -------------------------------------------------------------------------------


def test_odt_text_includes_tables_headers_and_footers_not_deletions():
    info = inspect(upload(samples.odt(), "rapport.odt"))
    assert (info.format, info.label, info.pages, info.notes) == ("odt", "ODT", None, ())
    assert info.mime_type == "application/vnd.oasis.opendocument.text"
    assert info.text == (
        "Rénovation des quartiers\nUne étude  du centre.\nCellule Villeurbanne\n"
        "En-tête du rapport\nPied de page CRPV"
    )
    assert info.thumbnail is None


def test_billion_laughs_in_content_xml_is_refused():
    content = samples.odt(prolog=samples.BILLION_LAUGHS, body="<text:p>&lol9;</text:p>")
    assert refusal(content, "rapport.odt") == (
        "Ce document contient des déclarations XML refusées par sécurité (entités). Ouvrez-le "
        "et enregistrez-le de nouveau depuis le logiciel qui l’a créé."
    )


def test_an_odt_with_a_password_is_refused():
    manifest = (
        b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        b"<manifest:file-entry><manifest:encryption-data/></manifest:file-entry>"
        b"</manifest:manifest>"
    )
    assert refusal(samples.odt(manifest=manifest)) == REFUSALS["office_password"]
    assert REFUSALS["office_password"].startswith(
        f"Ce document est protégé par un mot de passe{NBSP}:"
    )


def test_endless_nesting_in_an_odt_keeps_what_was_read_with_a_note():
    spans = "<text:span>" * 60_000 + "x" + "</text:span>" * 60_000
    content = samples.odt(body=f"<text:p>Avant</text:p><text:p>{spans}</text:p>")
    info = inspect(upload(content, "rapport.odt"))
    assert info.text == "Avant"
    assert info.notes == (NOTE_XML_LIMITS,)


@pytest.mark.parametrize(
    ("mimetype", "format"),
    [
        ("application/vnd.oasis.opendocument.spreadsheet", "ods"),
        ("application/vnd.oasis.opendocument.presentation", "odp"),
    ],
)
def test_ods_and_odp_are_recognised_by_their_mimetype_entry(mimetype, format):
    content_xml = (
        f"<office:document-content {samples.ODF_NAMESPACES}><office:body>"
        "<text:p>Diapositive ou cellule</text:p></office:body></office:document-content>"
    )
    content = samples.odf_zip({"content.xml": content_xml.encode()}, mimetype.encode())
    info = inspect(upload(content, "x.pdf"))
    assert (info.format, info.mime_type) == (format, mimetype)
    assert info.text == "Diapositive ou cellule"


def test_an_opendocument_drawing_is_refused():
    content = samples.odf_zip(
        {"content.xml": b"<x/>"}, b"application/vnd.oasis.opendocument.graphics"
    )
    assert refusal(content) == (
        "Ce document OpenDocument n’est ni un texte (.odt), ni un classeur (.ods), ni une "
        f"présentation (.odp). {ACCEPTED}"
    )


# Office Open XML ----------------------------------------------------------------------------


def test_docx_text_includes_tables_headers_and_footers_not_deletions():
    info = inspect(upload(samples.docx(), "rapport.docx"))
    assert (info.format, info.label, info.notes) == ("docx", "DOCX", ())
    assert info.mime_type == FORMATS["docx"][0]
    assert info.text == (
        "Rénovation\tdes quartiers\nCellule Villeurbanne\nCellule Vaulx-en-Velin\nFin\n"
        "En-tête du rapport\nPied de page CRPV"
    )


def test_a_zip_bomb_disguised_as_docx_is_refused_before_it_is_inflated():
    content = samples.zip_with_bomb(samples.docx(), "word/document.xml", 1100)
    assert len(content) < 2 * 1024 * 1024
    assert refusal(content, "rapport.docx") == (
        f"Une fois décompressé, ce document pèserait plus de 1{NBSP}Go{NBSP}: il est refusé, car "
        "il pourrait bloquer le serveur. Ouvrez-le et enregistrez-le de nouveau depuis le "
        "logiciel qui l’a créé."
    )


def test_a_docx_whose_body_is_not_xml_is_refused():
    content = samples.docx(body="<w:p><w:r><w:t>pas fermé")
    assert refusal(content, "rapport.docx") == REFUSALS["damaged"]


def test_a_docx_with_macros_is_refused():
    content = samples.docx(main_type="application/vnd.ms-word.document.macroEnabled.main+xml")
    assert refusal(content, "rapport.docx") == (
        f"Les documents avec macros (.docm, .xlsm, .pptm) ne sont pas acceptés{NBSP}: "
        "enregistrez-le au format .docx, .xlsx ou .pptx."
    )


def test_an_xlsx_is_recognised_and_its_strings_read():
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Commune", "Quartier prioritaire"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    info = inspect(upload(buffer.getvalue(), "tableau.xlsx"))
    assert info.format == "xlsx"
    assert "Quartier prioritaire" in info.text


def test_a_pptx_is_recognised_and_its_slides_read():
    a = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    members = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/ppt/presentation.xml" ContentType="'
            f'{samples.OOXML}presentationml.presentation.main+xml"/>'
            '<Override PartName="/ppt/slides/slide10.xml" ContentType="'
            f'{samples.OOXML}presentationml.slide+xml"/>'
            '<Override PartName="/ppt/slides/slide2.xml" ContentType="'
            f'{samples.OOXML}presentationml.slide+xml"/></Types>'
        ),
        "ppt/presentation.xml": f"<p:presentation {a} xmlns:p='urn:p'/>",
        "ppt/slides/slide2.xml": f"<sld {a}><a:p><a:r><a:t>Deuxième</a:t></a:r></a:p></sld>",
        "ppt/slides/slide10.xml": f"<sld {a}><a:p><a:r><a:t>Dixième</a:t></a:r></a:p></sld>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    info = inspect(upload(buffer.getvalue(), "diaporama.pptx"))
    assert info.format == "pptx"
    assert info.text == "Deuxième\nDixième"


def test_an_epub_is_recognised_by_its_mimetype_and_container():
    container = (
        '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
        '<rootfile full-path="OEBPS/content.opf"/></rootfiles></container>'
    )
    content = samples.odf_zip(
        {"META-INF/container.xml": container.encode(), "OEBPS/content.opf": b"<package/>"},
        b"application/epub+zip",
    )
    info = inspect(upload(content, "livre.epub"))
    assert (info.format, info.mime_type) == ("epub", "application/epub+zip")


def test_an_ordinary_zip_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.txt", "bonjour")
    assert refusal(buffer.getvalue(), "rapport.docx") == (
        f"Ce fichier est une archive ZIP, pas un document. {ACCEPTED}"
    )


def test_an_office_file_with_a_password_is_refused():
    assert (
        refusal(samples.ole2("EncryptedInfo", "EncryptedPackage")) == (REFUSALS["office_password"])
    )


def test_an_old_word_file_is_refused():
    assert refusal(samples.ole2("WordDocument"), "rapport.doc") == (
        "Ce fichier est au format Office 97-2003 (.doc, .xls, .ppt), qui n’est pas "
        f"accepté{NBSP}: enregistrez-le au format .docx, .xlsx ou .pptx (ou .odt, .ods, .odp)."
    )


# The child process --------------------------------------------------------------------------


def fake_worker(tmp_path, monkeypatch, body: str):
    """Make ``inspect`` run ``body`` (Python) as its child process."""
    script = tmp_path / "worker.py"
    script.write_text(
        "import json, os, sys, time\ndef emit(**m):\n    print(json.dumps(m), flush=True)\n" + body
    )
    monkeypatch.setattr(documents, "_WORKER", script)


def test_a_child_past_its_time_is_killed_and_its_text_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(documents, "TIME_LIMIT_SECONDS", 1)
    fake_worker(
        tmp_path,
        monkeypatch,
        "emit(recognised='pdf', pages=3)\nemit(text='Début du texte')\ntime.sleep(60)\n",
    )
    info = inspect(upload(samples.text_pdf()))
    assert info.text == "Début du texte"
    assert info.notes == (NOTE_PART_TEXT_TIME,)
    assert NOTE_PART_TEXT_TIME.startswith(f"texte extrait en partie{NBSP}: l’analyse a dépassé")


def test_a_child_that_never_recognises_the_file_refuses_it(tmp_path, monkeypatch):
    monkeypatch.setattr(documents, "TIME_LIMIT_SECONDS", 1)
    fake_worker(tmp_path, monkeypatch, "time.sleep(60)\n")
    assert refusal(samples.text_pdf()) == (
        f"Ce fichier n’a pas pu être analysé dans les limites fixées (20{NBSP}s, "
        f"512{NBSP}Mo de mémoire){NBSP}: il est trop lourd, endommagé ou piégé. Ouvrez-le et "
        "enregistrez-le de nouveau depuis le logiciel qui l’a créé."
    )


def test_a_child_that_crashes_after_recognising_keeps_the_file_without_text(tmp_path, monkeypatch):
    fake_worker(tmp_path, monkeypatch, "emit(recognised='docx', pages=None)\nos.abort()\n")
    info = inspect(upload(samples.text_pdf()))
    assert (info.format, info.text, info.notes) == ("docx", "", (NOTE_NO_TEXT_MEMORY,))


def test_the_child_cannot_use_more_than_its_memory(tmp_path, monkeypatch):
    fake_worker(
        tmp_path,
        monkeypatch,
        "import resource\n"
        f"sys.path.insert(0, {str(documents._WORKER.parent)!r})\n"
        "import extraction\n"
        "extraction.limit(int(sys.argv[3]), int(sys.argv[4]))\n"
        "emit(recognised='pdf', pages=1)\n"
        "emit(text=str(resource.getrlimit(resource.RLIMIT_AS)[0]))\n"
        "emit(done=True)\n",
    )
    assert inspect(upload(samples.text_pdf())).text == str(512 * 1024 * 1024)
    assert NOTE_NO_TEXT_TIME.startswith(f"texte non extrait{NBSP}: l’analyse a dépassé la limite")


def test_the_real_worker_runs_with_the_running_python():
    assert documents._WORKER.exists()
    assert sys.executable


def test_text_is_cleaned_for_the_database():
    assert clean_text("a\x00b\r\nc\x0bd\ud800") == "a b\nc d?"


# Names and sizes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (1, f"1{NBSP}octet"),
        (850, f"850{NBSP}octets"),
        (850 * 1024, f"850{NBSP}ko"),
        (1023 * 1024 + 1000, f"1{NBSP}Mo"),
        (int(2.3 * 1024 * 1024), f"2,3{NBSP}Mo"),
        (2 * 1024 * 1024, f"2{NBSP}Mo"),
        (int(15.4 * 1024 * 1024), f"15{NBSP}Mo"),
        (int(1.25 * 1024**3), f"1,2{NBSP}Go"),
    ],
)
def test_human_size_is_french(size, shown):
    assert human_size(size) == shown


def test_a_download_label_can_be_composed():
    info = documents.DocumentInfo("pdf", "application/pdf", int(2.3 * 1024 * 1024))
    label = f"Télécharger l’étude ({info.label}, {human_size(info.size)})"
    assert label == f"Télécharger l’étude (PDF, 2,3{NBSP}Mo)"


@pytest.mark.parametrize(
    ("original", "format", "stored"),
    [
        ("Étude 2025 (v2).PDF", "pdf", "etude-2025-v2.pdf"),
        ("../../etc/passwd", "odt", "passwd.odt"),
        ("C:\\Users\\moi\\Rapport final.docx", "docx", "rapport-final.docx"),
        ("page.html", "pdf", "page.pdf"),
        ("«»!.pdf", "pdf", "document.pdf"),
        ("x" * 300 + ".pdf", "pdf", "x" * 60 + ".pdf"),
    ],
)
def test_safe_storage_name(original, format, stored):
    assert safe_storage_name(original, format) == stored


@pytest.mark.parametrize(
    ("title", "format", "name"),
    [
        ("Étude sur les quartiers", "pdf", "Étude sur les quartiers.pdf"),
        ("Bilan 2025 : actions/projets ?", "odt", "Bilan 2025 actions projets.odt"),
        ("rapport.PDF", "pdf", "rapport.pdf"),
        ("evil\u202egnp.exe", "pdf", "evil gnp.exe.pdf"),
        ("...", "docx", "document.docx"),
    ],
)
def test_download_name(title, format, name):
    assert download_name(title, format) == name
