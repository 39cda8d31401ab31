/* sphinxcontrib-adr: sortable, filterable ADR tables.
 *
 * Progressive enhancement of the plain tables the extension writes (class
 * "adr-interactive"): every row is in the HTML, so without JavaScript the
 * table is complete. With it, a header click sorts by that column (again:
 * reverses) and a search box hides the rows that do not contain what is
 * typed. No framework, no network. */
(function () {
  "use strict";

  function cellKey(cell) {
    if (!cell) return { empty: true, text: "" };
    // the status column carries its lifecycle rank (adr_statuses order)
    var rank = /\badr-rank-(\d+)\b/.exec(cell.className);
    if (rank) return { empty: false, num: parseInt(rank[1], 10), text: "" };
    var text = cell.textContent.trim();
    if (!text) return { empty: true, text: "" };
    if (/^-?\d+(\.\d+)?$/.test(text)) return { empty: false, num: parseFloat(text), text: text };
    return { empty: false, text: text.toLowerCase() };
  }

  function compare(a, b) {
    if (a.num !== undefined && b.num !== undefined) return a.num - b.num;
    // numeric collation: ADR-9 before ADR-10
    return a.text.localeCompare(b.text, undefined, { numeric: true });
  }

  function restripe(tbody) {
    var visible = 0;
    Array.prototype.forEach.call(tbody.rows, function (row) {
      if (row.hidden) return;
      row.classList.remove("row-odd", "row-even");
      row.classList.add(visible % 2 === 0 ? "row-odd" : "row-even");
      visible += 1;
    });
    return visible;
  }

  function sortBy(table, index, header) {
    var tbody = table.tBodies[0];
    var descending = header.getAttribute("aria-sort") === "ascending";
    var rows = Array.prototype.slice.call(tbody.rows);
    var decorated = rows.map(function (row, position) {
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
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
    restripe(tbody);
  }

  function filterRows(table, query, counter) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    var tbody = table.tBodies[0];
    Array.prototype.forEach.call(tbody.rows, function (row) {
      var text = row.textContent.toLowerCase();
      row.hidden = !words.every(function (word) { return text.indexOf(word) !== -1; });
    });
    var shown = restripe(tbody);
    counter.textContent = words.length ? shown + " of " + tbody.rows.length : "";
  }

  function enhance(table) {
    if (!table.tHead || !table.tBodies.length || table.dataset.adrEnhanced) return;
    table.dataset.adrEnhanced = "1";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
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
    var bar = document.createElement("div");
    bar.className = "adr-table-tools";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "adr-filter";
    input.placeholder = "Filter decisions\u2026";
    input.setAttribute("aria-label", "Filter the rows of this table");
    var counter = document.createElement("span");
    counter.className = "adr-filter-count";
    counter.setAttribute("aria-live", "polite");
    bar.appendChild(input);
    bar.appendChild(counter);
    input.addEventListener("input", function () { filterRows(table, input.value, counter); });
    var anchor = table.parentNode.classList.contains("table-wrapper") ? table.parentNode : table;
    anchor.parentNode.insertBefore(bar, anchor);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table.adr-interactive"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
