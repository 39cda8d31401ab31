/* sphinxcontrib-adr: sortable, filterable ADR listings.
 *
 * Progressive enhancement of the plain tables and timelines the extension
 * writes (class "adr-interactive", ul.adr-timeline): every row is in the
 * HTML, so without JavaScript the listing is complete. With it:
 * - a header click sorts by that column (again: reverses), aria-sort says
 *   how the table is sorted, from the start (the :sort: it was written with);
 * - a search box hides the rows that do not contain every word typed,
 *   searching the whole record (deciders, tags, ... even when no column shows
 *   them: each ADR row carries its record as hidden text);
 * - chips for each status and tag filter by facet (several chips of one kind:
 *   any of them; of two kinds: both);
 * - "CSV" downloads the rows shown.
 * No framework, no network. */
(function () {
  "use strict";

  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  function cellKey(cell) {
    if (!cell) return { empty: true, text: "" };
    // the status column carries its lifecycle rank (adr_statuses order)
    var rank = /\badr-rank-(\d+)\b/.exec(cell.className);
    if (rank) return { empty: false, num: parseInt(rank[1], 10), text: "" };
    var text = visibleText(cell).trim();
    if (!text) return { empty: true, text: "" };
    if (/^-?\d+(\.\d+)?$/.test(text)) return { empty: false, num: parseFloat(text), text: text };
    return { empty: false, text: text.toLowerCase() };
  }

  /* a cell's text without the hidden record */
  function visibleText(cell) {
    var copy = cell.cloneNode(true);
    each(copy.querySelectorAll(".adr-record"), function (el) { el.parentNode.removeChild(el); });
    return copy.textContent.replace(/\s+/g, " ");
  }

  function compare(a, b) {
    if (a.num !== undefined && b.num !== undefined) return a.num - b.num;
    // numeric collation: ADR-9 before ADR-10
    return a.text.localeCompare(b.text, undefined, { numeric: true });
  }

  function restripe(tbody) {
    var visible = 0;
    each(tbody.rows, function (row) {
      if (row.hidden) return;
      row.classList.remove("row-odd", "row-even");
      row.classList.add(visible % 2 === 0 ? "row-odd" : "row-even");
      visible += 1;
    });
    return visible;
  }

  function setSorted(table, header, descending) {
    each(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }

  function sortBy(table, index, header) {
    var tbody = table.tBodies[0];
    var descending = header.getAttribute("aria-sort") === "ascending";
    var decorated = Array.prototype.map.call(tbody.rows, function (row, position) {
      return { row: row, key: cellKey(row.cells[index]), position: position };
    });
    decorated.sort(function (x, y) {
      // empty cells last in both directions, ties keep their current order
      if (x.key.empty !== y.key.empty) return x.key.empty ? 1 : -1;
      var order = x.key.empty ? 0 : compare(x.key, y.key);
      if (descending) order = -order;
      return order || x.position - y.position;
    });
    decorated.forEach(function (item) { tbody.appendChild(item.row); });
    setSorted(table, header, descending);
    restripe(tbody);
  }

  /* the facets of a row: its status (or verdict, or risk status) and its tags */
  function facetsOf(row) {
    var record = row.querySelector(".adr-record");
    var facets = { status: [], tag: [] };
    var status = /(?:^|\s)adr-status-(\S+)/.exec(row.className);
    if (status) facets.status = [status[1]];
    if (record) {
      facets.status = [record.getAttribute("data-status")];
      facets.tag = (record.getAttribute("data-tags") || "").split("|").filter(Boolean);
    } else if (!status) {
      var badge = row.querySelector(".adr-verdict, .adr-risk-status");
      if (badge) facets.status = [badge.textContent.trim().toLowerCase()];
    }
    return facets;
  }

  function matches(row, words, active) {
    var text = row.textContent.toLowerCase();
    if (!words.every(function (word) { return text.indexOf(word) !== -1; })) return false;
    var facets = facetsOf(row);
    return Object.keys(active).every(function (kind) {
      var wanted = active[kind];
      if (!wanted.length) return true;
      return facets[kind].some(function (value) { return wanted.indexOf(value) !== -1; });
    });
  }

  function applyFilters(state) {
    var words = state.input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var active = { status: [], tag: [] };
    each(state.bar.querySelectorAll("button.adr-chip[aria-pressed=true]"), function (chip) {
      active[chip.getAttribute("data-kind")].push(chip.getAttribute("data-value"));
    });
    var filtering = words.length || active.status.length || active.tag.length;
    state.rows().forEach(function (row) { row.hidden = !matches(row, words, active); });
    var shown = state.restripe();
    state.counter.textContent = filtering ? shown + " of " + state.rows().length : "";
  }

  function chips(state, kind, values) {
    if (values.length < 2) return;  // one value filters nothing
    var group = document.createElement("span");
    group.className = "adr-chips";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", kind === "tag" ? "Filter by tag" : "Filter by status");
    values.forEach(function (value) {
      var chip = document.createElement("button");
      chip.type = "button";
      chip.className = "adr-chip adr-chip-" + kind;
      chip.setAttribute("data-kind", kind);
      chip.setAttribute("data-value", value);
      chip.setAttribute("aria-pressed", "false");
      chip.textContent = value;
      chip.addEventListener("click", function () {
        chip.setAttribute("aria-pressed", chip.getAttribute("aria-pressed") === "true" ? "false" : "true");
        applyFilters(state);
      });
      group.appendChild(chip);
    });
    if (kind !== "tag") {
      state.bar.appendChild(group);
      return;
    }
    // tags can be many: behind a disclosure, so the table stays on the first screen
    var details = document.createElement("details");
    details.className = "adr-chip-details";
    var summary = document.createElement("summary");
    summary.textContent = "Tags (" + values.length + ")";
    details.appendChild(summary);
    details.appendChild(group);
    state.bar.appendChild(details);
  }

  function distinct(rows, kind) {
    var seen = [];
    rows.forEach(function (row) {
      facetsOf(row)[kind].forEach(function (value) {
        if (value && seen.indexOf(value) === -1) seen.push(value);
      });
    });
    return kind === "tag" ? seen.sort() : seen;
  }

  function csvField(text) {
    var value = text.trim();
    return /[",\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  function downloadCsv(table) {
    var lines = [];
    var header = Array.prototype.map.call(table.tHead.rows[0].cells, function (cell) {
      return csvField(visibleText(cell));
    });
    lines.push(header.join(","));
    each(table.tBodies[0].rows, function (row) {
      if (row.hidden) return;
      lines.push(Array.prototype.map.call(row.cells, function (cell) {
        return csvField(visibleText(cell));
      }).join(","));
    });
    var blob = new Blob([lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = (document.title.split(/\s+[\u2014|-]\s+/)[0] || "adrs").trim() + ".csv";
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 0);
  }

  function toolbar(label) {
    var bar = document.createElement("div");
    bar.className = "adr-table-tools";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "adr-filter";
    input.placeholder = "Filter\u2026";
    input.setAttribute("aria-label", label);
    var counter = document.createElement("span");
    counter.className = "adr-filter-count";
    counter.setAttribute("aria-live", "polite");
    bar.appendChild(input);
    bar.appendChild(counter);
    return { bar: bar, input: input, counter: counter };
  }

  function sortButtons(table) {
    each(table.tHead.rows[0].cells, function (header, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "adr-sort";
      button.title = "Sort by this column";
      // the header's text without its <p>: a button holds phrasing content only
      var source = header;
      if (header.children.length === 1 && header.firstElementChild.tagName === "P") {
        source = header.firstElementChild;
      }
      while (source.firstChild) button.appendChild(source.firstChild);
      if (source !== header) header.removeChild(source);
      header.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, header); });
    });
    // the order the table was written in (:sort:), for screen readers and the arrow
    var sorted = /(?:^|\s)adr-sort-by-(\S+)/.exec(table.className);
    if (sorted) {
      var header = table.tHead.querySelector("th.adr-col-" + sorted[1]);
      if (header) setSorted(table, header, table.classList.contains("adr-sort-desc"));
    }
  }

  function enhanceTable(table) {
    if (!table.tHead || !table.tBodies.length || table.dataset.adrEnhanced) return;
    table.dataset.adrEnhanced = "1";
    sortButtons(table);
    var tools = toolbar("Filter the rows of this table");
    var rows = function () { return Array.prototype.slice.call(table.tBodies[0].rows); };
    var state = {
      bar: tools.bar, input: tools.input, counter: tools.counter, rows: rows,
      restripe: function () { return restripe(table.tBodies[0]); },
    };
    chips(state, "status", distinct(rows(), "status"));
    chips(state, "tag", distinct(rows(), "tag"));
    var csv = document.createElement("button");
    csv.type = "button";
    csv.className = "adr-csv";
    csv.textContent = "CSV";
    csv.title = "Download the rows shown as CSV";
    csv.addEventListener("click", function () { downloadCsv(table); });
    tools.bar.appendChild(csv);
    tools.input.addEventListener("input", function () { applyFilters(state); });
    var anchor = table.parentNode.classList.contains("table-wrapper") ||
      table.parentNode.classList.contains("pst-scrollable-table-container") ? table.parentNode : table;
    anchor.parentNode.insertBefore(tools.bar, anchor);
  }

  function enhanceTimeline(list) {
    if (list.dataset.adrEnhanced) return;
    list.dataset.adrEnhanced = "1";
    // a timeline of several years is several lists: one box filters them all
    var container = list.closest(".adr-adr-timeline") || list.parentNode;
    if (container.dataset.adrEnhanced) return;
    container.dataset.adrEnhanced = "1";
    var lists = container.querySelectorAll("ul.adr-timeline");
    each(lists, function (l) { l.dataset.adrEnhanced = "1"; });
    var tools = toolbar("Filter the decisions of this timeline");
    var rows = function () { return Array.prototype.slice.call(container.querySelectorAll("ul.adr-timeline > li")); };
    var state = {
      bar: tools.bar, input: tools.input, counter: tools.counter, rows: rows,
      restripe: function () { return rows().filter(function (r) { return !r.hidden; }).length; },
    };
    chips(state, "status", distinct(rows(), "status"));
    chips(state, "tag", distinct(rows(), "tag"));
    tools.input.addEventListener("input", function () { applyFilters(state); });
    container.insertBefore(tools.bar, container.firstChild);
  }

  function init() {
    each(document.querySelectorAll("table.adr-interactive"), enhanceTable);
    each(document.querySelectorAll("ul.adr-timeline"), enhanceTimeline);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
