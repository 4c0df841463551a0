"""The agenda's admin: events (référents: those of their centres only), types and audiences.

Référents publish their events themselves, as they keep their centre's entry: the « publié »
box is theirs (docs/editors.md). The référent rules are ``crpv.referents``', the history
screens ``crpv.history_admin``'s.
"""

import itertools
import os

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from centres.models import Centre
from crpv.content_admin import CentreContentAdmin, VocabularyAdmin
from crpv.spreadsheets import pending
from events import ical_import
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
    return next(free for n in itertools.count(2) if (free := f"{base}-{n}") not in taken)


def copy_event(event, user=None):
    """Save and return a copy of ``event`` as an unpublished draft, with a new slug, its
    organisers, themes and audiences; status « prévu », nothing about the past session.
    Its first version in the history (by ``user``) holds its organisers."""
    related = {
        name: list(getattr(event, name).all()) for name in ("centres", "themes", "audiences")
    }
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
    for name, objects in related.items():
        getattr(event, name).set(objects)
    del event.skip_history_when_saving
    event._history_user = user
    event_history.create_historical_record(event, "+")
    return event


# The confirmation names the file waiting in crpv.spreadsheets.pending, for its user only.
ICS_TOKEN_SALT = "events.ical_import"
# Rows detailed in the preview; beyond, the counts still cover the whole file.
ICS_PREVIEW_MAX_ROWS = 1000


