"""The library's admin: resources with their files (référents: those of their centres only),
and the list of types.

Each uploaded file goes through ``library.documents.inspect`` in the form's validation: a file
it refuses is an error of the form, in French, and nothing of the resource is saved (Django's
admin validates the form and every inline before saving any). What it learnt is stored with
the file; its notes are shown to staff beside the file.
"""

import re

from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from centres.models import Commune
from crpv.a11y import NamedRowsFormSet
from crpv.content_admin import RECORD_DATES, CentreContentAdmin, VocabularyAdmin
from crpv.history_admin import VersionForm
from crpv.spreadsheets.importer import RowError
from library import archives, documents
from library.importing import NO_ARCHIVE, import_resource_table
from library.models import Resource, ResourceFile, ResourceType, resource_history
from library.resources import ResourceResource


class ResourceFileForm(forms.ModelForm):
    """A file of a resource: a new upload is checked and read by ``documents.inspect``."""

    class Meta:
        model = ResourceFile
        fields = ("file", "name", "label", "is_accessible_alternative", "position")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            if upload.size > documents.MAX_UPLOAD_BYTES:
                raise forms.ValidationError(
                    _("Ce fichier pèse %(size)s\u00a0: la limite est de %(limit)s.")
                    % {
                        "size": documents.human_size(upload.size),
                        "limit": documents.human_size(documents.MAX_UPLOAD_BYTES),
                    }
                )
            try:
                self.info = documents.inspect(upload)
            except documents.DocumentRefused as refused:
                raise forms.ValidationError(refused.message) from refused
        return upload

    def save(self, commit=True):
        info = getattr(self, "info", None)
        if info is not None:
            self.instance.take(info, original_name=self.cleaned_data["file"].name)
        return super().save(commit)


class ResourceFileFormSet(NamedRowsFormSet):
    row_name = _("fichier %(number)s")
    new_row_name = _("nouveau fichier")


class ResourceFileInline(admin.TabularInline):
    # Tabular: the project's template names it with a <legend> (templates/admin/edit_inline).
    model = ResourceFile
    form = ResourceFileForm
    formset = ResourceFileFormSet
    extra = 1
    view_on_site = False
    readonly_fields = ("description",)
    fields = ("file", "name", "label", "is_accessible_alternative", "position", "description")

    @admin.display(description=_("ce que le portail en a lu"))
    def description(self, obj):
        if obj is None or not obj.pk:
            return "—"
        facts = f"{obj.format_label}, {obj.size_label}"
        if obj.pages:
            facts += f", {obj.pages}\u00a0page{'s' if obj.pages > 1 else ''}"
        if not obj.text:
            facts += ", aucun texte cherchable"
        # Drawn inside a <p> by the tabular inline: line breaks, not a list.
        notes = obj.notes.splitlines()
        return format_html(
            "{}{}", facts, format_html_join("", "<br><strong>{}</strong>", ((n,) for n in notes))
        )


class DocumentsArchiveField(forms.FileField):
    """The ZIP of the documents named in the import's ``fichiers`` column, optional. Checked
    whole here (size, member count, paths, declared sizes: ``library.archives``); each
    document is then checked on its row by the import."""

    def __init__(self):
        super().__init__(
            required=False,
            label=_("Archive ZIP des documents"),
            help_text=_(
                "Facultative : les documents nommés dans la colonne « fichiers », "
                "dans un fichier ZIP de %(size)s au plus (%(members)s fichiers au plus, "
                "%(member_size)s chacun)."
            )
            % {
                "size": documents.human_size(archives.MAX_ZIP_BYTES),
                "members": archives.MAX_MEMBERS,
                "member_size": documents.human_size(documents.MAX_UPLOAD_BYTES),
            },
        )

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            try:
                archives.ZipFiles(upload)
            except archives.ArchiveRefused as refused:
                raise forms.ValidationError(refused.message) from refused
            upload.seek(0)
        return upload


