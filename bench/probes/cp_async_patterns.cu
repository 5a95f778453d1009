// Probe: how the order in which a block's threads issue 16-byte cp.async copies of paged K and V
// blocks affects L2 sectors and bandwidth on sm_90. Each program copies 32 tokens of one head
// (two 16-token blocks of a [block][head][...] cache, 4 KiB each) into shared memory, 8 copies
// of 16 bytes per thread of 64 threads, over a cache much larger than L2, and discards them.
// Modes (the element run each thread copies in its k-th copy, t = threadIdx.x):
//   0 linear : run k*64 + t of the two blocks' 8 KiB
//   1 v-rows : V [head][16 tokens]: row k*16 + t/4, token group t%4 (the kgen mapping)
//   2 k-rows : K [head/8][16 tokens][8]: token k*4 + t/16, chunk t%16 (the kgen mapping)
//   3 k-cols : K, consecutive threads on consecutive tokens: token t%32, chunk k*2 + t/32
//   4 k-cols with the source size in a register (kgen's zero-filling form), 5 linear with it
// and where the copies land in shared memory (0-5: thread after thread, 16 bytes apart):
//   6 k-cols into kgen's [token][head + 8] rows (272 bytes apart)
//   7 linear into rows of 32 bytes padded to 48 (V's blocks with padded rows)
//   8 linear with 16 bytes of padding after every 256
//   9 linear with 16 bytes of padding after every 128
//  10 linear into kgen's [head][32 tokens + 8] rows of V (a block's row at 80-byte steps)
// Build and run: nvcc -arch=sm_90 -O3 -o /tmp/probe-bin cp_async_patterns.cu && /tmp/probe-bin
// Sectors: ncu --metrics lts__t_sectors_srcunit_tex_op_read.sum,lts__t_requests_srcunit_tex_op_read.sum /tmp/probe-bin 1
#include <cstdio>
#include <cstdlib>
#include <cuda_runtime.h>

__device__ __forceinline__ void copy16(void* dst, const void* src) {
  unsigned s = (unsigned)__cvta_generic_to_shared(dst);
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16;" :: "r"(s), "l"(src));
}

// the zero-filling form kgen emits: a source size of 16 or 0 bytes in a register
__device__ __forceinline__ void copy16Sized(void* dst, const void* src, bool full) {
  unsigned s = (unsigned)__cvta_generic_to_shared(dst);
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;" :: "r"(s), "l"(src), "r"(full ? 16 : 0));
}

template <int MODE>
__global__ void __launch_bounds__(64) probe(const char* __restrict__ cache, const int* __restrict__ table, int tiles,
                                            long long blockBytes, int* sink) {
  __shared__ __align__(16) char buf[12800];
  const int t = threadIdx.x;
  for (int j = 0; j < tiles; ++j) {
    const int b0 = table[(blockIdx.x * tiles + j) * 2], b1 = table[(blockIdx.x * tiles + j) * 2 + 1];
    const char* p0 = cache + b0 * blockBytes;
    const char* p1 = cache + b1 * blockBytes;
#pragma unroll
    for (int k = 0; k < 8; ++k) {
      int block, off;  // which of the two blocks, byte offset in it
      if (MODE == 0) { int r = k * 64 + t; block = r / 256; off = (r % 256) * 16; }
      if (MODE == 1) { int row = k * 16 + t / 4, g = t % 4; block = g / 2; off = row * 32 + (g % 2) * 16; }
      if (MODE == 2) { int tok = k * 4 + t / 16, c = t % 16; block = tok / 16; off = c * 256 + (tok % 16) * 16; }
      if (MODE == 3 || MODE == 4 || MODE == 6) { int tok = t % 32, c = k * 2 + t / 32; block = tok / 16; off = c * 256 + (tok % 16) * 16; }
      if (MODE == 5 || MODE >= 7) { int r = k * 64 + t; block = r / 256; off = (r % 256) * 16; }
      const int q = k * 64 + t;  // the run in the tile's 8 KiB
      int dst = q * 16;
      if (MODE == 6) dst = (t % 32) * 272 + (k * 2 + t / 32) * 16;
      if (MODE == 7) dst = q / 2 * 48 + q % 2 * 16;
      if (MODE == 8) dst = q * 16 + q / 16 * 16;
      if (MODE == 9) dst = q * 16 + q / 8 * 16;
      if (MODE == 10) dst = (q % 256) / 2 * 80 + (q / 256 * 2 + q % 2) * 16;
      if (MODE == 4 || MODE == 5) {
        copy16Sized(buf + dst, (block ? p1 : p0) + off, t < 64);
      } else {
        copy16(buf + dst, (block ? p1 : p0) + off);
      }
    }
    asm volatile("cp.async.commit_group;\ncp.async.wait_group 0;" ::: "memory");
    __syncthreads();
  }
  if (buf[t] == 123 && t == 999) sink[0] = 1;
}

