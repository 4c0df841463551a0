"""The index through its public interface, with content pages (kind "page") and centres
(kind "centre"). The suite runs on SQLite and on PostgreSQL: the same expectations hold on
both, so passing on both is the same results on both."""

import datetime

import pytest
from django.core.management import call_command
from django.core.paginator import Paginator
from django.db.models import Count

from search import index
from search.models import Entry


def titles(queryset):
    return [obj.title for obj in queryset]


def test_plural_finds_singular_and_accents_do_not_matter(page, pages):
    page("Les quartiers prioritaires")
    page("Rénovation urbaine")
    page("Autre sujet")
    assert titles(index.ranked(pages, "quartier")) == ["Les quartiers prioritaires"]
    assert titles(index.ranked(pages, "RENOVATION")) == ["Rénovation urbaine"]
    assert titles(index.ranked(pages, "rénovations")) == ["Rénovation urbaine"]


def test_every_word_of_the_query_must_match(page, pages):
    page("Emploi des jeunes")
    page("Emploi des seniors")
    page("Jeunes et sport")
    assert titles(index.ranked(pages, "emploi jeunes")) == ["Emploi des jeunes"]
    assert index.ranked(pages, "emploi jeunes ornithorynque").count() == 0


def test_stop_words_of_the_query_are_ignored(page, pages):
    page("Emploi des jeunes")
    assert titles(index.ranked(pages, "l’emploi pour les jeunes")) == ["Emploi des jeunes"]
    assert index.ranked(pages, "les des de la").count() == 0


def test_the_body_is_searched_as_plain_text(page, pages):
    page("Sans titre utile", body="<p>Un <strong>jardin</strong> partagé&nbsp;!</p>")
    assert titles(index.ranked(pages, "jardins partagés")) == ["Sans titre utile"]
    assert index.ranked(pages, "strong").count() == 0


def test_title_ranks_above_summary_above_body(page, pages):
    body = page("Un", body="<p>La mobilité des habitants.</p>")
    summary = page("Deux", intro="Mobilité et transports.")
    title = page("La mobilité")
    found = list(index.ranked(pages, "mobilité"))
    assert found == [title, summary, body]
    assert [p.search_rank for p in found] == [
        index.WEIGHT_TITLE,
        index.WEIGHT_SUMMARY,
        index.WEIGHT_BODY,
    ]


def test_the_rank_adds_the_terms(page, pages):
    both = page("Habitat", body="<p>Habitat et santé.</p>")
    one = page("Santé", body="<p>Habitat.</p>")
    title_only = page("Habitat et santé")
    found = list(index.ranked(pages, "habitat santé"))
    assert found[0] == title_only
    assert {p.search_rank for p in found[1:]} == {index.WEIGHT_TITLE + index.WEIGHT_BODY}
    assert set(found[1:]) == {both, one}


def test_ties_are_newest_first_then_greatest_key(page, pages):
    from pages.models import Page

    old, new, same_day = page("Culture A"), page("Culture B"), page("Culture C")
    day = datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC)
    Page.objects.filter(pk=old.pk).update(updated_at=day)
    Page.objects.filter(pk__in=[new.pk, same_day.pk]).update(updated_at=day.replace(year=2026))
    for obj in Page.objects.filter(pk__in=[old.pk, new.pk, same_day.pk]):
        index.update(obj)
    # new and same_day: same rank, same date: the greatest key first.
    assert list(index.ranked(pages, "culture")) == [same_day, new, old]


def test_unpublished_objects_are_not_found(page, pages):
    from pages.models import Page

    draft = page("Brouillon sur la santé", status="draft")
    assert index.ranked(Page.objects.all(), "santé").count() == 0
    assert index.search_all("santé").count() == 0
    # Unless asked, as the admin could.
    assert list(index.ranked(Page.objects.all(), "santé", published_only=False)) == [draft]


def test_a_sub_page_hides_and_shows_with_its_parent(page, pages):
    from pages.models import Page

    parent = page("Ressources")
    child = page("Guide de la participation", parent=parent)
    assert list(index.ranked(Page.objects.all(), "participation")) == [child]
    parent.status = "draft"
    parent.save()
    assert index.ranked(Page.objects.all(), "participation").count() == 0
    parent.status = "published"
    parent.save()
    assert list(index.ranked(Page.objects.all(), "participation")) == [child]


def test_saving_updates_the_index(page, pages):
    obj = page("Éducation")
    obj.title = "Prévention"
    obj.save()
    assert index.ranked(pages, "éducation").count() == 0
    assert list(index.ranked(pages, "prévention")) == [obj]


def test_deleting_removes_the_entry(page, pages):
    obj = page("Éducation")
    assert Entry.objects.filter(kind="page", object_id=obj.pk).exists()
    obj.delete()
    assert not Entry.objects.filter(kind="page").exists()
    assert index.search_all("éducation").count() == 0


def test_a_centre_is_found_by_its_city_and_a_theme_added_later(make_centre):
    from centres.models import Centre, Theme

    centre = make_centre(name="Pays de la Loire Ville", city="Nantes")
    theme = Theme.objects.create(name="Ingénierie sociale", slug="ingenierie-sociale")
    published = Centre.objects.published()
    assert list(index.ranked(published, "nantes")) == [centre]
    assert index.ranked(published, "ingénierie").count() == 0
    centre.themes.add(theme)
    assert list(index.ranked(published, "ingénierie")) == [centre]
    centre.themes.remove(theme)
    assert index.ranked(published, "ingénierie").count() == 0


