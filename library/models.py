"""The resource library: the centres' studies, guides, experience sheets… in one catalogue.

A ``Resource`` is described once (title, type, producing centres, themes, audiences,
territories, licence) and carries one or more ``ResourceFile``, or an external link (videos,
podcasts). Files are checked and read by ``library.documents.inspect`` when they are uploaded
(admin form, import); what it learnt (format, type, size, text, pages, notes, thumbnail) is
stored beside the file, so that serving and searching never read the file again.
"""

import posixpath
import uuid

from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Centre, Commune, Departement, Theme, WebsiteField
from centres.territory import territory_field
from crpv.content import CentreContent, PublishedQuerySet, centre_content_permissions
from crpv.vocabulary import Vocabulary
from events.models import Audience, Event
from library import documents


class ResourceType(Vocabulary):
    download_label = models.CharField(
        _("dans un lien de téléchargement"),
        max_length=100,
        blank=True,
        help_text=_(
            "Le nom avec son article, tel qu’il se lit dans « Télécharger l’étude »\u00a0: "
            "« l’étude », « le guide », « la fiche »."
        ),
    )

    class Meta(Vocabulary.Meta):
        verbose_name = _("type de ressource")
        verbose_name_plural = _("types de ressource")

    def link_noun(self):
        """Return the type with its article, for « Télécharger … » (« l’étude »)."""
        if self.download_label:
            return self.download_label
        name = self.name.lower()
        return f"l’{name}" if name[:1] in "aeéèêiîoôuh" else f"le document ({name})"


class Licence(models.TextChoices):
    OPEN = "licence-ouverte", _("Licence Ouverte 2.0")
    CC_BY = "cc-by", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC_BY_SA = (
        "cc-by-sa",
        _("Creative Commons Attribution, partage dans les mêmes conditions 4.0 (CC BY-SA 4.0)"),
    )
    CC_BY_NC_ND = (
        "cc-by-nc-nd",
        _(
            "Creative Commons Attribution, pas d’utilisation commerciale, pas de modification 4.0 "
            "(CC BY-NC-ND 4.0)"
        ),
    )
    ALL_RIGHTS = "tous-droits-reserves", _("Tous droits réservés")


