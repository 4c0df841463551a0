"""Exporting the directory: the same columns as the import, in four formats.

The admin's export screen and ``manage.py export_centres`` both go through ``EXPORT_FORMATS``:
django-import-export format classes whose ``export_data`` writes the file with
``centres.tables`` (formula escaping on every text cell of CSV and XLSX files).
"""

from import_export.formats.base_formats import Format

from centres import tables
from centres.resources import NUMERIC_COLUMNS, CentreResource


class DirectoryFormat(Format):
    """An export format of the directory; ``export_data`` returns the file's bytes."""

    key = ""
    title = ""
    extension = ""
    content_type = "application/octet-stream"

    def get_title(self):
        return self.title

    def get_extension(self):
        return self.extension

    def get_content_type(self):
        return self.content_type

    def can_export(self):
        return True

    def is_binary(self):
        # Already bytes: the admin must not encode them a second time.
        return True

    def export_data(self, dataset, **kwargs):
        headers = list(dataset.headers or [])
        text_columns = {i for i, h in enumerate(headers) if h not in NUMERIC_COLUMNS}
        rows = [list(row) for row in dataset]
        for index in set(range(len(headers))) - text_columns:
            for row in rows:
                row[index] = self.number(row[index])
        return self.write(headers, rows, text_columns)

    def number(self, text):
        """Return a number cell (rendered as 45.76 by the resource) for this format."""
        return text

    def write(self, headers, rows, text_columns):
        raise NotImplementedError


class CSVExcel(DirectoryFormat):
    key = "csv-excel"
    title = "CSV pour Excel (points-virgules, UTF-8 avec BOM)"
    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def number(self, text):
        # French Excel reads 45,76 as a number and 45.76 as text (or a date).
        return str(text).replace(".", ",")

    def write(self, headers, rows, text_columns):
        return tables.write_csv(headers, rows, text_columns=text_columns, excel=True)


class CSV(DirectoryFormat):
    key = "csv"
    title = "CSV (virgules, UTF-8)"
    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def write(self, headers, rows, text_columns):
        return tables.write_csv(headers, rows, text_columns=text_columns)


class XLSX(DirectoryFormat):
    key = "xlsx"
    title = "Excel (XLSX)"
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def number(self, text):
        # Real numbers in the workbook, so that Excel can sort and sum them.
        if text in (None, ""):
            return None
        number = float(text)
        return int(number) if number.is_integer() and "." not in str(text) else number

    def write(self, headers, rows, text_columns):
        return tables.write_xlsx(headers, rows, text_columns=text_columns)


class JSON(DirectoryFormat):
    key = "json"
    title = "JSON"
    extension = "json"
    content_type = "application/json"

    def write(self, headers, rows, text_columns):
        # Not a spreadsheet: values are written exactly as stored, nothing to escape.
        return tables.write_json(headers, rows)


EXPORT_FORMATS = (CSVExcel, CSV, XLSX, JSON)
FORMATS_BY_KEY = {f.key: f for f in EXPORT_FORMATS}


def export_centres(queryset=None, format_key="csv") -> bytes:
    """Return the centres of ``queryset`` (all by default) as a file in the given format."""
    dataset = CentreResource().export(queryset=queryset)
    return FORMATS_BY_KEY[format_key]().export_data(dataset)
