// Build-time only (run by `make vendor`, never at run time).
//
// Reads the Natural Earth 1:50m admin-0 countries shipped by the npm package world-atlas
// (TopoJSON, geometry ids are ISO 3166-1 numeric codes) and writes, into the Python package:
//
//   src/bucarest/data/geo/countries-50m.topo.json  the same boundaries on the same quantisation
//       grid, made safe for planar use (see "planar" below), whose `countries` geometries carry
//       `id` = ISO 3166-1 alpha-3 and `properties` = {name}; read by bucarest.core.geo (areas,
//       shapely) and by the browser (Leaflet, after topojson-client's `feature`).
//   src/bucarest/data/geo/SOURCES.md               provenance, mapping rules, dropped features.
//   src/bucarest/data/geo/LICENSE-world-atlas.txt  the package's licence.
//
// Steps: map ids to alpha-3 (merge parts that share a code, drop features without one), decode
// to GeoJSON with topojson-client, make planar, re-encode with topojson-server on world-atlas's
// own quantisation grid, check that nothing else moved, write.
//
// Usage: cd frontend && npm ci && node build_geo.mjs

import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const topojsonClient = require("topojson-client");
const topojsonServer = require("topojson-server");

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..");
const atlasDir = join(here, "node_modules", "world-atlas");
const outDir = join(repoRoot, "src", "bucarest", "data", "geo");
const SOURCE_FILE = "countries-50m.json";
const OUT_FILE = "countries-50m.topo.json";

// ISO 3166-1 numeric -> alpha-3, all 249 officially assigned codes.
// Generated once from pycountry 26.2.16 (ISO 3166-1 data of the Debian iso-codes project):
//   python -c "import pycountry; print({c.numeric: c.alpha_3 for c in pycountry.countries})"
const NUMERIC_TO_ALPHA3 = {
  "004":"AFG", "008":"ALB", "010":"ATA", "012":"DZA", "016":"ASM", "020":"AND", "024":"AGO", "028":"ATG",
  "031":"AZE", "032":"ARG", "036":"AUS", "040":"AUT", "044":"BHS", "048":"BHR", "050":"BGD", "051":"ARM",
  "052":"BRB", "056":"BEL", "060":"BMU", "064":"BTN", "068":"BOL", "070":"BIH", "072":"BWA", "074":"BVT",
  "076":"BRA", "084":"BLZ", "086":"IOT", "090":"SLB", "092":"VGB", "096":"BRN", "100":"BGR", "104":"MMR",
  "108":"BDI", "112":"BLR", "116":"KHM", "120":"CMR", "124":"CAN", "132":"CPV", "136":"CYM", "140":"CAF",
  "144":"LKA", "148":"TCD", "152":"CHL", "156":"CHN", "158":"TWN", "162":"CXR", "166":"CCK", "170":"COL",
  "174":"COM", "175":"MYT", "178":"COG", "180":"COD", "184":"COK", "188":"CRI", "191":"HRV", "192":"CUB",
  "196":"CYP", "203":"CZE", "204":"BEN", "208":"DNK", "212":"DMA", "214":"DOM", "218":"ECU", "222":"SLV",
  "226":"GNQ", "231":"ETH", "232":"ERI", "233":"EST", "234":"FRO", "238":"FLK", "239":"SGS", "242":"FJI",
  "246":"FIN", "248":"ALA", "250":"FRA", "254":"GUF", "258":"PYF", "260":"ATF", "262":"DJI", "266":"GAB",
  "268":"GEO", "270":"GMB", "275":"PSE", "276":"DEU", "288":"GHA", "292":"GIB", "296":"KIR", "300":"GRC",
  "304":"GRL", "308":"GRD", "312":"GLP", "316":"GUM", "320":"GTM", "324":"GIN", "328":"GUY", "332":"HTI",
  "334":"HMD", "336":"VAT", "340":"HND", "344":"HKG", "348":"HUN", "352":"ISL", "356":"IND", "360":"IDN",
  "364":"IRN", "368":"IRQ", "372":"IRL", "376":"ISR", "380":"ITA", "384":"CIV", "388":"JAM", "392":"JPN",
  "398":"KAZ", "400":"JOR", "404":"KEN", "408":"PRK", "410":"KOR", "414":"KWT", "417":"KGZ", "418":"LAO",
  "422":"LBN", "426":"LSO", "428":"LVA", "430":"LBR", "434":"LBY", "438":"LIE", "440":"LTU", "442":"LUX",
  "446":"MAC", "450":"MDG", "454":"MWI", "458":"MYS", "462":"MDV", "466":"MLI", "470":"MLT", "474":"MTQ",
  "478":"MRT", "480":"MUS", "484":"MEX", "492":"MCO", "496":"MNG", "498":"MDA", "499":"MNE", "500":"MSR",
  "504":"MAR", "508":"MOZ", "512":"OMN", "516":"NAM", "520":"NRU", "524":"NPL", "528":"NLD", "531":"CUW",
  "533":"ABW", "534":"SXM", "535":"BES", "540":"NCL", "548":"VUT", "554":"NZL", "558":"NIC", "562":"NER",
  "566":"NGA", "570":"NIU", "574":"NFK", "578":"NOR", "580":"MNP", "581":"UMI", "583":"FSM", "584":"MHL",
  "585":"PLW", "586":"PAK", "591":"PAN", "598":"PNG", "600":"PRY", "604":"PER", "608":"PHL", "612":"PCN",
  "616":"POL", "620":"PRT", "624":"GNB", "626":"TLS", "630":"PRI", "634":"QAT", "638":"REU", "642":"ROU",
  "643":"RUS", "646":"RWA", "652":"BLM", "654":"SHN", "659":"KNA", "660":"AIA", "662":"LCA", "663":"MAF",
  "666":"SPM", "670":"VCT", "674":"SMR", "678":"STP", "682":"SAU", "686":"SEN", "688":"SRB", "690":"SYC",
  "694":"SLE", "702":"SGP", "703":"SVK", "704":"VNM", "705":"SVN", "706":"SOM", "710":"ZAF", "716":"ZWE",
  "724":"ESP", "728":"SSD", "729":"SDN", "732":"ESH", "740":"SUR", "744":"SJM", "748":"SWZ", "752":"SWE",
  "756":"CHE", "760":"SYR", "762":"TJK", "764":"THA", "768":"TGO", "772":"TKL", "776":"TON", "780":"TTO",
  "784":"ARE", "788":"TUN", "792":"TUR", "795":"TKM", "796":"TCA", "798":"TUV", "800":"UGA", "804":"UKR",
  "807":"MKD", "818":"EGY", "826":"GBR", "831":"GGY", "832":"JEY", "833":"IMN", "834":"TZA", "840":"USA",
  "850":"VIR", "854":"BFA", "858":"URY", "860":"UZB", "862":"VEN", "876":"WLF", "882":"WSM", "887":"YEM",
  "894":"ZMB",
};

