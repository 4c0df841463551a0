/*
 * The rich-text editor in the admin, made accessible in French.
 *
 * The editor names its toolbar buttons in English (title and aria-label) without going
 * through gettext, and its editing area has no accessible name: this renames the buttons and
 * ties the area to the field's label and help text as the editor draws them. Without
 * JavaScript there is no editor, only the plain text area, so nothing is lost.
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
    root.querySelectorAll(".prose-menubar *").forEach(function (element) {
      // The block-type menu lists its choices as plain text.
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

  new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      mutation.addedNodes.forEach(function (node) {
        if (node.nodeType === 1) {
          rename(node.parentNode || node);
          label(node.parentNode || node);
        }
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
