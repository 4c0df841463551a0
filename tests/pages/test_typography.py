import pytest

from pages.typography import french_spacing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Accessibilité : non conforme", "Accessibilité\u00a0: non conforme"),
        ("Vraiment ? Oui ! Bien ; ensuite", "Vraiment\u00a0? Oui\u00a0! Bien\u00a0; ensuite"),
        ("« guillemets »", "«\u00a0guillemets\u00a0»"),
        ("l'ANCT et aujourd'hui", "l’ANCT et aujourd’hui"),
        # Spaces the editor did not type, and code-like text, are left alone.
        ("https://www.anct.gouv.fr à 10:30", "https://www.anct.gouv.fr à 10:30"),
        ("", ""),
    ],
)
def test_french_spacing(text, expected):
    assert french_spacing(text) == expected


def test_french_spacing_is_stable():
    once = french_spacing("Question : « oui » ?")
    assert french_spacing(once) == once
