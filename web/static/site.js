// Progressive enhancement only: every page works without this file.
// Live filter for the skills list (the server-side ?q= filter does the same without JS):
// each word typed, stemmed as learnpath.matching.text stems it, must start a word of the
// skill's data-text (the stems of its id, name, description, tags, aliases and tools).
(function () {
  "use strict";

  var SPELLING = {
    colour: "color", behaviour: "behavior", favour: "favor", centre: "center",
    catalogue: "catalog", licence: "license", defence: "defense", analyse: "analyze",
    analysing: "analyzing", analysed: "analyzed", modelling: "modeling",
    labelling: "labeling", travelling: "traveling", cancelling: "canceling",
    judgement: "judgment", email: "email"
  };
  var KEEP_ING = ["programming", "marketing", "engineering", "accounting", "networking",
    "consulting", "banking", "housing", "clothing", "wedding", "morning", "evening",
    "string", "spring", "during", "nothing", "something", "anything", "everything",
    "building"];
  var IZ = ["isations", "izations", "isation", "ization", "ising", "izing", "ised", "ized",
    "ises", "izes", "ise", "ize"];
  var WORD = /&|\.?[\p{L}\p{N}]+(?:['\u2019][\p{L}\p{N}]+)*(?:\+\+|\+|#)?/gu;
  var ALPHA = /^\p{L}+$/u;

  function ends(word, suffix) { return word.slice(-suffix.length) === suffix; }

  function undouble(word) {
    var last = word.charAt(word.length - 1);
    if (word.length >= 4 && last === word.charAt(word.length - 2) && last !== "s" && ALPHA.test(last)) {
      return word.slice(0, -1);
    }
    return word;
  }

  function stem(word) {
    if (ends(word, "'s")) word = word.slice(0, -2);
    word = word.replace(/'/g, "");
    if (Object.prototype.hasOwnProperty.call(SPELLING, word)) word = SPELLING[word];
    if (KEEP_ING.indexOf(word) !== -1) return word;
    if (word.length <= 3 || !ALPHA.test(word)) {
      return word.length === 3 && ends(word, "s") && word.charAt(1) !== "s" ? word.slice(0, -1) : word;
    }
    for (var k = 0; k < IZ.length; k++) {
      if (ends(word, IZ[k]) && word.length - IZ[k].length >= 3) {
        return word.slice(0, -IZ[k].length) + "iz";
      }
    }
    if (ends(word, "ies") && word.length > 4) word = word.slice(0, -3) + "y";
    else if (ends(word, "ations") && word.length >= 8) word = word.slice(0, -4);
    else if (ends(word, "ation") && word.length >= 7) word = word.slice(0, -3);
    else if (ends(word, "ing") && word.length >= 6) word = undouble(word.slice(0, -3));
    else if (ends(word, "ed") && word.length >= 6) word = undouble(word.slice(0, -2));
    else if (ends(word, "sses") || ends(word, "xes") || ends(word, "ches") || ends(word, "shes") || ends(word, "zes")) word = word.slice(0, -2);
    else if (ends(word, "s") && !ends(word, "ss") && !ends(word, "us") && !ends(word, "is")) word = word.slice(0, -1);
    if (ends(word, "e") && word.length >= 4) word = word.slice(0, -1);
    return word;
  }

  function terms(query) {
    var found = query.normalize("NFKC").toLowerCase().replace(/\u2019/g, "'").match(WORD) || [];
    return found.map(function (w) { return w === "&" ? "and" : stem(w); });
  }

  window.learnpathTerms = terms;  // for the browser test that keeps it in step with Python

  document.addEventListener("DOMContentLoaded", function () {
    // the save bar's "N ticked", kept up to date as boxes are ticked
    var count = document.querySelector("[data-ticked]");
    if (count) {
      var boxes = document.querySelectorAll("#skills-form input[type=checkbox]");
      var update = function () {
        var n = document.querySelectorAll("#skills-form input[type=checkbox]:checked").length +
          document.querySelectorAll("#skills-form input[type=hidden][name=skill]").length;
        count.textContent = n + " ticked";
      };
      boxes.forEach(function (box) { box.addEventListener("change", update); });
    }
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
      var wanted = terms(input.value);
      var shown = 0;
      items.forEach(function (li) {
        var text = li.getAttribute("data-text");
        var match = wanted.every(function (w) { return text.indexOf(" " + w) !== -1; });
        li.hidden = !match;
        if (match) shown += 1;
      });
      form.querySelectorAll("fieldset").forEach(function (fs) {
        fs.hidden = fs.querySelectorAll("li[data-text]:not([hidden])").length === 0;
      });
      status.textContent = wanted.length ? shown + " skills match" : "";
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
