#!/usr/bin/env bash
# One build on two configuration sets, alternating A (.device/given.json) and B
# (.device/given-b.json) twice on a few cases; then, with PROFILE_CASE and PROFILE_GIVEN (a kgen
# JSON naming that case's configuration), Nsight Compute on one call of it: NCU_SKIP launches
# skipped (3: the bench's warm-ups of a one-kernel call), NCU_COUNT taken. On the GPU machine:
#   OUT=$OUT CASES=.device/sweep/split-cases.json PROFILE_CASE=.device/sweep/l70-case.json \
#     PROFILE_GIVEN=.device/sweep/l70-merged.json bash bench/probes/configs-ab.sh   (r64)
set -u
J="env LD_PRELOAD=$PWD/.device/jre/lib/libjsig.so .device/jre/bin/java --enable-native-access=ALL-UNNAMED"
export PATH="/usr/local/cuda/bin:$PATH"
for round in 1 2; do
  for v in a b; do
    g=.device/given.json; [ $v = b ] && g=.device/given-b.json
    export KGEN_CACHE_DIR=/tmp/kgen-cache-$v
    echo "== $v round $round"
    $J -jar .device/kgen.jar bench --cases "$CASES" --backend cuda --check \
      --configs-from $g --json "$OUT/$v$round.json" 2>&1 | grep -v "^WARN" | tail -5
  done
done
[ -n "${PROFILE_CASE:-}" ] || exit 0
export KGEN_CACHE_DIR=/tmp/kgen-cache-a
ncu --kernel-name "regex:paged_attention" --launch-skip "${NCU_SKIP:-3}" --launch-count "${NCU_COUNT:-1}" \
  --section SpeedOfLight --section LaunchStats --section Occupancy --section WarpStateStats -o /tmp/profile -f \
  $J -jar .device/kgen.jar bench --cases "$PROFILE_CASE" --backend cuda --reps 1 \
  --warmups 3 --configs-from "$PROFILE_GIVEN" > /tmp/ncu.log 2>&1
ncu -i /tmp/profile.ncu-rep --print-details all > "$OUT/prof-a.txt" 2>&1
grep -E "paged_attention|Duration|Registers Per|Achieved Occupancy" "$OUT/prof-a.txt"
