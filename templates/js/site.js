/* Progressive enhancement only: every page reads fully without this script.
   Search: Pagefind's index (pagefind/, written by builder/search.py); results are built with
   textContent and createElement, never innerHTML, so indexed text cannot become markup.
   Timeline filter: shows the events of one actor and/or one brief, and keeps the choice in the
   address (?actor=ID&brief=ID) so that it can be shared and survives a reload. */
(function () {
  "use strict";
  var base = (document.body.getAttribute("data-base-url") || ".").replace(/\/$/, "");
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  // -- search ----------------------------------------------------------------------------------
  /* The index is Pagefind's (pagefind/, written at build time by builder/search.py): one record
     per fact, whose address is its "href" metadata, relative to the site root. Only the chunks and
     fragments a query needs are fetched. */

  /* Append text to el, with every occurrence of the words wrapped in <mark> (as DOM nodes). */
  function highlighted(el, text, words) {
    var lower = text.toLowerCase(), at = 0;
    while (at < text.length) {
      var next = -1, len = 0;
      words.forEach(function (w) {
        var i = lower.indexOf(w, at);
        if (i >= 0 && (next < 0 || i < next || (i === next && w.length > len))) { next = i; len = w.length; }
      });
      if (next < 0) { el.appendChild(document.createTextNode(text.slice(at))); break; }
      if (next > at) el.appendChild(document.createTextNode(text.slice(at, next)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + len);
      el.appendChild(mark);
      at = next + len;
    }
    return el;
  }

  function snippet(text, word) {
    var at = text.toLowerCase().indexOf(word);
    if (at < 0) return text.slice(0, 140) + (text.length > 140 ? "\u2026" : "");
    var start = Math.max(0, at - 60);
    var end = Math.min(text.length, start + 170);
    return (start ? "\u2026" : "") + text.slice(start, end) + (end < text.length ? "\u2026" : "");
  }

  /* The site root as an absolute path ("/", "/sub/"), from the page's relative base URL. */
  function siteRoot() {
    return new URL(base + "/", window.location.href).href;
  }

  function setupSearch() {
    var form = document.querySelector("[data-search]");
    if (!form) return;
    var input = form.querySelector("input");
    var results = form.querySelector("[data-search-results]");
    var live = form.querySelector("[data-search-status]");
    var kindSelect = form.querySelector("[data-search-kind]");
    var briefSelect = form.querySelector("[data-search-brief]");
    var panel = form.querySelector("[data-search-panel]");
    var fallback = document.querySelector("[data-search-fallback]");
    var pagefind = null, loading = null, timer = null, asked = 0;
    form.hidden = false;
    if (fallback) fallback.hidden = true;
    /* the panel (filters and results) is open while there is something in it */
    new MutationObserver(function () { panel.hidden = !results.firstChild; })
      .observe(results, { childList: true });

    function fill(select, values, every) {
      if (!select) return;
      var names = Object.keys(values || {}).sort();
      select.textContent = "";
      var all = document.createElement("option");
      all.value = "";
      all.textContent = every;
      select.appendChild(all);
      names.forEach(function (name) {
        var o = document.createElement("option");
        o.value = name;
        o.textContent = name + " (" + values[name] + ")";
        select.appendChild(o);
      });
      select.hidden = names.length < 2;
    }

    /* One index (builder/search.py merges its shards at build time): pagefind/pagefind.js and
       the files it finds through pagefind-entry.json. */
    function load() {
      if (!loading) {
        loading = import(siteRoot() + "pagefind/pagefind.js")
          .then(function (module) {
            pagefind = module;
            return pagefind.options({ excerptLength: 24 });
          })
          .then(function () { return pagefind.filters(); })
          .then(function (filters) {
            fill(kindSelect, filters.kind, "Every kind");
            fill(briefSelect, filters.brief, "Every brief");
          })
          .catch(function () {
            if (pagefind && pagefind.destroy) pagefind.destroy();
            loading = null; pagefind = null;
          });
      }
      return loading;
    }

    function chosen() {
      var f = {};
      if (kindSelect && kindSelect.value) f.kind = kindSelect.value;
      if (briefSelect && briefSelect.value) f.brief = briefSelect.value;
      return f;
    }

    function say(status, text) {
      status.textContent = text;
      if (live) live.textContent = text;
    }

    function show(query) {
      var words = query.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 1; });
      var ticket = ++asked;
      if (!words.length) { results.textContent = ""; if (live) live.textContent = ""; return Promise.resolve(); }
      if (!pagefind) {
        results.textContent = "";
        var status = document.createElement("p");
        status.className = "search-status";
        results.appendChild(status);
        say(status, "Search is not available just now. ");
        if (fallback) each(fallback.querySelectorAll("a"), function (a, i) {
          if (i) status.appendChild(document.createTextNode(" \u00b7 "));
          status.appendChild(a.cloneNode(true));
        });
        return Promise.resolve();
      }
      return pagefind.search(query, { filters: chosen() }).then(function (found) {
        var top = found.results.slice(0, 20);
        return Promise.all(top.map(function (r) { return r.data(); })).then(function (data) {
          if (ticket !== asked) return;  // a newer query is on its way
          results.textContent = "";
          var status = document.createElement("p");
          status.className = "search-status";
          results.appendChild(status);
          var n = found.results.length;
          say(status, n ? n + (n === 1 ? " result" : " results") + (n > 20 ? ", the first 20 shown" : "")
                        : "No results for \u201c" + query.trim() + "\u201d");
          if (!n) return;
          var phrase = words.join(" "), marks = words.length > 1 ? [phrase].concat(words) : words;
          var list = document.createElement("ul");
          data.forEach(function (d) {
            var meta = d.meta || {};
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = siteRoot() + (meta.href || d.url.replace(/^\//, ""));
            var kind = document.createElement("span");
            kind.className = "result-kind";
            kind.textContent = (meta.kind || "Page") + (meta.brief ? " \u00b7 " + meta.brief : "");
            var title = highlighted(document.createElement("span"), meta.title || "", marks);
            title.className = "result-title";
            var body = (d.content || "").replace(meta.title || "", "").replace(/^[\s.]+/, "");
            var text = highlighted(document.createElement("span"),
                                   snippet(body, body.toLowerCase().indexOf(phrase) >= 0 ? phrase : words[0]), marks);
            text.className = "result-text";
            a.appendChild(kind);
            a.appendChild(title);
            a.appendChild(text);
            li.appendChild(a);
            list.appendChild(li);
          });
          results.appendChild(list);
        });
      });
    }

    function links() { return results.querySelectorAll("a"); }

    function move(from, step) {
      var all = Array.prototype.slice.call(links());
      var i = all.indexOf(from) + step;
      if (i < 0) input.focus();
      else if (i < all.length) all[i].focus();
    }

    function run() { return load().then(function () { return show(input.value); }); }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    input.addEventListener("focus", function () {
      load();
      if (input.value && !results.firstChild) run();
    });
    each([kindSelect, briefSelect], function (s) { if (s) s.addEventListener("change", run); });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      run().then(function () { var first = links()[0]; if (first) first.focus(); });
    });
    form.addEventListener("keydown", function (e) {
      if (e.key === "Escape") {
        if (results.firstChild) { input.focus(); results.textContent = ""; }
        else { input.value = ""; }
      } else if ((e.key === "ArrowDown" || e.key === "ArrowUp") && e.target.tagName !== "SELECT") {
        var step = e.key === "ArrowDown" ? 1 : -1;
        if (e.target === input) { if (step > 0 && links()[0]) { e.preventDefault(); links()[0].focus(); } }
        else if (e.target.closest("[data-search-results]")) { e.preventDefault(); move(e.target, step); }
      }
    });
    form.addEventListener("focusout", function (e) {
      if (!e.relatedTarget || !form.contains(e.relatedTarget)) {
        setTimeout(function () { if (!form.contains(document.activeElement)) results.textContent = ""; }, 0);
      }
    });
  }

  // -- the timeline filter -----------------------------------------------------------------------
  function setupFilter() {
    var box = document.querySelector("[data-timeline-filter]");
    if (!box) return;
    var selects = box.querySelectorAll("select[data-filter]");
    var status = box.querySelector("[data-filter-status]");
    var clear = box.querySelector("[data-filter-clear]");
    var events = document.querySelectorAll("[data-timeline] .event, [data-timeline-background] .event");
    var groups = document.querySelectorAll("[data-timeline] .timeline-group");
    var background = document.querySelector("[data-timeline-background]");
    var total = events.length;
    box.hidden = false;

    function chosen() {
      var f = {};
      each(selects, function (s) { if (s.value) f[s.getAttribute("data-filter")] = s; });
      return f;
    }

    function label(select) {
      return select.options[select.selectedIndex].text.replace(/\s*\(\d+\)$/, "");
    }

    function apply(note) {
      var f = chosen(), shown = 0;
      each(events, function (e) {
        var ok = (!f.actor || (" " + e.getAttribute("data-actors") + " ").indexOf(" " + f.actor.value + " ") >= 0) &&
                 (!f.brief || e.getAttribute("data-brief") === f.brief.value);
        e.hidden = !ok;
        if (ok) shown++;
      });
      each(groups, function (g) { g.hidden = !g.querySelector(".event:not([hidden])"); });
      if (background) background.hidden = !background.querySelector(".event:not([hidden])");
      var text = shown === total ? "Showing all " + total + " events." : "Showing " + shown + " of " + total + " events" +
        (f.actor ? ", with " + label(f.actor) : "") + (f.brief ? ", in \u201c" + label(f.brief) + "\u201d" : "") + ".";
      status.textContent = (note ? note + " " : "") + text;
    }

    function remember() {
      var params = new URLSearchParams(window.location.search);
      each(selects, function (s) {
        var key = s.getAttribute("data-filter");
        if (s.value) params.set(key, s.value); else params.delete(key);
      });
      var query = params.toString();
      history.replaceState(history.state, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }

    /* A link to one event (#id) must show it, whatever the filter. */
    function reveal() {
      var id = decodeURIComponent(window.location.hash.slice(1));
      var target = id && document.getElementById(id);
      if (target && target.closest("[hidden]")) {
        each(selects, function (s) { s.value = ""; });
        apply("The filter was cleared to show the event linked to.");
        remember();
        target.scrollIntoView();
      }
    }

    var params = new URLSearchParams(window.location.search), unknown = [];
    each(selects, function (s) {
      var wanted = params.get(s.getAttribute("data-filter"));
      var known = wanted && Array.prototype.some.call(s.options, function (o) { return o.value === wanted; });
      s.value = known ? wanted : "";
      if (wanted && !known) unknown.push("\u201c" + wanted + "\u201d");
    });
    apply(unknown.length ? "Nothing on this timeline matches " + unknown.join(" or ") + "." : "");
    if (unknown.length) remember();
    document.body.setAttribute("data-filter-ready", "");
    reveal();

    each(selects, function (s) {
      s.addEventListener("change", function () { apply(""); remember(); });
    });
    clear.addEventListener("click", function () {
      each(selects, function (s) { s.value = ""; });
      apply("");
      remember();
    });
    window.addEventListener("hashchange", reveal);
  }

  setupSearch();
  setupFilter();
})();
