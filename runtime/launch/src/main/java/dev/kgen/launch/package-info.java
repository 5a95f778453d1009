/**
 * What a program needs at run time to launch kernels generated at build time, and nothing more:
 * a {@link dev.kgen.launch.Device} (OpenCL through JOCL, or CUDA through JCuda) opened with
 * {@link dev.kgen.launch.Devices}, {@link dev.kgen.launch.Buffer}s on it, host conversion of the
 * element types ({@link dev.kgen.launch.ElementType}), and the pieces generated launchers call
 * ({@link dev.kgen.launch.KernelSource}, {@link dev.kgen.launch.LaunchArguments}). The
 * declarations themselves are the annotations of {@link dev.kgen.launch.annotations}.
 */
package dev.kgen.launch;
