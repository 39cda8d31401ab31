/* sphinxcontrib-adr: pan and zoom for adr-graph drawings (no framework).
 *
 * Without this script a graph is drawn at its natural size (text as large as
 * the page's) in a box that scrolls. With it: buttons to zoom out, in, fit
 * the drawing in the box and go back to its natural size (1:1), Ctrl/Cmd +
 * wheel to zoom at the pointer (the plain wheel scrolls the page: a tall graph
 * is no trap), dragging to pan, and + - 0 on the focused box. Links inside the
 * drawing keep working and Tab visits them top to bottom, left to right. On a
 * dark page the boxes take dark tints of their colours (adr-graph.css). */
(function () {
  "use strict";
  var STEP = 1.25, MIN = 0.1, MAX = 4, LEGIBLE = 0.66;
  /* the words in the page's language, handed over by the build (render/page_words.py) */
  var WORDS = window.adrWords || {};
  function t(key) { return String(WORDS[key] || key); }

  // Tab follows the drawing, not Graphviz's order of writing nodes
  function readingOrder(svg) {
    var nodes = Array.prototype.slice.call(svg.querySelectorAll("g.node"));
    if (nodes.length < 2) return;
    var places = nodes.map(function (g) {
      var box = g.getBBox();
      return {g: g, x: box.x, y: box.y, h: box.height};
    });
    var row = Math.max(4, Math.min.apply(null, places.map(function (p) { return p.h; })) / 2);
    places.sort(function (a, b) {
      return Math.abs(a.y - b.y) > row ? a.y - b.y : a.x - b.x;
    });
    var parent = nodes[0].parentNode, anchor = nodes[nodes.length - 1].nextSibling;
    places.forEach(function (p) { parent.insertBefore(p.g, anchor); });
  }

  // the page's own background, whatever the theme: dark pages get dark node tints
  function luminance(el) {
    for (var e = el; e; e = e.parentElement) {
      var m = getComputedStyle(e).backgroundColor.match(/[\d.]+/g);
      if (m && (m.length < 4 || parseFloat(m[3]) > 0.5)) {
        return (0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]) / 255;
      }
    }
    return 1;
  }
  function shade(graph) {
    graph.classList.toggle("adr-graph-dark", luminance(graph) < 0.4);
  }

  function setup(view) {
    var svg = view.querySelector("svg.adr-graph-svg");
    if (!svg || view.dataset.adrZoom) return;
    view.dataset.adrZoom = "1";
    var width = parseFloat(svg.dataset.width), height = parseFloat(svg.dataset.height);
    var scale = 1;
    readingOrder(svg);

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
    // the box's room: its width, and the height it may grow to (max-height: 80vh)
    function room() {
      var style = getComputedStyle(view);
      var tall = parseFloat(style.maxHeight);
      if (!(tall > 0)) tall = window.innerHeight * 0.8;
      var frame = view.offsetHeight - view.clientHeight;
      return {w: view.clientWidth - 2, h: tall - frame - 2};
    }
    function fitWidth() { return Math.min(1, room().w / width); }
    function fit() { var r = room(); return Math.min(1, r.w / width, r.h / height); }

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
    button("\u2212", t("zoomOut"), function () { apply(scale / STEP); });
    // the current zoom, said once: the natural-size button reads 1:1, not 100 %
    var label = document.createElement("span");
    label.className = "adr-graph-scale";
    label.setAttribute("aria-live", "polite");
    bar.appendChild(label);
    button("+", t("zoomIn"), function () { apply(scale * STEP); });
    button(t("fit"), t("fitTitle"), function () { apply(fit(), 0, 0); });
    button("1:1", t("naturalSize"), function () { apply(1); });
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
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        var box = view.getBoundingClientRect();
        apply(scale * (event.deltaY < 0 ? STEP : 1 / STEP),
              event.clientX - box.left, event.clientY - box.top);
        return;
      }
      // the plain wheel scrolls the page, not the box under the pointer (a tall
      // drawing would swallow it); sideways wheels and Shift pan the drawing
      if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) return;
      event.preventDefault();
      var unit = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? window.innerHeight : 1;
      window.scrollBy(0, event.deltaY * unit);
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

    // start with the whole drawing in view when its text stays legible (9 px and
    // more); else as wide as the box (the page scrolls down it); else at 100 % to pan
    var whole = fit(), wide = fitWidth();
    apply(whole >= LEGIBLE ? whole : wide >= LEGIBLE ? wide : 1, 0, 0);
  }

  function init() {
    var graphs = document.querySelectorAll(".adr-graph");
    graphs.forEach(shade);
    document.querySelectorAll(".adr-graph-view").forEach(setup);
    // themes switch light and dark by an attribute or follow the system
    var again = function () { graphs.forEach(shade); };
    if (window.MutationObserver) {
      var watch = new MutationObserver(function () { setTimeout(again, 350); });
      [document.documentElement, document.body].forEach(function (el) {
        watch.observe(el, {attributes: true, attributeFilter: ["data-theme", "data-mode", "class"]});
      });
    }
    if (window.matchMedia) {
      var query = window.matchMedia("(prefers-color-scheme: dark)");
      if (query.addEventListener) query.addEventListener("change", again);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
