/* bms dashboards: the little the browser does itself.
 *
 * 1. Charts. bmsdata.ui.chart.Chart is an ipywidgets.HTML whose value carries the plotly figure
 *    as JSON (<script type="application/json" class="bms-figure">). This script draws it with
 *    plotly.js (the small "basic" bundle, loaded only when a page has a chart) into a div beside
 *    the widget's content, and on every new figure calls Plotly.react, which updates the chart
 *    in place instead of building a new one.
 * 2. Deep links. The kernel writes the page's parameters into <span class="bms-url"
 *    data-query="…">; the address bar follows (history.replaceState), so the URL a person copies
 *    into an e-mail opens the same view.
 *
 * Everything else (status, text, links) is rendered by the kernel as ordinary HTML.
 */
(function () {
  "use strict";

  var plotlyPromise = null;
  function loadPlotly() {
    if (window.Plotly) { return Promise.resolve(window.Plotly); }
    if (!plotlyPromise) {
      plotlyPromise = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = document.body.getAttribute("data-bms-plotly");
        s.onload = function () { resolve(window.Plotly); };
        s.onerror = reject;
        document.head.appendChild(s);
      });
    }
    return plotlyPromise;
  }

  var drawn = new WeakMap();   // chart element -> JSON text last drawn
  var pending = new WeakMap(); // chart element -> JSON text waiting for plotly.js

  function plotDivOf(el) {
    var div = el.querySelector(":scope > .bms-plot");
    if (!div) {
      div = document.createElement("div");
      div.className = "bms-plot";
      div.setAttribute("role", "img");
      el.appendChild(div);
    }
    return div;
  }

  function draw(el) {
    var script = el.querySelector("script.bms-figure");
    if (!script) { return; }
    var text = script.textContent;
    if (drawn.get(el) === text || pending.get(el) === text) { return; }
    pending.set(el, text);
    var fig;
    try { fig = JSON.parse(text); } catch (e) { return; }
    var div = plotDivOf(el);
    div.setAttribute("aria-label", (fig.meta && fig.meta.description) || "Diagram");
    loadPlotly().then(function (Plotly) {
      if (pending.get(el) !== text) { return; }  // a newer figure arrived meanwhile
      return Plotly.react(div, fig.data, fig.layout, fig.config || {}).then(function () {
        drawn.set(el, text);
        pending.delete(el);
        div.setAttribute("data-bms-figure-id", (fig.meta && fig.meta.id) || "");
        el.dispatchEvent(new CustomEvent("bms:chart-drawn", { bubbles: true }));
      });
    }).catch(function () {
      div.textContent = "Diagrammet kunne ikke vises. Tallene står i tabellen under.";
    });
  }

  function syncUrl() {
    var el = document.querySelector(".bms-url[data-query]");
    if (!el) { return; }
    var q = el.getAttribute("data-query");
    var want = window.location.pathname + (q ? "?" + q : "");
    if (want !== window.location.pathname + window.location.search) {
      window.history.replaceState(null, "", want);
    }
  }

  function scan() {
    var charts = document.querySelectorAll(".bms-chart");
    for (var i = 0; i < charts.length; i++) { draw(charts[i]); }
    syncUrl();
  }

  function insidePlot(node) {
    var el = node.nodeType === 1 ? node : node.parentElement;
    return !!(el && el.closest(".bms-plot"));
  }

  function onMutations(mutations) {
    // plotly.js redraws touch hundreds of nodes inside the plot; only changes elsewhere can
    // carry a new figure or a new address.
    for (var i = 0; i < mutations.length; i++) {
      if (!insidePlot(mutations[i].target)) { scan(); return; }
    }
  }

  function start() {
    new MutationObserver(onMutations).observe(document.body, {
      subtree: true, childList: true, characterData: true, attributes: true,
      attributeFilter: ["data-query"]
    });
    scan();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  window.bmsLoadPlotly = loadPlotly;
})();
