"""The agenda's new day: a new content version at the first request of each day."""

import datetime

from django.core.cache import cache

from centres.models import Centre
from crpv.cache import content_version, model_versions
from events.middleware import AgendaDayMiddleware
from events.models import Event


def _request_on(monkeypatch, middleware, day):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: day)
    return middleware(object())


def test_the_first_request_of_a_day_moves_the_events_data_only(db, monkeypatch):
    cache.clear()
    middleware = AgendaDayMiddleware(lambda request: "page")
    assert _request_on(monkeypatch, middleware, datetime.date(2026, 12, 1)) == "page"
    before, versions = content_version(), model_versions()
    assert _request_on(monkeypatch, middleware, datetime.date(2026, 12, 2)) == "page"
    after = model_versions()
    assert content_version() > before
    assert after[Event._meta.label_lower] > versions[Event._meta.label_lower]
    # The directory's data does not depend on the date: kept.
    assert after[Centre._meta.label_lower] == versions[Centre._meta.label_lower]


def test_a_day_moves_the_version_once_whichever_worker_sees_it(db, monkeypatch):
    cache.clear()
    day = datetime.date(2026, 12, 3)
    _request_on(monkeypatch, AgendaDayMiddleware(lambda request: "page"), day)
    version = content_version()
    # Another worker (its own middleware instance) sees the same day: no new version.
    _request_on(monkeypatch, AgendaDayMiddleware(lambda request: "page"), day)
    assert content_version() == version
