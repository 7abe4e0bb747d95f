/**
 * Statistics for brand lift results. Pure functions: no database, no I/O.
 *
 * Everything works on counts: a group of n respondents of whom x gave a positive answer.
 * References:
 *   - E. B. Wilson (1927), score interval for a proportion.
 *   - R. G. Newcombe (1998), "Interval estimation for the difference between independent
 *     proportions", Statistics in Medicine 17:873-890, method 10 (hybrid score interval).
 *   - Y. Benjamini and Y. Hochberg (1995), step-up false discovery rate procedure.
 *   - P. J. Acklam, algorithm for the inverse normal CDF (relative error 1.15e-9), refined here
 *     with one Newton step against the accurate CDF below.
 */

const SQRT2 = Math.SQRT2;
const SQRT_PI = Math.sqrt(Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);

/**
 * Complementary error function, accurate to close to double precision over the whole line.
 *   |x| < 3: erf by its everywhere-positive series erf(x) = 2/sqrt(pi) e^{-x^2} sum 2^k x^{2k+1} / (1*3*...*(2k+1)),
 *            erfc = 1 - erf (erfc(3) = 2.2e-5, so at most ~5 of 16 digits are lost);
 *   |x| >= 3: Laplace's continued fraction erfc(x) = e^{-x^2}/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))),
 *            evaluated backwards with enough terms for full precision at x >= 3.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 3) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let k = 1; k < 200; k++) {
      term *= (2 * x2) / (2 * k + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - ((2 / SQRT_PI) * Math.exp(-x2) * sum);
  }
  if (x > 27) return 0; // below the smallest subnormal double
  let f = x;
  for (let k = 80; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / SQRT_PI / f;
}

/** Standard normal CDF. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / SQRT2);
}

/** Standard normal density. */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** Inverse standard normal CDF (quantile) for 0 < p < 1: Acklam's rational approximation plus one Newton step. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    throw new RangeError('p must be in [0, 1]');
  }
  let x: number;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  } else if (p <= 1 - P_LOW) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) / (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  }
  // Newton step on F(x) - p = 0, with F' = the density.
  return x - (normalCdf(x) - p) / normalPdf(x);
}

/** The two-sided critical value z_{1-(1-level)/2} for a confidence level such as 0.95. */
export function criticalValue(level: number): number {
  return normalQuantile(1 - (1 - level) / 2);
}

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for x successes out of n at critical value z. n = 0 gives [0, 1] (nothing
 * is known about the proportion). 0/n and n/n give intervals ending exactly at 0 and 1.
 */
export function wilsonInterval(x: number, n: number, z: number): Interval {
  if (n === 0) return { low: 0, high: 1 };
  const p = x / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: x === 0 ? 0 : Math.max(0, center - half), high: x === n ? 1 : Math.min(1, center + half) };
}

/**
 * Newcombe's hybrid score interval (method 10) for p1 - p2 of two independent proportions,
 * x1/n1 - x2/n2, at confidence `level`. Null when either group is empty.
 */
export function newcombeInterval(x1: number, n1: number, x2: number, n2: number, level: number): Interval | null {
  if (n1 === 0 || n2 === 0) return null;
  const z = criticalValue(level);
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const w1 = wilsonInterval(x1, n1, z);
  const w2 = wilsonInterval(x2, n2, z);
  const d = p1 - p2;
  return {
    low: d - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2),
    high: d + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2),
  };
}

export interface ZTest {
  z: number;
  /** Two-sided. */
  p: number;
}

/**
 * Two-proportion z-test with pooled variance, two-sided. Null when undefined: either group empty,
 * or the pooled proportion is 0 or 1 (every answer in both groups the same, so no variance).
 */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): ZTest | null {
  if (n1 === 0 || n2 === 0) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return null;
  const z = (x1 / n1 - x2 / n2) / se;
  return { z, p: Math.min(1, erfc(Math.abs(z) / SQRT2)) };
}

/**
 * Benjamini-Hochberg adjusted p-values (q-values), in the input's order: p_(i) * m / i over the
 * ascending order, made monotone from the largest down (running minimum) and capped at 1. Tied
 * p-values get the same adjusted value. Null entries (untestable) are left out of m and stay null.
 */
export function benjaminiHochberg(pValues: readonly (number | null)[]): (number | null)[] {
  const indexed = pValues.flatMap((p, index) => (p === null ? [] : [{ p, index }]));
  const m = indexed.length;
  indexed.sort((a, b) => a.p - b.p);
  const adjusted: (number | null)[] = pValues.map(() => null);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const { p, index } = indexed[rank - 1]!;
    running = Math.min(running, (p * m) / rank);
    adjusted[index] = running;
  }
  return adjusted;
}

export interface Lift {
  absolute: number;
  /** (E - C) / C; null when C = 0. */
  relative: number | null;
  /** (E - C) / (1 - C): the share of the room left for improvement that was gained; null when C = 1. */
  headroom: number | null;
}

/** Lift metrics of exposed rate E over control rate C. */
export function liftMetrics(exposed: number, control: number): Lift {
  const absolute = exposed - control;
  return {
    absolute,
    relative: control === 0 ? null : absolute / control,
    headroom: control === 1 ? null : absolute / (1 - control),
  };
}
