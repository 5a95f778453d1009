/*
 * Test harness: loads a PTX or cubin module through the CUDA driver API (libcuda.so.1, opened
 * at run time, so it builds without a CUDA installation) and runs one kernel as described by a
 * manifest in the format of kgen_cl_run.c:
 *
 *   kgen_cuda_run <module.ptx|module.cubin> <entry> <manifest>
 *
 * The manifest's "local" is the block size; its scalar kinds pass int, long long, float, double.
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int CUresult;
typedef int CUdevice;
typedef void *CUcontext;
typedef void *CUmodule;
typedef void *CUfunction;
typedef unsigned long long CUdeviceptr;

static CUresult (*cuInit)(unsigned);
static CUresult (*cuDeviceGet)(CUdevice *, int);
static CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *, CUdevice);
static CUresult (*cuCtxSetCurrent)(CUcontext);
static CUresult (*cuModuleLoadDataEx)(CUmodule *, const void *, unsigned, int *, void **);
static CUresult (*cuModuleGetFunction)(CUfunction *, CUmodule, const char *);
static CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);
static CUresult (*cuMemcpyHtoD)(CUdeviceptr, const void *, size_t);
static CUresult (*cuMemcpyDtoH)(void *, CUdeviceptr, size_t);
static CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned,
                                  void *, void **, void **);
static CUresult (*cuCtxSynchronize)(void);
static CUresult (*cuGetErrorString)(CUresult, const char **);

#define CHECK(x) do { CUresult r_ = (x); if (r_ != 0) { const char *s_ = "?"; if (cuGetErrorString) cuGetErrorString(r_, &s_); \
  fprintf(stderr, "%s failed: %d %s\n", #x, r_, s_); exit(3); } } while (0)

static void *sym(void *lib, const char *name) {
  void *p = dlsym(lib, name);
  if (!p) { fprintf(stderr, "libcuda has no %s\n", name); exit(4); }
  return p;
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) { fprintf(stderr, "cannot open %s\n", path); exit(2); }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc(n + 1);
  if (n > 0 && fread(buf, 1, n, f) != (size_t)n) { fprintf(stderr, "cannot read %s\n", path); exit(2); }
  buf[n] = 0;
  fclose(f);
  *len = (size_t)n;
  return buf;
}

int main(int argc, char **argv) {
  if (argc < 4) { fprintf(stderr, "usage: kgen_cuda_run <module> <entry> <manifest>\n"); return 2; }
  void *lib = dlopen("libcuda.so.1", RTLD_NOW);
  if (!lib) { fprintf(stderr, "cannot load libcuda.so.1: %s\n", dlerror()); return 4; }
  cuInit = sym(lib, "cuInit");
  cuDeviceGet = sym(lib, "cuDeviceGet");
  cuDevicePrimaryCtxRetain = sym(lib, "cuDevicePrimaryCtxRetain");
  cuCtxSetCurrent = sym(lib, "cuCtxSetCurrent");
  cuModuleLoadDataEx = sym(lib, "cuModuleLoadDataEx");
  cuModuleGetFunction = sym(lib, "cuModuleGetFunction");
  cuMemAlloc = sym(lib, "cuMemAlloc_v2");
  cuMemcpyHtoD = sym(lib, "cuMemcpyHtoD_v2");
  cuMemcpyDtoH = sym(lib, "cuMemcpyDtoH_v2");
  cuLaunchKernel = sym(lib, "cuLaunchKernel");
  cuCtxSynchronize = sym(lib, "cuCtxSynchronize");
  cuGetErrorString = sym(lib, "cuGetErrorString");
  CUdevice dev;
  CUcontext ctx;
  CHECK(cuInit(0));
  CHECK(cuDeviceGet(&dev, 0));
  CHECK(cuDevicePrimaryCtxRetain(&ctx, dev));
  CHECK(cuCtxSetCurrent(ctx));
  size_t mlen;
  char *image = read_file(argv[1], &mlen);
  CUmodule mod;
  CHECK(cuModuleLoadDataEx(&mod, image, 0, NULL, NULL));
  CUfunction fn;
  CHECK(cuModuleGetFunction(&fn, mod, argv[2]));
  FILE *m = fopen(argv[3], "r");
  if (!m) { fprintf(stderr, "cannot open %s\n", argv[3]); return 2; }
  unsigned grid[3] = {1, 1, 1}, local = 1;
  CUdeviceptr bufs[64];
  char outs[64][1024];
  size_t sizes[64];
  void *params[64];
  int nargs = 0;
  char kind[16], a[1024], b[1024], line[4096];
  while (fgets(line, sizeof line, m)) {
    if (sscanf(line, "grid %u %u %u", &grid[0], &grid[1], &grid[2]) == 3) continue;
    if (sscanf(line, "local %u", &local) == 1) continue;
    int got = sscanf(line, "arg %15s %1023s %1023s", kind, a, b);
    if (got < 2) continue;
    outs[nargs][0] = 0;
    if (strcmp(kind, "buf") == 0) {
      size_t len;
      char *data = read_file(a, &len);
      CHECK(cuMemAlloc(&bufs[nargs], len == 0 ? 16 : len));
      if (len > 0) CHECK(cuMemcpyHtoD(bufs[nargs], data, len));
      sizes[nargs] = len;
      if (got == 3 && strcmp(b, "-") != 0) strcpy(outs[nargs], b);
      params[nargs] = &bufs[nargs];
      free(data);
    } else if (strcmp(kind, "i32") == 0) {
      int *v = malloc(sizeof *v);
      *v = (int)strtol(a, NULL, 10);
      params[nargs] = v;
    } else if (strcmp(kind, "i64") == 0) {
      long long *v = malloc(sizeof *v);
      *v = strtoll(a, NULL, 10);
      params[nargs] = v;
    } else if (strcmp(kind, "f32") == 0) {
      uint32_t *v = malloc(sizeof *v);
      *v = (uint32_t)strtoul(a, NULL, 16);
      params[nargs] = v;
    } else if (strcmp(kind, "f64") == 0) {
      uint64_t *v = malloc(sizeof *v);
      *v = (uint64_t)strtoull(a, NULL, 16);
      params[nargs] = v;
    } else {
      fprintf(stderr, "unknown argument kind %s\n", kind);
      return 2;
    }
    nargs++;
  }
  fclose(m);
  CHECK(cuLaunchKernel(fn, grid[0], grid[1], grid[2], local, 1, 1, 0, NULL, params, NULL));
  CHECK(cuCtxSynchronize());
  for (int i = 0; i < nargs; i++) {
    if (!outs[i][0]) continue;
    char *host = malloc(sizes[i] + 1);
    if (sizes[i] > 0) CHECK(cuMemcpyDtoH(host, bufs[i], sizes[i]));
    FILE *o = fopen(outs[i], "wb");
    if (!o) { fprintf(stderr, "cannot write %s\n", outs[i]); return 2; }
    fwrite(host, 1, sizes[i], o);
    fclose(o);
    free(host);
  }
  return 0;
}
