"""The includes every list and section shares (``templates/includes/``)."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse


def test_filter_problems_lists_each_sentence_in_an_alert():
    html = render_to_string("includes/filter_problems.html", {"problems": ["Un.", "Deux."]})
    assert 'role="alert"' in html
    assert "Une partie de l’adresse n’a pas pu être lue." in html
    assert "<li>Un.</li><li>Deux.</li>" in html


def test_filter_problems_draws_nothing_without_a_problem():
    assert render_to_string("includes/filter_problems.html", {"problems": []}).strip() == ""


def test_filter_actions_offer_to_clear_only_a_filtered_list():
    context = {"list_url": "/agenda/", "is_filtered": True}
    html = render_to_string("includes/filter_actions.html", context)
    assert '<button class="button" type="submit">Filtrer</button>' in html
    assert '<a href="/agenda/">Tout effacer</a>' in html
    context["is_filtered"] = False
    assert "Tout effacer" not in render_to_string("includes/filter_actions.html", context)


class FakeFilter:
    active = [("theme", "Thème", "Emploi"), ("centre", "Centre", "Labo Cités")]


def test_active_filters_say_each_filter_applied():
    html = render_to_string("includes/active_filters.html", {"filter": FakeFilter()})
    said = "Filtres\u00a0: Thème «\u00a0Emploi\u00a0»\u00a0; Centre «\u00a0Labo Cités\u00a0»."
    assert said in html
    assert render_to_string("includes/active_filters.html", {"filter": None}).strip() == ""


class FakePage:
    def __init__(self, number):
        self.number = number


def test_list_head_names_the_canonical_list_and_indexes_only_its_first_page():
    context = {"site_url": "https://crpv.fr", "list_url": "/actualites/", "is_filtered": False}
    first = render_to_string("includes/list_head.html", {**context, "page_obj": FakePage(1)})
    assert '<link rel="canonical" href="https://crpv.fr/actualites/">' in first
    assert "noindex" not in first
    second = render_to_string("includes/list_head.html", {**context, "page_obj": FakePage(2)})
    assert '<meta name="robots" content="noindex, follow">' in second
    filtered = {**context, "is_filtered": True, "page_obj": FakePage(1)}
    assert "noindex" in render_to_string("includes/list_head.html", filtered)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["centres:list", "events:list", "library:list", "news:list"])
def test_every_list_names_its_canonical_address(client, name):
    url = reverse(name)
    html = client.get(url, {"page": "1"}).content.decode()
    assert f'<link rel="canonical" href="http://testserver{url}">' in html
