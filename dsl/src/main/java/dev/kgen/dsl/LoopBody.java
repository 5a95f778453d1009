package dev.kgen.dsl;

import java.util.List;

/** One iteration of {@link KernelBuilder#forRange}: given the induction variable and the carried tiles, returns their next values. */
@FunctionalInterface
public interface LoopBody {
  List<Tile> step(Tile iv, List<Tile> carried);
}