// Features that carry no numeric id in world-atlas but do have a code we use.
// XKX is the user-assigned code for Kosovo used by the European Commission, NATO and others.
const NAME_TO_ALPHA3 = { Kosovo: "XKX" };

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));

function polygonsOf(geometry) {
  if (geometry.type === "Polygon") return [geometry.arcs];
  if (geometry.type === "MultiPolygon") return geometry.arcs;
  throw new Error(`unexpected geometry type ${geometry.type} for ${geometry.properties?.name}`);
}

function vertexCount(topology, geometry) {
  let n = 0;
  for (const polygon of polygonsOf(geometry))
    for (const ring of polygon)
      for (const arc of ring) n += topology.arcs[arc < 0 ? ~arc : arc].length;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Planar: world-atlas 2 is meant for d3's spherical geometry. A few rings cross the antimeridian
// (Russia's Chukotka and Wrangel Island, a Fiji island: ... 179.9 -> -180 -> -179.9 ...) and
// Antarctica is a tiny ring around the South Pole with its coastline as a "hole". Leaflet and
// shapely are planar, so those polygons are cut at +-180 and Antarctica is closed along the
// -180/180 meridians and the pole line, as in Natural Earth's own shapefile. Untouched polygons
// keep their rings as they are.

const POLE_CAP = 89.99; // a ring whose points all lie beyond this latitude is a pole cap

const shoelace = (ring) => {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s / 2;
};
// world-atlas (d3) winding: exteriors clockwise (negative shoelace in lon/lat), holes anticlockwise.
const orient = (ring, clockwise) => ((shoelace(ring) < 0) === clockwise ? ring : [...ring].reverse());

// Longitudes made continuous: each point moved by a multiple of 360 to be within 180 of the last.
function unwrap(ring, near = ring[0][0]) {
  const out = [];
  let prev = near;
  for (const [x, y] of ring) {
    const u = x + 360 * Math.round((prev - x) / 360);
    out.push([u, y]);
    prev = u;
  }
  return out;
}

// Sutherland-Hodgman against one vertical line: keeps x <= c (below) or x >= c.
function clipHalf(ring, c, below) {
  const inside = below ? (p) => p[0] <= c : (p) => p[0] >= c;
  const out = [];
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    if (inside(a)) out.push(a);
    if (inside(a) !== inside(b) && a[0] !== c && b[0] !== c) {
      out.push([c, a[1] + ((c - a[0]) / (b[0] - a[0])) * (b[1] - a[1])]);
    }
  }
  const dedup = out.filter((p, i) => i === 0 || p[0] !== out[i - 1][0] || p[1] !== out[i - 1][1]);
  if (dedup.length && (dedup[0][0] !== dedup.at(-1)[0] || dedup[0][1] !== dedup.at(-1)[1])) {
    dedup.push(dedup[0]);
  }
  return dedup.length >= 4 && shoelace(dedup) !== 0 ? dedup : null;
}

