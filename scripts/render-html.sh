#!/usr/bin/env bash
# Renders an HTML report (scenario-runner --html) to PNG in headless Chromium, to look at it as
# a reader would: scripts/render-html.sh REPORT.html OUT.png [WIDTH [HEIGHT]] (pixels; the
# default 1100 × 6000 holds the whole page of the example; the page fetches nothing).
# Installs Chromium when it is missing (Debian/Ubuntu).
set -euo pipefail
if [ "$#" -lt 2 ]; then echo "usage: $0 REPORT.html OUT.png [WIDTH [HEIGHT]]" >&2; exit 64; fi
in="$(realpath "$1")"
out="$(realpath -m "$2")"
width="${3:-1100}"
height="${4:-6000}"
command -v chromium >/dev/null 2>&1 || "$(dirname "$0")/ensure-system-packages.sh" chromium
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
sandbox=()
[ "$(id -u)" -eq 0 ] && sandbox=(--no-sandbox)
chromium --headless --disable-gpu "${sandbox[@]}" --user-data-dir="$profile" --hide-scrollbars \
    --no-first-run --disable-extensions --disable-background-networking \
    --window-size="$width,$height" --screenshot="$out" "file://$in" >/dev/null 2>&1
[ -s "$out" ] || { echo "$0: chromium wrote no image to $out" >&2; exit 1; }
echo "$out"
