// The network page's drawing (Cytoscape.js): the network as the user's agency sees it,
// groups coloured, core members sized by their score; selecting a node shows why it is
// here and adds its neighbours (fetched from the page's expand endpoint), selecting an
// edge shows the reports that show the link; filters by identifier kind and date; PNG
// export. Every text comes from the page (data-* attributes, translated there) and is
// put in the page with textContent, never as HTML.
"use strict";
(function () {
  var LARGE = 400; // above this many nodes, a concentric layout (a force layout is slow)

  function message(box, name, n) {
    var text = box.getAttribute("data-msg-" + name) || "";
    return n === undefined ? text : text.replace("{n}", String(n));
  }

  function labels(box, name) {
    try { return JSON.parse(box.getAttribute(name) || "{}"); } catch (e) { return {}; }
  }

  function short(text) {
    return text.length > 28 ? text.slice(0, 27) + "…" : text;
  }

  function nodeElement(node) {
    var score = typeof node.core_score === "number" ? node.core_score : 0;
    return {
      group: "nodes",
      data: {
        id: node.id, label: short(node.display || node.value), display: node.display,
        kind: node.kind, value: node.value, colour: node.colour || "#8c959f",
        size: 18 + Math.min(score, 3) * 14, core: node.core_rank ? 1 : 0,
        core_rank: node.core_rank, core_score: node.core_score, why: node.why || "",
        group_label: node.group_label || "", reports: node.reports,
        first: node.first_seen || "", last: node.last_seen || "", hops: node.hops
      }
    };
  }

  function edgeElement(edge) {
    var reports = typeof edge.reports === "number" ? edge.reports : null;
    return {
      group: "edges",
      data: {
        id: "e:" + edge.source + "|" + edge.target, source: edge.source, target: edge.target,
        types: edge.types || [], reports: reports, evidence: edge.evidence || [],
        width: reports ? 1 + Math.min(6, Math.log(1 + reports) * 2) : 1,
        first: edge.first_seen || "", last: edge.last_seen || ""
      }
    };
  }

  function style(large) {
    var rules = [
      { selector: "node", style: {
        "background-color": "data(colour)", "width": "data(size)", "height": "data(size)",
        "label": "data(label)", "font-size": 9, "color": "#1b1f24",
        "text-valign": "bottom", "text-margin-y": 3, "border-width": 1,
        "border-color": "#ffffff", "min-zoomed-font-size": 7 } },
      { selector: "node[core = 1]", style: { "border-width": 3, "border-color": "#1b1f24" } },
      { selector: "node.added", style: { "background-color": "#ffffff",
        "border-color": "data(colour)", "border-width": 3, "border-style": "dashed" } },
      { selector: "node:selected", style: { "overlay-color": "#ffbf47",
        "overlay-opacity": 0.45, "overlay-padding": 6 } },
      { selector: "edge", style: { "width": "data(width)", "line-color": "#9aa4ae",
        "curve-style": "haystack", "opacity": 0.8 } },
      { selector: "edge.added", style: { "line-style": "dashed" } },
      { selector: "edge:selected", style: { "line-color": "#ffbf47", "width": 5 } },
      { selector: ".filtered", style: { "display": "none" } }
    ];
    if (large) { // a large drawing: names of core members only, no outlines (paint time)
      rules.push({ selector: "node", style: { "label": "", "border-width": 0 } });
      rules.push({ selector: "node[core = 1], node:selected, node.added",
                   style: { "label": "data(label)" } });
      rules.push({ selector: "node[core = 1]", style: { "border-width": 2 } });
    }
    return rules;
  }

  function layoutFor(count) {
    if (count > LARGE) {
      return { name: "concentric", animate: false, minNodeSpacing: 4,
               concentric: function (n) { return n.data("core") ? 10 : 1; },
               levelWidth: function () { return 1; } };
    }
    return { name: "cose", animate: false, randomize: false, nodeRepulsion: 8000,
             idealEdgeLength: 60, numIter: 600 };
  }

  function clear(el) { while (el.firstChild) { el.removeChild(el.firstChild); } }

  function fact(list, term, value) {
    if (value === undefined || value === null || value === "") { return; }
    var dt = document.createElement("dt"); dt.textContent = term;
    var dd = document.createElement("dd"); dd.textContent = String(value);
    list.appendChild(dt); list.appendChild(dd);
  }

  function start(box) {
    var status = document.getElementById("graph-status");
    var details = document.getElementById("graph-details");
    var kinds = labels(box, "data-kind-labels");
    var links = labels(box, "data-link-labels");
    status.textContent = message(box, "loading");

    fetch(box.getAttribute("data-graph-url"), { credentials: "same-origin",
                                                headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (graph) { draw(graph); })
      .catch(function () { status.textContent = message(box, "failed"); });

    function draw(graph) {
      if (window.performance && performance.mark) { performance.mark("network-data"); }
      status.remove();
      var elements = graph.nodes.map(nodeElement).concat(graph.edges.map(edgeElement));
      var large = graph.nodes.length > LARGE;
      var cy = window.cytoscape({ container: box, elements: elements, style: style(large),
                                  layout: layoutFor(graph.nodes.length),
                                  boxSelectionEnabled: false, textureOnViewport: large,
                                  hideEdgesOnViewport: large, pixelRatio: large ? 1 : "auto" });
      window.counterfraudNetwork = { cy: cy, ready: false };
      cy.ready(function () {
        // drawn: the frame after the layout (what a benchmark times, from "network-data")
        window.requestAnimationFrame(function () {
          window.counterfraudNetwork.ready = true;
          box.setAttribute("data-drawn", String(cy.nodes().length));
          if (window.performance && performance.mark) { performance.mark("network-drawn"); }
        });
      });

      cy.on("tap", "node", function (event) { showNode(event.target); expand(event.target.id()); });
      cy.on("tap", "edge", function (event) { showEdge(event.target); });

      var form = document.getElementById("graph-filters");
      form.addEventListener("change", function () { filter(cy, form); });
      form.addEventListener("input", function () { filter(cy, form); });
      document.getElementById("graph-fit").addEventListener("click", function () { cy.fit(undefined, 20); });
      document.getElementById("graph-png").addEventListener("click", function () { png(cy); });
      document.querySelectorAll("[data-expand-node]").forEach(function (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
          var id = button.getAttribute("data-expand-node");
          var node = cy.getElementById(id);
          if (node.nonempty()) { cy.elements().unselect(); node.select(); showNode(node); }
          expand(id);
        });
      });

      function showNode(node) {
        clear(details);
        var h = document.createElement("h3"); h.textContent = node.data("display");
        var list = document.createElement("dl"); list.className = "facts";
        fact(list, message(box, "kind"), kinds[node.data("kind")] || node.data("kind"));
        fact(list, message(box, "group"), node.data("group_label"));
        fact(list, message(box, "rank"), node.data("core_rank"));
        fact(list, message(box, "score"), node.data("core_score"));
        fact(list, message(box, "why"), node.data("why"));
        fact(list, message(box, "named"), node.data("reports"));
        if (node.data("first")) {
          fact(list, message(box, "seen"), node.data("first") + " – " + node.data("last"));
        }
        details.appendChild(h); details.appendChild(list);
      }

      function showEdge(edge) {
        clear(details);
        var h = document.createElement("h3");
        h.textContent = edge.source().data("display") + " — " + edge.target().data("display");
        var list = document.createElement("dl"); list.className = "facts";
        fact(list, message(box, "links"), edge.data("types").map(function (t) {
          return links[t] || t; }).join(", "));
        var reports = edge.data("reports");
        fact(list, message(box, "reports"), reports === null ? message(box, "unknown") : reports);
        if (edge.data("evidence").length) {
          fact(list, message(box, "evidence"), edge.data("evidence").join(", "));
        }
        if (edge.data("first")) {
          fact(list, message(box, "seen"), edge.data("first") + " – " + edge.data("last"));
        }
        details.appendChild(h); details.appendChild(list);
      }

      function expand(id) {
        var url = box.getAttribute("data-expand-url") + "?node=" + encodeURIComponent(id);
        fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
          .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
          .then(function (found) { add(found, id); })
          .catch(function () { note(message(box, "expand-failed")); });
      }

      function add(found, id) {
        var seed = cy.getElementById(id);
        var centre = seed.nonempty() ? seed.position() : { x: 0, y: 0 };
        var fresh = [];
        cy.batch(function () {
          found.nodes.forEach(function (n, i) {
            if (cy.getElementById(n.id).nonempty()) { return; }
            var element = nodeElement(n);
            element.classes = "added";
            var angle = (2 * Math.PI * i) / Math.max(1, found.nodes.length);
            element.position = { x: centre.x + 90 * Math.cos(angle), y: centre.y + 90 * Math.sin(angle) };
            fresh.push(cy.add(element));
          });
          found.edges.forEach(function (e) {
            if (cy.getElementById(e.source).empty() || cy.getElementById(e.target).empty()) { return; }
            var between = cy.getElementById(e.source).edgesWith(cy.getElementById(e.target));
            if (between.nonempty()) {
              if (between.data("reports") === null && typeof e.reports === "number") {
                between.data({ reports: e.reports, evidence: e.evidence });
              }
              return;
            }
            var element = edgeElement(e);
            element.classes = "added";
            cy.add(element);
          });
        });
        box.setAttribute("data-drawn", String(cy.nodes().length));
        filter(cy, form);
        note(message(box, "added", fresh.length));
      }

      function note(text) {
        var p = document.createElement("p"); p.className = "muted"; p.textContent = text;
        details.appendChild(p);
      }
    }
  }

  function filter(cy, form) {
    var shown = {};
    form.querySelectorAll("input[name=kind]").forEach(function (box) { shown[box.value] = box.checked; });
    var from = form.querySelector("input[name=from]").value;
    var to = form.querySelector("input[name=to]").value;
    function within(element) {
      var first = element.data("first"), last = element.data("last");
      if (!first) { return true; } // no date known (added neighbours): kept
      return (!from || last >= from) && (!to || first <= to);
    }
    cy.batch(function () {
      cy.nodes().forEach(function (node) {
        var kind = node.data("kind");
        var ok = (shown[kind] === undefined || shown[kind]) && within(node);
        node.toggleClass("filtered", !ok);
      });
      cy.edges().forEach(function (edge) {
        var ok = within(edge) && !edge.source().hasClass("filtered") && !edge.target().hasClass("filtered");
        edge.toggleClass("filtered", !ok);
      });
    });
  }

  function png(cy) {
    var box = document.getElementById("network-graph");
    var blob = cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = box.getAttribute("data-png-name") || "network.png";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("network-graph");
    if (box && window.cytoscape) { start(box); }
  });
})();
