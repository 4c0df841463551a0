import json

import pytest

from crpv.staticfiles import StaticFilesStorage


@pytest.fixture
def storage(tmp_path, settings):
    settings.DEBUG = False
    manifest = {"version": "1.1", "hash": "x", "paths": {"css/site.css": "css/site.0123abcd.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=tmp_path, base_url="/static/")


def test_static_addresses_are_worked_out_once_per_process(storage, monkeypatch):
    asked = []
    stored_name = storage.stored_name
    monkeypatch.setattr(
        storage, "stored_name", lambda name: asked.append(name) or stored_name(name)
    )
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    assert asked == ["css/site.css"]


def test_a_file_missing_from_the_manifest_still_fails(storage):
    with pytest.raises(ValueError):
        storage.url("js/nowhere.js")
    with pytest.raises(ValueError):
        storage.url("js/nowhere.js")


def test_debug_addresses_are_not_hashed(storage, settings):
    settings.DEBUG = True
    assert storage.url("css/site.css") == "/static/css/site.css"
