// Probe: codegen/PERFORMANCE.md's plan "iterations without barriers", by hand, on the shape of
// llama8b_fp8kv (64 sequences of 2,048 tokens, 8 KV heads of 128, 4 query heads each padded to
// 16 rows, fp8 e4m3 K and V in 16-token blocks found through a block table). One program of 4
// warps per sequence and KV head; each warp streams every 4th block on its own: its copies
// (cp.async, STAGES deep, waited for by the warp alone), Q x K^T on tensor cores (fp16, K's bytes
// converted as the fragments are read), the online softmax in the score fragments (a row's
// statistics reduced over its quad), P straight from the score fragments into the A fragments of
// P x V, and the accumulator in fragments. The warps merge once, at the end, through shared memory.
// Modes: 0 the kernel above; 1 the same with BARRIERS __syncthreads() per block, where the
// program's warps would meet; 2 the copies alone (the memory floor of this data flow).
// The numbers are times, not results: the output is written but not checked.
// Build and run: nvcc -arch=sm_90 -O3 -o /tmp/wsplit warp_split_fp8.cu && /tmp/wsplit
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>
#include <cuda_fp16.h>
#include <cuda_runtime.h>
#include "probe_timing.cuh"

constexpr int kSeqs = 64, kHeads = 8, kHead = 128, kBlock = 16, kBlocksPerSeq = 128, kWarps = 4;
constexpr int kBlockHeadBytes = kBlock * kHead;  // fp8: 2 KiB of K, 2 KiB of V per block and head
constexpr int kStages = 3, kBarriers = 10;
constexpr int kStageBytes = 2 * kBlockHeadBytes;  // K then V

__device__ __forceinline__ void copy16(uint32_t dst, const void* src) {
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16;" ::"r"(dst), "l"(src) : "memory");
}

// two e4m3 bytes -> f16x2
__device__ __forceinline__ uint32_t e4m3x2(uint16_t v) {
  uint32_t r;
  asm("{ .reg .b16 t; mov.b16 t, %1; cvt.rn.f16x2.e4m3x2 %0, t; }" : "=r"(r) : "h"(v));
  return r;
}

__device__ __forceinline__ void mma(float* c, const uint32_t* a, uint32_t b0, uint32_t b1) {
  asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
               : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
               : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}

__device__ __forceinline__ uint32_t pack(float lo, float hi) {
  __half2 h = __floats2half2_rn(lo, hi);
  return *reinterpret_cast<uint32_t*>(&h);
}

