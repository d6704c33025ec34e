// Hover and focus previews for internal links and note references (WCAG 2.2 SC 1.4.13: dismissible,
// hoverable, persistent). A note's preview is a copy of the note itself, taken from the page.
// Without JavaScript every link is a plain link; on touch screens previews never open.
(function () {
  "use strict";
  var card = null, owner = null, showTimer = 0, hideTimer = 0;
  var shardCount = null, shards = {};

  // A data file of the site, by its path from the site's root: pages are linked relatively, so the
  // root is the page's data-root ("../../") resolved against where the page is.
  function dataURL(name) {
    return new URL(name, new URL(document.body.getAttribute("data-root") || "./", window.location.href)).href;
  }
  // The portable build (opened from disk) fetches nothing: site-data.js, loaded as a script, sets
  // window.biographyData to every data file the scripts read, by path (trotsky_site/portable.py).
  var portable = document.body.hasAttribute("data-portable"), portableData = null;
  function portableFiles() {
    if (!portableData) {
      portableData = new Promise(function (resolve) {
        if (window.biographyData) return resolve(window.biographyData);
        var script = document.createElement("script");
        script.src = dataURL("site-data.js");
        script.onload = function () { resolve(window.biographyData || {}); };
        script.onerror = function () { resolve({}); };
        document.head.appendChild(script);
      });
    }
    return portableData;
  }
  // Previews come in small files, previews/<n>.json, n a hash of the page id (FNV-1a, as
  // trotsky_site/searchindex.py hashes it), so the first hover fetches one of them and
  // previews/index.json, which says how many there are.
  function getJSON(path) {
    if (portable) {
      return portableFiles().then(function (files) {
        if (!(path in files)) throw new Error(path + ": not in site-data.js");
        return files[path];
      });
    }
    return fetch(dataURL(path)).then(function (r) {
      if (!r.ok) throw new Error(path + ": " + r.status);
      return r.json();
    });
  }
  window.biographySite = { dataURL: dataURL, getJSON: getJSON, portable: portable };
  function shardOf(id, count) {
    var h = 0x811c9dc5;
    for (var i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
    return h % count;
  }
  function countShards() {
    if (!shardCount) {
      shardCount = getJSON("previews/index.json").then(function (d) { return d.shards; })
        .catch(function () { shardCount = null; return 0; });
    }
    return shardCount;
  }
  function preview(id) {
    return countShards().then(function (count) {
      if (!count || !id) return null;
      var n = shardOf(id, count);
      if (!shards[n]) shards[n] = getJSON("previews/" + n + ".json").catch(function () { delete shards[n]; return {}; });
      return shards[n].then(function (data) { return data[id] || null; });
    });
  }
  window.siteFindPreview = preview;   // search.js shows the summaries of its results from the same files

  function element(tag, cls, text, lang) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text) el.textContent = text;
    if (lang) el.lang = lang;
    return el;
  }

  function ensureCard() {
    if (card) return card;
    card = element("div", "preview-card");
    card.id = "link-preview";
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    card.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
    card.addEventListener("pointerleave", function () { scheduleHide(); });
    document.body.appendChild(card);
    return card;
  }

  function fill(data) {
    var c = ensureCard();
    c.textContent = "";
    if (data.kind) c.appendChild(element("p", "preview-kind", data.kind));
    c.appendChild(element("p", "preview-title", data.title));
    if (data.native_name) c.appendChild(element("p", "preview-meta preview-native", data.native_name, data.native_lang));
    if (data.dates) c.appendChild(element("p", "preview-meta", data.dates));
    c.appendChild(element("p", "preview-summary", data.summary));
  }

  function place(link) {
    var rect = link.getBoundingClientRect();
    var top = window.scrollY + rect.bottom + 6;
    var left = window.scrollX + Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - card.offsetWidth - 8));
    if (rect.bottom + card.offsetHeight + 12 > window.innerHeight && rect.top > card.offsetHeight + 12) {
      top = window.scrollY + rect.top - card.offsetHeight - 6;
    }
    card.style.top = top + "px";
    card.style.left = left + "px";
  }

  function fillNote(link) {
    var note = document.getElementById((link.getAttribute("href") || "").slice(1));
    if (!note) return false;
    var c = ensureCard();
    c.textContent = "";
    c.appendChild(element("p", "preview-kind", "Note " + link.textContent));
    var text = element("p", "preview-note");
    Array.prototype.forEach.call(note.childNodes, function (node) {
      if (!(node.nodeType === 1 && node.getAttribute("role") === "doc-backlink")) text.appendChild(node.cloneNode(true));
    });
    c.appendChild(text);
    return true;
  }

  function open(link) {
    clearTimeout(hideTimer);
    if (owner && owner !== link) owner.removeAttribute("aria-describedby");
    owner = link;
    card.hidden = false;
    link.setAttribute("aria-describedby", "link-preview");
    place(link);
  }

  // The link whose card was asked for last: a preview file that arrives after focus or the pointer has
  // moved on (or the card was dismissed) must not replace the card now shown.
  var wanted = null;

  function show(link) {
    wanted = link;
    if (link.getAttribute("role") === "doc-noteref") {
      if (fillNote(link)) open(link);
      return;
    }
    preview(link.getAttribute("data-preview")).then(function (entry) {
      if (!entry || wanted !== link) return;
      fill(entry);
      open(link);
    });
  }

  function hide() {
    wanted = null;
    clearTimeout(showTimer);
    if (card) card.hidden = true;
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
  }

  function scheduleHide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 300);
  }

  function linkOf(target) {
    return target && target.closest ? target.closest('a[data-preview], a[role="doc-noteref"]') : null;
  }

  document.addEventListener("pointerover", function (event) {
    var link = linkOf(event.target);
    if (!link || event.pointerType === "touch") return;
    if (link.hasAttribute("data-preview")) countShards();   // while the pointer rests: the card then needs one file
    clearTimeout(hideTimer);
    clearTimeout(showTimer);
    showTimer = setTimeout(function () { show(link); }, 250);
  });
  document.addEventListener("pointerout", function (event) {
    var link = linkOf(event.target);
    if (!link || event.pointerType === "touch" || link.contains(event.relatedTarget)) return;
    scheduleHide();
  });
  // Keyboard focus opens the card; the focus a click or a tap gives a link does not.
  function keyboardFocus(link) {
    try { return link.matches(":focus-visible"); } catch (e) { return !lastPointer; }
  }
  var lastPointer = "";
  document.addEventListener("pointerdown", function (event) { lastPointer = event.pointerType; }, true);
  document.addEventListener("keydown", function () { lastPointer = ""; }, true);
  document.addEventListener("focusin", function (event) {
    var link = linkOf(event.target);
    if (link && keyboardFocus(link)) { clearTimeout(hideTimer); show(link); }
  });
  document.addEventListener("focusout", function (event) {
    if (linkOf(event.target)) scheduleHide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && card && !card.hidden) hide();
  });
  document.addEventListener("touchstart", function () { hide(); }, { passive: true });
})();