const clipWindow = (ring, lo, hi) => {
  const left = clipHalf(ring, lo, false);
  return left && clipHalf(left, hi, true);
};
const shift = (ring, dx) => ring.map(([x, y]) => [x + dx, y]);

// One polygon (array of rings) -> {polygons, changed}.
function planarPolygon(rings, label) {
  const unwrapped = rings.map((r) => unwrap(r));
  const net = unwrapped.map((u) => u.at(-1)[0] - u[0][0]);
  let exterior;
  let holes;
  let changed = false;
  if (net.some((n) => n !== 0)) {
    const caps = rings.filter((r, i) => net[i] !== 0 && r.every((p) => Math.abs(p[1]) >= POLE_CAP));
    const polar = unwrapped.filter((u, i) => net[i] !== 0 && !caps.includes(rings[i]));
    if (caps.length !== 1 || polar.length !== 1) throw new Error(`unexpected polar rings in ${label}`);
    const pole = caps[0][0][1];
    const coast = polar[0];
    exterior = [...coast, [coast.at(-1)[0], pole], [coast[0][0], pole], coast[0]];
    holes = unwrapped.filter((u, i) => net[i] === 0);
    changed = true;
  } else {
    [exterior, ...holes] = unwrapped;
  }
  const xs = exterior.map((p) => p[0]);
  const mid = (Math.min(...xs) + Math.max(...xs)) / 2;
  holes = holes.map((h) => shift(h, 360 * Math.round((mid - h[0][0]) / 360)));
  if (!changed && Math.min(...xs) >= -180 && Math.max(...xs) <= 180 &&
      holes.every((h) => h.every((p) => p[0] >= -180 && p[0] <= 180))) {
    return { polygons: [rings], changed: false }; // planar already: keep exactly as it is
  }
  const polygons = [];
  for (const k of [-1, 0, 1]) {
    const lo = -180 + 360 * k;
    const ext = clipWindow(exterior, lo, lo + 360);
    if (!ext) continue;
    const inner = holes.map((h) => clipWindow(h, lo, lo + 360)).filter(Boolean);
    polygons.push([orient(ext, true), ...inner.map((h) => orient(h, false))].map((r) => shift(r, -360 * k)));
  }
  return { polygons, changed: true };
}

function planarGeometry(geometry, label, log) {
  if (geometry.type !== "Polygon" && geometry.type !== "MultiPolygon") return geometry;
  const input = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const output = [];
  for (const rings of input) {
    const { polygons, changed } = planarPolygon(rings, label);
    if (changed) log.push(`${label}: one polygon became ${polygons.length}`);
    output.push(...polygons);
  }
  return output.length === 1 && geometry.type === "Polygon"
    ? { type: "Polygon", coordinates: output[0] }
    : { type: "MultiPolygon", coordinates: output };
}

// ---------------------------------------------------------------------------------------------

