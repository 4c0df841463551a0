"""A scheduled item appears by itself at its time, through the page cache, with no command:
the content version moves to that time (crpv.cache.watch_schedule, scheduled_version)."""

import datetime

import pytest
from django.utils import timezone

from crpv import cache as public_cache
from tests.news.conftest import ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def later(monkeypatch):
    """Return a function moving the clock (``django.utils.timezone.now``) forward."""
    real_now = timezone.now

    def move(**delta):
        moment = real_now() + datetime.timedelta(**delta)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return move


def test_a_scheduled_item_appears_at_its_time_on_every_stored_page(
    client, settings, make_news, centre, later
):
    settings.PUBLIC_CACHE_ENABLED = True
    make_news(title="Déjà parue", slug="deja-parue")
    make_news(title="Programmée pour dans une heure", slug="programmee", published_at=ago(hours=-1))
    urls = ["/actualites/", "/actualites/flux.rss", "/", centre.get_absolute_url()]
    for url in urls:
        html = client.get(url).content.decode()
        assert "Déjà parue" in html, url
        assert "Programmée pour dans une heure" not in html, url
    assert client.get("/actualites/programmee/").status_code == 404

    later(minutes=30)  # still before its time: the pages stored are served
    assert "Programmée pour" not in client.get("/actualites/").content.decode()

    later(hours=1, seconds=1)
    for url in urls:
        assert "Programmée pour dans une heure" in client.get(url).content.decode(), url
    assert client.get("/actualites/programmee/").status_code == 200


def test_the_version_moves_to_the_time_of_the_item_once_it_has_passed(make_news, later):
    item = make_news(published_at=ago(hours=-2))
    edited = public_cache.content_version()
    later(hours=1)
    assert public_cache.content_version() == edited
    later(hours=3)
    assert public_cache.content_version() == int(item.published_at.timestamp() * 1000)


def test_an_edit_after_the_time_sets_a_greater_version(make_news, later):
    make_news(published_at=ago(hours=-2))
    later(hours=3)
    scheduled = public_cache.content_version()
    make_news(title="Une autre")
    assert public_cache.content_version() > scheduled


def test_the_schedule_is_read_once_per_version(make_news, later, app_queries):
    make_news(published_at=ago(hours=-2))
    public_cache.content_version()
    later(hours=3)
    # (Reading the version itself is the cache's business: the database cache's table.)
    with app_queries() as queries:
        public_cache.scheduled_version(public_cache._edited_version())
    assert queries == []


def test_a_process_reads_the_schedule_once_per_edit(make_news, later, monkeypatch):
    from django.core.cache import caches

    make_news(published_at=ago(hours=-2))
    public = caches["public"]
    real_get = public.get
    asked = []

    def get(key, *args, **kwargs):
        asked.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(public, "get", get)
    version = public_cache.content_version()
    for _ in range(3):
        assert public_cache.content_version() == version
    assert len([key for key in asked if key.startswith("schedule:")]) <= 1
    later(hours=3)  # the clock alone: the times read are enough
    assert public_cache.content_version() > version
    assert len([key for key in asked if key.startswith("schedule:")]) <= 1
    asked.clear()
    make_news(slug="une-autre")  # an edit: read again, once
    public_cache.content_version()
    public_cache.content_version()
    assert len([key for key in asked if key.startswith("schedule:")]) == 1
