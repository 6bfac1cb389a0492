/* Progressive enhancement only: every page reads fully without this script.
   Search: MkDocs' search plugin writes search/search_index.json; results are built with
   textContent and createElement, never innerHTML, so indexed text cannot become markup.
   Timeline filter: shows the events of one actor and/or one brief, and keeps the choice in the
   address (?actor=ID&brief=ID) so that it can be shared and survives a reload. */
(function () {
  "use strict";
  var base = (document.body.getAttribute("data-base-url") || ".").replace(/\/$/, "");
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  // -- search ----------------------------------------------------------------------------------
  var KINDS = [
    [/^actors\/[^/]+\//, "Actor"], [/^actors\//, "Actors"], [/^briefs\/[^/]+\/timeline\//, "Timeline"],
    [/^briefs\/[^/]+\/quotes\//, "Quotes"], [/^briefs\/[^/]+\/sources\//, "Sources"],
    [/^briefs\/[^/]+\//, "Brief"], [/^timeline\//, "Timeline"], [/^guide\//, "Editor's guide"]
  ];

  function kindOf(location) {
    for (var i = 0; i < KINDS.length; i++) if (KINDS[i][0].test(location)) return KINDS[i][1];
    return "Page";
  }

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

  function setupSearch() {
    var form = document.querySelector("[data-search]");
    if (!form) return;
    var input = form.querySelector("input");
    var results = form.querySelector("[data-search-results]");
    var live = form.querySelector("[data-search-status]");
    var docs = null, loading = null, timer = null;
    form.hidden = false;

    function load() {
      if (!loading) {
        loading = fetch(base + "/search/search_index.json")
          .then(function (r) { return r.json(); })
          .then(function (index) {
            docs = index.docs.map(function (d) {
              return { location: d.location, title: d.title, text: d.text,
                       hay: (d.title + " " + d.text).toLowerCase(), title_lc: d.title.toLowerCase() };
            });
          })
          .catch(function () { loading = null; docs = null; });
      }
      return loading;
    }

    function score(d, phrase) {
      return (d.title_lc.indexOf(phrase) >= 0 ? 4 : 0) + (d.hay.indexOf(phrase) >= 0 ? 2 : 0) +
             (d.location.indexOf("#") >= 0 ? 1 : 0);
    }

    function show(query) {
      results.textContent = "";
      var words = query.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 1; });
      if (live) live.textContent = "";
      if (!words.length) return;
      var status = document.createElement("p");
      status.className = "search-status";
      results.appendChild(status);
      if (!docs) { status.textContent = "Search is not available just now."; if (live) live.textContent = status.textContent; return; }
      var phrase = words.join(" ");
      var hits = docs.filter(function (d) {
        return words.every(function (w) { return d.hay.indexOf(w) >= 0; });
      });
      hits.sort(function (a, b) { return score(b, phrase) - score(a, phrase); });
      status.textContent = hits.length
        ? hits.length + (hits.length === 1 ? " result" : " results") + (hits.length > 20 ? ", the first 20 shown" : "")
        : "No results for \u201c" + query.trim() + "\u201d";
      if (live) live.textContent = status.textContent;
      if (!hits.length) return;
      var list = document.createElement("ul");
      hits.slice(0, 20).forEach(function (d) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = base + "/" + d.location;
        var kind = document.createElement("span");
        kind.className = "result-kind";
        kind.textContent = kindOf(d.location);
        var marks = words.length > 1 ? [phrase].concat(words) : words;
        var title = highlighted(document.createElement("span"), d.title, marks);
        title.className = "result-title";
        var text = highlighted(document.createElement("span"), snippet(d.text, d.hay.indexOf(phrase) >= 0 ? phrase : words[0]), marks);
        text.className = "result-text";
        a.appendChild(kind);
        a.appendChild(title);
        a.appendChild(text);
        li.appendChild(a);
        list.appendChild(li);
      });
      results.appendChild(list);
    }

    function links() { return results.querySelectorAll("a"); }

    function move(from, step) {
      var all = Array.prototype.slice.call(links());
      var i = all.indexOf(from) + step;
      if (i < 0) input.focus();
      else if (i < all.length) all[i].focus();
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { load().then(function () { show(input.value); }); }, 120);
    });
    input.addEventListener("focus", function () {
      load();
      if (input.value && !results.firstChild) load().then(function () { show(input.value); });
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      load().then(function () { show(input.value); var first = links()[0]; if (first) first.focus(); });
    });
    form.addEventListener("keydown", function (e) {
      if (e.key === "Escape") {
        if (results.firstChild) { input.focus(); results.textContent = ""; }
        else { input.value = ""; }
      } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
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
