"""Accessible names for form fields the admin draws without a <label>.

A tabular inline (the home page's highlights) and the fields edited in a list (the themes'
positions) are drawn as table cells under a column header: each field then needs a name of its
own, « Titre (point fort 2) », and a help text that the page does not draw must not be pointed
to by ``aria-describedby`` (Django adds it whenever a field has help text).
"""

from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet
from django.utils.text import capfirst
from django.utils.translation import gettext as _


def name_row_fields(form, row):
    """Give each visible field of ``form`` an ``aria-label`` naming its column and ``row`` (a
    French phrase such as « point fort 2 »); its help text becomes the field's ``title``."""
    for name, field in form.fields.items():
        if field.widget.is_hidden:
            continue
        label = _("Supprimer") if name == DELETION_FIELD_NAME else capfirst(field.label or name)
        field.widget.attrs["aria-label"] = f"{label} ({row})"
        if field.help_text:
            field.widget.attrs.setdefault("title", str(field.help_text))
            field.help_text = ""


class NamedRowsFormSet(BaseInlineFormSet):
    """The formset of a tabular inline whose fields are named after their row
    (``name_row_fields``): set ``row_name``, a French phrase with ``%(number)s`` (« point
    fort %(number)s », counted from 1), and ``new_row_name`` for the empty form added by
    the page's script (« nouveau point fort »)."""

    row_name = ""
    new_row_name = ""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = self.new_row_name if index is None else self.row_name % {"number": index + 1}
        name_row_fields(form, str(row))


class NamedListFieldsMixin:
    """For a ModelAdmin with ``list_editable``: each field edited in the list is named after
    its column and its row's object (« Position (Cohésion sociale) »)."""

    def get_changelist_form(self, request, **kwargs):
        form = super().get_changelist_form(request, **kwargs)

        def __init__(self, *args, **kwargs):
            form.__init__(self, *args, **kwargs)
            name_row_fields(self, str(self.instance))

        return type(form.__name__, (form,), {"__init__": __init__})
