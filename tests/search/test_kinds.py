"""Events and news items in the shared index: what they put in it, and when they are found."""

import datetime

from django.utils import timezone

from search import index


def titles(entries):
    return [entry.text.title for entry in entries]


def test_an_event_is_found_by_its_title_summary_description_and_place(make_event):
    make_event(
        title="Rencontre des médiateurs",
        summary="Une journée d’échanges.",
        description="<p>Ateliers sur les <strong>jardins</strong> partagés.</p>",
        venue="Maison des projets",
        city="Villeurbanne",
        postcode="69100",
    )
    for query in ("médiateur", "échanges", "jardin", "maison projets", "villeurbanne"):
        assert titles(index.search_all(query, kinds=["event"])) == ["Rencontre des médiateurs"]
    assert index.search_all("strong").count() == 0


def test_an_unpublished_event_is_not_found_until_published(make_event):
    event = make_event(title="Séminaire mobilité", is_published=False)
    assert index.search_all("mobilité").count() == 0
    event.is_published = True
    event.save()
    assert titles(index.search_all("mobilité")) == ["Séminaire mobilité"]


def test_an_event_entry_is_dated_by_its_last_day(make_event):
    start = timezone.make_aware(datetime.datetime(2026, 6, 1, 9))
    event = make_event(starts_at=start, ends_at=start + datetime.timedelta(days=2))
    assert event.search_entry.date == datetime.date(2026, 6, 3)


def test_deleting_an_event_removes_it_from_the_index(make_event):
    event = make_event(title="Forum des quartiers")
    event.delete()
    assert index.search_all("forum").count() == 0


def test_a_news_item_is_found_by_its_title_summary_and_text(make_news):
    make_news(
        title="Appel à projets Quartiers d’été",
        summary="Les dossiers sont ouverts.",
        body="<p>Les associations <em>sportives</em> peuvent candidater.</p>",
    )
    for query in ("quartier", "dossiers", "sportive"):
        assert titles(index.search_all(query, kinds=["news"])) == [
            "Appel à projets Quartiers d’été"
        ]


def test_a_draft_news_item_is_not_found(make_news):
    make_news(title="Brouillon sur la santé", is_published=False)
    assert index.search_all("santé").count() == 0


def test_saving_a_news_item_updates_its_entry(make_news):
    item = make_news(title="Ancien titre")
    item.title = "Nouveau titre sur l’emploi"
    item.save()
    assert titles(index.search_all("emploi")) == ["Nouveau titre sur l’emploi"]
    assert index.search_all("ancien").count() == 0


def test_reindex_rebuilds_events_and_news(make_event, make_news):
    make_event(title="Webinaire habitat")
    make_news(title="Habitat : le point")
    index.Entry.objects.all().delete()
    assert index.reindex("event") == 1
    assert index.reindex("news") == 1
    assert sorted(e.kind for e in index.search_all("habitat")) == ["event", "news"]
