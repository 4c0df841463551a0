"""Reading spreadsheet files: CSV, XLSX, ODS and JSON files as people make them.

Staff files come from French Excel (Windows-1252, semicolons), LibreOffice (UTF-8, commas),
"Unicode text" exports (UTF-16, tabs), other tools (UTF-8 with a BOM) or are workbooks:
Excel's XLSX or LibreOffice's ODS (OpenDocument), whose first sheet is read.
``read_table`` works out the format, the encoding and the delimiter from the bytes themselves,
never from the file name alone, and turns anything that is not a table into a French message.
Rows keep their spreadsheet row number (the header being row 1) so that errors point at the
row a person sees in Excel, even when a description spans several lines of the CSV.

Hostile or huge files cost little: rows are read one at a time and counted as they come,
and a file stops being read as soon as it passes a limit (``MAX_ROWS``, ``MAX_COLUMNS``,
``MAX_CELL_LENGTH``, ``MAX_UNCOMPRESSED_SIZE``), with a French message. A workbook's
declared dimension is never trusted, its ZIP members' sizes are checked before anything is
inflated, and its XML is parsed by expat with any document type declaration refused (no
entity can be declared, let alone expanded).
"""

import codecs
import csv
import datetime
import gc
import io
import json
import re
import zipfile
from dataclasses import dataclass, field

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_FILE_SIZE_LABEL = "5\u00a0Mo"
# Rows under the header: the directory holds about twenty centres and will never hold 10,000.
# Reading and checking 10,000 rows takes a few seconds: the admin's preview stays in time.
MAX_ROWS = 10_000
# Columns: the directory has 22, its open data 27.
MAX_COLUMNS = 100
# Characters in one cell (Excel holds 32,767 at most).
MAX_CELL_LENGTH = 50_000
# A workbook's members once inflated: 10,000 rows of the directory take about 13 MB in XLSX,
# 21 MB in ODS.
MAX_UNCOMPRESSED_SIZE = 50 * 1024 * 1024
MAX_UNCOMPRESSED_SIZE_LABEL = "50\u00a0Mo"


class TableError(Exception):
    """The file as a whole cannot be read as a table; the message is for the user, in French."""


@dataclass
class Table:
    """The cells of a file as read, every value text (or a date, from XLSX)."""

    headers: list[str]
    # (row number in the spreadsheet, cells); the header is row 1.
    rows: list[tuple[int, list]] = field(default_factory=list)
    format: str = "csv"
    # (row number, French message) for rows whose shape is wrong, found while reading.
    row_errors: list[tuple[int, str]] = field(default_factory=list)
    # (row number, header, French message) for cells that cannot be read (a formula error).
    cell_errors: list[tuple[int, str, str]] = field(default_factory=list)
    # French sentences for the preview: what was read that the person may not have seen
    # (hidden rows, a hidden sheet, merged cells).
    notes: list[str] = field(default_factory=list)
    # The row of the headers: 1, or lower in a workbook with blank rows above its table.
    header_row: int = 1

    def __len__(self):
        return len(self.rows)


# Signatures of files that people rename to .csv by mistake.
_NOT_TABLES = (
    (b"%PDF", "un document PDF"),
    (b"\x89PNG", "une image PNG"),
    (b"\xff\xd8\xff", "une image JPEG"),
    (b"GIF8", "une image GIF"),
    (b"\x1f\x8b", "une archive compressée (gzip)"),
    (b"Rar!", "une archive RAR"),
    (b"7z\xbc\xaf", "une archive 7-Zip"),
    (b"{\\rtf", "un document RTF"),
)
_OLD_EXCEL = b"\xd0\xcf\x11\xe0"  # OLE2: .xls and .doc files
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SEP_LINE = re.compile(r"^sep=(.)\s*$", re.IGNORECASE)
DELIMITERS = (";", ",", "\t")

ADVICE = "Enregistrez le tableau au format CSV, XLSX, ODS ou JSON."
_UNUSUAL = f"\u00a0: ce n’est pas un classeur ordinaire. {ADVICE}"


def check_size(size: int):
    """Raise TableError if a file of ``size`` bytes is over the limit."""
    if size > MAX_FILE_SIZE:
        raise TableError(
            f"Le fichier pèse {_megabytes(size)}\u00a0Mo\u00a0: la limite est de "
            f"{MAX_FILE_SIZE_LABEL}. Découpez-le en plusieurs fichiers."
        )


def read_table(content: bytes) -> Table:
    """Return the table held in ``content`` (the file's bytes).

    Raises TableError, with a French message for the user, when the file is too large,
    empty, not a table (a PDF, an image, an old .xls), cannot be decoded, or passes one of the
    limits (``MAX_ROWS``, ``MAX_COLUMNS``, ``MAX_CELL_LENGTH``, ``MAX_UNCOMPRESSED_SIZE``,
    ``MAX_XML_ELEMENTS``…), as soon as it does.
    """
    # Reading makes millions of short-lived objects (XML elements, rows) and no cycles:
    # the cycle collector would scan the whole process again and again, a third of the time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _read(content)
    finally:
        if enabled:
            gc.enable()


