"""The news item: cleaned texts, the image checked and its rendition, the status, the public
querysets."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from news import images
from news.models import NewsItem, NewsStatus
from tests.news.conftest import ago, image_file

pytestmark = pytest.mark.django_db


def test_body_is_cleaned_and_texts_get_french_spacing(make_news):
    item = make_news(
        title="Appel à projets : c'est parti !",
        body='<p onclick="x()">Texte<script>alert(1)</script></p>',
    )
    item.refresh_from_db()
    assert item.title == "Appel à projets\u00a0: c’est parti\u00a0!"
    assert "onclick" not in item.body
    assert "script" not in item.body


def test_an_image_gets_a_1200_px_jpeg_rendition_beside_it(make_news, settings):
    item = make_news(image=image_file(size=(2400, 1600)), image_alt="Une réunion publique.")
    item.refresh_from_db()
    assert item.rendition.name.endswith("-1200.jpg")
    assert item.rendition.name.rsplit("/", 1)[0] == item.image.name.rsplit("/", 1)[0]
    assert (item.rendition_width, item.rendition_height) == (1200, 800)
    with Image.open(item.rendition.path) as rendition:
        assert rendition.format == "JPEG"
        assert rendition.size == (1200, 800)


def test_a_small_transparent_png_is_kept_at_its_size_on_white(make_news):
    item = make_news(image=image_file("logo.png", (300, 200), "PNG", (0, 0, 0, 0)), image_alt="x")
    with Image.open(item.rendition.path) as rendition:
        assert rendition.size == (300, 200)
        assert rendition.getpixel((10, 10)) == (255, 255, 255)


def test_a_new_image_makes_a_new_rendition_and_none_is_kept_without_image(make_news):
    item = make_news(image=image_file(size=(1600, 1600)), image_alt="Un plan.")
    first = item.rendition.name
    item.image = image_file("autre.jpg", size=(800, 400))
    item.save()
    assert item.rendition.name != first
    assert (item.rendition_width, item.rendition_height) == (800, 400)
    item.image = None
    item.save()
    assert not item.rendition
    assert item.rendition_width is None


def test_an_image_needs_its_alternative_text(centre):
    item = NewsItem(title="Sans alt", slug="sans-alt", image=image_file())
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "texte alternatif" in str(error.value.message_dict["image_alt"])


def test_a_file_that_is_not_an_image_is_refused():
    fake = SimpleUploadedFile("photo.jpg", b"<html>pas une image</html>")
    with pytest.raises(ValidationError) as error:
        images.validate_image(fake)
    assert "pas une image lisible" in error.value.messages[0]


def test_a_heavy_file_is_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_BYTES", 1000)
    with pytest.raises(ValidationError) as error:
        images.validate_image(image_file(size=(400, 400)))
    assert "10\u00a0Mo" in error.value.messages[0] or "10 Mo" in error.value.messages[0]


def test_a_decompression_bomb_is_refused_from_its_header():
    # A small file claiming 8000 × 8000 pixels (64 millions): refused before decoding.
    bomb = image_file("bombe.png", size=(8000, 8000), kind="PNG", color=(0, 0, 0, 0))
    assert bomb.size < 1024 * 1024
    with pytest.raises(ValidationError) as error:
        images.validate_image(bomb)
    assert "40 millions de pixels" in error.value.messages[0]


def test_status_is_draft_scheduled_or_published(make_news):
    assert make_news(is_published=False).status == NewsStatus.DRAFT
    later = make_news(published_at=ago(hours=-2))
    assert later.status == NewsStatus.SCHEDULED
    assert make_news().status == NewsStatus.PUBLISHED


def test_public_items_are_published_and_come(make_news):
    shown = make_news()
    make_news(is_published=False)
    scheduled = make_news(published_at=ago(hours=-2))
    assert list(NewsItem.objects.public()) == [shown]
    assert list(NewsItem.objects.public(now=ago(hours=-3)).newest_first())[0] == scheduled


def test_publishers_are_the_centres_or_the_network(make_news, centre):
    assert make_news().publishers() == [centre.name]
    assert make_news(is_national=True).publishers() == ["Réseau national des CRPV"]


def test_the_history_keeps_each_version_with_its_centres(make_news, centre):
    item = make_news()
    item.title = "Nouveau titre"
    item.save()
    assert item.history.earliest().title == "Actualité de test 1"
    latest = item.history.latest()
    assert latest.title == "Nouveau titre"
    assert [link.centre for link in latest.centres.all()] == [centre]


def test_scheduled_publications_lists_the_times_to_come(make_news):
    from news.models import scheduled_publications

    make_news()
    soon = make_news(published_at=ago(hours=-1))
    make_news(published_at=ago(hours=-2), is_published=False)
    assert scheduled_publications(ago(seconds=0)) == [soon.published_at]
    assert scheduled_publications(ago(hours=-1) + datetime.timedelta(seconds=1)) == []
