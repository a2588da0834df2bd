/* Every page, progressive enhancement: without this script the menu shows all its items and the
 * feed address is a read-only field to select by hand. */
(function () {
  "use strict";

  // Main menu: on a phone, site.css folds it behind this button from the first paint (where the
  // browser says scripts run: a browser without the scripting media feature shows the whole menu).
  var toggle = document.querySelector(".site-nav__toggle");
  if (toggle) {
    toggle.hidden = false;
    var setOpen = function (open) { toggle.setAttribute("aria-expanded", open ? "true" : "false"); };
    toggle.addEventListener("click", function () { setOpen(toggle.getAttribute("aria-expanded") !== "true"); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") { setOpen(false); toggle.focus(); }
    });
  }

  // The feed address, absolute (a local build links it relatively), and a button that copies it.
  var field = document.querySelector("input[data-feed]");
  if (!field) return;
  var link = document.querySelector("a[data-feed-link]");
  if (link) field.value = link.href;
  field.addEventListener("focus", function () { field.select(); });
  var button = document.querySelector("button[data-copy]");
  var status = document.querySelector(".feed-copy__status");
  if (!button || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(function () {
      status.textContent = "Adresse copiée : collez-la dans votre application de podcast.";
    }, function () {
      field.focus();
      status.textContent = "Copie impossible : l'adresse est sélectionnée, copiez-la (Ctrl+C ou ⌘+C).";
    });
  });
})();
