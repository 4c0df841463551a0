// Accessible names for what Django's admin widgets draw in JavaScript, on every admin screen
// (templates/admin/base_site.html). Most run once Django's own scripts have drawn them, after
// the page's load event.
"use strict";
// The autocomplete of a many-to-many field (select2) would draw a « clear all » <span> inside
// its list of choices, which a list may not hold; each choice keeps its own remove button.
// Set before Django's autocomplete.js draws it, on DOMContentLoaded (after deferred scripts).
for (const select of document.querySelectorAll("select.admin-autocomplete[multiple]")) {
  select.dataset.allowClear = "false";
}
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
    // The autocomplete (autocomplete_fields, select2) hides the <select> that the field's
    // <label> names and draws a combobox and a search box of its own, without a name: give
    // them the label's text.
    for (const select of document.querySelectorAll("select.admin-autocomplete")) {
      const label = select.id && document.querySelector(`label[for="${select.id}"]`);
      const drawn = select.nextElementSibling;
      if (!label || !drawn || !drawn.classList.contains("select2")) {
        continue;
      }
      const name = label.textContent.replace(/[\s:]+$/, "");
      for (const part of drawn.querySelectorAll("[role='combobox'], .select2-search__field")) {
        part.setAttribute("aria-label", name);
      }
    }
  }, 0);
});
