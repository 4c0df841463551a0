"""``make superuser``: create an administrator account, asking in French.

Django's ``createsuperuser`` mixes languages in its prompts (« Username (leave blank…) »,
« Password (again) »). This asks the same questions in French, checks the password with the
project's validators (their messages are French) and puts the account in the
« Administrateurs du réseau » role as well.
"""

import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from crpv.roles import ADMINISTRATORS, setup_roles


class Command(BaseCommand):
    help = "Crée un compte administrateur (toutes les permissions), questions en français."

    def add_arguments(self, parser):
        parser.add_argument("--username", help="nom d’utilisateur (sinon demandé)")
        parser.add_argument("--email", help="adresse électronique (facultative)")

    def handle(self, *args, **options):
        User = get_user_model()
        try:
            username = options["username"] or self._ask_username(User)
            if User.objects.filter(username=username).exists():
                raise CommandError(f"Le compte «\u00a0{username}\u00a0» existe déjà.")
            email = options["email"]
            if email is None:
                email = input("Adresse électronique (facultative)\u00a0: ").strip()
            if email:
                try:
                    validate_email(email)
                except ValidationError as error:
                    raise CommandError("Adresse électronique non valide.") from error
            password = self._ask_password(User(username=username, email=email))
        except (EOFError, KeyboardInterrupt) as error:
            raise CommandError("Création annulée\u00a0: aucun compte n’a été créé.") from error
        user = User.objects.create_superuser(username, email, password)
        setup_roles()
        user.groups.add(Group.objects.get(name=ADMINISTRATORS))
        self.stdout.write(
            f"Compte «\u00a0{username}\u00a0» créé. Connectez-vous à l’administration "
            "(/admin/, ou l’adresse de DJANGO_ADMIN_URL)."
        )

    def _ask_username(self, User):
        while True:
            username = input("Nom d’utilisateur\u00a0: ").strip()
            if not username:
                self.stderr.write("Le nom d’utilisateur est obligatoire.")
                continue
            try:
                User._meta.get_field("username").run_validators(username)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            return username

    def _ask_password(self, user):
        while True:
            password = getpass.getpass("Mot de passe\u00a0: ")
            if password != getpass.getpass("Mot de passe (confirmation)\u00a0: "):
                self.stderr.write("Les deux mots de passe diffèrent. Recommencez.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as error:
                self.stderr.write("\n".join(error.messages))
                continue
            return password
