#!/usr/bin/env bash
# r71: copies of a padded head hold only what the products read (codegen/PERFORMANCE.md step 53)
set -u
O=$OUT
OUT=$O CASES="h80_alibi_mha llama8b_b64_s2k" VARIANTS="a b" bash bench/probes/variants.sh 2>&1 | grep -v "^WARN" | cut -c1-150
mkdir -p $O/sweep
OUT=$O/sweep CASES=.device/sweep/r71-cases.json GIVEN=.device/sweep/r71-given.json bash bench/probes/config-sweep.sh 2>&1 | grep "_c0" | cut -c1-170
OUT=$O/suite STEPS="tests opencl" TEST_CLASSES="dev.kgen.runtime.paged.PagedAttentionCudaTest" bash bench/gpu-run.sh 2>&1 | grep -E "== |tests (successful|failed)|containers failed" | head -20
cd $OUT && tar czf r71.tgz --remove-files $(ls | grep -v r71.tgz)
