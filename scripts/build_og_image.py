"""Draw the network's default Open Graph image (1200×630 PNG) with Debian's Chromium.

The image shown when a page of the portal is shared: the network's mark and name, its promise,
and metropolitan France from ``centres/data/map.json``. Drawn from HTML by the browser the
browser tests already use (Playwright, no image library), into
``static/img/reseau-crpv-1200x630.png``.

Regenerate with::

    .venv/bin/python scripts/build_og_image.py
"""

import json
import os
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "img" / "reseau-crpv-1200x630.png"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def html():
    """Return the page to draw: text on the left, the map of metropolitan France on the right."""
    data = json.loads((ROOT / "centres" / "data" / "map.json").read_text(encoding="utf-8"))
    # The frame below leaves out the inset of Paris (top left); the overseas insets stay.
    paths = "".join(f'<path d="{d["d"]}"/>' for _code, d in sorted(data["departements"].items()))
    mark = (ROOT / "static" / "favicon.svg").read_text(encoding="utf-8")
    return f"""<!doctype html><html lang="fr"><head><meta charset="utf-8"><style>
      body {{ margin: 0; width: 1200px; height: 630px; background: #1d3c78; color: #fff;
             font-family: "DejaVu Sans", sans-serif; display: flex; overflow: hidden; }}
      .text {{ flex: 1; padding: 70px 0 60px 80px; display: flex; flex-direction: column; }}
      .mark svg {{ width: 96px; height: 96px; }}
      h1 {{ font-size: 54px; line-height: 1.15; margin: 40px 0 24px; }}
      p {{ font-size: 30px; margin: 0; color: #e3e8f3; }}
      .site {{ margin-top: auto; font-size: 24px; color: #ffbf47; font-weight: bold; }}
      .map {{ width: 440px; padding: 40px 50px 40px 0; }}
      .map svg {{ width: 100%; height: 100%; }}
      .map path {{ fill: #3c5c99; stroke: #1d3c78; stroke-width: 1.5; }}
    </style></head><body>
      <div class="text">
        <div class="mark">{mark}</div>
        <h1>Réseau des centres de ressources politique de la ville</h1>
        <p>Trouvez le centre qui sert votre territoire.</p>
        <div class="site">Annuaire, carte et données ouvertes</div>
      </div>
      <div class="map"><svg viewBox="0 150 800 650" preserveAspectRatio="xMidYMid meet"
        xmlns="http://www.w3.org/2000/svg">{paths}</svg></div>
    </body></html>"""


def main():
    """Write the PNG; raises if Chromium cannot be started."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 630})
        page.set_content(html())
        page.screenshot(path=str(OUT), type="png")
        browser.close()
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
