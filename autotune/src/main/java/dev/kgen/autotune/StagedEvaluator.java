package dev.kgen.autotune;

/**
 * A candidate evaluation split so that compiling can run in parallel while the device, which
 * must not be shared while timing, checks and measures one candidate at a time. Throwing from a
 * stage fails the candidate there; throw {@link CandidateFailure} to name another stage, such as
 * {@link CandidateFailure#wrongAnswer} from {@link #check}.
 *
 * @param <A> the prepared artifact, e.g. a loaded module and its launch parameters
 */
public interface StagedEvaluator<A> {
  /** Generates and compiles the kernel; called on executor threads, so it must be thread-safe. */
  A prepare(Configuration configuration) throws Exception;

  /** Runs the artifact once on the device and compares its output with the reference. */
  void check(Configuration configuration, A artifact) throws Exception;

  /** Times the artifact on the device, usually with {@link Measurement#measure}. */
  Measurement measure(Configuration configuration, A artifact) throws Exception;

  /** Frees what {@link #prepare} allocated; called once per artifact, possibly on another thread. */
  default void release(A artifact) {}
}
