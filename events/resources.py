"""The agenda's file format: the columns of an event, for the admin's import and export and
the open data (``crpv.spreadsheets``, as ``centres/resources.py`` does for the directory).

Rows are checked and normalised as the admin's form and ``save()`` do (``check_instance``).
Dates and times are read and written in Paris time.
"""

import contextlib
import datetime

from django.utils import timezone
from django.utils.functional import cached_property
from import_export import widgets

from centres import territory
from centres.models import Centre
from centres.resources import PostcodeWidget, SlugWidget, ThemesWidget, column
from crpv.spreadsheets.resource import SpreadsheetResource
from crpv.spreadsheets.schema import LIST, table_schema
from crpv.spreadsheets.widgets import (
    ChoiceWidget,
    DateWidget,
    RelatedWidget,
    SlugsWidget,
    YesNoWidget,
)
from crpv.text import fold
from events.models import Audience, Event, EventType, Format, Status, event_history

COLUMN_HELP = {
    "identifiant": "l’adresse de l’événement, sa clé : webinaire-gup-2026 (obligatoire)",
    "titre": "le titre (obligatoire)",
    "type": "un type existant : webinaire, séminaire, atelier… (obligatoire)",
    "centres": "identifiants des centres organisateurs, séparés par des virgules (au moins un)",
    "partenaires": "les autres organisateurs, en texte simple",
    "debut": "date et heure de début, heure de Paris : JJ/MM/AAAA HH:MM (obligatoire)",
    "fin": "date et heure de fin : JJ/MM/AAAA HH:MM (obligatoire)",
    "toute_la_journee": "oui ou non",
    "format": "presentiel, en-ligne ou hybride",
    "lieu": "le nom du lieu",
    "adresse": "adresse postale",
    "code_postal": "code postal, cinq chiffres",
    "commune": "la commune (obligatoire en présentiel ou hybride)",
    "lien_connexion": "pour un événement en ligne ou hybride, avec https://",
    "themes": "noms de thèmes existants séparés par des virgules",
    "publics": "noms de publics existants séparés par des virgules",
    "resume": "une ou deux phrases, en texte simple",
    "description": "le texte enrichi, en HTML (nettoyé comme celui des pages)",
    "inscription_lien": "adresse du formulaire d’inscription, avec https://",
    "inscription_courriel": "adresse électronique d’inscription",
    "inscription_limite": "date limite d’inscription : JJ/MM/AAAA",
    "gratuit": "oui ou non",
    "complet": "oui ou non",
    "statut": "prevu, reporte ou annule",
    "motif": "pour un événement reporté ou annulé : la raison",
    "replay": "après l’événement : le lien du replay ou du compte rendu",
    "publie": "oui ou non",
}
COLUMNS = tuple(COLUMN_HELP)


class DateTimeWidget(widgets.Widget):
    """A date and time in Paris time: JJ/MM/AAAA HH:MM (or HHhMM, or AAAA-MM-JJ HH:MM, or a
    date and time cell of a spreadsheet), written JJ/MM/AAAA HH:MM."""

    FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %Hh%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            moment = value
        else:
            text = " ".join(str(value or "").split())
            if not text:
                raise ValueError("la cellule est vide\u00a0: écrivez JJ/MM/AAAA HH:MM.")
            for fmt in (*self.FORMATS, "%d/%m/%Y", "%Y-%m-%d"):
                with contextlib.suppress(ValueError):
                    moment = datetime.datetime.strptime(text, fmt)
                    break
            else:
                raise ValueError(
                    f"« {text} » n’est pas une date et une heure qui existent\u00a0: "
                    "écrivez JJ/MM/AAAA HH:MM."
                )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


class TypeWidget(widgets.ForeignKeyWidget):
    """A term of an editable list (``crpv.vocabulary.Vocabulary``: a type of event by
    default, or of resource) named by its name or identifiant, without case or accents;
    ``required`` is the French message for an empty cell."""

    def __init__(
        self, model=EventType, required="Indiquez le type de l’événement, par exemple webinaire."
    ):
        super().__init__(model, field="name")
        self.required = required

    @cached_property
    def by_key(self):
        return {fold(key): t for t in self.model.objects.all() for key in (t.name, t.slug)}

    def clean(self, value, row=None, **kwargs):
        text = fold("" if value is None else str(value))
        if not text:
            raise ValueError(self.required)
        if text not in self.by_key:
            known = ", ".join(sorted({t.name for t in self.by_key.values()}))
            raise ValueError(f"Type inconnu : {value}. Types existants : {known}.")
        return self.by_key[text]