def test_the_private_relation_stays_out_of_fields_and_forms(page):
    from django.forms import modelform_factory

    from pages.models import Page

    assert "search_entry" not in {f.name for f in Page._meta.fields}
    assert "search_entry" not in modelform_factory(Page, exclude=()).base_fields
    obj = page("Sport")
    assert obj.search_entry.kind == "page"
    assert Page.history.filter(id=obj.pk).exists()


HOSTILE = [
    '"',
    '"quartier" NEAR "ville"',
    "NEAR(quartier ville, 2)",
    "quart*",
    "*",
    "AND",
    "quartier AND OR NOT ville",
    "((( quartier",
    "terms:quartier",
    "{terms}: quartier",
    "quartier\x00\x01\x1b ville",
    "'; DROP TABLE search_entry; --",
    "quartier & | ! <-> :*",
    "'quartier':* & !ville",
    "\ud7ff\ufffd\u202e",
    " ".join(["quartier"] * 5_000 + [f"mot{n}" for n in range(5_000)]),
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_never_raise(page, pages, query):
    page("Les quartiers", body="<p>La ville.</p>")
    list(index.ranked(pages, query))
    index.matching(pages, query).count()
    list(index.search_all(query))
    str(index.snippet("Les quartiers de la ville", query))


def test_operators_are_words_not_operators(page, pages):
    page("Quartier")
    # "OR" is a word that no document holds: every word must match.
    assert index.ranked(pages, "quartier OR ville").count() == 0
    assert index.ranked(pages, '"quartier"').count() == 1


def test_ranked_is_a_queryset_for_counts_pages_and_facets(page, pages, django_assert_num_queries):
    for n in range(30):
        page(f"Santé {n}", status="published", intro="Prévention" if n % 3 else "")
    page("Santé cachée", status="draft")
    found = index.ranked(pages, "santé")
    assert found.count() == 30
    paginator = Paginator(found, 20)
    assert len(paginator.page(2)) == 10
    # Facets: one grouped query over the matched set, whatever its size.
    with django_assert_num_queries(1):
        facets = list(
            index.matching(pages, "santé").values("intro").annotate(n=Count("pk")).order_by("intro")
        )
    assert facets == [{"intro": "", "n": 10}, {"intro": "Prévention", "n": 20}]
    with django_assert_num_queries(1):
        facets = list(found.order_by().values("intro").annotate(n=Count("pk")))
    assert sorted(f["n"] for f in facets) == [10, 20]
    # Filters still apply, before or after.
    assert index.ranked(pages.filter(intro=""), "santé").count() == 10
    assert found.filter(intro="").count() == 10


def test_a_page_of_results_is_one_query(page, pages, django_assert_num_queries):
    for n in range(25):
        page(f"Habitat {n}")
    with django_assert_num_queries(1):
        results = list(index.ranked(pages, "habitat")[:20])
    assert len(results) == 20


def test_search_all_lists_every_kind(page, make_centre, django_assert_num_queries):
    page("Médiation sociale")
    make_centre(name="Centre de médiation", city="Lille")
    with django_assert_num_queries(2):  # the entries, their texts
        found = list(index.search_all("médiation")[:20])
    assert {e.kind for e in found} == {"page", "centre"}
    assert {e.text.title for e in found} == {"Médiation sociale", "Centre de médiation"}
    assert all(e.text.url.startswith("/") for e in found)
    counts = dict(
        index.search_all("médiation").order_by().values_list("kind").annotate(n=Count("id"))
    )
    assert counts == {"page": 1, "centre": 1}
    assert [e.kind for e in index.search_all("médiation", kinds=["centre"])] == ["centre"]


def test_reindex_command_rebuilds_the_index(page, pages):
    page("Laïcité")
    Entry.objects.all().delete()
    assert index.ranked(pages, "laïcité").count() == 0
    call_command("reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert index.ranked(pages, "laïcité").count() == 1
    Entry.objects.filter(kind="page").delete()
    call_command("reindex", "--if-empty", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert index.ranked(pages, "laïcité").count() == 1


def test_update_many_indexes_objects_saved_in_bulk(pages):
    from pages.models import Page

    created = Page.objects.bulk_create(
        [Page(title=f"Numérique {n}", slug=f"num-{n}", status="published") for n in range(3)]
    )
    assert index.ranked(pages, "numérique").count() == 0
    index.update_many(Page.objects.filter(pk__in=[p.pk for p in created]))
    index.update_many(Page.objects.filter(pk__in=[p.pk for p in created]))  # twice: replaced
    assert index.ranked(pages, "numérique").count() == 3
    assert Entry.objects.filter(kind="page").count() == 3


def test_the_full_text_index_follows_every_write(page, pages):
    """Insert, update and delete reach the database's own full-text index (FTS5 triggers on
    SQLite, the generated column on PostgreSQL): old terms are no longer found."""
    obj = page("Alimentation")
    for title in ("Jardins", "Commerce", "Alimentation"):
        obj.title = title
        obj.save()
    assert index.search_all("jardin").count() == 0
    assert index.search_all("commerce").count() == 0
    assert index.search_all("alimentation").count() == 1
    obj.delete()
    assert index.search_all("alimentation").count() == 0
