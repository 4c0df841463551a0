import pytest
from django.core.cache import caches

from centres.templatetags.directory import LONG_LIST, _drawn, options

# The shared cache may be the database's.
pytestmark = pytest.mark.django_db


def long_choices():
    return [("", "Tous les centres")] + [
        (f"centre-{n}", f"Centre n° {n} <« {n} »>") for n in range(LONG_LIST + 5)
    ]


def test_a_long_list_of_options_is_drawn_once_and_read_back_the_same():
    caches["public"].clear()
    choices = long_choices()
    first = options(choices, "centre-7")
    assert first == _drawn(choices, "centre-7")
    assert '<option value="centre-7" selected>' in first
    assert "&lt;« 7 »&gt;" in first
    # Read back from the cache, another value selected, none left over from the first.
    second = options(choices, "centre-9")
    assert second == _drawn(choices, "centre-9")
    assert second.count(" selected") == 1


def test_a_long_list_marks_the_empty_choice_when_nothing_is_chosen():
    choices = long_choices()
    assert options(choices, "") == _drawn(choices, "")
    assert options(choices, "").startswith('<option value="" selected>')


def test_a_changed_list_is_drawn_again():
    caches["public"].clear()
    choices = long_choices()
    options(choices, "")
    renamed = [(value, f"{label} (nouveau)") for value, label in choices]
    assert "(nouveau)" in options(renamed, "")
