"""``manage.py import_events FILE --centre SLUG [--dry-run]``: a centre's calendar (.ics) into
the agenda, all or nothing (``events.ical_import``)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from centres.models import Centre
from crpv.spreadsheets.commands import read_file
from events.ical_import import MAX_FILE_SIZE, CalendarError, import_calendar


class Command(BaseCommand):
    help = (
        "Importe un calendrier iCalendar (.ics) dans l’agenda\u00a0: événements nouveaux en "
        "brouillon, déjà importés mis à jour (même UID), annulés marqués annulés. Tout ou rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Fichier .ics à importer.")
        parser.add_argument(
            "--centre", metavar="SLUG", help="Identifiant du centre organisateur des événements."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Vérifie le fichier sans rien enregistrer."
        )

    def handle(self, *args, file, centre, dry_run, **options):
        if not centre:
            raise CommandError("Indiquez le centre organisateur\u00a0: --centre SLUG.")
        organiser = Centre.objects.filter(slug=centre).first()
        if organiser is None:
            raise CommandError(f"Aucun centre n’a l’identifiant «\u00a0{centre}\u00a0».")
        content = read_file(file, MAX_FILE_SIZE)
        try:
            plan = import_calendar(content, organiser, dry_run=dry_run)
        except CalendarError as error:
            raise CommandError(f"{file.name}\u00a0: {error}") from error

        for row in plan.rows:
            when = ""
            if row.starts_at:
                when = timezone.localtime(row.starts_at).strftime("%d/%m/%Y %H:%M")
            changes = [f"{name}\u00a0→ {value}" for name, value in row.changes]
            details = "; ".join([*row.errors, *row.notes, *changes])
            line = f"ligne {row.line}\t{row.status_label}\t{when}\t{row.title or row.key}"
            stream = self.stderr if row.errors else self.stdout
            stream.write(f"{line}\t{details}" if details else line)
        if not plan.ok:
            raise CommandError(
                f"{len(plan.errors)} événement(s) en erreur\u00a0: aucune modification n’a été "
                "enregistrée."
            )
        prefix = "Essai, rien n’est enregistré\u00a0: " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(prefix + plan.summary))
