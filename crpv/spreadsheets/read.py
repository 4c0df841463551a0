"""Reading spreadsheet files: CSV, XLSX and JSON files as people make them.

Staff files come from French Excel (Windows-1252, semicolons), LibreOffice (UTF-8, commas),
"Unicode text" exports (UTF-16, tabs), other tools (UTF-8 with a BOM) or are XLSX workbooks.
``read_table`` works out the format, the encoding and the delimiter from the bytes themselves,
never from the file name alone, and turns anything that is not a table into a French message.
Rows keep their spreadsheet row number (the header being row 1) so that errors point at the
row a person sees in Excel, even when a description spans several lines of the CSV.
"""

import codecs
import csv
import datetime
import io
import json
import re
import zipfile
from dataclasses import dataclass, field

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_FILE_SIZE_LABEL = "5\u00a0Mo"


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

ADVICE = "Enregistrez le tableau au format CSV, XLSX ou JSON."


def check_size(size: int):
    """Raise TableError if a file of ``size`` bytes is over the limit."""
    if size > MAX_FILE_SIZE:
        megabytes = f"{size / (1024 * 1024):.1f}".replace(".", ",")
        raise TableError(
            f"Le fichier pèse {megabytes}\u00a0Mo\u00a0: la limite est de {MAX_FILE_SIZE_LABEL}. "
            "Découpez-le en plusieurs fichiers."
        )


def read_table(content: bytes) -> Table:
    """Return the table held in ``content`` (the file's bytes).

    Raises TableError, with a French message for the user, when the file is too large,
    empty, not a table (a PDF, an image, an old .xls) or cannot be decoded.
    """
    check_size(len(content))
    if not content.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise TableError("Le fichier est vide.")
    for magic, what in _NOT_TABLES:
        if content.startswith(magic):
            raise TableError(f"Le fichier est {what}, pas un tableau. {ADVICE}")
    if content.startswith(_OLD_EXCEL):
        raise TableError(
            "Le fichier est au format Excel 97-2003 (.xls), qui n’est pas accepté. "
            "Dans Excel, choisissez «\u00a0Enregistrer sous\u00a0» puis "
            "«\u00a0Classeur Excel (.xlsx)\u00a0»."
        )
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content)
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


def _sniff_delimiter(header_line: str) -> str:
    """Return the delimiter of the header line: the most frequent of ; , and tab."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(text: str) -> Table:
    lines = text.splitlines()
    first = lines[0] if lines else ""
    # Excel understands a first line "sep=;" naming the delimiter; so do we.
    # Excel hides that line: the header stays row 1 for the person reading the file.
    declared = _SEP_LINE.match(first)
    if declared:
        delimiter = declared.group(1)
        text = text.split("\n", 1)[1] if "\n" in text else ""
    else:
        delimiter = _sniff_delimiter(first)
    # newline="" keeps line breaks inside quoted cells exactly as written (CRLF or LF).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        records = list(reader)
    except csv.Error as error:
        raise TableError(f"Le fichier CSV est mal formé ({error}). {ADVICE}") from error
    if not records:
        raise TableError("Le fichier est vide.")
    headers = records[0]
    table = Table(headers=headers, format="csv")
    for index, cells in enumerate(records[1:], start=2):
        table.rows.append((index, cells))
    return _tidy(table)


def _read_xlsx(content: bytes) -> Table:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise TableError(
            f"Le fichier est une archive ZIP mais pas un classeur Excel (.xlsx) lisible. {ADVICE}"
        ) from error
    try:
        sheet = workbook.worksheets[0]
        records = [list(row) for row in sheet.iter_rows(values_only=True)]
    except Exception as error:  # openpyxl raises many types on damaged workbooks
        raise TableError(f"Le classeur Excel est endommagé. {ADVICE}") from error
    finally:
        workbook.close()
    if not records:
        raise TableError("Le classeur Excel est vide (la première feuille ne contient rien).")
    headers = ["" if h is None else str(h) for h in records[0]]
    table = Table(headers=headers, format="xlsx")
    for index, cells in enumerate(records[1:], start=2):
        table.rows.append((index, [_cell(c) for c in cells]))
    return _tidy(table)


def _read_json(text: str) -> Table:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise TableError(
            f"Le fichier JSON est mal formé (ligne {error.lineno}, colonne {error.colno})."
        ) from error
    if isinstance(data, dict):
        # {"centres": [...]} (the open data) or any single list inside an object
        lists = [v for v in data.values() if isinstance(v, list)]
        data = lists[0] if len(lists) == 1 else None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise TableError(
            "Le fichier JSON doit contenir une liste d’objets, un par ligne du tableau\u00a0: "
            '[{"identifiant": "…", "nom": "…"}, …].'
        )
    if not data:
        raise TableError("Le fichier JSON ne contient aucune ligne.")
    headers = list(dict.fromkeys(key for item in data for key in item))
    table = Table(headers=headers, format="json")
    for index, item in enumerate(data, start=2):
        table.rows.append((index, [_cell(item.get(h)) for h in headers]))
    return table


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


def _tidy(table: Table) -> Table:
    """Drop blank rows and the empty cells spreadsheets leave after the last column."""
    width = len(table.headers)
    while width and str(table.headers[width - 1]).strip() == "":
        width -= 1
    table.headers = table.headers[:width]
    rows = []
    for number, cells in table.rows:
        if all(str(c).strip() == "" for c in cells):
            continue
        cells = list(cells)
        extra = cells[width:]
        cells = cells[:width] + [""] * (width - len(cells))
        if any(str(c).strip() for c in extra):
            filled = width + max(i for i, c in enumerate(extra, 1) if str(c).strip())
            table.row_errors.append(
                (
                    number,
                    f"la ligne compte {filled} cellules pour {width} colonnes "
                    "(un séparateur ou un guillemet de trop ?).",
                )
            )
        rows.append((number, cells))
    table.rows = rows
    return table
