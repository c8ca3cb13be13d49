/* toolrisk: copy buttons, sortable/filterable tables, pagefind search. Loaded on every page
   (CSP: script-src 'self'); all text from the index is inserted with textContent. */
(function () {
  "use strict";

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
    document.body.appendChild(ta); ta.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(ta);
    return ok;
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
        th.tabIndex = 0;
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
        th.addEventListener("click", sort);
        th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
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

  function plain(htmlText) {
    // pagefind excerpts are HTML with <mark>; parse inertly (DOMParser runs no scripts) and keep text.
    return new DOMParser().parseFromString(htmlText || "", "text/html").body.textContent || "";
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
      await pf.options({ baseUrl: base.pathname });
      for (var i = 1; i < shards.length; i++) {
        await pf.mergeIndex(new URL(shards[i], base).pathname, { baseUrl: base.pathname });
      }
      var res = await pf.search(q.slice(0, 200));
      var pages = await Promise.all(res.results.slice(0, 20).map(function (r) { return r.data(); }));
      var entries = [];
      pages.forEach(function (d) {
        var page = new URL(d.url, location.href);
        if (page.origin !== location.origin) return;  // only ever link into this site
        var slug = page.pathname.replace(/\/+$/, "").split("/").pop();
        var tools = (d.sub_results || []).filter(function (s) {
          return s.anchor && s.anchor.id && s.anchor.id.indexOf("t-") === 0;
        });
        tools.forEach(function (s) {
          var toolSlug = s.anchor.id.slice(2);
          if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(toolSlug) || toolSlug.indexOf("..") >= 0) return;
          entries.push({ href: new URL("tools/" + slug + "/" + toolSlug + "/", base).pathname, title: s.title,
                         meta: "tool · " + ((d.meta && d.meta.title) || slug), excerpt: s.excerpt });
        });
        if (!tools.length) {
          entries.push({ href: page.pathname, title: (d.meta && d.meta.title) || d.url,
                         meta: [d.meta && d.meta.kind, d.meta && d.meta.detail].filter(Boolean).join(" · "),
                         excerpt: d.excerpt });
        }
      });
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

  onReady(function () { setupCopy(); setupTables(); setupSearch(); });
})();
