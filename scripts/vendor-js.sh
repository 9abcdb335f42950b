#!/usr/bin/env bash
# Reproduce src/jixiao/web/static/vendor/: the browser libraries the web app serves itself
# (the bureau's network has no internet, so nothing is ever loaded from a CDN).
#   scripts/vendor-js.sh            # fetch with `npm pack`, copy the minified builds, write VERSIONS
# Bump a version here, run it, look at the diff of VERSIONS, run the e2e tests.
set -euo pipefail

ECHARTS_VERSION=6.1.0
HTMX_VERSION=2.0.11   # htmx 2.x: stable; 4.x changed error swapping and attribute inheritance

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/src/jixiao/web/static/vendor"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
npm pack --silent "echarts@$ECHARTS_VERSION" "htmx.org@$HTMX_VERSION" >/dev/null
mkdir echarts htmx
tar -xzf "echarts-$ECHARTS_VERSION.tgz" -C echarts
tar -xzf "htmx.org-$HTMX_VERSION.tgz" -C htmx

mkdir -p "$OUT"
cp echarts/package/dist/echarts.min.js "$OUT/echarts.min.js"
cp echarts/package/LICENSE "$OUT/echarts.LICENSE.txt"
cp htmx/package/dist/htmx.min.js "$OUT/htmx.min.js"
cp htmx/package/LICENSE "$OUT/htmx.LICENSE.txt"

{
  echo "# Vendored browser libraries (from the npm registry via scripts/vendor-js.sh)"
  echo "# file  package@version  sha256"
  for pair in "echarts.min.js echarts@$ECHARTS_VERSION" "htmx.min.js htmx.org@$HTMX_VERSION"; do
    set -- $pair
    echo "$1  $2  $(sha256sum "$OUT/$1" | cut -d' ' -f1)"
  done
} >"$OUT/VERSIONS"
cat "$OUT/VERSIONS"