class AudiencesWidget(RelatedWidget):
    unknown = "Public inconnu : {unknown}. Publics existants : {known}."

    def __init__(self):
        super().__init__(Audience, field="name")

    def key(self, name):
        return fold(name)

    def sort_key(self, audience):
        return (audience.position, audience.name)


class EventResource(SpreadsheetResource):
    """The events' columns: French header = attribute and widget."""

    identifiant = column("slug", SlugWidget())
    titre = column("title")
    type = column("event_type", TypeWidget())
    centres = column(
        "centres",
        SlugsWidget(
            Centre,
            "Centre inconnu : {unknown}.",
            "Indiquez au moins un centre organisateur, par son identifiant.",
        ),
    )
    partenaires = column("partners")
    debut = column("starts_at", DateTimeWidget())
    fin = column("ends_at", DateTimeWidget())
    toute_la_journee = column("all_day", YesNoWidget())
    format = column("format", ChoiceWidget(Format, unknown="Format « {value} » inconnu"))
    lieu = column("venue")
    adresse = column("street_address")
    code_postal = column("postcode", PostcodeWidget())
    commune = column("city")
    lien_connexion = column("online_url")
    themes = column("themes", ThemesWidget())
    publics = column("audiences", AudiencesWidget())
    resume = column("summary")
    description = column("description")
    inscription_lien = column("registration_url")
    inscription_courriel = column("registration_email")
    inscription_limite = column("registration_deadline", DateWidget())
    gratuit = column("is_free", YesNoWidget())
    complet = column("is_full", YesNoWidget())
    statut = column("status", ChoiceWidget(Status, unknown="Statut « {value} » inconnu"))
    motif = column("status_reason")
    replay = column("replay_url")
    publie = column("is_published", YesNoWidget())

    column_help = COLUMN_HELP
    summary_noun = ("événement", "événements")
    summary_feminine = False
    title_attribute = "title"
    history = event_history

    class Meta:
        model = Event
        fields = import_order = export_order = COLUMNS
        import_id_fields = ("identifiant",)

    def check_instance(self, event, cleaned, messages):
        """Run ``Event.clean()`` (which finds the commune), then normalise the texts as
        ``Event.save()`` does: the import writes in bulk, without it."""
        event.format = event.format or Format.IN_PERSON
        event.status = event.status or Status.SCHEDULED
        super().check_instance(event, cleaned, messages)
        event.normalize()
        event.stamp_publication()  # written by after_save for the events changed
        if event.pk is not None:
            event.sequence += 1  # written by after_save if the row changes the event

    def after_save(self, events):
        """Write what the columns do not hold: the communes found by ``clean()``, the
        sequence raised for the events changed, so that subscribed calendars take them, the
        date of first publication (the feeds' order), and their territory
        (``centres.territory``), since the organisers are written without signals."""
        Event.objects.bulk_update(events, ["commune", "sequence", "published_at"], batch_size=500)
        territory.store(Event.objects.filter(pk__in=[event.pk for event in events]))


# The open data (/agenda/export.csv, .json): the columns of ``OPEN_DATA_COLUMNS`` (all but the
# link to join online, given to those registered, and the publication, always « oui » there),
# then these fields computed from an event: (name, description, value of an event and the
# function that makes a path absolute).
OPEN_DATA_FIELDS = (
    (
        "lien_connexion_public",
        "lien pour suivre l’événement en ligne, quand il est sans inscription",
        lambda e, url: e.public_online_url,
    ),
    (
        "centres_noms",
        "noms des centres organisateurs, séparés par des virgules",
        lambda e, url: ", ".join(c.name for c in e.centres.all()),
    ),
    (
        "departement",
        "code du département du lieu (vide pour un événement en ligne)",
        lambda e, url: e.commune.departement.code if e.commune and e.has_place else "",
    ),
    ("url", "adresse de la page de l’événement", lambda e, url: url(e.get_absolute_url())),
)
EventResource.ignored_columns = tuple(name for name, _d, _v in OPEN_DATA_FIELDS)