def _read(content: bytes) -> Table:
    check_size(len(content))
    if not content.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise TableError("Le fichier est vide.")
    for magic, what in _NOT_TABLES:
        if content.startswith(magic):
            raise TableError(f"Le fichier est {what}, pas un tableau. {ADVICE}")
    if content.startswith(_OLD_EXCEL) and "EncryptedPackage".encode("utf-16-le") in content:
        # Excel and LibreOffice wrap a workbook saved with a password in an OLE2 file.
        raise _password_error()
    if content.startswith(_OLD_EXCEL):
        raise TableError(
            "Le fichier est au format Excel 97-2003 (.xls), qui n’est pas accepté. "
            "Dans Excel, choisissez «\u00a0Enregistrer sous\u00a0» puis "
            "«\u00a0Classeur Excel (.xlsx)\u00a0»."
        )
    if content.startswith(b"PK\x03\x04"):
        return _read_workbook(content)
    text = _decode(content)
    sample = text[:10_000]
    # A binary file is full of control characters; a table may hold a few in its cells (a
    # Word line break, a stray bell), which the cells' own check reports with their row.
    if "\x00" in sample or len(_CONTROL.findall(sample)) > len(sample) // 200:
        raise TableError(f"Le fichier n’est pas un tableau lisible. {ADVICE}")
    if text.lstrip().startswith(("[", "{")):
        return _read_json(text)
    return _read_csv(text)


def _decode(content: bytes) -> str:
    if content.startswith(codecs.BOM_UTF8):
        encodings = ("utf-8-sig",)
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        # UTF-8 first: Windows-1252 would also "decode" UTF-8 bytes, into mojibake.
        encodings = ("utf-8", "cp1252")
    for encoding in encodings:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(
        "Le fichier n’est pas un texte lisible (encodage inconnu\u00a0: ni UTF-8 ni Windows-1252). "
        + ADVICE
    )


def _read_csv(text: str) -> Table:
    # The first line alone: splitting a 5 MB file into lines would cost hundreds of MB.
    first = re.match(r"[^\r\n]*", text).group()
    # Excel understands a first line "sep=;" naming the delimiter; so do we.
    # Excel hides that line: the header stays row 1 for the person reading the file.
    declared = _SEP_LINE.match(first)
    if declared:
        delimiter = declared.group(1)
        text = text.split("\n", 1)[1] if "\n" in text else ""
    else:  # the most frequent of ; , and tab in the header line
        delimiter = max(DELIMITERS, key=first.count)
        delimiter = delimiter if first.count(delimiter) else ","
    # newline="" keeps line breaks inside quoted cells exactly as written (CRLF or LF).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    records = enumerate(reader, start=1)
    try:
        try:
            header_row, headers = _first_row(records)
        except StopIteration:
            raise TableError("Le fichier est vide.") from None
        return _table("csv", headers, records, header_row)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            # Over the csv module's own limit (131,072 characters), far above ours.
            raise TableError(
                f"Une cellule du fichier dépasse {_count(MAX_CELL_LENGTH)} caractères, la "
                "limite. Vérifiez les guillemets\u00a0: un guillemet non fermé avale la suite "
                "du fichier."
            ) from error
        raise TableError(f"Le fichier CSV est mal formé ({error}). {ADVICE}") from error


