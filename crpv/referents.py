"""What a centre's référent may do in the admin, for any content linked to centres.

A référent (``crpv.roles.REFERENTS``) holds ``<app>.change_own_<model>`` instead of
``<app>.change_<model>``: they see and change only the objects that name them through
``referent_lookup`` (``"referents"`` for a centre, ``"centre__referents"`` for content that
belongs to a centre), and only the fields the admin allows them. Another object's address,
typed by hand, answers 404 as if it did not exist. Their history shows the changes but does
not open whole versions nor restore them.

Content that names its centres in a many-to-many field (``referent_centres_field``, an
event's organisers) may also be added by a référent holding ``<app>.add_<model>`` and deleted
with ``<app>.delete_own_<model>``: the field then offers their own centres only, and the
other centres already named are kept when they save.

Content that may link to any object of another model (a news item to any event or resource,
as its référent reads them on the site) names those fields in ``referent_links_any``; the
admin's autocomplete of such a field then lists every object of that model to a référent, not
only their centres'. Opening or changing them stays as above.
"""

from django.apps import apps
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.http import Http404

# The référent lookup of content that names its centres in a ``centres`` many-to-many field
# (events, resources, news): its centres' référents.
CENTRES_REFERENTS = "centres__referents"


def may_change(user, obj, referent_lookup="referents"):
    """Return whether ``user`` may change ``obj`` (a model instance): with the model's change
    permission, or as one of its référents (``<app>.change_own_<model>`` and ``obj`` naming them
    through ``referent_lookup``). What a preview of an unpublished object requires."""
    opts = obj._meta
    if not (user.is_active and user.is_staff):
        return False
    if user.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}"):
        return True
    if not user.has_perm(f"{opts.app_label}.change_own_{opts.model_name}"):
        return False
    return type(obj)._default_manager.filter(pk=obj.pk, **{referent_lookup: user}).exists()


def visible_or_404(user, obj, is_visible, referent_lookup="referents"):
    """Raise ``Http404`` unless ``obj`` is visible to the public (``is_visible``, a bool) or
    ``user`` may change it (``may_change``, with ``referent_lookup``): staff preview a draft,
    visitors get the same 404 as for a missing object."""
    if not is_visible and not may_change(user, obj, referent_lookup):
        raise Http404


class ReferentAdminMixin:
    """Put before the ModelAdmin (or HistoryAdmin) in the bases.

    Set ``referent_lookup`` (from the object to the users who are its référents),
    ``referent_form``, ``referent_fieldsets``, ``referent_readonly_fields``,
    ``referent_list_filter`` and ``referent_prepopulated_fields``: what a référent gets
    instead of the full screens; ``referent_centres_field`` for content they may add;
    ``referent_links_any``, the autocomplete fields whose choices are every object.
    """

    referent_lookup = "referents"
    referent_form = None
    referent_fieldsets = None
    referent_readonly_fields = ()
    referent_list_filter = ()
    referent_centres_field = None
    referent_prepopulated_fields = {}
    referent_links_any = ()

    def is_referent_only(self, request):
        """Return whether the user may change only the objects they are the référent of."""
        opts, user = self.opts, request.user
        return not user.has_perm(
            f"{opts.app_label}.{get_permission_codename('change', opts)}"
        ) and user.has_perm(f"{opts.app_label}.change_own_{opts.model_name}")

    def _is_own(self, request, obj):
        return (
            obj is None
            or type(obj)
            ._default_manager.filter(pk=obj.pk, **{self.referent_lookup: request.user})
            .exists()
        )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.is_referent_only(request) and not self._links_any(request):
            queryset = queryset.filter(**{self.referent_lookup: request.user}).distinct()
        return queryset

    def _links_any(self, request):
        """Return whether ``request`` is the admin's autocomplete of a field that a référent
        may fill with any object of this model (its admin's ``referent_links_any``)."""
        match = request.resolver_match
        if match is None or match.view_name != f"{self.admin_site.name}:autocomplete":
            return False
        try:
            source = apps.get_model(request.GET["app_label"], request.GET["model_name"])
        except (KeyError, LookupError, ValueError):
            return False
        source_admin = self.admin_site._registry.get(source)
        return request.GET.get("field_name") in getattr(source_admin, "referent_links_any", ())

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and self.is_referent_only(request):
            raise Http404
        return obj

    def has_view_permission(self, request, obj=None):
        if self.is_referent_only(request):
            return self._is_own(request, obj)
        return super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if self.is_referent_only(request):
            return self._is_own(request, obj)
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        opts = self.opts
        if self.is_referent_only(request) and request.user.has_perm(
            f"{opts.app_label}.delete_own_{opts.model_name}"
        ):
            return self._is_own(request, obj)
        return super().has_delete_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == self.referent_centres_field and self.is_referent_only(request):
            kwargs["queryset"] = db_field.related_model._default_manager.filter(
                referents=request.user
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # The centres a référent cannot choose (another centre co-organising) stay named.
        kept = []
        if change and self.referent_centres_field and self.is_referent_only(request):
            kept = list(getattr(obj, self.referent_centres_field).exclude(referents=request.user))
        super().save_model(request, obj, form, change)
        obj._referent_kept_centres = kept

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if kept := getattr(form.instance, "_referent_kept_centres", None):
            getattr(form.instance, self.referent_centres_field).add(*kept)

    def revert_disabled(self, request, obj=None):
        # A référent reads the history; restoring is for the managers.
        return self.is_referent_only(request) or super().revert_disabled(request, obj)

    def history_view(self, request, object_id, extra_context=None):
        if self.is_referent_only(request):
            extra_context = {"open_versions": False, **(extra_context or {})}
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A whole version's form (with the fields they cannot change) is for the managers.
        if self.is_referent_only(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self.is_referent_only(request) and self.referent_form is not None:
            kwargs["form"] = self.referent_form
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if self.is_referent_only(request) and self.referent_fieldsets is not None:
            return self.referent_fieldsets
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if self.is_referent_only(request):
            return self.referent_readonly_fields
        return super().get_readonly_fields(request, obj)

    def get_prepopulated_fields(self, request, obj=None):
        if self.is_referent_only(request):
            return self.referent_prepopulated_fields
        return super().get_prepopulated_fields(request, obj)

    def has_recover_permission(self, request):
        # Deleted objects are listed whatever their centre: recovering is for the managers.
        if self.is_referent_only(request):
            return False
        return super().has_recover_permission(request)

    def get_list_filter(self, request):
        if self.is_referent_only(request):
            return self.referent_list_filter
        return super().get_list_filter(request)
