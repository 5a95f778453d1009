package dev.kgen.autotune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The parameters of a kernel's tuning and the constraints a configuration must meet. The space is
 * the product of the parameters' candidates (the last parameter varies fastest); constraints
 * prune it, and each pruned configuration keeps the reason of the first constraint it breaks.
 */
public final class TuningSpace {
  /** Spaces larger than this are sampled, never listed. */
  public static final long MAX_ENUMERABLE = 1L << 22;

  private final List<TuningParameter> parameters;
  private final Map<String, TuningParameter> byName;
  private final List<Constraint> constraints;
  private final long size;
  private final Configuration defaultConfiguration;
  private final Configuration explicitDefault;
  private final List<Configuration> suggestions;

  private TuningSpace(Builder builder) {
    Map<String, TuningParameter> named = new LinkedHashMap<>();
    for (TuningParameter p : builder.parameters) {
      if (named.put(p.name(), p) != null) {
        throw new IllegalArgumentException(
            "tuning space declares parameter " + p.name() + " twice; declare each once");
      }
    }
    this.parameters = List.copyOf(builder.parameters);
    this.byName = Map.copyOf(named);
    this.constraints = List.copyOf(builder.constraints);
    long product = 1;
    for (TuningParameter p : parameters) {
      try {
        product = Math.multiplyExact(product, p.size());
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(
            "tuning space over " + named.keySet() + " has more than 2^63 configurations; "
                + "split it or give fewer candidates");
      }
    }
    this.size = product;
    this.explicitDefault = builder.defaultConfiguration;
    this.defaultConfiguration = chooseDefault(explicitDefault);
    builder.suggestions.forEach(this::requireMember);
    this.suggestions = List.copyOf(builder.suggestions);
  }

  private Configuration chooseDefault(Configuration explicit) {
    Configuration chosen;
    String origin;
    if (explicit != null) {
      requireMember(explicit);
      chosen = explicit;
      origin = "defaultConfiguration(...)";
    } else {
      Configuration.Builder b = Configuration.builder();
      parameters.forEach(p -> b.set(p.name(), p.defaultValue()));
      chosen = b.build();
      origin = "the parameters' defaults";
    }
    Optional<PrunedConfiguration> pruned = check(chosen);
    if (pruned.isPresent()) {
      throw new IllegalArgumentException(
          "the default configuration " + chosen + " (from " + origin + ") breaks constraint '"
              + pruned.get().constraint() + "': " + pruned.get().reason()
              + "; pick legal defaults with TuningParameter.withDefault or"
              + " TuningSpace.Builder.defaultConfiguration");
    }
    return chosen;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.parameters.addAll(parameters);
    b.constraints.addAll(constraints);
    b.defaultConfiguration = explicitDefault;
    b.suggestions.addAll(suggestions);
    return b;
  }

  /**
   * Configurations the space's author expects to do well (an expert's first guesses, like
   * Triton's list of configs): search strategies that sample try the legal ones first.
   */
  public List<Configuration> suggestions() {
    return suggestions;
  }

  /** Parameters in declaration order. */
  public List<TuningParameter> parameters() {
    return parameters;
  }

  public TuningParameter parameter(String name) {
    TuningParameter p = byName.get(name);
    if (p == null) {
      throw new IllegalArgumentException(
          "tuning space has no parameter " + name + "; it has " + parameterNames());
    }
    return p;
  }

  public List<Constraint> constraints() {
    return constraints;
  }

  /** How many configurations the product of the candidates holds, before pruning. */
  public long size() {
    return size;
  }

  /** What the kernel runs with untuned; always legal. */
  public Configuration defaultConfiguration() {
    return defaultConfiguration;
  }

