// Parley: say when a wide table or picture scrolls sideways inside its box (the page never does).
(function () {
  "use strict";
  function mark() {
    var boxes = document.querySelectorAll(".table-wrapper, .parley-scroll, .parley-figure");
    boxes.forEach(function (box) {
      var wide = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("parley-scrolls", wide);
      var before = box.previousElementSibling;
      var hasCue = before && before.classList && before.classList.contains("parley-scroll-cue");
      if (wide && !hasCue) {
        var cue = document.createElement("p");
        cue.className = "parley-scroll-cue";
        cue.textContent = box.querySelector("table")
          ? "Wide table: scroll it sideways to see every column →"
          : "Scroll the picture sideways to see all of it →";
        box.parentNode.insertBefore(cue, box);
      } else if (!wide && hasCue) {
        before.remove();
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
  window.addEventListener("resize", mark);
})();
