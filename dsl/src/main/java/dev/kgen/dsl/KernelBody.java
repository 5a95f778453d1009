package dev.kgen.dsl;

/**
 * The body of a DSL kernel: Java code that runs once per specialization with the constexprs
 * bound, building the IR through the {@link KernelBuilder}. Plain Java {@code if} on a
 * constexpr is a compile-time branch: the branch not taken never reaches the IR.
 */
@FunctionalInterface
public interface KernelBody {
  void build(KernelBuilder k);
}
