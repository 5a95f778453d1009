__kernel void add_scaled(__global float* out) {
  this is not OpenCL C;
}
