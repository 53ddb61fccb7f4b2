/* The Alliance map: country polygons from the shipped TopoJSON, coloured by their standing
 * on the chosen date (GET /api/v1/standing), with a date slider and a country history panel
 * (an htmx fragment). Everything it loads comes from this application.
 *
 * State for tests and other scripts: <html data-map-ready="true"> once interactive,
 * window.bucarestMap (setDay, select, standingOf, readyMs...), #standing-list items with
 * data-code / data-standing, and data-code / data-standing on each country's SVG path.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  root.classList.add("js");
  var cfg = JSON.parse(document.getElementById("map-config").textContent);
  var DAY_MS = 86400000;
  var minMs = Date.parse(cfg.min + "T00:00:00Z");
  var maxMs = Date.parse(cfg.max + "T00:00:00Z");

  // Start both downloads at once; the standing of the first day came with the page.
  var topologyPromise = fetch(cfg.topologyUrl, { credentials: "same-origin" }).then(function (r) {
    if (!r.ok) { throw new Error("topology " + r.status); }
    return r.json();
  });

  var cache = new Map();      // day -> Promise of standing records
  var resolved = new Map();   // day -> standing records (for instant scrubbing over seen days)
  cache.set(cfg.day, Promise.resolve(cfg.initial));
  resolved.set(cfg.day, cfg.initial);

  var mapEl = document.getElementById("map");
  var slider = document.getElementById("date-slider");
  var dateInput = document.getElementById("date-input");
  var dateLabel = document.getElementById("map-date-label");
  var keyDates = document.getElementById("key-dates");
  var statusEl = document.getElementById("map-status");
  var listEl = document.getElementById("standing-list");
  var panelBody = document.getElementById("panel-body");

  var current = cfg.day;      // the day shown by the controls
  var applied = null;         // the day whose colours are on the map
  var standing = {};          // code -> record of the applied day
  var layers = new Map();     // code -> Leaflet layer
  var selected = null;
  var timer = null;

  function dayFromIndex(i) {
    return new Date(minMs + i * DAY_MS).toISOString().slice(0, 10);
  }
  function indexFromDay(day) {
    return Math.round((Date.parse(day + "T00:00:00Z") - minMs) / DAY_MS);
  }
  function validDay(day) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) { return false; }
    var ms = Date.parse(day + "T00:00:00Z");
    return !isNaN(ms) && ms >= minMs && ms <= maxMs;
  }

  function fetchStanding(day) {
    if (!cache.has(day)) {
      var url = cfg.standingUrl + "?on=" + encodeURIComponent(day) + "&lang=" + encodeURIComponent(cfg.lang);
      var p = fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) {
          if (!r.ok) { throw new Error("standing " + r.status); }
          return r.json();
        })
        .then(function (records) { resolved.set(day, records); return records; });
      p.catch(function () { cache.delete(day); });
      cache.set(day, p);
    }
    return cache.get(day);
  }

  function categoryOf(code) {
    var rec = standing[code];
    return rec ? rec.standing : "none";
  }

  function styleFor(code) {
    var isSelected = code === selected;
    return {
      fillColor: cfg.colours[categoryOf(code)] || cfg.colours.none,
      fillOpacity: 1,
      color: isSelected ? "#111111" : "#ffffff",
      weight: isSelected ? 2.2 : 0.6,
      opacity: 1
    };
  }

  function paint(code) {
    var layer = layers.get(code);
    if (!layer) { return; }
    layer.setStyle(styleFor(code));
    var el = layer.getElement && layer.getElement();
    if (el) { el.setAttribute("data-standing", categoryOf(code)); }
  }

  function renderList(day, records) {
    var groups = {};
    records.forEach(function (r) { (groups[r.standing] = groups[r.standing] || []).push(r); });
    var frag = document.createDocumentFragment();
    Object.keys(cfg.labels).forEach(function (key) {
      var items = groups[key];
      if (!items || !items.length) { return; }
      var section = document.createElement("section");
      var h = document.createElement("h3");
      var sw = document.createElement("span");
      sw.className = "swatch";
      sw.style.backgroundColor = cfg.colours[key];
      h.appendChild(sw);
      h.appendChild(document.createTextNode(cfg.labels[key] + " (" + items.length + ")"));
      section.appendChild(h);
      var ul = document.createElement("ul");
      items.slice().sort(function (a, b) { return a.name.localeCompare(b.name, cfg.lang); })
        .forEach(function (r) {
          var li = document.createElement("li");
          li.setAttribute("data-code", r.code);
          li.setAttribute("data-standing", r.standing);
          var b = document.createElement("button");
          b.type = "button";
          b.textContent = r.name;
          b.addEventListener("click", function () { select(r.code, true); });
          li.appendChild(b);
          ul.appendChild(li);
        });
      section.appendChild(ul);
      frag.appendChild(section);
    });
    listEl.replaceChildren(frag);
    listEl.setAttribute("data-date", day);
    document.querySelectorAll("[data-count-for]").forEach(function (el) {
      var key = el.getAttribute("data-count-for");
      el.textContent = key === "none" ? "" : String((groups[key] || []).length || "");
    });
  }

  function apply(day, records) {
    standing = {};
    records.forEach(function (r) { standing[r.code] = r; });
    layers.forEach(function (_layer, code) { paint(code); });
    applied = day;
    mapEl.setAttribute("data-date", day);
    renderList(day, records);
    statusEl.textContent = "";
  }

  function load(day) {
    if (resolved.has(day)) {
      apply(day, resolved.get(day));
      refreshPanel();
      return;
    }
    statusEl.textContent = cfg.strings.loading;
    fetchStanding(day).then(function (records) {
      if (day === current) { apply(day, records); refreshPanel(); }
    }).catch(function () {
      if (day === current) { statusEl.textContent = cfg.strings.error; }
    });
  }

  function syncControls(day, source) {
    if (source !== "slider") { slider.value = String(indexFromDay(day)); }
    slider.setAttribute("aria-valuetext", day);
    if (source !== "input") { dateInput.value = day; }
    dateLabel.textContent = day;
    dateLabel.setAttribute("datetime", day);
    if (source !== "keys") { keyDates.value = ""; }
    var params = new URLSearchParams(window.location.search);
    params.set("on", day);
    params.delete("lang");
    history.replaceState(null, "", window.location.pathname + "?" + params.toString());
    document.querySelectorAll(".lang-switch a, .legend-link").forEach(function (a) {
      var u = new URL(a.getAttribute("href"), window.location.href);
      u.searchParams.set("on", day);
      a.setAttribute("href", u.pathname + u.search);
    });
    // The other dated pages open on the day chosen here.
    document.querySelectorAll(".site-nav a").forEach(function (a) {
      var u = new URL(a.getAttribute("href"), window.location.href);
      if ((cfg.datedPaths || []).indexOf(u.pathname) < 0) { return; }
      u.searchParams.set("on", day);
      a.setAttribute("href", u.pathname + u.search);
    });
  }

  /** Show ``day``: controls at once, colours as soon as the standing is known (debounced). */
  function setDay(day, source) {
    if (!validDay(day)) { return false; }
    current = day;
    syncControls(day, source || "api");
    clearTimeout(timer);
    if (resolved.has(day)) {
      load(day);
    } else if (source === "slider") {
      timer = setTimeout(function () { load(day); }, 120);
    } else {
      load(day);
    }
    return true;
  }

  function fragmentUrl(code) {
    return cfg.fragmentUrl + encodeURIComponent(code) + "?lang=" + encodeURIComponent(cfg.lang) +
      "&on=" + encodeURIComponent(applied || current);
  }

  function refreshPanel() {
    if (selected) {
      htmx.ajax("GET", fragmentUrl(selected), { target: "#panel-body", swap: "innerHTML" });
    }
  }

  /** Show ``code``'s history in the panel and outline it on the map. */
  function select(code, focusPanel) {
    var previous = selected;
    selected = code;
    if (previous) { paint(previous); }
    paint(code);
    var layer = layers.get(code);
    if (layer && layer.bringToFront) { layer.bringToFront(); }
    mapEl.setAttribute("data-selected", code);
    panelBody.innerHTML = "<p class=\"hint\">" + cfg.strings.loading + "</p>";
    return htmx.ajax("GET", fragmentUrl(code), { target: "#panel-body", swap: "innerHTML" }).then(function () {
      if (focusPanel) {
        var heading = panelBody.querySelector("h3");
        if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
      }
    });
  }

  function tooltip(code) {
    var rec = standing[code];
    var name = (rec && rec.name) || cfg.names[code] || code;
    var label = rec ? rec.standing_label : cfg.strings.noRecord;
    var div = document.createElement("div");
    var strong = document.createElement("strong");
    strong.textContent = name;
    div.appendChild(strong);
    div.appendChild(document.createElement("br"));
    div.appendChild(document.createTextNode(label));
    return div;
  }

  // Error responses (an unknown country) are shown in the panel, not dropped.
  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "[45]..", swap: true, error: true }
  ];

  var map = L.map(mapEl, {
    zoomSnap: 0.25,
    zoomDelta: 0.5,
    minZoom: 1,
    maxZoom: 9,
    worldCopyJump: false,
    attributionControl: true
  });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth · Leaflet");
  var WORLD = [[-40, -125], [72, 150]];
  map.fitBounds(WORLD);

  var api = {
    map: map,
    ready: false,
    readyMs: null,
    setDay: function (day) { return setDay(day, "api"); },
    select: function (code) { return select(code, false); },
    standingOf: categoryOf,
    layerFor: function (code) { return layers.get(code); },
    day: function () { return applied; },
    pointOf: function (lat, lng) {
      var p = map.latLngToContainerPoint([lat, lng]);
      var box = mapEl.getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    }
  };
  window.bucarestMap = api;

  topologyPromise.then(function (topology) {
    performance.mark("bucarest:topology");
    var features = topojson.feature(topology, topology.objects.countries).features
      .filter(function (f) { return f.id !== "ATA"; });
    performance.mark("bucarest:features");
    L.geoJSON(features, {
      style: function (f) { return styleFor(f.id); },
      onEachFeature: function (f, layer) {
        layers.set(f.id, layer);
        layer.on("click", function () { select(f.id, false); });
        layer.bindTooltip(function () { return tooltip(f.id); }, { sticky: true, className: "country-tip" });
      }
    }).addTo(map);
    layers.forEach(function (layer, code) {
      var el = layer.getElement && layer.getElement();
      if (el) { el.setAttribute("data-code", code); }
    });
    performance.mark("bucarest:layers");
    apply(cfg.day, cfg.initial);
    if (current !== cfg.day) { load(current); }
    api.ready = true;
    api.readyMs = Math.round(performance.now());
    mapEl.setAttribute("data-ready", "true");
    mapEl.setAttribute("data-ready-ms", String(api.readyMs));
    root.setAttribute("data-map-ready", "true");
  }).catch(function () {
    statusEl.textContent = cfg.strings.error;
  });

  // Print: the map gets a fixed box that fits a printed page (Leaflet must know its size
  // before the print layout exists), and the list of countries by standing is printed open.
  var details = document.getElementById("standing-details");
  var saved = null;
  function beforePrint() {
    if (saved) { return; }
    saved = { open: details.open, center: map.getCenter(), zoom: map.getZoom() };
    details.open = true;
    mapEl.classList.add("printing");
    map.invalidateSize({ animate: false });
    map.fitBounds(WORLD, { animate: false });
  }
  function afterPrint() {
    if (!saved) { return; }
    details.open = saved.open;
    mapEl.classList.remove("printing");
    map.invalidateSize({ animate: false });
    map.setView(saved.center, saved.zoom, { animate: false });
    saved = null;
  }
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
  if (window.matchMedia) {
    window.matchMedia("print").addEventListener("change", function (ev) {
      if (ev.matches) { beforePrint(); } else { afterPrint(); }
    });
  }

  slider.addEventListener("input", function () { setDay(dayFromIndex(Number(slider.value)), "slider"); });
  dateInput.addEventListener("change", function () { setDay(dateInput.value, "input"); });
  keyDates.addEventListener("change", function () {
    if (keyDates.value) { setDay(keyDates.value, "keys"); }
  });
  document.getElementById("date-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    setDay(dateInput.value, "input");
  });
})();
