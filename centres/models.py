"""The directory: reference geography, themes and resource centres.

A centre's territory is a set of départements; régions are derived from it, since a centre may
serve one département, a whole région, part of one, or two régions.
"""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres import geography
from centres.phones import format_national, normalize_phone
from crpv.content import PublishedQuerySet, control_character_errors, related
from crpv.text import fold, normalize_lines
from crpv.vocabulary import position_field


class SearchableName(models.Model):
    """Keep ``search_name``, the folded ``name`` the search compares, in step with the name.

    Folded in Python (``crpv.text.fold``) so that SQLite and PostgreSQL match alike.
    """

    search_name = models.CharField(max_length=100, editable=False, db_index=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)


class Region(SearchableName):
    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    is_overseas = models.BooleanField(_("outre-mer"), default=False)

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ("name",)


class Departement(SearchableName):
    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="departements", verbose_name=_("région")
    )
    is_overseas = models.BooleanField(_("outre-mer"), default=False)

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ("code",)

    def __str__(self):
        return f"{self.name} ({self.code})"


class Commune(SearchableName):
    code = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    departement = models.ForeignKey(
        Departement,
        on_delete=models.CASCADE,
        related_name="communes",
        verbose_name=_("département"),
    )
    # Space-separated: a commune may have several postcodes and a postcode several communes.
    postcodes = models.CharField(_("codes postaux"), max_length=200, blank=True)
    population = models.PositiveIntegerField(_("population"), default=0)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ("name",)


class Theme(models.Model):
    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    position = position_field()

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ("position", "name")

    def __str__(self):
        return self.name


class PhoneField(models.CharField):
    """A phone number stored in E.164 form; any usual French writing is accepted."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return normalize_phone(super().to_python(value) or "")

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhoneFormField, **kwargs})

    def display_value(self, value):
        """Return a stored number the French way (04 78 77 01 43), for the admin's screens."""
        return format_national(value or "")


class PhoneFormField(forms.CharField):
    """Shows a stored E.164 number the French way; what was typed is shown as typed."""

    def prepare_value(self, value):
        return format_national(value or "")


class WebsiteField(models.URLField):
    """A URL whose form field assumes https:// when the scheme is left out (Django 6's default)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", _("Association loi 1901")
    GIP = "gip", _("Groupement d’intérêt public (GIP)")
    CARRIED = "portee", _("Portée par une autre structure")
    OTHER = "autre", _("Autre")


postcode_validator = RegexValidator(
    r"^\d{5}$", _("Le code postal doit compter cinq chiffres, par exemple 69008.")
)


def current_year_validator(value):
    if value > datetime.date.today().year:
        raise ValidationError(_("L’année ne peut pas être dans le futur."), code="future_year")


def year_ago(today=None):
    """Return the same day a year before ``today`` (28 February for a 29 February)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return today.replace(year=today.year - 1, day=28)


def territory_key(departements) -> str:
    """Return the sort key of a territory from its départements' (is_overseas, région's
    folded name, code): the first région by name, metropolitan ones before overseas, then the
    lowest code. A centre serving nothing sorts last. Folded ASCII letters, digits and spaces
    only, so that SQLite and PostgreSQL, whatever its collation, sort it alike."""
    if not departements:
        return "2"
    region = min(f"{int(overseas)}{region}" for overseas, region, _code in departements)
    code = min(code for _overseas, _region, code in departements)
    return f"{region} {code}"


class CentreQuerySet(PublishedQuerySet):
    def needs_checking(self):
        """Return the centres whose information was not confirmed in the last 12 months."""
        return self.filter(
            models.Q(verified_on__isnull=True) | models.Q(verified_on__lt=year_ago())
        )

    def by_territory(self):
        """Order by territory: metropolitan régions by name, then overseas, then first code.

        Reads ``territory_key``, kept up to date from the départements (``territory_key()``):
        an indexed column, so a page of the directory sorts no aggregate over every centre.
        """
        return self.order_by("territory_key", "name", "pk")

    def update_territory_keys(self):
        """Recompute ``territory_key`` for these centres from their départements.

        Two queries and a bulk update whatever their number. The m2m signal calls it when a
        centre's départements change through the ORM; writers that bypass the signals (the
        spreadsheet import) call it themselves.
        """
        rows = Centre.departements.through.objects.filter(centre__in=self.values("pk")).values_list(
            "centre_id",
            "departement__is_overseas",
            "departement__region__search_name",
            "departement__code",
        )
        served = {}
        for centre_id, *departement in rows:
            served.setdefault(centre_id, []).append(departement)
        centres = list(self.only("pk", "territory_key"))
        for centre in centres:
            centre.territory_key = territory_key(served.get(centre.pk, ()))
        Centre.objects.bulk_update(centres, ["territory_key"], batch_size=500)

    def for_display(self, themes=True):
        """Prefetch what a card or an export shows: territory and themes, in constant queries."""
        departements = models.Prefetch(
            "departements", queryset=Departement.objects.select_related("region")
        )
        return self.prefetch_related(departements, *(["themes"] if themes else []))


