"""The web editor's header format (plugins/admin/browser/header-format.js) run by node, as the
browser runs it: files read into the form's values, written back unchanged and changed, and a new
file written from the form's values."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from sitebuild import PROJECT

FORMAT = PROJECT / "plugins" / "admin" / "browser" / "header-format.js"

# Reads {"format": rules, "files": {name: text}, "changes": {field: value}, "new": data} on stdin.
SCRIPT = """
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const format = require(process.argv[1]).format(input.format);
const out = {unchanged: {}, changed: {}, data: {}};
for (const [name, text] of Object.entries(input.files)) {
  const data = format.fromFile(text);
  out.data[name] = data;
  out.unchanged[name] = format.toFile(data);
  out.changed[name] = format.toFile(Object.assign({}, data, input.changes));
}
out.created = format.toFile(input.new);
process.stdout.write(JSON.stringify(out));
"""


def run_format(rules: dict, files: dict[str, str], changes: dict, new: dict) -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node not found: the web editor's tests need Node.js (apt-get install nodejs npm)", pytrace=False)
    done = subprocess.run([node, "-e", SCRIPT, str(FORMAT)], input=json.dumps(
        {"format": rules, "files": files, "changes": changes, "new": new}), capture_output=True, text=True, check=True)
    return json.loads(done.stdout)
