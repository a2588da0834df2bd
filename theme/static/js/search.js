// The search page: our UI on Pagefind's JS API (pagefind.js, imported once needed; its own UI is
// 135 KB). The query lives in ?q=; a polite live region says the count. Excerpts are Pagefind's
// HTML (the site's text, escaped, with <mark>), shown as its UI does.
(function () {
  "use strict";
  var form = document.getElementById("recherche");
  if (!form) return;
  var field = form.elements.q, status = document.getElementById("recherche-etat"),
    list = document.getElementById("recherche-resultats"), api, turn = 0;

  function load() {
    // The page's URL, not this file's, resolves a relative bundle path (local builds).
    return api = api || import(new URL(form.dataset.bundle + "pagefind.js", location));
  }
  function el(tag, name, text) {
    var node = document.createElement(tag);
    if (name) node.className = name;
    node.textContent = text || "";
    return node;
  }
  function item(page) {
    var li = el("li", "search-result"), h = el("h2"), p = el("p", "search-result__excerpt"),
      a = el("a", "", page.meta.title || page.url);
    a.href = page.url;
    h.append(a);
    p.innerHTML = page.excerpt;
    if (page.meta.kind) li.append(el("p", "kicker", page.meta.kind));
    li.append(h, p);
    return li;
  }
  async function run(wait) {
    var words = field.value.trim(), mine = ++turn, found = null;
    history.replaceState(null, "", words ? "?q=" + encodeURIComponent(words) : location.pathname);
    try {
      if (words && !(found = await (await load()).debouncedSearch(words, {}, wait))) return; // replaced by a newer one
      var pages = await Promise.all((found ? found.results : []).slice(0, 20).map(function (r) { return r.data(); })),
        n = found ? found.results.length : 0;
      if (mine !== turn) return;
      list.replaceChildren.apply(list, pages.map(item));
      status.textContent = words ? (n ? n + (n > 1 ? " résultats" : " résultat") : "Aucun résultat") +
        " pour «\u00a0" + words + "\u00a0»" + (n > 20 ? ", les 20 premiers" : "") : "";
    } catch {
      status.textContent = "La recherche n'a pas pu se charger : rechargez la page.";
    }
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); run(0); });
  field.addEventListener("input", function () { run(300); });
  field.addEventListener("focus", load, { once: true });
  field.value = new URLSearchParams(location.search).get("q") || "";
  if (field.value.trim()) run(0);
})();
