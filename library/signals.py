"""Keep a resource's facets and search document up to date when its files are saved or
deleted (the admin's inline, code): ``Resource.refresh()``. Many-to-many changes are followed
by the admin's ``save_related`` and the import's ``after_save``, which call it once. A type,
theme or centre whose slug changes renames its facet rows (``rename_facet``): the catalogue's
addresses and counts use the new slug at once."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save


def _file_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from library.models import Resource

    if (resource := Resource.objects.filter(pk=instance.resource_id).first()) is not None:
        resource.refresh()


def _file_deleted(sender, instance, **kwargs):
    # The stored files go with the row: nothing else points to them.
    for field in (instance.file, instance.thumbnail):
        if field:
            field.storage.delete(field.name)
    _file_changed(sender, instance)


def rename_facet(name, old, new):
    """Give the facet ``name`` (« type », « theme », « centre ») of value ``old`` the value
    ``new`` (slugs), its resources' links kept; when a row ``new`` exists already (left by
    an earlier rename), the links move to it and the row ``old`` goes. Two to four queries."""
    from library.models import Facet, Resource

    links = Resource.facets.through
    with transaction.atomic():
        former = Facet.objects.filter(name=name, value=old).first()
        if former is None:
            return
        target = Facet.objects.filter(name=name, value=new).first()
        if target is None:
            Facet.objects.filter(pk=former.pk).update(value=new)
            return
        linked = links.objects.filter(facet=target).values("resource_id")
        links.objects.filter(facet=former).exclude(resource_id__in=linked).update(facet=target)
        former.delete()


def _remember_slug(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk is not None:
        former = sender._default_manager.filter(pk=instance.pk).values_list("slug", flat=True)
        instance._former_slug = former.first()


def _slug_saved(sender, instance, raw=False, **kwargs):
    former = getattr(instance, "_former_slug", None)
    if former and former != instance.slug:
        rename_facet(_FACET_OF[sender], former, instance.slug)


_FACET_OF = {}


def connect():
    from centres.models import Centre, Theme
    from library.models import ResourceFile, ResourceType

    post_save.connect(_file_changed, sender=ResourceFile, dispatch_uid="library-file-saved")
    post_delete.connect(_file_deleted, sender=ResourceFile, dispatch_uid="library-file-deleted")
    _FACET_OF.update({ResourceType: "type", Theme: "theme", Centre: "centre"})
    for model, name in _FACET_OF.items():
        pre_save.connect(_remember_slug, sender=model, dispatch_uid=f"library-slug-{name}")
        post_save.connect(_slug_saved, sender=model, dispatch_uid=f"library-slug-{name}")
