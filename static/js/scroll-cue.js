// A wide table scrolls inside its own box. Show the written cue next to it only while
// it really is wider than its box (it changes with the window and the text size).
(function () {
  function update(box) {
    var cue = document.getElementById(box.getAttribute("data-scroll-cue"));
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("is-scrollable", scrolls);
    if (cue) cue.hidden = !scrolls;
  }
  function start() {
    var boxes = document.querySelectorAll("[data-scroll-cue]");
    Array.prototype.forEach.call(boxes, function (box) {
      update(box);
      if (window.ResizeObserver) new ResizeObserver(function () { update(box); }).observe(box);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
