"""The texts created by the data migration."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from pages.models import Highlight, HomePage, Page
from pages.sanitize import clean_html

SLUGS = [
    "les-centres-de-ressources",
    "le-reseau",
    "question-de-ville",
    "mentions-legales",
    "accessibilite",
    "donnees-personnelles",
    "donnees-ouvertes",
    "contact",
]
pytestmark = pytest.mark.django_db

BROCHURE = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "brochure-reseau-crpv.txt"


def page_text(page):
    return re.sub(r"<[^>]+>", " ", f"{page.title} {page.intro} {page.body}")


@pytest.mark.parametrize("slug", SLUGS)
def test_initial_page_exists_published_and_renders(client, slug):
    page = Page.objects.get(slug=slug)
    assert page.is_published and page.body
    if slug == "donnees-ouvertes":  # shown by the directory's open-data page
        return
    response = client.get(page.get_absolute_url())
    assert response.status_code == 200
    assert page.title in response.content.decode()


@pytest.mark.parametrize("slug", SLUGS)
def test_initial_bodies_are_already_clean(slug):
    page = Page.objects.get(slug=slug)
    assert clean_html(page.body) == page.body


@pytest.mark.parametrize("slug", SLUGS)
def test_initial_texts_follow_french_typography(slug):
    text = page_text(Page.objects.get(slug=slug))
    assert not re.search(r" [:;?!»]|« |'", text), text


def test_home_page_texts_and_highlights(db):
    home = HomePage.objects.get()
    assert home.accessibility_page.slug == "accessibilite"
    titles = [h.title for h in Highlight.objects.all()]
    assert titles[0] == "Réunir les acteurs" and len(titles) == 5


def test_network_pages_name_the_anct_and_question_de_ville(db):
    network = page_text(Page.objects.get(slug="le-reseau"))
    assert "Agence nationale de la cohésion des territoires" in network
    assert "janvier 2020" in network and "CGET" in network
    assert "2008" in page_text(Page.objects.get(slug="question-de-ville"))
    centres = page_text(Page.objects.get(slug="les-centres-de-ressources"))
    for field in ("cohésion sociale", "développement économique", "rénovation urbaine"):
        assert field in centres


def test_legal_pages_mark_what_the_network_must_fill_in(db):
    legal = page_text(Page.objects.get(slug="mentions-legales"))
    assert legal.count("[À compléter") >= 3
    for heading in ("Éditeur", "directeur de la publication", "Hébergement"):
        assert heading.lower() in legal.lower()
    statement = page_text(Page.objects.get(slug="accessibilite"))
    assert "non conforme" in statement and "Défenseur des droits" in statement
    assert "RGAA" in statement
    privacy = page_text(Page.objects.get(slug="donnees-personnelles"))
    assert "aucun cookie de mesure d’audience" in privacy
    open_data = page_text(Page.objects.get(slug="donnees-ouvertes"))
    for word in ("CSV", "JSON", "GeoJSON", "Licence Ouverte 2.0"):
        assert word in open_data


def test_no_text_states_a_number_of_centres(db):
    texts = " ".join(page_text(page) for page in Page.objects.all())
    texts += " ".join(str(h.text) for h in Highlight.objects.all()) + HomePage.objects.get().intro
    assert not re.search(r"\b\d+\s+(centres|régions)", texts)


@pytest.mark.skipif(not BROCHURE.exists(), reason="the shared seeds are not beside the project")
def test_texts_are_not_copied_from_the_brochure(db):
    # Ten words in a row is more than a shared name ("centres de ressources politique…").
    def words(text):
        return re.findall(r"\w+", text.lower().replace("’", "'"))

    brochure = words(BROCHURE.read_text(encoding="utf-8"))
    shingles = {tuple(brochure[i : i + 10]) for i in range(len(brochure) - 9)}
    for page in Page.objects.all():
        ours = words(page_text(page))
        copied = [" ".join(ours[i : i + 10]) for i in range(len(ours) - 9)]
        copied = [s for s in copied if tuple(s.split()) in shingles]
        assert copied == [], page.slug


@pytest.mark.django_db(transaction=True)
def test_initial_content_migration_is_reversible():
    call_command("migrate", "pages", "0001", verbosity=0)
    assert not Page.objects.exists() and not HomePage.objects.exists()
    # Every app forward again: centres migrations that depend on pages were unapplied too.
    call_command("migrate", verbosity=0)
    assert set(Page.objects.values_list("slug", flat=True)) == set(SLUGS)
    assert Highlight.objects.count() == 5
