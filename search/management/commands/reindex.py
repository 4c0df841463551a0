"""``manage.py reindex [--kind KIND] [--if-empty]``: rebuild the search index from the
objects (after ``loaddata``, a bulk write that sent no signal, or a change of the rules in
``search.text``)."""

from django.core.management.base import BaseCommand, CommandError

from crpv.cache import invalidate
from search import index
from search.models import Entry


class Command(BaseCommand):
    help = "Reconstruit l’index de recherche à partir des contenus (tous, ou d’un type)."

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=index.kinds(), help="un seul type de contenu")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="seulement les types qui n’ont encore aucune entrée (premier lancement)",
        )

    def handle(self, *args, kind=None, if_empty=False, **options):
        kinds = [kind] if kind else index.kinds()
        if not kinds:
            raise CommandError("Aucun type de contenu n’est enregistré pour la recherche.")
        if if_empty:
            kinds = [k for k in kinds if not Entry.objects.filter(kind=k).exists()]
        written = sum(index.reindex(k) for k in kinds)
        if kinds:
            # Results change without a model's save: stored pages must go.
            invalidate()
        self.stdout.write(f"{written} entrée(s) indexée(s).")
