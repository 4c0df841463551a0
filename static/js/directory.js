/*
 * The directory without full reloads, and the map's caption.
 * The page works without this script: forms submit, links navigate. With it, a change of
 * filter or a search fetches the same page and swaps the results in, keeping the URL (and the
 * back button) in step.
 */
(function () {
  "use strict";

  var results = document.querySelector("[data-results]");
  var filters = document.querySelector("[data-filters]");
  var search = document.querySelector("form.centre-search");

  function paramsOf(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "") { params.append(name, value); }
    });
    return params;
  }

  function load(url, push) {
    results.setAttribute("aria-busy", "true");
    return fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        [["[data-results]", results], ["[data-filters-q]"], ["[data-search-hidden]"]].forEach(
          function (pair) {
            var fresh = doc.querySelector(pair[0]);
            var current = pair[1] || document.querySelector(pair[0]);
            if (fresh && current) { current.innerHTML = fresh.innerHTML; }
          }
        );
        document.title = doc.title;
        var freshFilters = doc.querySelector("[data-filters]");
        if (freshFilters && filters) {
          freshFilters.querySelectorAll("select").forEach(function (select) {
            var mine = filters.querySelector("select[name='" + select.name + "']");
            if (mine) { mine.value = select.value; }
          });
        }
        var freshQ = doc.getElementById("centre-search-q");
        var q = document.getElementById("centre-search-q");
        if (freshQ && q && document.activeElement !== q) { q.value = freshQ.value; }
        var live = document.querySelector("[data-live]");
        var count = document.querySelector("[data-results-count]");
        if (live && count) { live.textContent = count.textContent; }
        if (push) { history.pushState({ directory: true }, "", url); }
        results.removeAttribute("aria-busy");
      })
      .catch(function () {
        window.location.href = url; // let the server answer in full
      });
  }

  if (results && filters && window.fetch && window.history && window.URLSearchParams) {
    var base = filters.getAttribute("action");
    filters.addEventListener("change", function () {
      load(base + "?" + paramsOf(filters).toString(), true);
    });
    filters.addEventListener("submit", function (event) {
      event.preventDefault();
      load(base + "?" + paramsOf(filters).toString(), true);
    });
    if (search) {
      search.addEventListener("submit", function (event) {
        event.preventDefault();
        var params = paramsOf(search);
        load(base + "?" + params.toString(), true).then(function () {
          var heading = document.getElementById("resultats-titre");
          if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
        });
      });
    }
    history.replaceState({ directory: true }, "", window.location.href);
    window.addEventListener("popstate", function (event) {
      if (event.state && event.state.directory) { load(window.location.href, false); }
    });
  }

  // A printed directory carries the day it was printed (the page may have been stored earlier).
  var printDate = document.querySelector("[data-print-date]");
  if (printDate) {
    window.addEventListener("beforeprint", function () {
      // French writes the first of the month « 1er ».
      printDate.textContent = new Date().toLocaleDateString("fr-FR", {
        day: "numeric", month: "long", year: "numeric"
      }).replace(/^1 /, "1er ");
    });
  }

  // The map: hovering or focusing a territory names its centre under the map.
  var map = document.querySelector("[data-map]");
  if (map) {
    var caption = map.querySelector("[data-map-caption]");
    var show = function (event) {
      var link = event.target.closest && event.target.closest(".map__link");
      if (link && caption) { caption.textContent = link.getAttribute("aria-label"); }
    };
    map.addEventListener("mouseover", show);
    map.addEventListener("focusin", show);
  }
})();
