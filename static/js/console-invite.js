// The CSV preview's "Send" button names how many invitations it sends: the count changes
// with the box that includes candidates who already have an open invitation. Without
// JavaScript the button keeps its general label, which is true either way.
(function () {
  "use strict";
  var toggle = document.querySelector("[data-count-toggle]");
  var button = document.querySelector("[data-label-with]");
  if (!toggle || !button) {
    return;
  }
  function relabel() {
    button.textContent = toggle.checked ? button.dataset.labelWith : button.dataset.labelWithout;
  }
  toggle.addEventListener("change", relabel);
  relabel();
}());
