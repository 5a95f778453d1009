// Probe: the floor of gptoss_sinks_sw128 (64 sequences x 8 KV heads, head 64, 16-token blocks,
// a 128-token window of a 4,096-token context) under the bench's timing: each call alone between
// CUDA events, the L2 flushed before it, the median of the calls. Every program reads its window's
// K and V exactly as the case lays them out (8 blocks of 2 KiB each, found through a block table)
// and does nothing else but sum them, so the time is memory latency and bandwidth alone. Modes
// differ in the chain of dependent loads before the K and V loads can start:
//   0 empty     : no load at all (the launch and the events)
//   1 table     : block table -> K, V
//   2 seq_len   : seq_len -> block table -> K, V (the window's first block needs the length)
//   3 kgen-r67  : query_start_len -> q -> seq_len -> block table -> K, V (the order kgen's pass had)
//   4 stream    : one contiguous 16 MiB read over the same grid, no table
//   5 stream-4x : the same read over four times the programs (2,048), a quarter of it each
// and, for the yardstick itself, a device-to-device copy of the window's byte count (its read and
// write bytes against the copy bandwidth of 1 GiB).
// Build and run: nvcc -arch=sm_90 -O3 -o /tmp/floor window_floor.cu && /tmp/floor
#include <cstdio>
#include <vector>
#include <cuda_runtime.h>
#include "probe_timing.cuh"

constexpr int kSeqs = 64, kHeads = 8, kThreads = 128, kBlocksPerSeq = 256, kWindowBlocks = 8;
constexpr long long kBlockHeadBytes = 16 * 64 * 2;  // one head of one block: 16 tokens x 64 x bf16
constexpr long long kBlockBytes = kBlockHeadBytes * kHeads;

template <int MODE>
__global__ void __launch_bounds__(kThreads) probe(const uint4* __restrict__ k, const uint4* __restrict__ v,
    const int* __restrict__ table, const int* __restrict__ seqLens, const int* __restrict__ starts,
    const uint4* __restrict__ q, float* __restrict__ out) {
  const int seq = blockIdx.x, head = blockIdx.y, t = threadIdx.x;
  if (MODE == 0) {
    if (t == 0) out[seq * kHeads + head] = 0.0f;
    return;
  }
  unsigned acc = 0;
  if (MODE == 4 || MODE == 5) {
    constexpr int kLoads = MODE == 4 ? 16 : 4;  // 16-byte loads per thread
    const long long program = (long long)blockIdx.z * kSeqs * kHeads + seq * kHeads + head;
    const uint4* p = k + program * kLoads * kThreads;
#pragma unroll
    for (int i = 0; i < kLoads; ++i) { uint4 x = p[i * kThreads + t]; acc += x.x ^ x.y ^ x.z ^ x.w; }
    if (acc == 0x12345678u) out[seq * kHeads + head] = (float)acc;
    return;
  }
  int first = kBlocksPerSeq - kWindowBlocks;
  if (MODE == 3) {
    const int row = starts[seq];                 // the decode row
    const uint4 qv = q[(long long)row * 64 + head * 8 + (t & 7)];
    acc += qv.x;                                 // used, as the pass converts it right away
  }
  if (MODE >= 2) first = seqLens[seq] / 16 - kWindowBlocks + (acc == 0x7fffffff);
  // thread t reads 16 bytes of each of the 16 pieces: the window's 8 blocks of K and of V
  int blocks[kWindowBlocks];
#pragma unroll
  for (int b = 0; b < kWindowBlocks; ++b) blocks[b] = table[seq * kBlocksPerSeq + first + b];
#pragma unroll
  for (int b = 0; b < kWindowBlocks; ++b) {
    const long long base = ((long long)blocks[b] * kBlockBytes + head * kBlockHeadBytes) / 16;
    uint4 x = k[base + t], y = v[base + t];  // 2 KiB = 128 x 16 bytes
    acc += x.x ^ x.y ^ x.z ^ x.w ^ y.x ^ y.y ^ y.z ^ y.w;
  }
  if (acc == 0x12345678u) out[seq * kHeads + head] = (float)acc;
}