  /** The configuration at a position of the product, 0 <= index < size(), last parameter fastest. */
  public Configuration configurationAt(long index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(
          "configuration index " + index + " is outside the space of " + size);
    }
    Object[] chosen = new Object[parameters.size()];
    long rest = index;
    for (int i = parameters.size() - 1; i >= 0; i--) {
      TuningParameter p = parameters.get(i);
      chosen[i] = p.values().get((int) (rest % p.size()));
      rest /= p.size();
    }
    Configuration.Builder b = Configuration.builder();
    for (int i = 0; i < chosen.length; i++) {
      b.set(parameters.get(i).name(), chosen[i]);
    }
    return b.build();
  }

  /** Every configuration, legal or pruned, in index order. */
  public SpaceEnumeration enumerate() {
    if (size > MAX_ENUMERABLE) {
      throw new IllegalArgumentException(
          "tuning space has " + size + " configurations, more than the " + MAX_ENUMERABLE
              + " that can be listed; use the 'random' strategy");
    }
    List<Configuration> legal = new ArrayList<>();
    List<PrunedConfiguration> pruned = new ArrayList<>();
    for (long i = 0; i < size; i++) {
      Configuration c = configurationAt(i);
      check(c).ifPresentOrElse(pruned::add, () -> legal.add(c));
    }
    return new SpaceEnumeration(legal, pruned);
  }

  /** The first constraint the configuration breaks, if any; it must be a member of the space. */
  public Optional<PrunedConfiguration> check(Configuration configuration) {
    requireMember(configuration);
    for (Constraint c : constraints) {
      if (!c.allows(configuration)) {
        return Optional.of(new PrunedConfiguration(configuration, c.name(), c.reason()));
      }
    }
    return Optional.empty();
  }

  public boolean isLegal(Configuration configuration) {
    return check(configuration).isEmpty();
  }

  /** True when the configuration sets exactly this space's parameters to candidate values. */
  public boolean contains(Configuration configuration) {
    return membershipProblem(configuration) == null;
  }

  /**
   * Configurations that differ from this one in a single parameter moved one step along its
   * candidates, in parameter order, the step down before the step up. Constraints are not applied.
   */
  public List<Configuration> neighbours(Configuration configuration) {
    requireMember(configuration);
    List<Configuration> out = new ArrayList<>();
    for (TuningParameter p : parameters) {
      int at = p.indexOf(configuration.get(p.name()));
      if (at > 0) {
        out.add(configuration.with(p.name(), p.values().get(at - 1)));
      }
      if (at + 1 < p.size()) {
        out.add(configuration.with(p.name(), p.values().get(at + 1)));
      }
    }
    return out;
  }

  /** Reads a configuration in {@link Configuration#toString()} form and checks it belongs here. */
  public Configuration parse(String text) {
    Configuration c = Configuration.parse(text);
    requireMember(c);
    return c;
  }

  private void requireMember(Configuration configuration) {
    String problem = membershipProblem(configuration);
    if (problem != null) {
      throw new IllegalArgumentException(
          "configuration " + configuration + " does not belong to the tuning space over "
              + parameterNames() + ": " + problem);
    }
  }

  private String membershipProblem(Configuration configuration) {
    for (String name : configuration.names()) {
      if (!byName.containsKey(name)) {
        return "the space has no parameter " + name;
      }
    }
    for (TuningParameter p : parameters) {
      if (!configuration.has(p.name())) {
        return p.name() + " is missing";
      }
      Object v = configuration.get(p.name());
      if (p.indexOf(v) < 0) {
        return p.name() + "=" + v + " is not one of its candidates " + p.values();
      }
    }
    return null;
  }

  private List<String> parameterNames() {
    return parameters.stream().map(TuningParameter::name).toList();
  }

  @Override
  public String toString() {
    return "TuningSpace" + parameters + " with " + constraints.size() + " constraints";
  }

  /** Collects parameters and constraints; the default configuration is optional. */
  public static final class Builder {
    private final List<TuningParameter> parameters = new ArrayList<>();
    private final List<Constraint> constraints = new ArrayList<>();
    private Configuration defaultConfiguration;
    private final List<Configuration> suggestions = new ArrayList<>();

    private Builder() {}

    public Builder parameter(TuningParameter parameter) {
      parameters.add(Objects.requireNonNull(parameter, "parameter"));
      return this;
    }

    public Builder ints(String name, int... candidates) {
      return parameter(TuningParameter.ints(name, candidates));
    }

    public Builder strings(String name, String... candidates) {
      return parameter(TuningParameter.strings(name, candidates));
    }

    public Builder constraint(Constraint constraint) {
      constraints.add(Objects.requireNonNull(constraint, "constraint"));
      return this;
    }

    public Builder constraint(String name, String reason, Predicate<Configuration> test) {
      return constraint(new Constraint(name, reason, test));
    }

    /** The configuration the kernel runs with untuned; by default the parameters' defaults. */
    public Builder defaultConfiguration(Configuration configuration) {
      this.defaultConfiguration = Objects.requireNonNull(configuration, "configuration");
      return this;
    }

    /** A configuration worth trying early (see {@link TuningSpace#suggestions}). */
    public Builder suggest(Configuration configuration) {
      suggestions.add(Objects.requireNonNull(configuration, "configuration"));
      return this;
    }

    public TuningSpace build() {
      return new TuningSpace(this);
    }
  }
}
