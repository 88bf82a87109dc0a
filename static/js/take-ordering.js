/* Ordering questions: reorder by dragging a handle (mouse, pen or touch) or with each
   item's Move up / Move down buttons, announced politely. The position menus the page
   has without JavaScript stay in the form, hidden, and always hold the list's order:
   each move sets them and sends a "change", so take.js saves the full order as it saves
   any answer, and a form post or time running out sends the same order. A list never
   moved stays unanswered (its order is the shuffle, not the candidate's). */
(function () {
  "use strict";
  var box = document.getElementById("ordering");
  if (!box || !box.querySelector) return;
  var list = box.querySelector(".order-items"), live = document.getElementById("ordering-moved");
  var hint = document.getElementById("ordering-hint"), dragging = null;

  function items() { return Array.prototype.slice.call(list.children); }
  function menu(item) { return item.querySelector("select"); }
  function name(item) { return item.querySelector("label").textContent.trim(); }

  /* Start from an order take.js has not sent yet (it keeps them in localStorage, under
     "assay:<attempt>", by question), else the saved order when the menus hold one (each
     position once), else as drawn: the screen always shows the order that will be saved. */
  var start = items(), ids = start.map(function (item) { return item.dataset.item; });
  var take = document.getElementById("take"), pending = null, placed;
  try { pending = JSON.parse(localStorage.getItem("assay:" + take.dataset.attempt))[take.dataset.question].a; } catch (e) { /* none */ }
  if (pending && pending.slice && pending.slice().sort().join() === ids.slice().sort().join()) {
    placed = ids.map(function (id) { return pending.indexOf(id) + 1; });
  } else placed = start.map(function (item) { return +menu(item).value; });
  if (placed.slice().sort(function (a, b) { return a - b; }).every(function (p, i) { return p === i + 1; })) {
    start.forEach(function (item, i) { list.appendChild(start[placed.indexOf(i + 1)]); menu(item).value = String(placed[i]); });
  }

  /* The menus follow the list, then one "change" (on a menu, bubbling) asks take.js to save. */
  function commit(item) {
    var all = items();
    all.forEach(function (el, i) { menu(el).value = String(i + 1); });
    refresh();
    menu(all[0]).dispatchEvent(new Event("change", { bubbles: true }));
    var said = { item: name(item), position: all.indexOf(item) + 1, count: all.length };
    live.textContent = box.dataset.moved.replace(/\{(item|position|count)\}/g, function (m, k) { return said[k]; });
  }
  function refresh() {
    var all = items();
    all.forEach(function (el, i) {
      var b = el.querySelectorAll("[data-move]");
      b[0].disabled = i === 0;
      b[1].disabled = i === all.length - 1;
    });
  }
  function move(item, by) {
    var all = items(), to = all.indexOf(item) + by;
    if (to < 0 || to >= all.length) return;
    list.insertBefore(item, by < 0 ? all[to] : all[to].nextSibling);
    commit(item);
  }

  list.addEventListener("click", function (e) {
    var button = e.target.closest("[data-move]");
    if (!button) return;
    var item = button.closest(".order-item");
    move(item, +button.dataset.move);
    /* At the top or bottom its button is disabled: keep the focus on the item's other one. */
    if (button.disabled) item.querySelector("[data-move]:not([disabled])").focus();
    else button.focus();
  });

  /* Dragging: the item follows the pointer over the others; dropping saves the order. */
  list.addEventListener("pointerdown", function (e) {
    var handle = e.target.closest(".order-handle");
    if (dragging || !handle || (e.pointerType === "mouse" && e.button !== 0)) return;
    e.preventDefault();
    var item = handle.closest(".order-item");
    dragging = { item: item, from: items().indexOf(item), pointer: e.pointerId };
    dragging.item.classList.add("is-dragging");
    try { handle.setPointerCapture(e.pointerId); } catch (err) { /* synthetic pointer */ }
  });
  /* On the document: moving the item in the list may end the handle's pointer capture. */
  document.addEventListener("pointermove", function (e) {
    if (!dragging || e.pointerId !== dragging.pointer) return;
    var item = dragging.item, all = items(), i, r;
    for (i = 0; i < all.length; i++) {
      if (all[i] === item) continue;
      r = all[i].getBoundingClientRect();
      if (e.clientY >= r.top && e.clientY <= r.bottom) {
        list.insertBefore(item, e.clientY < r.top + r.height / 2 ? all[i] : all[i].nextSibling);
        break;
      }
    }
    if (e.clientY < 40) window.scrollBy(0, -10);
    else if (e.clientY > window.innerHeight - 40) window.scrollBy(0, 10);
  });
  function drop(e) {
    if (!dragging || e.pointerId !== dragging.pointer) return;
    var item = dragging.item, moved = items().indexOf(item) !== dragging.from;
    item.classList.remove("is-dragging");
    dragging = null;
    if (moved) commit(item);
  }
  document.addEventListener("pointerup", drop);
  document.addEventListener("pointercancel", drop);

  items().forEach(function (item) {
    menu(item).hidden = true;
    item.querySelector(".order-handle").hidden = false;
    item.querySelector(".order-moves").hidden = false;
    item.setAttribute("role", "listitem");
  });
  list.setAttribute("role", "list");
  hint.textContent = box.dataset.hint;
  box.classList.add("is-enhanced");
  refresh();
}());
