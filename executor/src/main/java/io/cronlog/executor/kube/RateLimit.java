package io.cronlog.executor.kube;

/**
 * A client-side budget of API calls: {@code qps} a second, with {@code burst} allowed at once after
 * a quiet spell.
 */
public record RateLimit(double qps, int burst) {

  public RateLimit {
    if (!(qps > 0) || Double.isInfinite(qps) || burst < 1) {
      throw new IllegalArgumentException(
          "qps must be a positive number and burst at least 1, were " + qps + " and " + burst);
    }
  }
}
