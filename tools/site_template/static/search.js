// Search the course offline: window.COURSE_SEARCH (search-index.js, written from MyST's
// search records) holds every section's title and text. Every word of the query must occur;
// a match in a title counts more than one in the text.
(function () {
  "use strict";
  var records = window.COURSE_SEARCH || [];
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  if (!input || !list) return;

  var index = records.map(function (r) {
    return { record: r, title: r.title.toLowerCase(), text: r.text.toLowerCase() };
  });

  function words(query) {
    return query.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter(function (w) {
      return w.length >= 2;
    });
  }

  function count(haystack, needle) {
    var n = 0, at = haystack.indexOf(needle);
    while (at !== -1) { n += 1; at = haystack.indexOf(needle, at + needle.length); }
    return n;
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function snippet(text, needle) {
    var at = text.toLowerCase().indexOf(needle);
    var start = Math.max(0, at - 60);
    var piece = (start > 0 ? "… " : "") + text.slice(start, start + 180).replace(/\s+/g, " ");
    var safe = escapeHtml(piece);
    var re = new RegExp("(" + needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ")", "ig");
    return safe.replace(re, "<mark>$1</mark>") + (text.length > start + 180 ? " …" : "");
  }

  function search(query) {
    var terms = words(query);
    if (!terms.length) return [];
    var hits = [];
    index.forEach(function (entry) {
      var score = 0;
      for (var i = 0; i < terms.length; i += 1) {
        var inTitle = count(entry.title, terms[i]), inText = count(entry.text, terms[i]);
        if (!inTitle && !inText) return;
        score += 5 * inTitle + Math.min(inText, 10);
      }
      hits.push({ record: entry.record, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    return hits.slice(0, 12).map(function (h) { return { record: h.record, term: terms[0] }; });
  }

  function show(query) {
    var results = search(query);
    list.innerHTML = "";
    if (!query.trim()) { list.hidden = true; return; }
    if (!results.length) {
      list.innerHTML = '<li class="empty">No page mentions “' + escapeHtml(query) + "”.</li>";
    }
    results.forEach(function (hit) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = hit.record.url;
      a.innerHTML = '<span class="title">' + escapeHtml(hit.record.title) + "</span>" +
        '<span class="snippet">' + snippet(hit.record.text || hit.record.title, hit.term) + "</span>";
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = false;
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); }, 80);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var first = list.querySelector("a");
      if (first) window.location.href = first.href;
    } else if (event.key === "Escape") {
      input.value = "";
      show("");
    }
  });
  document.addEventListener("click", function (event) {
    if (!list.contains(event.target) && event.target !== input) list.hidden = true;
  });
  window.courseSearch = search; // for the browser test and the console
})();
