#!/usr/bin/env bash
# r73: accumulators of one run per thread (TileLayout), A against B (commit c262caf), r69's tuned configurations
set -u
O=$OUT
ALL="llama8b_b64_s2k llama70b_tp8_b128_s4k long_b4_s32k ragged_b96 qwen3next_h256_blk544 llama8b_fp8kv gptoss_sinks_sw128 h80_alibi_mha mixed_prefill25"
OUT=$O/suite STEPS="tests" TEST_CLASSES="dev.kgen.runtime.paged.PagedAttentionCudaTest" bash bench/gpu-run.sh 2>&1 | grep -E "== |tests (successful|failed)|containers failed" | head
mkdir -p $O/ab1 $O/ab2
OUT=$O/ab1 CASES="$ALL" VARIANTS="a b" bash bench/probes/variants.sh 2>&1 | grep -v "^WARN" | grep -E "^==|^[a-z0-9_]+ +[0-9]" | cut -c1-60
J="env LD_PRELOAD=$PWD/.device/jre/lib/libjsig.so .device/jre/bin/java --enable-native-access=ALL-UNNAMED"
mkdir -p /tmp/icd; echo libnvidia-opencl.so.1 > /tmp/icd/nvidia.icd
OCL_ICD_VENDORS=/tmp/icd KGEN_OPENCL_DEVICE=NVIDIA timeout 200 $J -jar .device/junit.jar execute --disable-banner --details=tree \
  -cp ".device/kgen.jar:.device/tests/dsl:.device/tests/codegen:.device/tests/runtime:.device/tests/autotune" \
  --select-class dev.kgen.runtime.paged.PagedAttentionOpenClTest > $O/opencl-suite.log 2>&1
grep -E "tests (successful|failed)|containers failed" $O/opencl-suite.log
OUT=$O/ab2 CASES="$ALL" VARIANTS="b a" bash bench/probes/variants.sh 2>&1 | grep -v "^WARN" | grep -E "^==|^[a-z0-9_]+ +[0-9]" | cut -c1-60
cd $O && tar czf r73.tgz --remove-files $(ls | grep -v r73.tgz)
