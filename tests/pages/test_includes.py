"""The includes every list and section shares (``templates/includes/``)."""

from django.template.loader import render_to_string


def test_filter_problems_lists_each_sentence_in_an_alert():
    html = render_to_string("includes/filter_problems.html", {"problems": ["Un.", "Deux."]})
    assert 'role="alert"' in html
    assert "Une partie de l’adresse n’a pas pu être lue." in html
    assert "<li>Un.</li><li>Deux.</li>" in html


def test_filter_problems_draws_nothing_without_a_problem():
    assert render_to_string("includes/filter_problems.html", {"problems": []}).strip() == ""