template <int MODE>
__global__ void __launch_bounds__(128, 4) probe(const uint8_t* __restrict__ kc, const uint8_t* __restrict__ vc,
    const int* __restrict__ table, const __half* __restrict__ q, __half* __restrict__ out, float scale) {
  extern __shared__ __align__(16) uint8_t smem[];
  const int seq = blockIdx.x, head = blockIdx.y, warp = threadIdx.x / 32, lane = threadIdx.x % 32;
  uint8_t* mine = smem + warp * kStages * kStageBytes;
  const uint32_t mineAt = (uint32_t)__cvta_generic_to_shared(mine);
  const int* blocks = table + seq * kBlocksPerSeq;
  const int steps = kBlocksPerSeq / kWarps;  // this warp's blocks: warp, warp + 4, ...
  // K block: [8 chunks][16 tokens][16 bytes] -> smem [token][128]; V block: [128][16 tokens] as is
  auto issue = [&](int step) {
    const int b = blocks[step * kWarps + warp];
    const uint8_t* k = kc + ((size_t)b * kHeads + head) * kBlockHeadBytes;
    const uint8_t* v = vc + ((size_t)b * kHeads + head) * kBlockHeadBytes;
    const uint32_t at = mineAt + (step % kStages) * kStageBytes;
#pragma unroll
    for (int i = 0; i < 4; ++i) {  // 128 runs of 16 bytes each for K and for V, 4 per lane
      const int r = i * 32 + lane, chunk = r / 16, token = r % 16;
      copy16(at + token * kHead + chunk * 16, k + r * 16);
      copy16(at + kBlockHeadBytes + r * 16, v + r * 16);
    }
    asm volatile("cp.async.commit_group;" ::: "memory");
  };
  // Q's A fragments for the 8 k-steps of head 128 (rows 0-3 real, the others zero)
  uint32_t qa[8][4];
  const int r0 = lane / 4, c0 = (lane % 4) * 2;
#pragma unroll
  for (int ks = 0; ks < 8; ++ks) {
    const __half* row0 = q + ((size_t)seq * kHeads * 4 + head * 4 + (r0 < 4 ? r0 : 0)) * kHead + ks * 16 + c0;
    qa[ks][0] = r0 < 4 ? *(const uint32_t*)row0 : 0u;
    qa[ks][1] = 0u;
    qa[ks][2] = r0 < 4 ? *(const uint32_t*)(row0 + 8) : 0u;
    qa[ks][3] = 0u;
  }
  float acc[16][4] = {};
  float m[2] = {-INFINITY, -INFINITY}, l[2] = {0.f, 0.f};
  for (int s = 0; s < kStages - 1 && s < steps; ++s) issue(s);
  for (int step = 0; step < steps; ++step) {
    if (step + kStages - 1 < steps) {
      issue(step + kStages - 1);
    } else {
      asm volatile("cp.async.commit_group;" ::: "memory");
    }
    asm volatile("cp.async.wait_group %0;" ::"n"(kStages - 1) : "memory");
    __syncwarp();
    const uint8_t* ks8 = mine + (step % kStages) * kStageBytes;
    const uint8_t* vs8 = ks8 + kBlockHeadBytes;
    if (MODE == 2) {
      acc[0][0] += ks8[lane] + vs8[lane];
      __syncwarp();
      continue;
    }
    // S = Q K^T: 16 rows x 16 tokens, two n-tiles of 8 tokens
    float s[2][4] = {};
#pragma unroll
    for (int nt = 0; nt < 2; ++nt) {
      const uint8_t* krow = ks8 + (nt * 8 + lane / 4) * kHead;
#pragma unroll
      for (int kk = 0; kk < 8; ++kk) {
        const uint32_t b0 = e4m3x2(*(const uint16_t*)(krow + kk * 16 + c0));
        const uint32_t b1 = e4m3x2(*(const uint16_t*)(krow + kk * 16 + 8 + c0));
        mma(s[nt], qa[kk], b0, b1);
      }
    }
    // online softmax in the fragments: rows r0 (c0, c1) and r0 + 8 (c2, c3)
    float mx[2] = {m[0], m[1]};
#pragma unroll
    for (int nt = 0; nt < 2; ++nt) {
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        s[nt][j] *= scale;
        mx[j / 2] = fmaxf(mx[j / 2], s[nt][j]);
      }
    }
#pragma unroll
    for (int h = 0; h < 2; ++h) {
      mx[h] = fmaxf(mx[h], __shfl_xor_sync(0xffffffffu, mx[h], 1));
      mx[h] = fmaxf(mx[h], __shfl_xor_sync(0xffffffffu, mx[h], 2));
    }
    float alpha[2], sum[2] = {0.f, 0.f};
#pragma unroll
    for (int h = 0; h < 2; ++h) alpha[h] = __expf(m[h] - mx[h]);
#pragma unroll
    for (int nt = 0; nt < 2; ++nt) {
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        s[nt][j] = __expf(s[nt][j] - mx[j / 2]);
        sum[j / 2] += s[nt][j];
      }
    }
#pragma unroll
    for (int h = 0; h < 2; ++h) {
      sum[h] += __shfl_xor_sync(0xffffffffu, sum[h], 1);
      sum[h] += __shfl_xor_sync(0xffffffffu, sum[h], 2);
      l[h] = l[h] * alpha[h] + sum[h];
      m[h] = mx[h];
    }
    // P's A fragment (k = the 16 tokens) straight from the score fragments
    const uint32_t pa[4] = {pack(s[0][0], s[0][1]), pack(s[0][2], s[0][3]), pack(s[1][0], s[1][1]), pack(s[1][2], s[1][3])};
    // acc = alpha * acc + P V: 16 n-tiles of 8 head elements
#pragma unroll
    for (int nt = 0; nt < 16; ++nt) {
      acc[nt][0] *= alpha[0];
      acc[nt][1] *= alpha[0];
      acc[nt][2] *= alpha[1];
      acc[nt][3] *= alpha[1];
      const uint8_t* vrow = vs8 + (nt * 8 + lane / 4) * kBlock;
      const uint32_t b0 = e4m3x2(*(const uint16_t*)(vrow + c0));
      const uint32_t b1 = e4m3x2(*(const uint16_t*)(vrow + 8 + c0));
      mma(acc[nt], pa, b0, b1);
    }
    if (MODE == 1) {
#pragma unroll
      for (int i = 0; i < kBarriers; ++i) __syncthreads();
    }
    __syncwarp();  // this stage is refilled by a later issue
  }
  asm volatile("cp.async.wait_group 0;" ::: "memory");
  __syncthreads();
  // the warps' partials, merged once: rows 0-3 are the real query heads
  float* part = reinterpret_cast<float*>(smem);  // [warp][16 rows][128] then m, l
  float* pm = part + kWarps * 16 * kHead;
  float* pl = pm + kWarps * 16;
