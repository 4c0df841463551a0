"""The keyboard focus is visible: its outline has a contrast of 3:1 at least with what is
around it (WCAG 1.4.11, RGAA 10.7), on every background a focusable element sits on."""

import re

import pytest


def _luminance(rgb):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def rgb(css):
    return tuple(int(n) for n in re.findall(r"\d+", css)[:3])


# The background an outline sits on: the first ancestor (the element's own box excluded, as the
# outline is drawn outside it with an offset) with an opaque background.
OUTLINE_AND_BACKGROUND = """element => {
  const style = getComputedStyle(element);
  let node = element.parentElement, background = "rgb(255, 255, 255)";
  while (node) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") { background = colour; break; }
    node = node.parentElement;
  }
  return [style.outlineStyle, style.outlineWidth, style.outlineColor, background];
}"""


@pytest.mark.parametrize(
    ("url", "selector"),
    [
        ("/", ".site-header a"),  # on the header's blue
        ("/", "#centre-search-q"),  # in the search box's grey panel
        ("/", "main a[href='/centres/']"),  # on white
        ("/", ".site-footer a"),  # on the footer's grey
        ("/centres/", ".filters select"),
        ("/centres/", ".button"),
    ],
)
def test_focus_outline_has_three_to_one_contrast(page, url, selector):
    page.goto(url)
    element = page.locator(selector).first
    element.focus()
    page.keyboard.press("Shift+Tab")  # focus by keyboard: :focus-visible applies
    page.keyboard.press("Tab")
    style, width, colour, background = element.evaluate(OUTLINE_AND_BACKGROUND)
    assert style == "solid" and float(width.rstrip("px")) >= 2
    assert contrast(rgb(colour), rgb(background)) >= 3, (colour, background)
