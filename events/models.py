"""The network's agenda: events organised by one or more centres.

Texts are cleaned as every content's (``crpv.content``). Dates are aware datetimes, entered
and shown in Europe/Paris. ``sequence`` goes up on every save, so that calendar applications
that subscribed to the feed (``events.ical``) replace their copy.

Types and audiences are short editable lists (seeded by a data migration); themes are the
directory's.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Centre, Commune, Theme, WebsiteField, postcode_validator
from centres.territory import territory_field
from crpv.content import (
    CentreContent,
    PublishedQuerySet,
    centre_content_permissions,
    rich_text_field,
)
from crpv.text import fold
from crpv.vocabulary import Vocabulary
from pages.sanitize import plain_text


class EventType(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("type d’événement")
        verbose_name_plural = _("types d’événement")


class Audience(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("public")
        verbose_name_plural = _("publics")


class Format(models.TextChoices):
    IN_PERSON = "presentiel", _("Présentiel")
    ONLINE = "en-ligne", _("En ligne")
    HYBRID = "hybride", _("Hybride")


class Status(models.TextChoices):
    SCHEDULED = "prevu", _("Prévu")
    POSTPONED = "reporte", _("Reporté")
    CANCELLED = "annule", _("Annulé")


def today():
    """Return today's date in Europe/Paris (the agenda's day)."""
    return timezone.localdate()


def start_of_day(day):
    """Return midnight of ``day`` (a date) in the current time zone, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


# What an event's territory is made of (centres.territory): the département where it is held,
# those its organisers serve.
TERRITORY_PATHS = ("commune__departement", "centres__departements")


class EventQuerySet(PublishedQuerySet):
    def upcoming(self):
        """Return the events not over before today, soonest first."""
        return self.filter(ends_at__gte=start_of_day(today())).order_by("starts_at", "title", "pk")

    def past(self):
        """Return the events over before today, newest first."""
        return self.filter(ends_at__lt=start_of_day(today())).order_by("-starts_at", "title", "pk")

    def for_listing(self):
        """Fetch what a list shows: type, place and organisers, in two queries."""
        return self.select_related("event_type", "commune").prefetch_related(
            models.Prefetch(
                "centres", queryset=Centre.objects.only("name", "slug", "acronym", "email")
            )
        )

    def in_territory(self, **departement_lookups):
        """Return the events held in the départements matching ``departement_lookups``
        (``code="69"``, ``region__code="84"``), organised by a centre serving them, or that
        can be followed online (whatever the territory)."""
        # The départements each event concerns are stored (``territory``, kept by
        # centres.territory): an indexed lookup, not joins through every event's organisers.
        concerned = Event.territory.through.objects.filter(
            **{f"departement__{k}": v for k, v in departement_lookups.items()}
        ).values("event_id")
        return self.filter(Q(pk__in=concerned) | Q(format__in=(Format.ONLINE, Format.HYBRID)))


# Kept apart, as for the centres: the admin writes one version after the form's many-to-many
# fields are saved (crpv.history_admin.HistoryAdmin.m2m_history).
event_history = HistoricalRecords(
    m2m_fields=("centres", "themes", "audiences"),
    # The calendar's UID is not restored with an old version: another event may hold it since.
    excluded_fields=(
        "updated_at",
        "sequence",
        "commune",
        "published_at",
        "ical_uid",
        "ical_sequence",
    ),
    verbose_name=_("version d’un événement"),
    verbose_name_plural=_("versions des événements"),
)


