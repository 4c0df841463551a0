#!/usr/bin/env bash
# Lighthouse scores (performance, accessibility, best practices, SEO) of the home page, the
# directory and a centre page, served by the production-like server with the directory loaded.
#
#   bash benchmarks/lighthouse.sh
#
# Lighthouse 12 is the last release that runs on Node 20; it drives Debian's Chromium
# (apt-get install chromium) and is installed on first use into benchmarks/.lighthouse/.
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS=benchmarks/.lighthouse
if [ ! -x "$TOOLS/node_modules/.bin/lighthouse" ]; then
  npm install --prefix "$TOOLS" --no-audit --no-fund --silent lighthouse@12 >/dev/null
fi

TMP=$(mktemp -d)
PORT=${PORT:-8765}
export DJANGO_DEBUG=false DATABASE_URL="sqlite:///$TMP/lighthouse.sqlite3" \
  DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_LOG_LEVEL=WARNING
.venv/bin/python manage.py migrate --no-input -v0
.venv/bin/python manage.py import_centres centres/data/centres.csv >/dev/null
.venv/bin/python manage.py collectstatic --no-input -v0
.venv/bin/gunicorn crpv.wsgi --bind "127.0.0.1:$PORT" --workers 2 --log-level warning &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

printf '%s · %s cœurs\n' "$(date +%F)" "$(nproc)"
printf '%-28s %12s %14s %16s %6s\n' page performance accessibilité "bonnes pratiques" SEO
for path in / /centres/ /centres/ville-caraibe/; do
  CHROME_PATH=/usr/bin/chromium "$TOOLS/node_modules/.bin/lighthouse" "http://127.0.0.1:$PORT$path" \
    --quiet --output=json --output-path="$TMP/report.json" \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking" \
    >"$TMP/lighthouse.log" 2>&1 || { echo "$path: Lighthouse a échoué: $(grep -m1 -i error "$TMP/lighthouse.log")"; continue; }
  node -e '
    const r = require(process.argv[1]);
    const s = (k) => Math.round(r.categories[k].score * 100);
    console.log(process.argv[2].padEnd(28), String(s("performance")).padStart(12),
      String(s("accessibility")).padStart(14), String(s("best-practices")).padStart(16),
      String(s("seo")).padStart(6));
    // Below 100, the metrics that cost the points (values as Lighthouse measured them).
    if (s("performance") < 100) {
      const m = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
        "cumulative-layout-shift", "speed-index"].map((k) => `${k} ${r.audits[k].displayValue}`);
      console.log("   ", m.join(" · "));
    }
  ' "$TMP/report.json" "$path"
done
