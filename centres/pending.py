"""Where the admin's import keeps the uploaded file until the person confirms it.

A storage for django-import-export (``IMPORT_EXPORT_TMP_STORAGE_CLASS``) backed by the
database, which every app server shares: nothing is written to a server's own disk.
"""

import datetime
from uuid import uuid4

from django.utils import timezone
from import_export.tmp_storages import BaseStorage

from centres.models import PendingImport

# As long as the signed token of the confirmation form (centres.admin).
MAX_AGE = datetime.timedelta(hours=3)


class DatabaseStorage(BaseStorage):
    def save(self, data):
        if isinstance(data, str):
            data = data.encode(self.encoding or "utf-8")
        PendingImport.objects.filter(created_at__lt=timezone.now() - MAX_AGE).delete()
        if not self.name:
            self.name = uuid4().hex
        PendingImport.objects.update_or_create(name=self.name, defaults={"content": bytes(data)})

    def read(self):
        content = (
            PendingImport.objects.filter(name=self.name).values_list("content", flat=True).first()
        )
        if content is None:
            raise FileNotFoundError(self.name)  # expired or already imported
        return bytes(content)

    def remove(self):
        PendingImport.objects.filter(name=self.name).delete()
