/* sphinxcontrib-adr: sortable, filterable, pageable ADR listings.
 *
 * Progressive enhancement of the plain tables and timelines the extension
 * writes (class "adr-interactive", ul.adr-timeline): every row is in the
 * HTML, so without JavaScript the listing is complete. With it:
 * - a header click sorts by that column (again: reverses), aria-sort says
 *   how the table is sorted, from the start (the :sort: it was written with);
 * - a search box hides the rows that do not contain every word typed,
 *   searching the whole record (deciders, tags, ... even when no column shows
 *   them: each ADR row carries its record as hidden text);
 * - chips for each status (in lifecycle order) and tag filter by facet
 *   (several chips of one kind: any of them; of two kinds: both);
 * - "Columns" hides and shows columns; a table of more than twice its page
 *   size rows is shown a page at a time (class adr-page-size-N);
 * - "CSV" downloads the matching rows and the columns shown (UTF-8 with a
 *   byte-order mark, one file name per listing);
 * - what a reader chose is kept in the URL's hash (t1-q=..., t1-hide=...),
 *   so a filtered view can be shared.
 * Controls never move under the pointer: the row counter comes last with its
 * width reserved, panels open on their own line below the controls, and the
 * table's column widths are fixed from all its rows.
 * No framework, no network. */
