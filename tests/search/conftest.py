import pytest

# The factories of the news and of the library, for the kinds the site search lists; files go
# to a temporary folder (``media``, automatic).
from tests.library.conftest import make_resource, media  # noqa: F401
from tests.news.conftest import make_news  # noqa: F401


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
