// Progressive enhancement only: every page works without this file.
// Live filter for the skills list (the server-side ?q= filter does the same without JS).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.querySelector("input[data-filter]");
    if (!input) return;
    var form = document.querySelector(input.getAttribute("data-filter"));
    if (!form) return;
    var items = form.querySelectorAll("li[data-text]");
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    status.className = "hint";
    input.form.appendChild(status);
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (li) {
        var text = li.getAttribute("data-text");
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        li.hidden = !match;
        if (match) shown += 1;
      });
      form.querySelectorAll("fieldset").forEach(function (fs) {
        fs.hidden = fs.querySelectorAll("li[data-text]:not([hidden])").length === 0;
      });
      status.textContent = words.length ? shown + " skills match" : "";
    });
  });
})();

// Narrow screens show each table row as a card (site.css); each cell is labelled with its
// column heading. Templates may write data-label themselves; this fills in the rest.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("main table").forEach(function (table) {
      var heads = table.querySelectorAll("thead th");
      if (!heads.length) return;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, k) {
          if (!cell.hasAttribute("data-label") && heads[k]) {
            cell.setAttribute("data-label", heads[k].textContent.trim());
          }
        });
      });
    });
  });
})();
