import { describe, expect, it } from 'vitest';
import { percentOf, scaleFor, spreadIndexes } from './chart-scale';

describe('scaleFor', () => {
  it('covers the values with round ticks and, for bars, zero', () => {
    expect(scaleFor([12_400, 3_100, 5_250, 4_050], { includeZero: true })).toEqual({ min: 0, max: 15_000, ticks: [0, 5_000, 10_000, 15_000] });
  });

  it('reaches below zero when a bar is negative', () => {
    const scale = scaleFor([2_000, 3_100, 1_800, -2_900], { includeZero: true });
    expect(scale.min).toBeLessThanOrEqual(-2_900);
    expect(scale.max).toBeGreaterThanOrEqual(3_100);
    expect(scale.ticks).toContain(0);
  });

  it("fits a line's values without zero", () => {
    const scale = scaleFor([618_000, 640_500, 652_300], { includeZero: false });
    expect(scale.min).toBeGreaterThan(0);
    expect(scale.min).toBeLessThanOrEqual(618_000);
    expect(scale.max).toBeGreaterThanOrEqual(652_300);
  });

  it('gives equal values, and no values, an axis of some height', () => {
    for (const [values, includeZero] of [
      [[450_000, 450_000], false],
      [[0, 0, 0, 0], true],
      [[], true],
      [[-5, -5], true],
    ] as const) {
      const scale = scaleFor(values, { includeZero });
      expect(scale.max).toBeGreaterThan(scale.min);
      expect(scale.ticks[0]).toBe(scale.min);
      expect(scale.ticks.at(-1)).toBe(scale.max);
    }
  });

  it('keeps float steps on their ticks', () => {
    const scale = scaleFor([0.1, 0.35], { includeZero: true });
    expect(scale.ticks.at(-1)).toBe(scale.max);
    expect(scale.ticks.length).toBeLessThanOrEqual(7);
  });
});

describe('scaleFor on a flat or nearly flat series', () => {
  it('spans at least 1% of the values, so a cent does not fill the chart and the labels differ', () => {
    for (const values of [
      [450_000, 450_000.01],
      [618_000, 618_010],
      [618_000, 618_000],
    ]) {
      const scale = scaleFor(values, { includeZero: false });
      expect(scale.max - scale.min).toBeGreaterThanOrEqual(values[0]! / 100);
      expect(new Set(scale.ticks.map((tick) => Math.round(tick / 1_000))).size).toBe(scale.ticks.length);
    }
  });
});

describe('percentOf', () => {
  it('places values between the ends', () => {
    expect(percentOf({ min: -5_000, max: 15_000 }, 0)).toBe(25);
    expect(percentOf({ min: 0, max: 10 }, 10)).toBe(100);
  });
});

describe('spreadIndexes', () => {
  it('keeps the first and the last and spreads the rest', () => {
    expect(spreadIndexes(90, 4)).toEqual([0, 30, 59, 89]);
    expect(spreadIndexes(2, 4)).toEqual([0, 1]);
    expect(spreadIndexes(0, 4)).toEqual([]);
  });
});
