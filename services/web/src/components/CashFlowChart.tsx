// Monthly cash flow as a bar chart, drawn on the server (ChartFrame.tsx: no chart library, no script). The figure is
// named for assistive technology and described in words; the drawing itself is hidden from it because the same
// figures are listed in the summary. Each bar names its amount on hover (title).
import { formatAUD, formatAUDCompact } from '@/lib/format';
import { ChartFrame, chartStyles as styles } from './ChartFrame';
import { percentOf, scaleFor } from './chart-scale';

export interface CashFlow {
  income: number;
  expenses: number;
  loanRepayments: number;
  netCashFlow: number;
}

const COLOURS = { income: '#1f7a4d', expenses: '#b3471d', loanRepayments: '#8a5a00', positive: '#1d5fa8', negative: '#a3262a' };

export function CashFlowChart({ monthly }: { monthly: CashFlow }) {
  const data = [
    { name: 'Income', value: monthly.income, colour: COLOURS.income },
    { name: 'Expenses', value: monthly.expenses, colour: COLOURS.expenses },
    { name: 'Loan repayments', value: monthly.loanRepayments, colour: COLOURS.loanRepayments },
    { name: 'Net', value: monthly.netCashFlow, colour: monthly.netCashFlow < 0 ? COLOURS.negative : COLOURS.positive },
  ];
  const scale = scaleFor(
    data.map((bar) => bar.value),
    { includeZero: true },
  );
  const zero = percentOf(scale, 0);
  return (
    <figure className="chart" aria-label="Monthly cash flow chart" aria-describedby="cash-flow-chart-description">
      <div className="chart__canvas" aria-hidden="true">
        <ChartFrame
          scale={scale}
          formatValue={formatAUDCompact}
          xAxis={
            <div className={styles.slots}>
              {data.map((bar) => (
                <span key={bar.name} className={styles.slotLabel}>
                  {/* A soft hyphen: on a phone's narrow column the word breaks there, never mid-syllable. */}
                  {bar.name.replace('repayments', 'repay\u00ADments')}
                </span>
              ))}
            </div>
          }
        >
          <div className={styles.slots}>
            {data.map((bar) => {
              const top = percentOf(scale, bar.value);
              return (
                <div key={bar.name} className={styles.slot}>
                  <div
                    className={styles.bar}
                    title={`${bar.name}: ${formatAUD(bar.value)} per month`}
                    style={{
                      bottom: `${Math.min(zero, top)}%`,
                      height: `${Math.abs(top - zero)}%`,
                      background: bar.colour,
                      ...(bar.value < 0 ? { borderRadius: '0 0 2px 2px' } : {}),
                    }}
                  />
                </div>
              );
            })}
          </div>
        </ChartFrame>
      </div>
      <figcaption id="cash-flow-chart-description" className="chart__caption">
        Income compared with expenses and loan repayments each month, and what is left over. The amounts are listed in the summary above.
      </figcaption>
    </figure>
  );
}
