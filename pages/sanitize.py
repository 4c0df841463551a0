"""Rich text cleaning: the one door through which editors' HTML reaches a page.

nh3 (the Ammonia sanitiser) keeps an allow-list of tags and attributes and drops everything
else: scripts, styles, frames, event handlers, ``javascript:`` and ``data:`` URLs. A second,
small pass over its (well-formed) output adds ``rel="noopener noreferrer"`` to links that
leave the site and applies French spacing to the text. The result is stable: cleaning clean
HTML returns it unchanged, so it runs both when a page is saved and when it is shown.
"""

import html as html_module
import re
from html import escape
from html.parser import HTMLParser

import nh3
from django.utils.html import strip_tags

from pages.typography import french_spacing

ALLOWED_TAGS = frozenset(
    {"p", "br", "h2", "h3", "h4", "strong", "em", "ul", "ol", "li", "blockquote", "a"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
EXTERNAL_REL = "noopener noreferrer"
VOID_TAGS = frozenset({"br"})

_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    # Removed with everything inside them, not only their tags.
    clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript"},
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(ALLOWED_URL_SCHEMES),
    # rel is computed below, for external links only; the editor's own value is dropped.
    link_rel=None,
    strip_comments=True,
)
_EMPTY = re.compile(r"^(\s|<p>(\s|<br>)*</p>)*$")
_EXTERNAL = re.compile(r"^(https?:)?//", re.IGNORECASE)


def is_external(href: str) -> bool:
    return bool(_EXTERNAL.match(href.strip()))


class _Finisher(HTMLParser):
    """Re-serialise nh3's output, adding rel to external links and fixing the spacing."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        attrs = [(name, value or "") for name, value in attrs if name != "rel"]
        href = dict(attrs).get("href", "")
        if tag == "a" and is_external(href):
            attrs.append(("rel", EXTERNAL_REL))
        rendered = "".join(f' {name}="{escape(value)}"' for name, value in attrs)
        self.parts.append(f"<{tag}{rendered}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag not in VOID_TAGS:
            self.parts.append(f"</{tag}>")

    def handle_data(self, data):
        self.parts.append(escape(french_spacing(data), quote=False))


def clean_html(html: str | None) -> str:
    """Return ``html`` reduced to the allowed tags, safe to mark as safe in a template."""
    cleaned = _cleaner.clean(html or "")
    if _EMPTY.match(cleaned):
        return ""
    finisher = _Finisher()
    finisher.feed(cleaned)
    finisher.close()
    return "".join(finisher.parts)


_BLOCK_END = re.compile(r"</(p|h[2-4]|li|blockquote)>|<br>", re.IGNORECASE)


def plain_text(rich: str) -> str:
    """Return the text of cleaned rich text (``clean_html``), one paragraph a line: for
    iCalendar descriptions and the search index."""
    text = strip_tags(_BLOCK_END.sub("\n", rich or ""))
    lines = (html_module.unescape(line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)
