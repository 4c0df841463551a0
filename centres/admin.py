import os

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from import_export.admin import ExportActionMixin, ImportExportMixin
from import_export.forms import SelectableFieldsExportForm
from import_export.signals import post_import

from centres import pending
from centres.exporting import EXPORT_FORMATS
from centres.importing import import_file, import_table
from centres.models import Centre, Commune, Departement, Region, Theme, centre_history
from centres.resources import COLUMN_HELP, COLUMNS, CentreResource
from centres.tables import MAX_FILE_SIZE, MAX_FILE_SIZE_LABEL, TableError, read_table
from crpv.history_admin import HistoryAdmin
from crpv.roles import REFERENTS

# The file waiting between the preview and the confirmation is named in a signed token,
# valid for this long: nobody can make the confirmation read another file.
IMPORT_TOKEN_SALT = "centres.import"
IMPORT_TOKEN_MAX_AGE = int(pending.MAX_AGE.total_seconds())
# Rows detailed in the preview; beyond, the counts still cover the whole file.
PREVIEW_MAX_ROWS = 1000


class RegionFilter(admin.SimpleListFilter):
    title = _("région")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return [(r.code, r.name) for r in Region.objects.order_by("name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(departements__region__code=self.value()).distinct()
        return queryset


class OverseasFilter(admin.SimpleListFilter):
    title = _("outre-mer")
    parameter_name = "outre_mer"

    def lookups(self, request, model_admin):
        return [("oui", _("Outre-mer")), ("non", _("Métropole"))]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.filter(departements__is_overseas=True).distinct()
        if self.value() == "non":
            return queryset.exclude(departements__is_overseas=True)
        return queryset


class VerificationFilter(admin.SimpleListFilter):
    title = _("vérification")
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [("a-verifier", _("non vérifiés depuis 12 mois")), ("a-jour", _("vérifiés"))]

    def queryset(self, request, queryset):
        if self.value() == "a-verifier":
            return queryset.needs_checking()
        if self.value() == "a-jour":
            return queryset.exclude(pk__in=queryset.needs_checking().values("pk"))
        return queryset


class VersionForm(forms.ModelForm):
    """A centre's form that, opened on a version from the history, shows that version's
    territory and themes (django-simple-history fills in only the plain fields)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        record = getattr(self.instance, "_history", None)
        if record is None or self.is_bound:
            return
        for fld, m2m_history in centre_history.m2m_models.items():
            if fld.name in self.fields:
                target = f"{fld.name[:-1]}_id"
                self.initial[fld.name] = list(
                    m2m_history.objects.filter(history=record).values_list(target, flat=True)
                )


class CentreForm(VersionForm):
    """The centre's form, with the referents offered among the members of their role."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "referents" in self.fields:
            self.fields["referents"].queryset = (
                get_user_model()
                .objects.filter(is_active=True, is_staff=True, groups__name=REFERENTS)
                .order_by("last_name", "first_name", "username")
                .distinct()
            )


class ReferentCentreForm(VersionForm):
    """What a centre's referent may change, and their confirmation that all is up to date."""

    themes = forms.ModelMultipleChoiceField(
        Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Thèmes"),
    )

    confirm_up_to_date = forms.BooleanField(
        label=_("Les informations sont à jour"),
        required=False,
        help_text=_(
            "Cochez après avoir relu toute la fiche : la date de vérification passe à aujourd’hui."
        ),
    )


# What a referent sees of their centre; they may change only REFERENT_FIELDS.
REFERENT_FIELDS = (
    "street_address",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "phone",
    "phone_2",
    "email",
    "website",
    "description",
    "themes",
)
# The contact details: the same block in the referent's form and in the full one.
CONTACT_FIELDSET = (
    _("Coordonnées"),
    {
        "fields": (
            "street_address",
            ("postcode", "city"),
            ("latitude", "longitude"),
            ("phone", "phone_2"),
            "email",
            "website",
        )
    },
)
REFERENT_FIELDSETS = (
    (
        None,
        {
            "fields": ("name", "acronym", "departements", "is_published"),
            "description": _(
                "Pour changer le nom, le territoire ou la publication du centre, "
                "écrivez à l’équipe du réseau."
            ),
        },
    ),
    CONTACT_FIELDSET,
    (_("Présentation"), {"fields": ("description", "themes")}),
    (_("Vérification"), {"fields": ("verified_on", "confirm_up_to_date")}),
)


class CentreImportForm(forms.Form):
    import_file = forms.FileField(
        label=_("Fichier à importer"),
        help_text=_(
            "CSV (UTF-8 ou Windows-1252, séparé par des virgules, des points-virgules ou des "
            "tabulations), XLSX ou JSON\u00a0; %(size)s au plus."
        )
        % {"size": MAX_FILE_SIZE_LABEL},
    )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_FILE_SIZE:
            size = f"{upload.size / (1024 * 1024):.1f}".replace(".", ",")
            raise forms.ValidationError(
                f"Le fichier pèse {size}\u00a0Mo\u00a0: la limite est de {MAX_FILE_SIZE_LABEL}. "
                "Découpez-le en plusieurs fichiers."
            )
        self.content = upload.read()
        try:
            self.table = read_table(self.content)
        except TableError as error:
            raise forms.ValidationError(str(error)) from error
        return upload


class CentreConfirmImportForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


class CentreExportForm(SelectableFieldsExportForm):
    """The export form with the file's column names as labels."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["format"].label = _("Format du fichier")
        self.fields["format"].initial = "0"  # CSV for Excel, what most staff open

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return field.column_name if field else field_name


@admin.register(Centre)
class CentreAdmin(ImportExportMixin, ExportActionMixin, HistoryAdmin):
    form = CentreForm
    list_display = ("name", "acronym", "city", "phone", "is_published", "verified_on")
    list_filter = (RegionFilter, OverseasFilter, VerificationFilter, "themes", "is_published")
    search_fields = ("name", "acronym", "city")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("departements", "themes", "referents")
    deleted_title = _("Centres supprimés")

    class Media:
        js = ("admin/centres/select-filter-a11y.js",)

    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "acronym", "slug", "is_published")}),
        (
            _("Structure"),
            {"fields": ("legal_form", "carrying_structure", "year_created", "year_labelled")},
        ),
        (_("Territoire"), {"fields": ("departements",)}),
        CONTACT_FIELDSET,
        (_("Présentation"), {"fields": ("description", "themes")}),
        (_("Suivi"), {"fields": ("verified_on", "source", "created_at", "updated_at")}),
        (_("Référents"), {"fields": ("referents",)}),
    )

    # Import and export (django-import-export's screens; the import runs centres.importing).
    resource_classes = (CentreResource,)
    export_formats = EXPORT_FORMATS
    export_form_class = CentreExportForm
    import_template_name = "admin/centres/centre/import.html"
    change_form_template = None  # ExportActionMixin's adds an export button: not wanted
    show_change_form_export = False

    # A centre's referent: only their centres, only some fields ---------------------------

    def is_referent_only(self, request):
        """Return whether the user may change only the centres they are the referent of."""
        user = request.user
        return not user.has_perm("centres.change_centre") and user.has_perm(
            "centres.change_own_centre"
        )

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("departements")
        if self.is_referent_only(request):
            queryset = queryset.filter(referents=request.user)
        return queryset

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and self.is_referent_only(request):
            # Another centre's address typed by hand: as if it did not exist.
            raise Http404
        return obj

    def _is_own(self, request, obj):
        return obj is None or obj.referents.filter(pk=request.user.pk).exists()

    def has_view_permission(self, request, obj=None):
        if self.is_referent_only(request):
            return self._is_own(request, obj)
        return super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if self.is_referent_only(request):
            return self._is_own(request, obj)
        return super().has_change_permission(request, obj)

    def revert_disabled(self, request, obj=None):
        # A referent reads their centre's history; restoring is for the directory managers.
        return self.is_referent_only(request) or super().revert_disabled(request, obj)

    def history_view(self, request, object_id, extra_context=None):
        if self.is_referent_only(request):
            extra_context = {"open_versions": False, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A referent reads the changes in the history list; a whole version's form (with
        # the fields they cannot change) is for the directory managers.
        if self.is_referent_only(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self.is_referent_only(request):
            kwargs["form"] = ReferentCentreForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if self.is_referent_only(request):
            return REFERENT_FIELDSETS
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if self.is_referent_only(request):
            return ("name", "acronym", "departements", "is_published", "verified_on")
        return super().get_readonly_fields(request, obj)

    def get_prepopulated_fields(self, request, obj=None):
        if self.is_referent_only(request):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_list_filter(self, request):
        if self.is_referent_only(request):
            return (VerificationFilter,)
        return super().get_list_filter(request)

    # Saving: one version per save, with the territory and themes as saved ----------------

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("confirm_up_to_date"):
            obj.verified_on = timezone.localdate()
        # The version is written once the many-to-many fields are saved too (log_change).
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
            obj._change_reason = str(_("Version restaurée"))
        centre_history.create_historical_record(obj, history_type)

    def has_import_permission(self, request):
        # Importing creates and changes centres: it takes those rights as well.
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
            actions[name] = (function, name, _("Exporter les centres sélectionnés"))
        return actions

    def get_valid_export_item_pks(self, request):
        # The library's version is deprecated (a warning on every export of a selection).
        return self.get_queryset(request).values_list("pk", flat=True)

    def get_export_filename(self, request, queryset, file_format):
        date = timezone.localdate().isoformat()
        return f"annuaire-crpv-{date}.{file_format.get_extension()}"

    def import_action(self, request, **kwargs):
        """Upload a file and preview it: a dry run listing each row and every error."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = CentreImportForm(request.POST or None, request.FILES or None)
        context = {}
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["import_file"]
            report = import_table(form.table, dry_run=True, filename=upload.name)
            context["report"] = report
            if report.ok and (report.new or report.updated):
                storage = self.get_tmp_storage_class()(read_mode="rb", encoding=None)
                storage.save(form.content)
                token = signing.dumps(
                    {
                        "file": os.path.basename(storage.name),
                        "name": upload.name,
                        "user": request.user.pk,
                    },
                    salt=IMPORT_TOKEN_SALT,
                )
                context["confirm_form"] = CentreConfirmImportForm(initial={"token": token})
            context["file_name"] = upload.name
        return self._import_response(request, form, context)

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """Import the previewed file for good, all or nothing, and log who did it."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = CentreConfirmImportForm(request.POST)
        expired = _("Le fichier à importer n’est plus disponible\u00a0: choisissez-le de nouveau.")
        try:
            if not form.is_valid():
                raise signing.BadSignature
            data = signing.loads(
                form.cleaned_data["token"], salt=IMPORT_TOKEN_SALT, max_age=IMPORT_TOKEN_MAX_AGE
            )
            if data["user"] != request.user.pk:
                raise signing.BadSignature
            storage = self.get_tmp_storage_class()(
                name=os.path.basename(data["file"]), read_mode="rb", encoding=None
            )
            content = storage.read()
        except (signing.BadSignature, KeyError, TypeError, OSError):
            messages.error(request, expired)
            return HttpResponseRedirect(self._admin_url("import"))

        report = import_file(content, user=request.user, filename=data["name"])
        if not report.ok:
            # The directory changed since the preview: show what now goes wrong.
            messages.error(request, _("Rien n’a été enregistré."))
            context = {"report": report, "file_name": data["name"]}
            return self._import_response(request, CentreImportForm(), context)
        storage.remove()
        post_import.send(sender=None, model=self.model)
        messages.success(
            request,
            _("Import de «\u00a0%(name)s\u00a0» terminé\u00a0: %(summary)s")
            % {"name": data["name"], "summary": report.summary},
        )
        return HttpResponseRedirect(self._admin_url("changelist"))

    def _admin_url(self, view):
        app_label, model_name = self.get_model_info()
        return reverse(f"admin:{app_label}_{model_name}_{view}", current_app=self.admin_site.name)

    def _import_response(self, request, form, context):
        report = context.get("report")
        context.update(
            self.admin_site.each_context(request),
            title=_("Importer des centres"),
            form=form,
            opts=self.model._meta,
            columns=[(column, COLUMN_HELP[column]) for column in COLUMNS],
            max_size=MAX_FILE_SIZE_LABEL,
            preview_rows=report.rows[:PREVIEW_MAX_ROWS] if report else [],
            hidden_rows=max(0, len(report.rows) - PREVIEW_MAX_ROWS) if report else 0,
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "is_overseas")
    search_fields = ("name", "code")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Departement)
class DepartementAdmin(RegionAdmin):
    list_display = ("code", "name", "region", "is_overseas")
    list_filter = ("is_overseas", "region")
    list_select_related = ("region",)


@admin.register(Commune)
class CommuneAdmin(RegionAdmin):
    list_display = ("name", "code", "postcodes", "departement")
    search_fields = ("name", "code", "postcodes")
    list_select_related = ("departement",)
    show_full_result_count = False