def open_data_sheet(events, absolute_url):
    """Return the open data of ``events`` (a queryset, in order) as a Sheet; ``absolute_url``
    turns a path into an absolute address (for the ``url`` field)."""
    derived = {
        name: lambda event, value=value: value(event, absolute_url)
        for name, _description, value in OPEN_DATA_FIELDS
    }
    return EventResource().export(events, export_fields=list(OPEN_DATA_COLUMNS), derived=derived)


# What each column of the open data holds, for its readers (the open-data page and the Table
# Schema): COLUMN_HELP says how to fill a cell for an import.
OPEN_DATA_COLUMNS = {
    "identifiant": "identifiant de l’événement, celui de l’adresse de sa page",
    "titre": "titre",
    "type": "type d’événement\u00a0: webinaire, séminaire, atelier, cycle de qualification…",
    "centres": "identifiants des centres organisateurs (ceux de l’annuaire)",
    "partenaires": "les autres organisateurs, en texte simple",
    "debut": "date et heure de début, heure de Paris (JJ/MM/AAAA HH:MM)",
    "fin": "date et heure de fin, heure de Paris (JJ/MM/AAAA HH:MM)",
    "toute_la_journee": "oui quand seules les dates comptent, pas les heures",
    "format": "presentiel, en-ligne ou hybride",
    "lieu": "nom du lieu",
    "adresse": "adresse postale du lieu",
    "code_postal": "code postal du lieu",
    "commune": "commune du lieu (vide pour un événement en ligne)",
    "themes": "thèmes, ceux de l’annuaire",
    "publics": "publics visés\u00a0: élus, chefs de projet, associations, habitants…",
    "resume": "une ou deux phrases, en texte simple",
    "description": "programme et informations pratiques, en HTML",
    "inscription_lien": "adresse du formulaire d’inscription",
    "inscription_courriel": "adresse électronique pour s’inscrire",
    "inscription_limite": "date limite d’inscription (AAAA-MM-JJ)",
    "gratuit": "oui ou non",
    "complet": "oui quand il n’y a plus de place",
    "statut": "prevu, reporte (reporté) ou annule (annulé)",
    "motif": "pour un événement reporté ou annulé\u00a0: la raison",
    "replay": "après l’événement\u00a0: le lien du replay ou du compte rendu",
}
_DATETIME = {"type": "datetime", "format": "%d/%m/%Y %H:%M", "constraints": {"required": True}}
_YES_NO = {"type": "boolean", "trueValues": ["oui"], "falseValues": ["non"]}
_TYPES = {
    "identifiant": {"constraints": {"required": True, "unique": True, "pattern": "[a-z0-9-]+"}},
    "titre": {"constraints": {"required": True}},
    "type": {"constraints": {"required": True}},
    "centres": {"description_suffix": LIST, "constraints": {"required": True}},
    "debut": _DATETIME,
    "fin": _DATETIME,
    "toute_la_journee": _YES_NO,
    "format": {"constraints": {"required": True, "enum": [choice.value for choice in Format]}},
    "code_postal": {"constraints": {"pattern": "[0-9]{5}"}},
    "themes": {"description_suffix": LIST},
    "publics": {"description_suffix": LIST},
    "inscription_lien": {"format": "uri"},
    "inscription_courriel": {"format": "email"},
    "inscription_limite": {"type": "date"},
    "gratuit": _YES_NO,
    "complet": _YES_NO,
    "statut": {"constraints": {"required": True, "enum": [choice.value for choice in Status]}},
    "replay": {"format": "uri"},
    "lien_connexion_public": {"format": "uri"},
    "centres_noms": {"description_suffix": LIST},
    "departement": {"constraints": {"pattern": "([0-9]{2,3}|2[AB])"}},
    "url": {"format": "uri", "constraints": {"required": True}},
}


def open_data_fields():
    """Return [(name, French description)] of the open data's fields, in the files' order:
    the columns (``OPEN_DATA_COLUMNS``), then the computed ones (``OPEN_DATA_FIELDS``)."""
    computed = [(name, description) for name, description, _value in OPEN_DATA_FIELDS]
    return [*OPEN_DATA_COLUMNS.items(), *computed]


def open_data_schema():
    """Return the Table Schema (a dict, JSON-ready) of ``/agenda/export.csv``."""
    return table_schema(dict(open_data_fields()), _TYPES, ["identifiant"])
