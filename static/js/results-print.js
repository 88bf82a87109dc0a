// The results page's "Print / Save as PDF" button: hidden in the HTML, shown only when this
// script runs (without JavaScript the browser's own Print command does the same, with the
// same print stylesheet). Folded answers open for printing in browsers whose print CSS
// cannot open a <details> (results-print.css does it where it can), and close again after.
(function () {
  "use strict";
  var opened = [];
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".results details:not([open])").forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });
})();
