"""The project's own table: where a previewed spreadsheet waits (``crpv.spreadsheets.pending``).

It belongs to no content app: the directory's, the agenda's and the library's imports all
keep their previews here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingImport(models.Model):
    """A file waiting between the import's preview and its confirmation.

    Kept in the database rather than on the app server's disk, so that the confirmation may
    reach any app server behind a load balancer. Removed once imported; left-overs (a preview
    never confirmed) are removed by the next upload once their token has expired. Moved from
    the centres app (centres 0014, crpv 0002), its rows kept.
    """

    name = models.CharField(max_length=64, unique=True)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("fichier en attente d’import")
        verbose_name_plural = _("fichiers en attente d’import")
        default_permissions = ()

    def __str__(self):
        return self.name
