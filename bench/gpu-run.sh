#!/usr/bin/env bash
# One call on the GPU machine (see bench/README.md): the seed's Triton kernel and kgen on the
# public cases in the same session, the copy bandwidth measured by each, and the GPU test
# suites. Logs and JSON go to $OUT. Steps: any subset of
# "smoke tests bench seed opencl opencl-tune opencl-given tune given profile examples".
# "given" runs every case on the configuration GIVEN (an earlier kgen JSON, default
# .device/given.json) gave it, with .device/kgen.jar and then, if the bundle has one,
# .device/kgen-b.jar (another build's kgen classes, run ahead of kgen.jar's libraries on the class
# path): two builds compared like for like in one session; or, without a second
# build, .device/kgen.jar again on the configurations of GIVEN_B: two configurations compared.
set -u
OUT=${OUT:-/tmp/kgen-out}
STEPS=${STEPS:-smoke tests bench seed opencl}
TUNE_BUDGET=${TUNE_BUDGET:-16}
mkdir -p "$OUT"
# libjsig chains signal handlers: native libraries (NVIDIA's OpenCL compiler) that install their own
# SIGSEGV handler otherwise take over the JVM's, and the JVM dies at its next implicit null check
J="env LD_PRELOAD=$PWD/.device/jre/lib/libjsig.so .device/jre/bin/java --enable-native-access=ALL-UNNAMED"
KGEN=".device/kgen.jar"
TCP="$KGEN:.device/tests/dsl:.device/tests/codegen:.device/tests/runtime:.device/tests/autotune"
export KGEN_CACHE_DIR=${KGEN_CACHE_DIR:-/tmp/kgen-cache}
export PATH="/usr/local/cuda/bin:$PATH"
# NVIDIA's OpenCL library is installed but not registered with the ICD loader
mkdir -p /tmp/icd
echo libnvidia-opencl.so.1 > /tmp/icd/nvidia.icd
cp /etc/OpenCL/vendors/*.icd /tmp/icd/ 2>/dev/null
export OCL_ICD_VENDORS=/tmp/icd

step() { case " $STEPS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
# the GPU's state: a hot or power-capped GPU runs slower clocks
gpu_state() {
  nvidia-smi --query-gpu=temperature.gpu,clocks.sm,clocks.mem,power.draw,clocks_event_reasons.active --format=csv,noheader 2>&1
}
run() { # name timeout command...
  local name=$1 limit=$2; shift 2
  local t0=$(date +%s)
  local before=$(gpu_state)
  timeout "$limit" "$@" > "/tmp/$name.log" 2>&1
  local rc=$?
  echo "== $name: exit $rc in $(( $(date +%s) - t0 )) s"
  # the device tool returns at most 8 files: every step's log goes into one
  { echo "===== $name (exit $rc; GPU before: $before; after: $(gpu_state))"
    cat "/tmp/$name.log"; } >> "$OUT/steps.log"
  # a JVM crash leaves hs_err_pid*.log in the working directory: keep its summary
  for f in hs_err_pid*.log; do
    [ -f "$f" ] || continue
    { echo "----- $f"; grep -A40 "^# Problematic frame\|^Current thread\|^Stack:\|^Native frames" "$f" | head -80; } >> "$OUT/steps.log"
    rm -f "$f"
  done
  grep -v "^WARNING\|^\s*at \|^$" "/tmp/$name.log" | tail -n 30
}

{ date -u +"%Y-%m-%dT%H:%M:%SZ"; nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.memory --format=csv; } > "$OUT/gpu.txt" 2>&1
cat "$OUT/gpu.txt"
# the seed first: its numbers are in hand even when a later step runs out of time
step seed && run seed-bench 300 python3 .device/anchor/seed_triton_bench.py --cases .device/anchor/cases.json --check --json "$OUT/seed.json"
step smoke && run devices 60 $J -jar $KGEN devices
step smoke && run cuda-smoke 120 $J -cp $KGEN dev.kgen.runtime.cuda.CudaSmokeMain /tmp/kgen-smoke
# one JVM per test class: the classes together ended in a JVM crash (exit 139) twice, each alone passes
# (TEST_CLASSES: a subset, space-separated)
TEST_CLASSES=${TEST_CLASSES:-dev.kgen.runtime.paged.PagedAttentionCudaTest dev.kgen.runtime.backend.BackendsAgreeTest \
  dev.kgen.runtime.backend.RowKernelsOnBackendsTest dev.kgen.runtime.backend.TransOnBackendsTest \
  dev.kgen.runtime.backend.RowStatisticsOnBackendsTest}
for cls in $TEST_CLASSES; do
  step tests && run "tests-${cls##*.}" 300 $J -jar .device/junit.jar execute --disable-banner --details=flat -cp "$TCP" \
    --select-class "$cls"
done
step tune && run kgen-tune-bench 560 $J -jar $KGEN bench --cases .device/anchor/cases.json --backend cuda --check \
  --tune-budget "$TUNE_BUDGET" --json "$OUT/kgen-tuned.json"
# Nsight Compute on one tuned launch of each case of PROFILE_CASES (names, space-separated; the
# tuning cache of the tune step above, or the configurations of an earlier run with
# PROFILE_ARGS="--configs-from .device/given.json"). One case writes profile-details.txt and
# profile-sass.csv.gz; several write one profile.tar.gz (the device tool returns at most 8 files).
if step profile; then
  cases=${PROFILE_CASES:-${PROFILE_CASE:-llama8b_b64_s2k}}
  rm -rf /tmp/prof && mkdir -p /tmp/prof
  for c in $cases; do
    python3 -c "import json,sys; c=[x for x in json.load(open('.device/anchor/cases.json')) if x['name']=='$c']; json.dump(c, open('/tmp/profile-case.json','w'))"
    run "ncu-$c" 240 ncu --kernel-name regex:paged_attention_decode --launch-skip 3 --launch-count 1 \
      --section SpeedOfLight --section Occupancy --section LaunchStats --section WarpStateStats --section MemoryWorkloadAnalysis \
      --section SchedulerStats --section SourceCounters --print-details all -o "/tmp/prof/$c" -f \
      $J -jar $KGEN bench --cases /tmp/profile-case.json --backend cuda --reps 1 --warmups 3 ${PROFILE_ARGS:-}
    ncu -i "/tmp/prof/$c.ncu-rep" --print-details all > "/tmp/prof/$c-details.txt" 2>&1
    # per SASS instruction: executions, stalls, excess L2 sectors and shared wavefronts
    ncu -i "/tmp/prof/$c.ncu-rep" --page source --print-source sass --csv > "/tmp/prof/$c-sass.csv" 2>&1
    gzip -f "/tmp/prof/$c-sass.csv"
  done
  set -- $cases
  if [ $# -eq 1 ]; then
    cp "/tmp/prof/$1-details.txt" "$OUT/profile-details.txt"
    cp "/tmp/prof/$1-sass.csv.gz" "$OUT/profile-sass.csv.gz"
  else
    tar -C /tmp/prof -czf "$OUT/profile.tar.gz" --exclude='*.ncu-rep' .
  fi
fi
GIVEN=${GIVEN:-.device/given.json}
step given && run kgen-given 300 $J -jar $KGEN bench --cases .device/anchor/cases.json --backend cuda --check \
  --configs-from "$GIVEN" --json "$OUT/kgen-given.json"
# B: the bundle's second build on the same configurations, or this build on GIVEN_B's (default
# .device/given-b.json, e.g. the same configurations with one knob changed)
GIVEN_B=${GIVEN_B:-.device/given-b.json}
if step given && [ -f .device/kgen-b.jar ]; then
  run kgen-given-b 300 $J -cp .device/kgen-b.jar:$KGEN dev.kgen.cli.Kgen bench --cases .device/anchor/cases.json --backend cuda --check \
    --configs-from "$GIVEN" --json "$OUT/kgen-given-b.json"
elif step given && [ -f "$GIVEN_B" ]; then
  run kgen-given-b 300 $J -jar $KGEN bench --cases .device/anchor/cases.json --backend cuda --check \
    --configs-from "$GIVEN_B" --json "$OUT/kgen-given-b.json"
fi
# each of GIVENS (space-separated paths of earlier kgen JSON results): this build on its configurations,
# written to given-1.json, given-2.json, ... (a quick comparison of configuration sets in one session)
i=0
for g in ${GIVENS:-}; do
  i=$((i + 1))
  step given && run "kgen-given-$i" 300 $J -jar $KGEN bench --cases .device/anchor/cases.json --backend cuda --check \
    --configs-from "$g" --json "$OUT/given-$i.json"
done
step bench && run kgen-bench 300 $J -jar $KGEN bench --cases .device/anchor/cases.json --backend cuda --check --json "$OUT/kgen.json"
step opencl && KGEN_OPENCL_DEVICE=NVIDIA run tests-opencl-nvidia 300 $J -jar .device/junit.jar execute --disable-banner \
  --details=tree -cp "$TCP" --select-class dev.kgen.runtime.paged.PagedAttentionOpenClTest
step opencl && run kgen-bench-opencl 200 $J -jar $KGEN bench --cases .device/anchor/cases.json --backend opencl \
  --device NVIDIA --check --json "$OUT/kgen-opencl.json"
# NVIDIA's OpenCL tuned (the PTX dialect unless KGEN_OPENCL_PTX=0), TUNE_BUDGET candidates per case
step opencl-tune && run kgen-tune-bench-opencl 560 $J -jar $KGEN bench --cases .device/anchor/cases.json --backend opencl \
  --device NVIDIA --check --tune-budget "$TUNE_BUDGET" --json "$OUT/kgen-opencl-tuned.json"
# the same A/B on NVIDIA's OpenCL: .device/kgen.jar, then .device/kgen-b.jar if the bundle has one, on the
# configurations of GIVEN_OPENCL (an earlier kgen-opencl-tuned.json)
GIVEN_OPENCL=${GIVEN_OPENCL:-.device/given-opencl.json}
step opencl-given && run kgen-given-opencl 300 $J -jar $KGEN bench --cases .device/anchor/cases.json --backend opencl \
  --device NVIDIA --check --configs-from "$GIVEN_OPENCL" --json "$OUT/kgen-given-opencl.json"
if step opencl-given && [ -f .device/kgen-b.jar ]; then
  run kgen-given-opencl-b 300 $J -cp .device/kgen-b.jar:$KGEN dev.kgen.cli.Kgen bench --cases .device/anchor/cases.json --backend opencl \
    --device NVIDIA --check --configs-from "$GIVEN_OPENCL" --json "$OUT/kgen-given-opencl-b.json"
fi
# every example on CUDA: JIT, build-time launchers (kgen-launch compiles with nvcc here) and tuning
ECP=".device/examples:.device/launch:$KGEN"
for ex in paged.PagedDecodeJit paged.PagedDecodeLaunchers softmax.SoftmaxJit softmax.SoftmaxLaunchers; do
  step examples && run "example-${ex##*.}" 200 $J -cp "$ECP" "dev.kgen.examples.$ex" cuda
done
for ex in paged.PagedDecodeTuning softmax.SoftmaxTuning; do
  step examples && run "example-${ex##*.}" 300 $J -cp "$ECP" "dev.kgen.examples.$ex" cuda /tmp/kgen-example-tuning
done
if [ -f "$OUT/seed.json" ]; then
  for k in kgen kgen-tuned kgen-opencl kgen-opencl-tuned kgen-given kgen-given-b kgen-given-opencl kgen-given-opencl-b \
      given-1 given-2 given-3 given-4; do
    [ -f "$OUT/$k.json" ] && python3 bench/compare.py "$OUT/seed.json" "$OUT/$k.json" | tee -a "$OUT/compare.md"
  done
fi
# A against B: "speedup" is A's time over B's
if [ -f "$OUT/kgen-given.json" ] && [ -f "$OUT/kgen-given-b.json" ]; then
  { echo; echo "A (.device/kgen.jar) against B (.device/kgen-b.jar):"; python3 bench/compare.py "$OUT/kgen-given.json" \
    "$OUT/kgen-given-b.json"; } | tee -a "$OUT/compare.md"
fi
if [ -f "$OUT/kgen-given-opencl.json" ] && [ -f "$OUT/kgen-given-opencl-b.json" ]; then
  { echo; echo "OpenCL, A (.device/kgen.jar) against B (.device/kgen-b.jar):"; python3 bench/compare.py \
    "$OUT/kgen-given-opencl.json" "$OUT/kgen-given-opencl-b.json"; } | tee -a "$OUT/compare.md"
fi
exit 0
