import pytest
from django.urls import path

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("secret technical detail")


urlpatterns = [path("casse/", broken_view)]


def test_404_page_is_french_and_in_the_site_design(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page introuvable" in content
    assert 'class="site-header"' in content
    assert 'lang="fr"' in content


def test_500_page_is_french_without_technical_detail(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/casse/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Le site rencontre un problème" in content
    assert "secret technical detail" not in content
    assert "Traceback" not in content


def test_development_shows_the_designed_404_page(client, settings):
    settings.DEBUG = True  # as under `make run`
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page introuvable" in content and 'lang="fr"' in content
    assert "Using the URLconf" not in content  # Django's technical page


def test_development_shows_the_designed_500_page(client, settings):
    settings.DEBUG = True
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/casse/")
    assert response.status_code == 500
    assert "Le site rencontre un problème" in response.content.decode()
    assert "secret technical detail" not in response.content.decode()


def test_technical_pages_on_request_in_development(client, settings):
    settings.DEBUG = True
    settings.TECHNICAL_ERROR_PAGES = True
    response = client.get("/cette-page-n-existe-pas/")
    assert "Using the URLconf" in response.content.decode()
