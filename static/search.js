// Offline search over search.json: names typed with or without stress marks and diacritics,
// in Cyrillic or Latin letters, and common spelling variants (Chekhov, Tchekhov, Чехов) all match.
(function () {
  "use strict";
  // Entries' URLs are paths from the site's root, resolved against this page's data-root.
  var root = new URL(document.body.getAttribute("data-root") || "./", window.location.href);
  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var CYR = {"а":"a","б":"b","в":"v","г":"g","д":"d","е":"e","ё":"e","ж":"zh","з":"z","и":"i","й":"i","к":"k","л":"l",
    "м":"m","н":"n","о":"o","п":"p","р":"r","с":"s","т":"t","у":"u","ф":"f","х":"kh","ц":"ts","ч":"ch","ш":"sh",
    "щ":"shch","ъ":"","ы":"y","ь":"","э":"e","ю":"yu","я":"ya","і":"i","ї":"i","є":"e","ґ":"g"};
  var index = null;

  function fold(text) {
    var s = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    s = s.replace(/[\u0400-\u04ff]/g, function (c) { return CYR[c] !== undefined ? CYR[c] : c; });
    return s.replace(/ß/g, "ss").replace(/ł/g, "l").replace(/ø/g, "o").replace(/[^a-z0-9]+/g, " ").trim();
  }
  // A spelling key: transliteration variants (y/i/j, ks/x, w/v, kh/h, doubled letters) fall together.
  function key(word) {
    return word.replace(/kh/g, "h").replace(/[yj]/g, "i").replace(/w/g, "v").replace(/x/g, "ks")
      .replace(/ck/g, "k").replace(/ph/g, "f").replace(/(.)\1+/g, "$1");
  }
  function keys(text) { return fold(text).split(" ").filter(Boolean).map(key); }

  function prepare(entries) {
    return entries.map(function (e) {
      return { entry: e, names: e.names.map(keys), title: keys(e.title).join(" "),
               summary: keys(e.summary || "").join(" "), text: " " + keys(e.text || "").join(" ") + " " };
    });
  }

  // How well one name (its words) matches the query words: 0 unless every word is in it.
  function nameScore(name, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var best = 0;
      for (var j = 0; j < name.length; j++) {
        if (name[j] === words[i]) best = Math.max(best, 12);
        else if (name[j].indexOf(words[i]) === 0) best = Math.max(best, 8);
      }
      if (!best) return 0;
      total += best;
    }
    // A short name that the query nearly spells out beats a long one that merely contains it.
    return total + 6 * words.length / name.length;
  }

  function score(item, words) {
    var best = 0;
    for (var j = 0; j < item.names.length; j++) best = Math.max(best, nameScore(item.names[j], words));
    if (best) return best + 20 + (item.entry.kind === "person" ? 2 : 0);
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var w = words[i], found = 0;
      if (item.title.indexOf(w) >= 0) found = 6;
      else if (item.summary.indexOf(w) >= 0) found = 3;
      else if (item.text.indexOf(" " + w) >= 0) found = 1;
      if (!found) return 0;
      total += found;
    }
    return total;
  }

  function render(query) {
    var words = keys(query);
    results.textContent = "";
    if (!words.length) { status.textContent = ""; return; }
    var found = index.map(function (item) { return [score(item, words), item.entry]; })
      .filter(function (pair) { return pair[0] > 0; })
      .sort(function (a, b) { return b[0] - a[0] || a[1].title.localeCompare(b[1].title); }).slice(0, 30);
    status.textContent = found.length ? found.length + " result" + (found.length === 1 ? "" : "s") + " for “" + query + "”"
      : "Nothing found for “" + query + "”.";
    found.forEach(function (pair) {
      var e = pair[1], li = document.createElement("li"), a = document.createElement("a"), p = document.createElement("p");
      a.href = new URL(e.url, root).href; a.textContent = e.title; a.setAttribute("data-preview", e.id);
      li.appendChild(a);
      var kind = document.createElement("span"); kind.className = "preview-meta"; kind.textContent = " — " + e.kind;
      li.appendChild(kind);
      p.textContent = e.summary; li.appendChild(p);
      results.appendChild(li);
    });
  }

  var params = new URLSearchParams(window.location.search);
  // Opened from disk (the portable build) nothing is fetched: search-data.js sets the entries.
  var portable = document.body.hasAttribute("data-portable");
  (portable ? new Promise(function (resolve) {
    var script = document.createElement("script");
    script.src = new URL("search-data.js", root).href;
    script.onload = function () { resolve(window.biographySearch || []); };
    script.onerror = function () { resolve([]); };
    document.head.appendChild(script);
  }) : fetch(new URL("search.json", root).href).then(function (r) { return r.json(); })).then(function (entries) {
    index = prepare(entries);
    if (params.get("q")) { input.value = params.get("q"); render(input.value); }
    input.addEventListener("input", function () {
      render(input.value);
      var url = new URL(window.location.href);
      if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
      try { history.replaceState(null, "", url); } catch (e) { /* file:// pages may refuse it */ }
    });
  });
  document.querySelector(".search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    if (index) render(input.value);
  });
})();
