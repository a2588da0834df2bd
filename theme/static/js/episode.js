/* Episode page, progressive enhancement.
 * Without this script, a chapter link opens the audio file at "#t=<seconds>" (a media fragment).
 * With it, the link seeks the page's own player, and the chapter being heard is marked.
 * The podcast feed address is also shown in full, ready to copy into a podcast app. */
(function () {
  "use strict";

  // Show the feed URL absolute (the page itself may link to it relatively).
  var feeds = document.querySelectorAll("a[data-absolute-url]");
  for (var f = 0; f < feeds.length; f++) {
    feeds[f].textContent = feeds[f].href;
  }

  var list = document.querySelector(".chapters__list[data-player]");
  if (!list) return;
  var audio = document.getElementById(list.getAttribute("data-player"));
  if (!audio || typeof audio.play !== "function") return;
  var links = list.querySelectorAll("a[data-start]");
  if (!links.length) return;

  function seek(seconds) {
    if (audio.readyState >= 1) {
      audio.currentTime = seconds;
    } else {
      // Before the metadata arrives the browser keeps the position as the start position;
      // set it again once it is known, in case the browser dropped it.
      audio.currentTime = seconds;
      audio.addEventListener("loadedmetadata", function () { audio.currentTime = seconds; }, { once: true });
    }
    var playing = audio.play();
    if (playing && typeof playing.catch === "function") playing.catch(function () {});
  }

  list.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest ? event.target.closest("a[data-start]") : null;
    if (!link) return;
    var seconds = parseFloat(link.getAttribute("data-start"));
    if (!isFinite(seconds)) return;
    event.preventDefault();
    seek(seconds);
  });

  // Mark the chapter being heard, for sight and for screen readers.
  var current = null;
  function markCurrent() {
    var t = audio.currentTime, found = null;
    for (var i = 0; i < links.length; i++) {
      if (parseFloat(links[i].getAttribute("data-start")) <= t + 0.25) found = links[i];
    }
    if (found === current) return;
    if (current) current.removeAttribute("aria-current");
    if (found) found.setAttribute("aria-current", "true");
    current = found;
  }
  audio.addEventListener("timeupdate", markCurrent);
  audio.addEventListener("seeked", markCurrent);
})();
