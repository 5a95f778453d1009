#!/usr/bin/env bash
# Builds A (.device/kgen.jar), B (.device/kgen-b.jar) and C (.device/kgen-c.jar, another build's
# kgen classes, packed as make-device-bundle.sh packs kgen-b.jar) on a few cases, alternating
# A, B, C twice, on the configurations of .device/given.json; then, for each of
# PROFILE_VARIANTS, Nsight Compute on PROFILE_CASE (details to $OUT): NCU_COUNT launches of the
# kernels NCU_KERNELS names (default one launch of the partition pass; "regex:paged_attention"
# and 2 take a split call's pass and its reduce). On the GPU machine: OUT=$OUT CASES="llama8b_fp8kv h80_alibi_mha" PROFILE_VARIANTS="a c"
# bash bench/probes/variants.sh (r57).
set -u
J="env LD_PRELOAD=$PWD/.device/jre/lib/libjsig.so .device/jre/bin/java --enable-native-access=ALL-UNNAMED"
export PATH="/usr/local/cuda/bin:$PATH"
CASES=${CASES:-llama8b_fp8kv h80_alibi_mha}
PROFILE_CASE=${PROFILE_CASE:-llama8b_fp8kv}
pick() { # names... -> a cases file
  python3 -c "import json,sys; n=sys.argv[2].split(); json.dump([c for c in json.load(open('.device/anchor/cases.json')) if c['name'] in n], open(sys.argv[1],'w'))" "$@"
}
pick /tmp/variant-cases.json "$CASES"
pick /tmp/profile-case.json "$PROFILE_CASE"
classpath() {
  case $1 in a) echo .device/kgen.jar ;; b) echo .device/kgen-b.jar:.device/kgen.jar ;; c) echo .device/kgen-c.jar:.device/kgen.jar ;; esac
}
for round in 1 2; do
  for v in ${VARIANTS:-a b c}; do
    export KGEN_CACHE_DIR=/tmp/kgen-cache-$v
    echo "== $v round $round"
    $J -cp "$(classpath $v)" dev.kgen.cli.Kgen bench --cases /tmp/variant-cases.json --backend cuda --check \
      --configs-from .device/given.json --json "$OUT/$v$round.json" 2>&1 | grep -v "^WARN" | tail -4
  done
done
for v in ${PROFILE_VARIANTS:-}; do
  export KGEN_CACHE_DIR=/tmp/kgen-cache-$v
  ncu --kernel-name "${NCU_KERNELS:-regex:paged_attention_decode}" --launch-skip 6 --launch-count "${NCU_COUNT:-1}" --section SpeedOfLight \
    --section WarpStateStats --section SourceCounters --section MemoryWorkloadAnalysis -o "/tmp/profile-$v" -f \
    $J -cp "$(classpath $v)" dev.kgen.cli.Kgen bench --cases /tmp/profile-case.json --backend cuda --reps 1 \
    --warmups 3 --configs-from .device/given.json > "/tmp/ncu-$v.log" 2>&1
  ncu -i "/tmp/profile-$v.ncu-rep" --print-details all > "$OUT/prof-$v.txt" 2>&1
done
