/* sphinxcontrib-adr: pan and zoom for adr-graph drawings (no framework).
 *
 * Without this script a graph is drawn at its natural size (text as large as
 * the page's) in a box that scrolls. With it: buttons to zoom out, in, fit
 * the width and go back to 100 %, Ctrl/Cmd + wheel to zoom at the pointer,
 * dragging to pan, and + - 0 on the focused box. Links inside the drawing
 * keep working. */
(function () {
  "use strict";
  var STEP = 1.25, MIN = 0.1, MAX = 4;

  function setup(view) {
    var svg = view.querySelector("svg.adr-graph-svg");
    if (!svg || view.dataset.adrZoom) return;
    view.dataset.adrZoom = "1";
    var width = parseFloat(svg.dataset.width), height = parseFloat(svg.dataset.height);
    var scale = 1;

    function apply(next, cx, cy) {
      next = Math.min(MAX, Math.max(MIN, next));
      // keep the point under (cx, cy) in the view where it was
      var px = cx === undefined ? view.clientWidth / 2 : cx;
      var py = cy === undefined ? view.clientHeight / 2 : cy;
      var x = (view.scrollLeft + px) / scale, y = (view.scrollTop + py) / scale;
      scale = next;
      svg.setAttribute("width", String(Math.round(width * scale)));
      svg.setAttribute("height", String(Math.round(height * scale)));
      view.scrollLeft = x * scale - px;
      view.scrollTop = y * scale - py;
      label.textContent = Math.round(scale * 100) + " %";
      view.dataset.scale = String(scale);
    }
    function fit() {
      return Math.min(1, (view.clientWidth - 2) / width);
    }

    var bar = document.createElement("div");
    bar.className = "adr-graph-tools";
    function button(text, title, action) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = text;
      b.title = title;
      b.setAttribute("aria-label", title);
      b.addEventListener("click", action);
      bar.appendChild(b);
      return b;
    }
    button("\u2212", "Zoom out", function () { apply(scale / STEP); });
    var label = document.createElement("span");
    label.className = "adr-graph-scale";
    bar.appendChild(label);
    button("+", "Zoom in", function () { apply(scale * STEP); });
    button("Fit", "Fit the width of the page", function () { apply(fit()); });
    button("100 %", "Natural size", function () { apply(1); });
    view.parentNode.insertBefore(bar, view);

    // the box takes the keyboard: arrows scroll it, + - 0 zoom
    if (!view.hasAttribute("tabindex")) view.tabIndex = 0;
    view.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var keys = {"+": STEP, "=": STEP, "-": 1 / STEP};
      if (event.key in keys) apply(scale * keys[event.key]);
      else if (event.key === "0") apply(1);
      else return;
      event.preventDefault();
    });

    view.addEventListener("wheel", function (event) {
      if (!event.ctrlKey && !event.metaKey) return;  // plain wheel scrolls the page
      event.preventDefault();
      var box = view.getBoundingClientRect();
      apply(scale * (event.deltaY < 0 ? STEP : 1 / STEP),
            event.clientX - box.left, event.clientY - box.top);
    }, {passive: false});

    var drag = null, dragged = false;
    // a drag is not a click on the node where it ended
    view.addEventListener("click", function (event) {
      if (dragged) { event.preventDefault(); event.stopPropagation(); }
    }, true);
    view.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) return;
      dragged = false;
      drag = {x: event.clientX, y: event.clientY, left: view.scrollLeft, top: view.scrollTop,
              moved: false};
    });
    window.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      drag.moved = true;
      view.classList.add("adr-graph-dragging");
      view.scrollLeft = drag.left - dx;
      view.scrollTop = drag.top - dy;
    });
    window.addEventListener("pointerup", function () {
      dragged = Boolean(drag && drag.moved);
      drag = null;
      view.classList.remove("adr-graph-dragging");
    });

    // start fitted when the text stays legible (at least 75 %), else at 100 % to pan
    var start = fit();
    apply(start >= 0.75 ? start : 1, 0, 0);
  }

  function init() {
    document.querySelectorAll(".adr-graph-view").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
