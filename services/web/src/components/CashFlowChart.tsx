'use client';
// Monthly cash flow as a bar chart (recharts). The figure is named for assistive technology and
// described in words; the SVG itself is decorative because the same figures are listed in the summary.
import { Bar, BarChart, CartesianGrid, Rectangle, ReferenceLine, Tooltip, XAxis, YAxis, type BarShapeProps } from 'recharts';
import { formatAUD, formatAUDCompact } from '@/lib/format';

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
  return (
    <figure className="chart" aria-label="Monthly cash flow chart" aria-describedby="cash-flow-chart-description">
      <div className="chart__canvas" aria-hidden="true">
        <BarChart responsive data={data} style={{ width: '100%', height: '100%' }} margin={{ top: 8, right: 8, bottom: 8, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" tickLine={false} interval={0} tick={{ fontSize: 12 }} />
          <YAxis tickFormatter={(value: number) => formatAUDCompact(value)} width={64} tick={{ fontSize: 12 }} />
          <ReferenceLine y={0} stroke="currentColor" />
          <Tooltip formatter={(value) => formatAUD(Number(value))} cursor={{ fillOpacity: 0.1 }} />
          <Bar
            dataKey="value"
            name="Per month"
            isAnimationActive={false}
            shape={(props: BarShapeProps) => <Rectangle {...props} fill={data[props.index]?.colour} />}
          />
        </BarChart>
      </div>
      <figcaption id="cash-flow-chart-description" className="chart__caption">
        Income compared with expenses and loan repayments each month, and what is left over. The amounts are listed in the summary above.
      </figcaption>
    </figure>
  );
}
