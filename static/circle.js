// The circle page's drawing: an enhancement drawn from the accessible list below it, which stays
// the real content. The drawing is aria-hidden and its links are out of the tab order.
(function () {
  "use strict";
  var holder = document.querySelector(".circle-graph");
  if (!holder || !window.SVGElement) return;
  var NS = "http://www.w3.org/2000/svg";
  var FAMILY = ["spouse", "partner", "parent", "child", "grandparent", "grandchild", "sibling"];
  var HOSTILE = ["rival", "opponent", "assassin", "victim"];
  var groups = Array.prototype.map.call(document.querySelectorAll(".circle-group"), function (section) {
    var heading = section.querySelector("h2");
    return {
      type: section.getAttribute("data-relation"),
      label: heading ? heading.textContent : "",
      people: Array.prototype.map.call(section.querySelectorAll("li > a[data-preview]"), function (a) {
        return { name: a.textContent, href: a.getAttribute("href") };
      })
    };
  }).filter(function (g) { return g.people.length; });
  var total = groups.reduce(function (n, g) { return n + g.people.length; }, 0);
  if (!total) return;

  var size = 880, c = size / 2, radius = 215, gap = 1.2;    // gap: empty slots between groups
  var slots = total + gap * groups.length, step = 2 * Math.PI / slots;

  function el(tag, attrs, text) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }
  function family(type) {
    return FAMILY.indexOf(type) >= 0 ? "family" : HOSTILE.indexOf(type) >= 0 ? "hostile" : "friendly";
  }

  var svg = el("svg", { viewBox: "0 0 " + size + " " + size, role: "presentation", focusable: "false" });
  var edges = el("g", {}), nodes = el("g", {});
  svg.appendChild(edges);
  svg.appendChild(nodes);
  var slot = gap / 2;
  groups.forEach(function (group) {
    group.people.forEach(function (person) {
      var angle = (slot + 0.5) * step - Math.PI / 2, x = c + radius * Math.cos(angle), y = c + radius * Math.sin(angle);
      var kind = family(group.type);
      edges.appendChild(el("line", { x1: c, y1: c, x2: x, y2: y, "class": "edge edge-" + kind,
                                     "stroke-dasharray": kind === "hostile" ? "4 3" : "none" }));
      var link = el("a", { href: person.href, tabindex: "-1" });
      link.appendChild(el("circle", { cx: x, cy: y, r: 5, "class": "node node-" + kind }));
      var degrees = angle * 180 / Math.PI, left = Math.cos(angle) < 0;
      var label = el("text", { x: x + (left ? -9 : 9), y: y, "dominant-baseline": "middle",
                               "text-anchor": left ? "end" : "start",
                               transform: "rotate(" + (left ? degrees + 180 : degrees) + " " + x + " " + y + ")" },
                     person.name + " · " + group.type);
      link.appendChild(label);
      nodes.appendChild(link);
      slot += 1;
    });
    slot += gap;
  });
  nodes.appendChild(el("circle", { cx: c, cy: c, r: 9, "class": "centre" }));
  [["family", "family"], ["friendly", "friends, allies, colleagues"], ["hostile", "rivals and opponents"]]
    .forEach(function (entry, i) {
      var y = 18 + i * 20;
      nodes.appendChild(el("line", { x1: 8, y1: y, x2: 30, y2: y, "class": "edge edge-" + entry[0],
                                     "stroke-dasharray": entry[0] === "hostile" ? "4 3" : "none" }));
      nodes.appendChild(el("circle", { cx: 30, cy: y, r: 5, "class": "node node-" + entry[0] }));
      nodes.appendChild(el("text", { x: 42, y: y, "dominant-baseline": "middle" }, entry[1]));
    });
  nodes.appendChild(el("text", { x: c, y: c + 24, "text-anchor": "middle", "class": "centre-label" },
                       holder.getAttribute("data-centre") || ""));
  holder.appendChild(svg);
})();
