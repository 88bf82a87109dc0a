/* Assay candidate pages: progressive enhancement over plain forms that work without it;
   docs/candidate-experience.md says what it adds. No framework, no third party. */
(function () {
  "use strict";
  var tz = document.getElementById("tz");
  if (tz) { try { tz.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"; } catch (e) { /* UTC */ } }
  var root = document.getElementById("take");
  if (!root || !window.fetch) return;
  var d = root.dataset, form = document.getElementById("answer-form");
  var csrf = document.querySelector("input[name=csrf_token]");
  var statusEl = document.getElementById("save-status"), alertEl = document.getElementById("timer-alert");
  var clockEl = document.getElementById("clock"), timerEl = document.getElementById("timer");
  var storeKey = "assay:" + d.attempt, queue = load(), sending = null, retryTimer = null, failures = 0;
  var firstFailAt = 0, events = [], ended = false, version = 0, hiddenAt = 0, redirecting = false;
  var lastContact = now();
  var field = document.getElementById("answer"), savedHere = false;
  var flagBtn = document.getElementById("btn-flag"), nav = document.getElementById("navigator");
  var navButton = nav && nav.querySelector("[aria-current]"), flagSaved = pressed();

  function now() { return performance.now(); }
  function load() { try { return JSON.parse(localStorage.getItem(storeKey) || "{}"); } catch (e) { return {}; } }
  function persist() { try { localStorage.setItem(storeKey, JSON.stringify(queue)); } catch (e) { /* memory only */ } }
  function say(text, offline) {
    if (!statusEl) return;
    statusEl.textContent = text;
    statusEl.classList.toggle("is-offline", !!offline);
  }
  function post(url, body, keepalive) {
    var ctl = window.AbortController ? new AbortController() : null;
    var timer = ctl && setTimeout(function () { ctl.abort(); }, 15000);
    return fetch(url, {
      method: "POST", credentials: "same-origin", keepalive: !!keepalive, signal: ctl && ctl.signal,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
      body: JSON.stringify(body)
    }).then(function (r) {
      clearTimeout(timer);
      return r.json().catch(function () { return {}; }).then(function (j) { j.status = r.status; return j; });
    }, function (err) { clearTimeout(timer); throw err; });
  }
  function offlineMs() { return firstFailAt ? Math.round(now() - firstFailAt) : 0; }
  function reachable(j) {
    firstFailAt = 0; failures = 0; lastContact = now();
    if (typeof j.remaining_seconds === "number") setDeadline(j.remaining_seconds);
    if (j.take_url && (j.state !== "in_progress" || String(j.section) !== d.section)) leave(j.take_url);
  }
  function unreachable() {
    if (!firstFailAt) firstFailAt = now();
    failures++;
    say(d.msgOffline, true);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, Math.min(30000, 1000 * Math.pow(2, failures)) + Math.random() * 500);
  }
  function leave(url) { if (!redirecting) { redirecting = true; setTimeout(function () { location.href = url; }, 2500); } }

  /* Background saving: one request at a time, newest answer per question wins. */
  function flush() {
    if (sending || !d.saveUrl) return sending || Promise.resolve();
    var qid = Object.keys(queue)[0];
    if (!qid) return Promise.resolve();
    var entry = queue[qid];
    say(d.msgSaving);
    sending = post(d.saveUrl, { question_id: qid, answer: entry.a, flagged: entry.f, offline_ms: offlineMs() }).then(function (j) {
      sending = null;
      var st = j.status;
      if (st >= 500) return unreachable();
      if (st === 400 || st === 403) { say(j.error === "csrf_failed" ? j.message : d.msgOffline, true); return; } /* keep it for later */
      if (queue[qid] && queue[qid].v === entry.v) delete queue[qid];
      persist();
      if (st === 200) {
        say(d.msgSaved);
        if (qid === d.question) {
          savedHere = true; invalid(false);
          if (entry.f !== undefined) flagSaved = entry.f;
          if (navButton && typeof j.answered === "boolean") showState(j.answered);
        }
        reachable(j);
      }
      else if (st === 422 && qid === d.question) { refused(j.message || ""); if (entry.f !== undefined) showFlag(flagSaved); }
      else { say(j.message || "", true); if (st === 409) reachable(j); }
      return flush();
    }, function () { sending = null; unreachable(); });
    return sending;
  }
  /* A refused answer stays in its field; the reason is said, and tied to the field. */
  function refused(msg) {
    var shown = document.getElementById("answer-error");
    if (shown && shown.textContent.indexOf(msg) >= 0) return say(""); /* the page says it */
    say(msg, true);
    invalid(true);
  }
  function invalid(on) { /* the page's own message, if any, is out of date now */
    var shown = document.getElementById("answer-error");
    if (shown) shown.parentNode.removeChild(shown);
    if (!field) return;
    field.setAttribute("aria-describedby", field.getAttribute("aria-describedby").replace(/ (save-status|answer-error)/g, "") + (on ? " save-status" : ""));
    if (on) field.setAttribute("aria-invalid", "true"); else field.removeAttribute("aria-invalid");
  }
  /* The answer in its stored shape, named by the type's partial (data-answer). */
  function answer() {
    var s = d.answer, out = s === "parts" ? {} : [], i, x, all = form.querySelectorAll(
      s === "parts" ? "[data-part]" : s === "order" ? "select" : "input[name=answer]:checked");
    if (s === "text") return form.elements.answer ? form.elements.answer.value : null;
    for (i = 0; (x = all[i]); i++) {
      if (s === "parts") out[x.dataset.part] = x.value;
      else if (s !== "order") out.push(x.value);
      else if (x.value) out.push([+x.value, x.name.slice(9)]);
      else return undefined; /* incomplete: the server would refuse it */
    }
    if (s === "order") return out.sort(function (a, b) { return a[0] - b[0]; }).map(function (p) { return p[1]; });
    if (s === "choices" || s === "parts") return out;
    return out.length ? (s === "boolean" ? out[0] === "true" : out[0]) : null;
  }
  var debounce = null;
  function changed(e) {
    clearTimeout(debounce);
    debounce = setTimeout(function () {
      var a = answer();
      if (a === undefined) return;
      queue[d.question] = { a: a, f: queue[d.question] && queue[d.question].f, v: ++version + ":" + Date.now() };
      persist();
      flush();
    }, e && e.type === "input" ? 800 : 50);
  }

  /* Flag in place, saved with the answer; one the server would refuse posts the form. */
  function pressed() { return !!flagBtn && flagBtn.getAttribute("aria-pressed") === "true"; }
  function showFlag(on) {
    var h = document.getElementById("question-title"), note = h.querySelector(".flag-note");
    flagBtn.setAttribute("aria-pressed", on);
    flagBtn.textContent = flagBtn.dataset[on ? "on" : "off"];
    if (note && !on) h.removeChild(note);
    if (!note && on) { note = h.appendChild(document.createElement("span")); note.className = "flag-note"; note.textContent = " \u2691 " + nav.dataset.flagged; }
    showState();
  }
  function showState(answered) { /* this question's entry, as _navigator.html renders it */
    var n = nav.dataset, on = pressed(), c = navButton.classList;
    if (answered === undefined) answered = c.contains("is-answered");
    c.toggle("is-answered", answered);
    c.toggle("is-flagged", on);
    navButton.lastChild.textContent = ", " + (answered ? n.answered : n.unanswered) + (on ? ", " + n.flagged : "") + ", " + n.current;
  }
  if (navButton && form) flagBtn.addEventListener("click", function (e) {
    var a = answer();
    if (a === undefined || ended) return;
    e.preventDefault();
    showFlag(!pressed());
    queue[d.question] = { a: a, f: pressed(), v: ++version + ":" + Date.now() };
    persist();
    flush();
  });
  if (form) {
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("paste", function (e) {
      var text = (e.clipboardData || window.clipboardData).getData("text") || "";
      record({ kind: "paste", chars: text.length, question_id: d.question });
    });
    form.addEventListener("submit", function (e) {
      if (ended) return;
      if (firstFailAt) { e.preventDefault(); say(d.msgOffline, true); flush(); return; }
      if (sending) {
        e.preventDefault();
        var by = e.submitter;
        Promise.race([sending, new Promise(function (r) { setTimeout(r, 3000); })]).then(function () {
          if (by && by.name) { var h = document.createElement("input"); h.type = "hidden"; h.name = by.name; h.value = by.value; form.appendChild(h); }
          form.submit();
        });
      }
      heartbeat(true);
    });
  }

  /* The countdown: the server says how many seconds are left; a monotonic clock counts. */
  var deadline = null, warned = {};
  function setDeadline(seconds) { deadline = now() + seconds * 1000; tick(); }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    if (deadline === null || !timerEl) return;
    var left = Math.max(0, Math.ceil((deadline - now()) / 1000));
    var h = Math.floor(left / 3600), m = Math.floor(left % 3600 / 60), s = left % 60;
    timerEl.textContent = (h ? h + ":" + pad(m) : m) + ":" + pad(s);
    clockEl.classList.toggle("is-low", left <= 300);
    if (left <= 300 && left > 60 && !warned[5]) { warned[5] = 1; alertEl.textContent = d.msgFive; }
    if (left <= 60 && left > 0 && !warned[1]) { warned[1] = 1; alertEl.textContent = d.msgOne; }
    if (left === 0) timeUp();
  }
  function timeUp() {
    if (ended) return;
    ended = true;
    alertEl.textContent = d.msgZero;
    Promise.race([flush(), new Promise(function (r) { setTimeout(r, 5000); })]).then(function () {
      if (form) {
        var h = document.createElement("input");
        h.type = "hidden"; h.name = "move"; h.value = "timeout";
        form.appendChild(h);
        form.submit();
      } else { location.href = d.takeUrl; }
    });
  }
  if (clockEl && clockEl.dataset.remaining !== "") {
    var initial = +clockEl.dataset.remaining;
    warned[5] = initial <= 300; warned[1] = initial <= 60;
    setDeadline(initial);
    setInterval(tick, 500);
  }

  /* Integrity signals, recorded and disclosed, never acted on here. */
  function record(ev) { ev.at = now(); if (events.length < 200) events.push(ev); }
  function away() { if (!hiddenAt) hiddenAt = now(); }
  function back() {
    if (hiddenAt) { record({ kind: "focus_lost", duration_ms: Math.round(now() - hiddenAt) }); hiddenAt = 0; heartbeat(); }
  }
  window.addEventListener("blur", away);
  window.addEventListener("focus", back);
  document.addEventListener("visibilitychange", function () { if (document.hidden) away(); else back(); });
  document.addEventListener("copy", function () {
    var sel = window.getSelection(), prompt = document.getElementById("prompt");
    if (sel && prompt && sel.anchorNode && prompt.contains(sel.anchorNode)) {
      record({ kind: "copy", chars: String(sel).length, question_id: d.question });
    }
  });
  function heartbeat(keepalive) {
    var batch = events.splice(0, 50), t = now();
    var body = { offline_ms: offlineMs(), events: batch.map(function (ev) {
      var out = { kind: ev.kind, ago_ms: Math.round(t - ev.at) };
      for (var k in ev) if (k !== "at" && k !== "kind") out[k] = ev[k];
      return out;
    }) };
    return post(d.heartbeatUrl, body, keepalive).then(function (j) {
      if (j.status === 200) { reachable(j); if (!Object.keys(queue).length) say(""); flush(); }
      else if (j.status >= 500) { events = batch.concat(events); unreachable(); }
    }, function () { events = batch.concat(events); unreachable(); });
  }
  /* No heartbeat just after a save: it told the server the page is alive. */
  setInterval(function () { if (!ended && (events.length || now() - lastContact > 1e4)) heartbeat(); }, 15000);
  window.addEventListener("online", function () { heartbeat(); });
  window.addEventListener("pagehide", function () { if (events.length && !ended) heartbeat(true); });

  /* Shortcuts: Alt+N/P/F/R (by key position, so any keyboard layout), never in text fields;
     listed only now that they work. */
  if (form) document.getElementById("shortcuts").hidden = false;
  document.addEventListener("keydown", function (e) {
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    var t = e.target;
    if (t && (t.tagName === "TEXTAREA" || (t.tagName === "INPUT" && t.type === "text") || t.isContentEditable)) return;
    /* Review: its own button, or "Save and review section" on a section's last question. */
    var sel = { KeyN: "#btn-next", KeyP: "#btn-prev", KeyF: "#btn-flag", KeyR: "[value=review]" }[e.code];
    var button = sel && document.querySelector(sel);
    if (button) { e.preventDefault(); button.click(); }
  });

  /* From another page of the test (not Start): focus the heading, so Tab goes to the answer. */
  if (form && document.activeElement === document.body && /\/take\//.test(document.referrer)) document.getElementById("question-title").focus();

  /* A reload found answers this browser had not sent yet: show this question's, send them,
     then show the page again from the server if it was saved (once, never in a loop). */
  var again = null;
  try { again = sessionStorage.getItem(storeKey); sessionStorage.removeItem(storeKey); } catch (e) { again = "1"; }
  var pendingHere = form && queue[d.question];
  if (pendingHere && typeof pendingHere.a === "string" && form.elements.answer) form.elements.answer.value = pendingHere.a;
  if (Object.keys(queue).length) flush().then(function () {
    if (pendingHere && savedHere && !again && !queue[d.question] && !firstFailAt) {
      try { sessionStorage.setItem(storeKey, "1"); } catch (e) { return; }
      location.replace(location.href);
    }
  });
}());
