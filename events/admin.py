"""The agenda's admin: events (référents: those of their centres only), types and audiences.

Référents publish their events themselves, as they keep their centre's entry: the « publié »
box is theirs (docs/editors.md). The référent rules are ``crpv.referents``', the history
screens ``crpv.history_admin``'s.
"""

from django import forms
from django.contrib import admin, messages
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from crpv.a11y import NamedListFieldsMixin
from crpv.concurrency import ConcurrencyAdminMixin
from crpv.history_admin import HistoryAdmin, VersionForm
from crpv.referents import ReferentAdminMixin
from crpv.spreadsheets.admin import SpreadsheetAdminMixin
from events.models import Audience, Event, EventType, Status, event_history
from events.resources import EventResource


class UpcomingFilter(admin.SimpleListFilter):
    title = _("date")
    parameter_name = "quand"

    def lookups(self, request, model_admin):
        return [("a-venir", _("à venir")), ("passes", _("passés"))]

    def queryset(self, request, queryset):
        if self.value() == "a-venir":
            return queryset.upcoming()
        if self.value() == "passes":
            return queryset.past()
        return queryset


def copy_slug(slug):
    """Return a free slug for a copy of the event ``slug``: ``slug-2``, ``slug-3``…"""
    base = slug.rsplit("-", 1)[0] if slug.rsplit("-", 1)[-1].isdigit() else slug
    base = base[:90]
    taken = set(Event.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def copy_event(event, user=None):
    """Save and return a copy of ``event`` as an unpublished draft, with a new slug, its
    organisers, themes and audiences; status « prévu », nothing about the past session.
    Its first version in the history (by ``user``) holds its organisers."""
    centres, themes, audiences = (
        list(event.centres.all()),
        list(event.themes.all()),
        list(event.audiences.all()),
    )
    event.pk = None
    event._state.adding = True
    event.slug = copy_slug(event.slug)
    event.title = f"{event.title} (copie)"[:200]
    event.is_published = False
    event.sequence = 0
    event.ical_uid, event.ical_sequence = "", None  # the copy is not the calendar's event
    event.status, event.status_reason = Status.SCHEDULED, ""
    event.replay_url = ""
    event.is_full = False
    event.skip_history_when_saving = True
    event.save()
    event.centres.set(centres)
    event.themes.set(themes)
    event.audiences.set(audiences)
    del event.skip_history_when_saving
    event._history_user = user
    event_history.create_historical_record(event, "+")
    return event


@admin.register(Event)
class EventAdmin(ConcurrencyAdminMixin, SpreadsheetAdminMixin, ReferentAdminMixin, HistoryAdmin):
    form = VersionForm
    list_display = ("title", "starts_at", "event_type", "status", "is_published")
    list_filter = (UpcomingFilter, "event_type", "status", "format", "is_published", "centres")
    search_fields = ("title", "city", "centres__name")
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("created_at", "updated_at")
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    actions = ("copy_events",)
    deleted_title = _("Événements supprimés")
    m2m_history = event_history  # one version per save, with its organisers
    fieldsets = (
        (None, {"fields": ("title", "slug", "is_published", "event_type", "summary")}),
        (_("Organisation"), {"fields": ("centres", "partners")}),
        (_("Date"), {"fields": ("starts_at", "ends_at", "all_day")}),
        (
            _("Lieu"),
            {
                "fields": ("format", "venue", "street_address", ("postcode", "city"), "online_url"),
                "description": _(
                    "Un événement en présentiel ou hybride a lieu dans une commune ; un événement "
                    "en ligne ou hybride a un lien de connexion (ou une inscription qui le donne)."
                ),
            },
        ),
        (_("Présentation"), {"fields": ("description", "themes", "audiences")}),
        (
            _("Inscription"),
            {
                "fields": (
                    ("registration_url", "registration_email"),
                    "registration_deadline",
                    ("is_free", "is_full"),
                )
            },
        ),
        (_("Statut"), {"fields": ("status", "status_reason")}),
        (_("Après l’événement"), {"fields": ("replay_url",)}),
        (_("Suivi"), {"fields": ("created_at", "updated_at")}),
    )

    resource_classes = (EventResource,)
    import_title = _("Importer des événements")
    import_rules = _(
        "chaque ligne suivante décrit un événement. Un événement dont l’identifiant existe déjà "
        "est mis à jour, les autres sont créés\u00a0; les événements absents du fichier restent "
        "tels quels."
    )
    export_action_label = _("Exporter les événements sélectionnés")
    export_filename = "agenda-crpv"

    # A référent: the events of their centres, every field but the dates of record.
    referent_lookup = "centres__referents"
    referent_centres_field = "centres"
    referent_readonly_fields = ("created_at", "updated_at")
    referent_prepopulated_fields = {"slug": ("title",)}
    referent_list_filter = (UpcomingFilter, "event_type", "status", "is_published")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event_type")

    @admin.action(description=_("Copier (prochaine session, en brouillon)"), permissions=("add",))
    def copy_events(self, request, queryset):
        with transaction.atomic():
            copies = [copy_event(event, request.user) for event in queryset.order_by("starts_at")]
        for copy in copies:
            self.log_addition(request, copy, [{"added": {}}])
        self.message_user(
            request,
            ngettext(
                "%(count)d copie créée en brouillon : changez ses dates puis publiez-la.",
                "%(count)d copies créées en brouillon : changez leurs dates puis publiez-les.",
                len(copies),
            )
            % {"count": len(copies)},
            messages.SUCCESS,
        )


@admin.register(EventType, Audience)
class VocabularyAdmin(NamedListFieldsMixin, admin.ModelAdmin):
    list_display = ("name", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}
