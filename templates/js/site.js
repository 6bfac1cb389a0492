/* Progressive enhancement only: every page reads fully without this script.
   Search: MkDocs' search plugin writes search/search_index.json; results are built with
   textContent, never innerHTML, so indexed text cannot become markup. */
(function () {
  "use strict";
  var base = (document.body.getAttribute("data-base-url") || ".").replace(/\/$/, "");

  function setupSearch() {
    var form = document.querySelector("[data-search]");
    if (!form) return;
    var input = form.querySelector("input");
    var results = form.querySelector("[data-search-results]");
    var docs = null, loading = null;
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
          });
      }
      return loading;
    }

    function snippet(text, word) {
      var at = text.toLowerCase().indexOf(word);
      if (at < 0) return text.slice(0, 140);
      var start = Math.max(0, at - 60);
      return (start ? "\u2026" : "") + text.slice(start, start + 160) + "\u2026";
    }

    function show(query) {
      results.textContent = "";
      var words = query.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 1; });
      if (!words.length || !docs) return;
      var phrase = words.join(" ");
      var hits = docs.filter(function (d) {
        return words.every(function (w) { return d.hay.indexOf(w) >= 0; });
      });
      hits.sort(function (a, b) {
        var sa = (a.title_lc.indexOf(phrase) >= 0 ? 4 : 0) + (a.hay.indexOf(phrase) >= 0 ? 2 : 0) + (a.location.indexOf("#") >= 0 ? 1 : 0);
        var sb = (b.title_lc.indexOf(phrase) >= 0 ? 4 : 0) + (b.hay.indexOf(phrase) >= 0 ? 2 : 0) + (b.location.indexOf("#") >= 0 ? 1 : 0);
        return sb - sa;
      });
      var status = document.createElement("p");
      status.className = "search-status";
      status.textContent = hits.length ? hits.length + (hits.length === 1 ? " result" : " results") : "No results";
      results.appendChild(status);
      var list = document.createElement("ul");
      hits.slice(0, 20).forEach(function (d) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = base + "/" + d.location;
        a.textContent = d.title;
        var p = document.createElement("p");
        p.textContent = snippet(d.text, words[0]);
        li.appendChild(a);
        li.appendChild(p);
        list.appendChild(li);
      });
      results.appendChild(list);
    }

    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { load().then(function () { show(input.value); }); }, 120);
    });
    input.addEventListener("focus", load, { once: true });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      load().then(function () { show(input.value); });
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { input.value = ""; results.textContent = ""; }
    });
  }

  setupSearch();
})();
