"""The directory's file format: columns, cell widgets and import rules of the centres.

One resource (``CentreResource``) serves the admin's import and export, both commands and the
public open data, which adds the fields of ``OPEN_DATA_FIELDS`` after the columns. Headers are
the French ones staff use in their spreadsheets; every value is checked the way the admin form
checks it, and errors are reported in French per column (``crpv.spreadsheets``).
"""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.core.exceptions import ValidationError
from import_export.fields import Field

from centres import territory
from centres.models import Centre, Commune, Departement, LegalForm, Theme, centre_history
from centres.phones import format_national, normalize_phone, region_for, regions_of
from centres.search import centre_position
from crpv.content import related
from crpv.spreadsheets.resource import SpreadsheetResource
from crpv.spreadsheets.schema import LIST
from crpv.spreadsheets.schema import table_schema as build_table_schema
from crpv.spreadsheets.widgets import (
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    RelatedWidget,
    TextWidget,
    YesNoWidget,
)
from crpv.spreadsheets.write import JSON, GeoJSON
from crpv.text import fold

# What each column holds, in the file's order, shown on the admin's import page (and in the
# README).
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
    "latitude": "en degrés décimaux : 45.7485 (avec la longitude, ou aucune des deux ; "
    "7 décimales au plus, arrondies à 5, environ un mètre)",
    "longitude": "en degrés décimaux : 4.8467 (7 décimales au plus, arrondies à 5)",
    "publie": "oui ou non",
    "verifie_le": "date de la dernière vérification : JJ/MM/AAAA, JJ/MM/AA ou AAAA-MM-JJ",
    "source": "d’où viennent les informations",
    "description": "courte présentation, en texte simple (les balises sont gardées telles quelles)",
}
COLUMNS = tuple(COLUMN_HELP)


class SlugWidget(TextWidget):
    """An identifiant, compared without case or accents: ``LABO-CITÉS`` is ``labo-cites``."""

    def clean(self, value, row=None, **kwargs):
        text = unicodedata.normalize("NFKD", super().clean(value, row, **kwargs))
        return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


class CoordinateWidget(DecimalWidget):
    """Decimal degrees with up to 7 decimals (what mapping tools copy), rounded to the 5 kept
    (about a metre)."""

    def clean(self, value, row=None, **kwargs):
        number = super().clean(value, row, **kwargs)
        if number is None:
            return None
        if -number.as_tuple().exponent > 7:
            raise ValueError(f"« {value} » a trop de décimales\u00a0: 7 au plus.")
        return number.quantize(Decimal("0.00001"), rounding=ROUND_HALF_UP)


class PostcodeWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        # Any space, the non-breaking and thin ones that word processors insert included.
        text = re.sub(r"\s", "", super().clean(value, row, **kwargs))
        if len(text) == 4 and text.isdigit():
            text = "0" + text  # a spreadsheet read 01000 as the number 1000
        return text


class PhoneWidget(TextWidget):
    """Reads any usual writing of a phone number, writes the French national form.

    A number typed as a number loses its leading 0 in a spreadsheet (596686452): the 0 is put
    back when the row's départements make the territory certain (Martinique for 0596…), the
    cell refused otherwise, saying how to type it.
    """

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if re.fullmatch(r"[1-9]\d{8}", text):
            text = self._leading_zero(text, row or {})
        try:
            return normalize_phone(text)
        except ValidationError as error:
            raise ValueError(error.messages[0]) from error

    @staticmethod
    def _leading_zero(digits, row):
        national = "0" + digits
        codes = DepartementsWidget().names(row.get("departements", ""))
        if region_for(national) in regions_of(codes):
            return national
        raise ValueError(
            f"« {digits} » a perdu son 0 initial\u00a0: le tableur l’a lu comme un nombre. "
            f"Écrivez-le comme du texte, précédé d’une apostrophe\u00a0: '{national}."
        )

    def render(self, value, obj=None, **kwargs):
        return format_national(value)


class DepartementsWidget(RelatedWidget):
    """INSEE codes separated by commas or spaces: ``69, 01`` or ``2A 2B``."""

    required = "Indiquez au moins un code de département, par exemple 69."
    unknown = "Code de département inconnu : {unknown}."

    def __init__(self):
        super().__init__(Departement, field="code")

    def names(self, value):
        codes = [c.upper() for c in re.split(r"[\s,;]+", str(value or "").strip()) if c]
        # A single digit: a spreadsheet dropped the leading zero.
        return ["0" + c if c.isdigit() and len(c) == 1 else c for c in codes]


