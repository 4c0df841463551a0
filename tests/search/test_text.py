import re

import pytest

from search.text import MAX_QUERY_TERMS, query_terms, terms


def test_plural_singular_case_and_accents_give_one_term():
    assert terms("quartiers") == terms("quartier") == terms("QUARTIER")
    assert terms("Rénovation") == terms("renovation") == terms("rénovations")
    assert terms("œuvre") == terms("oeuvre")


def test_stop_words_and_single_letters_are_left_out():
    assert terms("le la les des du de l’école et d'une ville") == terms("école ville")


def test_every_term_is_ascii_letters_and_digits():
    found = terms("Quartiers Αθήνα مدينة 93200 Saint-Denis l’été")
    assert found
    assert all(re.fullmatch("[a-z0-9]+", t) for t in found)
    # A word in another script keeps a term of its own (its UTF-8 bytes in hexadecimal).
    assert terms("Αθήνα") != terms("مدينة")


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"quartier',
        "NEAR(quartier ville, 2)",
        "quart*",
        "*",
        "quartier AND OR NOT ville",
        "((( quartier",
        "title:quartier",
        "^quartier",
        "quartier\x00\x01\x1b ville",
        "'; DROP TABLE search_entry; --",
        "&|!<->:*",
        "\u202e\ufeff\u200b",
        "",
        "   ",
    ],
)
def test_hostile_queries_give_only_plain_terms(query):
    found = query_terms(query)
    assert all(re.fullmatch("[a-z0-9]+", t) for t in found)


def test_a_huge_query_is_cut_to_a_few_terms():
    words = " ".join(f"mot{n}" for n in range(10_000))
    assert len(query_terms(words)) == MAX_QUERY_TERMS


def test_query_terms_are_distinct():
    assert query_terms("quartier quartiers Quartier") == terms("quartier")
