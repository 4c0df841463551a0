from django.core.management.base import BaseCommand, CommandError

from crpv.security import clear_login_counts


class Command(BaseCommand):
    help = (
        "Lève la limite de tentatives de connexion d’un compte ou d’une adresse avant la fin "
        "de sa fenêtre (le blocage de django-axes se lève avec «\u00a0axes_reset_username\u00a0»)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="", help="nom d’utilisateur")
        parser.add_argument("--address", default="", help="adresse IP du client")

    def handle(self, *args, **options):
        if not options["username"] and not options["address"]:
            raise CommandError("Indiquez --username ou --address.")
        clear_login_counts(options["username"], options["address"])
        self.stdout.write("Limite levée.")
