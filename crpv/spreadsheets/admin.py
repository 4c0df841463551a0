"""The admin's import and export screens, for any model with a spreadsheet resource.

``SpreadsheetAdminMixin`` goes first in a ModelAdmin's bases. It adds django-import-export's
*Importer* and *Exporter* buttons and export screen (with ``write``'s formats), and replaces
the library's import with ours: upload, then a preview where each row is new, changed (old →
new per column), unchanged or in error, then a confirmation that imports the whole file at
once (``importer``). Between the two, the table read from the file waits in the database
(``pending``), with the version of each object it names, in an entry named in a signed token
that only the same user can use, for ``pending.MAX_AGE`` at most. The confirmation does not
parse the file again, and refuses to import if an object of the file changed since the preview.

A model's admin may take a second upload with the spreadsheet (the library's ZIP of
documents): ``get_import_attachment_field`` returns its form field, and ``import_rows``, which
imports the table, receives it. That upload waits for the confirmation in a second pending
entry, as it was sent, named in the same token.
"""

import io
import os

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from import_export.admin import ExportActionMixin, ImportExportMixin
from import_export.forms import SelectableFieldsExportForm
from import_export.signals import post_import

from crpv.spreadsheets import pending
from crpv.spreadsheets.importer import import_table
from crpv.spreadsheets.read import MAX_FILE_SIZE_LABEL, TableError, check_size, read_table
from crpv.spreadsheets.write import EXPORT_FORMATS

# Nobody can make the confirmation read another file than the one they previewed.
IMPORT_TOKEN_SALT = "crpv.spreadsheets.import"
IMPORT_TOKEN_MAX_AGE = int(pending.MAX_AGE.total_seconds())
# Rows detailed in the preview; beyond, the counts still cover the whole file.
PREVIEW_MAX_ROWS = 1000


class ImportForm(forms.Form):
    """The upload; once valid, ``table`` holds the file's cells."""

    import_file = forms.FileField(
        label=_("Fichier à importer"),
        help_text=_(
            "CSV (UTF-8 ou Windows-1252, séparé par des virgules, des points-virgules ou des "
            "tabulations), XLSX (Excel), ODS (LibreOffice) ou JSON\u00a0; %(size)s au plus."
        )
        % {"size": MAX_FILE_SIZE_LABEL},
    )

    def __init__(self, *args, attachment_field=None, **kwargs):
        super().__init__(*args, **kwargs)
        if attachment_field is not None:
            self.fields["attachment"] = attachment_field

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            check_size(upload.size)  # before reading it
            self.table = read_table(upload.read())
        except TableError as error:
            raise forms.ValidationError(str(error)) from error
        return upload


class ConfirmImportForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


class ExportForm(SelectableFieldsExportForm):
    """The export form with the file's column names as labels."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["format"].label = _("Format du fichier")
        self.fields["format"].initial = "0"  # CSV for Excel, what most staff open
        for field in self.fields.values():
            # The library's own attribute is not HTML; nothing of ours reads it.
            field.widget.attrs.pop("resource-id", None)

    def _get_field_label(self, resource, field_name):
        """Return « Année de création (annee_creation) »: the model field's French name, then
        the column's header in the file."""
        field = resource.fields.get(field_name)
        if field is None:
            return field_name
        try:
            name = resource._meta.model._meta.get_field(field.attribute).verbose_name
        except (AttributeError, LookupError, FieldDoesNotExist):
            return field.column_name
        return f"{capfirst(name)} ({field.column_name})"


