package dev.kgen.launch;

/**
 * How many programs a launch runs along each of three axes; a program's coordinates are the
 * kernel's {@code program_id(0..2)}. Each program runs on the specialization's threads per
 * program (a CUDA block, an OpenCL work-group).
 */
public record Grid(int x, int y, int z) {
  public Grid {
    if (x < 1 || y < 1 || z < 1) {
      throw new IllegalArgumentException(
          "grid (" + x + ", " + y + ", " + z + "): every axis needs at least 1 program");
    }
  }

  /** {@code x} programs along axis 0. */
  public static Grid of(int x) {
    return new Grid(x, 1, 1);
  }

  /** {@code x * y} programs over axes 0 and 1. */
  public static Grid of(int x, int y) {
    return new Grid(x, y, 1);
  }

  public static Grid of(int x, int y, int z) {
    return new Grid(x, y, z);
  }

  /** All programs of the launch. */
  public long programs() {
    return (long) x * y * z;
  }

  @Override
  public String toString() {
    return "(" + x + ", " + y + ", " + z + ")";
  }
}
