package dev.kgen.autotune;

import java.util.List;

/** Every configuration of a space, split into the legal ones and those a constraint pruned. */
public record SpaceEnumeration(List<Configuration> legal, List<PrunedConfiguration> pruned) {
  public SpaceEnumeration {
    legal = List.copyOf(legal);
    pruned = List.copyOf(pruned);
  }

  public int total() {
    return legal.size() + pruned.size();
  }
}
