import pytest
from django.core.exceptions import ValidationError

from pages.models import HomePage, Page, Status


def test_published_excludes_drafts_and_pages_under_a_draft(make_page):
    shown = make_page()
    draft = make_page(status=Status.DRAFT)
    hidden_parent = make_page(status=Status.DRAFT)
    under_draft = make_page(parent=hidden_parent)
    published = set(Page.objects.published())
    assert shown in published
    assert draft not in published and under_draft not in published


def test_menu_follows_positions_and_skips_drafts(no_pages, make_page):
    second = make_page(title="Deuxième", menu_position=2, footer_position=1)
    first = make_page(title="Première", menu_position=1)
    make_page(title="Brouillon", menu_position=0, status=Status.DRAFT)
    make_page(title="Nulle part")
    assert list(Page.objects.in_menu()) == [first, second]


def test_absolute_urls(make_page):
    parent = make_page(slug="le-club")
    child = make_page(slug="adhesion", parent=parent)
    assert parent.get_absolute_url() == "/le-club/"
    assert child.get_absolute_url() == "/le-club/adhesion/"


def test_open_data_page_lives_in_the_directory(db):
    page = Page.objects.get(slug="donnees-ouvertes")
    assert page.get_absolute_url() == "/centres/donnees-ouvertes/"


def test_saving_cleans_the_body_and_fixes_spacing(make_page):
    page = make_page(
        title="Qui sommes-nous ?",
        intro="Le réseau : l'essentiel",
        body='<p onclick="x()">Texte</p><script>alert(1)</script>',
    )
    page.refresh_from_db()
    assert page.body == "<p>Texte</p>"
    assert page.title == "Qui sommes-nous\u00a0?"
    assert page.intro == "Le réseau\u00a0: l’essentiel"


@pytest.mark.parametrize("slug", ["centres", "admin", "static"])
def test_slugs_of_other_parts_of_the_site_are_refused(make_page, slug):
    with pytest.raises(ValidationError) as error:
        make_page(slug=slug)
    assert "déjà prise" in str(error.value.message_dict["slug"])


def test_reserved_slug_is_fine_under_a_parent(make_page):
    parent = make_page()
    assert make_page(slug="centres", parent=parent).get_absolute_url().endswith("/centres/")


def test_only_one_level_of_parents(make_page):
    grand_parent = make_page()
    parent = make_page(parent=grand_parent)
    with pytest.raises(ValidationError) as error:
        make_page(parent=parent)
    assert "premier niveau" in str(error.value.message_dict["parent"])


def test_a_page_with_children_cannot_become_a_child(make_page):
    parent = make_page()
    make_page(parent=parent)
    other = make_page()
    parent.parent = other
    with pytest.raises(ValidationError) as error:
        parent.full_clean()
    assert "sous-pages" in str(error.value.message_dict["parent"])


def test_a_page_cannot_be_its_own_parent(make_page):
    page = make_page()
    page.parent = page
    with pytest.raises(ValidationError):
        page.full_clean()


def test_slugs_are_unique(make_page):
    make_page(slug="unique")
    with pytest.raises(ValidationError):
        make_page(slug="unique")


def test_home_page_is_a_single_row(db):
    HomePage(title="Autre accueil").save()
    assert HomePage.objects.count() == 1
    assert HomePage.current().title == "Autre accueil"


def test_home_page_defaults_without_a_row(no_pages):
    home = HomePage.current()
    assert home.pk is None
    assert home.accessibility_status == "Accessibilité\u00a0: non conforme"


def test_description_falls_back_to_the_intro(make_page):
    assert make_page(intro="Intro").description == "Intro"
    assert make_page(intro="Intro", meta_description="Méta").description == "Méta"
