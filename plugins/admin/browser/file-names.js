/* An upload's file name made safe for an address, as `invoke new-episode` makes it
   (plugins/new_content.py safe_file_name(): « Épisode 6 (final).MP3 » -> « episode-6-final.mp3 »).
   The rule's data (ligatures, length limit, fallback name) is Python's own, written by the build
   into the editor's config (cite_ia_file_names); tests/test_admin_file_names.py runs both on one
   table of names. Loaded by node in the tests, by the browser on /admin/. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.CiteIaFileNames = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // Python's slugify_fr(): ligatures spelt out, accents dropped (NFKD, then the combining marks),
  // lower case, every other run of characters one hyphen, cut at a hyphen past the limit.
  function slugify(text, rule) {
    var spelt = Array.from(text).map(function (c) {
      return Object.prototype.hasOwnProperty.call(rule.ligatures, c) ? rule.ligatures[c] : c;
    }).join("");
    var ascii = spelt.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    var slug = ascii.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    if (slug.length > rule.max_chars) {
      var cut = slug.slice(0, rule.max_chars + 1);
      slug = cut.indexOf("-") >= 0 ? cut.slice(0, cut.lastIndexOf("-")) : slug.slice(0, rule.max_chars);
    }
    return slug.replace(/^-+|-+$/g, "");
  }

  // pathlib's stem and suffix: no suffix for a name that starts or ends with its only dot.
  function safeFileName(name, rule) {
    var dot = name.lastIndexOf(".");
    var hasSuffix = dot > 0 && dot < name.length - 1;
    var stem = hasSuffix ? name.slice(0, dot) : name;
    var extension = hasSuffix ? name.slice(dot).toLowerCase() : "";
    return (slugify(stem, rule) || rule.fallback) + extension;
  }

  return { safeFileName: safeFileName };
});
