"""The news' file format: the columns of a news item, for the admin's import and export
(``crpv.spreadsheets``, as ``events/resources.py`` does for the agenda and
``library/resources.py`` for the library).

Rows are checked and normalised as the admin's form and ``save()`` do (``check_instance``).
Publication times are read and written in Paris time, as the agenda's. The image is not a
column: it is added in the admin, where it is checked and resized.
"""

from centres.models import Centre
from centres.resources import SlugWidget, ThemesWidget, column
from crpv.spreadsheets.resource import SpreadsheetResource
from crpv.spreadsheets.widgets import SlugsWidget, YesNoWidget
from events.models import Event
from events.resources import DateTimeWidget
from library.models import Resource
from news.models import NewsItem, news_history

COLUMN_HELP = {
    "identifiant": "l’adresse de l’actualité, sa clé : appel-a-projets-2027 (obligatoire)",
    "titre": "le titre (obligatoire)",
    "centres": (
        "identifiants des centres qui publient, séparés par des virgules ; vide pour une "
        "actualité du réseau national"
    ),
    "date": (
        "date et heure de publication, heure de Paris : JJ/MM/AAAA HH:MM (obligatoire) ; une "
        "date à venir programme l’actualité"
    ),
    "publiee": "oui ou non (non : un brouillon, que seule l’équipe voit)",
    "chapo": "une ou deux phrases, en texte simple",
    "texte": "le texte enrichi, en HTML (nettoyé comme celui des pages)",
    "themes": "noms de thèmes existants séparés par des virgules",
    "evenements": "identifiants des événements liés de l’agenda, séparés par des virgules",
    "ressources": "identifiants des ressources liées, séparées par des virgules",
}
COLUMNS = tuple(COLUMN_HELP)


class NewsResource(SpreadsheetResource):
    """The news items' columns: French header = attribute and widget."""

    identifiant = column("slug", SlugWidget())
    titre = column("title")
    centres = column("centres", SlugsWidget(Centre, "Centre inconnu\u00a0: {unknown}."))
    date = column("published_at", DateTimeWidget())
    publiee = column("is_published", YesNoWidget())
    chapo = column("summary")
    texte = column("body")
    themes = column("themes", ThemesWidget())
    evenements = column("events", SlugsWidget(Event, "Événement inconnu\u00a0: {unknown}."))
    ressources = column("resources", SlugsWidget(Resource, "Ressource inconnue\u00a0: {unknown}."))

    column_help = COLUMN_HELP
    summary_noun = ("actualité", "actualités")
    summary_feminine = True
    title_attribute = "title"
    history = news_history

    class Meta:
        model = NewsItem
        fields = import_order = export_order = COLUMNS
        import_id_fields = ("identifiant",)

    def check_instance(self, item, cleaned, messages):
        """An empty ``centres`` cell makes the item the network's (as the library's import
        does); then ``NewsItem.clean()``, and the texts normalised as ``save()`` does."""
        if "centres" in cleaned and not cleaned["centres"]:
            item.is_national = True
        super().check_instance(item, cleaned, messages)
        item.normalize()
