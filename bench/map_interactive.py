"""Time until the Alliance map is interactive, in real headless Chromium.

Run alone: ``.venv/bin/python bench/map_interactive.py [--loads 10]`` (needs
``/usr/bin/chromium``). Target (issue 2): interactive within 1 s of load on
localhost. "Interactive" is the page's own ready flag (``html[data-map-ready]``,
set once the borders are drawn, coloured and clickable), timed from navigation
start (``window.bucarestMap.readyMs``). The peer is the About page, a plain
server-rendered page with no map, timed to its ``load`` event in the same
browser: the floor of any page of the app. Ratio = map / About, per median.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).parent))
from _support import print_table, served

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--loads", type=int, default=10)
    args = parser.parse_args()
    rows = []
    with served() as base:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            results: dict[str, dict[str, list[float]]] = {}
            for cache in ("cold", "warm"):
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                page = context.new_page()
                maps, abouts = [], []
                for _ in range(args.loads):
                    if cache == "cold":
                        context.clear_cookies()
                        page.close()
                        context.close()
                        context = browser.new_context(viewport={"width": 1400, "height": 900})
                        page = context.new_page()
                    page.goto(base + "/?on=2008-04-03")
                    page.wait_for_selector("html[data-map-ready=true]", timeout=30000)
                    maps.append(float(page.evaluate("window.bucarestMap.readyMs")))
                    page.goto(base + "/about", wait_until="load")
                    abouts.append(float(page.evaluate(
                        "performance.getEntriesByType('navigation')[0].loadEventEnd")))  # fmt: skip
                results[cache] = {"map": maps, "about": abouts}
                context.close()
            browser.close()
    for cache, r in results.items():
        med_map, med_about = statistics.median(r["map"]), statistics.median(r["about"])
        rows.append([f"map ({cache} browser cache)", f"{med_map:.0f}", f"{max(r['map']):.0f}",
                     "ok" if max(r["map"]) < 1000 else "OVER 1 s",
                     f"{med_map / med_about:.1f}x (About {med_about:.0f} ms)"])  # fmt: skip
    print(
        f"Alliance map, {args.loads} loads each, headless Chromium, localhost, "
        f"{os.cpu_count()} cores"
    )
    print_table(["page", "median ms", "max ms", "target <1 s", "map/peer"], rows)


if __name__ == "__main__":
    main()