class CalendarImportForm(forms.Form):
    """The upload of an .ics and the organising centre (a référent's own centres only)."""

    centre = forms.ModelChoiceField(
        label=_("Centre organisateur"),
        queryset=Centre.objects.none(),
        help_text=_("Les nouveaux événements du calendrier seront organisés par ce centre."),
    )
    calendar_file = forms.FileField(
        label=_("Calendrier à importer"),
        help_text=_("Fichier .ics (iCalendar)\u00a0; %(size)s au plus.")
        % {"size": ical_import.MAX_FILE_SIZE_LABEL},
    )

    def __init__(self, *args, centres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres
        if len(centres) == 1:
            self.fields["centre"].initial = centres[0].pk

    def clean_calendar_file(self):
        upload = self.cleaned_data["calendar_file"]
        if upload.size > ical_import.MAX_FILE_SIZE:  # before reading it
            raise forms.ValidationError(
                _("Le fichier dépasse %(size)s\u00a0: importez une période plus courte.")
                % {"size": ical_import.MAX_FILE_SIZE_LABEL}
            )
        self.content = upload.read()
        return upload


class ConfirmCalendarForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


@admin.register(Event)
class EventAdmin(CentreContentAdmin):
    list_display = ("title", "starts_at", "event_type", "status", "is_published")
    list_filter = (UpcomingFilter, "event_type", "status", "format", "is_published", "centres")
    search_fields = ("title", "city", "centres__name")
    date_hierarchy = "starts_at"
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
    import_export_change_list_template = "admin/events/event_change_list.html"

    # A référent: the events of their centres (CentreContentAdmin).
    referent_list_filter = (UpcomingFilter, "event_type", "status", "is_published")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event_type")

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_calendar_view)
        return [path("import-ics/", view, name="events_event_import_ics"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "has_calendar_import_permission": self.has_calendar_import_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def calendar_centres(self, request):
        """Return the centres ``request.user`` may import a calendar for: all of them for
        the national team, their own for a référent."""
        if self.is_referent_only(request):
            return Centre.objects.filter(referents=request.user).order_by("name")
        return Centre.objects.order_by("name")

    def has_calendar_import_permission(self, request):
        """The national team with the import right, or a référent (who adds events)."""
        if not self.has_add_permission(request):
            return False
        if self.is_referent_only(request):
            return self.calendar_centres(request).exists()
        return self.has_import_permission(request)

    def import_calendar_view(self, request):
        """Upload an .ics and preview what it does; then confirm (``confirm`` in the POST)
        to import it, all or nothing. The file waits in ``crpv.spreadsheets.pending``."""
        if not self.has_calendar_import_permission(request):
            raise PermissionDenied
        centres = self.calendar_centres(request)
        if request.method == "POST" and "token" in request.POST:
            return self._confirm_calendar(request, centres)
        form = CalendarImportForm(request.POST or None, request.FILES or None, centres=centres)
        context = {"form": form}
        if request.method == "POST" and form.is_valid():
            centre = form.cleaned_data["centre"]
            name = form.cleaned_data["calendar_file"].name
            context["file_name"] = name
            try:
                plan = ical_import.import_calendar(form.content, centre, dry_run=True)
            except ical_import.CalendarError as error:
                form.add_error("calendar_file", str(error))
            else:
                context["plan"] = plan
                if plan.ok and plan.to_save:
                    storage = self._pending()
                    storage.save(form.content)
                    token = signing.dumps(
                        {
                            "file": os.path.basename(storage.name),
                            "name": name,
                            "user": request.user.pk,
                            "centre": centre.pk,
                        },
                        salt=ICS_TOKEN_SALT,
                    )
                    context["confirm_form"] = ConfirmCalendarForm(initial={"token": token})
        return self._calendar_response(request, context)

    def _confirm_calendar(self, request, centres):
        form = ConfirmCalendarForm(request.POST)
        url = reverse("admin:events_event_import_ics", current_app=self.admin_site.name)
        try:
            if not form.is_valid():
                raise signing.BadSignature
            data = signing.loads(
                form.cleaned_data["token"],
                salt=ICS_TOKEN_SALT,
                max_age=int(pending.MAX_AGE.total_seconds()),
            )
            if data["user"] != request.user.pk:
                raise signing.BadSignature
            centre = centres.get(pk=data["centre"])
            storage = self._pending(data["file"])
            content = storage.read()
        except (signing.BadSignature, KeyError, TypeError, OSError, Centre.DoesNotExist):
            messages.error(
                request,
                _("Le fichier à importer n’est plus disponible\u00a0: choisissez-le de nouveau."),
            )
            return HttpResponseRedirect(url)
        try:
            plan = ical_import.import_calendar(content, centre, user=request.user)
        except ical_import.CalendarError as error:  # cannot happen: it was read at the preview
            messages.error(request, str(error))
            return HttpResponseRedirect(url)
        if not plan.ok:
            # The agenda changed since the preview (an event given to another centre…).
            messages.error(request, _("Rien n’a été enregistré."))
            form = CalendarImportForm(centres=centres)
            context = {"form": form, "plan": plan, "file_name": data["name"]}
            return self._calendar_response(request, context)
        storage.remove()
        for row in plan.to_save:
            if row.status == "new":
                self.log_addition(request, row.event, [{"added": {}}])
            elif row.status != "unchanged":
                self.log_change(request, row.event, _("Importé depuis un calendrier (.ics)."))
        messages.success(
            request,
            _(
                "Import de «\u00a0%(name)s\u00a0» terminé\u00a0: %(summary)s. Les nouveaux "
                "événements sont en brouillon\u00a0: vérifiez-les puis publiez-les."
            )
            % {"name": data["name"], "summary": plan.summary},
        )
        return HttpResponseRedirect(
            reverse("admin:events_event_changelist", current_app=self.admin_site.name)
        )

    def _calendar_response(self, request, context):
        plan = context.get("plan")
        rows = plan.rows if plan else []
        context.update(
            self.admin_site.each_context(request),
            title=_("Importer un calendrier (.ics)"),
            opts=self.model._meta,
            preview_rows=rows[:ICS_PREVIEW_MAX_ROWS],
            hidden_rows=max(0, len(rows) - ICS_PREVIEW_MAX_ROWS),
            max_size=ical_import.MAX_FILE_SIZE_LABEL,
            max_events=ical_import.MAX_OCCURRENCES,
            default_type=EventType.objects.filter(slug=ical_import.DEFAULT_TYPE).first(),
            report=plan,  # the shared import template's name for the preview
        )
        if plan:
            context["counts"] = [
                (status, "en erreur" if status == "error" else many, plan.count(status))
                for status, (_one, many) in ical_import.STATUSES.items()
            ]
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/events/import_ics.html", context)

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


admin.site.register((EventType, Audience), VocabularyAdmin)