#pragma unroll
  for (int nt = 0; nt < 16; ++nt) {
    part[(warp * 16 + r0) * kHead + nt * 8 + c0] = acc[nt][0];
    part[(warp * 16 + r0) * kHead + nt * 8 + c0 + 1] = acc[nt][1];
    part[(warp * 16 + r0 + 8) * kHead + nt * 8 + c0] = acc[nt][2];
    part[(warp * 16 + r0 + 8) * kHead + nt * 8 + c0 + 1] = acc[nt][3];
  }
  if (lane % 4 == 0) {
    pm[warp * 16 + r0] = m[0];
    pm[warp * 16 + r0 + 8] = m[1];
    pl[warp * 16 + r0] = l[0];
    pl[warp * 16 + r0 + 8] = l[1];
  }
  __syncthreads();
  for (int e = threadIdx.x; e < 4 * kHead; e += 128) {  // 4 real rows x 128
    const int row = e / kHead, col = e % kHead;
    float mm = -INFINITY;
    for (int w = 0; w < kWarps; ++w) mm = fmaxf(mm, pm[w * 16 + row]);
    float num = 0.f, den = 0.f;
    for (int w = 0; w < kWarps; ++w) {
      const float f = __expf(pm[w * 16 + row] - mm);
      num += f * part[(w * 16 + row) * kHead + col];
      den += f * pl[w * 16 + row];
    }
    out[((size_t)seq * kHeads * 4 + head * 4 + row) * kHead + col] = __float2half(num / den);
  }
}

int main() {
  const long long blocks = (long long)kSeqs * kBlocksPerSeq;
  const size_t cacheBytes = blocks * kHeads * kBlockHeadBytes, flushBytes = 256u << 20, copyBytes = 1ull << 30;
  uint8_t *k, *v;
  char *flush, *src, *dst;
  int* table;
  __half *q, *out;
  cudaMalloc(&k, cacheBytes);
  cudaMalloc(&v, cacheBytes);
  cudaMemset(k, 0x38, cacheBytes);  // e4m3 1.0
  cudaMemset(v, 0x30, cacheBytes);  // e4m3 0.5
  cudaMalloc(&flush, flushBytes);
  cudaMalloc(&src, copyBytes);
  cudaMalloc(&dst, copyBytes);
  const std::vector<int> h = shuffledBlocks(blocks);
  cudaMalloc(&table, blocks * 4);
  cudaMemcpy(table, h.data(), blocks * 4, cudaMemcpyHostToDevice);
  const size_t qElems = (size_t)kSeqs * kHeads * 4 * kHead;
  cudaMalloc(&q, qElems * 2);
  cudaMemset(q, 0, qElems * 2);
  cudaMalloc(&out, qElems * 2);
  const int smemBytes = std::max(kWarps * kStages * kStageBytes, kWarps * 16 * (kHead + 2) * 4);
  cudaFuncSetAttribute(probe<0>, cudaFuncAttributeMaxDynamicSharedMemorySize, smemBytes);
  cudaFuncSetAttribute(probe<1>, cudaFuncAttributeMaxDynamicSharedMemorySize, smemBytes);
  cudaFuncSetAttribute(probe<2>, cudaFuncAttributeMaxDynamicSharedMemorySize, smemBytes);
  const double copyGbpsOf1GiB = copyGbps(dst, src, copyBytes, flush, flushBytes, 20);
  const double bytes = 2.0 * cacheBytes;  // every K and V byte once (q and out are 0.1%)
  printf("copy bandwidth %.0f GB/s; %d bytes of shared memory per program\n", copyGbpsOf1GiB, smemBytes);
  dim3 grid(kSeqs, kHeads);
  const char* names[] = {"warp-split", "warp-split + 10 barriers per block", "copies alone"};
  for (int round = 0; round < 2; ++round) {
    for (int mode = 0; mode < 3; ++mode) {
      auto run = [&] {
        if (mode == 0) probe<0><<<grid, 128, smemBytes>>>(k, v, table, q, out, 0.088f);
        if (mode == 1) probe<1><<<grid, 128, smemBytes>>>(k, v, table, q, out, 0.088f);
        if (mode == 2) probe<2><<<grid, 128, smemBytes>>>(k, v, table, q, out, 0.088f);
      };
      const float us = medianUs(run, flush, flushBytes, 50);
      if (round == 1) printf("%-36s %7.1f us  %5.1f%% of the copy bandwidth\n", names[mode], us, 100.0 * bytes / us / 1e3 / copyGbpsOf1GiB);
    }
  }
  printf("%s\n", cudaGetErrorString(cudaGetLastError()));
  return 0;
}
