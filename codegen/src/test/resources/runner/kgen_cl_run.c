/*
 * Test harness: builds an OpenCL C file on the first OpenCL device (PoCL here) and, given a
 * manifest, runs one kernel over argument buffers read from files, writing chosen buffers back.
 *
 *   kgen_cl_run build <file.cl>
 *   kgen_cl_run run <file.cl> <entry> <manifest>
 *
 * Manifest lines (one argument per "arg" line, in kernel parameter order):
 *   grid X Y Z
 *   local T
 *   arg buf <input file> <output file or ->
 *   arg i32 <decimal> | arg i64 <decimal> | arg f32 <hex bits> | arg f64 <hex bits>
 * Exit status 0 on success; build logs and errors go to stderr.
 */
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(x) do { cl_int err_ = (x); if (err_ != CL_SUCCESS) { fprintf(stderr, "%s failed: %d\n", #x, err_); exit(3); } } while (0)

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

static cl_program build(cl_context ctx, cl_device_id dev, const char *path) {
  size_t len;
  char *src = read_file(path, &len);
  cl_int err;
  cl_program prog = clCreateProgramWithSource(ctx, 1, (const char **)&src, &len, &err);
  CHECK(err);
  err = clBuildProgram(prog, 1, &dev, "-cl-std=CL1.2 -cl-fp32-correctly-rounded-divide-sqrt", NULL, NULL);
  if (err != CL_SUCCESS) {
    size_t log_len;
    clGetProgramBuildInfo(prog, dev, CL_PROGRAM_BUILD_LOG, 0, NULL, &log_len);
    char *log = malloc(log_len + 1);
    clGetProgramBuildInfo(prog, dev, CL_PROGRAM_BUILD_LOG, log_len, log, NULL);
    log[log_len] = 0;
    fprintf(stderr, "build of %s failed (%d):\n%s\n", path, err, log);
    exit(1);
  }
  free(src);
  return prog;
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: kgen_cl_run build <file.cl> | run <file.cl> <entry> <manifest>\n"); return 2; }
  cl_platform_id platform;
  cl_device_id dev;
  CHECK(clGetPlatformIDs(1, &platform, NULL));
  CHECK(clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 1, &dev, NULL));
  cl_int err;
  cl_context ctx = clCreateContext(NULL, 1, &dev, NULL, NULL, &err);
  CHECK(err);
  cl_program prog = build(ctx, dev, argv[2]);
  if (strcmp(argv[1], "build") == 0) return 0;
  if (argc < 5) { fprintf(stderr, "run needs <entry> <manifest>\n"); return 2; }
  cl_kernel kernel = clCreateKernel(prog, argv[3], &err);
  CHECK(err);
  cl_command_queue q = clCreateCommandQueue(ctx, dev, 0, &err);
  CHECK(err);
  FILE *m = fopen(argv[4], "r");
  if (!m) { fprintf(stderr, "cannot open %s\n", argv[4]); return 2; }
  size_t grid[3] = {1, 1, 1}, local = 1;
  cl_mem bufs[64];
  char outs[64][1024];
  size_t sizes[64];
  int nargs = 0;
  char kind[16], a[1024], b[1024];
  char line[4096];
  while (fgets(line, sizeof line, m)) {
    if (sscanf(line, "grid %zu %zu %zu", &grid[0], &grid[1], &grid[2]) == 3) continue;
    if (sscanf(line, "local %zu", &local) == 1) continue;
    int got = sscanf(line, "arg %15s %1023s %1023s", kind, a, b);
    if (got < 2) continue;
    outs[nargs][0] = 0;
    bufs[nargs] = NULL;
    if (strcmp(kind, "buf") == 0) {
      size_t len;
      char *data = read_file(a, &len);
      size_t alloc = len == 0 ? 16 : len;
      bufs[nargs] = clCreateBuffer(ctx, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, alloc, len == 0 ? calloc(1, 16) : data, &err);
      CHECK(err);
      sizes[nargs] = len;
      if (got == 3 && strcmp(b, "-") != 0) strcpy(outs[nargs], b);
      CHECK(clSetKernelArg(kernel, nargs, sizeof(cl_mem), &bufs[nargs]));
      free(data);
    } else if (strcmp(kind, "i32") == 0) {
      cl_int v = (cl_int)strtol(a, NULL, 10);
      CHECK(clSetKernelArg(kernel, nargs, sizeof v, &v));
    } else if (strcmp(kind, "i64") == 0) {
      cl_long v = (cl_long)strtoll(a, NULL, 10);
      CHECK(clSetKernelArg(kernel, nargs, sizeof v, &v));
    } else if (strcmp(kind, "f32") == 0) {
      uint32_t bits = (uint32_t)strtoul(a, NULL, 16);
      cl_float v;
      memcpy(&v, &bits, 4);
      CHECK(clSetKernelArg(kernel, nargs, sizeof v, &v));
    } else if (strcmp(kind, "f64") == 0) {
      uint64_t bits = (uint64_t)strtoull(a, NULL, 16);
      cl_double v;
      memcpy(&v, &bits, 8);
      CHECK(clSetKernelArg(kernel, nargs, sizeof v, &v));
    } else {
      fprintf(stderr, "unknown argument kind %s\n", kind);
      return 2;
    }
    nargs++;
  }
  fclose(m);
  size_t global[3] = {grid[0] * local, grid[1], grid[2]};
  size_t locals[3] = {local, 1, 1};
  CHECK(clEnqueueNDRangeKernel(q, kernel, 3, NULL, global, locals, 0, NULL, NULL));
  CHECK(clFinish(q));
  for (int i = 0; i < nargs; i++) {
    if (!outs[i][0]) continue;
    char *host = malloc(sizes[i] + 1);
    CHECK(clEnqueueReadBuffer(q, bufs[i], CL_TRUE, 0, sizes[i], host, 0, NULL, NULL));
    FILE *o = fopen(outs[i], "wb");
    if (!o) { fprintf(stderr, "cannot write %s\n", outs[i]); return 2; }
    fwrite(host, 1, sizes[i], o);
    fclose(o);
    free(host);
  }
  return 0;
}
