/* The essay's word count (docs/candidate-experience.md, "Essays"): the count under the
   field follows every keystroke; screen readers hear it only after a pause in typing, or
   at once when the text crosses a word limit, never on each keystroke. */
(function () {
  "use strict";

  // Words are what lies between runs of whitespace, and whitespace is exactly what
  // Python's str.isspace() calls so: app.questions.text.count_words (the results page and
  // the reviewers' count) is len(text.split()). JavaScript's \s differs (it includes
  // U+FEFF and leaves out U+001C-U+001F and U+0085), hence the explicit class.
  var SPACE = /[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
  var PAUSE_MS = 1500;

  function countWords(text) {
    return text.split(SPACE).filter(function (word) { return word !== ""; }).length;
  }
  window.assayCountWords = countWords;  // tests/e2e/test_phone_essay.py compares it with Python

  var field = document.getElementById("answer");
  var shown = document.getElementById("word-count");
  var live = document.getElementById("word-count-live");
  if (!field || !shown || !live) { return; }
  var data = shown.dataset;
  var min = parseInt(data.min, 10) || 0;
  var max = parseInt(data.max, 10) || 0;
  // The page renders "N words" for 1, 2 and 5; a count takes the form of the one with the
  // same plural category in the page's language (21 like 1 in Ukrainian, like 5 in English).
  var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang) : null;

  function words(n) {
    var form = n === 1 ? data.n1 : data.n5;
    if (rules) {
      var category = rules.select(n);
      form = [data.n1, data.n2, data.n5][[1, 2, 5].map(function (k) { return rules.select(k); }).indexOf(category)] || form;
    }
    return form.replace("{n}", String(n));
  }

  function stateOf(n) {
    if (min && n < min) { return "under"; }
    if (max && n > max) { return "over"; }
    return min || max ? "within" : "";
  }

  var state = data.state || "";
  var said = "";
  var timer = 0;

  function say(text) {
    if (text !== said) { said = text; live.textContent = text; }
  }

  field.addEventListener("input", function () {
    var n = countWords(field.value);
    var next = stateOf(n);
    var text = words(n) + (next ? " — " + data[next] : "");
    shown.textContent = text;
    shown.setAttribute("data-state", next);
    clearTimeout(timer);
    if (next !== state) {
      state = next;
      say(text);
    } else {
      timer = setTimeout(function () { say(text); }, PAUSE_MS);
    }
  });
})();