_NOT_A_WORKBOOK = (
    "Le fichier est une archive ZIP mais pas un classeur Excel ou LibreOffice (.xlsx, .ods) "
    f"lisible. {ADVICE}"
)
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def _read_workbook(content: bytes) -> Table:
    """Return the first sheet of a ZIP file: an XLSX or ODS workbook."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise TableError(_NOT_A_WORKBOOK) from error
    # The sizes that the archive declares bound what inflating it gives: Python's zipfile
    # never returns more than a member's declared size, and refuses a member whose data
    # does not match it. A zip bomb is refused here, before anything is inflated.
    inflated = sum(member.file_size for member in members)
    if inflated > MAX_UNCOMPRESSED_SIZE:
        raise TableError(
            f"Le classeur décompressé pèserait {_megabytes(inflated)}\u00a0Mo\u00a0: la limite "
            f"est de {MAX_UNCOMPRESSED_SIZE_LABEL}. Découpez-le en plusieurs "
            "fichiers, sans images."
        )
    names = {member.filename for member in members}
    mimetype = "mimetype" in names and archive.read("mimetype").strip()
    ods = mimetype == ODS_MIMETYPE
    if ods:
        manifest = "META-INF/manifest.xml"
        if manifest in names and b"encryption-data" in archive.read(manifest):
            raise _password_error()
    elif mimetype and mimetype.startswith(b"application/vnd.oasis.opendocument."):
        raise TableError(
            f"Le fichier est un document OpenDocument mais pas un classeur (.ods). {ADVICE}"
        )
    elif "[Content_Types].xml" not in names:
        raise TableError(_NOT_A_WORKBOOK)
    try:
        return _read_ods(archive) if ods else _read_xlsx(_XML(archive))
    except TableError:
        raise
    except Exception as error:  # expat's, zipfile's, a bad index or number, a recursion…
        kind = "LibreOffice" if ods else "Excel"
        raise TableError(f"Le classeur {kind} est endommagé. {ADVICE}") from error


# Elements of a workbook's XML read in all (cells, strings, styles…): past it, the file is
# refused. Reading costs about 3 µs an element, whatever the file does: this keeps the worst
# workbook within the limits under 3 s (benchmarks/hostile_files.py). 10,000 rows of the
# directory, every cell filled and each text different, hold 650,000 (13 MB inflated).
MAX_XML_ELEMENTS = 750_000
# Elements inside one row of a sheet, or one shared string: a row of 100 cells holds 300.
_MAX_ELEMENTS_INSIDE = 50_000
# Empty worksheets passed over before the one that holds the table.
_MAX_SHEETS_TRIED = 20
# Merged ranges in a sheet.
_MAX_MERGED_RANGES = 1_000
XLSX_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# Kinds of XML elements (tag names) in one member: a sheet uses about 40, an ODS content.xml
# a few hundred. XML parsers keep every name they meet: past it, the file is refused.
_MAX_TAG_NAMES = 2_000


# Bytes between two "<" of a workbook's XML: a tag and the text after it (a cell of
# MAX_CELL_LENGTH characters takes 200 KB at most). A tag of a million attributes would cost
# hundreds of MB to parse.
_MAX_MARKUP_BYTES = 1024 * 1024


class _Markup:
    """A workbook's XML member as the parser reads it (16 KB at a time): refused as soon as
    more than ``_MAX_MARKUP_BYTES`` pass without a "<"."""

    def __init__(self, source):
        self.source = source
        self.since = 0  # bytes since the last "<"

    def read(self, size=-1):
        data = self.source.read(size)
        first = data.find(b"<")
        gap = self.since + (len(data) if first == -1 else first)
        self.since = gap if first == -1 else len(data) - data.rfind(b"<") - 1
        # Inside one read of 16 KB no gap can pass the limit; a larger read is split.
        if gap > _MAX_MARKUP_BYTES or (
            len(data) > _MAX_MARKUP_BYTES
            and max(len(part) for part in data.split(b"<")) > _MAX_MARKUP_BYTES
        ):
            raise TableError(f"Le classeur contient un élément XML de plus de 1\u00a0Mo{_UNUSUAL}")
        return data


class _Names(dict):
    """Local names of XML tags (``row`` for ``{namespace}row``), worked out once per tag; at
    most ``_MAX_TAG_NAMES`` kinds, or TableError."""

    def __missing__(self, tag):
        if len(self) >= _MAX_TAG_NAMES:
            kinds = f"{_count(_MAX_TAG_NAMES)} sortes d’éléments XML"
            raise TableError(f"Le classeur contient plus de {kinds}{_UNUSUAL}")
        self[tag] = name = _local(tag)
        return name


class _TooManyParts(TableError):
    """An element to build holds more elements than its caller allows."""


class _Root(Exception):
    """The root element starts: no document type declaration came before it."""


def _xml_elements(source, wanted, *, budget, marks=(), inside_limit=_MAX_ELEMENTS_INSIDE):
    """Yield ``(local name, element, parent's local name)`` for each element of the XML
    ``source`` (a binary file) whose local name is in ``wanted``, whole, as it ends; and for
    each element named in ``marks``, as it starts (its attributes only). ``budget`` (a
    one-item list) counts down the elements met, shared by the members of a workbook.

    Parsed as a stream by ElementTree's C parser, each element dropped once read, so that
    memory holds one wanted element at a time. The prolog is first read by a bare expat
    parser that refuses a document type declaration, the only place where entities can be
    declared: none can then be expanded. Refused too (TableError): more than
    ``MAX_XML_ELEMENTS`` elements, more than ``inside_limit`` inside a wanted one
    (``_TooManyParts``), ``_MAX_TAG_NAMES`` kinds of tag, 1 MB between two tags. XML that is
    not well formed raises expat's ExpatError or ElementTree's ParseError.
    """
    from xml.etree.ElementTree import XMLPullParser
    from xml.parsers import expat

    def refuse_doctype(*_args):
        raise ForbiddenXML(
            "Le classeur contient des déclarations XML refusées par sécurité (entités). "
            "Ouvrez-le dans votre tableur et enregistrez-le de nouveau."
        )

    def root(*_args):
        raise _Root

    guard = expat.ParserCreate()
    guard.StartDoctypeDeclHandler = refuse_doctype
    guard.StartElementHandler = root
    parser = XMLPullParser(events=("start", "end"))
    local = _Names()
    parents, inside, count = [], None, 0
    reader = _Markup(source)
    while True:
        chunk = reader.read(64 * 1024)
        if guard is not None:
            try:
                guard.Parse(chunk, not chunk)  # raises ExpatError if not well formed
            except _Root:
                guard = None
        if chunk:
            parser.feed(chunk)
        else:
            parser.close()
        for event, element in parser.read_events():
            if event == "start":
                budget[0] -= 1
                if budget[0] < 0:
                    raise TableError(
                        f"Le classeur compte plus de {_count(MAX_XML_ELEMENTS)} éléments XML "
                        "(cellules, textes, styles)\u00a0: c’est la limite. Découpez-le en "
                        "plusieurs fichiers."
                    )
                name = local[element.tag]
                if inside is None:
                    if name in wanted:
                        inside, count = element, 0
                    elif name in marks:
                        yield name, element, local[parents[-1].tag] if parents else ""
                else:
                    count += 1
                    if count > inside_limit:
                        raise _TooManyParts(
                            f"Le classeur contient un élément de plus de {_count(inside_limit)} "
                            "parties (une ligne, un texte)."
                        )
                parents.append(element)
                continue
            parents.pop()
            if element is inside:
                yield local[element.tag], element, local[parents[-1].tag] if parents else ""
                inside = None
            if inside is None and parents:
                parents[-1].remove(element)  # read: the tree must not grow with the file
        if not chunk:
            return


class _XML:
    """Reads the XML members of a workbook as streams, with one budget of elements for all.

    ``elements(name, wanted)`` yields each element whose local name is in ``wanted``, whole,
    as it ends, then drops it: memory holds one at a time, whatever the file's size.
    """

    def __init__(self, archive):
        self.archive = archive
        self.budget = [MAX_XML_ELEMENTS]

    def elements(self, name, wanted):
        with self.archive.open(name) as source:
            yield from _xml_elements(source, wanted, budget=self.budget)

    def relations(self, name):
        """Return the targets of a member's relations (``_rels``), by id and by type."""
        folder, _slash, base = name.rpartition("/")
        path = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        by_id, by_type = {}, {}
        if path not in self.archive.NameToInfo:
            return by_id, by_type
        for _tag, element, _parent in self.elements(path, {"Relationship"}):
            _check_parts(by_id, "relations")
            target = element.get("Target", "")
            if element.get("TargetMode") == "External":
                continue
            target = target.lstrip("/") if target.startswith("/") else _join(folder, target)
            by_id[element.get("Id")] = target
            by_type.setdefault(element.get("Type", "").rsplit("/", 1)[-1], target)
        return by_id, by_type


# Relations, number formats and cell styles of a workbook: Excel allows 64,000 styles.
_MAX_PARTS = 100_000


def _check_parts(found, what):
    if len(found) >= _MAX_PARTS:
        raise TableError(f"Le classeur compte plus de {_count(_MAX_PARTS)} {what}{_UNUSUAL}")


def _join(folder, target):
    parts = folder.split("/") if folder else []
    for part in target.split("/"):
        if part == "..":
            parts = parts[:-1]
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def _read_xlsx(xml: _XML) -> Table:
    """Return the first worksheet (charts skipped) of the XLSX workbook that ``xml`` reads, as
    a stream (``_xml_elements``).

    A formula cell gives the value the spreadsheet stored; an error value (``#DIV/0!``…) or
    a formula without a stored value is an error of its row. A value merged down a column
    is repeated in each row of the range; a range over several columns is an error. Hidden
    rows and a hidden sheet are read, and said in ``Table.notes``. Any other exception than
    TableError means a damaged workbook.
    """
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

    _ids, package = xml.relations("")
    book = package.get("officeDocument", "xl/workbook.xml")
    relations, by_type = xml.relations(book)
    sheets, epoch = [], CALENDAR_WINDOWS_1900
    for tag, element, _parent in xml.elements(book, {"sheet", "workbookPr"}):
        if tag == "workbookPr" and element.get("date1904") in ("1", "true"):
            epoch = CALENDAR_MAC_1904
        elif tag == "sheet":
            target = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
            if "/worksheets/" in f"/{relations.get(target, '')}":  # not a chart
                sheets.append((element.get("name", ""), element.get("state", "visible"), target))
    if not sheets:
        raise TableError("Le classeur Excel est vide (il n’a aucune feuille de calcul).")

    strings = []
    if by_type.get("sharedStrings") in xml.archive.NameToInfo:
        strings = [_xlsx_text(e) for _t, e, _p in xml.elements(by_type["sharedStrings"], {"si"})]

    dates = set()
    if by_type.get("styles") in xml.archive.NameToInfo:
        formats = dict(BUILTIN_FORMATS)
        index = 0
        for tag, element, parent in xml.elements(by_type["styles"], {"numFmt", "xf"}):
            if tag == "numFmt":
                _check_parts(formats, "formats de nombre")
                formats[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
            elif parent == "cellXfs":
                _check_parts(range(index), "styles de cellule")
                if is_date_format(formats.get(int(element.get("numFmtId", "0")), "")):
                    dates.add(index)
                index += 1

    # The first sheet that holds a value: an empty one before it is said, not read. Each
    # sheet tried opens a member: a few only (a workbook may name one member many times).
    empty = []
    for name, state, target in sheets[:_MAX_SHEETS_TRIED]:
        reader = _XLSXSheet(xml, relations[target], strings, dates, epoch)
        records = reader.rows()
        try:
            header_row, headers = _first_row(records)
        except StopIteration:
            empty.append(name)
            continue
        headers = ["" if h is None else str(h) for h in headers]
        table = _table("xlsx", headers, records, header_row)
        if state != "visible":
            reader.hidden_sheet(name, first=not empty)
        reader.finish(table)
        if empty:
            table.notes.insert(0, _empty_sheets_note(empty, name))
        return table
    if len(sheets) > _MAX_SHEETS_TRIED:
        raise TableError(
            f"Les {_MAX_SHEETS_TRIED} premières feuilles du classeur sont vides\u00a0: placez le "
            "tableau dans la première feuille."
        )
    raise TableError("Le classeur Excel est vide (ses feuilles ne contiennent rien).")


def _first_row(records):
    """Return the first (row number, cells) of ``records`` holding a value: blank rows above
    a table (a workbook's formatted empty rows) are passed over. Raises StopIteration."""
    return next((number, cells) for number, cells in records if not all(map(_blank, cells)))


def _empty_sheets_note(empty, name):
    """Return the preview's note for the empty sheets ``empty`` (names) passed over."""
    names = ", ".join(f"«\u00a0{n}\u00a0»" for n in empty)
    what = f"La feuille {names} est vide" if len(empty) == 1 else f"Les feuilles {names} sont vides"
    return f"{what}\u00a0: la feuille «\u00a0{name}\u00a0», qui la suit, est lue."


def _xlsx_text(element) -> str:
    """Return the text of a shared or inline string: its runs, without phonetic guides."""
    if len(element) == 1 and _local(element[0].tag) == "t":
        texts = [element[0].text or ""]  # the usual string: one run
    else:
        texts = [
            t.text or ""
            for child in element
            if _local(child.tag) != "rPh"
            for t in child.iter()
            if _local(t.tag) == "t"
        ]
    # Excel writes a carriage return as _x000D_ (XML would turn it into a line feed).
    return "".join(texts).replace("_x000D_", "\r")


def _column_letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_COORDINATE = re.compile(r"([A-Z]{1,3})([0-9]+)$")


def _coordinate(text: str) -> tuple[int, int]:
    """Return (row, column) of ``B12``."""
    match = _COORDINATE.match(text.upper())
    if not match:
        raise ValueError(text)
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - 64
    return int(match.group(2)), column


# What a cell's formula shows instead of a value, in the preview's French.
_PROBLEMS = {
    "error": "la cellule {where} affiche l’erreur {value} du tableur\u00a0: corrigez sa formule "
    "ou écrivez sa valeur.",
    "no_value": "la formule de la cellule {where} n’a pas de valeur enregistrée\u00a0: ouvrez le "
    "fichier dans le tableur, enregistrez-le, ou écrivez la valeur.",
}


class _Findings:
    """What reading a sheet found beside its values, for ``finish`` once the rows are read:
    cells in error, hidden rows, merged ranges (after the rows, in an XLSX file), a hidden
    sheet."""

    def __init__(self):
        self.reset()

    def reset(self):
        """Forget what was found (in an empty sheet, passed over)."""
        self.problems = []  # (row, column, message)
        self.hidden = []
        self.merged = []
        self.notes = []

    def merge(self, reference):
        if len(self.merged) == _MAX_MERGED_RANGES:
            raise TableError(
                f"La feuille compte plus de {_count(_MAX_MERGED_RANGES)} plages de "
                "cellules fusionnées. Défusionnez-les."
            )
        self.merged.append(reference)

    def problem(self, kind, number, column, value=""):
        """Note the cell's problem ``kind``: ``error`` (its error ``value``) or ``no_value``."""
        where = f"{_column_letters(column)}{number}"
        self.problems.append((number, column, _PROBLEMS[kind].format(where=where, value=value)))

    def hidden_sheet(self, name, first=True):
        which = "la première du classeur" if first else "celle du tableau"
        self.notes.insert(
            0,
            f"La feuille «\u00a0{name}\u00a0», {which}, est masquée\u00a0: elle est lue "
            "quand même.",
        )

    def finish(self, table: Table):
        """Add to ``table`` the errors of cells, the merged ranges and the hidden rows."""
        present = dict(table.rows)
        table.cell_errors += [
            (n, _header(table, c), m) for n, c, m in self.problems if n in present
        ]
        table.notes.extend(self.notes)
        for reference in dict.fromkeys(self.merged):
            _merge(table, present, reference)
        hidden = [n for n in self.hidden if n in present]
        if hidden:
            table.notes.append(_hidden_rows_note(hidden))


class _XLSXSheet(_Findings):
    """The rows of one worksheet, as they come, and what they hold beside their values."""

    def __init__(self, xml, path, strings, dates, epoch):
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        super().__init__()
        self.xml, self.path = xml, path
        self.strings, self.dates, self.epoch = strings, dates, epoch
        self.from_excel, self.from_iso = from_excel, from_ISO8601
        # Worked out once, not once per cell: local names of tags, columns of references' letters.
        self.local = _Names()
        self.columns = {}

    def column(self, reference) -> int:
        """Return the column of a cell's reference (``B12``: 2)."""
        letters = reference.rstrip("0123456789")
        column = self.columns.get(letters)
        if column is None:
            column = _coordinate(reference)[1]
            if len(self.columns) < _MAX_PARTS:
                self.columns[letters] = column
        return column

    def rows(self):
        number = 0
        local = self.local
        for tag, element, _parent in self.xml.elements(self.path, {"row", "mergeCell"}):
            if tag == "mergeCell":
                self.merge(element.get("ref", ""))
                continue
            number = int(element.get("r") or number + 1)
            cells, column = [], 0
            for cell in element:
                if local[cell.tag] != "c":
                    continue
                reference = cell.get("r")
                column = self.column(reference) if reference else column + 1
                value = self.value(number, column, cell)
                if value is None:
                    continue
                if column > MAX_COLUMNS:
                    _check_width(number, [None] * MAX_COLUMNS + [value])
                cells += [None] * (column - 1 - len(cells))
                cells.append(value)
            if cells and element.get("hidden") in ("1", "true"):
                self.hidden.append(number)
            yield number, [_cell(c) for c in cells]

    def value(self, number, column, cell):
        """Return a cell's value (None when empty); note an error value or a formula without
        a stored value in ``problems``."""
        kind = cell.get("t", "n")
        value = formula = None
        for child in cell:
            tag = self.local[child.tag]
            if tag == "v":
                value = child.text
            elif tag == "f":
                formula = child.text or ""
            elif tag == "is":
                value = _xlsx_text(child)
        if kind == "e" or (formula is not None and value in XLSX_ERRORS):
            self.problem("error", number, column, value)
            return value or "#"
        if value is None or (value == "" and kind != "inlineStr"):
            if formula is not None:
                self.problem("no_value", number, column)
                return "=" + formula
            return None
        if kind == "s":
            return self.strings[int(value)]
        if kind in ("str", "inlineStr"):
            return value.replace("_x000D_", "\r")
        if kind == "b":
            return value.strip() in ("1", "true")
        if kind == "d":
            return self.from_iso(value)
        # An integer stays exact, however long (a float keeps 15 digits).
        number_value = float(value) if any(c in value for c in ".eE") else int(value)
        if int(cell.get("s", "0") or 0) in self.dates:
            return self.from_excel(number_value, self.epoch)
        return number_value


def _header(table, column):
    return table.headers[column - 1] if column <= len(table.headers) else ""


def _merge(table, present, reference):
    """Repeat the value of a range merged down one column in each of its rows; a range over
    several columns, or over the header, is an error."""
    first, _colon, last = reference.partition(":")
    (top, left), (bottom, right) = _coordinate(first), _coordinate(last or first)
    if top == 1:
        raise TableError(
            f"Les cellules fusionnées {reference} touchent la ligne d’en-tête\u00a0: "
            "défusionnez-les, une colonne par en-tête."
        )
    rows = [n for n in range(top, min(bottom, top + MAX_ROWS) + 1) if n in present]
    if right > left:  # an error of its first row
        message = (
            f"les cellules {reference} sont fusionnées sur plusieurs colonnes\u00a0: "
            "défusionnez-les et écrivez une valeur par cellule."
        )
        table.cell_errors += [(number, _header(table, left), message) for number in rows[:1]]
        return
    if top not in present or left > len(table.headers):
        return
    value = present[top][left - 1]
    if _blank(value):
        return
    for number in rows[1:]:
        if _blank(present[number][left - 1]):
            present[number][left - 1] = value
    table.notes.append(
        f"Cellules fusionnées {reference}\u00a0: la valeur de {first} est reprise dans chaque "
        "ligne."
    )


def _hidden_rows_note(numbers):
    shown = ", ".join(str(n) for n in numbers[:20])
    more = f" et {_count(len(numbers) - 20)} autres" if len(numbers) > 20 else ""
    what = "La ligne masquée" if len(numbers) == 1 else "Les lignes masquées"
    verb = "est importée" if len(numbers) == 1 else "sont importées"
    return f"{what} dans le tableur {verb} comme les autres\u00a0: {shown}{more}."


_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
_ODS_CELLS = (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")
# Elements inside one row (cells, paragraphs, spans): past it, the row is refused.
_ODS_MAX_ROW_ELEMENTS = 10_000


def _read_ods(archive: zipfile.ZipFile) -> Table:
    """Return the first sheet of an ODS workbook (LibreOffice's own format). Any other
    exception than TableError means a damaged workbook."""
    findings = _Findings()
    with archive.open("content.xml") as source:
        records = _ods_rows(source, findings)
        try:
            header_row, headers = next(records)
        except StopIteration:
            raise TableError("Le classeur est vide (ses feuilles ne contiennent rien).") from None
        table = _table("ods", headers, records, header_row)
    findings.finish(table)
    return table


def _ods_rows(source, findings):
    """Yield (row number, cells) of the first sheet of an ODS ``content.xml``, as they come,
    noting in ``findings`` cells in error, merged ranges, hidden rows and a hidden sheet.

    The XML is read as a stream (``_xml_elements``), one row at a time. LibreOffice writes
    runs of equal rows or cells once, with a repeat count (the empty rows down to row
    1,048,576 are one element): empty runs only move the row or column number, other runs are
    repeated up to the limits. Raises TableError.
    """
    number = 0
    hidden_styles = set()  # table styles with table:display="false"
    sheet = None  # the name of the sheet being read
    empty = []  # the names of the empty sheets before it
    found = False  # whether the sheet holds a value
    elements = _xml_elements(
        source,
        {"table-row", "style"},
        budget=[MAX_XML_ELEMENTS],
        marks={"table"},
        inside_limit=_ODS_MAX_ROW_ELEMENTS,
    )
    try:
        for _local_name, element, _parent in elements:
            tag = element.tag
            if tag == f"{_STYLE}style":
                for properties in element.iter(f"{_STYLE}table-properties"):
                    if properties.get(f"{_TABLE}display") == "false":
                        hidden_styles.add(element.get(f"{_STYLE}name"))
            elif tag == f"{_TABLE}table":
                if found:
                    return  # the first sheet holding a value only
                if sheet is not None:
                    empty.append(sheet)
                    number = 0
                    findings.reset()
                sheet = element.get(f"{_TABLE}name", "")
                if element.get(f"{_TABLE}style-name") in hidden_styles:
                    findings.hidden_sheet(sheet, first=not empty)
                if empty:
                    findings.notes.append(_empty_sheets_note(empty, sheet))
            elif tag == f"{_TABLE}table-row":
                cells = _ods_cells(element, number + 1, findings)
                repeat = _ods_repeat(element, "number-rows-repeated")
                if not cells:
                    number += repeat
                    continue
                hidden = element.get(f"{_TABLE}visibility", "visible") != "visible"
                found = True
                for _ in range(repeat):
                    number += 1
                    if hidden and len(findings.hidden) <= MAX_ROWS:
                        findings.hidden.append(number)
                    yield number, cells
    except _TooManyParts:
        raise TableError(
            f"Ligne {number + 1}\u00a0: les cellules de la ligne contiennent plus de "
            f"{_count(_ODS_MAX_ROW_ELEMENTS)} éléments de mise en forme."
        ) from None


def _ods_cells(row, number, findings) -> list:
    """Return the cells of the ODS ``row`` (its number), empty ones at its end left out."""
    cells = []
    blanks = 0  # empty cells not yet added: added only if a value follows
    for cell in row:
        if cell.tag not in _ODS_CELLS:
            continue
        column = len(cells) + blanks + 1
        value = _ods_cell(cell, number, column, findings)
        repeat = _ods_repeat(cell, "number-columns-repeated")
        across = _ods_repeat(cell, "number-columns-spanned")
        down = _ods_repeat(cell, "number-rows-spanned")
        if across > 1 or down > 1:
            findings.merge(
                f"{_column_letters(column)}{number}:"
                f"{_column_letters(column + across - 1)}{number + down - 1}"
            )
        if _blank(value):
            blanks += repeat
            continue
        if len(cells) + blanks + repeat > MAX_COLUMNS:
            _check_width(number, [None] * MAX_COLUMNS + [value])
        cells += [""] * blanks + [value] * repeat
        blanks = 0
    return cells


def _ods_repeat(element, attribute, namespace=_TABLE) -> int:
    """Return the count ``attribute`` of an ODS element (a repeat, a span, spaces): 1 at least."""
    try:
        return max(1, int(element.get(f"{namespace}{attribute}", "1")))
    except ValueError:
        return 1


def _ods_cell(cell, number, column, findings):
    """Return an ODS cell's value: the number, date or truth value it stores, else its text.

    A formula gives the value LibreOffice stored; one in error (``#DIV/0!``, ``Err:502``…) or
    without a value is noted in ``findings``.
    """
    kind = cell.get(f"{_OFFICE}value-type")
    formula = cell.get(f"{_TABLE}formula")
    if formula is not None:
        shown = _ods_paragraphs(cell)
        if cell.get(f"{_CALCEXT}value-type") == "error" or shown in XLSX_ERRORS:
            findings.problem("error", number, column, shown or "#")
            return shown or "#"
        if kind is None:
            findings.problem("no_value", number, column)
            return formula
    try:
        if kind in ("float", "percentage", "currency"):
            return _cell(float(cell.get(f"{_OFFICE}value")))
        if kind == "date":
            value = cell.get(f"{_OFFICE}date-value")
            if "T" in value:
                return datetime.datetime.fromisoformat(value)
            return datetime.date.fromisoformat(value)
        if kind == "boolean":
            return _cell(cell.get(f"{_OFFICE}boolean-value") == "true")
    except (TypeError, ValueError):
        pass  # a value LibreOffice would not write: its text, as shown
    return _ods_paragraphs(cell)


def _ods_paragraphs(cell) -> str:
    # Each paragraph is a line; the cell's comments (office:annotation) are not read.
    return "\n".join(_ods_text(child) for child in cell if child.tag in (f"{_TEXT}p", f"{_TEXT}h"))


def _ods_text(element) -> str:
    """Return the text of a paragraph: spans and links read, spaces and breaks restored."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == f"{_TEXT}s":
            parts.append(" " * min(_ods_repeat(child, "c", _TEXT), MAX_CELL_LENGTH + 1))
        elif tag == f"{_TEXT}tab":
            parts.append("\t")
        elif tag == f"{_TEXT}line-break":
            parts.append("\n")
        elif not tag.startswith(_OFFICE):  # spans, links…; not notes nor annotations
            parts.append(_ods_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _read_json(text: str) -> Table:
    try:
        data = _json_rows(text)
    except json.JSONDecodeError as error:
        raise TableError(
            f"Le fichier JSON est mal formé (ligne {error.lineno}, colonne {error.colno})."
        ) from error
    except RecursionError as error:
        raise TableError("Le fichier JSON est mal formé (trop de niveaux imbriqués).") from error
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise TableError(
            "Le fichier JSON doit contenir une liste d’objets, un par ligne du tableau\u00a0: "
            '[{"identifiant": "…", "nom": "…"}, …].'
        )
    if not data:
        raise TableError("Le fichier JSON ne contient aucune ligne.")
    headers = list(dict.fromkeys(key for item in data for key in item))
    rows = ((n, [_cell(item.get(h)) for h in headers]) for n, item in enumerate(data, start=2))
    return _table("json", headers, rows)


_JSON_BLANK = re.compile(r"[ \t\n\r]*")


def _json_rows(text: str):
    """Return the list of ``text``: the file's list, or the one list inside its object
    (``{"centres": […]}``, the open data); None if there is no such list.

    Lists are read one item at a time and refused past ``MAX_ROWS`` items, so that a file of
    600,000 objects costs no more than 10,000. Raises json.JSONDecodeError.
    """
    decoder = json.JSONDecoder()

    def blank(pos):
        return _JSON_BLANK.match(text, pos).end()

    def expect(char, pos):
        if not text.startswith(char, pos):
            raise json.JSONDecodeError(f"Expecting {char!r}", text, pos)
        return blank(pos + 1)

    def array(pos):
        items = []
        pos = blank(pos + 1)
        if text.startswith("]", pos):
            return items, pos + 1
        while True:
            item, pos = decoder.raw_decode(text, pos)
            items.append(item)
            if len(items) > MAX_ROWS:
                raise _too_many_rows("objets dans une liste")
            pos = blank(pos)
            if text.startswith("]", pos):
                return items, pos + 1
            pos = expect(",", pos)

    def value(pos):
        return array(pos) if text.startswith("[", pos) else decoder.raw_decode(text, pos)

    pos = blank(0)
    if text.startswith("{", pos):
        # {"centres": [...]} (the open data) or any single list inside an object
        lists = []
        pos = blank(pos + 1)
        while not text.startswith("}", pos):
            start = pos
            key, pos = decoder.raw_decode(text, pos)
            if not isinstance(key, str):
                raise json.JSONDecodeError("Expecting property name", text, start)
            item, pos = value(expect(":", blank(pos)))
            if isinstance(item, list):
                lists.append(item)
            pos = blank(pos)
            if text.startswith("}", pos):
                break
            pos = expect(",", pos)
            if text.startswith("}", pos):
                raise json.JSONDecodeError("Expecting property name", text, pos)
        data, pos = (lists[0] if len(lists) == 1 else None), pos + 1
    else:
        data, pos = value(pos)
    if blank(pos) != len(text):
        raise json.JSONDecodeError("Extra data", text, blank(pos))
    return data


def _cell(value):
    """Return a cell of an XLSX or JSON file as text, as a CSV file would hold it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value  # the date widget reads real dates
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    # Excel writes a carriage return as _x000D_ (XML would turn it into a line feed).
    return str(value).replace("_x000D_", "\r")


def _blank(cell) -> bool:
    return cell is None or str(cell).strip() == ""


def _table(format: str, headers: list, rows, header_row=1) -> Table:
    """Return the Table of ``headers`` (found in row ``header_row``) and ``rows`` ((row
    number, cells), read as they come).

    Drops blank rows and the empty cells spreadsheets leave after the last column; a row
    with values beyond the header's last column gets a row error. Raises TableError as soon
    as the file passes ``MAX_ROWS`` rows, ``MAX_COLUMNS`` columns or ``MAX_CELL_LENGTH``
    characters in a cell: a huge file is refused without being read to its end.
    """
    _check_width(1, headers)
    _check_lengths(1, headers)
    width = len(headers)
    while width and str(headers[width - 1]).strip() == "":
        width -= 1
    table = Table(headers=list(headers[:width]), format=format, header_row=header_row)
    for number, cells in rows:
        if all(_blank(c) for c in cells):
            continue
        if len(table.rows) == MAX_ROWS:
            raise _too_many_rows()
        _check_width(number, cells)
        _check_lengths(number, cells)
        cells = list(cells[:MAX_COLUMNS])
        extra = cells[width:]
        cells = cells[:width] + [""] * (width - len(cells))
        if any(not _blank(c) for c in extra):
            filled = width + max(i for i, c in enumerate(extra, 1) if not _blank(c))
            shape = f"la ligne compte {filled} cellules pour {width} colonnes"
            table.row_errors.append((number, f"{shape} (un séparateur ou un guillemet de trop ?)."))
        table.rows.append((number, cells))
    return table


def _check_width(number, cells):
    """Raise TableError if row ``number`` has values beyond column ``MAX_COLUMNS``."""
    if len(cells) > MAX_COLUMNS and any(not _blank(c) for c in cells[MAX_COLUMNS:]):
        raise TableError(
            f"La ligne {number} a des valeurs au-delà de la colonne {MAX_COLUMNS}\u00a0: un "
            f"tableau en compte {MAX_COLUMNS} au plus."
        )


def _check_lengths(number, cells):
    """Raise TableError if a cell of row ``number`` is longer than ``MAX_CELL_LENGTH``."""
    for column, cell in enumerate(cells[:MAX_COLUMNS], start=1):
        if isinstance(cell, str) and len(cell) > MAX_CELL_LENGTH:
            raise TableError(
                f"Ligne {number}, colonne {column}\u00a0: la cellule compte "
                f"{_count(len(cell))} caractères, la limite est de {_count(MAX_CELL_LENGTH)}."
            )


def _too_many_rows(rows="lignes sous l’en-tête"):
    return TableError(
        f"Le fichier compte plus de {_count(MAX_ROWS)} {rows}\u00a0: c’est la limite. "
        "Découpez-le en plusieurs fichiers."
    )


def _password_error():
    return TableError(
        "Le classeur est protégé par un mot de passe\u00a0: enregistrez-en une copie sans mot "
        "de passe, puis importez-la."
    )


class ForbiddenXML(TableError):
    """The XML declares a document type (where entities are declared): refused by
    ``_xml_elements``. Its own class so that other readers (``library.extraction``) can tell
    it from the limits."""


def _count(n: int) -> str:
    """Return 20000 as « 20 000 », with a non-breaking space."""
    return f"{n:,}".replace(",", "\u00a0")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")