int main() {
  const long long blocks = (long long)kSeqs * kBlocksPerSeq;  // every sequence's blocks, shuffled
  const size_t cacheBytes = blocks * kBlockBytes, flushBytes = 256u << 20, copyBytes = 1ull << 30;
  char *k, *v, *flush, *src, *dst; int *table, *lens, *starts; uint4* q; float* out;
  cudaMalloc(&k, cacheBytes); cudaMalloc(&v, cacheBytes); cudaMemset(k, 1, cacheBytes); cudaMemset(v, 2, cacheBytes);
  cudaMalloc(&flush, flushBytes); cudaMalloc(&src, copyBytes); cudaMalloc(&dst, copyBytes);
  const std::vector<int> h = shuffledBlocks(blocks);
  cudaMalloc(&table, blocks * 4); cudaMemcpy(table, h.data(), blocks * 4, cudaMemcpyHostToDevice);
  std::vector<int> hl(kSeqs, kBlocksPerSeq * 16), hs(kSeqs + 1);
  for (int i = 0; i <= kSeqs; ++i) hs[i] = i;
  cudaMalloc(&lens, kSeqs * 4); cudaMemcpy(lens, hl.data(), kSeqs * 4, cudaMemcpyHostToDevice);
  cudaMalloc(&starts, (kSeqs + 1) * 4); cudaMemcpy(starts, hs.data(), (kSeqs + 1) * 4, cudaMemcpyHostToDevice);
  cudaMalloc(&q, kSeqs * 64 * 16); cudaMemset(q, 0, kSeqs * 64 * 16);
  cudaMalloc(&out, kSeqs * kHeads * 4);
  const int reps = 200;
  const double copyGbpsOf1GiB = copyGbps(dst, src, copyBytes, flush, flushBytes, 20);
  const double windowBytes = 17825792.0;  // the bench's bytes inside the window for this case
  printf("copy bandwidth: %.0f GB/s; the window's bytes at that rate: %.2f us\n", copyGbpsOf1GiB, windowBytes / copyGbpsOf1GiB / 1e3);
  const size_t sameBytes = (size_t)windowBytes;
  const double sameGbps = copyGbps(dst, src, sameBytes, flush, flushBytes, reps);
  printf("copy of the window's byte count: %.2f us, %.1f%% of the copy bandwidth\n", 2.0 * sameBytes / sameGbps / 1e3,
         100.0 * sameGbps / copyGbpsOf1GiB);
  dim3 grid(kSeqs, kHeads), wide(kSeqs, kHeads, 4);
  const char* names[] = {"empty", "table", "seq_len", "kgen-r67", "stream", "stream-4x"};
  for (int round = 0; round < 2; ++round) {
    for (int mode = 0; mode < 6; ++mode) {
      auto run = [&] {
        const uint4 *K = (const uint4*)k, *V = (const uint4*)v;
        if (mode == 0) probe<0><<<grid, kThreads>>>(K, V, table, lens, starts, q, out);
        if (mode == 1) probe<1><<<grid, kThreads>>>(K, V, table, lens, starts, q, out);
        if (mode == 2) probe<2><<<grid, kThreads>>>(K, V, table, lens, starts, q, out);
        if (mode == 3) probe<3><<<grid, kThreads>>>(K, V, table, lens, starts, q, out);
        if (mode == 4) probe<4><<<grid, kThreads>>>(K, V, table, lens, starts, q, out);
        if (mode == 5) probe<5><<<wide, kThreads>>>(K, V, table, lens, starts, q, out);
      };
      float us = medianUs(run, flush, flushBytes, reps);
      if (round == 1) printf("%-9s %7.2f us  %5.1f%% of the copy bandwidth on the window's bytes\n", names[mode], us,
                             100.0 * windowBytes / us / 1e3 / copyGbpsOf1GiB);
    }
  }
  printf("%s\n", cudaGetErrorString(cudaGetLastError()));
  return 0;
}
