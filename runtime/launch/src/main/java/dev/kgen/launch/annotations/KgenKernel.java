package dev.kgen.launch.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares, on any class or package of a user's project, the specializations of one DSL kernel
 * that the project ships. At build time the kgen annotation processor ({@code
 * dev.kgen:kgen-processor} on the compiler's annotation processor path) specializes the kernel
 * on each declared set of constexprs and generates
 *
 * <ul>
 *   <li>the CUDA and OpenCL sources as resources {@code META-INF/kgen/<kernel>/<hash>.cu} and
 *       {@code .cl}, with a manifest {@code <hash>.properties} (entry point, threads per
 *       program, constexprs, parameters);
 *   <li>a launcher class in the annotated element's package with one method per
 *       specialization, whose parameters are the kernel's run-time arguments.
 * </ul>
 *
 * <pre>{@code
 * @KgenKernel(
 *     kernel = "dev.kgen.kernels.norm.SoftmaxKernel.DEF",
 *     specializations = @Specialization(name = "bf16Wide", constexprs = {"DTYPE=bf16", "BLOCK_N=1024"}))
 * final class ShippedKernels {}
 * }</pre>
 *
 * <p>The kernel's class must be on the annotation processor path, not on the project's class
 * path: the program that runs the launchers needs only {@code kgen-launch}.
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target({ElementType.TYPE, ElementType.PACKAGE})
@Repeatable(KgenKernels.class)
public @interface KgenKernel {
  /**
   * The {@code KernelDef} to specialize, as the fully qualified name of a static field, e.g.
   * {@code "dev.kgen.kernels.norm.SoftmaxKernel.DEF"}.
   */
  String kernel();

  /**
   * The simple name of the generated launcher class; by default the kernel's name in camel
   * case followed by {@code Launcher}, e.g. {@code RowSoftmaxLauncher} for {@code row_softmax}.
   */
  String launcher() default "";

  /** The specializations to ship; at least one. */
  Specialization[] specializations();
}
