/* The web editor's start: Decap CMS started by hand (CMS_MANUAL_INIT), with our header format for
   each collection (header-format.js), the site's stylesheet in its preview, and uploads named as
   `invoke new-episode` names them (file-names.js). Loaded before decap-cms.js, on /admin/ only. */
(function () {
  "use strict";
  window.CMS_MANUAL_INIT = true;

  var fileNames = null; // the build's rule for upload names (config.yml's cite_ia_file_names)

  // Before Decap's own handler (React listens on its root): the chosen file, renamed.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.files || !fileNames) return;
    var renamed = new DataTransfer();
    var changed = false;
    Array.prototype.forEach.call(input.files, function (file) {
      var name = window.CiteIaFileNames.safeFileName(file.name, fileNames);
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
        fileNames = config.cite_ia_file_names;
        delete config.cite_ia_headers;
        delete config.cite_ia_file_names;
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
