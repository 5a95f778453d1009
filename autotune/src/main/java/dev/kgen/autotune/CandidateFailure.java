package dev.kgen.autotune;

import java.util.Objects;

/**
 * Thrown by an evaluator to fail the current candidate at a given stage; the tuner records the
 * reason and moves on. Any other exception fails the candidate at the stage it was thrown in.
 */
public final class CandidateFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Outcome.Stage stage;

  public CandidateFailure(Outcome.Stage stage, String reason) {
    super(Objects.requireNonNull(reason, "reason"));
    this.stage = Objects.requireNonNull(stage, "stage");
  }

  public CandidateFailure(Outcome.Stage stage, String reason, Throwable cause) {
    super(Objects.requireNonNull(reason, "reason"), cause);
    this.stage = Objects.requireNonNull(stage, "stage");
  }

  public static CandidateFailure compile(String reason) {
    return new CandidateFailure(Outcome.Stage.COMPILE, reason);
  }

  public static CandidateFailure launch(String reason) {
    return new CandidateFailure(Outcome.Stage.LAUNCH, reason);
  }

  public static CandidateFailure wrongAnswer(String reason) {
    return new CandidateFailure(Outcome.Stage.WRONG_ANSWER, reason);
  }

  public static CandidateFailure timeout(String reason) {
    return new CandidateFailure(Outcome.Stage.TIMEOUT, reason);
  }

  public Outcome.Stage stage() {
    return stage;
  }

  public Outcome.Failed toOutcome() {
    return Outcome.failed(stage, getMessage());
  }

  /**
   * The failure a throwable stands for: its own stage for a CandidateFailure, else {@code
   * stageOtherwise} with the exception's type and message as the reason.
   */
  public static Outcome.Failed outcomeOf(Throwable t, Outcome.Stage stageOtherwise) {
    if (t instanceof CandidateFailure f) {
      return f.toOutcome();
    }
    String message = t.getMessage();
    String type = t.getClass().getSimpleName();
    return Outcome.failed(
        stageOtherwise, message == null || message.isBlank() ? type : type + ": " + message);
  }
}