class SpreadsheetAdminMixin(ImportExportMixin, ExportActionMixin):
    """Import and export screens for a ModelAdmin whose ``resource_classes`` holds one
    SpreadsheetResource. Set ``import_title``, ``import_rules`` (a French paragraph: what a
    row is, what happens to existing objects), ``export_action_label`` and
    ``export_filename`` (without date or extension)."""

    export_formats = EXPORT_FORMATS
    export_form_class = ExportForm
    import_template_name = "admin/spreadsheets/import.html"
    change_form_template = None  # ExportActionMixin's adds an export button: not wanted
    show_change_form_export = False
    import_title = _("Importer")
    import_rules = ""
    export_action_label = _("Exporter la sélection")
    export_filename = "export"

    def has_import_permission(self, request):
        # Importing creates and changes objects: it takes those rights as well.
        return (
            super().has_import_permission(request)
            and self.has_add_permission(request)
            and self.has_change_permission(request)
        )

    def has_export_permission(self, request):
        return super().has_export_permission(request) and self.has_view_permission(request)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "export_admin_action" in actions:
            function, name, _label = actions["export_admin_action"]
            actions[name] = (function, name, self.export_action_label)
        return actions

    def get_valid_export_item_pks(self, request):
        # The library's version is deprecated (a warning on every export of a selection).
        return self.get_queryset(request).values_list("pk", flat=True)

    def get_export_filename(self, request, queryset, file_format):
        date = timezone.localdate().isoformat()
        suffix = getattr(file_format, "file_suffix", "")
        return f"{self.export_filename}-{date}{suffix}.{file_format.get_extension()}"

    def get_import_attachment_field(self):
        """Return the form field of a second upload sent with the spreadsheet (its value, a
        file, goes to ``import_rows``), or None: the default, the spreadsheet alone."""
        return None

    def import_rows(self, table, attachment, **kwargs):
        """Import ``table`` (``read.Table``) with ``import_table``'s keyword arguments
        (``dry_run``, ``user``, ``filename``, ``versions``) and return its ImportReport.
        ``attachment`` is the second upload as a binary file object (rewound), or None. An
        admin that takes one overrides this to read it; the default imports the table."""
        return import_table(self._resource(), table, **kwargs)

    def import_action(self, request, **kwargs):
        """Upload a file and preview it: a dry run listing each row and every error."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ImportForm(
            request.POST or None,
            request.FILES or None,
            attachment_field=self.get_import_attachment_field(),
        )
        context = {}
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["import_file"]
            attachment = form.cleaned_data.get("attachment")
            if attachment:
                attachment.seek(0)
            report = self.import_rows(
                form.table, attachment or None, dry_run=True, filename=upload.name
            )
            context["report"] = report
            if report.ok and (report.new or report.updated):
                storage = self._pending()
                storage.save(pending.encode(form.table, report.versions))
                attachment_name = None
                if attachment:
                    attachment.seek(0)
                    waiting = self._pending()
                    waiting.save(attachment.read())
                    attachment_name = os.path.basename(waiting.name)
                token = signing.dumps(
                    {
                        "file": os.path.basename(storage.name),
                        "name": upload.name,
                        "user": request.user.pk,
                        "attachment": attachment_name,
                    },
                    salt=IMPORT_TOKEN_SALT,
                )
                context["confirm_form"] = ConfirmImportForm(initial={"token": token})
            context["file_name"] = upload.name
        return self._import_response(request, form, context)

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """Import the previewed file for good, all or nothing, and log who did it."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ConfirmImportForm(request.POST)
        expired = _("Le fichier à importer n’est plus disponible\u00a0: choisissez-le de nouveau.")
        try:
            if not form.is_valid():
                raise signing.BadSignature
            data = signing.loads(
                form.cleaned_data["token"], salt=IMPORT_TOKEN_SALT, max_age=IMPORT_TOKEN_MAX_AGE
            )
            if data["user"] != request.user.pk:
                raise signing.BadSignature
            storage = self._pending(data["file"])
            table, versions = pending.decode(storage.read())
            attachment_storage = attachment = None
            if data.get("attachment"):
                attachment_storage = self._pending(data["attachment"])
                attachment = io.BytesIO(attachment_storage.read())
        except (signing.BadSignature, KeyError, TypeError, OSError, ValueError):
            # ValueError: an entry left by a version that kept the file's bytes.
            messages.error(request, expired)
            return HttpResponseRedirect(self._admin_url("import"))

        report = self.import_rows(
            table, attachment, user=request.user, filename=data["name"], versions=versions
        )
        if not report.ok:
            # The data changed since the preview: show what now goes wrong.
            messages.error(request, _("Rien n’a été enregistré."))
            context = {"report": report, "file_name": data["name"]}
            return self._import_response(request, ImportForm(), context)
        storage.remove()
        if attachment_storage is not None:
            attachment_storage.remove()
        post_import.send(sender=None, model=self.model)
        done = _("Import de «\u00a0%(name)s\u00a0» terminé\u00a0: %(summary)s")
        messages.success(request, done % {"name": data["name"], "summary": report.summary})
        return HttpResponseRedirect(self._admin_url("changelist"))

    def _pending(self, name=None):
        """Return the storage of an upload waiting for its confirmation, new or ``name``'s."""
        name = name and os.path.basename(name)
        return self.get_tmp_storage_class()(name=name, read_mode="rb", encoding=None)

    def _resource(self):
        return self.resource_classes[0]()

    def _admin_url(self, view):
        app_label, model_name = self.get_model_info()
        return reverse(f"admin:{app_label}_{model_name}_{view}", current_app=self.admin_site.name)

    def _import_response(self, request, form, context):
        report = context.get("report")
        context.update(
            self.admin_site.each_context(request),
            title=self.import_title,
            import_rules=self.import_rules,
            form=form,
            opts=self.model._meta,
            columns=list(self._resource().column_help.items()),
            max_size=MAX_FILE_SIZE_LABEL,
            preview_rows=report.rows[:PREVIEW_MAX_ROWS] if report else [],
            hidden_rows=max(0, len(report.rows) - PREVIEW_MAX_ROWS) if report else 0,
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)
