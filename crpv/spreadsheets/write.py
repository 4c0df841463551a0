"""Writing spreadsheet files: the export formats, for the admin, the commands and open data.

A resource's ``export`` gives a ``Sheet``: headers, rows of cells as its widgets render them,
and which columns hold numbers or dates. Each format then writes the sheet its own way:
numbers as real numbers where the format has them (XLSX, ODS, JSON) or with a decimal comma
for French Excel, dates as JJ/MM/AAAA for people and AAAA-MM-JJ for programs, and text cells
that a spreadsheet would run as a formula made inert: an apostrophe in CSV (``formulas``),
the quote-prefix style in XLSX; an ODS text cell is never a formula. The formats are
django-import-export ``Format`` classes, so that the admin's export screen offers them.
"""

import csv
import datetime
import io
import json
import re
from dataclasses import dataclass, field

from import_export.formats.base_formats import Format

from crpv.spreadsheets.formulas import FORMULA_TRIGGERS, escape_formula

ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class Sheet:
    """What an export writes: headers, rows of rendered cells and the kind of each column.

    Cells are text as the resource's widgets render them (numbers as ``45.76``, dates as
    ``JJ/MM/AAAA``). ``verbatim`` names text columns never escaped (values the model already
    validated, such as an E.164 phone number, which starts with a plus sign).
    """

    headers: list[str]
    rows: list[list] = field(default_factory=list)
    numbers: frozenset = frozenset()
    dates: frozenset = frozenset()
    verbatim: frozenset = frozenset()

    def __len__(self):
        return len(self.rows)


class SheetFormat(Format):
    """An export format; ``export_data(sheet)`` returns the file's bytes (binary, for the
    library: the admin must not encode them a second time).

    Subclasses set ``number`` and ``date`` (how such a cell is written), ``escape`` (whether
    text cells are made inert) and ``write`` (the bytes of the file).
    """

    key = ""
    title = ""
    extension = ""
    # Added to the file's name before its extension, where two formats share one.
    file_suffix = ""
    content_type = "application/octet-stream"
    escape = True

    def get_title(self):
        return self.title

    def get_extension(self):
        return self.extension

    def get_content_type(self):
        return self.content_type

    def can_export(self):
        return True

    def cells(self, sheet):
        """Return the sheet's rows with each cell converted for this format."""
        kinds = [
            self.number
            if header in sheet.numbers
            else self.date
            if header in sheet.dates
            else (lambda value: value)
            if header in sheet.verbatim or not self.escape
            else escape_formula
            for header in sheet.headers
        ]
        return [[kind(value) for kind, value in zip(kinds, row, strict=True)] for row in sheet.rows]

    def export_data(self, sheet, **kwargs):
        return self.write(sheet.headers, self.cells(sheet), **kwargs)

    def number(self, text):
        """Return a number cell (rendered as 45.76 by the resource) for this format."""
        return text

    def date(self, text):
        """Return a date cell (rendered as JJ/MM/AAAA by the resource) for this format."""
        return text

    def write(self, headers, rows, **kwargs):
        raise NotImplementedError


def _iso_date(text):
    """Return JJ/MM/AAAA as AAAA-MM-JJ, the form programs read; empty stays empty."""
    return datetime.datetime.strptime(text, "%d/%m/%Y").date().isoformat() if text else ""


def _real_number(text):
    """Return 45.76 as a number (2007 as an integer); an empty cell as None."""
    if text in (None, ""):
        return None
    number = float(text)
    return int(number) if number.is_integer() and "." not in str(text) else number


class TypedFormat(SheetFormat):
    """A format whose cells keep their types: numbers written as numbers, and text as text,
    which the program reading it never runs as a formula (nothing to escape)."""

    escape = False
    number = staticmethod(_real_number)


class CSV(SheetFormat):
    """Commas, UTF-8, dates as AAAA-MM-JJ: for programs and LibreOffice."""

    key = "csv"
    title = "CSV (virgules, UTF-8)"
    extension = "csv"
    content_type = "text/csv; charset=utf-8"
    delimiter = ","
    prefix = ""
    date = staticmethod(_iso_date)

    def write(self, headers, rows, **kwargs):
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=self.delimiter, lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows(rows)
        return (self.prefix + buffer.getvalue()).encode("utf-8")


class CSVExcel(CSV):
    """Semicolons, a BOM (so that accents come out right) and decimal commas: French Excel."""

    key = "csv-excel"
    title = "CSV pour Excel (points-virgules, UTF-8 avec BOM)"
    file_suffix = "-excel"
    delimiter = ";"
    prefix = "\ufeff"

    def number(self, text):
        # French Excel reads 45,76 as a number and 45.76 as text (or a date).
        return str(text).replace(".", ",")

    date = SheetFormat.date  # as rendered: JJ/MM/AAAA


