"""The network's own texts: content pages, the home page and the footer's wording.

A page's body is rich text, cleaned by ``pages.sanitize.clean_html`` in ``save()``, which every
path goes through (admin form, restore, code): it is shown as stored, so the cleaning and the
French spacing cost once per edit, not once per visit. Plain text fields get French spacing
when they are saved.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crpv.content import rich_text_field
from crpv.vocabulary import position_field
from pages.sanitize import clean_html, plain_text
from pages.typography import french_spacing

OPEN_DATA_SLUG = "donnees-ouvertes"
# What the initial texts put where the network must write its own facts.
PLACEHOLDER = "[À compléter"
# The pages the law requires (legal notice, personal data, accessibility statement): the admin
# index lists them while they hold a placeholder, published or not.
LEGAL_SLUGS = ("mentions-legales", "donnees-personnelles", "accessibilite")
PLACEHOLDER_FIELDS = ("title", "intro", "body", "meta_description")


def reserved_slugs():
    """Return the first path segments that belong to other parts of the site."""
    return {
        "centres",
        "agenda",
        "ressources",
        "actualites",
        "recherche",
        "plan-du-site",
        "static",
        "media",
        "jsi18n",
        settings.ADMIN_URL.split("/")[0],
    }


class Status(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publiée")


class PageQuerySet(models.QuerySet):
    def published(self):
        """Return the pages visitors may see: published, under a published parent if any."""
        return self.filter(status=Status.PUBLISHED).filter(
            Q(parent__isnull=True) | Q(parent__status=Status.PUBLISHED)
        )

    def in_menu(self):
        return self.published().filter(menu_position__isnull=False).order_by("menu_position")

    def with_placeholders(self):
        """Return the pages whose text still holds « [À compléter » somewhere."""
        holds = ((f"{name}__contains", PLACEHOLDER) for name in PLACEHOLDER_FIELDS)
        return self.filter(Q(*holds, _connector=Q.OR))

    def to_complete(self):
        """Return the pages holding a placeholder that are published or required by law."""
        return (
            self.with_placeholders()
            .filter(Q(status=Status.PUBLISHED) | Q(slug__in=LEGAL_SLUGS))
            .order_by("title")
        )


class Page(models.Model):
    title = models.CharField(_("titre"), max_length=120)
    slug = models.SlugField(
        _("adresse"),
        max_length=80,
        unique=True,
        help_text=_(
            "Partie de l’adresse web de la page, en minuscules et sans accents, par exemple "
            "« le-reseau ». La changer casse les liens déjà publiés."
        ),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
        verbose_name=_("page parente"),
        help_text=_(
            "Facultatif. La page apparaît sous sa parente dans l’adresse et le fil d’Ariane "
            "(un seul niveau)."
        ),
    )
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Une ou deux phrases en texte simple, affichées en tête de la page."),
    )
    body = rich_text_field()
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_(
            "Un brouillon n’est visible que des comptes qui peuvent modifier les pages (aperçu). "
            "Une page qui contient «\u00a0[À compléter\u00a0» ne peut pas être publiée."
        ),
    )
    menu_position = models.PositiveSmallIntegerField(
        _("position dans le menu"),
        null=True,
        blank=True,
        help_text=_("Laissez vide pour ne pas afficher la page dans le menu principal."),
    )
    footer_position = models.PositiveSmallIntegerField(
        _("position dans le pied de page"),
        null=True,
        blank=True,
        help_text=_("Laissez vide pour ne pas afficher la page dans le pied de page."),
    )
    meta_description = models.CharField(
        _("description pour les moteurs de recherche"),
        max_length=160,
        blank=True,
        help_text=_("160 caractères au plus. Vide : l’introduction est utilisée."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = PageQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=("updated_at",),
        verbose_name=_("version d’une page"),
        verbose_name_plural=_("versions des pages"),
    )

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ("title",)

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        for name in ("title", "intro", "meta_description"):
            setattr(self, name, french_spacing(getattr(self, name)))
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.slug == OPEN_DATA_SLUG:
            return reverse("centres:open_data")
        if self.parent_id:
            return reverse("pages:child", args=[self.parent.slug, self.slug])
        return reverse("pages:detail", args=[self.slug])

    def clean(self):
        super().clean()
        errors = {}
        if self.parent_id is None and self.slug in reserved_slugs():
            errors["slug"] = _("L’adresse « %(slug)s » est déjà prise par le site.") % {
                "slug": self.slug
            }
        if self.parent_id:
            if self.pk and self.parent_id == self.pk:
                errors["parent"] = _("Une page ne peut pas être sa propre parente.")
            elif self.parent.parent_id:
                errors["parent"] = _(
                    "Choisissez une page de premier niveau : une page parente ne peut pas "
                    "elle-même avoir de parente."
                )
            elif self.pk and self.children.exists():
                errors["parent"] = _(
                    "Cette page a des sous-pages : elle ne peut pas devenir une sous-page."
                )
        if self.status == Status.PUBLISHED and self._adds_placeholders():
            errors["status"] = _(
                "Cette page contient encore «\u00a0%(mark)s\u00a0»\u00a0: remplacez ces "
                "passages par le vrai texte avant de la publier, ou laissez-la en brouillon."
            ) % {"mark": PLACEHOLDER}
        if errors:
            raise ValidationError(errors)

    def placeholder_count(self):
        """Return how many « [À compléter » the page's texts hold."""
        return sum((getattr(self, name) or "").count(PLACEHOLDER) for name in PLACEHOLDER_FIELDS)

    def _adds_placeholders(self):
        """Return whether saving would publish placeholders: a page holding one cannot be
        published. A page already published with some (the initial legal notice) may still be
        saved while they get fewer, so that they can be filled in one at a time."""
        count = self.placeholder_count()
        if not count:
            return False
        stored = (
            Page.objects.filter(pk=self.pk, status=Status.PUBLISHED).first() if self.pk else None
        )
        return stored is None or count > stored.placeholder_count()

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @property
    def description(self):
        """Return the text for the meta description: the editor's, or the introduction."""
        return self.meta_description or self.intro

    def search_document(self):
        """Return what the search index keeps of the page (``search.index``): visible when
        it is published under a published parent, as ``PageQuerySet.published``."""
        from search.index import Document

        parent = self.parent
        return Document(
            title=self.title,
            summary=self.intro,
            body=plain_text(self.body),
            published=self.is_published and (parent is None or parent.is_published),
            date=self.updated_at,
            url=self.get_absolute_url(),
        )


class HomePage(models.Model):
    """The home page's texts and the footer's wording: one row, edited in the admin."""

    title = models.CharField(
        _("titre"), max_length=120, default="Les centres de ressources politique de la ville"
    )
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Texte simple affiché sous le titre de la page d’accueil."),
    )
    highlights_title = models.CharField(
        _("titre des points forts"),
        max_length=120,
        default="Ce que font les centres de ressources",
    )
    meta_description = models.CharField(
        _("description pour les moteurs de recherche"), max_length=160, blank=True
    )
    accessibility_status = models.CharField(
        _("mention d’accessibilité"),
        max_length=80,
        default="Accessibilité\u00a0: non conforme",
        help_text=_(
            "Affichée dans le pied de page de chaque page. À mettre à jour après un audit : "
            "« partiellement conforme » ou « totalement conforme »."
        ),
    )
    accessibility_page = models.ForeignKey(
        Page,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("déclaration d’accessibilité"),
        help_text=_("La page vers laquelle pointe la mention d’accessibilité."),
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=("updated_at",),
        verbose_name=_("version de la page d’accueil"),
        verbose_name_plural=_("versions de la page d’accueil"),
    )

    class Meta:
        verbose_name = _("page d’accueil et pied de page")
        verbose_name_plural = _("page d’accueil et pied de page")

    def __str__(self):
        return str(_("Page d’accueil et pied de page"))

    def save(self, *args, **kwargs):
        self.pk = 1  # a single row
        for name in ("title", "intro", "highlights_title", "meta_description"):
            setattr(self, name, french_spacing(getattr(self, name)))
        self.accessibility_status = french_spacing(self.accessibility_status)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:home")

    @classmethod
    def current(cls):
        """Return the saved row, or an unsaved one with the default texts."""
        return cls.objects.select_related("accessibility_page").filter(pk=1).first() or cls()

    @classmethod
    def shown(cls):
        """Return ``current()`` as visitors see it: read once per content version and kept
        in the cache, for the home page and the footer of every page (one query, not two)."""
        from crpv.cache import versioned

        return versioned("home-page", cls.current, models=[cls, Page])


class Highlight(models.Model):
    home = models.ForeignKey(
        HomePage, on_delete=models.CASCADE, related_name="highlights", verbose_name=_("accueil")
    )
    title = models.CharField(_("titre"), max_length=120)
    text = models.TextField(_("texte"), blank=True)
    position = position_field()

    class Meta:
        verbose_name = _("point fort")
        verbose_name_plural = _("points forts (les rôles des centres)")
        ordering = ("position", "pk")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = french_spacing(self.title)
        self.text = french_spacing(self.text)
        super().save(*args, **kwargs)
