"""Short editable lists shared by the apps: the agenda's types and audiences, the library's
types of resource."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def position_field():
    """Return the « position » field of a row shown in an order editors set (a small
    number, smallest first, 0 by default)."""
    return models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Ordre d’affichage, du plus petit au plus grand.")
    )


class Vocabulary(models.Model):
    """A term of an editable list: a name, an address-friendly slug, a position."""

    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    position = position_field()

    class Meta:
        abstract = True
        ordering = ("position", "name")

    def __str__(self):
        return self.name