# Licence → (short name, address of its text; "" when there is none to link to).
LICENCES = {
    Licence.OPEN: (
        "Licence Ouverte 2.0",
        "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    ),
    Licence.CC_BY: ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/deed.fr"),
    Licence.CC_BY_SA: ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/deed.fr"),
    Licence.CC_BY_NC_ND: (
        "CC BY-NC-ND 4.0",
        "https://creativecommons.org/licenses/by-nc-nd/4.0/deed.fr",
    ),
    Licence.ALL_RIGHTS: ("Tous droits réservés", ""),
}

LANGUAGES = (
    ("fr", _("français")),
    ("en", _("anglais")),
    ("es", _("espagnol")),
    ("de", _("allemand")),
    ("it", _("italien")),
    ("ar", _("arabe")),
)


# What a resource's territory is made of (centres.territory): the départements it is about,
# those of its communes, those its producers serve.
TERRITORY_PATHS = ("departements", "communes__departement", "centres__departements")


class Facet(models.Model):
    """A value the catalogue counts: the name of its filter (``library.filters.ResourceFilter``:
    "type", "theme", "centre", "region", "annee", "format", "licence") and the value in the
    address (a slug, a région's code, a year…, as text). Written by ``Resource.refresh()``
    and, for the régions, ``write_region_facets``; never changed: its ``pk`` stands for the
    pair in the link table.

    Never deleted: a row that no resource links any more (a deleted resource, a renamed
    slug) counts nothing and costs one of the few hundred rows the count reads for the
    labels, while deleting it in ``refresh()`` would race with another refresh about to link
    the row it has just found."""

    name = models.CharField(_("filtre"), max_length=16)
    value = models.CharField(_("valeur"), max_length=100)

    class Meta:
        verbose_name = _("facette")
        verbose_name_plural = _("facettes")
        constraints = [models.UniqueConstraint(fields=["name", "value"], name="facet_unique")]

    def __str__(self):
        return f"{self.name}={self.value}"


def write_region_facets(ids, resource_model=None, facet_model=None):
    """Link the resources ``ids`` (list of int) to the « region » facets of the régions of
    their stored territory (``Resource.territory``), in place of their previous région links.
    Called after each write of the territory (``centres.territory.follow``); a migration
    passes its own models. About four queries per 500 resources."""
    resource_model = resource_model or Resource
    facet_model = facet_model or Facet
    territory = resource_model.territory.through
    links = resource_model.facets.through
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        pairs = set(
            territory.objects.filter(resource_id__in=batch).values_list(
                "resource_id", "departement__region__code"
            )
        )
        codes = sorted({code for _, code in pairs})
        facet_model.objects.bulk_create(
            [facet_model(name="region", value=code) for code in codes], ignore_conflicts=True
        )
        facets = dict(
            facet_model.objects.filter(name="region", value__in=codes).values_list("value", "pk")
        )
        links.objects.filter(resource_id__in=batch, facet__name="region").delete()
        links.objects.bulk_create(
            [links(resource_id=pk, facet_id=facets[code]) for pk, code in sorted(pairs)]
        )


class ResourceQuerySet(PublishedQuerySet):
    def newest(self):
        return self.order_by("-published_on", "title", "pk")


resource_history = HistoricalRecords(
    m2m_fields=("centres", "themes", "audiences", "departements", "communes"),
    excluded_fields=("updated_at",),
    verbose_name=_("version d’une ressource"),
    verbose_name_plural=_("versions des ressources"),
)


class Resource(CentreContent):
    title = models.CharField(_("titre"), max_length=250)
    slug = models.SlugField(
        _("adresse"),
        max_length=100,
        unique=True,
        help_text=_(
            "Partie de l’adresse web de la ressource, en minuscules et sans accents, par exemple "
            "« etude-gup-2026 ». La changer casse les liens déjà publiés."
        ),
    )
    summary = models.TextField(
        _("résumé"),
        max_length=2000,
        blank=True,
        help_text=_("Quelques phrases en texte simple, affichées dans le catalogue."),
    )
    resource_type = models.ForeignKey(
        ResourceType, on_delete=models.PROTECT, related_name="resources", verbose_name=_("type")
    )
    centres = models.ManyToManyField(
        Centre,
        related_name="resources",
        blank=True,
        verbose_name=_("centres producteurs"),
        help_text=_("Un ou plusieurs centres du réseau, ou cochez «\u00a0réseau national\u00a0»."),
    )
    is_national = models.BooleanField(
        _("réseau national"),
        default=False,
        help_text=_("Un travail collectif du réseau national des centres de ressources."),
    )
    authors = models.CharField(
        _("auteurs"),
        max_length=300,
        blank=True,
        help_text=_("Les personnes, séparées par des virgules\u00a0: « Marie Dupont, Ali Ben »."),
    )
    partners = models.CharField(
        _("partenaires"),
        max_length=300,
        blank=True,
        help_text=_("Facultatif : les autres producteurs ou financeurs, en texte simple."),
    )
    themes = models.ManyToManyField(
        Theme, related_name="resources", blank=True, verbose_name=_("thèmes")
    )
    audiences = models.ManyToManyField(
        Audience, related_name="resources", blank=True, verbose_name=_("publics")
    )
    departements = models.ManyToManyField(
        Departement,
        related_name="resources",
        blank=True,
        verbose_name=_("départements"),
        help_text=_("Les départements dont parle la ressource, s’il y en a."),
    )
    communes = models.ManyToManyField(
        Commune,
        related_name="resources",
        blank=True,
        verbose_name=_("communes"),
        help_text=_("Les communes dont parle la ressource, s’il y en a."),
    )
    # Derived (centres.territory): the départements above, those of the communes and those
    # the producing centres serve. What the territory filters and the site search read.
    territory = territory_field()
    published_on = models.DateField(_("date de publication"))
    licence = models.CharField(
        _("licence"), max_length=24, choices=Licence.choices, default=Licence.OPEN
    )
    language = models.CharField(_("langue"), max_length=8, choices=LANGUAGES, default="fr")
    external_url = WebsiteField(
        _("lien externe"),
        blank=True,
        help_text=_("Pour une vidéo ou un podcast publié ailleurs\u00a0: son adresse."),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("événement"),
        help_text=_("L’événement dont elle est issue, s’il y en a un."),
    )
    is_published = models.BooleanField(
        _("publiée"),
        default=False,
        help_text=_("Une ressource non publiée n’est visible que par l’équipe connectée."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    # What the catalogue counts, kept per resource (refresh()): see the module's docstring.
    facets = models.ManyToManyField(
        Facet, related_name="resources", editable=False, verbose_name=_("facettes")
    )

    objects = ResourceQuerySet.as_manager()
    history = resource_history
    url_name = "library:detail"
    plain_text_fields = ("title", "summary", "authors", "partners")

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")
        ordering = ("-published_on", "title")
        indexes = [
            models.Index(
                fields=["-published_on", "title"],
                condition=Q(is_published=True),
                name="resource_catalogue_order",
            ),
        ]
        permissions = centre_content_permissions("resource", "ressources")

    @property
    def licence_name(self):
        return LICENCES[self.licence][0]

    @property
    def licence_url(self):
        return LICENCES[self.licence][1]

    @property
    def year(self):
        return self.published_on.year if self.published_on else None

    def compute_facets(self):
        """Return what the catalogue counts of this resource: {filter name (str): sorted
        values (list of str)}, the keys of ``Facet.name``; a list is empty when the resource
        has no value (no year, no file). Four queries, on writes only."""
        centres = list(self.centres.all())
        formats = sorted({f.format for f in self.files.all() if f.format})
        return {
            "type": [self.resource_type.slug],
            "theme": sorted(self.themes.values_list("slug", flat=True)),
            "centre": sorted(c.slug for c in centres),
            # The régions of the stored territory, as ``write_region_facets`` writes them.
            "region": sorted(set(self.territory.values_list("region__code", flat=True))),
            "annee": [str(self.published_on.year)] if self.published_on else [],
            "format": formats,
            "licence": [self.licence] if self.licence else [],
        }

    def refresh(self):
        """Store the facets again (``compute_facets()``, the missing ``Facet`` rows created)
        and save, so that the search index reads the files' texts and the page cache a new
        version: call once the many-to-many fields and the files are saved (admin, import,
        code). Writes no version in the history."""
        pairs = [(name, v) for name, values in self.compute_facets().items() for v in values]
        Facet.objects.bulk_create(
            [Facet(name=name, value=value) for name, value in pairs], ignore_conflicts=True
        )
        wanted = Q(*(Q(name=name, value=value) for name, value in pairs), _connector=Q.OR)
        self.facets.set(Facet.objects.filter(wanted))
        skipping = hasattr(self, "skip_history_when_saving")  # the admin's, kept as it is
        self.skip_history_when_saving = True
        try:
            self.save(update_fields=["updated_at"])
        finally:
            if not skipping:
                del self.skip_history_when_saving

    def search_document(self):
        """Return what the search index keeps: ``search.index.Document``."""
        from search.index import Document

        summary = "\n".join(text for text in (self.summary, self.partners) if text)
        body = "\n\n".join(f.text for f in self.files.all() if f.text)
        return Document(
            title=self.title,
            summary=summary,
            authors=self.authors,
            body=body,
            published=self.is_published,
            date=self.published_on,
            url=self.get_absolute_url(),
        )


def file_path(instance, filename):
    """Return where an uploaded file is stored: a random folder and a safe name (letters,
    digits and hyphens, the extension of its recognised format). The readable name is kept
    in ``ResourceFile.name``."""
    stem, _dot, extension = filename.rpartition(".")
    extension = documents.FORMATS.get(instance.format, ("", "", ""))[2] or slugify(extension)
    stem = slugify(stem or filename)[:60] or "document"
    return posixpath.join("ressources", uuid.uuid4().hex, f"{stem}.{extension or 'bin'}")


def thumbnail_path(instance, filename):
    return posixpath.join("ressources", "vignettes", f"{uuid.uuid4().hex}.png")


class ResourceFile(models.Model):
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="files", verbose_name=_("ressource")
    )
    file = models.FileField(_("fichier"), upload_to=file_path, max_length=200)
    name = models.CharField(
        _("nom du fichier"),
        max_length=200,
        blank=True,
        help_text=_(
            "Le nom donné au fichier téléchargé\u00a0; par défaut, celui du fichier envoyé."
        ),
    )
    label = models.CharField(
        _("intitulé du lien"),
        max_length=100,
        blank=True,
        help_text=_(
            "Ce qui suit « Télécharger » quand ce n’est pas le type de la ressource\u00a0: "
            "« la synthèse », « les annexes »."
        ),
    )
    is_accessible_alternative = models.BooleanField(
        _("version accessible"),
        default=False,
        help_text=_(
            "Cochez si ce fichier est la version accessible d’un autre fichier de la ressource "
            "(critère 13.3 du RGAA)."
        ),
    )
    format = models.CharField(_("format"), max_length=10, editable=False)
    mime_type = models.CharField(_("type MIME"), max_length=100, editable=False)
    size = models.PositiveBigIntegerField(_("taille (octets)"), default=0, editable=False)
    text = models.TextField(_("texte extrait"), blank=True, editable=False)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True, editable=False)
    notes = models.TextField(_("remarques pour l’équipe"), blank=True, editable=False)
    thumbnail = models.FileField(
        _("vignette"), upload_to=thumbnail_path, blank=True, max_length=200, editable=False
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("fichier")
        verbose_name_plural = _("fichiers")
        ordering = ("position", "pk")

    def __str__(self):
        return self.name or posixpath.basename(self.file.name)

    def get_absolute_url(self):
        return reverse(
            "library:download", args=[self.resource.slug, self.pk, self.download_filename]
        )

    def take(self, info, original_name=""):
        """Keep what ``documents.inspect`` learnt (``info``, a DocumentInfo) of this file."""
        for name in ("format", "mime_type", "size", "text", "pages"):
            setattr(self, name, getattr(info, name))
        self.notes = "\n".join(info.notes)
        if original_name and not self.name:
            self.name = download_name(original_name, info.format)
        if info.thumbnail:
            self.thumbnail = ContentFile(info.thumbnail, name="vignette.png")

    @property
    def format_label(self):
        return documents.FORMATS.get(self.format, ("", self.format.upper(), ""))[1]

    @property
    def size_label(self):
        return documents.human_size(self.size)

    @property
    def download_filename(self):
        return self.name or download_name(posixpath.basename(self.file.name), self.format)

    def link_noun(self):
        """Return what follows « Télécharger » in the link (« l’étude »)."""
        if self.label:
            return self.label
        noun = self.resource.resource_type.link_noun()
        return f"la version accessible de {noun}" if self.is_accessible_alternative else noun


def download_name(name, file_format):
    """Return a readable download name: ``name`` without folders nor control characters, its
    extension the one of ``file_format``. « Étude GUP 2026.pdf » stays as it is."""
    name = posixpath.basename(name.replace("\\", "/"))
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '/\\:*?"<>|').strip(". ")
    extension = documents.FORMATS.get(file_format, ("", "", ""))[2]
    stem, dot, current = name.rpartition(".")
    if extension and (not dot or current.lower() != extension):
        stem = name if not dot else stem
        name = f"{stem or 'document'}.{extension}"
    return name[:200] or "document"
