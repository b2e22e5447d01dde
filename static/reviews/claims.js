// The editor's claims list: the header box ticks or clears every claim on the page (bulk actions).
(function () {
  "use strict";
  const all = document.getElementById("tick-all");
  if (!all) return;
  all.addEventListener("change", function () {
    document.querySelectorAll('#bulk-form input[name="claims"]').forEach(function (box) { box.checked = all.checked; });
  });
})();
