"""No edit silently lost: optimistic concurrency for the admin's change forms.

When a change form is opened, a hidden field (``EDIT_TOKEN``) receives a signed snapshot of
what the form shows: its model fields, many-to-many ones included, and the rows of its inlines
(``concurrency_related``). On save, the object's row is locked (``SELECT … FOR UPDATE`` where
the database has it) and its state read again: if it differs from the snapshot, someone saved
in between, and the save is refused with a French message listing, field by field, the value
the form was opened with and the value saved since. Nothing is written.

To help the person merge, the fields they had left alone take the value saved since; the fields
both changed keep their entry, listed as conflicts. The hidden field then holds the new state,
so a second save, after they have checked, goes through.

Any ModelAdmin: put ``ConcurrencyAdminMixin`` first in its bases (it adds its field to the
form that the other mixins chose); ``templates/admin/change_form.html`` draws the field.
"""

import datetime
import decimal
import html
import re

from django import forms
from django.core import signing
from django.core.exceptions import FieldDoesNotExist
from django.db import models, router, transaction
from django.db.models.fields.files import FieldFile
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

EDIT_TOKEN = "edit_token"
TOKEN_SALT = "crpv.concurrency"
SHOWN_LENGTH = 120


def _plain(value):
    """Return ``value`` as JSON-ready data that compares equal for equal field values."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):  # an image or a file: its stored name
        return value.name or ""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    return value


def object_state(instance, field_names, related=None):
    """Return what the form shows of ``instance``: ``{field name: plain value}``.

    ``field_names``: the form's model fields (others are ignored). A many-to-many field gives
    the sorted primary keys; a foreign key its primary key. ``related`` maps a reverse relation
    (an inline's) to the field names of its rows: each gives ``[[pk, values…], …]`` by pk.
    """
    opts = type(instance)._meta
    state = {}
    for name in field_names:
        try:
            field = opts.get_field(name)
        except FieldDoesNotExist:  # a form field that is no model field (a confirmation box)
            continue
        if field.many_to_many:
            state[name] = sorted(getattr(instance, name).values_list("pk", flat=True))
        elif field.concrete:
            state[name] = _plain(getattr(instance, field.attname))
    for relation, names in (related or {}).items():
        rows = getattr(instance, relation).order_by("pk").values_list("pk", *names)
        state[relation] = [[_plain(v) for v in row] for row in rows]
    return state


def _shown(model, name, value, related=None):
    """Return one state value the way the admin shows it, in French, cut short."""
    field = model._meta.get_field(name)
    if related and name in related:
        rows = [" / ".join(str(v) for v in row[1:] if v not in ("", None)) for row in value or []]
        text = "\u00a0; ".join(rows) or _("(aucun)")
        plural = field.related_model._meta.verbose_name_plural
        return Truncator(f"{len(rows)} {plural}\u00a0: {text}").chars(SHOWN_LENGTH)
    if value in (None, "", []):
        return _("(vide)")
    if field.many_to_many or field.many_to_one:
        objects = field.related_model._default_manager.filter(
            pk__in=value if field.many_to_many else [value]
        )
        return Truncator(", ".join(sorted(str(o) for o in objects))).chars(SHOWN_LENGTH)
    if field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("oui") if value else _("non")
    display = getattr(field, "display_value", None)
    if display is not None:
        return display(value)
    if isinstance(field, models.DateTimeField):
        moment = timezone.localtime(datetime.datetime.fromisoformat(value))
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    text = html.unescape(re.sub(r"<[^>]+>", " ", str(value)))
    return Truncator(" ".join(text.split())).chars(SHOWN_LENGTH)


class ConcurrencyFormMixin(forms.Form):
    """A ModelForm that refuses to save over a state it was not opened on (see the module).

    Set ``concurrency_related`` (``{reverse relation: field names}``) for inlines' rows.
    """

    concurrency_related = {}

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self._is_checked() and not self.is_bound:
            self.initial[EDIT_TOKEN] = signing.dumps(
                self._state(self.instance), salt=TOKEN_SALT, compress=True
            )

    def _is_checked(self):
        # Not for a new object, nor for a version from the history (a restore is deliberate).
        return self.instance.pk is not None and not hasattr(self.instance, "_history")

    def _state(self, instance):
        names = [n for n in self.fields if n != EDIT_TOKEN]
        return object_state(instance, names, self.concurrency_related)

    def clean(self):
        cleaned_data = super().clean()
        # A post without the field (a script, not the admin's form) is not checked.
        if not self._is_checked() or self.add_prefix(EDIT_TOKEN) not in self.data:
            return cleaned_data
        model = type(self.instance)
        # Locked until the save commits (the admin's change view is one transaction).
        rows = model._default_manager.filter(pk=self.instance.pk)
        if transaction.get_connection(router.db_for_write(model)).in_atomic_block:
            rows = rows.select_for_update()
        current = rows.first()
        if current is None:
            return cleaned_data
        now = self._state(current)
        try:
            opened = signing.loads(self.data[self.add_prefix(EDIT_TOKEN)], salt=TOKEN_SALT)
        except signing.BadSignature:
            opened = None
        if opened != now:
            self._refuse(current, opened or {}, now)
        return cleaned_data

    def _refuse(self, current, opened, now):
        model = type(current)
        data = self.data.copy()
        data[self.add_prefix(EDIT_TOKEN)] = signing.dumps(now, salt=TOKEN_SALT, compress=True)
        messages = [self._who(current)]
        if not opened:
            unknown = _(
                "Le formulaire ne dit pas dans quel état vous avez ouvert la fiche\u00a0: "
                "comparez avec l’état enregistré, puis enregistrez à nouveau."
            )
            messages.append(unknown)
        for name, value in now.items():
            if name not in opened or opened[name] == value:
                continue
            label = (
                capfirst(model._meta.get_field(name).related_model._meta.verbose_name_plural)
                if name in self.concurrency_related
                else capfirst(model._meta.get_field(name).verbose_name)
            )
            before = _shown(model, name, opened[name], self.concurrency_related)
            after = _shown(model, name, value, self.concurrency_related)
            # An inline's rows always count as changed by you: never taken into the form.
            if self._changed_by_you(name, opened[name]):
                note = _("vous l’avez modifié aussi\u00a0: gardez la bonne valeur")
            else:
                self._take(data, name, value)
                note = _("repris dans le formulaire")
            line = _(
                "%(label)s\u00a0: «\u00a0%(before)s\u00a0» → «\u00a0%(after)s\u00a0» (%(note)s)."
            )
            messages.append(line % {"label": label, "before": before, "after": after, "note": note})
        messages.append(
            _("Rien n’a été enregistré. Vérifiez le formulaire, puis enregistrez à nouveau.")
        )
        self.data = data
        raise forms.ValidationError(messages, code="stale")

    def _who(self, current):
        history = getattr(current, "history", None)
        record = history.select_related("history_user").first() if history is not None else None
        if record is None or record.history_user is None:
            return _("Cette fiche a été modifiée depuis que vous l’avez ouverte.")
        user = record.history_user
        date = formats.date_format(timezone.localtime(record.history_date), "SHORT_DATETIME_FORMAT")
        text = _(
            "Cette fiche a été modifiée par %(user)s le %(date)s, depuis que vous l’avez ouverte."
        )
        return text % {"user": user.get_full_name() or user.get_username(), "date": date}

    def _changed_by_you(self, name, opened_value):
        """Return whether the submitted value of field ``name`` differs from the opened one."""
        if name not in self.fields or name in self.concurrency_related or name in self.errors:
            return True
        value = self.cleaned_data.get(name)
        field = type(self.instance)._meta.get_field(name)
        if field.many_to_many:
            return sorted(o.pk for o in value or []) != opened_value
        if not field.many_to_one:
            try:
                value = field.to_python(value)
            except Exception:
                return True
        value, opened_value = (
            v.strip() if isinstance(v, str) else v for v in (_plain(value), opened_value)
        )
        return value != opened_value and not (value in ("", None) and opened_value in ("", None))

    def _take(self, data, name, value):
        """Put the state ``value`` of field ``name`` into the submitted ``data``."""
        key = self.add_prefix(name)
        field = type(self.instance)._meta.get_field(name)
        if field.many_to_many:
            data.setlist(key, [str(pk) for pk in value])
        elif isinstance(field, models.BooleanField) and not value:
            data.pop(key, None)
        else:
            data[key] = "on" if value is True else "" if value is None else str(value)


class ConcurrencyAdminMixin:
    """Give a ModelAdmin's change form the stale-save check (see the module).

    ``concurrency_related``: ``{reverse relation: field names}`` of the inlines shown.
    """

    concurrency_related = {}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return form
        # The hidden field is declared on the mixin, so the form has it whatever its fields;
        # templates/admin/change_form.html draws it after the fieldsets.
        return type(
            form.__name__,
            (ConcurrencyFormMixin, form),
            {"concurrency_related": self.concurrency_related, "__module__": __name__},
        )
