"""PostgreSQL's side of the index: the terms' tsvector in the narrow table
``search_entryvector``, kept in step with ``search_entrytext`` by triggers
(``search/migrations/0003_narrow_vector.py``). Skipped on SQLite."""

import pytest
from django.db import connection

from search import index
from search.models import Entry

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's vector table"
)


def vectors():
    with connection.cursor() as cursor:
        cursor.execute("SELECT entry_id, search_vector::text FROM search_entryvector")
        return dict(cursor.fetchall())


def test_the_vector_table_follows_every_write_of_the_texts(page, pages):
    first = page("Rénovation urbaine")
    entry = Entry.objects.get(kind="page", object_id=first.pk)
    assert vectors() == {entry.pk: "'renov' 'urbain'"}
    first.title = "Quartiers prioritaires"
    first.save()
    assert vectors() == {entry.pk: "'prioritair' 'quarti'"}
    assert [p.pk for p in index.ranked(pages, "quartier")] == [first.pk]
    first.delete()
    assert vectors() == {}


def test_emptying_the_texts_empties_the_vector_table(page):
    page("Rénovation urbaine")
    with connection.cursor() as cursor:
        # Django's foreign keys are checked at commit: check them now, as TRUNCATE asks.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE search_entrytext CASCADE")
    assert vectors() == {}


@pytest.mark.django_db
def test_connections_run_no_parallel_query():
    # crpv/settings.py: a parallel plan sorted every entry before checking the match.
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == ("0",)
