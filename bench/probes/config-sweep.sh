#!/usr/bin/env bash
# One case under several configurations on the GPU machine, CUDA and NVIDIA's OpenCL in one call:
#   OUT=$OUT CASES=.device/sweep/gptoss-cases.json GIVEN=.device/sweep/gptoss-given.json \
#     UNTUNED=.device/sweep/qwen-case.json bash bench/probes/config-sweep.sh
# CASES holds copies of one case under different names; GIVEN maps each name to a configuration
# (the JSON of kgen bench --json: rows of name and config). UNTUNED (optional) is a case file run
# on the default configuration. BACKENDS (default "cuda opencl") picks the dialects. Results go
# to $OUT/sweep-<backend>.json and $OUT/untuned-<backend>.json.
set -u
OUT=${OUT:-/tmp/kgen-out}
mkdir -p "$OUT"
J="env LD_PRELOAD=$PWD/.device/jre/lib/libjsig.so .device/jre/bin/java --enable-native-access=ALL-UNNAMED"
export KGEN_CACHE_DIR=${KGEN_CACHE_DIR:-/tmp/kgen-cache-sweep}
mkdir -p /tmp/icd
echo libnvidia-opencl.so.1 > /tmp/icd/nvidia.icd
export OCL_ICD_VENDORS=/tmp/icd
nvidia-smi --query-gpu=name,driver_version,temperature.gpu,clocks.sm,clocks.mem --format=csv > "$OUT/gpu.txt" 2>&1
for b in ${BACKENDS:-cuda opencl}; do
  dev=""; [ "$b" = opencl ] && dev="--device NVIDIA"
  timeout 240 $J -jar .device/kgen.jar bench --cases "$CASES" --backend $b $dev --check --configs-from "$GIVEN" \
    --json "$OUT/sweep-$b.json" 2>&1 | grep -v "^WARNING" | tee -a "$OUT/sweep.log"
  [ -n "${UNTUNED:-}" ] && timeout 200 $J -jar .device/kgen.jar bench --cases "$UNTUNED" --backend $b $dev --check \
    --untuned --json "$OUT/untuned-$b.json" 2>&1 | grep -v "^WARNING" | tee -a "$OUT/sweep.log"
done
exit 0
