// Accessible names for what Django's admin widgets draw in JavaScript, on every admin screen
// (templates/admin/base_site.html). They run once Django's own scripts have drawn them, after
// the page's load event.
"use strict";
window.addEventListener("load", () => {
  setTimeout(() => {
    // The two-list selector (filter_horizontal) labels its search icons with aria-label on a
    // plain <span>, which ARIA forbids: give them the role of an image so the label is valid.
    for (const icon of document.querySelectorAll(".search-label-icon[aria-label]")) {
      icon.setAttribute("role", "img");
    }
    // The calendar and clock links beside date and time fields hold only an icon whose name
    // is a title on a <span>: name the link itself.
    for (const link of document.querySelectorAll(".datetimeshortcuts a")) {
      const icon = link.querySelector("[title]");
      if (!link.textContent.trim() && icon) {
        link.setAttribute("aria-label", icon.getAttribute("title"));
      }
    }
  }, 0);
});
