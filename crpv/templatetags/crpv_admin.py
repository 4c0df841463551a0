from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def row_header(cell):
    """Return a cell of Django's change list (HTML already escaped) with ``scope="row"`` on
    the header cell that names each row, which Django leaves out."""
    if isinstance(cell, SafeString) and cell.startswith("<th ") and "scope=" not in cell:
        return mark_safe('<th scope="row" ' + cell[4:])
    return cell
