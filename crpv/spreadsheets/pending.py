"""Where the admin's import keeps the uploaded file until the person confirms it.

A storage for django-import-export (``IMPORT_EXPORT_TMP_STORAGE_CLASS``) backed by the
database (``centres.PendingImport``, for any model's import), which every app server shares:
nothing is written to a server's own disk. Files older than ``MAX_AGE`` are deleted whenever
another one is saved.
"""

import datetime
from uuid import uuid4

from django.apps import apps
from django.utils import timezone
from import_export.tmp_storages import BaseStorage

# As long as the signed token of the confirmation form (crpv.spreadsheets.admin).
MAX_AGE = datetime.timedelta(hours=3)


def _pending():
    return apps.get_model("centres", "PendingImport")


class DatabaseStorage(BaseStorage):
    """A file waiting for its confirmation, under a random ``name``.

    ``read`` raises FileNotFoundError once the file is gone (expired or already imported).
    """

    def save(self, data):
        if isinstance(data, str):
            data = data.encode(self.encoding or "utf-8")
        _pending().objects.filter(created_at__lt=timezone.now() - MAX_AGE).delete()
        if not self.name:
            self.name = uuid4().hex
        _pending().objects.update_or_create(name=self.name, defaults={"content": bytes(data)})

    def read(self):
        content = (
            _pending().objects.filter(name=self.name).values_list("content", flat=True).first()
        )
        if content is None:
            raise FileNotFoundError(self.name)
        return bytes(content)

    def remove(self):
        _pending().objects.filter(name=self.name).delete()
