// The OpenCL builtins kgen's kernels call, as NVVM intrinsics and libdevice functions, so that
// clang's PTX of them assembles with ptxas (NVIDIA's OpenCL compiler resolves them itself).
// Test-only: NvidiaOpenClEmitterTest includes it after clang's OpenCL header.
#define get_local_id(i) ((size_t)__nvvm_read_ptx_sreg_tid_x())
#define get_group_id(i) ((size_t)((i) == 0 ? __nvvm_read_ptx_sreg_ctaid_x() : (i) == 1 ? __nvvm_read_ptx_sreg_ctaid_y() : __nvvm_read_ptx_sreg_ctaid_z()))
#define get_num_groups(i) ((size_t)((i) == 0 ? __nvvm_read_ptx_sreg_nctaid_x() : (i) == 1 ? __nvvm_read_ptx_sreg_nctaid_y() : __nvvm_read_ptx_sreg_nctaid_z()))
#define barrier(f) __nvvm_bar_sync(0)
float __nv_expf(float);
#define exp(x) __nv_expf(x)
#define fma(a, b, c) __builtin_fmaf(a, b, c)
#define fabs(x) __builtin_fabsf(x)
#define rint(x) __builtin_rintf(x)
#define copysign(x, y) __builtin_copysignf(x, y)
#define max(a, b) ((a) > (b) ? (a) : (b))
#define min(a, b) ((a) < (b) ? (a) : (b))
