"""Cell widgets: how a spreadsheet cell is read into a model value and written back.

django-import-export widgets with French messages and the writings people actually type:
``oui``/``non``, dates as JJ/MM/AAAA, decimal commas, names of related objects separated by
commas. ``clean`` raises ValueError with a French message; ``render`` returns text (numbers as
``45.76``, dates as JJ/MM/AAAA), which the export formats convert where they need to.
"""

import datetime
import re
from functools import cached_property

from import_export import widgets

from crpv.spreadsheets.formulas import unescape_formula
from crpv.text import fold, has_control_characters, normalize_lines


class TextWidget(widgets.CharWidget):
    """Trimmed text; an empty cell is an empty string, never None. Line breaks of every kind
    are read as ``\\n`` (``crpv.text.normalize_lines``); other control characters are refused.

    Reading drops the apostrophe that exports put before text a spreadsheet would run as a
    formula (``'=HYPERLINK(…)``), so that re-importing an export changes nothing.
    """

    def clean(self, value, row=None, **kwargs):
        text = normalize_lines(unescape_formula("" if value is None else str(value).strip()))
        if has_control_characters(text):
            raise ValueError(
                "la cellule contient un caractère de contrôle invisible (copié d’un autre "
                "logiciel)\u00a0: retapez ce texte."
            )
        return text


class YesNoWidget(widgets.Widget):
    """``oui``/``non`` (and the usual variants). An empty cell is an error: taken as ``non``,
    it would unpublish a centre without a word."""

    TRUE = {"oui", "o", "vrai", "true", "1", "yes", "x"}
    FALSE = {"non", "n", "faux", "false", "0", "no"}

    def clean(self, value, row=None, **kwargs):
        text = fold("" if value is None else str(value))
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        if text == "":
            raise ValueError("la cellule est vide\u00a0: écrivez oui ou non.")
        raise ValueError(f"« {value} » n’est pas une valeur acceptée : écrivez oui ou non.")

    def render(self, value, obj=None, **kwargs):
        return "oui" if value else "non"


class DateWidget(widgets.DateWidget):
    """Dates as JJ/MM/AAAA, JJ/MM/AA or AAAA-MM-JJ (and real dates from spreadsheets), written
    JJ/MM/AAAA. A two-digit year is 2000–2068 or 1969–1999 (Python's rule)."""

    def __init__(self):
        super().__init__()
        # The first is written. JJ/MM/AA is what LibreOffice in French writes when it saves a CSV.
        self.formats = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%d.%m.%y")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        text = value.strip() if isinstance(value, str) else value
        if isinstance(text, str) and re.fullmatch(r"\d{2}-\d{2}-\d{2}", text):
            raise ValueError(
                f"«\u00a0{text}\u00a0» peut se lire de deux façons (JJ-MM-AA ou AA-MM-JJ)\u00a0: "
                "écrivez JJ/MM/AAAA."
            )
        try:
            return super().clean(text, row, **kwargs)
        except ValueError:
            pass
        us = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})", str(text))
        if us and 1 <= int(us[1]) <= 12 < int(us[2]) <= 31:
            # No French date has a month past 12: the spreadsheet wrote this file's dates
            # month first. The file is refused, so its other dates are not misread either.
            raise ValueError(
                f"«\u00a0{text}\u00a0» n’est pas une date française (JJ/MM)\u00a0: le tableur "
                "semble avoir écrit les dates à l’américaine, le mois d’abord. Réglez sa langue "
                "sur le français avant d’enregistrer le CSV, ou importez le fichier XLSX ou ODS."
            )
        raise ValueError(
            f"«\u00a0{text}\u00a0» n’est pas une date\u00a0: écrivez JJ/MM/AAAA, JJ/MM/AA ou "
            "AAAA-MM-JJ."
        )


