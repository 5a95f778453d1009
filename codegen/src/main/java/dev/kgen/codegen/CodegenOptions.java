package dev.kgen.codegen;

/**
 * How a kernel is mapped onto the hardware: {@code threadsPerProgram} threads run one program
 * instance (a CUDA thread block, an OpenCL work-group), each thread owns runs of up to
 * {@code vectorWidth} consecutive elements of every tile, and tiles copied asynchronously into
 * shared memory (CUDA) have {@code copyStages} buffers each: with 2, a loop starts the copies of
 * its next iteration before it computes on the current one's.
 *
 * @param threadsPerProgram a power of two from 32 to 1024
 * @param vectorWidth 1, 2, 4 or 8
 * @param copyStages 1 or 2
 */
public record CodegenOptions(int threadsPerProgram, int vectorWidth, int copyStages) {
  /** 128 threads per program, runs of 4 elements, one copy stage. */
  public static final CodegenOptions DEFAULT = new CodegenOptions(128, 4);

  public CodegenOptions {
    if (threadsPerProgram < 32 || threadsPerProgram > 1024 || Integer.bitCount(threadsPerProgram) != 1) {
      throw new IllegalArgumentException("threadsPerProgram must be a power of two from 32 to 1024, got "
          + threadsPerProgram);
    }
    if (vectorWidth != 1 && vectorWidth != 2 && vectorWidth != 4 && vectorWidth != 8) {
      throw new IllegalArgumentException("vectorWidth must be 1, 2, 4 or 8, got " + vectorWidth);
    }
    if (copyStages != 1 && copyStages != 2) {
      throw new IllegalArgumentException("copyStages must be 1 or 2, got " + copyStages);
    }
  }

  /** One copy stage. */
  public CodegenOptions(int threadsPerProgram, int vectorWidth) {
    this(threadsPerProgram, vectorWidth, 1);
  }

  public static CodegenOptions defaults() {
    return DEFAULT;
  }

  public CodegenOptions withThreadsPerProgram(int threads) {
    return new CodegenOptions(threads, vectorWidth, copyStages);
  }

  public CodegenOptions withVectorWidth(int width) {
    return new CodegenOptions(threadsPerProgram, width, copyStages);
  }

  public CodegenOptions withCopyStages(int stages) {
    return new CodegenOptions(threadsPerProgram, vectorWidth, stages);
  }
}
