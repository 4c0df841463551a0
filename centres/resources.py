"""The directory's file format, shared by the admin's import/export and the commands.

Columns carry French headers (the ones staff use in their spreadsheets); every value is
checked the way the admin form checks it, and errors are reported in French per column.
"""

import datetime
import re

import tablib
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from import_export import fields, resources, widgets

from centres.formulas import FORMULA_TRIGGERS
from centres.models import Centre, Departement, Theme
from centres.phones import format_national, normalize_phone
from centres.text import fold

COLUMNS = (
    "identifiant",
    "nom",
    "sigle",
    "forme_juridique",
    "structure_porteuse",
    "departements",
    "adresse",
    "code_postal",
    "ville",
    "telephone",
    "telephone_2",
    "email",
    "site_web",
    "themes",
    "annee_creation",
    "annee_labellisation",
    "latitude",
    "longitude",
    "publie",
    "verifie_le",
    "source",
    "description",
)

# What each column holds, shown on the admin's import page (and in the README).
COLUMN_HELP = {
    "identifiant": "l’identifiant du centre, sa clé : labo-cites (obligatoire)",
    "nom": "le nom du centre (obligatoire)",
    "sigle": "son sigle",
    "forme_juridique": "association, gip, portee (portée par une autre structure) ou autre",
    "structure_porteuse": "le nom de la structure qui porte le centre, quand il est « portee »",
    "departements": "codes INSEE séparés par des virgules ou des espaces : 69, 01 ou 2A 2B "
    "(au moins un)",
    "adresse": "adresse postale",
    "code_postal": "code postal existant, cinq chiffres",
    "ville": "ville",
    "telephone": "toute écriture usuelle : 04 78 77 01 43, 0596686452, +596 596 68 64 52",
    "telephone_2": "second numéro, même écriture",
    "email": "adresse électronique",
    "site_web": "adresse du site, avec https://",
    "themes": "noms de thèmes existants séparés par des virgules",
    "annee_creation": "année de création : 1993",
    "annee_labellisation": "année de labellisation",
    "latitude": "en degrés décimaux : 45.7485 (avec la longitude, ou aucune des deux)",
    "longitude": "en degrés décimaux : 4.8467",
    "publie": "oui ou non",
    "verifie_le": "date de la dernière vérification : JJ/MM/AAAA ou AAAA-MM-JJ",
    "source": "d’où viennent les informations",
    "description": "courte présentation, en texte simple (les balises sont gardées telles quelles)",
}

# Columns holding numbers: exports leave them as they are (a longitude may be negative).
NUMERIC_COLUMNS = frozenset({"annee_creation", "annee_labellisation", "latitude", "longitude"})


class TextWidget(widgets.CharWidget):
    """Trimmed text; an empty cell is an empty string, never None.

    Exports prefix text that a spreadsheet would run as a formula with an apostrophe
    (``'=HYPERLINK(…)``); reading such a cell back drops that apostrophe, so that
    re-importing an export changes nothing.
    """

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_TRIGGERS):
            text = text[1:]
        return text


class PostcodeWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs).replace(" ", "")
        if len(text) == 4 and text.isdigit():
            text = "0" + text  # a spreadsheet read 01000 as the number 1000
        return text


class PhoneWidget(widgets.Widget):
    """Reads any usual writing of a phone number, writes the French national form."""

    def clean(self, value, row=None, **kwargs):
        try:
            return normalize_phone("" if value is None else str(value))
        except ValidationError as error:
            raise ValueError(error.messages[0]) from error

    def render(self, value, obj=None, **kwargs):
        return format_national(value)


class YesNoWidget(widgets.Widget):
    TRUE = {"oui", "o", "vrai", "true", "1", "yes", "x"}
    FALSE = {"non", "n", "faux", "false", "0", "no"}

    def clean(self, value, row=None, **kwargs):
        text = fold("" if value is None else str(value))
        if text in self.TRUE:
            return True
        if text in self.FALSE or text == "":
            return False
        raise ValueError(f"« {value} » n’est pas une valeur acceptée : écrivez oui ou non.")

    def render(self, value, obj=None, **kwargs):
        return "oui" if value else "non"


class FrenchDateWidget(widgets.Widget):
    """Dates as JJ/MM/AAAA or AAAA-MM-JJ (and real dates from spreadsheets)."""

    FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        for fmt in self.FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(f"« {text} » n’est pas une date : écrivez JJ/MM/AAAA ou AAAA-MM-JJ.")

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


class IntegerWidget(widgets.Widget):
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


class LegalFormWidget(widgets.Widget):
    """Accepts the stored value or the label, in any case and with or without accents."""

    def __init__(self):
        super().__init__()
        self._by_text = None

    def clean(self, value, row=None, **kwargs):
        from centres.models import LegalForm

        if self._by_text is None:
            self._by_text = {fold(c.value): c.value for c in LegalForm}
            self._by_text.update((fold(str(c.label)), c.value) for c in LegalForm)
        text = fold("" if value is None else str(value))
        if not text:
            return ""
        if text in self._by_text:
            return self._by_text[text]
        accepted = ", ".join(choice.value for choice in LegalForm)
        raise ValueError(f"Forme juridique « {value} » inconnue ; valeurs acceptées : {accepted}.")

    def render(self, value, obj=None, **kwargs):
        return value or ""


