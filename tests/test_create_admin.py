"""``make superuser`` asks in French and makes an administrator of the network."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from crpv.roles import ADMINISTRATORS

pytestmark = pytest.mark.django_db


@pytest.fixture
def answers(monkeypatch):
    """Feed the prompts; return the list of the questions asked."""
    asked = []

    def feed(replies):
        replies = iter(replies)

        def answer(prompt=""):
            asked.append(prompt)
            return next(replies)

        monkeypatch.setattr("builtins.input", answer)
        monkeypatch.setattr("getpass.getpass", answer)
        return asked

    return feed


def test_asks_in_french_and_creates_an_administrator(answers):
    asked = answers(
        ["camille", "camille@example.org", "court", "court", *["Un-mot-de-passe-solide-42"] * 2]
    )
    call_command("create_admin")
    assert asked == [
        "Nom d’utilisateur\u00a0: ",
        "Adresse électronique (facultative)\u00a0: ",
        "Mot de passe\u00a0: ",
        "Mot de passe (confirmation)\u00a0: ",
        "Mot de passe\u00a0: ",  # « court » was refused by the validators
        "Mot de passe (confirmation)\u00a0: ",
    ]
    user = get_user_model().objects.get(username="camille")
    assert user.is_superuser and user.is_staff
    assert user.groups.filter(name=ADMINISTRATORS).exists()


def test_an_existing_name_is_refused_in_french(answers, staff_user):
    answers(["admin"])
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("create_admin")
