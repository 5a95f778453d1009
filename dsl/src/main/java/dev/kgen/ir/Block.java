package dev.kgen.ir;

import java.util.List;

/** A straight-line list of ops; the body of a kernel, loop or branch. */
public record Block(List<Op> ops) {
  public Block {
    ops = List.copyOf(ops);
  }
}