class DepartementsWidget(widgets.ManyToManyWidget):
    """INSEE codes separated by commas or spaces: ``69, 01`` or ``2A 2B``."""

    def __init__(self):
        super().__init__(Departement, field="code")
        self._by_code = None

    def clean(self, value, row=None, **kwargs):
        if self._by_code is None:
            # One query for the whole file, not one per row.
            self._by_code = {d.code: d for d in Departement.objects.all()}
        codes = [c for c in re.split(r"[\s,;]+", str(value or "").strip()) if c]
        if not codes:
            raise ValueError("Indiquez au moins un code de département, par exemple 69.")
        found, unknown = [], []
        for code in codes:
            code = code.upper()
            if code.isdigit() and len(code) == 1:
                code = "0" + code  # a spreadsheet dropped the leading zero
            if code in self._by_code:
                found.append(self._by_code[code])
            else:
                unknown.append(code)
        if unknown:
            raise ValueError("Code de département inconnu : " + ", ".join(unknown) + ".")
        return list(dict.fromkeys(found))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        items = value.all() if hasattr(value, "all") else value
        return ", ".join(sorted(d.code for d in items))


class ThemesWidget(widgets.ManyToManyWidget):
    """Theme names separated by commas or semicolons, matched without case or accents."""

    def __init__(self):
        super().__init__(Theme, field="name")
        self._by_name = None

    def clean(self, value, row=None, **kwargs):
        if self._by_name is None:
            self._by_name = {fold(t.name): t for t in Theme.objects.all()}
        names = [n.strip() for n in re.split(r"[,;]", str(value or "")) if n.strip()]
        found, unknown = [], []
        for name in names:
            theme = self._by_name.get(fold(name))
            if theme is None:
                unknown.append(name)
            else:
                found.append(theme)
        if unknown:
            known = ", ".join(t.name for t in self._by_name.values())
            raise ValueError(
                "Thème inconnu : " + ", ".join(unknown) + f". Thèmes existants : {known}."
            )
        return list(dict.fromkeys(found))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        items = value.all() if hasattr(value, "all") else value
        return ", ".join(t.name for t in sorted(items, key=lambda t: (t.position, t.name)))


def text_field(column, attribute):
    return fields.Field(attribute=attribute, column_name=column, widget=TextWidget())


class CentreResource(resources.ModelResource):
    identifiant = text_field("identifiant", "slug")
    nom = text_field("nom", "name")
    sigle = text_field("sigle", "acronym")
    forme_juridique = fields.Field(
        attribute="legal_form", column_name="forme_juridique", widget=LegalFormWidget()
    )
    structure_porteuse = text_field("structure_porteuse", "carrying_structure")
    departements = fields.Field(
        attribute="departements", column_name="departements", widget=DepartementsWidget()
    )
    adresse = text_field("adresse", "street_address")
    code_postal = fields.Field(
        attribute="postcode", column_name="code_postal", widget=PostcodeWidget()
    )
    ville = text_field("ville", "city")
    telephone = fields.Field(attribute="phone", column_name="telephone", widget=PhoneWidget())
    telephone_2 = fields.Field(attribute="phone_2", column_name="telephone_2", widget=PhoneWidget())
    email = text_field("email", "email")
    site_web = text_field("site_web", "website")
    themes = fields.Field(attribute="themes", column_name="themes", widget=ThemesWidget())
    annee_creation = fields.Field(
        attribute="year_created", column_name="annee_creation", widget=IntegerWidget()
    )
    annee_labellisation = fields.Field(
        attribute="year_labelled", column_name="annee_labellisation", widget=IntegerWidget()
    )
    latitude = fields.Field(attribute="latitude", column_name="latitude", widget=DecimalWidget())
    longitude = fields.Field(attribute="longitude", column_name="longitude", widget=DecimalWidget())
    publie = fields.Field(attribute="is_published", column_name="publie", widget=YesNoWidget())
    verifie_le = fields.Field(
        attribute="verified_on", column_name="verifie_le", widget=FrenchDateWidget()
    )
    source = text_field("source", "source")
    description = text_field("description", "description")

    class Meta:
        model = Centre
        fields = COLUMNS
        import_order = COLUMNS
        export_order = COLUMNS
        import_id_fields = ("identifiant",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def get_queryset(self):
        return Centre.objects.prefetch_related("departements", "themes")

    def export(self, queryset=None, **kwargs):
        """Return the centres as a Dataset, in a fixed number of queries.

        django-import-export's loop builds a queryset per centre for each many-to-many cell
        and looks every field up by name for each cell; this one reads the départements and
        themes from plain prefetched lists and renders each cell with the column's widget.
        """
        if queryset is None:
            queryset = Centre.objects.all()
        queryset = queryset.prefetch_related(
            *(Prefetch(name, to_attr=f"export_{name}") for name in ("departements", "themes"))
        )
        columns = self.get_export_fields(kwargs.get("export_fields"))
        dataset = tablib.Dataset(headers=[field.column_name for field in columns])
        # iterator() honours prefetch_related when given a chunk size.
        for centre in queryset.iterator(chunk_size=2000):
            dataset.append(
                [
                    field.widget.render(
                        getattr(centre, f"export_{field.attribute}")
                        if isinstance(field.widget, widgets.ManyToManyWidget)
                        else getattr(centre, field.attribute)
                    )
                    for field in columns
                ]
            )
        return dataset

    def import_instance(self, instance, row, **kwargs):
        """Set the plain fields, and check the many-to-many cells before anything is saved."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [str(error)]
        if errors:
            raise ValidationError(errors)

    def column_for(self, attribute):
        """Return the file column that feeds a model attribute (for error messages)."""
        for field in self.fields.values():
            if field.attribute == attribute:
                return field.column_name
        return attribute
