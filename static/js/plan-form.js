// The plan form: an area's fields show once the area is chosen ("Prioritera …"), so the
// form holds only what is being written. Without JavaScript every field shows.
(function () {
  "use strict";
  document.querySelectorAll("[data-plan-row]").forEach(function (row) {
    var include = row.querySelector('input[type="checkbox"][name$="_include"]');
    var fields = row.querySelector("[data-plan-row-fields]");
    if (!include || !fields) {
      return;
    }
    var hasError = fields.querySelector(".field--error, [aria-invalid='true']") !== null;
    function sync() {
      fields.hidden = !include.checked && !hasError;
    }
    include.addEventListener("change", function () {
      hasError = false;
      sync();
    });
    sync();
  });
})();
