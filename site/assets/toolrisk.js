/* toolrisk: copy buttons, sortable/filterable tables, pagefind search. Loaded on every page
   (CSP: script-src 'self'); all text from the index is inserted with textContent. */
(function () {
  "use strict";

  // Controls that only work with this script (copy buttons, table filters) are hidden by
  // toolrisk.css until this class is set, so a page without JavaScript shows no dead controls.
  document.documentElement.classList.add("tr-js");

  function onReady(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }

  function setupCopy() {
    // Delegated: Material's own scripts may re-create parts of the article after load.
    document.addEventListener("click", function (ev) {
      var btn = ev.target && ev.target.closest ? ev.target.closest("button.tr-copy[data-copy]") : null;
      if (!btn) return;
      // Material renumbers the ids of code blocks, so find the snippet by structure.
      var box = btn.closest(".tr-snippet");
      var target = box ? box.querySelector("pre code") || box.querySelector("pre") : null;
      if (!target) return;
      var text = target.textContent;
      var done = function () {
        btn.textContent = "Copied"; btn.classList.add("is-done");
        announce("Copied to the clipboard");
        setTimeout(function () { btn.textContent = "Copy"; btn.classList.remove("is-done"); }, 1500);
      };
      // execCommand first: synchronous inside the click, so it works wherever the async
      // Clipboard API is pending on a permission prompt or missing (plain http previews).
      if (fallbackCopy(text)) { done(); return; }
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, function () { /* nothing else to try */ });
    });
  }

  function fallbackCopy(text) {
    var ta = document.createElement("textarea");
    ta.value = text; ta.setAttribute("readonly", ""); ta.className = "tr-offscreen";
    var had = document.activeElement;
    document.body.appendChild(ta); ta.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(ta);
    // select() moved the focus into the removed textarea: give it back, or a keyboard user
    // would continue from the top of the page.
    if (had && had.focus) had.focus({ preventScroll: true });
    return ok;
  }

  var liveRegion = null;
  function announce(text) {
    // One polite status region for the page: screen readers hear "Copied" without moving focus.
    if (!liveRegion) {
      liveRegion = document.createElement("div");
      liveRegion.className = "tr-offscreen";
      liveRegion.setAttribute("role", "status");
      document.body.appendChild(liveRegion);
    }
    liveRegion.textContent = "";
    setTimeout(function () { liveRegion.textContent = text; }, 50);
  }

  function cellValue(row, idx, kind) {
    var cell = row.cells[idx];
    if (!cell) return "";
    if (cell.hasAttribute("data-v")) return parseFloat(cell.getAttribute("data-v"));
    var t = cell.textContent.trim();
    if (kind === "num") { var n = parseFloat(t); return isNaN(n) ? -1 : n; }
    return t.toLowerCase();
  }

  function setupTables() {
    document.querySelectorAll("table.tr-sortable").forEach(function (table) {
      var heads = table.tHead ? table.tHead.rows[0].cells : [];
      Array.prototype.forEach.call(heads, function (th, idx) {
        var kind = th.getAttribute("data-sort");
        if (!kind) return;
        // The header's text goes into a real button: focusable, Enter and Space, announced as a
        // control; the th carries aria-sort once its column is sorted.
        var button = document.createElement("button");
        button.type = "button";
        button.className = "tr-sort";
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        var sort = function () {
          var asc = th.getAttribute("aria-sort") !== "ascending";
          Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", asc ? "ascending" : "descending");
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = cellValue(a, idx, kind), y = cellValue(b, idx, kind);
            return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
          });
          rows.forEach(function (r) { body.appendChild(r); });
        };
        th.addEventListener("click", sort);  // the button's clicks (Enter, Space) bubble here
      });
    });
    document.querySelectorAll("input.tr-filter[data-filter]").forEach(function (input) {
      var table = document.getElementById(input.getAttribute("data-filter"));
      if (!table) return;
      input.addEventListener("input", function () {
        var q = input.value.trim().toLowerCase();
        Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
          r.hidden = q !== "" && r.textContent.toLowerCase().indexOf(q) < 0;
        });
      });
    });
  }

  function setupScrollHints() {
    // A table wider than the screen scrolls sideways (toolrisk.css adds edge shadows); say so
    // in words above it too, and only while it does not fit.
    var tables = Array.prototype.slice.call(document.querySelectorAll("table.tr-table"));
    if (!tables.length) return;
    var check = function () {
      tables.forEach(function (table) {
        var over = table.scrollWidth > table.clientWidth + 1;
        var hint = table.previousElementSibling;
        if (!(hint && hint.classList.contains("tr-scroll-hint"))) {
          if (!over) return;
          hint = document.createElement("p");
          hint.className = "tr-scroll-hint";
          hint.setAttribute("aria-hidden", "true");  // the table itself is what readers announce
          hint.textContent = "Scroll the table sideways →";
          table.parentNode.insertBefore(hint, table);
        }
        hint.hidden = !over;
      });
    };
    var pending = false;
    window.addEventListener("resize", function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; check(); });
    });
    check();
  }

  function plain(htmlText) {
    // pagefind excerpts are HTML with <mark>; parse inertly (DOMParser runs no scripts) and keep text.
    return new DOMParser().parseFromString(htmlText || "", "text/html").body.textContent || "";
  }

  // pagefind adds a boost for a query word found in any meta field (5x for title, 1x for the
  // rest), so only a page's title may count: "tools" or "no tool list" in `detail` must not
  // rank a page, and a server without a tool list keeps its name in `name`, unweighted
  // (catalog/site/search.py), so that its name alone does not outrank matching tools.
  var RANKING = { metaWeights: { name: 0, detail: 0, kind: 0, tools: 0, where: 0 } };
  var PAGES_READ = 30;  // result pages whose fragments are loaded; at most 50 rows are shown

  function toEntries(pages, base) {
    // Servers whose tools match come first (pagefind's order otherwise): a server an index
    // lists without its tools can only match on its name or description.
    var withTools = [], listedOnly = [];
    pages.forEach(function (d) {
      var page = new URL(d.url, location.href);
      if (page.origin !== location.origin) return;  // only ever link into this site
      var meta = d.meta || {};
      var slug = page.pathname.replace(/\/+$/, "").split("/").pop();
      var server = meta.title || meta.name || slug;
      var tools = (d.sub_results || []).filter(function (s) {
        return s.anchor && s.anchor.id && s.anchor.id.indexOf("t-") === 0;
      });
      tools.forEach(function (s) {
        var toolSlug = s.anchor.id.slice(2);
        if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(toolSlug) || toolSlug.indexOf("..") >= 0) return;
        withTools.push({ href: new URL("tools/" + slug + "/" + toolSlug + "/", base).pathname, title: s.title,
                         meta: "tool · " + server, where: meta.where, excerpt: s.excerpt });
      });
      if (!tools.length) {
        (meta.tools === "0" ? listedOnly : withTools).push({
          href: page.pathname, title: server, where: meta.where, excerpt: d.excerpt,
          meta: [meta.kind, meta.detail].filter(Boolean).join(" · ") });
      }
    });
    var entries = withTools.concat(listedOnly);
    // Different servers can share a name: rows that would read the same get what tells them apart.
    var seen = {};
    entries.forEach(function (e) { var k = e.title + "\u0000" + e.meta; (seen[k] = seen[k] || {})[e.href] = 1; });
    entries.forEach(function (e) {
      if (e.where && Object.keys(seen[e.title + "\u0000" + e.meta]).length > 1) e.meta += " · " + e.where;
    });
    return entries;
  }

  async function setupSearch() {
    var holder = document.getElementById("tr-shards");
    var list = document.getElementById("tr-results");
    var status = document.getElementById("tr-status");
    var input = document.getElementById("tr-q");
    if (!holder || !list) return;
    var q = new URLSearchParams(location.search).get("q") || "";
    input.value = q;
    if (!q.trim()) return;
    status.textContent = "Searching…";
    var shards = JSON.parse(holder.textContent);
    var base = new URL("../", location.href);  // the search page is one folder below the root
    try {
      var pf = await import(new URL(shards[0] + "pagefind.js", base).href);
      await pf.options({ baseUrl: base.pathname, ranking: RANKING });
      for (var i = 1; i < shards.length; i++) {
        await pf.mergeIndex(new URL(shards[i], base).pathname, { baseUrl: base.pathname, ranking: RANKING });
      }
      var res = await pf.search(q.slice(0, 200));
      var pages = await Promise.all(res.results.slice(0, PAGES_READ).map(function (r) { return r.data(); }));
      var entries = toEntries(pages, base);
      list.textContent = "";
      entries.slice(0, 50).forEach(function (e) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = e.href;
        a.textContent = e.title;
        li.appendChild(a);
        var meta = document.createElement("span");
        meta.className = "tr-res-meta";
        meta.textContent = e.meta;
        li.appendChild(meta);
        var p = document.createElement("p");
        p.textContent = plain(e.excerpt);
        li.appendChild(p);
        list.appendChild(li);
      });
      status.textContent = entries.length
        ? entries.length + " match" + (entries.length === 1 ? "" : "es") + (entries.length > 50 ? ", the first 50 shown" : "")
        : "No results.";
    } catch (e) {
      status.textContent = "Search is unavailable here (" + e.message + ").";
    }
  }

  onReady(function () { setupCopy(); setupTables(); setupScrollHints(); setupSearch(); });
})();
