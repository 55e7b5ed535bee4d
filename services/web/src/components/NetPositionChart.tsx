// Net position over time as a line from the worker's daily points, drawn on the server (ChartFrame.tsx: no chart
// library, no script). The figure is named for assistive technology; the same figures are in the table below it, so
// the drawing itself is hidden from it. Fewer than two points make no line: the person is told when the history
// starts instead.
import type { HistoryPoint } from '@monitrax/contract/snapshot';
import { formatAUD, formatAUDCompact, formatDate } from '@/lib/format';
import { ChartFrame, chartStyles as styles } from './ChartFrame';
import { percentOf, type Scale, scaleFor, spreadIndexes } from './chart-scale';

/** Dates under the line: the first, the last and three between (on a phone the first, the middle and the last). */
const DATE_LABELS = 5;
/** The SVG's own coordinates; it is stretched over the plot, so only the proportions matter. */
const SIZE = 1000;

/** The line through every point, first day on the left, in the SVG's coordinates. */
function linePath(points: readonly HistoryPoint[], scale: Scale): string {
  const last = points.length - 1;
  return points
    .map((point, index) => {
      const x = (index / last) * SIZE;
      const y = SIZE - (percentOf(scale, point.netPosition) / 100) * SIZE;
      return `${index === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`;
    })
    .join('');
}

function DateLabels({ points }: { points: readonly HistoryPoint[] }) {
  const last = points.length - 1;
  return spreadIndexes(points.length, DATE_LABELS).map((index, order) => {
    const at = (index / last) * 100;
    // The ends align with the plot's edges, so that their text stays inside the frame.
    const place = index === 0 ? { left: '0' } : index === last ? { right: '0' } : { left: `${at}%`, transform: 'translateX(-50%)' };
    return (
      // Narrow screens keep every other label, and always both ends.
      <span key={index} className={order % 2 === 1 && index !== last ? `${styles.xLabel} ${styles.wide}` : styles.xLabel} style={place}>
        {formatDate(points[index]!.date)}
      </span>
    );
  });
}

export function NetPositionChart({ points }: { points: readonly HistoryPoint[] }) {
  if (points.length < 2) {
    return (
      <div className="empty" id="history-empty">
        <p>
          Your history builds up one day at a time: Monitrax records your net position every night, so the chart appears once there are two days to compare.
        </p>
        {points.length === 1 ? (
          <p>
            So far: {formatAUD(points[0]!.netPosition)} on {formatDate(points[0]!.date)}.
          </p>
        ) : null}
      </div>
    );
  }
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const scale = scaleFor(
    points.map((point) => point.netPosition),
    { includeZero: false },
  );
  return (
    <>
      <figure className="chart" aria-label="Net position over time chart" aria-describedby="history-chart-description">
        <div className="chart__canvas" aria-hidden="true">
          <ChartFrame scale={scale} formatValue={formatAUDCompact} xAxis={<DateLabels points={points} />}>
            <svg className={styles.line} viewBox={`0 0 ${SIZE} ${SIZE}`} preserveAspectRatio="none" focusable="false" aria-hidden="true">
              <path
                d={linePath(points, scale)}
                fill="none"
                stroke="#1d5fa8"
                strokeWidth={2}
                strokeLinejoin="round"
                strokeLinecap="round"
                vectorEffect="non-scaling-stroke"
              />
            </svg>
          </ChartFrame>
        </div>
        <figcaption id="history-chart-description" className="chart__caption">
          Net position from {formatDate(first.date)} ({formatAUD(first.netPosition)}) to {formatDate(last.date)} ({formatAUD(last.netPosition)}). Every day is
          listed in the table below.
        </figcaption>
      </figure>
      <details className="history-table">
        <summary>Show every day's figures</summary>
        <div className="table-scroll" role="region" aria-labelledby="history-caption" tabIndex={0}>
          <table className="table">
            <caption id="history-caption" className="table__caption">
              Net position by day
            </caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col" className="num">
                  Net position
                </th>
                <th scope="col" className="num">
                  Equity
                </th>
                <th scope="col" className="num">
                  Monthly cash flow
                </th>
              </tr>
            </thead>
            <tbody>
              {[...points].reverse().map((point) => (
                <tr key={point.date}>
                  <th scope="row">{formatDate(point.date)}</th>
                  <td className={point.netPosition < 0 ? 'num negative' : 'num'}>{formatAUD(point.netPosition)}</td>
                  <td className={point.equity < 0 ? 'num negative' : 'num'}>{formatAUD(point.equity)}</td>
                  <td className={point.monthlyCashFlow < 0 ? 'num negative' : 'num'}>{formatAUD(point.monthlyCashFlow)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
