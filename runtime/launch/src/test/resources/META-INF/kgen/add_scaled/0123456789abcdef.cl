// out[i] = in[i] * scale + bias for i < n; one program of 64 work-items per 64 elements.
__kernel __attribute__((reqd_work_group_size(64, 1, 1))) void add_scaled(__global float* out, __global const float* in,
    __global const float* unused, int n, float scale, long bias) {
  int i = (int)get_group_id(0) * 64 + (int)get_local_id(0);
  if (i < n) {
    out[i] = in[i] * scale + (float)bias;
  }
}
