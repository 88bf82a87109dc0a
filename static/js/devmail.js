// The development mailbox: size the HTML preview frame to its email, so the whole email
// (its footer too) shows without a second scroll bar. Without this script the frame keeps
// its CSS height and scrolls on its own. The frame is sandboxed without scripts; it is
// same-origin so that this page can measure it.
(function () {
  "use strict";
  var frame = document.querySelector("iframe.mail-html");
  if (!frame) { return; }
  function fit() {
    var doc = frame.contentDocument;
    if (!doc || !doc.documentElement) { return; }
    frame.style.height = doc.documentElement.scrollHeight + 2 + "px";
  }
  frame.addEventListener("load", fit);
  window.addEventListener("resize", fit);
  fit();
}());
