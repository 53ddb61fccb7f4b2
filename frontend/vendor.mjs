// Build-time only (run by `make vendor`, never at run time).
//
// Copies the front-end libraries the web pages use from node_modules into the Python package,
// with their licences, so that the application never requests anything from an outside host:
//
//   src/bucarest/platform/static/vendor/leaflet/          leaflet.js, leaflet.css, images/, LICENSE
//   src/bucarest/platform/static/vendor/htmx/             htmx.min.js, LICENSE
//   src/bucarest/platform/static/vendor/topojson-client/  topojson-client.min.js, LICENSE
//   src/bucarest/platform/static/vendor/swagger-ui/       bundle, css, favicon, LICENSE, NOTICE
//   src/bucarest/platform/static/vendor/README.md         names, versions, licences
//
// Usage: cd frontend && npm ci && node vendor.mjs

import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..");
const modules = join(here, "node_modules");
const vendorDir = join(repoRoot, "src", "bucarest", "platform", "static", "vendor");

// [npm package, folder under vendor/, [[source path in the package, destination], ...], note]
const PACKAGES = [
  [
    "leaflet",
    "leaflet",
    [
      ["dist/leaflet.js", "leaflet.js"],
      ["dist/leaflet.css", "leaflet.css"],
      ["dist/images/", "images/"],
      ["LICENSE", "LICENSE"],
    ],
    "interactive map; `leaflet.css` loads its icons from `images/` beside it",
  ],
  [
    "htmx.org",
    "htmx",
    [
      ["dist/htmx.min.js", "htmx.min.js"],
      ["LICENSE", "LICENSE"],
    ],
    "HTML-over-the-wire interactions",
  ],
  [
    "topojson-client",
    "topojson-client",
    [
      ["dist/topojson-client.min.js", "topojson-client.min.js"],
      ["LICENSE", "LICENSE"],
    ],
    "turns `data/geo/countries-50m.topo.json` into GeoJSON in the browser (`topojson.feature`)",
  ],
  [
    "swagger-ui-dist",
    "swagger-ui",
    [
      ["swagger-ui-bundle.js", "swagger-ui-bundle.js"],
      ["swagger-ui-bundle.js.LICENSE.txt", "swagger-ui-bundle.js.LICENSE.txt"],
      ["swagger-ui.css", "swagger-ui.css"],
      ["favicon-32x32.png", "favicon-32x32.png"],
      ["LICENSE", "LICENSE"],
      ["NOTICE", "NOTICE"],
    ],
    "the API's interactive documentation page, served locally",
  ],
];

const rows = [];
for (const [pkgName, folder, files, note] of PACKAGES) {
  const pkgDir = join(modules, pkgName);
  const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  const dest = join(vendorDir, folder);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  for (const [from, to] of files) {
    if (from.endsWith("/")) {
      mkdirSync(join(dest, to), { recursive: true });
      for (const name of readdirSync(join(pkgDir, from)).sort()) {
        copyFileSync(join(pkgDir, from, name), join(dest, to, name));
      }
    } else {
      copyFileSync(join(pkgDir, from), join(dest, to));
    }
  }
  rows.push(`| \`${folder}/\` | \`${pkg.name}\` | ${pkg.version} | ${pkg.license} | ${note} |`);
  console.log(`${relative(repoRoot, dest)}: ${pkg.name} ${pkg.version} (${pkg.license})`);
}

const readme = `# Vendored front-end libraries

Copied from npm packages by \`frontend/vendor.mjs\` (\`make vendor\`); do not edit by hand. The
versions are pinned exactly in \`frontend/package.json\` and \`frontend/package-lock.json\`.
Each folder holds the package's own licence file. The application serves these files itself
and never loads anything from an outside host.

| folder | npm package | version | licence | used for |
| --- | --- | --- | --- | --- |
${rows.join("\n")}

Country boundaries (Natural Earth via \`world-atlas\`) are not here but in
\`src/bucarest/data/geo/\`, with their own \`SOURCES.md\`.
`;
writeFileSync(join(vendorDir, "README.md"), readme);

// A folder here that this script does not produce would be missing from the README.
const managed = new Set(PACKAGES.map(([, folder]) => folder));
for (const entry of readdirSync(vendorDir, { withFileTypes: true })) {
  if (entry.isDirectory() && !managed.has(entry.name)) {
    console.warn(`warning: vendor/${entry.name}/ is not produced by vendor.mjs; add it to PACKAGES`);
  }
}
