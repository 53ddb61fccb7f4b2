/* The energy page: a solved gas-disruption scenario on a map, day by day.
 *
 * Countries are coloured by the share of their demand left unserved on the chosen day; flows
 * are drawn between country anchors (the centroid of each country's largest polygon, or an
 * anchor given by the page), wider as they carry more, in another colour when a link runs at
 * capacity, dashed when the scenario cuts its capacity. Per-country charts (served and
 * unserved demand, storage level) are small SVGs drawn here. The editor posts a scenario to
 * the API and shows its result the same way; the critical-asset ranking is loaded on demand.
 * Every string shown comes from the page (#energy-config); every request goes to this host.
 *
 * State for tests: <html data-energy-ready="true"> once the map is drawn; #energy-map has
 * data-day (ISO) and data-scenario; each country path has data-code, data-state (served,
 * short, supplier, outside) and data-share; window.bucarestEnergy (setDay, stateOf, select…).
 * The ranking job is started, polled and cancelled through the platform's jobs.js, loaded before.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.add("js");
  var cfg = JSON.parse(document.getElementById("energy-config").textContent);
  var S = cfg.strings;
  var SVGNS = "http://www.w3.org/2000/svg";
  var DAY_MS = 86400000;

  var mapEl = document.getElementById("energy-map");
  var slider = document.getElementById("day-slider");
  var dayLabel = document.getElementById("day-label");
  var statusEl = document.getElementById("energy-status");
  var panelBody = document.getElementById("country-body");
  var panelTitle = document.getElementById("country-title");
  var tableBody = document.getElementById("results-body");
  var totalEl = document.getElementById("results-total");
  var resultsName = document.getElementById("results-name");
  var banner = document.getElementById("result-banner");
  var bannerText = document.getElementById("result-banner-text");

  var num1 = new Intl.NumberFormat(cfg.lang === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  var num0 = new Intl.NumberFormat(cfg.lang === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: 0 });
  var num2 = new Intl.NumberFormat(cfg.lang === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: 2, minimumFractionDigits: 2 });
  var pct = new Intl.NumberFormat(cfg.lang === "fr" ? "fr-FR" : "en-GB", { style: "percent", maximumFractionDigits: 0 });
  var pct1 = new Intl.NumberFormat(cfg.lang === "fr" ? "fr-FR" : "en-GB", { style: "percent", maximumFractionDigits: 1 });
  var shortDate = new Intl.DateTimeFormat(cfg.lang === "fr" ? "fr-FR" : "en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? String(values[k]) : m; });
  }
  function share(v) { return v > 0 && v < 0.005 ? pct1.format(v) : pct.format(v); }

  // --- state -----------------------------------------------------------------------------
  var result = null;        // the result record shown (shipped or edited)
  var dayIndex = cfg.day;   // index of the day shown
  var layers = new Map();   // code -> Leaflet layer of the country
  var anchors = {};         // code -> [lat, lng]
  var selected = null;
  var pairs = [];           // links between two nodes, aggregated over pipelines and directions
  var maxFlow = 1;
  var cutDays = [];         // per day: true when a disruption of the scenario is under way

  function dayIso(i) {
    var start = Date.parse((result ? result.start : cfg.scenario.start) + "T00:00:00Z");
    return new Date(start + i * DAY_MS).toISOString().slice(0, 10);
  }

  // --- country state on the day ----------------------------------------------------------
  function shareOn(code, i) {
    if (!result || !result.unserved_daily[code]) { return null; }
    var d = result.demand_daily[code][i];
    var u = result.unserved_daily[code][i];
    return d > 0 ? u / d : 0;
  }
  function stateOf(code) {
    if (!result) { return "outside"; }
    if (result.unserved_daily[code]) { return shareOn(code, dayIndex) > 1e-9 ? "short" : "served"; }
    return suppliers.has(code) ? "supplier" : "outside";
  }
  function colourOf(code) {
    var st = stateOf(code);
    if (st === "short") {
      var s = shareOn(code, dayIndex);
      var colour = cfg.bands[0].colour;
      cfg.bands.forEach(function (b) { if (s > b.min) { colour = b.colour; } });
      return colour;
    }
    return cfg.colours[st];
  }
  var suppliers = new Set(cfg.suppliers);

  function styleFor(code) {
    var isSelected = code === selected;
    return {
      fillColor: colourOf(code),
      fillOpacity: 1,
      color: isSelected ? "#111111" : "#ffffff",
      weight: isSelected ? 2.4 : 0.6,
      opacity: 1
    };
  }
  function paint(code) {
    var layer = layers.get(code);
    if (!layer) { return; }
    layer.setStyle(styleFor(code));
    var el = layer.getElement && layer.getElement();
    if (el) {
      el.setAttribute("data-state", stateOf(code));
      var s = shareOn(code, dayIndex);
      if (s === null) { el.removeAttribute("data-share"); } else { el.setAttribute("data-share", s.toFixed(4)); }
    }
  }

  // --- anchors: the centroid of each country's largest polygon --------------------------
  function ringCentroid(ring) {
    var a = 0, x = 0, y = 0;
    for (var i = 0, n = ring.length - 1; i < n; i++) {
      var p = ring[i], q = ring[i + 1];
      var c = p[0] * q[1] - q[0] * p[1];
      a += c; x += (p[0] + q[0]) * c; y += (p[1] + q[1]) * c;
    }
    if (Math.abs(a) < 1e-12) { return { area: 0, lng: ring[0][0], lat: ring[0][1] }; }
    return { area: Math.abs(a / 2), lng: x / (3 * a), lat: y / (3 * a) };
  }
  function anchorOf(feature) {
    var g = feature.geometry;
    if (!g) { return null; }
    var polys = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    var best = null;
    polys.forEach(function (poly) {
      var c = ringCentroid(poly[0]);
      if (!best || c.area > best.area) { best = c; }
    });
    return best ? [best.lat, best.lng] : null;
  }

  // --- flows -----------------------------------------------------------------------------
  function buildPairs(rec) {
    var byKey = new Map();
    rec.flows_daily.forEach(function (a) {
      var fwd = a.from < a.to;
      var key = fwd ? a.from + "|" + a.to : a.to + "|" + a.from;
      var p = byKey.get(key);
      if (!p) {
        var days = rec.days.length;
        p = { a: fwd ? a.from : a.to, b: fwd ? a.to : a.from, ids: [],
              ab: new Array(days).fill(0), ba: new Array(days).fill(0),
              capAb: new Array(days).fill(0), capBa: new Array(days).fill(0) };
        byKey.set(key, p);
      }
      p.ids.push(a.arc);
      var flow = fwd ? p.ab : p.ba, cap = fwd ? p.capAb : p.capBa;
      a.flow.forEach(function (v, t) { flow[t] += v; cap[t] += a.capacity[t]; });
    });
    pairs = Array.from(byKey.values());
    maxFlow = 1e-9;
    pairs.forEach(function (p) {
      p.fullAb = Math.max.apply(null, p.capAb);
      p.fullBa = Math.max.apply(null, p.capBa);
      p.ab.forEach(function (v, t) { maxFlow = Math.max(maxFlow, Math.abs(v - p.ba[t])); });
    });
    var scale = document.getElementById("flow-scale");
    if (scale) { scale.textContent = "(" + fill(S.flowMax, { flow: num0.format(maxFlow) }) + ")"; }
  }

  function pairOn(p, t) {
    var net = p.ab[t] - p.ba[t];
    var forward = net >= 0;
    var flow = Math.abs(net);
    var cap = forward ? p.capAb[t] : p.capBa[t];
    var used = forward ? p.ab[t] : p.ba[t];
    return {
      from: forward ? p.a : p.b,
      to: forward ? p.b : p.a,
      flow: flow,
      capacity: cap,
      saturated: flow > 1e-6 && cap > 1e-9 && used >= 0.999 * cap - 1e-9,
      reduced: p.capAb[t] < p.fullAb - 1e-6 || p.capBa[t] < p.fullBa - 1e-6
    };
  }

  // A gentle curve from a to b (always bent the same way for a pair, whatever the direction).
  function curve(a, b, n) {
    var k = Math.cos((a[0] + b[0]) / 2 * Math.PI / 180);
    var ax = a[1] * k, ay = a[0], bx = b[1] * k, by = b[0];
    var mx = (ax + bx) / 2, my = (ay + by) / 2;
    var dx = bx - ax, dy = by - ay;
    var cx = mx - dy * 0.12, cy = my + dx * 0.12;
    var pts = [];
    for (var i = 0; i <= n; i++) {
      var t = i / n, u = 1 - t;
      var x = u * u * ax + 2 * u * t * cx + t * t * bx;
      var y = u * u * ay + 2 * u * t * cy + t * t * by;
      pts.push([y, x / k]);
    }
    return { points: pts, k: k, length: Math.sqrt(dx * dx + dy * dy) };
  }

  var flowLayer = null;
  function drawFlows() {
    if (!flowLayer) { return; }
    flowLayer.clearLayers();
    var t = dayIndex;
    pairs.forEach(function (p) {
      var A = anchors[p.a], B = anchors[p.b];
      if (!A || !B) { return; }
      var s = pairOn(p, t);
      var c = curve(A, B, 24);
      var line;
      if (s.flow > 1e-6) {
        var w = 1.5 + 9 * Math.sqrt(s.flow / maxFlow);
        line = L.polyline(c.points, {
          color: s.saturated ? cfg.colours.saturated : cfg.colours.flow,
          weight: w, opacity: 0.85, lineCap: "butt", dashArray: s.reduced ? "10 6" : null,
          interactive: true, className: "flow-line"
        });
        // An arrowhead at the middle, along the curve, in the direction of the flow.
        var mid = c.points[12], before = c.points[s.from === p.a ? 10 : 14];
        var dx = (mid[1] - before[1]) * c.k, dy = mid[0] - before[0];
        var len = Math.sqrt(dx * dx + dy * dy) || 1;
        var size = Math.min(0.09 * c.length, 0.35 + 0.05 * w);
        var ux = dx / len, uy = dy / len;
        var tip = [mid[0] + uy * size, mid[1] + ux * size / c.k];
        var left = [mid[0] - uy * size * 0.4 + ux * size * 0.6, mid[1] + (-ux * size * 0.4 - uy * size * 0.6) / c.k];
        var right = [mid[0] - uy * size * 0.4 - ux * size * 0.6, mid[1] + (-ux * size * 0.4 + uy * size * 0.6) / c.k];
        L.polygon([tip, left, right], {
          color: s.saturated ? cfg.colours.saturated : cfg.colours.flow, weight: 1,
          fillOpacity: 1, opacity: 1, interactive: false, className: "flow-arrow"
        }).addTo(flowLayer);
      } else {
        line = L.polyline(c.points, {
          color: cfg.colours.idle, weight: s.reduced ? 2 : 1, opacity: s.reduced ? 0.9 : 0.5,
          dashArray: s.reduced ? "5 4" : null, interactive: true, className: "flow-line idle"
        });
      }
      line.bindTooltip(function () { return flowTip(p, s); }, { sticky: true, className: "country-tip" });
      line.addTo(flowLayer);
      var el = line.getElement && line.getElement();
      if (el) {
        el.setAttribute("data-pair", p.a + "-" + p.b);
        el.setAttribute("data-from", s.from);
        el.setAttribute("data-flow", s.flow.toFixed(3));
        if (s.saturated) { el.setAttribute("data-saturated", "true"); }
        if (s.reduced) { el.setAttribute("data-reduced", "true"); }
      }
    });
  }

  function nameOf(code) {
    return cfg.names[code] || code;
  }
  function flowTip(p, s) {
    var div = document.createElement("div");
    var strong = document.createElement("strong");
    strong.textContent = fill(S.flow, {
      from: nameOf(s.from), to: nameOf(s.to), flow: num1.format(s.flow), capacity: num1.format(s.capacity)
    });
    div.appendChild(strong);
    var notes = [];
    if (s.saturated) { notes.push(S.saturated); }
    if (s.reduced) { notes.push(S.reduced); }
    div.appendChild(document.createElement("br"));
    div.appendChild(document.createTextNode(p.ids.join(", ") + (notes.length ? " · " + notes.join(", ") : "")));
    return div;
  }

  function countryTip(code) {
    var div = document.createElement("div");
    var strong = document.createElement("strong");
    strong.textContent = nameOf(code);
    div.appendChild(strong);
    div.appendChild(document.createElement("br"));
    var st = stateOf(code);
    var text = st === "short" ? fill(S.share, { share: share(shareOn(code, dayIndex)) }) +
      " (" + num1.format(result.unserved_daily[code][dayIndex]) + " / " + num1.format(result.demand_daily[code][dayIndex]) + " " + S.mcmd + ")"
      : S[st];
    div.appendChild(document.createTextNode(text));
    if (result && result.storage_daily[code]) {
      div.appendChild(document.createElement("br"));
      div.appendChild(document.createTextNode(S.storage + ": " + num0.format(result.storage_daily[code][dayIndex]) + " " + S.mcm));
    }
    return div;
  }

  // --- charts ------------------------------------------------------------------------------
  function el(name, attrs, parent) {
    var e = document.createElementNS(SVGNS, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function tickFormat(yMax) {
    var digits = yMax >= 20 ? 0 : yMax >= 2 ? 1 : 2;
    return new Intl.NumberFormat(cfg.lang === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: digits });
  }
  function niceMax(v) {
    if (!(v > 0)) { return 1; }
    var m = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) { if (steps[i] * m >= v) { return steps[i] * m; } }
    return 10 * m;
  }

  /** A chart over the days: ``draw(svg, x, y)`` adds the marks; axes, cut band and day marker here. */
  function chart(title, yMax, draw) {
    var W = 340, H = 150, left = 44, right = 8, top = 10, bottom = 22;
    var n = result.days.length;
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, class: "energy-chart", role: "img", "aria-label": title });
    el("title", {}, svg).textContent = title;
    var bw = (W - left - right) / n;
    var x = function (t) { return left + t * bw; };
    var y = function (v) { return top + (H - top - bottom) * (1 - v / yMax); };
    // Days on which the scenario cuts some capacity.
    cutDays.forEach(function (c, t) {
      if (c) { el("rect", { x: x(t), y: top, width: bw + 0.05, height: H - top - bottom, class: "cut-band" }, svg); }
    });
    [0, 0.5, 1].forEach(function (f) {
      var v = yMax * f;
      el("line", { x1: left, x2: W - right, y1: y(v), y2: y(v), class: f === 0 ? "axis" : "grid" }, svg);
      var label = el("text", { x: left - 4, y: y(v) + 3.5, "text-anchor": "end" }, svg);
      label.textContent = tickFormat(yMax).format(v);
    });
    var every = Math.max(1, Math.ceil(n / 5));
    for (var t = 0; t < n; t += every) {
      var tick = el("text", { x: x(t) + bw / 2, y: H - 6, "text-anchor": "middle" }, svg);
      tick.textContent = shortDate.format(new Date(Date.parse(result.days[t] + "T00:00:00Z")));
    }
    draw(svg, x, y, bw);
    el("rect", { x: x(dayIndex), y: top, width: Math.max(bw, 1.5), height: H - top - bottom, class: "day-marker" }, svg);
    return svg;
  }

  function legendRow(items) {
    var p = document.createElement("p");
    p.className = "chart-legend";
    items.forEach(function (it) {
      var item = document.createElement("span");
      item.className = "item";
      var sw = document.createElement("span");
      sw.className = "swatch " + it.cls;
      item.appendChild(sw);
      item.appendChild(document.createTextNode(it.label));
      p.appendChild(item);
    });
    return p;
  }

  function renderPanel() {
    if (!selected || !result) { return; }
    var code = selected;
    var frag = document.createDocumentFragment();
    var h = document.createElement("h3");
    h.textContent = nameOf(code) + " ";
    var codeSpan = document.createElement("span");
    codeSpan.className = "code";
    codeSpan.textContent = code;
    h.appendChild(codeSpan);
    frag.appendChild(h);
    var facts = document.createElement("p");
    facts.className = "country-day";
    var st = stateOf(code);
    var outcome = (result.countries || []).filter(function (c) { return c.code === code; })[0];
    facts.textContent = result.days[dayIndex] + ": " + (st === "short"
      ? fill(S.share, { share: share(shareOn(code, dayIndex)) }) + " (" + num1.format(result.unserved_daily[code][dayIndex]) + " " + S.mcm + ")"
      : S[st]);
    frag.appendChild(facts);
    if (outcome) {
      var u = result.unserved_daily[code], d = result.demand_daily[code];
      var top = niceMax(Math.max.apply(null, d));
      var c1 = document.createElement("figure");
      c1.className = "chart energy";
      c1.appendChild(chart(S.unservedChart, top, function (svg, x, y, bw) {
        d.forEach(function (v, t) {
          var served = v - u[t];
          el("rect", { x: x(t) + bw * 0.1, y: y(served), width: bw * 0.8, height: Math.max(y(0) - y(served), 0), class: "served-bar" }, svg);
          if (u[t] > 0) {
            el("rect", { x: x(t) + bw * 0.1, y: y(v), width: bw * 0.8, height: Math.max(y(served) - y(v), 0.8), class: "unserved-bar" }, svg);
          }
        });
      }));
      var cap1 = document.createElement("figcaption");
      cap1.textContent = S.unservedChart;
      c1.appendChild(cap1);
      c1.appendChild(legendRow([{ cls: "sw-served", label: S.served }, { cls: "sw-unserved", label: S.unserved }, { cls: "sw-cut", label: S.cutDays }]));
      frag.appendChild(c1);
      var level = result.storage_daily[code];
      var c2 = document.createElement("figure");
      c2.className = "chart energy";
      if (level) {
        var wg = cfg.workingGas[code] || Math.max.apply(null, level);
        c2.appendChild(chart(S.storageChart, niceMax(wg), function (svg, x, y, bw) {
          el("line", { x1: x(0), x2: x(level.length), y1: y(wg), y2: y(wg), class: "capacity-line" }, svg);
          var dpath = level.map(function (v, t) { return (t ? "L" : "M") + (x(t) + bw / 2).toFixed(1) + "," + y(v).toFixed(1); }).join("");
          el("path", { d: dpath, class: "storage-line" }, svg);
        }));
        var cap2 = document.createElement("figcaption");
        cap2.textContent = S.storageChart;
        c2.appendChild(cap2);
        c2.appendChild(legendRow([{ cls: "sw-storage", label: S.storage }, { cls: "sw-capacity", label: S.workingGas }]));
      } else {
        var none = document.createElement("p");
        none.className = "hint";
        none.textContent = S.noStorage;
        c2.appendChild(none);
      }
      frag.appendChild(c2);
    }
    panelBody.replaceChildren(frag);
    panelBody.setAttribute("data-code", code);
  }

  function select(code) {
    var previous = selected;
    selected = code;
    if (previous) { paint(previous); }
    paint(code);
    var layer = layers.get(code);
    if (layer && layer.bringToFront) { layer.bringToFront(); }
    mapEl.setAttribute("data-selected", code);
    document.querySelectorAll("#results-body tr").forEach(function (tr) {
      tr.classList.toggle("selected", tr.getAttribute("data-code") === code);
    });
    renderPanel();
  }

  // --- the results table -----------------------------------------------------------------
  function renderTable(rec) {
    var frag = document.createDocumentFragment();
    rec.countries.forEach(function (r) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-code", r.code);
      tr.setAttribute("data-share", String(r.unserved_share));
      if (r.unserved_mcm > 0) { tr.className = "short"; }
      if (r.code === selected) { tr.classList.add("selected"); }
      var th = document.createElement("th");
      th.scope = "row";
      var b = document.createElement("button");
      b.type = "button";
      b.className = "link-button";
      b.setAttribute("data-select", r.code);
      b.textContent = r.name;
      th.appendChild(b);
      var cs = document.createElement("span");
      cs.className = "code";
      cs.textContent = r.code;
      th.appendChild(document.createTextNode(" "));
      th.appendChild(cs);
      tr.appendChild(th);
      function td(text, cls) {
        var c = document.createElement("td");
        c.className = cls || "num";
        c.textContent = text;
        tr.appendChild(c);
        return c;
      }
      td(num1.format(r.protected_unserved_mcm));
      td(r.protected_unserved_share ? share(r.protected_unserved_share) : S.none);
      td(num1.format(r.non_protected_unserved_mcm));
      td(r.curtailed_mcm ? num1.format(r.curtailed_mcm) : S.none);
      td(r.non_protected_not_served_share ? share(r.non_protected_not_served_share) : S.none);
      var sc = td("", "share-cell");
      var bar = document.createElement("span");
      bar.className = "bar small-bar";
      bar.setAttribute("aria-hidden", "true");
      var bf = document.createElement("span");
      bf.className = "bar-fill";
      bf.style.width = Math.min(r.unserved_share * 100, 100).toFixed(1) + "%";
      bar.appendChild(bf);
      sc.appendChild(bar);
      var p = document.createElement("span");
      p.className = "pct";
      p.textContent = r.unserved_share ? share(r.unserved_share) : S.none;
      sc.appendChild(document.createTextNode(" "));
      sc.appendChild(p);
      td(String(r.days_short));
      td(r.days_before_first_shortfall === null ? S.none : String(r.days_before_first_shortfall));
      td(r.storage_start_mcm ? num0.format(r.storage_end_mcm) : S.none);
      frag.appendChild(tr);
    });
    tableBody.replaceChildren(frag);
  }

  document.getElementById("results-table").addEventListener("click", function (ev) {
    var b = ev.target.closest("[data-select]");
    if (b) { select(b.getAttribute("data-select")); mapEl.scrollIntoView({ block: "nearest" }); }
  });

  // --- the day ---------------------------------------------------------------------------
  function setDay(i) {
    if (!result) { return false; }
    i = Math.max(0, Math.min(result.days.length - 1, Math.round(i)));
    dayIndex = i;
    var iso = result.days[i];
    slider.value = String(i);
    slider.setAttribute("aria-valuetext", iso);
    dayLabel.textContent = iso;
    dayLabel.setAttribute("datetime", iso);
    layers.forEach(function (_l, code) { paint(code); });
    drawFlows();
    renderPanel();
    mapEl.setAttribute("data-day", iso);
    if (!edited) {
      var params = new URLSearchParams(window.location.search);
      params.set("day", iso);
      params.delete("lang");
      history.replaceState(null, "", window.location.pathname + "?" + params.toString());
      document.querySelectorAll(".lang-switch a").forEach(function (a) {
        var u = new URL(a.getAttribute("href"), window.location.href);
        u.searchParams.set("day", iso);
        a.setAttribute("href", u.pathname + u.search);
      });
    }
    return true;
  }
  slider.addEventListener("input", function () { setDay(Number(slider.value)); });

  // --- showing a result --------------------------------------------------------------------
  var edited = false;
  /** Show a result; ``cuts`` are the [start, end] days (ISO, included) of its disruptions. */
  function show(rec, isEdited, cuts) {
    result = rec;
    edited = isEdited;
    cutDays = rec.days.map(function (d) {
      return cuts.some(function (c) { return c[0] <= d && d <= c[1]; });
    });
    buildPairs(rec);
    slider.max = String(rec.days.length - 1);
    var day = Math.min(dayIndex, rec.days.length - 1);
    if (isEdited) {
      // Open on the day with the most unserved demand, as the page does for a shipped one.
      var best = -1, bestT = day;
      rec.days.forEach(function (_d, t) {
        var s = 0;
        Object.keys(rec.unserved_daily).forEach(function (c) { s += rec.unserved_daily[c][t]; });
        if (s > best + 1e-9) { best = s; bestT = t; }
      });
      day = best > 0 ? bestT : day;
    }
    renderTable(rec);
    resultsName.textContent = rec.name + " · " + (rec.mode === "national" ? S.modeNational : S.modeCooperative);
    document.getElementById("results-mode").textContent = rec.mode_explanation;
    var short = rec.countries.filter(function (c) { return c.unserved_mcm > 0; }).length;
    totalEl.textContent = fill(S.total, { total: num1.format(rec.total_unserved_mcm), n: short });
    mapEl.setAttribute("data-scenario", rec.scenario);
    var table = document.getElementById("results-table");
    table.setAttribute("data-scenario", rec.scenario);
    table.setAttribute("data-mode", rec.mode);
    mapEl.setAttribute("data-edited", isEdited ? "true" : "false");
    // The storage table is rendered on the server for the shipped scenario only.
    var storageNote = document.getElementById("storage-edited");
    if (storageNote) { storageNote.hidden = !isEdited; }
    if (!selected || !rec.unserved_daily[selected]) {
      var worst = rec.countries[0];
      selected = worst ? worst.code : null;
    }
    setDay(day);
    if (selected) { select(selected); }
  }

  // --- requests ----------------------------------------------------------------------------
  // The job polling, progress line and error messages: the platform's jobs.js.
  var jobs = window.bucarestJobs;
  function getJson(url, init) { return jobs.getJson(url, init, S.requestError); }
  function withLang(url, extra) {
    var params = new URLSearchParams(extra || {});
    params.set("lang", cfg.lang);
    return url + "?" + params.toString();
  }
  function oneLine(text) { return String(text).replace(/\s+/g, " ").trim(); }

  // --- the map -----------------------------------------------------------------------------
  var map = L.map(mapEl, { zoomSnap: 0.25, zoomDelta: 0.5, minZoom: 2, maxZoom: 8, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth · Leaflet");
  map.fitBounds(cfg.bounds);
  flowLayer = L.layerGroup();

  var api = {
    map: map,
    ready: false,
    setDay: setDay,
    setDate: function (iso) { return result ? setDay(result.days.indexOf(iso)) : false; },
    stateOf: stateOf,
    shareOn: function (code) { return shareOn(code, dayIndex); },
    select: select,
    result: function () { return result; },
    day: function () { return result ? result.days[dayIndex] : null; },
    anchors: anchors
  };
  window.bucarestEnergy = api;

  statusEl.textContent = S.loading;
  var topology = fetch(cfg.topologyUrl, { credentials: "same-origin" }).then(function (r) {
    if (!r.ok) { throw new Error("topology " + r.status); }
    return r.json();
  });
  var first = getJson(withLang(cfg.resultUrl, { daily: "true", mode: cfg.mode, dataset: cfg.dataset }));

  Promise.all([topology, first]).then(function (both) {
    var topo = both[0];
    var features = topojson.feature(topo, topo.objects.countries).features
      .filter(function (f) { return f.id !== "ATA"; });
    features.forEach(function (f) { anchors[f.id] = anchorOf(f); });
    Object.keys(cfg.anchors).forEach(function (code) { anchors[code] = cfg.anchors[code]; });
    L.geoJSON(features, {
      style: function (f) { return styleFor(f.id); },
      onEachFeature: function (f, layer) {
        layers.set(f.id, layer);
        layer.on("click", function () { select(f.id); });
        layer.bindTooltip(function () { return countryTip(f.id); }, { sticky: true, className: "country-tip" });
      }
    }).addTo(map);
    layers.forEach(function (layer, code) {
      var e = layer.getElement && layer.getElement();
      if (e) { e.setAttribute("data-code", code); }
    });
    flowLayer.addTo(map);
    show(both[1], false, cfg.scenario.cuts);
    statusEl.textContent = "";
    api.ready = true;
    mapEl.setAttribute("data-ready", "true");
    root.setAttribute("data-energy-ready", "true");
  }).catch(function (err) {
    statusEl.textContent = S.loadError + " " + oneLine(err.message || "");
    statusEl.classList.add("error");
  });

  // --- the editor --------------------------------------------------------------------------
  var editorBox = document.getElementById("editor");
  var form = document.getElementById("editor-form");
  var assetSelect = document.getElementById("ed-assets");
  var filterInput = document.getElementById("ed-filter");
  var editorStatus = document.getElementById("editor-status");
  var editorError = document.getElementById("editor-error");
  var runButton = document.getElementById("ed-run");
  var assetsLoaded = null;

  function loadAssets() {
    if (assetsLoaded) { return assetsLoaded; }
    var wanted = new Set(JSON.parse(assetSelect.getAttribute("data-selected") || "[]"));
    assetsLoaded = getJson(withLang(form.getAttribute("data-assets"))).then(function (assets) {
      var groups = new Map();
      assets.forEach(function (a) {
        if (!groups.has(a.kind)) { groups.set(a.kind, []); }
        groups.get(a.kind).push(a);
      });
      var frag = document.createDocumentFragment();
      ["pipeline", "storage", "lngterminal", "node"].concat(Array.from(groups.keys())).forEach(function (kind) {
        var items = groups.get(kind);
        if (!items) { return; }
        groups.delete(kind);
        var og = document.createElement("optgroup");
        og.label = S["kind." + kind] || kind;
        items.slice().sort(function (x, y) { return x.id.localeCompare(y.id); }).forEach(function (a) {
          var o = document.createElement("option");
          o.value = a.id;
          o.textContent = kind === "node" ? a.id + " · " + nameOf(a.id) : a.id;
          o.selected = wanted.has(a.id);
          og.appendChild(o);
        });
        frag.appendChild(og);
      });
      assetSelect.replaceChildren(frag);
      assetSelect.setAttribute("data-loaded", "true");
    });
    assetsLoaded.catch(function (err) {
      assetsLoaded = null;
      showEditorError(err.message);
    });
    return assetsLoaded;
  }
  editorBox.addEventListener("toggle", function () { if (editorBox.open) { loadAssets(); } });
  if (editorBox.open) { loadAssets(); }

  filterInput.addEventListener("input", function () {
    var q = filterInput.value.trim().toLowerCase();
    assetSelect.querySelectorAll("option").forEach(function (o) {
      o.hidden = q !== "" && !o.selected && o.textContent.toLowerCase().indexOf(q) < 0;
    });
  });

  function showEditorError(message) {
    editorError.textContent = oneLine(message);
    editorError.title = oneLine(message);
    editorError.hidden = false;
    editorStatus.textContent = "";
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    editorError.hidden = true;
    editorError.textContent = "";
    var chosen = Array.from(assetSelect.selectedOptions).map(function (o) { return o.value; });
    var shareLost = Number(document.getElementById("ed-share").value) / 100;
    var start = document.getElementById("ed-start").value;
    var end = document.getElementById("ed-end").value;
    var mode = document.getElementById("ed-mode").value;
    var label = chosen.length ? chosen.join(", ") : S.noCut;
    var body = {
      id: "edited",
      name_en: fill(cfg.editedNames.en, { assets: label }),
      name_fr: fill(cfg.editedNames.fr, { assets: label }),
      dataset: cfg.scenario.dataset,
      start: cfg.scenario.start,
      end: cfg.scenario.end,
      mode: mode,
      disruptions: chosen.map(function (a) { return { asset: a, share: shareLost, start: start, end: end }; })
    };
    runButton.disabled = true;
    editorStatus.textContent = S.solving;
    form.setAttribute("aria-busy", "true");
    getJson(withLang(cfg.runUrl, { daily: "true" }), {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body)
    }).then(function (rec) {
      show(rec, true, chosen.length && shareLost > 0 ? [[start, end]] : []);
      editorStatus.textContent = fill(S.solved, { seconds: num2.format(rec.build_seconds + rec.solve_seconds) });
      bannerText.textContent = rec.name + " · " + (mode === "national" ? S.modeNational : S.modeCooperative) +
        (chosen.length ? " · " + fill(S.period, { share: pct.format(shareLost), start: start, end: end }) : "");
      banner.hidden = false;
      banner.scrollIntoView({ block: "nearest" });
      form.setAttribute("data-result", "ok");
    }).catch(function (err) {
      showEditorError(err.message);
      form.setAttribute("data-result", "error");
    }).then(function () {
      runButton.disabled = false;
      form.removeAttribute("aria-busy");
    });
  });

  // --- the asset search: the form works without the script; with it, results follow typing --
  var searchInput = document.getElementById("asset-q");
  var searchResults = document.getElementById("asset-results");
  var searchTimer = null;
  var searchSeq = 0;

  function sourcesCell(r) {
    var c = document.createElement("td");
    c.className = "sources-cell";
    if (r.estimate) {
      var badge = document.createElement("span");
      badge.className = "confidence confidence-estimate";
      badge.title = S.estimateTitle;
      badge.textContent = S.estimate;
      c.appendChild(badge);
      c.appendChild(document.createTextNode(" "));
    }
    if (r.sources.length) {
      var det = document.createElement("details");
      det.open = true;
      var sum = document.createElement("summary");
      sum.textContent = fill(S.sources, { n: r.sources.length });
      det.appendChild(sum);
      var ul = document.createElement("ul");
      ul.className = "citations";
      r.sources.forEach(function (s) {
        var li = document.createElement("li");
        var cite = document.createElement("span");
        cite.className = "citation";
        if (s.url) {
          var a = document.createElement("a");
          a.href = s.url;
          a.rel = "noopener noreferrer";
          a.textContent = s.title;
          cite.appendChild(a);
        } else {
          cite.textContent = s.title;
        }
        li.appendChild(cite);
        ul.appendChild(li);
      });
      det.appendChild(ul);
      c.appendChild(det);
    }
    return c;
  }

  function renderAssets(q, rows) {
    var frag = document.createDocumentFragment();
    var count = document.createElement("p");
    count.className = "hint";
    count.id = "asset-search-count";
    count.textContent = fill(S.assetsMatching, { q: q, n: rows.length });
    frag.appendChild(count);
    if (rows.length) {
      var box = document.createElement("div");
      box.className = "table-scroll";
      var table = document.createElement("table");
      table.className = "energy-table asset-table";
      table.id = "asset-table";
      var head = table.createTHead().insertRow();
      [[S.asset, ""], [S.kind, ""], [S.countries, ""], [S.capacity, "num"], [S.workingGasMcm, "num"],
        [S.year, "num"], [S.source, ""]].forEach(function (h) {
        var th = document.createElement("th");
        th.scope = "col";
        if (h[1]) { th.className = h[1]; }
        th.textContent = h[0];
        head.appendChild(th);
      });
      var body = table.createTBody();
      body.id = "asset-body";
      rows.forEach(function (r) {
        var tr = body.insertRow();
        tr.setAttribute("data-id", r.id);
        tr.setAttribute("data-kind", r.kind);
        var th = document.createElement("th");
        th.scope = "row";
        th.textContent = r.name + " ";
        var code = document.createElement("span");
        code.className = "code";
        code.textContent = r.id;
        th.appendChild(code);
        tr.appendChild(th);
        [[S["found." + r.kind] || r.kind, ""], [r.countries.map(nameOf).join(", "), ""],
          [num1.format(r.capacity_mcmd), "num"],
          [r.working_gas_mcm == null ? "" : num0.format(r.working_gas_mcm), "num"],
          [String(r.year), "num"]].forEach(function (cell) {
          var td = document.createElement("td");
          if (cell[1]) { td.className = cell[1]; }
          td.textContent = cell[0];
          tr.appendChild(td);
        });
        tr.appendChild(sourcesCell(r));
      });
      box.appendChild(table);
      frag.appendChild(box);
    }
    searchResults.replaceChildren(frag);
    searchResults.setAttribute("data-query", q);
  }

  searchInput.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () {
      var q = searchInput.value.trim();
      var seq = ++searchSeq;
      if (!q) { searchResults.replaceChildren(); searchResults.removeAttribute("data-query"); return; }
      getJson(withLang(cfg.searchUrl, { q: q, dataset: cfg.searchDataset })).then(function (rows) {
        if (seq === searchSeq) { renderAssets(q, rows); }
      }).catch(function (err) {
        if (seq !== searchSeq) { return; }
        var p = document.createElement("p");
        p.className = "error";
        p.textContent = oneLine(err.message);
        searchResults.replaceChildren(p);
      });
    }, cfg.searchMs);
  });

  // --- the critical-asset ranking: a job on the server, polled until it is done -------------
  var critButton = document.getElementById("critical-run");
  var critCancel = document.getElementById("critical-cancel");
  var critProgress = document.getElementById("critical-progress");
  var critBar = critProgress.querySelector("progress");
  var critText = document.getElementById("critical-progress-text");
  var critTable = document.getElementById("critical-table");
  var critBody = document.getElementById("critical-body");
  var critError = document.getElementById("critical-error");
  var critJob = null;

  function showRanking(rows) {
    var frag = document.createDocumentFragment();
    rows.forEach(function (r, i) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-asset", r.asset);
      var kind = (S["one." + r.kind] || r.kind) + (r.kind === "node" ? " · " + nameOf(r.asset) : "");
      [String(i + 1), r.asset, kind,
        num1.format(r.capacity_mcmd), num1.format(r.unserved_mcm), num1.format(r.added_unserved_mcm)]
        .forEach(function (text, k) {
          var c = document.createElement(k === 1 ? "th" : "td");
          if (k === 1) { c.scope = "row"; c.className = "code-cell"; } else if (k !== 2) { c.className = "num"; }
          c.textContent = text;
          tr.appendChild(c);
        });
      frag.appendChild(tr);
    });
    critBody.replaceChildren(frag);
    critTable.hidden = false;
  }

  var critLine = jobs.progressLine(critProgress, critBar, null);
  function critState(state, done, total) { critLine.set(state, done, total); }

  critButton.addEventListener("click", function () {
    critButton.disabled = true;
    critError.hidden = true;
    critText.textContent = S.queued;
    critBar.hidden = false;
    critState("running", 0, 0);
    var t0 = performance.now();
    jobs.run(cfg.jobsUrl, { scenario: cfg.scenario.id, top: cfg.criticalTop }, {
      lang: cfg.lang, pollMs: cfg.pollMs, requestError: S.requestError,
      onStart: function (job) {
        critJob = job.id;
        critProgress.setAttribute("data-job", job.id);
        critCancel.hidden = false;
      },
      onProgress: function (job) {
        critState("running", job.done, job.total);
        critText.textContent = jobs.progressText(job, S.queued, S.rankingProgress);
      }
    }).then(function (result) {
      showRanking(result.assets);
      critState("done", 1, 1);
      critBar.hidden = true;
      critText.textContent = fill(S.ranked, { n: result.assets.length, seconds: num1.format((performance.now() - t0) / 1000) });
    }).catch(function (err) {
      critProgress.hidden = true;
      critProgress.setAttribute("data-state", "error");
      critError.textContent = S.criticalError + " " + oneLine(err.message);
      critError.hidden = false;
    }).then(function () {
      critJob = null;
      critCancel.hidden = true;
      critCancel.disabled = false;
      critButton.disabled = false;
    });
  });

  critCancel.addEventListener("click", function () {
    if (!critJob) { return; }
    critCancel.disabled = true;
    jobs.cancel(cfg.jobsUrl, critJob, { lang: cfg.lang, requestError: S.requestError }).catch(function (err) {
      critError.textContent = S.criticalError + " " + oneLine(err.message);
      critError.hidden = false;
    });
  });
})();
