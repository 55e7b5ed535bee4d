// The arithmetic of the dashboard's charts, which the server draws (ChartFrame.tsx): an axis of round numbers that
// covers the values, and where a value sits on it. Pure functions, no React.

export interface Scale {
  /** The axis' ends: round numbers, `min` < `max`. */
  min: number;
  max: number;
  /** Round values from `min` to `max`, evenly spaced, for labels and grid lines. */
  ticks: number[];
}

/** 1, 2, 2.5 or 5 times a power of ten, the smallest of them at least `rough`. */
function roundStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].find((factor) => factor * power >= rough) ?? 10;
  return step * power;
}

/**
 * An axis over `values` with about `count` intervals. `includeZero` for bars, which grow from zero; a line's axis
 * fits its values. Equal values (or none) get an axis around them, so nothing divides by zero.
 */
export function scaleFor(values: readonly number[], options: { includeZero: boolean; count?: number }): Scale {
  const finite = values.filter(Number.isFinite);
  let low = Math.min(...finite, ...(options.includeZero || finite.length === 0 ? [0] : []));
  let high = Math.max(...finite, ...(options.includeZero || finite.length === 0 ? [0] : []));
  // A flat or nearly flat series still gets an axis of at least 1% of its values (and 100): labels that differ, and
  // not a one-cent change drawn from the bottom of the chart to the top.
  const minSpan = Math.max(100, Math.max(Math.abs(low), Math.abs(high)) / 100);
  if (high - low < minSpan) {
    const pad = minSpan - (high - low);
    if (options.includeZero && low === 0) high += pad;
    else {
      low -= pad / 2;
      high += pad / 2;
    }
  }
  const step = roundStep((high - low) / (options.count ?? 4));
  const min = Math.floor(low / step) * step;
  const max = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  // Counted, not added up, so that float steps (2.5 x 10^-n) do not drift past `max`.
  for (let index = 0; index <= Math.round((max - min) / step); index += 1) ticks.push(min + index * step);
  return { min, max, ticks };
}

/** How far up the axis `value` is, in percent (0 at `min`, 100 at `max`). */
export function percentOf(scale: Pick<Scale, 'min' | 'max'>, value: number): number {
  return ((value - scale.min) / (scale.max - scale.min)) * 100;
}

/** About `count` indexes out of `length`, evenly spread, always the first and the last (the x-axis' date labels). */
export function spreadIndexes(length: number, count: number): number[] {
  if (length <= 0) return [];
  if (length <= count) return Array.from({ length }, (_, index) => index);
  const last = length - 1;
  return [...new Set(Array.from({ length: count }, (_, index) => Math.round((index * last) / (count - 1))))];
}
