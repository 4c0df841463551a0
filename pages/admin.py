from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from crpv.a11y import NamedRowsFormSet
from crpv.concurrency import ConcurrencyAdminMixin
from crpv.history_admin import HistoryAdmin
from pages.models import PLACEHOLDER, Highlight, HomePage, Page, Status

# The hash of the <style> element that django-prose-editor's Tiptap inserts (white-space and
# caret rules). It changes only with the editor's version; the browser test of the page form
# fails on any CSP violation, and Chromium's message then gives the new hash.
EDITOR_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"


class EditorMedia:
    # The editor's French labels, added to the admin's own JavaScript catalogue.
    js = (reverse_lazy("pages:editor_jsi18n"), "pages/admin-editor.js")
    css = {"all": ("pages/admin.css",)}


@admin.register(Page)
class PageAdmin(ConcurrencyAdminMixin, HistoryAdmin):
    list_display = (
        "title",
        "parent",
        "status",
        "menu_position",
        "footer_position",
        "updated_at",
        "site_link",
    )
    list_display_links = ("title",)
    list_filter = ("status", "parent")
    search_fields = ("title", "intro", "body")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("created_at", "updated_at")
    actions = ("publish", "unpublish")
    save_on_top = True
    fieldsets = (
        (_("Contenu"), {"fields": ("title", "intro", "body")}),
        (
            _("Publication"),
            {"fields": ("status", "slug", "parent", ("created_at", "updated_at"))},
        ),
        (
            _("Navigation"),
            {
                "fields": ("menu_position", "footer_position"),
                "description": _(
                    "Les pages publiées apparaissent dans le menu et le pied de page, "
                    "de la plus petite position à la plus grande."
                ),
            },
        ),
        (_("Référencement"), {"fields": ("meta_description",), "classes": ("collapse",)}),
    )

    Media = EditorMedia
    deleted_title = _("Pages supprimées")

    def render_change_form(self, request, context, *args, **kwargs):
        # The editor's import map is an inline <script>: the Content-Security-Policy allows it
        # by this request's nonce, and the editor's own base stylesheet (a <style> element it
        # inserts) by its hash; never by 'unsafe-inline'.
        media = context.get("media")
        if hasattr(media, "with_nonce"):
            context["media"] = media.with_nonce(str(request.csp_nonce))
        response = super().render_change_form(request, context, *args, **kwargs)
        response._csp_update = {"style-src": [EDITOR_STYLE_HASH]}
        return response

    def render_history_view(self, request, template, context, **kwargs):
        # A version opened from the history shows the editor too: same nonce and hash.
        adminform = context.get("adminform")
        if adminform is not None:
            media = self.media + adminform.media
            if hasattr(media, "with_nonce"):
                media = media.with_nonce(str(request.csp_nonce))
            context["media"] = media
        response = super().render_history_view(request, template, context, **kwargs)
        if adminform is not None:
            response._csp_update = {"style-src": [EDITOR_STYLE_HASH]}
        return response

    def view_on_site(self, obj):
        # A direct link (no redirect through the admin), drafts included: staff may preview.
        return obj.get_absolute_url()

    @admin.display(description=_("sur le site"))
    def site_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            obj.get_absolute_url(),
            _("Voir") if obj.is_published else _("Aperçu"),
        )

    @admin.action(description=_("Publier les pages sélectionnées"))
    def publish(self, request, queryset):
        self._set_status(request, queryset, Status.PUBLISHED)

    @admin.action(description=_("Repasser les pages sélectionnées en brouillon"))
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Status.DRAFT)

    def _set_status(self, request, queryset, status):
        count, refused = 0, []
        for page in queryset:  # save() keeps updated_at and the cleaning in one place
            page.status = status
            if status == Status.PUBLISHED and page._adds_placeholders():
                refused.append(page.title)
                continue
            page.save()
            count += 1
        if refused:
            text = _(
                "Non publiées, car elles contiennent encore «\u00a0%(mark)s\u00a0»\u00a0: "
                "%(pages)s."
            )
            values = {"mark": PLACEHOLDER, "pages": ", ".join(refused)}
            self.message_user(request, text % values, messages.WARNING)
        done = ngettext("%(count)d page modifiée.", "%(count)d pages modifiées.", count)
        self.message_user(request, done % {"count": count}, messages.SUCCESS)


class HighlightFormSet(NamedRowsFormSet):
    row_name = _("point fort %(number)s")
    new_row_name = _("nouveau point fort")


class HighlightInline(admin.TabularInline):
    model = Highlight
    formset = HighlightFormSet
    extra = 1
    fields = ("position", "title", "text")


@admin.register(HomePage)
class HomePageAdmin(ConcurrencyAdminMixin, HistoryAdmin):
    inlines = (HighlightInline,)
    concurrency_related = {"highlights": HighlightInline.fields}
    fieldsets = (
        (_("Page d’accueil"), {"fields": ("title", "intro", "highlights_title")}),
        (_("Référencement"), {"fields": ("meta_description",)}),
        (_("Pied de page"), {"fields": ("accessibility_status", "accessibility_page")}),
    )

    def has_add_permission(self, request):
        return not HomePage.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # One row: the list would only ever show it, so go straight to its form.
        home = HomePage.objects.first()
        if home is None:
            return HttpResponseRedirect(reverse("admin:pages_homepage_add"))
        return HttpResponseRedirect(reverse("admin:pages_homepage_change", args=[home.pk]))