class Event(CentreContent):
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(
        _("adresse"),
        max_length=100,
        unique=True,
        help_text=_(
            "Partie de l’adresse web de l’événement, en minuscules et sans accents, par exemple "
            "« webinaire-gup-2026 ». La changer casse les liens déjà publiés."
        ),
    )
    summary = models.TextField(
        _("résumé"),
        max_length=400,
        blank=True,
        help_text=_("Une ou deux phrases en texte simple, affichées dans l’agenda."),
    )
    description = rich_text_field(
        _("description"), _("Programme, intervenants, informations pratiques.")
    )
    centres = models.ManyToManyField(
        Centre,
        related_name="events",
        verbose_name=_("centres organisateurs"),
        help_text=_("Un ou plusieurs centres du réseau."),
    )
    partners = models.CharField(
        _("partenaires"),
        max_length=300,
        blank=True,
        help_text=_("Facultatif : les autres organisateurs, en texte simple."),
    )
    event_type = models.ForeignKey(
        EventType, on_delete=models.PROTECT, related_name="events", verbose_name=_("type")
    )
    themes = models.ManyToManyField(
        Theme, related_name="events", blank=True, verbose_name=_("thèmes")
    )
    audiences = models.ManyToManyField(
        Audience, related_name="events", blank=True, verbose_name=_("publics")
    )
    format = models.CharField(
        _("format"), max_length=12, choices=Format.choices, default=Format.IN_PERSON
    )
    venue = models.CharField(
        _("lieu"), max_length=200, blank=True, help_text=_("Par exemple « Maison des projets »")
    )
    street_address = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(
        _("code postal"), max_length=5, blank=True, validators=[postcode_validator]
    )
    city = models.CharField(_("commune"), max_length=100, blank=True)
    # The commune named by postcode and city, found in the reference geography (clean()):
    # what the agenda's région and département filters read.
    commune = models.ForeignKey(
        Commune,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("commune de référence"),
    )
    # Derived (centres.territory): the département of the commune and those the organising
    # centres serve. What the agenda's territory filters and the site search's places read.
    territory = territory_field()
    online_url = WebsiteField(
        _("lien de connexion"),
        blank=True,
        help_text=_(
            "Pour un événement en ligne ou hybride : l’adresse de la visioconférence. "
            "Publiée seulement quand l’événement est sans inscription ; sinon, "
            "envoyez-la aux inscrits."
        ),
    )
    starts_at = models.DateTimeField(_("début"), help_text=_("Heure de Paris."))
    ends_at = models.DateTimeField(_("fin"), help_text=_("Heure de Paris."))
    all_day = models.BooleanField(
        _("toute la journée"),
        default=False,
        help_text=_("Cochez pour n’afficher que les dates, sans les heures."),
    )
    registration_url = WebsiteField(_("lien d’inscription"), blank=True)
    registration_email = models.EmailField(_("courriel d’inscription"), blank=True)
    registration_deadline = models.DateField(_("date limite d’inscription"), null=True, blank=True)
    is_free = models.BooleanField(_("gratuit"), default=True)
    is_full = models.BooleanField(
        _("complet"), default=False, help_text=_("Cochez quand il n’y a plus de place.")
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    status_reason = models.CharField(
        _("motif"),
        max_length=300,
        blank=True,
        help_text=_("Pour un événement reporté ou annulé : la raison, affichée en tête de page."),
    )
    replay_url = WebsiteField(
        _("replay ou compte rendu"),
        blank=True,
        help_text=_("Après l’événement : le lien vers l’enregistrement ou la synthèse."),
    )
    is_published = models.BooleanField(
        _("publié"),
        default=False,
        help_text=_("Un événement non publié n’est visible que par l’équipe connectée."),
    )
    # Set once, the first time the event is saved published (``stamp_publication``): the
    # order of the RSS and Atom feeds of new events. Not in the history: a restored version
    # keeps the date of first publication.
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # RFC 5545 SEQUENCE: raised on every save so that subscribed calendars take the change.
    sequence = models.PositiveIntegerField(_("révision"), default=0, editable=False)
    # Imported from a centre's calendar (events.ical_import): the file's UID, with the
    # occurrence's RECURRENCE-ID for a repeated event, and the SEQUENCE last imported, so that
    # importing the file again updates the event instead of adding a second one.
    ical_uid = models.CharField(
        _("identifiant iCalendar"), max_length=300, blank=True, editable=False
    )
    ical_sequence = models.PositiveIntegerField(
        _("révision iCalendar"), null=True, blank=True, editable=False
    )

    objects = EventQuerySet.as_manager()
    history = event_history
    url_name = "events:detail"
    plain_text_fields = ("title", "summary", "partners", "venue", "status_reason")
    rich_text_fields = ("description",)
    checked_text_fields = ("title", "summary", "partners", "venue", "street_address", "city")

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ("-starts_at",)
        # The agenda: published events in date order, a page at a time (read in the index's
        # order, backwards for the archive), and their count from the end dates.
        indexes = [
            models.Index(
                fields=["starts_at", "title"],
                condition=Q(is_published=True),
                name="event_agenda_order",
            ),
            models.Index(
                fields=["ends_at"], condition=Q(is_published=True), name="event_agenda_end"
            ),
            # The feeds of new events: the latest published first.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(is_published=True),
                name="event_feed_order",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["ical_uid"], condition=~Q(ical_uid=""), name="event_unique_ical_uid"
            )
        ]
        permissions = centre_content_permissions("event", "événements")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = (
                Event.objects.filter(pk=self.pk).values_list("sequence", "published_at").first()
            )
            sequence, published_at = stored or (None, None)
            # A restored version carries its old number: never go back.
            self.sequence = max(self.sequence, sequence or 0) + (sequence is not None)
            # A restored version carries no publication date: keep the first one.
            self.published_at = self.published_at or published_at
        self.stamp_publication()
        super().save(*args, **kwargs)  # CentreContent.save: normalize(), then store

    def search_document(self):
        """Return the event's ``search.index.Document``. Its date is the day it ends
        (Europe/Paris): the site search reads an event as past when that day is before today,
        as the agenda does (``EventQuerySet.past``)."""
        from search.index import Document

        place = "\n".join(part for part in (self.venue, self.city) if part)
        summary = "\n".join(part for part in (self.summary, place, self.partners) if part)
        return Document(
            title=self.title,
            summary=summary,
            body=plain_text(self.description),
            published=self.is_published,
            date=self.ends_at,
            url=self.get_absolute_url(),
        )

    def stamp_publication(self):
        """Set ``published_at`` to the current time the first time the event is published;
        later saves keep it, unpublished or not. Run by ``save()`` and by the import (which
        writes in bulk)."""
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()

    def validate_fields(self, errors):
        """Check the dates, the place, the way to join online and the registration deadline;
        set the reference commune from the postcode and the city; a scheduled event keeps no
        reason."""
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("La fin doit venir après le début.")
        if self.format in (Format.IN_PERSON, Format.HYBRID) and not self.city:
            errors["city"] = _("Indiquez la commune où a lieu l’événement.")
        if self.format in (Format.ONLINE, Format.HYBRID) and not self.online_url:
            if not self.registration_url and not self.registration_email:
                errors["online_url"] = _(
                    "Indiquez le lien de connexion, ou comment s’inscrire pour le recevoir."
                )
        if self.city and "city" not in errors:
            self.commune, message = find_commune(self.postcode, self.city)
            if message:
                errors["city"] = message
        elif not self.city:
            self.commune = None
        if self.status == Status.SCHEDULED:
            self.status_reason = ""
        if (
            self.registration_deadline
            and self.starts_at
            and self.registration_deadline > timezone.localdate(self.starts_at)
        ):
            errors["registration_deadline"] = _(
                "La date limite d’inscription doit précéder le début de l’événement."
            )

    @property
    def is_cancelled(self):
        return self.status == Status.CANCELLED

    @property
    def is_postponed(self):
        return self.status == Status.POSTPONED

    @property
    def has_place(self):
        return self.format != Format.ONLINE and bool(self.city)

    @property
    def place_label(self):
        """Return where it happens in a few words: « Lyon » , « en ligne », « Lyon et en
        ligne »."""
        if self.format == Format.ONLINE or not self.city:
            return "en ligne"
        if self.format == Format.HYBRID:
            return f"{self.city} et en ligne"
        return self.city

    @property
    def public_online_url(self):
        """Return the link to join online that visitors may see: only when no registration
        is asked (otherwise the organisers send it to those registered)."""
        if self.registration_url or self.registration_email:
            return ""
        return self.online_url

    @property
    def registration_open(self):
        """Return whether a visitor may still register (a way given, not full, not over)."""
        if not (self.registration_url or self.registration_email) or self.is_full:
            return False
        if self.is_cancelled:
            return False
        if self.registration_deadline:
            return today() <= self.registration_deadline
        return timezone.now() < self.ends_at


def find_commune(postcode, city):
    """Return (commune, message): the commune of the reference geography named ``city``
    (with ``postcode`` when given), or None and a French message saying what was not found."""
    candidates = Commune.objects.filter(search_name=fold(city))
    if postcode:
        candidates = candidates.filter(postcodes__contains=postcode)
    found = list(candidates.select_related("departement")[:2])
    if not found:
        if postcode:
            return None, _("Aucune commune « %(city)s » n’a le code postal %(code)s.") % {
                "city": city,
                "code": postcode,
            }
        return None, _("La commune « %(city)s » est inconnue.") % {"city": city}
    if len(found) > 1:
        return None, _(
            "Plusieurs communes s’appellent « %(city)s »\u00a0: indiquez le code postal."
        ) % {"city": city}
    return found[0], ""
