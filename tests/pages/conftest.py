import pytest


@pytest.fixture
def no_pages(db):
    """Remove the initial texts of the data migration, for tests that count pages."""
    from pages.models import HomePage, Page

    HomePage.objects.all().delete()
    Page.objects.filter(parent__isnull=False).delete()
    Page.objects.all().delete()


@pytest.fixture
def make_page(db):
    """Return a factory of saved, published pages; keyword arguments override fields."""
    from pages.models import Page

    counter = iter(range(1, 1_000_000))

    def make(**overrides):
        n = next(counter)
        fields = {"title": f"Page de test {n}", "slug": f"page-test-{n}", "status": "published"}
        fields.update(overrides)
        page = Page(**fields)
        page.full_clean()
        page.save()
        return page

    return make
