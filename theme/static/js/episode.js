/* Episode page, progressive enhancement of the native <audio controls>.
 * Without this script a chapter or transcript link opens the audio file at "#t=<seconds>" (a media
 * fragment). With it, the link seeks the page's own player; the chapter and the passage being heard
 * are marked (aria-current), the chapter is announced politely; skip and speed controls appear. */
(function () {
  "use strict";

  var controls = document.querySelector(".player__controls[data-player]");
  var audio = controls && document.getElementById(controls.getAttribute("data-player"));
  if (!audio || typeof audio.play !== "function") return;
  controls.hidden = false;
  // The page says preload="none" so that the audio never competes with the page itself; once the
  // page is loaded, the player fetches its metadata (duration, seeking) as preload="metadata" would.
  function preload() {
    if (audio.preload === "none" && audio.paused && audio.currentTime === 0) { audio.preload = "metadata"; audio.load(); }
  }
  if (document.readyState === "complete") preload(); else window.addEventListener("load", preload);

  function seek(seconds, play) {
    seconds = Math.max(0, Math.min(seconds, audio.duration || Infinity));
    audio.currentTime = seconds;
    if (audio.readyState < 1) {
      // Before the metadata arrives the browser may drop the position: set it again once known.
      audio.addEventListener("loadedmetadata", function () { audio.currentTime = seconds; }, { once: true });
    }
    if (play) {
      var playing = audio.play();
      if (playing && playing.catch) playing.catch(function () {});
    }
  }

  controls.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-skip]");
    if (button) seek(audio.currentTime + parseFloat(button.getAttribute("data-skip")), false);
  });
  var speed = controls.querySelector("select[data-speed]");
  speed.addEventListener("change", function () { audio.playbackRate = parseFloat(speed.value); });
  // The browser resets the rate when the source loads: keep the listener's choice.
  audio.addEventListener("loadedmetadata", function () { audio.playbackRate = parseFloat(speed.value); });

  function startOf(link) {
    var match = /#t=([\d.]+)/.exec(link.getAttribute("href"));
    return match ? parseFloat(match[1]) : NaN;
  }

  var lists = [].slice.call(document.querySelectorAll("ol[data-player]"));
  var now = document.querySelector("[data-now]");
  lists.forEach(function (list) {
    list.links = [].slice.call(list.querySelectorAll("a[href*='#t=']"));
    list.addEventListener("click", function (event) {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      var link = event.target.closest("a[href*='#t=']");
      var seconds = link ? startOf(link) : NaN;
      if (!isFinite(seconds)) return;
      event.preventDefault();
      seek(seconds, true);
    });
  });

  // Mark what is being heard, for sight and for screen readers.
  function markCurrent() {
    var t = audio.currentTime + 0.25;
    lists.forEach(function (list) {
      var found = null;
      list.links.forEach(function (link) { if (startOf(link) <= t) found = link; });
      if (found === list.current) return;
      if (list.current) list.current.removeAttribute("aria-current");
      if (found) found.setAttribute("aria-current", "true");
      list.current = found;
      if (now && found && list.classList.contains("chapters__list")) {
        now.textContent = "Chapitre en cours : " + found.querySelector(".chapters__title").textContent;
      }
    });
  }
  audio.addEventListener("timeupdate", markCurrent);
  audio.addEventListener("seeked", markCurrent);
})();
