"""``manage.py reindex [--kind KIND]``: rebuild the search index from the objects."""

from django.core.management.base import BaseCommand, CommandError

from crpv.cache import invalidate
from search import index


class Command(BaseCommand):
    help = "Reconstruit l’index de recherche à partir des contenus (tous, ou d’un type)."

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=index.kinds(), help="un seul type de contenu")

    def handle(self, *args, kind=None, **options):
        if not index.kinds():
            raise CommandError("Aucun type de contenu n’est enregistré pour la recherche.")
        written = index.reindex(kind)
        # Results change without a model's save: stored pages must go.
        invalidate()
        self.stdout.write(f"{written} entrée(s) indexée(s).")
