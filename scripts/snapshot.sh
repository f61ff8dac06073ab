#!/usr/bin/env bash
# Build a fixed set of designs into DIR, for byte-for-byte comparison before and after a change:
#   scripts/snapshot.sh /tmp/before   (on the old code)
#   scripts/snapshot.sh /tmp/after    (on the new code)
#   diff -r /tmp/before /tmp/after && echo identical
# Covers the six presets and variants that reach the optional paths (pivot screws, houses,
# plate sets, the transparent rete, kerf, sheets, PNG, south), and a simulate/reduce run.
set -euo pipefail
out=${1:?usage: scripts/snapshot.sh DIR}
rm -rf "$out"
mkdir -p "$out"
b() { local name=$1; shift; astrofab build --epoch 2026 --out "$out/$name" "$@" >/dev/null; }
for p in modern chaucer paper-a4 acrylic-200 plywood-300 southern; do
    b "preset-$p" --preset "$p"
done
b lat38 --lat 38.9
b pivot632 --lat 38.9 --pivot 6-32 --diameter 150
b houses --lat 51.75 --houses --twilight civil,nautical,astronomical
b plates --lat 40 --plates 30:50:10 --rete transparent --mirror-engrave
b south --lat -33.87 --style classic --kerf 0.2 --sheet 600x400
b png --lat 0 --diameter 100 --formats svg,png
b polar --lat 89.9 --diameter 120 --paper letter
astrofab simulate --out "$out/sim.csv" --truth "$out/truth.csv" --sessions 120 --seed 3 >/dev/null
astrofab reduce "$out/sim.csv" --out "$out/reduced" --no-png >/dev/null
echo "snapshot written to $out"
