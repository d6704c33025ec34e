// Offline search: names typed with or without stress marks and diacritics, in Cyrillic or Latin
// letters, and common spelling variants (Chekhov, Tchekhov, Чехов) all match.
// search/pages.json (fetched on the first search) has every page's names; the full text is in
// search/terms-<prefix>.json, fetched only for the words of a query (trotsky_site/searchindex.py).
(function () {
  "use strict";
  var site = window.biographySite;   // site.js, loaded before this script
  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var CYR = {"а":"a","б":"b","в":"v","г":"g","д":"d","е":"e","ё":"e","ж":"zh","з":"z","и":"i","й":"i","к":"k","л":"l",
    "м":"m","н":"n","о":"o","п":"p","р":"r","с":"s","т":"t","у":"u","ф":"f","х":"kh","ц":"ts","ч":"ch","ш":"sh",
    "щ":"shch","ъ":"","ы":"y","ь":"","э":"e","ю":"yu","я":"ya","і":"i","ї":"i","є":"e","ґ":"g"};
  var WEIGHT = [0, 1, 3, 6];   // a term in the text, the summary, the title (searchindex.py: TEXT, SUMMARY, TITLE)
  var WORD_BYTES = 64000;      // a word whose shards are larger than this waits for another letter
  var index = null, shards = {}, generation = 0;

  // fold() and key() are ported to trotsky_site/searchindex.py: change both, and the table in
  // tests/unit/test_searchindex.py that tests/browser/test_search.py checks here too.
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
  window.siteSearchKeys = keys;   // for the test of parity with searchindex.py

  function getJSON(path) { return site.getJSON(path); }

  // Rows of pages.json: [id, kind number, title, the keys of its other names...].
  function prepare(data) {
    var pages = data.pages.map(function (row, number) {
      var kind = data.kinds[row[1]];
      return { number: number, id: row[0], kind: kind.name, title: row[2], url: site.dataURL(kind.url + row[0] + (site.portable ? "/index.html" : "/")),
               names: [keys(row[2])].concat(row.slice(3).map(function (n) { return n.split(" "); })) };
    });
    return { pages: pages, shards: data.shards, prefixes: Object.keys(data.shards) };
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

  // The shards that hold the terms beginning with `word`, or null while it is too short to say
  // (one letter, or shards together larger than WORD_BYTES: another letter narrows them).
  function shardsFor(word) {
    if (word.length < 2) return null;
    var wanted = index.prefixes.filter(function (p) { return p.indexOf(word) === 0 || word.indexOf(p) === 0; });
    var bytes = wanted.reduce(function (sum, p) { return sum + index.shards[p]; }, 0);
    return bytes > WORD_BYTES ? null : wanted;
  }
  function shard(prefix) {
    if (!shards[prefix]) {
      shards[prefix] = getJSON("search/terms-" + prefix + ".json")
        .catch(function () { delete shards[prefix]; return {}; });
    }
    return shards[prefix];
  }

  // page number -> weight of the best place on it of a term beginning with `word`.
  function postings(word, loaded) {
    var found = {};
    loaded.forEach(function (terms) {
      Object.keys(terms).forEach(function (term) {
        if (term.indexOf(word) !== 0) return;
        var gaps = terms[term], number = -1;
        for (var i = 0; i < gaps.length; i++) {
          number += gaps[i] >> 2;
          var weight = WEIGHT[gaps[i] & 3];
          if (!(found[number] >= weight)) found[number] = weight;
        }
      });
    });
    return found;
  }

  function textScores(words) {
    var searchable = words.filter(function (word) { return shardsFor(word); });
    if (!searchable.length) return Promise.resolve(null);
    return Promise.all(searchable.map(function (word) { return Promise.all(shardsFor(word).map(shard)); }))
      .then(function (loaded) {
        var maps = loaded.map(function (list, i) { return postings(searchable[i], list); });
        var scores = {};
        Object.keys(maps[0]).forEach(function (number) {
          var total = 0;
          for (var i = 0; i < maps.length; i++) {
            if (!maps[i][number]) return;
            total += maps[i][number];
          }
          scores[number] = total;
        });
        return scores;
      });
  }

  function score(page, words, text) {
    var best = 0;
    for (var j = 0; j < page.names.length; j++) best = Math.max(best, nameScore(page.names[j], words));
    if (best) return best + 20 + (page.kind === "person" ? 2 : 0);
    return text ? text[page.number] || 0 : 0;
  }

  function search(query) {
    var words = keys(query), mine = ++generation;
    if (!words.length) { results.textContent = ""; status.textContent = ""; return; }
    textScores(words).catch(function () { return null; }).then(function (text) {
      if (mine === generation) show(query, words, text);
    });
  }

  function show(query, words, text) {
    var found = index.pages.map(function (page) { return [score(page, words, text), page]; })
      .filter(function (pair) { return pair[0] > 0; })
      .sort(function (a, b) { return b[0] - a[0] || a[1].title.localeCompare(b[1].title); }).slice(0, 30);
    if (summaries) summaries.disconnect();
    results.textContent = "";
    status.textContent = found.length ? found.length + " result" + (found.length === 1 ? "" : "s") + " for “" + query + "”"
      : "Nothing found for “" + query + "”.";
    found.forEach(function (pair) {
      var e = pair[1], li = document.createElement("li"), a = document.createElement("a"), p = document.createElement("p");
      a.href = e.url; a.textContent = e.title; a.setAttribute("data-preview", e.id);
      li.appendChild(a);
      var kind = document.createElement("span"); kind.className = "preview-meta"; kind.textContent = " — " + e.kind;
      li.appendChild(kind);
      li.appendChild(p);
      li.setAttribute("data-id", e.id);
      results.appendChild(li);
      if (summaries) summaries.observe(li); else summarise(li);
    });
  }

  // A result's summary comes from the hover previews' files (site.js), fetched once the result is
  // on screen: thirty summaries could take thirty files, the first screen needs a third of them.
  function summarise(li) {
    if (!window.siteFindPreview) return;
    window.siteFindPreview(li.getAttribute("data-id")).then(function (entry) {
      if (entry) li.querySelector("p").textContent = entry.summary;
    });
  }
  var summaries = window.IntersectionObserver ? new IntersectionObserver(function (seen) {
    seen.forEach(function (item) {
      if (!item.isIntersecting) return;
      summaries.unobserve(item.target);
      summarise(item.target);
    });
  }, { rootMargin: "200px" }) : null;

  var params = new URLSearchParams(window.location.search);
  getJSON("search/pages.json").then(function (data) {
    index = prepare(data);
    if (params.get("q")) { input.value = params.get("q"); search(input.value); }
    input.addEventListener("input", function () {
      search(input.value);
      var url = new URL(window.location.href);
      if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
      history.replaceState(null, "", url);
    });
  });
  document.querySelector(".search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    if (index) search(input.value);
  });
})();
