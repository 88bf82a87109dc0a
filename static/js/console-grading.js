// The grading page: the sum of the points typed per rubric criterion, shown as they are
// typed. Only an aid: the server adds them up again and checks each one.
(function () {
  "use strict";
  var total = document.querySelector("[data-grade-total]");
  if (!total) { return; }
  var inputs = Array.prototype.slice.call(document.querySelectorAll(".criteria .points-input"));
  var format = new Intl.NumberFormat(document.documentElement.lang || undefined,
                                     {maximumFractionDigits: 2});
  function update() {
    var sum = 0;
    var complete = true;
    inputs.forEach(function (input) {
      var value = parseFloat(String(input.value).replace(",", "."));
      if (isNaN(value)) { complete = false; } else { sum += value; }
    });
    var template = total.getAttribute(complete ? "data-complete" : "data-partial") || "";
    total.textContent = template.replace("{points}", format.format(sum));
  }
  inputs.forEach(function (input) { input.addEventListener("input", update); });
  total.hidden = false;
  update();
}());
