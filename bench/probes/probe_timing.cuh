// What the standalone probes share: the bench's timing rules, and a paged cache's block table.
#pragma once
#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>
#include <cuda_runtime.h>

// The median of reps calls of launch, each alone between CUDA events after writing flushBytes
// at flush (the L2 flush of triton.testing.do_bench and kgen bench), in microseconds.
template <typename F>
static float medianUs(F launch, char* flush, size_t flushBytes, int reps) {
  std::vector<float> t;
  cudaEvent_t a, b;
  cudaEventCreate(&a);
  cudaEventCreate(&b);
  for (int i = 0; i < reps; ++i) {
    cudaMemsetAsync(flush, i & 0xff, flushBytes);
    cudaEventRecord(a);
    launch();
    cudaEventRecord(b);
    cudaEventSynchronize(b);
    float ms;
    cudaEventElapsedTime(&ms, a, b);
    t.push_back(ms * 1e3f);
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

// The copy bandwidth (read and write bytes) of a device-to-device copy of bytes from src to dst,
// in GB/s, timed as medianUs times it.
static double copyGbps(char* dst, const char* src, size_t bytes, char* flush, size_t flushBytes, int reps) {
  const float us = medianUs([&] { cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToDevice); }, flush, flushBytes, reps);
  return 2.0 * bytes / us / 1e3;
}

// Block numbers 0 to blocks - 1 in a fixed pseudo-random order: a block table whose blocks lie
// scattered over the cache.
static std::vector<int> shuffledBlocks(long long blocks) {
  std::vector<int> h(blocks);
  for (long long i = 0; i < blocks; ++i) h[i] = (int)i;
  unsigned x = 12345;
  for (long long i = blocks - 1; i > 0; --i) {
    x = x * 1664525u + 1013904223u;
    std::swap(h[i], h[(x >> 8) % (i + 1)]);
  }
  return h;
}
