"""The admin that content centres publish shares (``crpv.content.CentreContent``: events,
resources, news): one base class, so that the three screens behave alike.

Each is a history admin (``crpv.history_admin``) that refuses a stale save
(``crpv.concurrency``), imports and exports spreadsheets (``crpv.spreadsheets``) and gives a
centre's référents their centres' own content (``crpv.referents``), with every field but the
dates of record. ``VocabularyAdmin`` edits their short lists (types, audiences).
"""

from django import forms
from django.contrib import admin
from django.db import models

from crpv.a11y import NamedListFieldsMixin
from crpv.concurrency import ConcurrencyAdminMixin
from crpv.history_admin import HistoryAdmin, VersionForm
from crpv.referents import CENTRES_REFERENTS, ReferentAdminMixin
from crpv.spreadsheets.admin import SpreadsheetAdminMixin

RECORD_DATES = ("created_at", "updated_at")


class CentreContentAdmin(
    ConcurrencyAdminMixin, SpreadsheetAdminMixin, ReferentAdminMixin, HistoryAdmin
):
    """The ModelAdmin of a ``CentreContent`` model; a subclass sets what is its own
    (lists, fieldsets, spreadsheet texts, ``m2m_history``, the référent's list filters)."""

    form = VersionForm
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = RECORD_DATES
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}

    referent_lookup = CENTRES_REFERENTS
    referent_centres_field = "centres"
    referent_readonly_fields = RECORD_DATES
    referent_prepopulated_fields = prepopulated_fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.pop("widget", None)  # the autocomplete's, not formfield_overrides' boxes
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class VocabularyAdmin(NamedListFieldsMixin, admin.ModelAdmin):
    """A short editable list (``crpv.vocabulary``): its order set in the list itself."""

    list_display = ("name", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}
