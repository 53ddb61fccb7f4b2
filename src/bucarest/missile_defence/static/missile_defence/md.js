/* The missile-defence page: coverage of the Allied territory by an architecture against a
 * threat, and one trajectory's engagement timeline.
 *
 * The base map is the shipped TopoJSON (no tiles). Compute posts a coverage job
 * (POST /api/v1/md/jobs), polls it for its progress, then draws the covered, uncovered
 * (kinematics- or sensor-limited) and not-threatened territory and fills the per-country table.
 * The inspector asks GET /api/v1/md/trajectory for the flight from a launch site to a target
 * clicked on the map (or typed) and shows its ground track, verdict and timeline. Every string
 * shown comes from the page (#md-config); every request goes to this host.
 *
 * State for tests: <html data-md-ready="true"> once the base map is drawn; #md-progress has
 * data-state (idle, running, done, error); #md-results-table rows have data-code; coverage
 * paths have the class md-cov and data-status; #md-inspector has data-state and the timeline
 * rows data-kind; #md-assets has data-state (idle, running, done, error) while Compute
 * refreshes the "Defended assets" table (rendered by the server, GET /missile-defence/assets).
 * window.mdInspect(lat, lon) inspects a target as a map click does; window.bucarestMd
 * (compute, inspect, result, trajectory, map). Needs the platform's jobs.js loaded before it.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.add("js");
  var cfg = JSON.parse(document.getElementById("md-config").textContent);
  var S = cfg.strings;
  var C = cfg.colours;
  var locale = cfg.lang === "fr" ? "fr-FR" : "en-GB";
  var num0 = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  var num1 = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  var pct = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? String(values[k]) : m; });
  }
  function oneLine(text) { return String(text).replace(/\s+/g, " ").trim(); }
  function $(id) { return document.getElementById(id); }
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  // --- elements --------------------------------------------------------------------------
  var form = $("md-form");
  var archSelect = $("md-architecture");
  var threatSelect = $("md-threat");
  var onInput = $("md-on");
  var resSelect = $("md-resolution");
  var computeButton = $("md-compute");
  var pngLink = $("md-png");
  var geojsonLink = $("md-geojson");
  var csvLink = $("md-csv");
  var assetsCsvLink = $("md-assets-csv");
  var progressBox = $("md-progress");
  var progressBar = $("md-progress-bar");
  var progressText = $("md-progress-text");
  var errorEl = $("md-error");
  var mapEl = $("md-map");
  var mapStatus = $("md-map-status");
  var captionEl = $("md-caption");
  var staleEl = $("md-stale");
  var defendedEl = $("md-defended");
  var emptyEl = $("md-results-empty");
  var table = $("md-results-table");
  var tableBody = $("md-results-body");
  var tableFoot = $("md-results-foot");
  var inspector = $("md-inspector");
  var inspectForm = $("md-inspect-form");
  var launchSelect = $("md-launch");
  var classSelect = $("md-class");
  var latInput = $("md-target-lat");
  var lonInput = $("md-target-lon");
  var inspectButton = $("md-inspect");
  var inspectStatus = $("md-inspect-status");
  var inspectError = $("md-inspect-error");
  var verdictBox = $("md-verdict-box");
  var verdictEl = $("md-verdict");
  var factsEl = $("md-traj-facts");
  var timelineBody = $("md-timeline-body");

  // Names of every site and radar, for the timeline's subjects.
  var subjects = {};
  Object.keys(cfg.architectures).forEach(function (id) {
    var a = cfg.architectures[id];
    a.sites.concat(a.radars).forEach(function (x) { subjects[x.id] = x.name; });
  });

  // --- requests (the job polling and the error messages: the platform's jobs.js) -----------
  var jobs = window.bucarestJobs;
  function getJson(url, init) { return jobs.getJson(url, init, S.requestError); }
  // The "Sources" section holds a block per architecture and per threat; show the chosen ones.
  function showSources(attribute, id) {
    document.querySelectorAll("[" + attribute + "]").forEach(function (el) {
      el.hidden = el.getAttribute(attribute) !== id;
    });
  }

  function withLang(url, extra) {
    var params = new URLSearchParams(extra || {});
    params.set("lang", cfg.lang);
    return url + "?" + params.toString();
  }
  function showError(el, message) {
    el.textContent = oneLine(message);
    el.hidden = false;
  }
  function clearError(el) {
    el.hidden = true;
    el.textContent = "";
  }

  // --- the map -----------------------------------------------------------------------------
  var map = L.map(mapEl, { zoomSnap: 0.25, zoomDelta: 0.5, minZoom: 2, maxZoom: 9, worldCopyJump: false });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth · Leaflet");
  map.fitBounds(cfg.bounds);
  // The land under everything; coverage in the overlay pane (400); then rings, track, points.
  [["mdBase", 350], ["mdRings", 420], ["mdTrack", 440], ["mdPoints", 460]].forEach(function (p) {
    map.createPane(p[0]).style.zIndex = String(p[1]);
  });

  var coverage = {
    notThreatened: L.featureGroup(),
    covered: L.featureGroup(),
    sensor: L.featureGroup(),
    kinematics: L.featureGroup()
  };
  var sitesLayer = L.featureGroup();
  var radarsLayer = L.featureGroup();
  var launchLayer = L.featureGroup();
  var trackLayer = L.featureGroup();
  ["notThreatened", "covered", "sensor", "kinematics"].forEach(function (k) { coverage[k].addTo(map); });
  [radarsLayer, sitesLayer, launchLayer, trackLayer].forEach(function (l) { l.addTo(map); });

  function swatchLabel(colour, text, line) {
    var sw = line
      ? "<span class=\"md-line-swatch\" style=\"background-color: " + colour + "\"></span>"
      : "<span class=\"swatch\" style=\"background-color: " + colour + "\"></span>";
    return sw + " " + escapeHtml(text);
  }
  var overlays = {};
  overlays[swatchLabel(C.covered, S.covered)] = coverage.covered;
  overlays[swatchLabel(C.kinematics, S.kinematics)] = coverage.kinematics;
  overlays[swatchLabel(C.sensor, S.sensor)] = coverage.sensor;
  overlays[swatchLabel(C.notThreatened, S.notThreatened)] = coverage.notThreatened;
  overlays["<span class=\"md-icon md-icon-site md-icon-legend\"></span> " + escapeHtml(S.sites)] = sitesLayer;
  overlays["<span class=\"md-icon md-icon-radar md-icon-legend\"></span> " + escapeHtml(S.radars)] = radarsLayer;
  overlays["<span class=\"md-icon md-icon-launch md-icon-legend\"></span> " + escapeHtml(S.launches)] = launchLayer;
  overlays[swatchLabel(C.track, S.track, true)] = trackLayer;
  // On a phone the open list would hide most of the map: there it folds into Leaflet's layers button.
  const narrow = window.matchMedia("(max-width: 37.5rem)").matches;
  L.control.layers(null, overlays, { collapsed: narrow, position: "topright" }).addTo(map);

  function icon(kind, selected) {
    return L.divIcon({ className: "md-icon md-icon-" + kind + (selected ? " selected" : ""), iconSize: [14, 14], html: "" });
  }

  // --- geodesy (for radar sectors and the target check) -------------------------------------
  var R = 6371.0;
  var RAD = Math.PI / 180;
  // A value that rounds to zero is written "0", never "-0" (a launch point's downrange).
  function unsigned(fmt, value, half) { return fmt.format(Math.abs(value) < half ? 0 : value); }

  function destination(lat, lon, bearing, km) {
    var d = km / R, t = bearing * RAD, p1 = lat * RAD, l1 = lon * RAD;
    var p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(t));
    var l2 = l1 + Math.atan2(Math.sin(t) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
    return [p2 / RAD, l2 / RAD];
  }
  function wedge(r) {
    var pts = [[r.lat, r.lon]];
    var start = r.azimuth_deg - r.sector_deg / 2;
    var n = Math.max(8, Math.ceil(r.sector_deg / 2));
    var prev = r.lon;
    for (var i = 0; i <= n; i++) {
      var p = destination(r.lat, r.lon, start + r.sector_deg * i / n, r.range_km);
      while (p[1] - prev > 180) { p[1] -= 360; }
      while (p[1] - prev < -180) { p[1] += 360; }
      prev = p[1];
      pts.push(p);
    }
    return pts;
  }

  function tipFor(title, line) {
    var div = document.createElement("div");
    var strong = document.createElement("strong");
    strong.textContent = title;
    div.appendChild(strong);
    if (line) {
      div.appendChild(document.createElement("br"));
      div.appendChild(document.createTextNode(line));
    }
    return div;
  }

  // --- the architecture and the threat -----------------------------------------------------
  function drawArchitecture(id) {
    var a = cfg.architectures[id];
    sitesLayer.clearLayers();
    radarsLayer.clearLayers();
    if (!a) { return; }
    a.radars.forEach(function (r) {
      if (r.range_km) {
        var style = { pane: "mdRings", interactive: false, color: C.radar, weight: 1.5, opacity: 0.9, fillColor: C.radar, fillOpacity: 0.05 };
        var shape = r.sector_deg && r.sector_deg < 360 && r.azimuth_deg !== null
          ? L.polygon(wedge(r), Object.assign({ dashArray: "6 4", className: "md-radar-range md-radar-sector" }, style))
          : L.circle([r.lat, r.lon], Object.assign({ radius: r.range_km * 1000, className: "md-radar-range" }, style));
        shape.addTo(radarsLayer);
      }
      var m = L.marker([r.lat, r.lon], { icon: icon("radar"), keyboard: false, title: r.name });
      m.bindTooltip(tipFor(r.name, r.range_km ? fill(S.radarTip, { range: num0.format(r.range_km) }) : ""), { className: "country-tip" });
      m.addTo(radarsLayer);
    });
    a.sites.forEach(function (s) {
      var m = L.marker([s.lat, s.lon], { icon: icon("site"), keyboard: false, title: s.name, zIndexOffset: 100 });
      m.bindTooltip(tipFor(s.name, s.range_km ? fill(S.siteTip, { type: s.type, range: num0.format(s.range_km) }) : s.type), { className: "country-tip" });
      m.addTo(sitesLayer);
    });
    $("md-architecture-description").textContent = a.description;
    showSources("data-sources-architecture", id);
    $("md-architecture-json").setAttribute("href", withLang(cfg.architectureUrl + encodeURIComponent(id)));
    mapEl.setAttribute("data-architecture", id);
  }

  var launchMarkers = {};
  function markLaunch() {
    Object.keys(launchMarkers).forEach(function (id) {
      var el = launchMarkers[id].getElement();
      if (el) { el.classList.toggle("selected", id === launchSelect.value); }
    });
  }
  function chooseLaunch(id) {
    launchSelect.value = id;
    markLaunch();
  }

  function drawThreat(id) {
    var t = cfg.threats[id];
    launchLayer.clearLayers();
    launchMarkers = {};
    if (!t) { return; }
    var previousLaunch = launchSelect.value;
    var previousClass = classSelect.value;
    var launchOptions = document.createDocumentFragment();
    t.launch_sites.forEach(function (s) {
      var o = document.createElement("option");
      o.value = s.id;
      o.textContent = s.name;
      launchOptions.appendChild(o);
      var m = L.marker([s.lat, s.lon], { icon: icon("launch"), title: s.name, keyboard: true, zIndexOffset: 200 });
      m.bindTooltip(tipFor(s.name, S.launchTip), { className: "country-tip" });
      m.on("click", function () { chooseLaunch(s.id); });
      m.addTo(launchLayer);
      var el = m.getElement();
      if (el) {
        el.setAttribute("data-launch", s.id);
        el.addEventListener("keydown", function (ev) {
          if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); chooseLaunch(s.id); }
        });
      }
      launchMarkers[s.id] = m;
    });
    launchSelect.replaceChildren(launchOptions);
    if (t.launch_sites.some(function (s) { return s.id === previousLaunch; })) { launchSelect.value = previousLaunch; }
    var classOptions = document.createDocumentFragment();
    t.classes.forEach(function (c) {
      var o = document.createElement("option");
      o.value = c.id;
      o.textContent = c.range_km ? fill(S.classOption, { name: c.name, range: num0.format(c.range_km) }) : c.name;
      classOptions.appendChild(o);
    });
    classSelect.replaceChildren(classOptions);
    if (t.classes.some(function (c) { return c.id === previousClass; })) { classSelect.value = previousClass; }
    markLaunch();
    $("md-threat-description").textContent = t.description;
    showSources("data-sources-threat", id);
    $("md-threat-json").setAttribute("href", withLang("/api/v1/md/threats/" + encodeURIComponent(id)));
    mapEl.setAttribute("data-threat", id);
  }

  // --- choices in the address --------------------------------------------------------------
  function choices() {
    return {
      architecture: archSelect.value,
      threat: threatSelect.value,
      on: onInput.value,
      resolution_km: resSelect.value
    };
  }
  function keyOf(c) { return [c.architecture, c.threat, c.on, Number(c.resolution_km)].join("|"); }
  // Whether the "Defended assets" table was computed for other choices (it has no grid).
  function assetsStale(c) {
    var t = $("md-assets-table");
    return !t || t.getAttribute("data-architecture") !== c.architecture ||
      t.getAttribute("data-threat") !== c.threat || t.getAttribute("data-on") !== c.on;
  }

  function syncChoices() {
    var c = choices();
    pngLink.setAttribute("href", withLang(cfg.pngUrl, c));
    pngLink.setAttribute("download", "coverage-" + c.architecture + "-" + c.threat + ".png");
    // The other downloads follow the same choices (the GeoJSON with every status).
    var geo = new URLSearchParams(c);
    ["covered", "uncovered", "not-threatened"].forEach(function (st) { geo.append("status", st); });
    geojsonLink.setAttribute("href", cfg.geojsonUrl + "?" + geo.toString());
    csvLink.setAttribute("href", withLang(cfg.coverageUrl, Object.assign({}, c, { format: "csv" })));
    assetsCsvLink.setAttribute("href", withLang(cfg.effectivenessUrl,
      { architecture: c.architecture, threat: c.threat, on: c.on, format: "csv" }));
    var params = new URLSearchParams(window.location.search);
    Object.keys(c).forEach(function (k) { if (c[k]) { params.set(k, c[k]); } });
    params.delete("lang");
    history.replaceState(null, "", window.location.pathname + "?" + params.toString());
    document.querySelectorAll(".lang-switch a").forEach(function (a) {
      var u = new URL(a.getAttribute("href"), window.location.href);
      Object.keys(c).forEach(function (k) { if (c[k]) { u.searchParams.set(k, c[k]); } });
      a.setAttribute("href", u.pathname + u.search);
    });
    staleEl.hidden = !shownKey || shownKey === keyOf(c);
  }

  archSelect.addEventListener("change", function () { drawArchitecture(archSelect.value); syncChoices(); });
  threatSelect.addEventListener("change", function () { drawThreat(threatSelect.value); syncChoices(); });
  onInput.addEventListener("change", syncChoices);
  resSelect.addEventListener("change", syncChoices);
  launchSelect.addEventListener("change", markLaunch);

  // --- coverage ----------------------------------------------------------------------------
  var result = null;
  var shownKey = null;
  var running = false;

  function statusKey(p) {
    if (p.status === "covered") { return "covered"; }
    if (p.status === "not-threatened") { return "notThreatened"; }
    return p.limited_by === "sensor" ? "sensor" : "kinematics";
  }

  function drawCoverage(rec) {
    var names = {};
    rec.countries.forEach(function (c) { names[c.code] = c.name; });
    Object.keys(coverage).forEach(function (k) { coverage[k].clearLayers(); });
    var features = (rec.geojson && rec.geojson.features) || [];
    Object.keys(coverage).forEach(function (key) {
      var mine = features.filter(function (f) { return statusKey(f.properties) === key; });
      if (!mine.length) { return; }
      L.geoJSON({ type: "FeatureCollection", features: mine }, {
        style: function () {
          return { fillColor: C[key], fillOpacity: key === "notThreatened" ? 0.75 : 0.85, color: "#ffffff", weight: 0.4, opacity: 0.8, className: "md-cov md-cov-" + key };
        },
        onEachFeature: function (f, layer) {
          var code = f.properties.code;
          layer.bindTooltip(function () { return tipFor(names[code] || code, S[key]); }, { sticky: true, className: "country-tip" });
          layer.on("add", function () {
            var el = layer.getElement && layer.getElement();
            if (el) {
              el.setAttribute("data-code", code);
              el.setAttribute("data-status", f.properties.status);
              if (f.properties.limited_by) { el.setAttribute("data-limited-by", f.properties.limited_by); }
            }
          });
        }
      }).addTo(coverage[key]);
    });
  }

  function shareBar(c) {
    var bar = document.createElement("span");
    bar.className = "md-bar";
    bar.setAttribute("aria-hidden", "true");
    var kin = Math.max(c.uncovered - c.uncovered_sensor_limited, 0);
    [["covered", c.covered], ["kinematics", kin], ["sensor", c.uncovered_sensor_limited], ["notThreatened", c.not_threatened]]
      .forEach(function (part) {
        if (part[1] <= 0) { return; }
        var s = document.createElement("span");
        s.style.width = (part[1] * 100).toFixed(2) + "%";
        s.style.backgroundColor = C[part[0]];
        bar.appendChild(s);
      });
    return bar;
  }

  function row(c, name, total) {
    var tr = document.createElement("tr");
    tr.setAttribute("data-code", c.code);
    var th = document.createElement("th");
    th.scope = "row";
    th.appendChild(document.createTextNode(name));
    if (!total) {
      var code = document.createElement("span");
      code.className = "code";
      code.textContent = c.code;
      th.appendChild(document.createTextNode(" "));
      th.appendChild(code);
    }
    th.appendChild(shareBar(c));
    tr.appendChild(th);
    [pct.format(c.covered), pct.format(c.uncovered), pct.format(c.uncovered_sensor_limited),
      pct.format(c.not_threatened), num0.format(c.area_km2)].forEach(function (text) {
      var td = document.createElement("td");
      td.className = "num";
      td.textContent = text;
      tr.appendChild(td);
    });
    var binding = document.createElement("td");
    binding.className = "md-binding";
    (c.uncovered_by || []).forEach(function (b, i) {
      var item = document.createElement("span");
      item.title = b.label;
      item.setAttribute("data-constraint", b.constraint);
      item.textContent = (i ? "; " : "") + b.name + " " + pct.format(b.share);
      binding.appendChild(item);
    });
    tr.appendChild(binding);
    return tr;
  }

  function renderTable(rec) {
    var frag = document.createDocumentFragment();
    rec.countries.slice().sort(function (a, b) { return a.name.localeCompare(b.name, cfg.lang); })
      .forEach(function (c) { frag.appendChild(row(c, c.name, false)); });
    tableBody.replaceChildren(frag);
    tableFoot.replaceChildren(row(rec.total, S.allCountries, true));
    table.setAttribute("data-architecture", rec.architecture);
    table.setAttribute("data-threat", rec.threat);
    table.setAttribute("data-resolution", String(rec.resolution_km));
    table.hidden = false;
    emptyEl.hidden = true;
    defendedEl.textContent = fill(S.defended, { share: pct.format(rec.defended_share) });
    if (rec.not_deployed && rec.not_deployed.length) {  // dated elements not in service that day
      defendedEl.textContent += " " + fill(S.notDeployed, {
        names: rec.not_deployed.map(function (id) { return subjects[id] || id; }).join(", ")
      });
    }
  }

  function show(rec, key) {
    result = rec;
    shownKey = key;
    drawCoverage(rec);
    renderTable(rec);
    var a = cfg.architectures[rec.architecture], t = cfg.threats[rec.threat];
    captionEl.textContent = fill(S.caption, {
      architecture: a ? a.name : rec.architecture,
      threat: t ? t.name : rec.threat,
      on: rec.on || "",
      resolution: num0.format(rec.resolution_km)
    });
    mapEl.setAttribute("data-result", key);
    staleEl.textContent = S.stale;
    staleEl.hidden = shownKey === keyOf(choices());
  }

  var progress = jobs.progressLine(progressBox, progressBar, progressText);
  function setProgress(state, done, total, text) { progress.set(state, done, total, text); }

  // --- the defended assets: the server renders the section; Compute asks for it afresh -----
  var assetsSection = $("md-assets");
  var assetsBody = $("md-assets-body");
  var assetsStatus = $("md-assets-status");
  var assetsSeq = 0;
  /** Replace the "Defended assets" section's body with the server's for the chosen
   * architecture, threat and day (GET /missile-defence/assets: the same HTML as the page's). */
  function refreshAssets(c) {
    var seq = ++assetsSeq;
    assetsSection.setAttribute("data-state", "running");
    assetsSection.setAttribute("aria-busy", "true");
    assetsStatus.textContent = S.assetsLoading;
    var params = { architecture: c.architecture, threat: c.threat };
    if (c.on) { params.on = c.on; }
    return fetch(withLang(cfg.assetsUrl, params), { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) {
        if (!r.ok) { throw new Error(fill(S.requestError, { status: r.status })); }
        return r.text();
      }).then(function (html) {
        if (seq !== assetsSeq) { return; }
        // Same-origin HTML rendered by this application's templates (escaped there).
        assetsBody.innerHTML = html;
        assetsSection.setAttribute("data-state", "done");
        assetsStatus.textContent = "";
      }).catch(function (err) {
        if (seq !== assetsSeq) { return; }
        assetsSection.setAttribute("data-state", "error");
        assetsStatus.textContent = S.assetsFailed + " " + oneLine(err.message || "");
      }).then(function () {
        if (seq === assetsSeq) { assetsSection.removeAttribute("aria-busy"); }
      });
  }

  /** Start a coverage job for the chosen architecture, threat, day and grid; resolves when shown. */
  function compute() {
    if (running) { return Promise.resolve(null); }
    running = true;
    clearError(errorEl);
    computeButton.disabled = true;
    form.setAttribute("aria-busy", "true");
    var c = choices();
    var key = keyOf(c);
    var t0 = performance.now();
    setProgress("running", 0, 0, S.queued);
    var body = { kind: "coverage", architecture: c.architecture, threat: c.threat, resolution_km: Number(c.resolution_km) };
    if (c.on) { body.on = c.on; }
    if (assetsStale(c)) { refreshAssets(c); }
    return jobs.run(cfg.jobsUrl, body, {
      lang: cfg.lang, pollMs: cfg.pollMs, requestError: S.requestError, failed: S.failed,
      onProgress: function (job) {
        setProgress("running", job.done, job.total, jobs.progressText(job, S.queued, S.computing));
      }
    }).then(function (rec) {
      show(rec, key);
      setProgress("done", 1, 1, fill(S.done, { seconds: num1.format((performance.now() - t0) / 1000) }));
      return rec;
    }).catch(function (err) {
      setProgress("error", 0, 0, "");
      progressBox.hidden = true;
      showError(errorEl, S.failed + " " + (err.message || ""));
      return null;
    }).then(function (rec) {
      running = false;
      computeButton.disabled = false;
      form.removeAttribute("aria-busy");
      return rec;
    });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    compute();
  });

  // --- the trajectory inspector -------------------------------------------------------------
  var trajectory = null;

  function positionAt(path, time) {
    if (!path.length) { return null; }
    if (time <= path[0].time_s) { return [path[0].lat, path[0].lon]; }
    for (var i = 1; i < path.length; i++) {
      var a = path[i - 1], b = path[i];
      if (time <= b.time_s) {
        var f = b.time_s > a.time_s ? (time - a.time_s) / (b.time_s - a.time_s) : 0;
        var dl = b.lon - a.lon;
        if (dl > 180) { dl -= 360; } else if (dl < -180) { dl += 360; }
        return [a.lat + f * (b.lat - a.lat), a.lon + f * dl];
      }
    }
    var last = path[path.length - 1];
    return [last.lat, last.lon];
  }

  function eventLabel(kind) { return S["event." + kind] || kind; }

  function eventColour(kind) {
    if (kind === "detection") { return C.radar; }
    if (kind === "interceptor-launch" || kind === "first-intercept" || kind === "last-intercept") { return C.covered; }
    if (kind === "impact") { return C.launch; }
    return C.track;
  }

  function drawTrack(rec) {
    trackLayer.clearLayers();
    var pts = [];
    var prev = null;
    rec.path.forEach(function (p) {
      var lon = p.lon;
      if (prev !== null) {
        while (lon - prev > 180) { lon -= 360; }
        while (lon - prev < -180) { lon += 360; }
      }
      prev = lon;
      pts.push([p.lat, lon]);
    });
    var line = L.polyline(pts, { pane: "mdTrack", color: C.track, weight: 2.5, opacity: 0.9, interactive: false, className: "md-track" });
    line.addTo(trackLayer);
    rec.events.forEach(function (e) {
      var at = positionAt(rec.path, e.time_s);
      if (!at) { return; }
      var m = L.circleMarker(at, {
        pane: "mdPoints", radius: e.kind === "impact" || e.kind === "launch" ? 6 : 4.5,
        color: "#ffffff", weight: 1.5, fillColor: eventColour(e.kind), fillOpacity: 1,
        bubblingMouseEvents: false, className: "md-event"
      });
      var what = eventLabel(e.kind) + (e.subject ? " · " + (subjects[e.subject] || e.subject) : "");
      m.bindTooltip(tipFor(what, fill(S.eventTip, {
        event: eventLabel(e.kind), time: num0.format(e.time_s), altitude: unsigned(num0, e.altitude_km, 0.5)
      })), { className: "country-tip" });
      m.addTo(trackLayer);
      var el = m.getElement && m.getElement();
      if (el) { el.setAttribute("data-kind", e.kind); }
    });
    var bounds = line.getBounds();
    if (bounds.isValid() && !map.getBounds().contains(bounds)) {
      map.fitBounds(bounds.pad(0.15), { maxZoom: map.getZoom() });
    }
  }

  function renderTrajectory(rec) {
    trajectory = rec;
    drawTrack(rec);
    var verdict;
    if (rec.engaged) {
      verdict = rec.shots === 1 ? S.engagedOne : fill(S.engaged, { shots: rec.shots });
    } else if (S["constraint." + rec.limited_by]) {
      verdict = fill(S.notEngagedBy, { constraint: S["constraint." + rec.limited_by] }) + " — " +
        (rec.ideal_limited_by && rec.ideal_limited_by !== "none" ? S.idealNoHelp : S.idealWouldEngage);
    } else {
      verdict = S.notEngaged;
    }
    verdictEl.textContent = verdict;
    verdictEl.className = "md-verdict " + (rec.engaged ? "engaged" : "not-engaged");
    verdictEl.setAttribute("data-engaged", rec.engaged ? "true" : "false");
    verdictEl.setAttribute("data-limited-by", rec.limited_by);
    factsEl.textContent = fill(S.facts, {
      range: num0.format(rec.range_km), apogee: num0.format(rec.apogee_km),
      time: num0.format(rec.flight_time_s), speed: num1.format(rec.burnout_speed_km_s)
    });
    var frag = document.createDocumentFragment();
    rec.events.forEach(function (e) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-kind", e.kind);
      tr.className = "md-event-" + e.kind;
      [[num1.format(e.time_s), "num"], [eventLabel(e.kind), "event"],
        [e.subject ? (subjects[e.subject] || e.subject) : S.none, ""],
        [unsigned(num1, e.altitude_km, 0.05), "num"], [unsigned(num0, e.downrange_km, 0.5), "num"]].forEach(function (cell, k) {
        var c = document.createElement(k === 1 ? "th" : "td");
        if (k === 1) { c.scope = "row"; }
        if (cell[1]) { c.className = cell[1]; }
        c.textContent = cell[0];
        tr.appendChild(c);
      });
      frag.appendChild(tr);
    });
    timelineBody.replaceChildren(frag);
    verdictBox.hidden = false;
  }

  var inspectSeq = 0;
  /** The trajectory from the chosen launch site to (lat, lon), with the chosen architecture. */
  function inspect(lat, lon) {
    lat = Number(lat);
    lon = Number(lon);
    clearError(inspectError);
    var t = cfg.threats[threatSelect.value];
    var site = t && t.launch_sites.filter(function (s) { return s.id === launchSelect.value; })[0];
    if (!site) {
      showError(inspectError, S.needLaunch);
      return Promise.resolve(null);
    }
    if (!isFinite(lat) || !isFinite(lon) || Math.abs(lat) > 90) {
      showError(inspectError, S.badTarget);
      return Promise.resolve(null);
    }
    lon = ((lon + 180) % 360 + 360) % 360 - 180;
    latInput.value = lat.toFixed(3);
    lonInput.value = lon.toFixed(3);
    var seq = ++inspectSeq;
    inspector.setAttribute("data-state", "running");
    inspector.setAttribute("aria-busy", "true");
    inspectStatus.textContent = S.inspecting;
    var params = {
      from: site.lat + "," + site.lon,
      to: lat.toFixed(4) + "," + lon.toFixed(4),
      missile: classSelect.value,
      architecture: archSelect.value
    };
    return getJson(withLang(cfg.trajectoryUrl, params)).then(function (rec) {
      if (seq !== inspectSeq) { return null; }
      renderTrajectory(rec);
      inspector.setAttribute("data-state", "done");
      inspectStatus.textContent = "";
      return rec;
    }).catch(function (err) {
      if (seq !== inspectSeq) { return null; }
      trajectory = null;
      trackLayer.clearLayers();
      verdictBox.hidden = true;
      timelineBody.replaceChildren();
      inspector.setAttribute("data-state", "error");
      inspectStatus.textContent = "";
      showError(inspectError, err.message || S.failed);
      return null;
    }).then(function (rec) {
      if (seq === inspectSeq) { inspector.removeAttribute("aria-busy"); }
      return rec;
    });
  }

  inspectForm.addEventListener("submit", function (ev) {
    ev.preventDefault();
    inspect(latInput.value, lonInput.value);
  });
  map.on("click", function (ev) {
    var p = ev.latlng.wrap();
    inspect(p.lat, p.lng);
  });

  window.mdInspect = inspect;
  var api = {
    map: map,
    ready: false,
    compute: compute,
    inspect: inspect,
    result: function () { return result; },
    trajectory: function () { return trajectory; }
  };
  window.bucarestMd = api;

  // --- start -------------------------------------------------------------------------------
  drawArchitecture(archSelect.value);
  drawThreat(threatSelect.value);
  syncChoices();

  mapStatus.textContent = S.loading;
  fetch(cfg.topologyUrl, { credentials: "same-origin" }).then(function (r) {
    if (!r.ok) { throw new Error("topology " + r.status); }
    return r.json();
  }).then(function (topo) {
    var features = topojson.feature(topo, topo.objects.countries).features
      .filter(function (f) { return f.id !== "ATA"; });
    L.geoJSON(features, {
      pane: "mdBase",
      interactive: false,
      style: function () { return { fillColor: C.land, fillOpacity: 1, color: "#ffffff", weight: 0.6, opacity: 1 }; }
    }).addTo(map);
    mapStatus.textContent = "";
    api.ready = true;
    mapEl.setAttribute("data-ready", "true");
    root.setAttribute("data-md-ready", "true");
  }).catch(function (err) {
    mapStatus.textContent = "";
    showError(errorEl, S.loadError + " " + oneLine(err.message || ""));
  });
})();
