// Django's two-list selector (filter_horizontal) labels its search icons with aria-label on
// a plain <span>, which ARIA forbids: give them the role of an image so the label is valid.
"use strict";
window.addEventListener("load", () => {
  setTimeout(() => {
    for (const icon of document.querySelectorAll(".search-label-icon[aria-label]")) {
      icon.setAttribute("role", "img");
    }
  }, 0);
});
