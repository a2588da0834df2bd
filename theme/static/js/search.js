// The search page: starts Pagefind's default UI (pagefind-ui.js, loaded just before this file) in
// #recherche and searches the words the header's search field sent (?q=…). No inline script: the
// pages' Content-Security-Policy allows scripts from the site only ('wasm-unsafe-eval' lets
// Pagefind run its WebAssembly, connect-src 'self' lets it fetch its index).
(function () {
  "use strict";
  var root = document.getElementById("recherche");
  if (!root || typeof window.PagefindUI !== "function") {
    return;
  }
  var fallback = root.querySelector(".search__fallback");
  if (fallback) {
    fallback.remove();
  }
  var ui = new window.PagefindUI({
    element: "#recherche",
    bundlePath: root.getAttribute("data-bundle"),
    showImages: false,
    showSubResults: true,
    resetStyles: false,
    autofocus: true
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query && query.trim()) {
    ui.triggerSearch(query.trim());
  }
})();
