"""The départements an event or a resource concerns, stored beside it.

An event concerns the département where it is held and those its organising centres serve;
a resource, the départements it is about (its départements, its communes') and those its
producing centres serve. Read through three or four joins, that rule made every place search
scan every event and every resource (``benchmarks/README.md``, « Site search »). So each
followed model has a many-to-many field ``territory`` to ``Departement`` (not editable, not in
forms, exports or history), computed from those paths by ``store`` and filtered by its
indexed through table: ``pk IN (SELECT event_id FROM events_event_territory WHERE
departement_id IN …)``.

Kept up to date by signals on every write through the ORM: the object's save (its commune),
its many-to-many fields on the paths (from either side), a centre's départements, a centre's
deletion (its links go without a signal). Bulk writes, which send none, call ``store`` or
``centres_changed`` themselves (the spreadsheet imports' ``after_save``). Not followed: a
commune moved to another département (reference geography, changed by a migration, which
should call ``store``).
"""

from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, Departement
from crpv.content import through_columns

# The field each followed model holds its territory in (``territory_field()``).
FIELD = "territory"


def territory_field() -> models.ManyToManyField:
    """Return the ``territory`` field of a followed model: départements, derived, so not
    editable (no form, export or history shows it), with no reverse accessor."""
    return models.ManyToManyField(
        Departement, related_name="+", blank=True, editable=False, verbose_name=_("territoire")
    )


_FOLLOWED: dict[type, tuple[str, ...]] = {}
_AFTER_STORE: dict[type, object] = {}


def follow(model: type, paths: tuple[str, ...], after_store=None) -> None:
    """Keep ``model``'s ``territory`` (a many-to-many field to ``Departement``) equal to the
    départements reached from its objects by ``paths`` (lookups ending at a département:
    ``"departements"``, ``"commune__departement"``, ``"centres__departements"``), through
    signals. ``after_store(ids)``, if given, is called with the ids (list of int) of the
    objects whose territory was just written, for what is derived from it. Call once, from
    the app's ``ready()``."""
    _FOLLOWED[model] = tuple(paths)
    if after_store is not None:
        _AFTER_STORE[model] = after_store
    uid = f"territory-{model._meta.label_lower}"
    post_save.connect(_saved, sender=model, dispatch_uid=uid)
    for name in {path.split("__")[0] for path in paths}:
        field = model._meta.get_field(name)
        if field.many_to_many:
            m2m_changed.connect(
                _m2m_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}-{name}"
            )
    through = Centre.departements.through
    m2m_changed.connect(_centre_departements_changed, sender=through, dispatch_uid="territory")
    pre_delete.connect(_centre_deleting, sender=Centre, dispatch_uid="territory")
    post_delete.connect(_centre_deleted, sender=Centre, dispatch_uid="territory")


def store(queryset: models.QuerySet, paths: tuple[str, ...] | None = None) -> None:
    """Write again the ``territory`` rows of the objects of ``queryset`` from their
    relations: a query for their ids, then per 500 objects one query per path and a delete,
    and a bulk insert, then the model's ``after_store`` (``follow``); the first query only
    when there are none.

    ``paths``: those given to ``follow`` by default; a data migration, whose models are not
    followed, passes them."""
    model = queryset.model
    paths = _FOLLOWED[model] if paths is None else paths
    through, source, target = through_columns(model, FIELD)
    ids = list(queryset.order_by().values_list("pk", flat=True).distinct())
    if not ids:
        return
    rows = set()
    with transaction.atomic(using=queryset.db):
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            objects = model._default_manager.filter(pk__in=batch).order_by()
            for path in paths:
                rows.update(objects.filter(**{f"{path}__isnull": False}).values_list("pk", path))
            through.objects.filter(**{f"{source}__in": batch}).delete()
        through.objects.bulk_create(
            [through(**{source: pk, target: dep}) for pk, dep in sorted(rows)], batch_size=BATCH
        )
        if model in _AFTER_STORE:
            _AFTER_STORE[model](ids)


BATCH = 500


def centres_changed(centre_ids) -> None:
    """Write again the territory of every followed object linked to the centres
    ``centre_ids`` (their départements changed); for writers that send no signal."""
    centre_ids = list(centre_ids)
    for model in _FOLLOWED:
        for name in _centre_fields(model):
            store(model._default_manager.filter(**{f"{name}__in": centre_ids}))


def _centre_fields(model: type) -> list[str]:
    """Return the names of ``model``'s many-to-many fields to centres that its paths take."""
    names = {path.split("__")[0] for path in _FOLLOWED[model] if "__" in path}
    return [
        name
        for name in sorted(names)
        if model._meta.get_field(name).many_to_many
        and model._meta.get_field(name).related_model._meta.label == "centres.Centre"
    ]


def _saved(sender, instance, raw=False, **kwargs):
    # Fixtures (raw) come without their related rows.
    if not raw:
        store(sender._default_manager.filter(pk=instance.pk))


def _m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        store(type(instance)._default_manager.filter(pk=instance.pk))
    elif model in _FOLLOWED and pk_set:
        # Changed from the other side (a centre's events): each object on this side.
        store(model._default_manager.filter(pk__in=pk_set))


def _centre_departements_changed(sender, instance, action, reverse, **kwargs):
    # Only from the centre's side, as ``Centre.territory_key`` (never changed from the other).
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        centres_changed([instance.pk])


def _centre_deleting(sender, instance, **kwargs):
    # Its links to events and resources are deleted without a signal: note who had them.
    instance._territory_linked = {}
    for model in _FOLLOWED:
        linked = model._default_manager.values_list("pk", flat=True)
        ids = {pk for name in _centre_fields(model) for pk in linked.filter(**{name: instance})}
        instance._territory_linked[model] = sorted(ids)


def _centre_deleted(sender, instance, **kwargs):
    for model, ids in getattr(instance, "_territory_linked", {}).items():
        store(model._default_manager.filter(pk__in=ids))