class ThemesWidget(RelatedWidget):
    """Theme names separated by commas or semicolons, matched without case or accents."""

    unknown = "Thème inconnu : {unknown}. Thèmes existants : {known}."

    def __init__(self):
        super().__init__(Theme, field="name")

    def key(self, name):
        return fold(name)

    def sort_key(self, theme):
        return (theme.position, theme.name)


def column(attribute, widget=None):
    return Field(attribute=attribute, widget=widget or TextWidget())


class CentreResource(SpreadsheetResource):
    """The centres' columns: French header = attribute and widget."""

    identifiant = column("slug", SlugWidget())
    nom = column("name")
    sigle = column("acronym")
    forme_juridique = column(
        "legal_form", ChoiceWidget(LegalForm, unknown="Forme juridique « {value} » inconnue")
    )
    structure_porteuse = column("carrying_structure")
    departements = column("departements", DepartementsWidget())
    adresse = column("street_address")
    code_postal = column("postcode", PostcodeWidget())
    ville = column("city")
    telephone = column("phone", PhoneWidget())
    telephone_2 = column("phone_2", PhoneWidget())
    email = column("email")
    site_web = column("website")
    themes = column("themes", ThemesWidget())
    annee_creation = column("year_created", IntegerWidget())
    annee_labellisation = column("year_labelled", IntegerWidget())
    latitude = column("latitude", CoordinateWidget())
    longitude = column("longitude", CoordinateWidget())
    publie = column("is_published", YesNoWidget())
    verifie_le = column("verified_on", DateWidget())
    source = column("source")
    description = column("description")

    column_help = COLUMN_HELP
    summary_noun = ("centre", "centres")
    summary_feminine = False
    # The phone widgets already ran PhoneField's normalisation (normalize_phone), the
    # slowest check of a row: running it again on the E.164 result would change nothing.
    checked_by_widgets = ("phone", "phone_2")
    history = centre_history

    class Meta:
        model = Centre
        fields = import_order = export_order = COLUMNS
        import_id_fields = ("identifiant",)

    def after_save(self, centres):
        """Sort the centres written into the directory's order (their ``territory_key``), and
        write again the territory of their events and resources (``centres.territory``):
        the départements are written without signals."""
        ids = [centre.pk for centre in centres]
        Centre.objects.filter(pk__in=ids).update_territory_keys()
        territory.centres_changed(ids)

    @cached_property
    def postcodes(self):
        """Return every commune's postcode, loaded once per file."""
        return {
            code
            for codes in Commune.objects.values_list("postcodes", flat=True)
            for code in codes.split()
        }

    def check_instance(self, centre, cleaned, messages):
        """Run ``Centre.clean()``, but check the postcode against every postcode loaded once
        (the model looks each one up with a query), with the model's message."""
        postcode, centre.postcode = centre.postcode, ""
        try:
            super().check_instance(centre, cleaned, messages)
        finally:
            centre.postcode = postcode
        if postcode and "postcode" not in messages and "postcode" in cleaned:
            if postcode not in self.postcodes:
                messages["postcode"] = [f"Le code postal {postcode} n’existe pas."]


# The open data: the columns, then these fields computed from a centre loaded with
# ``Centre.objects.for_display()``: (name, description, value of a centre and the function
# that makes a path absolute).
LICENCE = "Licence Ouverte / Open Licence 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
OPEN_DATA_FIELDS = (
    (
        "departements_noms",
        "noms des départements desservis, séparés par des virgules",
        lambda c, url: ", ".join(
            d.name for d in sorted(related(c, "departements"), key=lambda d: d.code)
        ),
    ),
    (
        "regions",
        "régions des départements desservis, séparées par des virgules",
        lambda c, url: ", ".join(r.name for r in c.regions),
    ),
    (
        "outre_mer",
        "oui si le centre sert un département d’outre-mer",
        lambda c, url: "oui" if c.is_overseas else "non",
    ),
    (
        "telephone_international",
        "téléphone au format international (+33…, +596…)",
        lambda c, url: c.phone,
    ),
    (
        "url",
        "adresse de la page du centre sur le portail",
        lambda c, url: url(c.get_absolute_url()),
    ),
    (
        "position_latitude",
        "latitude (degrés décimaux, WGS84) de la position du centre : celle de son adresse, "
        "sinon un point à l’intérieur de sa commune",
        lambda c, url: _coordinate(centre_position(c)[0]),
    ),
    (
        "position_longitude",
        "longitude de la même position",
        lambda c, url: _coordinate(centre_position(c)[1]),
    ),
    (
        "precision",
        "précision de la position : adresse (placée par l’équipe) ou commune (un point de la "
        "commune de l’adresse, pas l’adresse elle-même)",
        lambda c, url: centre_position(c)[2],
    ),
)
# Yes/no fields, true/false in JSON and GeoJSON.
BOOLEAN_FIELDS = ("publie", "outre_mer")


