"""The library's file format: the columns of a resource, for the admin's import and export,
``manage.py import_resources`` and the open data (``crpv.spreadsheets``, as
``events/resources.py`` does for the agenda).

``fichiers`` names the resource's files: on import, file names in the folder given to the
command or in the admin's ZIP (``library.importing``), each checked by
``library.documents.inspect``; on export, their download names. The resource itself does
not read that column (``ignored_columns``).
"""

from django.db.models import Prefetch

from centres import territory
from centres.models import Centre
from centres.resources import SlugWidget, ThemesWidget, column
from crpv.content import related
from crpv.spreadsheets.resource import SpreadsheetResource
from crpv.spreadsheets.widgets import ChoiceWidget, DateWidget, SlugsWidget
from events.resources import TypeWidget
from library.models import Licence, Resource, ResourceFile, ResourceType, resource_history

COLUMN_HELP = {
    "identifiant": "l’adresse de la ressource, sa clé : etude-gup-2026 (obligatoire)",
    "titre": "le titre (obligatoire)",
    "type": "un type existant : étude, guide, fiche expérience… (obligatoire)",
    "centres": (
        "identifiants des centres producteurs, séparés par des virgules ; vide pour un travail "
        "du réseau national"
    ),
    "resume": "quelques phrases, en texte simple",
    "themes": "noms de thèmes existants séparés par des virgules",
    "date": "date de publication : JJ/MM/AAAA (obligatoire)",
    "licence": (
        "licence-ouverte, cc-by, cc-by-sa, cc-by-nc-nd ou tous-droits-reserves "
        "(par défaut : licence-ouverte)"
    ),
    "lien": "pour une vidéo ou un podcast publié ailleurs : son adresse, avec https://",
}
COLUMNS = tuple(COLUMN_HELP)
FILES_COLUMN = "fichiers"
FILES_HELP = (
    "noms des fichiers joints, séparés par des virgules : des fichiers de l’archive ZIP "
    "envoyée avec le fichier (avec la commande import_resources, du dossier donné par --files)"
)


class LicenceWidget(ChoiceWidget):
    """A licence by its code or its name; an empty cell is the Licence Ouverte."""

    def __init__(self):
        super().__init__(Licence, unknown="Licence « {value} » inconnue")

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs) or Licence.OPEN


def file_names(cell):
    """Return the file names written in a ``fichiers`` cell (separated by commas or
    semicolons)."""
    return [name.strip() for name in str(cell or "").replace(";", ",").split(",") if name.strip()]


class ResourceResource(SpreadsheetResource):
    """The resources' columns: French header = attribute and widget."""

    identifiant = column("slug", SlugWidget())
    titre = column("title")
    type = column(
        "resource_type",
        TypeWidget(ResourceType, "Indiquez le type de la ressource, par exemple étude."),
    )
    # Producing centres by their identifiant; none: the network's.
    centres = column("centres", SlugsWidget(Centre, "Centre inconnu : {unknown}."))
    resume = column("summary")
    themes = column("themes", ThemesWidget())
    date = column("published_on", DateWidget())
    licence = column("licence", LicenceWidget())
    lien = column("external_url")

    column_help = {**COLUMN_HELP, FILES_COLUMN: FILES_HELP}
    ignored_columns = (FILES_COLUMN,)
    summary_noun = ("ressource", "ressources")
    summary_feminine = True
    title_attribute = "title"
    history = resource_history

    class Meta:
        model = Resource
        fields = import_order = export_order = COLUMNS
        import_id_fields = ("identifiant",)

    @classmethod
    def columns(cls):
        return COLUMNS

    def check_instance(self, resource, cleaned, messages):
        if resource.pk is None and not cleaned.get("centres"):
            resource.is_national = True
        super().check_instance(resource, cleaned, messages)
        resource.normalize()

    def after_save(self, resources):
        """Store the territory (``centres.territory``) and the facets of the resources
        written (bulk writes send no signal and call no ``save()``)."""
        territory.store(Resource.objects.filter(pk__in=[resource.pk for resource in resources]))
        for resource in resources:
            resource.refresh()

    def export(self, queryset=None, export_fields=None, derived=None, **kwargs):
        """The columns, then ``fichiers`` (the files' download names) and what ``derived``
        adds; the files are read from the prefetch."""
        files = {
            FILES_COLUMN: lambda r: ", ".join(f.download_filename for f in related(r, "files"))
        }
        if queryset is not None and hasattr(queryset, "prefetch_related"):
            # Not the files' texts: they can weigh megabytes.
            queryset = queryset.prefetch_related(
                Prefetch(
                    "files",
                    queryset=ResourceFile.objects.only(
                        "resource_id", "name", "file", "format", "position"
                    ),
                )
            )
        return super().export(
            queryset, export_fields=export_fields, derived={**files, **(derived or {})}, **kwargs
        )
