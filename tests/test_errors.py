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