def _coordinate(value):
    return "" if value is None else str(value)


# The open data's file is imported back as it is: its derived fields are not read.
CentreResource.ignored_columns = tuple(name for name, _description, _value in OPEN_DATA_FIELDS)


def open_data_sheet(centres, absolute_url):
    """Return the open data of ``centres`` (a list, in order) as a Sheet.

    ``absolute_url`` turns a path into an absolute address (for the ``url`` field).
    """
    derived = {
        name: lambda centre, value=value: value(centre, absolute_url)
        for name, _description, value in OPEN_DATA_FIELDS
    }
    # E.164, validated by the model: never text a spreadsheet could run.
    sheet = CentreResource().export(centres, derived=derived, verbatim={"telephone_international"})
    sheet.numbers = sheet.numbers | {"position_latitude", "position_longitude"}
    return sheet


class OpenDataValues:
    """For JSON and GeoJSON: true/false for the yes/no fields, null for an empty cell."""

    def items(self, headers, rows):
        items = super().items(headers, rows)
        for item in items:
            for key, value in item.items():
                if value in ("", None):
                    item[key] = None
                elif key in BOOLEAN_FIELDS:
                    item[key] = value == "oui"
        return items


class OpenDataJSON(OpenDataValues, JSON):
    """The open data's JSON."""


class OpenDataGeoJSON(OpenDataValues, GeoJSON):
    """The open data's GeoJSON: a point for every centre whose position is known."""

    latitude = "position_latitude"
    longitude = "position_longitude"


# The CSV's fields for the Table Schema (crpv.spreadsheets.schema).
_TYPES = {
    "identifiant": {"constraints": {"required": True, "unique": True, "pattern": "[a-z0-9-]+"}},
    "nom": {"constraints": {"required": True}},
    "forme_juridique": {"constraints": {"enum": [choice.value for choice in LegalForm]}},
    "departements": {"description_suffix": LIST, "constraints": {"required": True}},
    "code_postal": {"constraints": {"pattern": "[0-9]{5}"}},
    "email": {"format": "email"},
    "site_web": {"format": "uri"},
    "themes": {"description_suffix": LIST},
    "annee_creation": {"type": "integer"},
    "annee_labellisation": {"type": "integer"},
    "latitude": {"type": "number", "constraints": {"minimum": -90, "maximum": 90}},
    "longitude": {"type": "number", "constraints": {"minimum": -180, "maximum": 180}},
    "publie": {"type": "boolean", "trueValues": ["oui"], "falseValues": ["non"]},
    "verifie_le": {"type": "date"},
    "departements_noms": {"description_suffix": LIST},
    "regions": {"description_suffix": LIST},
    "outre_mer": {"type": "boolean", "trueValues": ["oui"], "falseValues": ["non"]},
    "url": {"format": "uri"},
    "position_latitude": {"type": "number", "constraints": {"minimum": -90, "maximum": 90}},
    "position_longitude": {"type": "number", "constraints": {"minimum": -180, "maximum": 180}},
    "precision": {"constraints": {"enum": ["adresse", "commune"]}},
}


def table_schema():
    """Return the Table Schema (a dict, JSON-ready) of the open data's CSV: every column of
    the resource, then the derived fields, each with its type and its French description."""
    descriptions = {
        **COLUMN_HELP,
        **{name: description for name, description, _value in OPEN_DATA_FIELDS},
    }
    return build_table_schema(descriptions, _TYPES, ["identifiant"])
