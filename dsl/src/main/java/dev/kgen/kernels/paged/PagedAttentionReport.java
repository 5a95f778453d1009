package dev.kgen.kernels.paged;

import dev.kgen.ir.DType;

/**
 * What {@link PagedAttentionCheck} found in one output.
 *
 * @param caseName the case checked
 * @param seed the seed its inputs came from, to reproduce a failure
 * @param outputDType the dtype the output was read as
 * @param relL2Error sqrt(sum (out - ref)^2 / sum ref^2) over the finite decode elements
 * @param maxAbsError the largest |out - ref| over the finite decode elements
 * @param worst where the largest error is, or "" when there is none
 * @param tolerance the relative L2 error allowed
 * @param checkedElements decode elements compared
 * @param nonFinite decode elements that are NaN or infinite (never written, or overflow)
 * @param firstNonFinite where the first one is, or ""
 * @param clobbered elements outside the decode rows (prefill rows, padding) not still poison
 * @param firstClobbered where the first one is, or ""
 */
public record PagedAttentionReport(
    String caseName,
    long seed,
    DType outputDType,
    double relL2Error,
    double maxAbsError,
    String worst,
    double tolerance,
    long checkedElements,
    long nonFinite,
    String firstNonFinite,
    long clobbered,
    String firstClobbered) {

  /** No NaN or infinity, nothing written outside the decode rows, error within tolerance. */
  public boolean passed() {
    return nonFinite == 0 && clobbered == 0 && relL2Error <= tolerance;
  }

  /** Throws an AssertionError carrying {@link #summary()} unless {@link #passed()}. */
  public void assertPassed() {
    if (!passed()) {
      throw new AssertionError(summary());
    }
  }

  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(passed() ? "PASS" : "FAIL").append(" case '").append(caseName).append("' seed ").append(seed);
    s.append(" (").append(outputDType).append(" output): rel L2 error ")
        .append(String.format("%.3e", relL2Error))
        .append(relL2Error <= tolerance ? " <= " : " > ")
        .append(String.format("tolerance %.1e", tolerance));
    s.append(String.format(", max abs error %.3e", maxAbsError));
    if (!worst.isEmpty()) {
      s.append(" at ").append(worst);
    }
    s.append(", ").append(checkedElements).append(" elements compared");
    if (nonFinite > 0) {
      s.append("; ").append(nonFinite).append(" NaN/inf in decode rows, first at ").append(firstNonFinite);
    }
    if (clobbered > 0) {
      s.append("; ").append(clobbered)
          .append(" elements outside the decode rows were written (expected the poison), first at ")
          .append(firstClobbered);
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return summary();
  }
}