const atlasPkg = readJson(join(atlasDir, "package.json"));
const topology = readJson(join(atlasDir, SOURCE_FILE));
if (topology.type !== "Topology" || !topology.transform || !topology.objects.countries) {
  throw new Error(`${SOURCE_FILE} is not the quantised world-atlas topology expected`);
}
const source = topology.objects.countries.geometries;

const dropped = []; // {name, type}
const byCode = new Map(); // alpha-3 -> [geometry, ...]
for (const g of source) {
  const name = g.properties?.name ?? "(unnamed)";
  let code = null;
  if (g.id !== undefined && g.id !== null) {
    code = NUMERIC_TO_ALPHA3[String(g.id).padStart(3, "0")] ?? null;
    if (code === null) throw new Error(`numeric id ${g.id} (${name}) is not in ISO 3166-1`);
  } else if (name in NAME_TO_ALPHA3) {
    code = NAME_TO_ALPHA3[name];
  }
  if (code === null) {
    dropped.push({ name, type: g.type });
    continue;
  }
  if (!byCode.has(code)) byCode.set(code, []);
  byCode.get(code).push(g);
}

const merged = []; // {code, names}
const planarLog = [];
const features = [];
for (const code of [...byCode.keys()].sort()) {
  const parts = byCode.get(code);
  // The part with the most vertices names the whole (Australia, not Ashmore and Cartier Is.).
  const main = parts.reduce((a, b) => (vertexCount(topology, b) > vertexCount(topology, a) ? b : a));
  if (parts.length > 1) merged.push({ code, names: parts.map((p) => p.properties.name) });
  const shape =
    parts.length === 1
      ? main
      : { type: "MultiPolygon", arcs: parts.flatMap(polygonsOf) };
  const geometry = topojsonClient.feature(topology, shape).geometry;
  features.push({
    type: "Feature",
    id: code,
    properties: { name: main.properties.name },
    geometry: planarGeometry(geometry, code, planarLog),
  });
}
const landGeometries = topology.objects.land.geometries.map((g) => ({
  type: "Feature",
  geometry: planarGeometry(topojsonClient.feature(topology, g).geometry, "land", planarLog),
}));

const out = topojsonServer.topology(
  {
    countries: { type: "FeatureCollection", features },
    // The union of all land, including the dropped features, for a map background.
    land: { type: "FeatureCollection", features: landGeometries },
  },
  1e5, // world-atlas's quantisation; the check below proves the grid is the same
);
// The bbox is recomputed from decoded floats, so the scale may differ in the last bit: same grid
// (no integer changes); keep world-atlas's own numbers so the file decodes exactly as it does.
const sameGrid = ["scale", "translate"].every((k) =>
  out.transform[k].every((v, i) => Math.abs(v - topology.transform[k][i]) <= 1e-12 * Math.abs(v)),
);
if (!sameGrid) {
  throw new Error(
    `quantisation changed: ${JSON.stringify(out.transform)} != ${JSON.stringify(topology.transform)}`,
  );
}
out.transform = topology.transform;
out.bbox = topology.bbox;

// Every untouched country decodes to exactly the points it had.
const pointSet = (geometry) => {
  const polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return [...new Set(polys.flat(2).map((p) => `${p[0]},${p[1]}`))].sort().join(";");
};
const touched = new Set(planarLog.map((line) => line.split(":")[0]));
const geometries = out.objects.countries.geometries;
for (const [i, g] of geometries.entries()) {
  if (!/^[A-Z]{3}$/.test(g.id)) throw new Error(`bad code ${g.id}`);
  if (touched.has(g.id)) continue;
  const before = features[i];
  const after = topojsonClient.feature(out, g);
  if (before.id !== g.id || pointSet(before.geometry) !== pointSet(after.geometry)) {
    throw new Error(`re-encoding changed ${g.id}`);
  }
}

mkdirSync(outDir, { recursive: true });
const outPath = join(outDir, OUT_FILE);
writeFileSync(outPath, JSON.stringify(out) + "\n");
copyFileSync(join(atlasDir, "LICENSE"), join(outDir, "LICENSE-world-atlas.txt"));

