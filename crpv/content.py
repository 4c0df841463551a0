"""What the network's content models share: the agenda's events, the library's resources and
the news (``CentreContent``), and pieces the directory and the pages use too.

One rule for every kind of content: plain texts are stored with one kind of line break and
French spacing, rich texts cleaned by ``pages.sanitize.clean_html``, both once per save (and
by the imports, which write in bulk); an invisible control character pasted from another
program is refused by the form, field by field. Nothing here is a database field: the models
keep their own, so that sharing this code changes no table and needs no migration.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from crpv.text import has_control_characters, normalize_lines
from pages.sanitize import clean_html
from pages.typography import french_spacing


def related(obj, name):
    """Return ``obj``'s related objects ``name`` (a many-to-many or reverse foreign key):
    the prefetched ones when there are, read without a new query, a manager or a copy of the
    queryset (``obj.name.all()`` makes both each time; the open data of 2,000 centres is
    15–20 % faster without, benchmarks/README.md), else ``obj.name.all()``. Django forgets
    the prefetched ones when the relation changes (``add``, ``set``, ``remove``, ``clear``)."""
    cache = getattr(obj, "_prefetched_objects_cache", {})
    return cache[name] if name in cache else getattr(obj, name).all()


# The rich-text editor offers exactly what the sanitiser keeps (see pages.sanitize).
EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
}

CONTROL_CHARACTER_ERROR = _(
    "Le texte contient un caractère de contrôle invisible (copié d’un autre logiciel)\u00a0: "
    "retapez-le."
)


def control_character_errors(instance, names):
    """Return ``{field name: French message}`` for the fields of ``instance`` named in
    ``names`` (an iterable of str) whose text holds an invisible control character; ``{}``
    when none does."""
    return {
        name: CONTROL_CHARACTER_ERROR
        for name in names
        if has_control_characters(getattr(instance, name))
    }


def through_columns(model, name):
    """Return ``(through, source, target)`` for the many-to-many field ``name`` of ``model``
    (a model class): its through model, and the attribute names (str) of its columns for
    this side and for the other (``"centre_id"``, ``"departement_id"``). Raises
    ``FieldDoesNotExist`` for an unknown ``name``. Read by writers that bypass the ORM's
    many-to-many managers to write in bulk (the spreadsheet import, ``centres.territory``)."""
    field = model._meta.get_field(name)
    through = field.remote_field.through
    source = through._meta.get_field(field.m2m_field_name()).attname
    target = through._meta.get_field(field.m2m_reverse_field_name()).attname
    return through, source, target


# The label and help text of a rich text that is the whole content (a page's, a news item's).
RICH_TEXT_LABEL = _("texte")
RICH_TEXT_HELP = _(
    "Intertitres, paragraphes, listes, liens, gras, italique et citations. Le texte "
    "collé depuis un traitement de texte est nettoyé à l’enregistrement."
)


def rich_text_field(verbose_name=RICH_TEXT_LABEL, help_text=RICH_TEXT_HELP):
    """Return a rich-text field (``django_prose_editor``) offering exactly what
    ``pages.sanitize.clean_html`` keeps, optional, labelled ``verbose_name`` with
    ``help_text`` (both French, lazy or not)."""
    return ProseEditorField(
        verbose_name,
        blank=True,
        extensions=EDITOR_EXTENSIONS,
        sanitize=clean_html,
        help_text=help_text,
    )


def centre_content_permissions(model_name, plural):
    """Return the ``Meta.permissions`` of content that centres publish: import, export, and
    the référents' change and delete of their centres' own (``crpv.referents``).
    ``model_name`` is the model's lower-case name (« event »), ``plural`` its French plural
    (« événements »)."""
    return tuple(
        (f"{action}_{model_name}", format_lazy(label, plural))
        for action, label in (
            ("import", _("Peut importer des {} depuis un fichier")),
            ("export", _("Peut exporter les {}")),
            ("change_own", _("Peut modifier les {} de ses centres")),
            ("delete_own", _("Peut supprimer les {} de ses centres")),
        )
    )


class PublishedQuerySet(models.QuerySet):
    """The named query of every model with an ``is_published`` box."""

    def published(self):
        """Return the rows marked published (``is_published``), whatever their dates."""
        return self.filter(is_published=True)


class CentreContent(models.Model):
    """Content that centres (or the network) publish, with a title and a public page at
    ``url_name`` (a URL name taking the slug): events, resources, news.

    A subclass names its plain texts in ``plain_text_fields`` and its rich texts in
    ``rich_text_fields``; ``normalize()`` cleans them (run by ``save()`` and by the imports,
    which write in bulk), ``clean()`` refuses control characters in ``checked_text_fields``
    (by default the plain texts) and adds the errors of ``validate_fields()``.
    """

    plain_text_fields = ()
    rich_text_fields = ()
    checked_text_fields = None
    url_name = ""

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.normalize()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(self.url_name, args=[self.slug])

    def normalize(self):
        """Clean the texts as stored: French spacing and one kind of line break in the plain
        texts, the rich texts through ``pages.sanitize.clean_html``. Cleaning clean text
        changes nothing."""
        for name in self.plain_text_fields:
            setattr(self, name, french_spacing(normalize_lines(getattr(self, name))))
        for name in self.rich_text_fields:
            setattr(self, name, clean_html(getattr(self, name)))

    def clean(self):
        """Raise ``ValidationError`` (by field) for control characters in the checked texts
        and for the model's own checks (``validate_fields``)."""
        super().clean()
        checked = self.checked_text_fields
        errors = control_character_errors(
            self, self.plain_text_fields if checked is None else checked
        )
        self.validate_fields(errors)
        if errors:
            raise ValidationError(errors)

    def validate_fields(self, errors):
        """Add the model's own checks to ``errors`` (a dict, field name → French message, that
        holds the control-character errors already); may also set derived fields."""
