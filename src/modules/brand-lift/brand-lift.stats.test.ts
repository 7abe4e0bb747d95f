import { describe, expect, it } from '@jest/globals';
import {
  benjaminiHochberg,
  criticalValue,
  erfc,
  liftMetrics,
  newcombeInterval,
  normalCdf,
  normalQuantile,
  twoProportionZTest,
  wilsonInterval,
} from './brand-lift.stats';

/** Equal to `digits` significant digits. */
const sig = (actual: number, expected: number, digits = 3) => expect(Number(actual.toPrecision(digits))).toBe(Number(expected.toPrecision(digits)));

describe('normal distribution', () => {
  it('erfc matches reference values across the range (relative error < 1e-12)', () => {
    // Two-sided tail probabilities 2 * Phi(-z) = erfc(z / sqrt 2), reference values from R's 2 * pnorm(-z).
    const cases: [number, number][] = [
      [0.5, 0.6170750774519739],
      [1, 0.3173105078629141],
      [2, 0.04550026389635842],
      [3, 0.002699796063260186],
      [5, 5.733031437583878e-7],
      [6.361340902404056, 2e-10],
      [8, 1.244192114854357e-15],
    ];
    for (const [z, p] of cases) expect(Math.abs(erfc(z / Math.SQRT2) - p) / p).toBeLessThan(1e-12);
    expect(erfc(0)).toBe(1);
    expect(erfc(-1)).toBeCloseTo(2 - 0.15729920705028513, 14);
    expect(normalCdf(0)).toBe(0.5);
  });

  it('inverts the CDF (Acklam + Newton)', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 12);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 14);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263478740408408, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
    expect(criticalValue(0.9)).toBeCloseTo(1.6448536269514722, 12);
    expect(criticalValue(0.99)).toBeCloseTo(2.5758293035489004, 12);
  });
});

describe('lift statistics', () => {
  it('reproduces 350/1000 exposed vs 250/1000 control', () => {
    const lift = liftMetrics(0.35, 0.25);
    expect(lift.absolute).toBeCloseTo(0.1, 4);
    expect(lift.relative).toBeCloseTo(0.4, 4);
    expect(lift.headroom).toBeCloseTo(0.1333, 4);
    const test = twoProportionZTest(350, 1000, 250, 1000)!;
    expect(test.z).toBeCloseTo(4.8795, 4);
    sig(test.p, 1.06e-6);
    const ci = newcombeInterval(350, 1000, 250, 1000, 0.95)!;
    expect(ci.low).toBeCloseTo(0.0599, 4);
    expect(ci.high).toBeCloseTo(0.1397, 4);
  });

  it("reproduces Newcombe (1998) method 10 at 95%", () => {
    const a = newcombeInterval(56, 70, 48, 80, 0.95)!;
    expect(a.low).toBeCloseTo(0.0524, 4);
    expect(a.high).toBeCloseTo(0.3339, 4);
    const b = newcombeInterval(9, 10, 3, 10, 0.95)!;
    expect(b.low).toBeCloseTo(0.1705, 4);
    expect(b.high).toBeCloseTo(0.809, 4);
  });

  it('narrows the interval at a lower level', () => {
    const at95 = newcombeInterval(350, 1000, 250, 1000, 0.95)!;
    const at90 = newcombeInterval(350, 1000, 250, 1000, 0.9)!;
    expect(at90.low).toBeGreaterThan(at95.low);
    expect(at90.high).toBeLessThan(at95.high);
  });

  it('handles 0/n and n/n', () => {
    const z = 1.959963984540054;
    expect(wilsonInterval(0, 10, z).low).toBe(0);
    expect(wilsonInterval(0, 10, z).high).toBeCloseTo(0.2775, 4);
    expect(wilsonInterval(10, 10, z).high).toBe(1);
    expect(wilsonInterval(10, 10, z).low).toBeCloseTo(0.7225, 4);
    expect(wilsonInterval(0, 0, z)).toEqual({ low: 0, high: 1 });
    // Newcombe (1998) table II, example (h): 10/10 vs 0/20 -> 0.6791 to 1.0000 for method 10.
    const all = newcombeInterval(10, 10, 0, 20, 0.95)!;
    expect(all.low).toBeCloseTo(0.6791, 4);
    expect(all.high).toBeCloseTo(1, 4);
    expect(newcombeInterval(0, 10, 0, 10, 0.95)!.low).toBeCloseTo(-0.2775, 4);
    expect(newcombeInterval(1, 0, 1, 10, 0.95)).toBeNull();
    // No variance at all: the z-test is undefined.
    expect(twoProportionZTest(0, 10, 0, 20)).toBeNull();
    expect(twoProportionZTest(10, 10, 20, 20)).toBeNull();
    expect(twoProportionZTest(10, 10, 0, 20)!.p).toBeLessThan(1e-6);
    expect(liftMetrics(0.2, 0)).toEqual({ absolute: 0.2, relative: null, headroom: 0.2 });
    expect(liftMetrics(1, 1)).toEqual({ absolute: 0, relative: 0, headroom: null });
  });

  it('keeps p accurate far into the tail', () => {
    // z = 6.5: 2 * pnorm(-6.5) = 8.0320011677182e-11; z = 7: 2.5596250877717e-12.
    const n = 10_000;
    const test = twoProportionZTest(5_000 + 325, n, 5_000 - 325, n)!;
    sig(test.p, erfc(Math.abs(test.z) / Math.SQRT2));
    sig(erfc(6.5 / Math.SQRT2), 8.0320011677182e-11, 12);
    sig(erfc(7 / Math.SQRT2), 2.5596250877717e-12, 12);
  });
});

describe('Benjamini-Hochberg', () => {
  it('matches a hand-computed set', () => {
    // Sorted: 0.005*4/1 = 0.02, 0.01*4/2 = 0.02, 0.03*4/3 = 0.04, 0.04*4/4 = 0.04.
    const adjusted = benjaminiHochberg([0.01, 0.04, 0.03, 0.005]);
    [0.02, 0.04, 0.04, 0.02].forEach((expected, i) => expect(adjusted[i]).toBeCloseTo(expected, 12));
  });

  it('is monotone, capped at 1, handles ties and skips nulls', () => {
    // Sorted 0.01, 0.02, 0.02, 0.5, 0.9 (m = 5): raw 0.05, 0.05, 0.0333, 0.625, 0.9; running min from
    // the top gives 0.0333 to all three smallest (the tie included), 0.625, 0.9.
    const adjusted = benjaminiHochberg([0.9, 0.02, 0.01, 0.5, 0.02]);
    [0.9, 0.1 / 3, 0.1 / 3, 0.625, 0.1 / 3].forEach((expected, i) => expect(adjusted[i]).toBeCloseTo(expected, 12));
    expect(benjaminiHochberg([0.8, 0.9, 1])).toEqual([1, 1, 1]);
    expect(benjaminiHochberg([0.6, null, 0.6])).toEqual([0.6, null, 0.6]);
    expect(benjaminiHochberg([])).toEqual([]);
  });
});
