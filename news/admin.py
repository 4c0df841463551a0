"""The news admin: référents publish for their own centres, the national team for the network
and for every centre (docs/editors.md).

The référent rules are ``crpv.referents``', the history screens ``crpv.history_admin``'s, the
stale-save refusal ``crpv.concurrency``'s.
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from crpv.content_admin import CentreContentAdmin
from crpv.history_admin import VersionForm
from news.models import NewsItem, NewsStatus, news_history
from news.resources import NewsResource


class NewsStatusFilter(admin.SimpleListFilter):
    title = _("statut")
    parameter_name = "statut"

    def lookups(self, request, model_admin):
        return NewsStatus.choices

    def queryset(self, request, queryset):
        if self.value() == NewsStatus.DRAFT:
            return queryset.filter(is_published=False)
        if self.value() == NewsStatus.SCHEDULED:
            return queryset.scheduled()
        if self.value() == NewsStatus.PUBLISHED:
            return queryset.public()
        return queryset


class NewsItemForm(VersionForm):
    """The news form: an item is published by one or more centres, or by the network."""

    def clean(self):
        cleaned = super().clean()
        is_national = cleaned.get("is_national", self.instance.is_national)
        if not is_national and not cleaned.get("centres") and "centres" not in self.errors:
            message = (
                _("Choisissez le ou les centres qui publient l’actualité.")
                if "is_national" not in self.fields
                else _(
                    "Choisissez le ou les centres qui publient l’actualité, ou cochez "
                    "« réseau national »."
                )
            )
            self.add_error("centres", message)
        return cleaned


PRESENTATION = (
    _("Présentation"),
    {
        "fields": (
            "summary",
            "body",
            "image",
            "image_alt",
            "themes",
            "events",
            "resources",
        ),
        "description": _(
            "L’image est facultative ; avec une image, son texte alternatif est obligatoire."
        ),
    },
)
PUBLICATION = (
    _("Publication"),
    {
        "fields": ("is_published", "published_at"),
        "description": _(
            "Une actualité publiée dont la date est à venir est programmée : elle paraît "
            "d’elle-même à cette date (heure de Paris)."
        ),
    },
)


@admin.register(NewsItem)
class NewsItemAdmin(CentreContentAdmin):
    form = NewsItemForm
    list_display = ("title", "published_at", "status_label", "publishers_label")
    list_filter = (NewsStatusFilter, "is_national", "centres", "themes")
    search_fields = ("title", "summary", "centres__name")
    date_hierarchy = "published_at"
    # Thousands of events and resources: searched by title as one types (their admins'
    # search_fields), newest first; référents link any of them, as they read them on the site.
    autocomplete_fields = ("events", "resources")
    deleted_title = _("Actualités supprimées")
    m2m_history = news_history  # one version per save, with its centres
    fieldsets = (
        (None, {"fields": ("title", "slug")}),
        (_("Qui publie"), {"fields": ("is_national", "centres")}),
        PUBLICATION,
        PRESENTATION,
        (_("Suivi"), {"fields": ("created_at", "updated_at")}),
    )

    resource_classes = (NewsResource,)
    import_title = _("Importer des actualités")
    import_rules = _(
        "chaque ligne suivante décrit une actualité. Une actualité dont l’identifiant existe "
        "déjà est mise à jour, les autres sont créées\u00a0; les actualités absentes du fichier "
        "restent telles quelles. Les images s’ajoutent ensuite dans le formulaire de chacune."
    )
    export_action_label = _("Exporter les actualités sélectionnées")
    export_filename = "actualites-crpv"

    # A référent: the items of their centres (CentreContentAdmin); the network's box is the
    # national team's.
    referent_fieldsets = (
        (None, {"fields": ("title", "slug")}),
        (_("Qui publie"), {"fields": ("centres",)}),
        PUBLICATION,
        PRESENTATION,
    )
    referent_readonly_fields = ()
    referent_links_any = autocomplete_fields
    referent_list_filter = (NewsStatusFilter, "themes")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("centres")

    @admin.display(description=_("statut"))
    def status_label(self, item):
        status = item.status
        if status == NewsStatus.SCHEDULED:
            moment = timezone.localtime(item.published_at)
            return format_html("{} ({})", status.label, moment.strftime("%d/%m/%Y %H:%M"))
        return status.label

    @admin.display(description=_("publiée par"))
    def publishers_label(self, item):
        return ", ".join(item.publishers())
