/* The web editor's start: Decap CMS started by hand (CMS_MANUAL_INIT), with our header format for
   each collection (header-format.js), the site's stylesheet in its preview, and uploads named as
   `invoke new-episode` names them. Loaded before decap-cms.js, on /admin/ only. */
(function () {
  "use strict";
  window.CMS_MANUAL_INIT = true;

  var LIGATURES = { "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O", "đ": "d", "ł": "l" };

  // plugins/new_content.py safe_file_name(): « Épisode 6 (final).MP3 » -> « episode-6-final.mp3 ».
  function safeFileName(name) {
    var dot = name.lastIndexOf(".");
    var stem = dot > 0 ? name.slice(0, dot) : name;
    var extension = dot > 0 ? name.slice(dot).toLowerCase() : "";
    var ascii = stem.replace(/[œŒæÆßøØđł]/g, function (c) { return LIGATURES[c]; })
      .normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    var slug = ascii.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    if (slug.length > 60) {
      var cut = slug.slice(0, 61);
      slug = cut.indexOf("-") >= 0 ? cut.slice(0, cut.lastIndexOf("-")) : slug.slice(0, 60);
      slug = slug.replace(/^-+|-+$/g, "");
    }
    return (slug || "episode") + extension;
  }
  window.citeIaSafeFileName = safeFileName;

  // Before Decap's own handler (React listens on its root): the chosen file, renamed.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.files) return;
    var renamed = new DataTransfer();
    var changed = false;
    Array.prototype.forEach.call(input.files, function (file) {
      var name = safeFileName(file.name);
      changed = changed || name !== file.name;
      renamed.items.add(name === file.name ? file : new File([file], name, { type: file.type, lastModified: file.lastModified }));
    });
    if (changed) input.files = renamed.files;
  }, true);

  function start() {
    fetch("config.yml", { cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (text) {
        var config = JSON.parse(text); // written as JSON by the build (plugins/admin/config.py)
        var headers = config.cite_ia_headers;
        delete config.cite_ia_headers;
        Object.keys(headers).forEach(function (name) {
          window.CMS.registerCustomFormat("cite-ia-" + name, "md", window.CiteIaHeader.format(headers[name]));
        });
        window.CMS.registerPreviewStyle("../theme/css/site.css");
        window.CMS.init({ config: config });
      });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
