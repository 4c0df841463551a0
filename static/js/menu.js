/*
 * The header's menu on a phone (templates/includes/header.html): folded behind the « Menu »
 * button, which says whether it is open (aria-expanded). Escape closes it and gives the focus
 * back to the button. Without this script the button stays hidden and the menu is shown.
 * Wide screens show the menu whatever the button says (static/css/site.css hides it there).
 */
(function () {
  "use strict";
  var header = document.querySelector("[data-menu]");
  var button = header && header.querySelector("[data-menu-button]");
  if (!button) {
    return;
  }

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    header.classList.toggle("site-header--open", open);
  }

  header.classList.add("site-header--js");
  button.hidden = false;
  setOpen(false);
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  header.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