(function () {
  "use strict";

  /* the words in the page's language, handed over by the build in a small inline
   * script (render/page_words.py): this file holds no English of its own */
  var WORDS = window.adrWords || {};
  function t(key, values) {
    var text = String(WORDS[key] || key);
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }
  /* a status as the reader's language names it (the raw value stays the chip's key) */
  function statusName(value) { return (WORDS.statuses || {})[value] || value; }

  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var toArray = function (list) { return Array.prototype.slice.call(list); };
  /* every enhanced listing, in page order: "t1", "t2", ... name them in the hash */
  var listings = [];
  /* the part of the hash naming a place on the page (a section), kept as it was */
  var place = "";

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

  function restripe(rows) {
    var visible = 0;
    rows.forEach(function (row) {
      if (row.hidden) return;
      row.classList.remove("row-odd", "row-even");
      row.classList.add(visible % 2 === 0 ? "row-odd" : "row-even");
      visible += 1;
    });
  }

  function button(className, text, title) {
    var el = document.createElement("button");
    el.type = "button";
    el.className = className;
    el.textContent = text;
    if (title) el.title = title;
    return el;
  }

  /* the name of a column in the hash: its adr-col-* class, else its position */
  function columnName(header, index) {
    var named = /(?:^|\s)adr-col-(\S+)/.exec(header.className);
    return named ? named[1] : String(index + 1);
  }

  // ------------------------------------------------------------ sorting

  function setSorted(table, header, descending) {
    each(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }

  function sortBy(state, index, descending) {
    var table = state.table;
    var header = table.tHead.rows[0].cells[index];
    var tbody = table.tBodies[0];
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
    state.sort = (descending ? "-" : "") + columnName(header, index);
  }

  function sortButtons(state) {
    var table = state.table;
    each(table.tHead.rows[0].cells, function (header, index) {
      var sort = button("adr-sort", "", t("sortBy"));
      // the header's text without its <p>: a button holds phrasing content only
      var source = header;
      if (header.children.length === 1 && header.firstElementChild.tagName === "P") {
        source = header.firstElementChild;
      }
      while (source.firstChild) sort.appendChild(source.firstChild);
      if (source !== header) header.removeChild(source);
      header.appendChild(sort);
      sort.addEventListener("click", function () {
        sortBy(state, index, header.getAttribute("aria-sort") === "ascending");
        state.page = 0;
        changed(state);
      });
    });
    // the order the table was written in (:sort:), for screen readers and the arrow
    var sorted = /(?:^|\s)adr-sort-by-(\S+)/.exec(table.className);
    if (sorted) {
      var header = table.tHead.querySelector("th.adr-col-" + sorted[1]);
      if (header) setSorted(table, header, table.classList.contains("adr-sort-desc"));
    }
  }

  // ------------------------------------------------------------ filtering

  /* the facets of a row: its status (or verdict, or risk status), its lifecycle
   * rank (adr-rank-N, from adr_statuses) and its tags */
  function facetsOf(row) {
    if (row.adrFacets) return row.adrFacets;
    var record = row.querySelector(".adr-record");
    var facets = { status: [], tag: [], rank: null };
    var status = /(?:^|\s)adr-status-(\S+)/.exec(row.className);
    if (status) facets.status = [status[1]];
    if (record) {
      facets.status = [record.getAttribute("data-status")];
      facets.tag = (record.getAttribute("data-tags") || "").split("|").filter(Boolean);
    } else if (!status) {
      var badge = row.querySelector(".adr-verdict, .adr-risk-status");
      if (badge) facets.status = [badge.textContent.trim().toLowerCase()];
    }
    var ranked = /(?:^|\s)adr-rank-(\d+)/.test(row.className) ? row : row.querySelector("[class*='adr-rank-']");
    var rank = ranked && /(?:^|\s)adr-rank-(\d+)/.exec(ranked.className);
    if (rank) facets.rank = parseInt(rank[1], 10);
    row.adrFacets = facets;
    row.adrText = row.textContent.toLowerCase();
    return facets;
  }

  function matches(row, words, active) {
    var facets = facetsOf(row);
    if (!words.every(function (word) { return row.adrText.indexOf(word) !== -1; })) return false;
    return ["status", "tag"].every(function (kind) {
      var wanted = active[kind];
      if (!wanted.length) return true;
      return facets[kind].some(function (value) { return wanted.indexOf(value) !== -1; });
    });
  }

  function pressed(state) {
    var active = { status: [], tag: [] };
    each(state.tools.querySelectorAll("button.adr-chip[aria-pressed=true]"), function (chip) {
      active[chip.getAttribute("data-kind")].push(chip.getAttribute("data-value"));
    });
    return active;
  }

  /* filter, then show the current page; returns nothing, updates every control */
  function update(state) {
    var words = state.input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var active = pressed(state);
    var rows = state.rows();
    var matched = 0;
    rows.forEach(function (row) {
      row.adrMatch = matches(row, words, active);
      if (row.adrMatch) matched += 1;
    });
    var size = state.pager ? state.pageSize : 0;
    var pages = size ? Math.max(1, Math.ceil(matched / size)) : 1;
    state.page = Math.min(Math.max(state.page, 0), pages - 1);
    var first = state.page * size;
    var position = 0;
    rows.forEach(function (row) {
      var onPage = !size || (position >= first && position < first + size);
      if (row.adrMatch) position += 1;
      row.hidden = !(row.adrMatch && onPage);
    });
    if (state.table) restripe(rows);
    var filtering = words.length || active.status.length || active.tag.length;
    state.counter.textContent = filtering ? t("counter", { matched: matched, total: rows.length }) : "";
    state.empty.hidden = matched > 0;
    if (state.pager) showPage(state, matched, pages);
    if (state.years) state.years();
  }

  /* something changed by the reader: show it and keep it in the URL */
  function changed(state) {
    update(state);
    saveHash();
  }

  function distinct(rows, kind) {
    var seen = [];
    var ranks = {};
    rows.forEach(function (row) {
      var facets = facetsOf(row);
      facets[kind].forEach(function (value) {
        if (!value || seen.indexOf(value) !== -1) return;
        seen.push(value);
        ranks[value] = facets.rank;
      });
    });
    if (kind === "tag") return seen.sort();
    // the lifecycle order of adr_statuses (as the page ranked them); unranked
    // values (verdicts, risk statuses) keep the order they are met in
    var met = seen.slice();
    return seen.sort(function (a, b) {
      var x = ranks[a], y = ranks[b];
      if (x !== null && y !== null && x !== y) return x - y;
      if ((x === null) !== (y === null)) return x === null ? 1 : -1;
      return met.indexOf(a) - met.indexOf(b);
    });
  }

  /* a button opening a panel on its own line below the controls (so opening it
   * moves no control: the panel comes after all of them) */
  function panelToggle(state, text, panel, name) {
    var toggle = button("adr-panel-toggle", text);
    panel.className += " adr-panel";
    panel.id = "adr-" + state.key + "-" + name;
    panel.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", panel.id);
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      panel.hidden = !open;
    });
    state.tools.appendChild(toggle);
    state.panels.push(panel);
    return toggle;
  }

  function chips(state, kind, values) {
    if (values.length < 2) return;  // one value filters nothing
    var group = document.createElement("span");
    group.className = "adr-chips";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", kind === "tag" ? t("filterByTag") : t("filterByStatus"));
    values.forEach(function (value) {
      var chip = button("adr-chip adr-chip-" + kind, kind === "status" ? statusName(value) : value);
      chip.setAttribute("data-kind", kind);
      chip.setAttribute("data-value", value);
      chip.setAttribute("aria-pressed", "false");
      chip.addEventListener("click", function () {
        chip.setAttribute("aria-pressed", chip.getAttribute("aria-pressed") === "true" ? "false" : "true");
        state.page = 0;
        changed(state);
      });
      group.appendChild(chip);
    });
    if (kind !== "tag") {
      state.tools.appendChild(group);
      return;
    }
    // tags can be many: behind a toggle, so the table stays on the first screen
    panelToggle(state, t("tags", { count: values.length }), group, "tags").classList.add("adr-tags-toggle");
  }

  // ------------------------------------------------------------ columns

  function setColumn(state, index, shown) {
    var table = state.table;
    each(table.tHead.rows, function (row) { if (row.cells[index]) row.cells[index].hidden = !shown; });
    each(table.tBodies[0].rows, function (row) { if (row.cells[index]) row.cells[index].hidden = !shown; });
    var box = state.columnBoxes[index];
    if (box) box.checked = shown;
    var visible = toArray(table.tHead.rows[0].cells).filter(function (c) { return !c.hidden; });
    state.empty.rows[0].cells[0].colSpan = visible.length;
  }

  function hiddenColumns(state) {
    var names = [];
    each(state.table.tHead.rows[0].cells, function (header, index) {
      if (header.hidden) names.push(columnName(header, index));
    });
    return names;
  }

  function columnPicker(state) {
    var heads = toArray(state.table.tHead.rows[0].cells);
    state.columnBoxes = [];
    if (heads.length < 2) return;
    var panel = document.createElement("fieldset");
    var legend = document.createElement("legend");
    legend.textContent = t("columnsShown");
    panel.appendChild(legend);
    heads.forEach(function (header, index) {
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.checked = true;
      box.value = columnName(header, index);
      box.addEventListener("change", function () {
        var shown = heads.filter(function (h) { return !h.hidden; }).length;
        if (!box.checked && shown <= 1) {  // a table of no column shows nothing
          box.checked = true;
          return;
        }
        setColumn(state, index, box.checked);
        fixWidths(state);
        oneTabStop(state);
        saveHash();
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + visibleText(header).trim()));
      panel.appendChild(label);
      state.columnBoxes.push(box);
    });
    panelToggle(state, t("columns"), panel, "columns").classList.add("adr-columns-toggle");
  }

  /* column widths from every row, fixed: filtering, paging or sorting then
   * moves no column (measured again when the window or the columns change) */
  function fixWidths(state) {
    var table = state.table;
    var rows = state.rows();
    var hidden = rows.map(function (row) { return row.hidden; });
    var emptyHidden = state.empty.hidden;
    rows.forEach(function (row) { row.hidden = false; });
    state.empty.hidden = true;
    var heads = toArray(table.tHead.rows[0].cells);
    table.style.tableLayout = "";
    table.style.width = "";
    heads.forEach(function (header) { header.style.width = ""; });
    var total = table.getBoundingClientRect().width;
    var widths = heads.map(function (header) { return header.getBoundingClientRect().width; });
    rows.forEach(function (row, index) { row.hidden = hidden[index]; });
    state.empty.hidden = emptyHidden;
    if (!total) return;  // not laid out (a closed panel): measured at the next change
    heads.forEach(function (header, index) {
      header.style.boxSizing = "border-box";
      header.style.width = widths[index] + "px";
    });
    table.style.width = total + "px";
    table.style.tableLayout = "fixed";
  }

  /* one Tab stop per row: a second link to the same page (the title beside
   * the id) is still clickable but skipped by Tab */
  function oneTabStop(state) {
    each(state.table.tBodies[0].rows, function (row) {
      var seen = {};
      each(row.querySelectorAll("a[href]"), function (link) {
        if (link.hasAttribute("data-adr-tab")) link.removeAttribute("tabindex");
        var cell = link.closest("td, th");
        if (cell && cell.hidden) return;
        var href = link.getAttribute("href");
        if (seen[href]) {
          link.setAttribute("tabindex", "-1");
          link.setAttribute("data-adr-tab", "");
        }
        seen[href] = true;
      });
    });
  }

  // ------------------------------------------------------------ pages

  function pageSizeOf(table) {
    var size = /(?:^|\s)adr-page-size-(\d+)/.exec(table.className);
    return size ? parseInt(size[1], 10) : 25;
  }

  function pager(state, before) {
    var nav = document.createElement("nav");
    nav.className = "adr-pager";
    nav.setAttribute("aria-label", t("pages"));
    var go = {};
    [["first", "\u00ab " + t("first"), t("firstPage")], ["previous", "\u2039 " + t("previous"), t("previousPage")],
     ["next", t("next") + " \u203a", t("nextPage")], ["last", t("last") + " \u00bb", t("lastPage")]].forEach(function (spec) {
      var el = button("adr-page adr-page-" + spec[0], spec[1], spec[2]);
      el.addEventListener("click", function () {
        // aria-disabled, not disabled: a focused button keeps the focus at the end
        if (el.getAttribute("aria-disabled") === "true") return;
        var last = state.pageCount - 1;
        state.page = { first: 0, previous: state.page - 1, next: state.page + 1, last: last }[spec[0]];
        changed(state);
      });
      go[spec[0]] = el;
      nav.appendChild(el);
    });
    var label = document.createElement("label");
    label.className = "adr-page-size";
    label.appendChild(document.createTextNode(t("rowsPerPage") + " "));
    var select = document.createElement("select");
    var sizes = [state.defaultSize, 50, 100].filter(function (n, i, all) {
      return n >= state.defaultSize && all.indexOf(n) === i;
    });
    sizes.concat([0]).forEach(function (n) {
      var option = document.createElement("option");
      option.value = String(n);
      option.textContent = n ? String(n) : t("all");
      select.appendChild(option);
    });
    select.addEventListener("change", function () {
      state.pageSize = parseInt(select.value, 10);
      state.page = 0;
      changed(state);
    });
    label.appendChild(select);
    nav.appendChild(label);
    var status = document.createElement("span");
    status.className = "adr-page-status";
    status.setAttribute("aria-live", "polite");
    // wide enough for the longest text it will hold: nothing after it moves
    var digits = String(state.rows().length).length;
    status.style.minWidth = (4 * digits + 18) + "ch";
    nav.appendChild(status);
    // above the table: a page of taller rows moves no button of the pager
    before.parentNode.insertBefore(nav, before);
    state.pager = { nav: nav, go: go, select: select, status: status };
  }

  function showPage(state, matched, pages) {
    var pager = state.pager;
    var size = state.pageSize;
    state.pageCount = pages;
    pager.select.value = String(size);
    var first = state.page * size;
    var last = size ? Math.min(first + size, matched) : matched;
    pager.status.textContent = !matched ? t("noRows") : t("pageStatus", {
      page: state.page + 1, pages: pages, first: first + 1, last: last, matched: matched });
    var atStart = state.page === 0;
    var atEnd = state.page >= pages - 1;
    pager.go.first.setAttribute("aria-disabled", atStart ? "true" : "false");
    pager.go.previous.setAttribute("aria-disabled", atStart ? "true" : "false");
    pager.go.next.setAttribute("aria-disabled", atEnd ? "true" : "false");
    pager.go.last.setAttribute("aria-disabled", atEnd ? "true" : "false");
  }

  // ------------------------------------------------------------ CSV

  function csvField(text) {
    var value = text.trim();
    return /[",\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  /* a file name of its own for each listing of the page: its caption, else the
   * page's title, numbered when two listings would share one */
  function csvName(state) {
    var base = function (other) {
      var caption = other.table && other.table.caption ? visibleText(other.table.caption) : "";
      caption = caption.replace(/\u00b6/g, "").trim();
      var page = document.title.split(/\s+[\u2014|-]\s+/)[0];
      return (caption || page || "adrs").replace(/[\\/:*?"<>|\u0000-\u001f]+/g, "-").trim();
    };
    var mine = base(state);
    var same = listings.filter(function (other) { return other.table && base(other) === mine; });
    var suffix = same.length > 1 ? "-" + (same.indexOf(state) + 1) : "";
    return mine + suffix + ".csv";
  }

  function downloadCsv(state) {
    var table = state.table;
    var shown = function (cells) {
      return toArray(cells).filter(function (cell) { return !cell.hidden; }).map(function (cell) {
        return csvField(visibleText(cell));
      }).join(",");
    };
    var lines = [shown(table.tHead.rows[0].cells)];
    state.rows().forEach(function (row) { if (row.adrMatch !== false) lines.push(shown(row.cells)); });
    // the byte-order mark tells Excel the file is UTF-8 (else it mangles non-ASCII)
    var blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = csvName(state);
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 0);
  }

  // ------------------------------------------------------------ the URL's hash

  function readHash() {
    var hash = location.hash.replace(/^#/, "");
    var cut = hash.indexOf("&");
    var head = cut === -1 ? hash : hash.slice(0, cut);
    if (head.indexOf("=") === -1) {
      place = head;
      hash = cut === -1 ? "" : hash.slice(cut + 1);
    }
    return new URLSearchParams(hash);
  }

  function saveHash() {
    var params = new URLSearchParams();
    listings.forEach(function (state) {
      var put = function (name, value) { if (value) params.set(state.key + "-" + name, value); };
      var active = pressed(state);
      put("q", state.input.value.trim());
      put("status", active.status.join(","));
      put("tags", active.tag.join(","));
      if (!state.table) return;
      put("hide", hiddenColumns(state).join(","));
      put("sort", state.sort);
      if (state.pager && state.pageSize !== state.defaultSize) put("size", String(state.pageSize || "all"));
      if (state.pager && state.page) put("page", String(state.page + 1));
    });
    var query = params.toString();
    var hash = place + (place && query ? "&" : "") + query;
    try {
      history.replaceState(history.state, "", location.pathname + location.search + (hash ? "#" + hash : ""));
    } catch (err) { /* a page that cannot rewrite its URL keeps working without it */ }
  }

  function restore(state, params) {
    var get = function (name) { return params.get(state.key + "-" + name) || ""; };
    state.input.value = get("q");
    var wanted = { status: get("status").split(","), tag: get("tags").split(",") };
    each(state.tools.querySelectorAll("button.adr-chip"), function (chip) {
      var on = wanted[chip.getAttribute("data-kind")].indexOf(chip.getAttribute("data-value")) !== -1;
      chip.setAttribute("aria-pressed", on ? "true" : "false");
    });
    if (!state.table) return;
    var hide = get("hide").split(",");
    var heads = toArray(state.table.tHead.rows[0].cells);
    heads.forEach(function (header, index) {
      if (hide.indexOf(columnName(header, index)) !== -1 && index < heads.length) setColumn(state, index, false);
    });
    if (heads.every(function (h) { return h.hidden; })) setColumn(state, 0, true);
    var sort = get("sort");
    heads.forEach(function (header, index) {
      if (sort && sort.replace(/^-/, "") === columnName(header, index)) sortBy(state, index, sort[0] === "-");
    });
    var size = get("size");
    if (state.pager && size) state.pageSize = size === "all" ? 0 : Math.max(1, parseInt(size, 10) || state.defaultSize);
    state.page = Math.max(0, (parseInt(get("page"), 10) || 1) - 1);
  }

  // ------------------------------------------------------------ building

  function toolbar(state, label) {
    var tools = document.createElement("div");
    tools.className = "adr-table-tools";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "adr-filter";
    input.placeholder = t("filter") + "\u2026";
    input.setAttribute("aria-label", label);
    input.addEventListener("input", function () { state.page = 0; changed(state); });
    tools.appendChild(input);
    state.tools = tools;
    state.input = input;
    state.panels = [];
    state.key = "t" + (listings.length + 1);
    listings.push(state);
  }

  /* the counter comes after every control, its width reserved for "N of N":
   * its text appearing or changing moves nothing */
  function finishToolbar(state) {
    var counter = document.createElement("span");
    counter.className = "adr-filter-count";
    counter.setAttribute("aria-live", "polite");
    var digits = String(state.rows().length).length;
    counter.style.minWidth = (2 * digits + 3) + "ch";
    state.tools.appendChild(counter);
    state.panels.forEach(function (panel) { state.tools.appendChild(panel); });
    state.counter = counter;
  }

  function enhanceTable(table) {
    if (!table.tHead || !table.tBodies.length || table.dataset.adrEnhanced) return;
    table.dataset.adrEnhanced = "1";
    var state = { table: table, page: 0, sort: "" };
    state.rows = function () { return toArray(table.tBodies[0].rows); };
    toolbar(state, t("filterRows"));
    sortButtons(state);
    chips(state, "status", distinct(state.rows(), "status"));
    chips(state, "tag", distinct(state.rows(), "tag"));
    columnPicker(state);
    var csv = button("adr-csv", t("csv"), t("csvTitle"));
    csv.addEventListener("click", function () { downloadCsv(state); });
    state.tools.appendChild(csv);
    finishToolbar(state);
    // the line saying nothing matches, in a body of its own (never sorted)
    var empty = document.createElement("tbody");
    empty.className = "adr-no-match";
    var cell = empty.insertRow().insertCell();
    cell.colSpan = table.tHead.rows[0].cells.length;
    cell.textContent = table.classList.contains("adr-table") && table.querySelector(".adr-record")
      ? t("noDecision") : t("noRow");
    empty.hidden = true;
    table.appendChild(empty);
    state.empty = empty;
    var anchor = table.parentNode.classList.contains("table-wrapper") ||
      table.parentNode.classList.contains("pst-scrollable-table-container") ? table.parentNode : table;
    anchor.parentNode.insertBefore(state.tools, anchor);
    state.defaultSize = pageSizeOf(table);
    state.pageSize = state.defaultSize;
    if (state.defaultSize && state.rows().length > 2 * state.defaultSize) pager(state, anchor);
    oneTabStop(state);
  }

  function enhanceTimeline(list) {
    // a timeline of several years is several lists: one box filters them all
    var container = list.closest(".adr-adr-timeline") || list.parentNode;
    if (container.dataset.adrEnhanced) return;
    container.dataset.adrEnhanced = "1";
    var state = { table: null, page: 0 };
    state.rows = function () { return toArray(container.querySelectorAll("ul.adr-timeline > li")); };
    toolbar(state, t("filterTimeline"));
    chips(state, "status", distinct(state.rows(), "status"));
    chips(state, "tag", distinct(state.rows(), "tag"));
    finishToolbar(state);
    var empty = document.createElement("p");
    empty.className = "adr-empty adr-no-match";
    empty.textContent = t("noDecision");
    empty.hidden = true;
    container.appendChild(empty);
    state.empty = empty;
    // a year none of whose decisions is shown loses its heading too
    state.years = function () {
      each(container.querySelectorAll("ul.adr-timeline"), function (ul) {
        var shown = toArray(ul.children).some(function (li) { return !li.hidden; });
        ul.hidden = !shown;
        var heading = ul.previousElementSibling;
        if (heading && heading.classList.contains("adr-timeline-year")) heading.hidden = !shown;
      });
    };
    container.insertBefore(state.tools, container.firstChild);
  }

  function refit() {
    listings.forEach(function (state) { if (state.table) fixWidths(state); });
  }

  function init() {
    each(document.querySelectorAll("table.adr-interactive, ul.adr-timeline"), function (el) {
      if (el.tagName === "TABLE") enhanceTable(el); else enhanceTimeline(el);
    });
    if (!listings.length) return;
    var params = readHash();
    listings.forEach(function (state) {
      restore(state, params);
      update(state);
    });
    refit();
    var target = place && document.getElementById(decodeURIComponent(place));
    if (target && location.hash.indexOf("&") !== -1) target.scrollIntoView();
    var timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(refit, 150);
    });
    // web fonts arriving later change the widths measured
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(refit);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
