from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, Commune, Departement, Region, Theme


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


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "city", "phone", "is_published", "verified_on")
    list_filter = (RegionFilter, OverseasFilter, "themes", "is_published")
    search_fields = ("name", "acronym", "city")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("departements", "themes")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "acronym", "slug", "is_published")}),
        (
            _("Structure"),
            {"fields": ("legal_form", "carrying_structure", "year_created", "year_labelled")},
        ),
        (_("Territoire"), {"fields": ("departements",)}),
        (
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
        ),
        (_("Présentation"), {"fields": ("description", "themes")}),
        (_("Suivi"), {"fields": ("verified_on", "source", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("departements")


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
