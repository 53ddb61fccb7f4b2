/* The missile-defence page's comparison view: two architectures side by side.
 *
 * Compare posts a comparison job (POST /api/v1/md/jobs, kind "compare") for architectures A
 * and B against the threat, day and grid chosen in the page's main form, polls it, then draws
 * on its own map where both, A only, B only or neither covers, and fills the table (covered in
 * A, in B, B minus A per country). Every string shown comes from the page (#md-config).
 *
 * State for tests: <html data-md-compare-ready="true"> once the base map is drawn;
 * #md-compare-progress has data-state (idle, running, done, error); #md-compare-table rows
 * have data-code; map paths have the class md-cmp and data-kind; window.bucarestMdCompare
 * (compare, result, map). Needs the platform's jobs.js loaded before it.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  var cfg = JSON.parse(document.getElementById("md-config").textContent);
  var S = cfg.compareStrings;
  var C = cfg.compareColours;
  var locale = cfg.lang === "fr" ? "fr-FR" : "en-GB";
  var num1 = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  var num0 = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  var pct = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  var signed = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" });

  function $(id) { return document.getElementById(id); }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? String(values[k]) : m; });
  }
  function oneLine(text) { return String(text).replace(/\s+/g, " ").trim(); }

  var form = $("md-compare-form");
  var aSelect = $("md-compare-a");
  var bSelect = $("md-compare-b");
  var runButton = $("md-compare-run");
  var csvLink = $("md-compare-csv");
  var progressBox = $("md-compare-progress");
  var progressBar = $("md-compare-progress-bar");
  var progressText = $("md-compare-progress-text");
  var errorEl = $("md-compare-error");
  var captionEl = $("md-compare-caption");
  var mapEl = $("md-compare-map");
  var defendedEl = $("md-compare-defended");
  var emptyEl = $("md-compare-empty");
  var table = $("md-compare-table");
  var body = $("md-compare-body");
  var foot = $("md-compare-foot");

  function choices() {
    return {
      a: aSelect.value,
      b: bSelect.value,
      threat: $("md-threat").value,
      on: $("md-on").value,
      resolution_km: $("md-resolution").value
    };
  }
  function withLang(url, extra) {
    var params = new URLSearchParams(extra || {});
    params.set("lang", cfg.lang);
    return url + "?" + params.toString();
  }
  function syncCsv() {
    var c = choices();
    var params = { a: c.a, b: c.b, threat: c.threat, resolution_km: c.resolution_km, format: "csv" };
    if (c.on) { params.on = c.on; }
    csvLink.setAttribute("href", withLang(cfg.compareUrl, params));
  }
  [aSelect, bSelect, $("md-threat"), $("md-on"), $("md-resolution")].forEach(function (el) {
    el.addEventListener("change", syncCsv);
  });

  // The job polling, progress line and error messages: the platform's jobs.js.
  var jobs = window.bucarestJobs;

  // --- the map -----------------------------------------------------------------------------
  var map = L.map(mapEl, { zoomSnap: 0.25, zoomDelta: 0.5, minZoom: 2, maxZoom: 9 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth · Leaflet");
  map.fitBounds(cfg.bounds);
  map.createPane("mdCmpBase").style.zIndex = "350";
  var cells = L.featureGroup().addTo(map);

  function draw(rec) {
    var names = {};
    rec.countries.forEach(function (c) { names[c.code] = c.name; });
    cells.clearLayers();
    L.geoJSON(rec.geojson || { type: "FeatureCollection", features: [] }, {
      style: function (f) {
        return { fillColor: C[f.properties.kind], fillOpacity: 0.85, color: "#ffffff", weight: 0.4, opacity: 0.8, className: "md-cmp md-cmp-" + f.properties.kind };
      },
      onEachFeature: function (f, layer) {
        var code = f.properties.code;
        layer.bindTooltip(function () {
          var tip = document.createElement("span");
          var strong = document.createElement("strong");
          strong.textContent = names[code] || code;
          tip.appendChild(strong);
          tip.appendChild(document.createElement("br"));
          tip.appendChild(document.createTextNode(S.kinds[f.properties.kind]));
          return tip;
        }, { sticky: true, className: "country-tip" });
        layer.on("add", function () {
          var el = layer.getElement && layer.getElement();
          if (el) {
            el.setAttribute("data-code", code);
            el.setAttribute("data-kind", f.properties.kind);
          }
        });
      }
    }).addTo(cells);
  }

  function cell(text, cls) {
    var td = document.createElement("td");
    td.className = "num" + (cls ? " " + cls : "");
    td.textContent = text;
    return td;
  }
  function row(c, name) {
    var tr = document.createElement("tr");
    tr.setAttribute("data-code", c.code);
    var th = document.createElement("th");
    th.scope = "row";
    th.textContent = name;
    tr.appendChild(th);
    tr.appendChild(cell(pct.format(c.covered_a)));
    tr.appendChild(cell(pct.format(c.covered_b)));
    tr.appendChild(cell(signed.format(c.difference), c.difference > 0 ? "gain" : c.difference < 0 ? "loss" : ""));
    tr.appendChild(cell(pct.format(c.not_threatened)));
    return tr;
  }
  function render(rec) {
    var frag = document.createDocumentFragment();
    rec.countries.slice().sort(function (x, y) { return x.name.localeCompare(y.name, cfg.lang); })
      .forEach(function (c) { frag.appendChild(row(c, c.name)); });
    body.replaceChildren(frag);
    foot.replaceChildren(row(rec.total, S.allCountries));
    table.setAttribute("data-a", rec.a);
    table.setAttribute("data-b", rec.b);
    table.hidden = false;
    emptyEl.hidden = true;
    var t = cfg.threats[rec.threat];
    captionEl.textContent = fill(S.caption, {
      a: rec.a_name, b: rec.b_name, threat: t ? t.name : rec.threat, on: rec.on || "",
      resolution: num0.format(rec.resolution_km)
    });
    defendedEl.textContent = fill(S.defended, { a: pct.format(rec.defended_share_a), b: pct.format(rec.defended_share_b) });
  }

  var progress = jobs.progressLine(progressBox, progressBar, progressText);
  function setProgress(state, done, total, text) { progress.set(state, done, total, text); }

  var api = { result: null, map: map, ready: false };
  var running = false;

  /** Start a comparison job for A and B; resolves with its record once shown. */
  function compare() {
    if (running) { return Promise.resolve(null); }
    running = true;
    errorEl.hidden = true;
    runButton.disabled = true;
    var c = choices();
    var t0 = performance.now();
    setProgress("running", 0, 0, S.queued);
    var job = { kind: "compare", a: c.a, b: c.b, threat: c.threat, resolution_km: Number(c.resolution_km) };
    if (c.on) { job.on = c.on; }
    return jobs.run(cfg.jobsUrl, job, {
      lang: cfg.lang, pollMs: cfg.pollMs, requestError: S.requestError, failed: S.failed,
      onProgress: function (state) {
        setProgress("running", state.done, state.total, jobs.progressText(state, S.queued, S.computing));
      }
    }).then(function (rec) {
      api.result = rec;
      draw(rec);
      render(rec);
      setProgress("done", 1, 1, fill(S.done, { seconds: num1.format((performance.now() - t0) / 1000) }));
      return rec;
    }).catch(function (err) {
      setProgress("error", 0, 0, "");
      progressBox.hidden = true;
      errorEl.textContent = oneLine(S.failed + " " + (err.message || ""));
      errorEl.hidden = false;
      return null;
    }).then(function (rec) {
      running = false;
      runButton.disabled = false;
      return rec;
    });
  }
  api.compare = compare;
  window.bucarestMdCompare = api;

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    compare();
  });

  syncCsv();
  fetch(cfg.topologyUrl, { credentials: "same-origin" }).then(function (r) {
    if (!r.ok) { throw new Error("topology " + r.status); }
    return r.json();
  }).then(function (topo) {
    var features = topojson.feature(topo, topo.objects.countries).features
      .filter(function (f) { return f.id !== "ATA"; });
    L.geoJSON(features, {
      pane: "mdCmpBase",
      interactive: false,
      style: function () { return { fillColor: cfg.colours.land, fillOpacity: 1, color: "#ffffff", weight: 0.6, opacity: 1 }; }
    }).addTo(map);
    api.ready = true;
    mapEl.setAttribute("data-ready", "true");
    root.setAttribute("data-md-compare-ready", "true");
  }).catch(function (err) {
    errorEl.textContent = oneLine(S.loadError + " " + (err.message || ""));
    errorEl.hidden = false;
  });
})();
