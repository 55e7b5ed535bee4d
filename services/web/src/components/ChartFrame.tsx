// The frame both dashboard charts share, rendered on the server: the value axis with its labels, dashed grid lines
// and a solid line at zero when zero is inside the axis, the plot (what the chart draws) and the category or date
// axis below it. No chart library: the page sends no script for its charts, and their size is fixed by the CSS
// before anything runs, so nothing shifts as the page loads. The caller hides the frame from assistive technology
// (the figure around it is named and described, and the figures are listed as text on the page).
import type { ReactNode } from 'react';
import { percentOf, type Scale } from './chart-scale';
import styles from './Chart.module.css';

export { styles as chartStyles };

export function ChartFrame({
  scale,
  formatValue,
  xAxis,
  children,
}: {
  scale: Scale;
  formatValue: (value: number) => string;
  xAxis: ReactNode;
  children: ReactNode;
}) {
  const at = (value: number) => `${percentOf(scale, value)}%`;
  return (
    <div className={styles.frame}>
      <div className={styles.yAxis}>
        {scale.ticks.map((tick) => (
          <span key={tick} className={styles.yLabel} style={{ bottom: at(tick) }}>
            {formatValue(tick)}
          </span>
        ))}
      </div>
      <div className={styles.plot}>
        {scale.ticks.map((tick) => (
          <div key={tick} className={tick === 0 ? styles.zeroLine : styles.gridLine} style={{ bottom: at(tick) }} />
        ))}
        {children}
      </div>
      <div className={styles.xAxis}>{xAxis}</div>
    </div>
  );
}
