/*
 * The rich-text editor in the admin, made accessible in French.
 *
 * The editor names its toolbar buttons in English (title and aria-label) without going
 * through gettext, and its editing area has no accessible name: this renames the buttons
 * (never the icon names the icon font draws as glyphs), ties the area to the field's label
 * and help text, makes the buttons one toolbar with a single tab stop and arrow keys, says
 * whether each style button is on (aria-pressed), and names the block-style menu's button
 * apart from the choices it opens. Without JavaScript there is no editor, only the plain
 * text area, so nothing is lost.
 */
(function () {
  "use strict";
  var names = {
    "bold": "Gras",
    "italic": "Italique",
    "unordered list": "Liste à puces",
    "ordered list": "Liste numérotée",
    "blockquote": "Citation",
    "paragraph": "Paragraphe",
    "heading 2": "Intertitre de niveau 2",
    "heading 3": "Intertitre de niveau 3",
    "heading 4": "Intertitre de niveau 4",
    "insert link": "Insérer un lien",
    "remove link": "Retirer le lien",
    "undo": "Annuler",
    "redo": "Rétablir",
    "Heading 2": "Intertitre de niveau 2",
    "Heading 3": "Intertitre de niveau 3",
    "Heading 4": "Intertitre de niveau 4",
    "Paragraph": "Paragraphe",
    "Toggle fullscreen": "Plein écran"
  };

  function rename(root) {
    if (!root.querySelectorAll) {
      return;
    }
    root.querySelectorAll(".prose-menubar *:not(.material-icons)").forEach(function (element) {
      // The block-type menu lists its choices as plain text; an icon button's text is the
      // icon's name in the icon font, which must stay as it is.
      var french = element.children.length === 0 && names[element.textContent];
      if (french) {
        element.textContent = french;
      }
    });
    root.querySelectorAll(".prose-menubar [title], .prose-menubar [aria-label]").forEach(function (button) {
      ["title", "aria-label"].forEach(function (attribute) {
        var french = names[button.getAttribute(attribute)];
        if (french) {
          button.setAttribute(attribute, french);
        }
      });
    });
  }

  function label(root) {
    if (!root.querySelectorAll) {
      return;
    }
    root.querySelectorAll(".prose-editor").forEach(function (editor) {
      var textarea = editor.querySelector("textarea");
      var area = editor.querySelector("[contenteditable]");
      if (!textarea || !area || area.hasAttribute("aria-labelledby")) {
        return;
      }
      var fieldLabel = document.querySelector('label[for="' + textarea.id + '"]');
      if (fieldLabel) {
        fieldLabel.id = fieldLabel.id || textarea.id + "_label";
        area.setAttribute("aria-labelledby", fieldLabel.id);
      }
      var help = document.getElementById(textarea.id + "_helptext");
      if (help) {
        area.setAttribute("aria-describedby", help.id);
      }
    });
  }

  var TOGGLES = ["bold", "italic", "blockquote", "bulletList", "orderedList"];

  function buttons(bar) {
    // The toolbar's own buttons, not the block-style menu's choices, nor those hidden.
    return Array.prototype.filter.call(
      bar.querySelectorAll(".prose-menubar__button"),
      function (button) {
        return !button.classList.contains("hidden");
      }
    );
  }

  function setAttribute(element, name, value) {
    if (element.getAttribute(name) !== value) {
      element.setAttribute(name, value);
    }
  }

  function toolbar(root) {
    if (!root.querySelectorAll) {
      return;
    }
    var bars = root.matches && root.matches(".prose-menubar") ? [root] : [];
    bars = bars.concat(Array.prototype.slice.call(root.querySelectorAll(".prose-menubar")));
    if (!bars.length && root.closest) {
      var parent = root.closest(".prose-menubar");
      if (parent) {
        bars.push(parent);
      }
    }
    bars.forEach(function (bar) {
      setAttribute(bar, "role", "toolbar");
      setAttribute(bar, "aria-label", "Mise en forme du texte");
      var list = buttons(bar);
      var current = list.filter(function (button) {
        return button.getAttribute("tabindex") === "0";
      })[0] || list[0];
      list.forEach(function (button) {
        setAttribute(button, "tabindex", button === current ? "0" : "-1");
        if (TOGGLES.indexOf(button.dataset.name) !== -1) {
          setAttribute(button, "aria-pressed", button.classList.contains("active") ? "true" : "false");
        }
        if (button.classList.contains("prose-menubar__button--heading")) {
          // Its own name, not that of the style it shows (a choice of the menu has that one).
          setAttribute(button, "aria-label", "Style du paragraphe\u00a0: " + (names[button.title] || button.title));
          setAttribute(button, "aria-haspopup", "true");
        }
      });
      if (!bar.dataset.arrowKeys) {
        bar.dataset.arrowKeys = "on";
        bar.addEventListener("keydown", function (event) {
          var keys = { ArrowRight: 1, ArrowLeft: -1, Home: "first", End: "last" };
          var move = keys[event.key];
          var list = buttons(bar);
          var index = list.indexOf(document.activeElement);
          if (move === undefined || index === -1) {
            return;
          }
          event.preventDefault();
          var next = move === "first" ? 0 : move === "last" ? list.length - 1
            : (index + move + list.length) % list.length;
          list.forEach(function (button, position) {
            button.setAttribute("tabindex", position === next ? "0" : "-1");
          });
          list[next].focus();
        });
      }
    });
  }

  new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      if (mutation.type === "attributes") {
        toolbar(mutation.target);
        rename(mutation.target.parentNode || mutation.target);
        return;
      }
      mutation.addedNodes.forEach(function (node) {
        if (node.nodeType === 1) {
          rename(node.parentNode || node);
          label(node.parentNode || node);
          toolbar(node.parentNode || node);
        }
      });
    });
  }).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    // What the editor changes as the selection moves: the active style, the block style.
    attributeFilter: ["class", "title"],
  });
})();