# Kept apart so that the admin can write one version after a form's many-to-many fields
# are saved, instead of one per field (see CentreAdmin.log_change).
centre_history = HistoricalRecords(
    m2m_fields=("departements", "themes"),
    excluded_fields=("updated_at", "territory_key"),
    verbose_name=_("version d’un centre"),
    verbose_name_plural=_("versions des centres"),
)


class Centre(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    acronym = models.CharField(_("sigle"), max_length=50, blank=True)
    slug = models.SlugField(
        _("identifiant"),
        max_length=100,
        unique=True,
        help_text=_("Partie de l’adresse web du centre, par exemple « labo-cites »."),
    )
    legal_form = models.CharField(
        _("forme juridique"), max_length=20, choices=LegalForm.choices, blank=True
    )
    carrying_structure = models.CharField(
        _("structure porteuse"),
        max_length=200,
        blank=True,
        help_text=_("Quand le centre est porté par une autre structure, son nom."),
    )
    departements = models.ManyToManyField(
        Departement,
        related_name="centres",
        verbose_name=_("départements desservis"),
        help_text=_("Le territoire du centre ; les régions s’en déduisent."),
    )
    street_address = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(
        _("code postal"), max_length=5, blank=True, validators=[postcode_validator]
    )
    city = models.CharField(_("ville"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    phone = PhoneField(
        _("téléphone"), blank=True, help_text=_("Par exemple 04 78 77 01 43 ou 0596 68 64 52.")
    )
    phone_2 = PhoneField(_("second téléphone"), blank=True)
    email = models.EmailField(
        _("courriel"),
        blank=True,
        help_text=_(
            "Adresse du centre, publiée sur le portail et dans les données ouvertes : une "
            "adresse de service (contact@…), jamais celle d’une personne."
        ),
    )
    # Open data holds no personal data: a named person's address stays with the staff.
    private_contact = models.CharField(
        _("contact nominatif (équipe seulement)"),
        max_length=200,
        blank=True,
        help_text=_(
            "Nom et adresse électronique d’une personne du centre. Jamais publié : ni sur le "
            "portail, ni dans les exports ou les données ouvertes."
        ),
    )
    website = WebsiteField(_("site web"), blank=True)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField(
        Theme, related_name="centres", blank=True, verbose_name=_("thèmes")
    )
    year_created = models.PositiveSmallIntegerField(
        _("année de création"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), current_year_validator],
    )
    year_labelled = models.PositiveSmallIntegerField(
        _("année de labellisation"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), current_year_validator],
    )
    # A new centre is a draft until someone publishes it.
    is_published = models.BooleanField(
        _("publié"),
        default=False,
        help_text=_(
            "Cochez pour montrer le centre sur le site public, décochez pour l’en retirer. "
            "Un nouveau centre est un brouillon."
        ),
    )
    verified_on = models.DateField(
        _("vérifié le"),
        null=True,
        blank=True,
        help_text=_("Date à laquelle les informations ont été confirmées pour la dernière fois."),
    )
    source = models.TextField(
        _("source"), blank=True, help_text=_("D’où viennent ces informations.")
    )
    referents = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="referent_centres",
        blank=True,
        verbose_name=_("référents"),
        help_text=_(
            "Comptes de l’équipe du centre, membres du groupe « Référents de centre » : "
            "ils peuvent mettre à jour ses coordonnées, sa présentation et ses thèmes."
        ),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # Derived from the départements (CentreQuerySet.update_territory_keys): the directory's order.
    territory_key = models.CharField(max_length=120, default="2", editable=False)

    objects = CentreQuerySet.as_manager()
    # Every version of a centre, its territory and themes included (see centres/admin.py).
    history = centre_history

    class Meta:
        verbose_name = _("centre de ressources")
        verbose_name_plural = _("centres de ressources")
        ordering = ("name",)
        # The directory: published centres in territory order, a page at a time, and their
        # count, read from this partial index alone (without it, both read the whole table).
        indexes = [
            models.Index(
                fields=["territory_key", "name"],
                condition=models.Q(is_published=True),
                name="centre_directory_order",
            )
        ]
        # Checked by the admin's import and export screens (IMPORT_EXPORT_*_PERMISSION_CODE).
        permissions = (
            ("import_centre", _("Peut importer des centres depuis un fichier")),
            ("export_centre", _("Peut exporter l’annuaire des centres")),
            ("change_own_centre", _("Peut modifier les centres dont il est référent")),
        )

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        for name in self.text_fields():
            setattr(self, name, normalize_lines(getattr(self, name)))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("centres:detail", args=[self.slug])

    def search_document(self):
        """Return what the search index keeps of the centre (``search.index``): its name
        first, then its acronym, city, structure, départements and themes, then its
        description. Two queries (départements, themes) unless prefetched."""
        from search.index import Document

        summary = [self.acronym, self.city, self.carrying_structure]
        summary += [d.name for d in self.departements.all()]
        summary += [t.name for t in self.themes.all()]
        return Document(
            title=self.name,
            summary="\n".join(part for part in summary if part),
            body=self.description,
            published=self.is_published,
            url=self.get_absolute_url(),
        )

    @classmethod
    def text_fields(cls):
        """Return the names of the fields holding free text (one form of line breaks)."""
        return [
            f.name
            for f in cls._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and f.choices is None
        ]

    def clean(self):
        super().clean()
        errors = control_character_errors(self, self.text_fields())
        if self.postcode and not self._postcode_exists():
            errors["postcode"] = _(
                "Le code postal %(code)s n’existe pas. S’il s’agit d’un code CEDEX, indiquez "
                "la ville telle que l’adresse l’écrit (par exemple « Lyon Cedex 03 »)."
            ) % {"code": self.postcode}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Indiquez la latitude et la longitude, ou aucune des deux.")
        elif self.latitude is not None and "postcode" not in errors:
            errors.update(self._position_errors())
        if self.legal_form == LegalForm.CARRIED and not self.carrying_structure:
            errors["carrying_structure"] = _("Indiquez le nom de la structure qui porte le centre.")
        if errors:
            raise ValidationError(errors)

    def _postcode_exists(self):
        """Whether ``postcode`` is a commune's, or a CEDEX code (used by no commune: an
        organisation's) of the département where ``city`` is."""
        if Commune.objects.filter(postcodes__contains=self.postcode).exists():
            return True
        from centres.search import locate_commune

        return bool(self.city) and bool(locate_commune(self.city, self.postcode))

    def _position_errors(self):
        """Refuse a position far from the département of the address (swapped or mistyped
        coordinates); nothing to check without a postcode."""
        from centres.positions import in_departement
        from centres.search import departement_of_postcode

        departement = departement_of_postcode(self.postcode) if self.postcode else None
        if departement is None or in_departement(self.latitude, self.longitude, departement):
            return {}
        return {
            "latitude": _(
                "Cette position (%(lat)s, %(lon)s) est loin du département de l’adresse "
                "(%(code)s) : la latitude et la longitude sont-elles inversées ?"
            )
            % {"lat": self.latitude, "lon": self.longitude, "code": departement}
        }

    @property
    def phone_display(self):
        return format_national(self.phone)

    @property
    def phone_2_display(self):
        return format_national(self.phone_2)

    @property
    def regions(self):
        """Return the régions of the départements served, without duplicates, by name."""
        seen = {d.region_id: d.region for d in related(self, "departements")}
        return sorted(seen.values(), key=lambda r: r.name)

    @property
    def is_overseas(self):
        return any(d.is_overseas for d in related(self, "departements"))

    @property
    def territory_label(self):
        """Name the territory served the way people say it: a région when all of it is served.

        With ``for_display()`` this costs no query: the number of départements of each région
        comes from the reference geography (``geography.region_sizes()``).
        """
        return self._territory(articles=False)

    @property
    def territory_phrase(self):
        """Return ``territory_label`` with the articles a sentence needs (« pour la Martinique »,
        « pour l’Ain, le Rhône »), from INSEE's TNCC."""
        return self._territory(articles=True)

    def _territory(self, articles):
        from centres.geography import with_article

        def named(kind, place):
            return with_article(kind, place.code, place.name) if articles else place.name

        by_region = {}
        for departement in related(self, "departements"):
            by_region.setdefault(departement.region, []).append(departement)
        parts = []
        for region, served in sorted(by_region.items(), key=lambda item: item[0].name):
            size = geography.region_sizes().get(region.code) or region.departements.count()
            if len(served) == size and (len(served) > 1 or region.is_overseas):
                parts.append(named("region", region))
            else:
                parts.extend(named("departement", d) for d in sorted(served, key=lambda d: d.code))
        return ", ".join(parts)


@receiver(m2m_changed, sender=Centre.departements.through)
def _territory_changed(sender, instance, action, reverse, **kwargs):
    """Keep ``territory_key`` in step with a centre's départements changed through the ORM.

    (Changes from the département's side are not made anywhere: the centres' history, which
    records these links, does not support them either.)
    """
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        Centre.objects.filter(pk=instance.pk).update_territory_keys()
