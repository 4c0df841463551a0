"""The short lists of the home page and of a centre's page: the next events, the newest
resources, the latest news (``templates/includes/section.html``).

Each app's inclusion tag builds its items (plain dicts, kept in the cache) and passes them to
``section`` with what the app's short lists share (``Section``).
"""

from dataclasses import dataclass

from django.urls import reverse

HOME_COUNT = 3  # items on the home page
CENTRE_COUNT = 3  # items on a centre's page


@dataclass(frozen=True)
class Section:
    """What an app's short lists share.

    ``name`` is the section's CSS block and the prefix of its heading's id (unique on a page);
    ``item_template`` draws one ``item`` as a ``<li>``; ``list_url_name`` names the full
    list's URL; ``list_class`` is the ``<ul>``'s CSS class.
    """

    name: str
    item_template: str
    list_url_name: str
    list_class: str = "next-events__list"

    def context(self, items, heading, more_label, *, centre=None, empty=""):
        """Return the context of ``includes/section.html`` for ``items`` (a list of dicts),
        under ``heading`` (str), with a link labelled ``more_label`` to the full list (the
        network's, or that of ``centre``, a ``Centre``, filtered on it). ``empty`` is the
        sentence shown when there is no item; without one the section is not drawn."""
        more_url = reverse(self.list_url_name)
        if centre is not None:
            more_url += f"?centre={centre.slug}"
        return {
            "name": self.name,
            "item_template": self.item_template,
            "list_class": self.list_class,
            "items": items,
            "heading": heading,
            "more_url": more_url,
            "more_label": more_label,
            "empty": empty,
            "section_class": "container" if centre is not None else "container home-section",
        }
