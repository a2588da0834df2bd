// Podcast Index's own feed parser, podcast-partytime (npm, pinned in package.json, installed by
// `npm ci`), reads every feed named on the command line; prints one JSON object, each path mapped
// to what the parser made of it (null: it refused the feed), so that a test session starts node once.
//
// partytime's feed object has no podcast:updateFrequency (5.0.0 parses no such tag): that one is
// taken from partytime's own XML layer, the tree its parser reads every other tag from.
"use strict";

const fs = require("fs");
const { parseFeed } = require("podcast-partytime");
const { parse } = require("podcast-partytime/dist/parser/xml-parser");

function updateFrequency(xml) {
  const tag = parse(xml).rss.channel["podcast:updateFrequency"];
  if (tag === undefined) {
    return null;
  }
  const attributes = {};
  for (const [name, value] of Object.entries(tag.attr || {})) {
    attributes[name.replace(/^@_/, "")] = value;
  }
  return { text: String(typeof tag === "object" ? tag["#text"] : tag), attributes };
}

const read = {};
for (const path of process.argv.slice(2)) {
  const xml = fs.readFileSync(path, "utf8");
  const feed = parseFeed(xml);
  read[path] = feed === null ? null : { feed, updateFrequency: updateFrequency(xml) };
}
process.stdout.write(JSON.stringify(read));