class CommuneCodesField(forms.CharField):
    """Communes named by their INSEE codes, separated by commas or spaces: « 69123, 93066 ».

    A plain text box rather than a list of 35,000 communes or the admin's autocomplete
    (select2), which the accessibility checkers refuse (no accessible name)."""

    def __init__(self):
        super().__init__(
            required=False,
            label=_("communes"),
            help_text=_(
                "Les codes INSEE des communes dont parle la ressource, séparés par des "
                "virgules : « 69123, 93066 » (Lyon, Saint-Denis)."
            ),
        )

    @staticmethod
    def _codes(value):
        if isinstance(value, str):
            return [c for c in re.split(r"[\s,;]+", value.upper()) if c]
        items = list(value or ())
        pks = [item for item in items if not isinstance(item, Commune)]
        codes = [item.code for item in items if isinstance(item, Commune)]
        codes += list(Commune.objects.filter(pk__in=pks).values_list("code", flat=True))
        return sorted(codes)

    def prepare_value(self, value):
        return ", ".join(self._codes(value))

    def clean(self, value):
        codes = self._codes(super().clean(value))
        communes = list(Commune.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {commune.code for commune in communes})
        if unknown:
            raise forms.ValidationError(
                _("Code de commune inconnu : %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return communes

    def has_changed(self, initial, data):
        return self._codes(initial) != sorted(self._codes(data))


class ResourceForm(VersionForm):
    communes = CommuneCodesField()

    def clean(self):
        cleaned = super().clean()
        centres = cleaned.get("centres")
        if "centres" in self.fields and not centres and not cleaned.get("is_national"):
            if getattr(self, "referent_only", False):
                self.add_error("centres", _("Choisissez au moins un de vos centres."))
            else:
                self.add_error(
                    "centres",
                    _("Choisissez au moins un centre producteur, ou cochez « réseau national »."),
                )
        return cleaned


@admin.register(Resource)
class ResourceAdmin(CentreContentAdmin):
    form = ResourceForm
    inlines = (ResourceFileInline,)
    list_display = ("title", "resource_type", "published_on", "is_published")
    list_filter = ("resource_type", "is_published", "licence", "centres")
    search_fields = ("title", "authors", "centres__name")
    date_hierarchy = "published_on"
    deleted_title = _("Ressources supprimées")
    m2m_history = resource_history
    concurrency_related = {"files": ("name", "label", "is_accessible_alternative", "position")}
    fieldsets = (
        (None, {"fields": ("title", "slug", "is_published", "resource_type", "summary")}),
        (_("Producteurs"), {"fields": ("centres", "is_national", "authors", "partners")}),
        (_("Publication"), {"fields": ("published_on", "licence", "language", "event")}),
        (_("Lien externe"), {"fields": ("external_url",)}),
        (_("Classement"), {"fields": ("themes", "audiences")}),
        (
            _("Territoires"),
            {
                "fields": ("departements", "communes"),
                "description": _("Les territoires dont parle la ressource, s’il y en a."),
            },
        ),
        (_("Suivi"), {"fields": ("created_at", "updated_at")}),
    )

    resource_classes = (ResourceResource,)
    import_title = _("Importer des ressources")
    import_rules = _(
        "chaque ligne suivante décrit une ressource. Une ressource dont l’identifiant existe déjà "
        "est mise à jour, les autres sont créées\u00a0; les ressources absentes du fichier "
        "restent telles quelles. Les documents nommés dans la colonne « fichiers » "
        "viennent de l’archive ZIP envoyée avec le fichier : ils sont trouvés par leur nom, "
        "quel que soit leur dossier dans l’archive."
    )
    export_action_label = _("Exporter les ressources sélectionnées")
    export_filename = "ressources-crpv"

    # A référent: the resources of their centres (CentreContentAdmin); the network's box is
    # the national team's.
    referent_readonly_fields = (*RECORD_DATES, "is_national")
    referent_list_filter = ("resource_type", "is_published")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("resource_type")

    def get_import_attachment_field(self):
        return DocumentsArchiveField()

    def import_rows(self, table, attachment, **kwargs):
        """Import the resources of ``table`` with the documents of the ZIP ``attachment``
        (``library.importing.import_resource_table``)."""
        source = None
        if attachment is not None:
            try:
                source = archives.ZipFiles(attachment)
            except archives.ArchiveRefused as refused:
                # Checked by the form at the preview: only a damaged pending entry gets here.
                report = import_resource_table(table, None, dry_run=True)
                report.errors = [RowError(0, "", refused.message), *report.errors]
                return report
        return import_resource_table(table, source, missing_source=NO_ARCHIVE, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.referent_only = self.is_referent_only(request)
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Facets and search document once the centres, themes and files are all saved.
        form.instance.refresh()


admin.site.register(ResourceType, VocabularyAdmin)
