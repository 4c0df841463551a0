"""Where the admin's import keeps a previewed file until the person confirms it.

A storage for django-import-export (``IMPORT_EXPORT_TMP_STORAGE_CLASS``) backed by the
database (``crpv.models.PendingImport``, for any model's import), which every app server
shares: nothing is written to a server's own disk. Entries older than ``MAX_AGE`` are deleted
whenever another one is saved.

What waits is not the uploaded file but the table already read from it, with the version of
each object it names (``encode``): the confirmation neither parses the file again (an XLSX or
ODS costs seconds at the limits) nor overwrites an object edited since the preview.
"""

import datetime
import json
import zlib
from uuid import uuid4

from django.utils import timezone
from import_export.tmp_storages import BaseStorage

from crpv.models import PendingImport
from crpv.spreadsheets.read import Table

# As long as the signed token of the confirmation form (crpv.spreadsheets.admin).
MAX_AGE = datetime.timedelta(hours=3)


class DatabaseStorage(BaseStorage):
    """A file waiting for its confirmation, under a random ``name``.

    ``read`` raises FileNotFoundError once the file is gone (expired or already imported).
    """

    def save(self, data):
        if isinstance(data, str):
            data = data.encode(self.encoding or "utf-8")
        PendingImport.objects.filter(created_at__lt=timezone.now() - MAX_AGE).delete()
        self.name = self.name or uuid4().hex
        PendingImport.objects.update_or_create(name=self.name, defaults={"content": bytes(data)})

    def read(self):
        content = (
            PendingImport.objects.filter(name=self.name).values_list("content", flat=True).first()
        )
        if content is None:
            raise FileNotFoundError(self.name)
        return bytes(content)

    def remove(self):
        PendingImport.objects.filter(name=self.name).delete()


def encode(table: Table, versions: dict[str, str]) -> bytes:
    """Return ``table`` (as ``read_table`` gave it) and ``versions`` (an import report's, key
    → version of each object the file names) as compressed JSON bytes, for ``save``."""
    # Pairs: a key may be any text, "date" too.
    payload = {"table": vars(table), "versions": list(versions.items())}
    return zlib.compress(json.dumps(payload, default=_date_cell).encode(), 1)


def decode(data: bytes) -> tuple[Table, dict[str, str]]:
    """Return the table and versions that ``encode`` gave ``data``; raises ValueError,
    KeyError or TypeError if ``data`` is not such bytes."""
    try:
        data = zlib.decompress(data)
    except zlib.error as error:
        raise ValueError("not an encoded table") from error
    payload = json.loads(data, object_hook=_read_date_cell)
    table = payload["table"]
    for name in ("rows", "row_errors", "cell_errors"):
        table[name] = [tuple(item) for item in table[name]]
    return Table(**table), dict(payload["versions"])


# Cells are text, or the dates and times of workbooks' date cells; no cell is a JSON object.
def _date_cell(value):
    if isinstance(value, datetime.date):  # {"date": …} or {"datetime": …}
        return {type(value).__name__: value.isoformat()}
    raise TypeError(f"{type(value).__name__} is not a cell")


def _read_date_cell(item):
    if item.keys() in ({"datetime"}, {"date"}):
        ((kind, text),) = item.items()
        return getattr(datetime, kind).fromisoformat(text)
    return item
