"""Keep a resource's facets and search document up to date when its files are saved or
deleted (the admin's inline, code): ``Resource.refresh()``. Many-to-many changes are followed
by the admin's ``save_related`` and the import's ``after_save``, which call it once."""

from django.db.models.signals import post_delete, post_save


def _file_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from library.models import Resource

    resource = Resource.objects.filter(pk=instance.resource_id).first()
    if resource is not None:
        resource.refresh()


def _file_deleted(sender, instance, **kwargs):
    # The stored files go with the row: nothing else points to them.
    for field in (instance.file, instance.thumbnail):
        if field:
            field.storage.delete(field.name)
    _file_changed(sender, instance)


def connect():
    from library.models import ResourceFile

    post_save.connect(_file_changed, sender=ResourceFile, dispatch_uid="library-file-saved")
    post_delete.connect(_file_deleted, sender=ResourceFile, dispatch_uid="library-file-deleted")
