from django.core.management.base import BaseCommand

from crpv.roles import ROLES, setup_roles


class Command(BaseCommand):
    help = "Crée ou met à jour les groupes des rôles de l’équipe avec leurs permissions."

    def handle(self, *args, **options):
        created = setup_roles(verbosity=options["verbosity"])
        for name in ROLES:
            status = "créé" if name in created else "à jour"
            self.stdout.write(f"{name}\u00a0: {status}")
