// A "copy" button for a read-only field: shown only where the browser can copy.
(function () {
  "use strict";
  var script = document.currentScript;
  var done = script ? script.getAttribute("data-copied-text") : "";
  if (!navigator.clipboard) return;
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.querySelector('[data-copied="' + field.id + '"]');
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        if (status) status.textContent = done;
      }, function () {
        field.select();
      });
    });
  });
})();
