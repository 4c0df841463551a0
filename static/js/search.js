/*
 * Suggestions as you type in the "Trouver mon centre" box: the WAI-ARIA 1.2 combobox pattern
 * (a text box with a list of suggestions, selected by hand: "list autocomplete with manual
 * selection"). The box stays a plain search form without this script: it submits to the
 * directory, which reads the query by itself.
 *
 * Keys: Down and Up move through the suggestions (Alt+Down opens the list), Enter picks the one
 * highlighted and searches, Escape closes the list (and, when closed, empties the box).
 * The places come from /centres/suggestions/?q=… (JSON), asked for after a short pause.
 */
(function () {
  "use strict";

  var DELAY = 150; // milliseconds of quiet typing before asking
  var MIN_LENGTH = 2;

  function setUp(form) {
    var input = form.querySelector("[data-combobox]");
    var url = form.getAttribute("data-suggestions");
    if (!input || !url || !window.fetch || !window.URLSearchParams) { return; }

    var listbox = document.createElement("ul");
    listbox.id = input.id + "-suggestions";
    listbox.className = "combobox__list";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", "Suggestions de lieux");
    listbox.hidden = true;
    input.parentNode.appendChild(listbox);

    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.parentNode.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    var timer = null;
    var asked = 0; // the number of the latest request: older answers are dropped
    var active = -1;

    function options() { return listbox.querySelectorAll("[role='option']"); }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      if (!options().length) { return; }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function highlight(index) {
      var all = options();
      if (!all.length) { return; }
      active = (index + all.length) % all.length;
      all.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function pick(option) {
      input.value = option.getAttribute("data-value");
      close();
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    }

    function show(items) {
      listbox.textContent = "";
      items.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = listbox.id + "-" + i;
        option.className = "combobox__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-value", item.value);
        option.textContent = item.label;
        listbox.appendChild(option);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      status.textContent = items.length
        ? items.length + (items.length > 1 ? " suggestions" : " suggestion") +
          "\u00a0: flèches haut et bas pour les parcourir, Entrée pour choisir."
        : "";
      if (items.length) { open(); } else { close(); }
    }

    function ask() {
      var query = input.value.trim();
      if (query.length < MIN_LENGTH) { show([]); return; }
      var number = ++asked;
      fetch(url + "?" + new URLSearchParams({ q: query }).toString(), {
        headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          if (number === asked && document.activeElement === input) { show(data.suggestions); }
        })
        .catch(function () { show([]); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var count = options().length;
      if (event.key === "ArrowDown") {
        if (!count) { return; }
        event.preventDefault();
        if (listbox.hidden) { open(); if (event.altKey) { return; } }
        highlight(active + 1);
      } else if (event.key === "ArrowUp") {
        if (!count) { return; }
        event.preventDefault();
        if (listbox.hidden) { open(); }
        highlight(active < 0 ? count - 1 : active - 1);
      } else if (event.key === "Enter") {
        if (!listbox.hidden && active >= 0) {
          event.preventDefault();
          pick(options()[active]);
        } else {
          close();
        }
      } else if (event.key === "Escape") {
        if (!listbox.hidden) { event.preventDefault(); close(); }
        else if (input.value) { event.preventDefault(); input.value = ""; }
      }
    });

    // mousedown, not click: the box would lose its focus (and close the list) first.
    listbox.addEventListener("mousedown", function (event) {
      var option = event.target.closest("[role='option']");
      if (option) { event.preventDefault(); pick(option); }
    });

    input.addEventListener("blur", close);
    form.addEventListener("submit", function () { clearTimeout(timer); asked++; close(); });
  }

  document.querySelectorAll("form[data-suggestions]").forEach(setUp);
})();
