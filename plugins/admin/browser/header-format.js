/* The site's own front matter for the web editor: « Name: value » lines, then a blank line, then
   the Markdown body, as Pelican's Markdown reader (Python-Markdown's `meta`) reads them and as
   plugins/markdown_header.py parses them. Decap's own "frontmatter" format wants YAML, which none
   of our files are, and quotes a title such as « Épisode 2 : la suite ».

   A file opened and saved keeps its bytes: the editor gets one value per field, and the text it
   came from travels with them (under ORIGINAL); on saving, a field whose value did not change keeps
   its lines as written (key spelling, spaces, line endings), a changed one gets its one line (or
   its continuation lines) rewritten in place, an emptied one disappears, a new one goes after the
   others in the form's order. Fields the form does not know (a misspelt « Saison ») stay as they
   are, for the build to name. Loaded by node in the tests, by the browser on /admin/. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.CiteIaHeader = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var ORIGINAL = "fichier_d_origine";
  var BEGIN = /^-{3}(\s.*)?$/;
  var END = /^(-{3}|\.{3})(\s.*)?$/;
  var FIELD = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$/;
  var MORE = /^[ ]{4,}(.*)$/;

  // Python's str.strip() (the reader's): String.prototype.trim also drops U+FEFF, and keeps U+001C-U+001F.
  var SPACES = "[\\t\\n\\v\\f\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
  var EDGES = new RegExp("^" + SPACES + "+|" + SPACES + "+$", "g");
  function strip(text) {
    return text.replace(EDGES, "");
  }

  function splitLines(text) {
    return text.match(/[^\n]*\n|[^\n]+$/g) || [];
  }

  function withoutEnd(line) {
    return line.replace(/\r?\n$/, "").replace(/\r$/, "");
  }

  // The field as the form names it: the checks' spelling ("Title"), whatever case the file uses.
  function formName(key, known) {
    var lower = key.toLowerCase();
    for (var i = 0; i < known.length; i++) if (known[i].toLowerCase() === lower) return known[i];
    return key;
  }

  /* {start, fields: [{key, value, raw}], separator, body}: `start` is a byte-order mark and an
     opening « --- » line, `raw` a field's lines as written, `separator` the line that ended the
     header (blank, « --- » or « ... »; "" when the body starts at once or there is none). */
  function parse(text) {
    var start = "";
    if (text.charAt(0) === "\ufeff") { start = "\ufeff"; text = text.slice(1); }
    var lines = splitLines(text);
    var index = 0;
    if (lines.length && BEGIN.test(withoutEnd(lines[0]))) { start += lines[0]; index = 1; }
    var fields = [];
    var separator = "";
    for (; index < lines.length; index++) {
      var line = withoutEnd(lines[index]);
      if (!strip(line) || END.test(line)) { separator = lines[index]; index++; break; }
      var field = FIELD.exec(line);
      if (field) { fields.push({ key: field[1], value: strip(field[2]), raw: lines[index] }); continue; }
      var more = MORE.exec(line);
      if (more && fields.length) {
        var last = fields[fields.length - 1];
        last.value += "\n" + strip(more[1]);
        last.raw += lines[index];
        continue;
      }
      break;
    }
    return { start: start, fields: fields, separator: separator, body: lines.slice(index).join("") };
  }

  function lineEnding(text) {
    var first = /\r?\n/.exec(text);
    return first ? first[0] : "\n";
  }

  function textOf(value) {
    if (value === undefined || value === null) return "";
    return String(value);
  }

  // A value as header lines: continuation lines indented by 4 spaces; a blank line would end the header.
  function fieldLines(key, value, eol) {
    var parts = value.split(/\r?\n/).map(strip).filter(function (part) { return part !== ""; });
    return key + ": " + parts.join(eol + "    ") + eol;
  }

  function uuid() {
    if (typeof crypto !== "undefined" && crypto.randomUUID) return crypto.randomUUID();
    return require("crypto").randomUUID();
  }

  /* The format of one collection. `rules`: {fields: header fields in the form's order,
     generated: fields given a new uuid in a new file (an episode's Guid, as `invoke new-episode`),
     choices: {Field: [sentinel, helper field]}: a select's « new value » entry, whose text is in
     the helper field (never written itself), on_host: {Field: the address of this collection's
     folder on the media host}: an address pasted there is written as the path a person writes,
     relative to the episode (« https://medias…/podcasts/media/x.mp3 » -> « media/x.mp3 »), which
     the build then finds in the audio manifest}. */
  function format(rules) {
    var known = rules.fields;
    var generated = rules.generated || [];
    var choices = rules.choices || {};
    var onHost = rules.on_host || {};

    function relativeToHost(name, value) {
      var folder = onHost[name];
      if (!folder || value.indexOf(folder) !== 0 || value.length === folder.length) return value;
      var rest = value.slice(folder.length).split(/[?#]/)[0];
      try { return decodeURIComponent(rest); } catch (error) { return rest; }
    }

    function fromFile(text) {
      var doc = parse(text);
      var data = {};
      doc.fields.forEach(function (field) { data[formName(field.key, known)] = field.value; });
      data.body = doc.body;
      data[ORIGINAL] = text;
      return data;
    }

    // `fresh`: a file the editor creates; only then is a generated field given its value (a Guid
    // written later would change an episode's identity in every app).
    function wanted(data, name, fresh) {
      var value = strip(textOf(data[name]));
      var choice = choices[name];
      if (choice && value === choice[0]) value = strip(textOf(data[choice[1]]));
      if (!value && fresh && generated.indexOf(name) >= 0) value = uuid();
      return relativeToHost(name, value);
    }

    function toFile(data) {
      var original = typeof data[ORIGINAL] === "string" ? data[ORIGINAL] : null;
      var doc = original === null ? { start: "", fields: [], separator: "", body: "" } : parse(original);
      var before = original === null ? {} : fromFile(original);
      var eol = original === null ? "\n" : lineEnding(original);
      var out = doc.start;
      var written = {};
      doc.fields.forEach(function (field) {
        var name = formName(field.key, known);
        if (known.indexOf(name) < 0) { out += field.raw; return; } // not the form's: as written
        var value = wanted(data, name, false);
        if (value === before[name]) { out += field.raw; written[name] = true; return; }
        if (written[name] || !value) return; // changed: written once, where it was first; or emptied
        if (out && !/\n$/.test(out)) out += eol;
        out += fieldLines(field.key, value, eol);
        written[name] = true;
      });
      known.forEach(function (name) {
        if (written[name]) return;
        var value = wanted(data, name, original === null);
        if (!value) return;
        if (out && !/\n$/.test(out)) out += eol;
        out += fieldLines(name, value, eol);
      });
      var body = textOf(data.body);
      if (body !== doc.body) body = body.replace(/\r?\n/g, eol);
      var separator = doc.separator || (body ? eol : "");
      if (separator && out && !/\n$/.test(out)) out += eol;
      return out + separator + body;
    }

    return { fromFile: fromFile, toFile: toFile };
  }

  return { ORIGINAL: ORIGINAL, parse: parse, format: format };
});
