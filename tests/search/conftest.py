import pytest


@pytest.fixture
def page(db):
    """Return a factory of saved, published content pages (indexed as kind "page");
    keyword arguments override fields."""
    from pages.models import Page

    counter = iter(range(1, 1_000_000))

    def make(title=None, **fields):
        n = next(counter)
        fields.setdefault("slug", f"recherche-{n}")
        fields.setdefault("status", "published")
        return Page.objects.create(title=title or f"Page {n}", **fields)

    return make


@pytest.fixture
def pages(db):
    """The published pages, as ``ranked`` is given them by a view."""
    from pages.models import Page

    return Page.objects.published()