class XLSX(TypedFormat):
    """An Excel workbook. Text cells are strings, which Excel and LibreOffice never run: one
    that starts like a formula gets the quote-prefix style (what Excel gives a cell typed with
    a leading apostrophe), so that editing it keeps it text, with no apostrophe to see."""

    key = "xlsx"
    title = "Excel (XLSX)"
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def write(self, headers, rows, title="Annuaire", **kwargs):
        import openpyxl
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet(title)
        bold = Font(bold=True)

        def cell(value, header=False):
            text = isinstance(value, str)
            if text:
                inert = value.startswith(FORMULA_TRIGGERS)
                # Excel's escape for a carriage return, which XML would turn into a line feed.
                value = ILLEGAL_XLSX.sub("", value).replace("\r", "_x000D_")
            cell = WriteOnlyCell(sheet, value=value)
            if text:
                # Never a formula, whatever the text: openpyxl would treat "=…" as one.
                cell.data_type = "s"
                if inert:
                    cell.quotePrefix = True
            if header:
                cell.font = bold
            return cell

        sheet.append([cell(header, header=True) for header in headers])
        for row in rows:
            sheet.append([cell(value) for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


class ODS(TypedFormat):
    """LibreOffice's own workbook (OpenDocument), written with odfpy.

    A text cell is text: LibreOffice runs only a cell written as a formula, so nothing is
    escaped. A line break inside a cell is written as one (LibreOffice has no carriage return
    in a cell), and numbers as real numbers.
    """

    key = "ods"
    title = "LibreOffice (ODS)"
    extension = "ods"
    content_type = "application/vnd.oasis.opendocument.spreadsheet"

    def write(self, headers, rows, title="Annuaire", **kwargs):
        from odf.opendocument import OpenDocumentSpreadsheet
        from odf.style import Style, TextProperties
        from odf.table import Table, TableCell, TableRow
        from odf.teletype import addTextToElement
        from odf.text import P

        document = OpenDocumentSpreadsheet()
        bold = Style(name="entete", family="table-cell")
        bold.addElement(TextProperties(fontweight="bold"))
        document.automaticstyles.addElement(bold)
        sheet = Table(name=title)
        document.spreadsheet.addElement(sheet)

        def cell(value, style=None):
            if value is None or value == "":
                return TableCell()
            if isinstance(value, int | float) and not isinstance(value, bool):
                element = TableCell(valuetype="float", value=value)
                element.addElement(P(text=str(value)))
                return element
            text = ILLEGAL_XLSX.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")
            element = TableCell(valuetype="string", **({"stylename": style} if style else {}))
            paragraph = P()
            # Runs of spaces, tabs and line breaks as elements: XML would fold them.
            addTextToElement(paragraph, text)
            element.addElement(paragraph)
            return element

        for index, row in enumerate([headers, *rows]):
            line = TableRow()
            for value in row:
                line.addElement(cell(value, bold if index == 0 else None))
            sheet.addElement(line)
        buffer = io.BytesIO()
        document.write(buffer)
        return buffer.getvalue()


class JSON(TypedFormat):
    """A list of objects; with ``meta``, an object holding ``meta`` and the list under ``key``.

    Not a spreadsheet: text is written exactly as stored, nothing to escape.
    """

    key = "json"
    title = "JSON"
    extension = "json"
    content_type = "application/json"
    date = staticmethod(_iso_date)

    def items(self, headers, rows):
        return [dict(zip(headers, row, strict=True)) for row in rows]

    def write(self, headers, rows, meta=None, key="items", **kwargs):
        data = self.items(headers, rows)
        if meta is not None:
            data = {**meta, key: data}
        return _dumps(data)


class GeoJSON(JSON):
    """A FeatureCollection: one point per row from its ``latitude`` and ``longitude`` columns
    (a null geometry when either is empty), the row's fields as properties."""

    key = "geojson"
    title = "GeoJSON"
    extension = "geojson"
    content_type = "application/geo+json"
    latitude = "latitude"
    longitude = "longitude"

    def write(self, headers, rows, meta=None, **kwargs):
        features = []
        for item in self.items(headers, rows):
            latitude, longitude = item[self.latitude], item[self.longitude]
            geometry = None
            if latitude is not None and longitude is not None:
                geometry = {"type": "Point", "coordinates": [longitude, latitude]}
            features.append({"type": "Feature", "geometry": geometry, "properties": item})
        data = {"type": "FeatureCollection", "metadata": meta or {}, "features": features}
        return _dumps(data)


def _dumps(data):
    # Without indentation: the standard library's C encoder then writes the 2,000-centre open
    # data in a tenth of the time (browsers and tools indent it for reading).
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


# What the admin's export screen and the commands offer, CSV for Excel first (what most staff
# open); the open data adds GeoJSON.
EXPORT_FORMATS = (CSVExcel, CSV, XLSX, ODS, JSON)
FORMATS_BY_KEY = {f.key: f for f in (*EXPORT_FORMATS, GeoJSON)}
