"""The short lists of the home page and of a centre's page (``crpv.sections``,
``templates/includes/section.html``)."""

import pytest
from django.template.loader import render_to_string

from crpv.sections import Section

SECTION = Section("next-events", "events/_next_event.html", "events:list")
EVENT = {
    "title": "Séminaire",
    "url": "/agenda/seminaire/",
    "when": "mardi 8 décembre",
    "place": "Lyon",
    "type": "Séminaire",
    "status": "",
}


def test_a_home_section_links_to_the_whole_list():
    context = SECTION.context([EVENT], "Prochains événements", "Tout l’agenda")
    assert context["more_url"] == "/agenda/"
    assert context["section_class"] == "container home-section"
    assert context["empty"] == ""
    assert context["items"] == [EVENT]


def test_a_centre_section_links_to_the_list_filtered_on_the_centre(centre):
    context = SECTION.context([], "Du centre", "Tout", centre=centre, empty="Rien.")
    assert context["more_url"] == "/agenda/?centre=labo-cites"
    assert context["section_class"] == "container"
    assert context["empty"] == "Rien."


def test_the_section_draws_each_item_with_its_template():
    html = render_to_string(
        "includes/section.html", SECTION.context([EVENT], "Prochains événements", "Tout")
    )
    assert '<section class="next-events container home-section"' in html
    assert 'aria-labelledby="next-events-title"' in html
    assert '<h2 id="next-events-title">Prochains événements</h2>' in html
    assert '<ul class="next-events__list">' in html
    assert '<a href="/agenda/seminaire/">Séminaire</a>' in html
    assert '<a href="/agenda/">Tout</a>' in html


@pytest.mark.django_db
def test_the_section_says_its_empty_sentence_when_there_is_no_item(centre):
    context = SECTION.context([], "Du centre", "Tout", centre=centre, empty="Rien.")
    html = render_to_string("includes/section.html", context)
    assert "<p>Rien.</p>" in html
    assert "<ul" not in html


def test_the_section_is_not_drawn_without_item_or_empty_sentence():
    assert render_to_string("includes/section.html", SECTION.context([], "T", "Tout")).strip() == ""
