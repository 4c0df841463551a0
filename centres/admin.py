"""The directory's admin: centres (with their import, export and référents), themes and the
read-only geography. The import screens are ``crpv.spreadsheets.admin``'s, the référent rules
``crpv.referents``'."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, Commune, Departement, Region, Theme, centre_history
from centres.positions import parse_position
from centres.resources import CentreResource
from centres.search import centre_haystacks
from crpv.a11y import NamedListFieldsMixin
from crpv.concurrency import ConcurrencyAdminMixin
from crpv.history_admin import HistoryAdmin, VersionForm
from crpv.referents import ReferentAdminMixin
from crpv.roles import REFERENTS
from crpv.spreadsheets.admin import SpreadsheetAdminMixin
from crpv.text import fold


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


class PositionFormMixin(forms.Form):
    """A « position » field where staff paste a position copied from any map; it replaces the
    latitude and longitude (``centres.positions.parse_position``)."""

    position = forms.CharField(
        label=_("Coller une position"),
        required=False,
        max_length=500,
        help_text=_(
            "Pour placer le centre à son adresse exacte sans service de carte externe : "
            "copiez sa position depuis la carte de votre choix (OpenStreetMap, Géoportail, "
            "un GPS) et collez-la ici, par exemple « 45.7640, 4.8357 », "
            "« 45°45′50″N 4°50′8″E » ou l’adresse de la page de la carte. Elle remplace la "
            "latitude et la longitude. Sans position, le centre est placé au centre de sa "
            "commune."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("position", "")
        if text:
            try:
                cleaned["latitude"], cleaned["longitude"] = parse_position(text)
            except ValueError as error:
                self.add_error("position", str(error))
        return cleaned


class CentreForm(PositionFormMixin, VersionForm):
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


class ReferentCentreForm(PositionFormMixin, VersionForm):
    """What a centre's referent may change, and their confirmation that all is up to date."""

    themes = forms.ModelMultipleChoiceField(
        Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Thèmes"),
    )

    class Meta:
        # What a référent reads beside the fields they see but cannot change.
        help_texts = {
            "is_published": _(
                "Seule l’équipe du réseau publie un centre ou le retire du site public."
            ),
            "departements": _("Le territoire du centre, fixé par l’équipe du réseau."),
        }

    confirm_up_to_date = forms.BooleanField(
        label=_("Les informations sont à jour"),
        required=False,
        help_text=_(
            "Cochez après avoir relu toute la fiche : la date de vérification passe à aujourd’hui."
        ),
    )


# The contact details: the same block in the referent's form and in the full one.
CONTACT_FIELDSET = (
    _("Coordonnées"),
    {
        "fields": (
            "street_address",
            ("postcode", "city"),
            ("latitude", "longitude"),
            "position",
            ("phone", "phone_2"),
            "email",
            "private_contact",
            "website",
        )
    },
)
REFERENT_FIELDSETS = (
    (
        _("Identité"),
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


@admin.register(Centre)
class CentreAdmin(ConcurrencyAdminMixin, SpreadsheetAdminMixin, ReferentAdminMixin, HistoryAdmin):
    form = CentreForm
    list_display = ("name", "acronym", "city", "phone_number", "is_published", "verified_on")
    list_filter = (RegionFilter, OverseasFilter, VerificationFilter, "themes", "is_published")
    search_fields = ("name", "acronym", "city")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("departements", "themes", "referents")
    deleted_title = _("Centres supprimés")
    m2m_history = centre_history  # one version per save, with the territory and themes

    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (_("Identité"), {"fields": ("name", "acronym", "slug", "is_published")}),
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

    resource_classes = (CentreResource,)
    import_title = _("Importer des centres")
    import_rules = _(
        "chaque ligne suivante décrit un centre. Un centre dont l’identifiant existe déjà est "
        "mis à jour, les autres sont créés\u00a0; les centres absents du fichier restent "
        "tels quels."
    )
    export_action_label = _("Exporter les centres sélectionnés")
    export_filename = "annuaire-crpv"

    # A référent: only their centres, only some fields.
    referent_form = ReferentCentreForm
    referent_fieldsets = REFERENT_FIELDSETS
    referent_readonly_fields = ("name", "acronym", "departements", "is_published", "verified_on")
    referent_list_filter = (VerificationFilter,)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("departements")

    def get_search_results(self, request, queryset, search_term):
        # As the public search: case, accents, hyphens and apostrophes ignored (« caraibe »
        # finds Ville Caraïbe), in the name, the acronym or the city.
        key = fold(search_term)
        if not key:
            return queryset, False
        ids = [pk for pk, haystack in centre_haystacks(queryset) if key in haystack]
        return queryset.filter(pk__in=ids), False

    @admin.display(description=_("téléphone"), ordering="phone")
    def phone_number(self, obj):
        return obj.phone_display

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("confirm_up_to_date"):
            obj.verified_on = timezone.localdate()
        super().save_model(request, obj, form, change)


@admin.register(Theme)
class ThemeAdmin(NamedListFieldsMixin, admin.ModelAdmin):
    list_display = ("name", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "is_overseas")
    search_fields = ("name", "code")

    def has_change_permission(self, request, obj=None):
        return False  # the reference geography changes only with the code (geography.py)

    has_add_permission = has_delete_permission = has_change_permission


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
