package dev.kgen.codegen.jvm;

/**
 * Choices of the Java emitter that change the generated source (and so its cache key), never
 * its results: both settings match the interpreter bit for bit.
 *
 * @param floatForFp32 hold fp32 tiles in {@code float[]} and compute fp32 arithmetic in
 *     {@code float}. Exact: for +, -, *, / and sqrt of fp32 operands, rounding the double
 *     result to float (what the interpreter does) equals the float operation, because double
 *     has more than 2 * 24 + 2 bits of precision. When false, fp32 tiles are {@code double[]}
 *     and every op rounds with {@code (float)}.
 */
public record JavaCodegenOptions(boolean floatForFp32) {
  public static JavaCodegenOptions defaults() {
    return new JavaCodegenOptions(true);
  }

  public JavaCodegenOptions withFloatForFp32(boolean value) {
    return new JavaCodegenOptions(value);
  }
}