class IntegerWidget(widgets.Widget):
    """Whole numbers; ``1993.0`` (a spreadsheet's float) reads as 1993."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        text = str(value).strip()
        if re.fullmatch(r"\d+(\.0+)?", text):
            return int(float(text))
        raise ValueError(f"« {text} » n’est pas un nombre entier.")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DecimalWidget(widgets.DecimalWidget):
    """Reads 45.76 or 45,76; writes 45.76 (the export formats localise it if they need to)."""

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else format(value.normalize(), "f")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        try:
            return super().clean(value, row, **kwargs)
        except Exception as error:
            raise ValueError(f"« {value} » n’est pas un nombre décimal.") from error


class ChoiceWidget(widgets.Widget):
    """One of ``choices`` (a TextChoices), by value or label, in any case, with or without
    accents. ``unknown`` is the French message for another value; ``{value}`` is replaced."""

    def __init__(self, choices, unknown="« {value} » n’est pas une valeur acceptée"):
        super().__init__()
        self.choices = choices
        self.unknown = unknown

    @cached_property
    def by_text(self):
        # Labels are translated: read at the first file, not at import time.
        by_label = {fold(str(c.label)): c.value for c in self.choices}
        return {**{fold(c.value): c.value for c in self.choices}, **by_label}

    def clean(self, value, row=None, **kwargs):
        text = fold("" if value is None else str(value))
        if not text:
            return ""
        if text in self.by_text:
            return self.by_text[text]
        accepted = ", ".join(choice.value for choice in self.choices)
        raise ValueError(f"{self.unknown.format(value=value)} ; valeurs acceptées : {accepted}.")

    def render(self, value, obj=None, **kwargs):
        return value or ""


class RelatedWidget(widgets.ManyToManyWidget):
    """Related objects named by their ``field``, separated by commas or semicolons.

    Every object of the model is loaded once per file, not once per row. Subclasses say how a
    name is compared (``key``), which names a cell holds (``names``), how objects are ordered
    when written (``sort_key``) and the French messages: ``required`` for an empty cell (empty
    means none allowed) and ``unknown``, where ``{unknown}`` and ``{known}`` are replaced.
    """

    separators = r"[,;]"
    required = ""
    unknown = "Inconnu : {unknown}."

    def names(self, value):
        """Return the names written in a cell."""
        return [n.strip() for n in re.split(self.separators, str(value or "")) if n.strip()]

    def key(self, name):
        return name

    def sort_key(self, obj):
        return getattr(obj, self.field)

    @cached_property
    def by_key(self):
        return {self.key(getattr(obj, self.field)): obj for obj in self.model.objects.all()}

    def clean(self, value, row=None, **kwargs):
        names = self.names(value)
        if not names and self.required:
            raise ValueError(self.required)
        unknown = [name for name in names if self.key(name) not in self.by_key]
        if unknown:
            known = ", ".join(str(getattr(obj, self.field)) for obj in self.by_key.values())
            raise ValueError(self.unknown.format(unknown=", ".join(unknown), known=known))
        return list(dict.fromkeys(self.by_key[self.key(name)] for name in names))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        # A manager is read with all(); a list or a prefetched queryset as it is.
        items = value.all() if hasattr(value, "get_queryset") else value
        items = sorted(items, key=self.sort_key)
        return ", ".join(str(getattr(item, self.field)) for item in items)

    def render_ids(self, ids):
        """Return the cell naming the objects whose primary keys are ``ids``."""
        by_pk = {obj.pk: obj for obj in self.by_key.values()}
        return self.render([by_pk[pk] for pk in ids if pk in by_pk])


class SlugsWidget(RelatedWidget):
    """Objects of ``model`` named by their identifiant (``slug``), in any case, separated by
    commas or semicolons: a news item's centres, events and resources. ``unknown`` and
    ``required`` are RelatedWidget's French messages. Only the identifiants are loaded, once
    per file."""

    def __init__(self, model, unknown, required=""):
        super().__init__(model, field="slug")
        self.unknown, self.required = unknown, required

    def key(self, name):
        return name.lower()

    @cached_property
    def by_key(self):
        return {self.key(obj.slug): obj for obj in self.model._default_manager.only("pk", "slug")}
