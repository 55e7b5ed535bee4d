'use client';
// Net position over time (recharts line chart) from the worker's daily points. The figure is named for assistive
// technology; the same figures are in the table below it, so the SVG itself is hidden from it. Fewer than two
// points make no line: the person is told when the history starts instead.
import type { HistoryPoint } from '@monitrax/contract/snapshot';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatAUD, formatAUDCompact, formatDate } from '@/lib/format';

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
  return (
    <>
      <figure className="chart" aria-label="Net position over time chart" aria-describedby="history-chart-description">
        <div className="chart__canvas" aria-hidden="true">
          <LineChart
            responsive
            data={[...points]}
            style={{ width: '100%', height: '100%' }}
            margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
            accessibilityLayer={false}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="date" tickFormatter={(value: string) => formatDate(value)} tick={{ fontSize: 12 }} minTickGap={24} />
            <YAxis tickFormatter={(value: number) => formatAUDCompact(value)} width={72} tick={{ fontSize: 12 }} domain={['auto', 'auto']} />
            <Tooltip formatter={(value) => formatAUD(Number(value))} labelFormatter={(label) => formatDate(String(label))} />
            <Line type="monotone" dataKey="netPosition" name="Net position" stroke="#1d5fa8" strokeWidth={2} dot={false} isAnimationActive={false} />
          </LineChart>
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