int main(int argc, char** argv) {
  const int iters = argc > 1 ? atoi(argv[1]) : 20, reps = argc > 1 ? 1 : 2;  // under ncu: one launch per mode
  const long long blockBytes = 4096, blocks = 1 << 18;  // 1 GiB of blocks
  const int programs = 512, tiles = 64;                  // 64 * 2 blocks per program: 512 MiB read
  char* cache; int* table; int* sink;
  cudaMalloc(&cache, blockBytes * blocks);
  cudaMemset(cache, 1, blockBytes * blocks);
  int n = programs * tiles * 2;
  int* h = new int[n];
  unsigned x = 12345;
  for (int i = 0; i < n; ++i) { x = x * 1664525u + 1013904223u; h[i] = (x >> 8) % blocks; }
  cudaMalloc(&table, n * 4); cudaMemcpy(table, h, n * 4, cudaMemcpyHostToDevice);
  cudaMalloc(&sink, 4);
  const char* names[] = {"linear", "v-rows", "k-rows", "k-cols", "k-cols-sized", "linear-sized", "k-cols-to-rows",
                         "linear-to-48", "linear-pad256", "linear-pad128", "linear-to-v-rows"};
  for (int rep = 0; rep < reps; ++rep)
  for (int mode = 0; mode < 11; ++mode) {
    cudaEvent_t a, b; cudaEventCreate(&a); cudaEventCreate(&b);
    float best = 1e9;
    for (int it = 0; it < iters; ++it) {
      cudaEventRecord(a);
      if (mode == 0) probe<0><<<programs, 64>>>(cache, table, tiles, blockBytes, sink);
      if (mode == 1) probe<1><<<programs, 64>>>(cache, table, tiles, blockBytes, sink);
      if (mode == 2) probe<2><<<programs, 64>>>(cache, table, tiles, blockBytes, sink);
      if (mode == 3) probe<3><<<programs, 64>>>(cache, table, tiles, blockBytes, sink);
      if (mode == 4) probe<4><<<programs, 64>>>(cache, table, tiles, blockBytes, sink);
      if (mode == 5) probe<5><<<programs, 64>>>(cache, table, tiles, blockBytes, sink);
      if (mode == 6) probe<6><<<programs, 64>>>(cache, table, tiles, blockBytes, sink);
      if (mode == 7) probe<7><<<programs, 64>>>(cache, table, tiles, blockBytes, sink);
      if (mode == 8) probe<8><<<programs, 64>>>(cache, table, tiles, blockBytes, sink);
      if (mode == 9) probe<9><<<programs, 64>>>(cache, table, tiles, blockBytes, sink);
      if (mode == 10) probe<10><<<programs, 64>>>(cache, table, tiles, blockBytes, sink);
      cudaEventRecord(b); cudaEventSynchronize(b);
      float ms; cudaEventElapsedTime(&ms, a, b); if (ms < best) best = ms;
    }
    double bytes = (double)programs * tiles * 2 * blockBytes;
    if (rep == reps - 1) printf("%-15s %8.1f us  %7.0f GB/s\n", names[mode], best * 1e3, bytes / best / 1e6);
  }
  printf("%s\n", cudaGetErrorString(cudaGetLastError()));
  return 0;
}
