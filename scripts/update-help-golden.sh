#!/usr/bin/env bash
# Rewrites the --help golden files of scenario-runner (Tests/PaddyMethaneTests/Fixtures/help/)
# after an intended change of its options or their help texts; review the diff before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product scenario-runner
bin="$(swift build --show-bin-path)/scenario-runner"
dir=Tests/PaddyMethaneTests/Fixtures/help
mkdir -p "$dir"
"$bin" --help > "$dir/scenario-runner.txt"
for sub in run describe scenarios merge import validate sensitivity calibrate; do "$bin" "$sub" --help > "$dir/$sub.txt"; done
echo "updated $dir"
