// Small, dependency-free statistics for the bench. Pure functions: unit-tested in test/stats.test.mjs.

/** Sorted copy of the finite numbers in `values` (ascending). */
export function sorted(values) {
  return Array.from(values)
    .filter((v) => Number.isFinite(v))
    .sort((a, b) => a - b);
}

/**
 * Quantile with linear interpolation between closest ranks (the "R-7" definition used by
 * spreadsheets and numpy's default), so medians of even-sized samples are the mean of the middle pair.
 */
export function quantile(values, q) {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be within [0, 1], got ${q}`);
  const s = sorted(values);
  if (s.length === 0) return Number.NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export function median(values) {
  return quantile(values, 0.5);
}

/** Median with the spread we report everywhere: min, max and the interquartile range. */
export function summarize(values) {
  const s = sorted(values);
  return {
    n: s.length,
    median: quantile(s, 0.5),
    min: s.length ? s[0] : Number.NaN,
    max: s.length ? s[s.length - 1] : Number.NaN,
    q1: quantile(s, 0.25),
    q3: quantile(s, 0.75),
  };
}

/**
 * Element-wise ratios of two equally long series measured in the same rounds (a[i] / b[i]), summarized.
 * Taking the ratio inside each round before summarizing cancels drift that hits both series alike.
 */
export function pairedRatios(a, b) {
  if (a.length !== b.length)
    throw new RangeError(`paired series differ in length: ${a.length} vs ${b.length}`);
  return summarize(a.map((v, i) => v / b[i]));
}

/** Differences a[i] - b[i] of two paired series, summarized. */
export function pairedDifferences(a, b) {
  if (a.length !== b.length)
    throw new RangeError(`paired series differ in length: ${a.length} vs ${b.length}`);
  return summarize(a.map((v, i) => v - b[i]));
}

/**
 * Round-robin orders for `rounds` rounds over `n` cases: round r starts at case r mod n, so every case
 * runs first, middle and last equally often and slow drift (thermal, other load) spreads over all cases.
 */
export function rotatedOrders(n, rounds) {
  const orders = [];
  for (let r = 0; r < rounds; r++) orders.push(Array.from({ length: n }, (_, i) => (i + r) % n));
  return orders;
}
