#!/usr/bin/env bash
# On the GPU machine: the copy-order probe's bandwidth, then the L2 requests and sectors of each
# probe mode and of kgen's llama8b_b64_s2k launch (the configuration of .device/given.json).
set -u
export PATH=/usr/local/cuda/bin:$PATH
here=$(dirname "$0")
nvcc -arch=sm_90 -O3 -o /tmp/probe-bin "$here/cp_async_patterns.cu" && /tmp/probe-bin
M=lts__t_requests_srcunit_tex_op_read.sum,lts__t_sectors_srcunit_tex_op_read.sum,lts__t_sector_hit_rate.pct,dram__bytes_read.sum
ncu --metrics $M /tmp/probe-bin 1 2>&1 | grep -E "probe<|lts__|dram__"
[ "${KERNEL:-1}" = 1 ] || exit 0
python3 -c "import json; c=[x for x in json.load(open('.device/anchor/cases.json')) if x['name']=='llama8b_b64_s2k']; json.dump(c, open('/tmp/pc.json','w'))"
J="env LD_PRELOAD=$PWD/.device/jre/lib/libjsig.so .device/jre/bin/java --enable-native-access=ALL-UNNAMED"
ncu --kernel-name regex:paged_attention_decode --launch-skip 3 --launch-count 1 --metrics $M $J -jar .device/kgen.jar \
  bench --cases /tmp/pc.json --backend cuda --reps 1 --warmups 3 --configs-from .device/given.json 2>&1 | grep -E "lts__|dram__|paged_attention"
