import type { Metadata } from 'next';
import Link from 'next/link';
import { CashFlowChart } from '@/components/CashFlowChart';
import { NetPositionChart } from '@/components/NetPositionChart';
import { Problem } from '@/components/Problem';
import { fetchDashboard, type Snapshot } from '@/lib/data';
import { formatAUD, formatPercent } from '@/lib/format';
import { loadWithSession } from '@/lib/session';

export const metadata: Metadata = { title: 'Dashboard' };

function figures(snapshot: Snapshot): Array<{ term: string; value: string; negative: boolean }> {
  const money = (term: string, value: number) => ({ term, value: formatAUD(value), negative: value < 0 });
  const { totals, monthly } = snapshot;
  return [
    money('Net position', totals.netPosition),
    money('Property value', totals.propertyValue),
    money('Debt', totals.loanBalance),
    money('Equity', totals.equity),
    { term: 'Portfolio LVR', value: formatPercent(totals.portfolioLvr), negative: false },
    money('Monthly income', monthly.income),
    money('Monthly expenses', monthly.expenses),
    money('Monthly loan repayments', monthly.loanRepayments),
    money('Monthly cash flow', monthly.netCashFlow),
  ];
}

export default async function DashboardPage() {
  const loaded = await loadWithSession('/dashboard', fetchDashboard);
  return (
    <>
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          Dashboard
        </h1>
      </div>
      {!loaded.ok ? (
        <Problem message={loaded.message} requestId={loaded.requestId} />
      ) : (
        <>
          <section aria-labelledby="summary-heading" className="section">
            <h2 id="summary-heading">Summary</h2>
            <dl className="figures" id="summary-figures">
              {figures(loaded.data.snapshot).map((figure) => (
                <div key={figure.term} className="figures__item">
                  <dt>{figure.term}</dt>
                  <dd className={figure.negative ? 'negative' : undefined}>{figure.value}</dd>
                </div>
              ))}
            </dl>
          </section>

          <section className="section">
            {loaded.data.snapshot.properties.length === 0 ? (
              <div className="empty">
                <h2>Your properties</h2>
                <p>No properties yet</p>
                <p>
                  <Link href="/properties/new" className="button button--primary">
                    Add your first property
                  </Link>
                </p>
              </div>
            ) : (
              <div className="table-scroll" role="region" aria-labelledby="properties-caption" tabIndex={0}>
                <table className="table">
                  <caption id="properties-caption" className="table__caption">
                    Properties
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Property</th>
                      <th scope="col" className="num">
                        Value
                      </th>
                      <th scope="col" className="num">
                        Loans
                      </th>
                      <th scope="col" className="num">
                        Equity
                      </th>
                      <th scope="col" className="num">
                        LVR
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {loaded.data.snapshot.properties.map((property) => (
                      <tr key={property.id}>
                        <th scope="row">{property.name}</th>
                        <td className="num">{formatAUD(property.currentValue)}</td>
                        <td className="num">{formatAUD(property.loanBalance)}</td>
                        <td className={property.equity < 0 ? 'num negative' : 'num'}>{formatAUD(property.equity)}</td>
                        <td className="num">{formatPercent(property.lvr)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section aria-labelledby="history-heading" className="section">
            <h2 id="history-heading">Net position over time</h2>
            <NetPositionChart points={loaded.data.history} />
          </section>

          <section aria-labelledby="cash-flow-heading" className="section">
            <h2 id="cash-flow-heading">Cash flow per month</h2>
            <CashFlowChart monthly={loaded.data.snapshot.monthly} />
          </section>
        </>
      )}
    </>
  );
}
