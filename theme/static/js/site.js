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

  // Subscribe links: those that open on the visitor's system first, marked. The user agent is only
  // a hint, so every link stays; elsewhere (a computer…) the page's order is kept.
  var agent = navigator.userAgent, system = /Android/.test(agent) ? "android"
    : /iPhone|iPad|iPod/.test(agent) || (/Macintosh/.test(agent) && navigator.maxTouchPoints > 1) ? "ios"
    : /Macintosh/.test(agent) ? "macos" : "";
  [].forEach.call(system ? document.querySelectorAll("ul[data-apps]") : [], function (list) {
    [].slice.call(list.children).reverse().forEach(function (item) {
      if (item.getAttribute("data-systems").split(" ").indexOf(system) < 0) return;
      item.setAttribute("data-suggested", "");
      list.insertBefore(item, list.firstChild);
    });
  });

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