const codes = geometries.map((g) => g.id);
const wrap = (items, width = 96) => {
  const lines = [];
  let line = "";
  for (const item of items) {
    if (line && line.length + item.length + 1 > width) {
      lines.push(line);
      line = "";
    }
    line = line ? `${line} ${item}` : item;
  }
  if (line) lines.push(line);
  return lines.join("\n");
};

const md = `# Country boundaries

\`${OUT_FILE}\` is generated by \`frontend/build_geo.mjs\` (\`make vendor\`); do not edit it by hand.

## Source

- Natural Earth, *Admin 0 – Countries*, 1:50m scale, public domain
  (<https://www.naturalearthdata.com/about/terms-of-use/>).
- Natural Earth version 4.1.0 as packaged in the npm package \`world-atlas\` ${atlasPkg.version} by Mike Bostock
  (<https://github.com/topojson/world-atlas>), file \`${SOURCE_FILE}\`; the package is under the
  ISC licence, copied beside this file as \`LICENSE-world-atlas.txt\`.

## What was changed

- Ids and properties: each geometry of the \`countries\` object has \`id\` set to its ISO 3166-1
  alpha-3 code and \`properties\` set to \`{"name": ...}\`, the English short name Natural Earth
  uses as a map label (e.g. "Bosnia and Herz."). Display names in the application come from
  \`bucarest.core.countries\` (pycountry/Babel), joined on the code.
- Planar geometry. world-atlas is built for d3's spherical geometry: a few rings cross the
  antimeridian (…179.9 → −180 → −179.9…) and Antarctica is a tiny ring round the South Pole
  with the coastline as its hole. Leaflet and shapely are planar, so \`build_geo.mjs\` cuts those
  polygons at ±180° (the cuts fall on vertices already at ±180°, so no point is invented) and
  closes Antarctica along the ±180° meridians and the ${topology.bbox[1]}° parallel, as in Natural Earth's
  own shapefile. Rewritten rings are wound like world-atlas's (exteriors clockwise in lon/lat,
  holes anticlockwise). Polygons changed:
${planarLog.map((line) => `  - ${line}`).join("\n")}
- The topology is then re-encoded with \`topojson-server\` on the same quantisation grid
  (transform: scale ${topology.transform.scale.join(", ")};
  translate ${topology.transform.translate.join(", ")}); the build checks that the transform is
  identical and that every other country decodes to exactly the points it had.
- The \`land\` object (union of all land, including the dropped features below) is kept, made
  planar the same way, for a map background.

## Mapping rules

1. A world-atlas id is an ISO 3166-1 numeric code; it is mapped to alpha-3 with a table of all
   249 ISO 3166-1 entries embedded in \`build_geo.mjs\` (generated from pycountry). An id that is
   not in ISO 3166-1 stops the build.
2. A feature without an id is mapped by its name: ${Object.entries(NAME_TO_ALPHA3)
  .map(([n, c]) => `"${n}" → \`${c}\``)
  .join(", ")}
   (the user-assigned code used by the European Commission and NATO).
3. Other features without an id are dropped (listed below). Their land still appears in the
   \`land\` object.
4. Features that share a code are merged into one MultiPolygon named after the part with the
   most vertices.

## Features

${source.length} features in the source; ${geometries.length} geometries written (${codes.length} distinct codes).

### Merged

${merged.length ? merged.map((m) => `- \`${m.code}\`: ${m.names.join(" + ")}`).join("\n") : "- none"}

### Dropped (no ISO 3166-1 code)

${dropped.length ? dropped.map((d) => `- ${d.name} (${d.type})`).join("\n") : "- none"}

Notes: "Somaliland" and "N. Cyprus" are not recognised states; their territory is not part of
the \`SOM\` or \`CYP\` geometry. "Siachen Glacier" is disputed between India and Pakistan and is
in neither \`IND\` nor \`PAK\`. "Indian Ocean Ter." is Christmas Island (ISO \`CXR\`) and the
Cocos (Keeling) Islands (\`CCK\`) together, which cannot be split into their two codes.

### Codes

\`\`\`
${wrap(codes)}
\`\`\`
`;
writeFileSync(join(outDir, "SOURCES.md"), md);

console.log(
  `${relative(repoRoot, outPath)}: ${geometries.length} countries ` +
    `(${source.length} source features, ${merged.length} merged, ${dropped.length} dropped: ` +
    `${dropped.map((d) => d.name).join(", ")})`,
);
