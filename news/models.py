"""The network's news (actualités): items published by centres or by the national team.

Built like an event (``events.models``): the body is rich text cleaned once per save by
``pages.sanitize.clean_html``, plain texts get French spacing, the history is simple_history's.

Publication: an item is shown when ``is_published`` is set and ``published_at`` (an aware
datetime, entered in Europe/Paris) has come. An item published for a later time is
« programmée »: the public querysets (``NewsQuerySet.public``) leave it out until then, and
the page cache moves to a new version at that time by itself (``crpv.cache.watch_schedule``,
registered in ``news.apps``): nothing to run by hand.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Centre, Theme
from crpv.content import CentreContent, centre_content_permissions, rich_text_field
from events.models import Event
from library.models import Resource
from news.images import make_rendition, rendition_name, validate_image
from pages.sanitize import plain_text


class NewsStatus(models.TextChoices):
    DRAFT = "brouillon", _("Brouillon")
    SCHEDULED = "programmee", _("Programmée")
    PUBLISHED = "publiee", _("Publiée")


class NewsQuerySet(models.QuerySet):
    def public(self, now=None):
        """Return the items visitors see at ``now`` (an aware datetime, the current time by
        default): published, and their publication time come."""
        return self.filter(is_published=True, published_at__lte=now or timezone.now())

    def scheduled(self):
        """Return the items published for a time still to come."""
        return self.filter(is_published=True, published_at__gt=timezone.now())

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def for_listing(self):
        """Fetch what a list shows of each item: its centres and themes (two queries)."""
        return self.prefetch_related(
            models.Prefetch("centres", queryset=Centre.objects.only("name", "slug", "acronym")),
            models.Prefetch("themes", queryset=Theme.objects.only("name", "slug")),
        )


def scheduled_publications(since):
    """Return the publication times (aware datetimes) after ``since`` of the published items:
    the times at which the public pages change by themselves (``crpv.cache.watch_schedule``).
    One query on the index ``news_public_order``; a thousand times at most (a few items are
    scheduled between two edits)."""
    return list(
        NewsItem.objects.filter(is_published=True, published_at__gt=since)
        .order_by("published_at")
        .values_list("published_at", flat=True)[:1000]
    )


# Kept apart, as for the events: the admin writes one version after the form's many-to-many
# fields are saved (crpv.history_admin.HistoryAdmin.m2m_history). The rendition follows the
# image: a restored version makes it again.
news_history = HistoricalRecords(
    m2m_fields=("centres", "themes", "events", "resources"),
    excluded_fields=(
        "updated_at",
        "rendition",
        "rendition_source",
        "rendition_width",
        "rendition_height",
    ),
    verbose_name=_("version d’une actualité"),
    verbose_name_plural=_("versions des actualités"),
)


class NewsItem(CentreContent):
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(
        _("adresse"),
        max_length=100,
        unique=True,
        help_text=_(
            "Partie de l’adresse web de l’actualité, en minuscules et sans accents, par exemple "
            "« appel-a-projets-2027 ». La changer casse les liens déjà publiés."
        ),
    )
    summary = models.TextField(
        _("chapô"),
        max_length=400,
        blank=True,
        help_text=_("Une ou deux phrases en texte simple, affichées dans les listes et les flux."),
    )
    body = rich_text_field()
    image = models.ImageField(
        _("image"),
        upload_to="actualites/%Y/",
        blank=True,
        validators=[validate_image],
        help_text=_(
            "Facultative. JPEG, PNG, WebP ou GIF, 10 Mo et 40 millions de pixels au plus. Le "
            "site en affiche une copie de 1200 pixels de large au plus."
        ),
    )
    image_alt = models.CharField(
        _("texte alternatif de l’image"),
        max_length=250,
        blank=True,
        help_text=_(
            "Obligatoire avec une image : ce qu’elle montre d’utile pour comprendre "
            "l’actualité, pour qui ne la voit pas. Ne commencez pas par « image de »."
        ),
    )
    # The copy that pages show (``news.images.make_rendition``), made at save time from the
    # image named in ``rendition_source``; never edited by hand.
    rendition = models.ImageField(
        _("image affichée"), upload_to="actualites/%Y/", blank=True, editable=False
    )
    rendition_source = models.CharField(max_length=200, blank=True, editable=False)
    rendition_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    rendition_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    is_national = models.BooleanField(
        _("réseau national"),
        default=False,
        help_text=_("Cochez pour une actualité du réseau national (l’équipe nationale)."),
    )
    centres = models.ManyToManyField(
        Centre,
        related_name="news",
        blank=True,
        verbose_name=_("centres"),
        help_text=_("Le ou les centres qui publient l’actualité."),
    )
    themes = models.ManyToManyField(
        Theme, related_name="news", blank=True, verbose_name=_("thèmes")
    )
    events = models.ManyToManyField(
        Event,
        related_name="news",
        blank=True,
        verbose_name=_("événements liés"),
        help_text=_("Facultatif : les événements de l’agenda dont parle l’actualité."),
    )
    resources = models.ManyToManyField(
        Resource,
        related_name="news",
        blank=True,
        verbose_name=_("ressources liées"),
        help_text=_(
            "Facultatif : les ressources de la bibliothèque dont parle l’actualité (seules les "
            "ressources publiées paraissent sur sa page)."
        ),
    )
    published_at = models.DateTimeField(
        _("date de publication"),
        default=timezone.now,
        help_text=_(
            "Heure de Paris. Une date à venir programme l’actualité : elle paraîtra d’elle-même "
            "à ce moment-là, si elle est publiée."
        ),
    )
    is_published = models.BooleanField(
        _("publiée"),
        default=False,
        help_text=_("Une actualité non publiée (brouillon) n’est visible que par l’équipe."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = NewsQuerySet.as_manager()
    history = news_history
    url_name = "news:detail"
    plain_text_fields = ("title", "summary", "image_alt")
    rich_text_fields = ("body",)

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")
        ordering = ("-published_at", "-pk")
        indexes = [
            # The lists, the feeds and the schedule: published items by publication time.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(is_published=True),
                name="news_public_order",
            ),
        ]
        permissions = centre_content_permissions("newsitem", "actualités")

    def save(self, *args, **kwargs):
        self.update_rendition()
        super().save(*args, **kwargs)  # CentreContent.save: normalize(), then store

    def search_document(self):
        """Return the item's ``search.index.Document``. ``published`` is ``is_published``
        alone: an item scheduled for a later time has an entry already, and the searches leave
        it out until then (``NewsQuerySet.scheduled``, read by ``search.views``)."""
        from search.index import Document

        return Document(
            title=self.title,
            summary=self.summary,
            body=plain_text(self.body),
            published=self.is_published,
            date=self.published_at,
            url=self.get_absolute_url(),
        )

    @property
    def image_filename(self):
        """Return the file name of the rendition (``""`` without an image)."""
        return self.rendition.name.rsplit("/", 1)[-1] if self.rendition else ""

    @property
    def image_url(self):
        """Return the address the site serves the image at (``news.views.image``): pages never
        link the storage itself, which is private (docs/deploy.md)."""
        return reverse("news:image", args=[self.slug, self.image_filename])

    def update_rendition(self):
        """Make the rendition of a new image (``news.images.make_rendition``), beside it, or
        forget it when the image is removed. The upload is stored first, to know its name."""
        if not self.image:
            self.rendition, self.rendition_source = "", ""
            self.rendition_width = self.rendition_height = None
            return
        if not self.image._committed:
            self.image.save(self.image.name, self.image.file, save=False)
        if self.rendition_source == self.image.name and self.rendition:
            return
        content, width, height = make_rendition(self.image)
        storage = self.rendition.storage
        self.rendition.name = storage.save(rendition_name(self.image.name), content)
        self.rendition_source = self.image.name
        self.rendition_width, self.rendition_height = width, height

    def validate_fields(self, errors):
        """An image needs its alternative text."""
        if self.image and not self.image_alt.strip():
            errors["image_alt"] = _(
                "Décrivez l’image pour qui ne la voit pas (texte alternatif), ou retirez-la."
            )

    @property
    def status(self):
        """Return the item's ``NewsStatus``: draft, scheduled (published for a later time) or
        published."""
        if not self.is_published:
            return NewsStatus.DRAFT
        if self.published_at > timezone.now():
            return NewsStatus.SCHEDULED
        return NewsStatus.PUBLISHED

    @property
    def is_public(self):
        """Return whether visitors see the item now."""
        return self.status == NewsStatus.PUBLISHED

    def publishers(self):
        """Return the names of who publishes the item: its centres (as prefetched), and « le
        réseau national » when it is the network's."""
        names = [centre.name for centre in self.centres.all()]
        if self.is_national or not names:
            names.insert(0, "Réseau national des CRPV")
        return names
