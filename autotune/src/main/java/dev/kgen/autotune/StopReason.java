package dev.kgen.autotune;

/** Why a search ended. */
public enum StopReason {
  /** The strategy had nothing more to try. */
  COMPLETED,
  /** The budget's candidate count was reached. */
  CANDIDATE_BUDGET,
  /** The budget's wall time ran out. */
  TIME_BUDGET
}
