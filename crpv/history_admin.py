"""The admin's change history, shared by the centres and the pages (django-simple-history).

Each change form's « Historique » lists every version: who, when, which fields, old → new.
Opening a version shows it in the form; « Restaurer cette version » saves it back. A deleted
object keeps its history: « Éléments supprimés » lists them, and restoring the last version
recreates the object with its identifier, so links to it keep working.
"""

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalRecords
from simple_history.template_utils import HistoricalRecordContextHelper

DELETED = "-"


class DisplayValuesHelper(HistoricalRecordContextHelper):
    """Show the old and new values of a field that says how (``display_value``, e.g. phone
    numbers the French way) as the forms show them."""

    def prepare_delta_change_value(self, change, value):
        display = getattr(self.model._meta.get_field(change.field), "display_value", None)
        if display is not None:
            return display(value)
        return super().prepare_delta_change_value(change, value)


class VersionForm(forms.ModelForm):
    """A change form that, opened on a version from the history, shows that version's
    many-to-many fields too (django-simple-history fills in only the plain fields)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        record = getattr(self.instance, "_history", None)
        if record is None or self.is_bound:
            return
        # simple_history keeps every model's many-to-many history in one dictionary.
        for fld, m2m_history in HistoricalRecords.m2m_models.items():
            if fld.model is self._meta.model and fld.name in self.fields:
                target = f"{fld.related_model._meta.model_name}_id"
                self.initial[fld.name] = list(
                    m2m_history.objects.filter(history=record).values_list(target, flat=True)
                )


class HistoryAdmin(SimpleHistoryAdmin):
    object_history_template = "admin/history/object_history.html"
    object_history_list_template = "admin/history/object_history_list.html"
    object_history_form_template = "admin/history/object_history_form.html"
    deleted_template = "admin/history/deleted_list.html"
    change_list_template = "admin/history/change_list.html"
    history_list_per_page = 50
    deleted_title = gettext_lazy("Éléments supprimés")
    # The model's HistoricalRecords when it has many-to-many fields in its history: a save
    # then writes one version once those are saved too (log_addition, log_change), instead of
    # one version per field.
    m2m_history = None

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "supprimes/",
                self.admin_site.admin_view(self.deleted_view),
                name=f"{opts.app_label}_{opts.model_name}_deleted",
            ),
            *super().get_urls(),
        ]

    def get_historical_record_context_helper(self, request, historical_record):
        return DisplayValuesHelper(self.model, historical_record)

    def has_recover_permission(self, request):
        """Recreating a deleted object is adding it back."""
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "has_recover_permission": self.has_recover_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {"open_versions": True, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context)

    def history_view_title(self, request, obj):
        return _("Historique de «\u00a0%s\u00a0»") % obj

    def history_form_view_title(self, request, obj):
        if self.revert_disabled(request, obj):
            return _("Version de «\u00a0%s\u00a0»") % obj
        return _("Restaurer une version de «\u00a0%s\u00a0»") % obj

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self.model._default_manager.filter(pk=unquote(object_id)).exists():
            if not self.has_recover_permission(request):
                raise PermissionDenied
            extra_context = {"recovering": True, **(extra_context or {})}
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        if obj is not None and not self.model._default_manager.filter(pk=obj.pk).exists():
            return not self.has_recover_permission(request)
        return super().revert_disabled(request, obj)

    def save_model(self, request, obj, form, change):
        if self.m2m_history is not None:
            obj.skip_history_when_saving = True
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._record_version(request, obj, "+")
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._record_version(request, obj, "~")
        return entry

    def _record_version(self, request, obj, history_type):
        if not hasattr(obj, "skip_history_when_saving"):
            return
        del obj.skip_history_when_saving
        obj._history_user = request.user
        match = request.resolver_match
        if match and match.url_name.endswith("simple_history"):
            obj._change_reason = _("Version restaurée")
        self.m2m_history.create_historical_record(obj, history_type)

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        # After a restore, go back to the object's form rather than to the list.
        if request.resolver_match and request.resolver_match.url_name.endswith("simple_history"):
            opts = self.model._meta
            response["Location"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=[obj.pk],
                current_app=self.admin_site.name,
            )
        return response

    def deleted_view(self, request):
        """List the deleted objects, each with the last version it had, to restore it."""
        if not self.has_recover_permission(request):
            raise PermissionDenied
        history = self.model.history.model
        pk_name = self.model._meta.pk.attname
        live = self.model._default_manager.values("pk")
        deletions = (
            history.objects.filter(history_type=DELETED)
            .exclude(**{f"{pk_name}__in": live})
            .select_related("history_user")
            .order_by("-history_date")
        )
        last_versions = history.objects.filter(**{pk_name: OuterRef(pk_name)}).exclude(
            history_type=DELETED
        )
        deletions = deletions.annotate(
            last_version=Subquery(last_versions.order_by("-history_date").values("pk")[:1])
        )
        opts, seen, rows = self.model._meta, set(), []
        versions = f"admin:{opts.app_label}_{opts.model_name}_simple_history"
        for record in deletions:
            object_id = getattr(record, pk_name)
            if object_id in seen or record.last_version is None:
                continue
            seen.add(object_id)
            url = reverse(
                versions, args=[object_id, record.last_version], current_app=self.admin_site.name
            )
            rows.append((record, url))
        context = {
            **self.admin_site.each_context(request),
            "title": self.deleted_title,
            "opts": opts,
            "rows": rows,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.deleted_template, context)
