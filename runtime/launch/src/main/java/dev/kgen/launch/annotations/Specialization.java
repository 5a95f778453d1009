package dev.kgen.launch.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One specialization of a {@link KgenKernel}: a name, which becomes the launcher method's name,
 * and a value for every constexpr the kernel declares (those with defaults may be left out).
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({})
public @interface Specialization {
  /** The launcher method's name: a Java identifier, unique within the kernel's launcher. */
  String name();

  /**
   * {@code NAME=value} per constexpr: an integer for int constexprs ({@code BLOCK_N=1024}),
   * {@code true} or {@code false} for bool ones, a dtype's IR name for dtype ones ({@code
   * DTYPE=bf16}; one of i1, i32, i64, fp8e4m3, fp8e5m2, fp16, bf16, fp32, fp64).
   */
  String[] constexprs();

  /** Threads per program (CUDA block, OpenCL work-group): a power of two from 32 to 1024. */
  int threadsPerProgram() default 128;

  /** Consecutive elements each thread owns: 1, 2, 4 or 8. */
  int vectorWidth() default 4;
}
