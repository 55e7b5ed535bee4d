import type { Metadata } from 'next';
import Link from 'next/link';
import { formatDateTime } from '@/lib/format';
import { isSignedIn } from '@/lib/data';
import { checkRows, healthStatusOf, publicHealthView, SECRET_MISMATCH, schemaState, secretRefused, workerState, type HealthStatus } from '@/lib/health-doc';
import { probeApi, webHealth, webReleaseId, webVersion } from '@/lib/health';

export const metadata: Metadata = { title: 'System status' };

const STATUS_TEXT: Record<HealthStatus | 'unknown', string> = { pass: 'Pass', warn: 'Warning', fail: 'Fail', unknown: 'Unknown' };
const OVERALL_TEXT: Record<HealthStatus, string> = {
  pass: 'All systems are working.',
  warn: 'Monitrax is working, with warnings.',
  fail: 'Monitrax is not fully available right now.',
};

function Badge({ status }: { status: HealthStatus | 'unknown' }) {
  return <span className={`badge badge--${status}`}>{STATUS_TEXT[status]}</span>;
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : null);

function uptime(seconds: number): string {
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3_600);
  const minutes = Math.floor((s % 3_600) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min ${s % 60} s`;
  return `${s} s`;
}

export default async function StatusPage() {
  const [probe, details] = await Promise.all([probeApi(), isSignedIn()]);
  const web = await webHealth(probe);
  // Versions, releases, uptime and each check's detail are for a signed-in person; anyone sees how each check stands.
  const api = (details ? probe.document : publicHealthView(probe.document)) as Record<string, unknown> | null;
  const apiStatus = web.document.checks.api[0]?.status ?? 'fail';
  const reported = healthStatusOf(api);
  const rows = checkRows(api);
  const schema = schemaState(api);
  const worker = workerState(api);
  const checkedAt = web.document.checks.web[0]?.time;

  return (
    <>
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          System status
        </h1>
        <Link href="/status" className="button button--secondary">
          Check again
        </Link>
      </div>

      <section aria-labelledby="overall-heading" className="section">
        <h2 id="overall-heading">Overall</h2>
        <p className="status-line">
          <Badge status={web.document.status} /> {OVERALL_TEXT[web.document.status]}
        </p>
        <p className="muted small">
          Checked {formatDateTime(checkedAt)}.{details ? '' : ' Sign in to see versions, releases and the detail of each check.'}
        </p>
      </section>

      <section aria-labelledby="api-heading" className="section">
        <h2 id="api-heading">API</h2>
        <dl className="details">
          <div>
            <dt>Status</dt>
            <dd>
              <Badge status={reported ?? (apiStatus === 'fail' ? 'fail' : 'unknown')} />
              {probe.error ? ` ${probe.error}` : ''}
            </dd>
          </div>
          <div>
            <dt>Answer</dt>
            <dd>{probe.httpStatus === null ? 'No answer' : `HTTP ${probe.httpStatus} in ${probe.latencyMs} ms`}</dd>
          </div>
          <div>
            <dt>Database schema</dt>
            <dd>
              <Badge status={schema.status} /> {schema.summary}
            </dd>
          </div>
          <div>
            <dt>Background worker</dt>
            <dd>
              <Badge status={worker.status} /> {worker.summary}
            </dd>
          </div>
          {details ? (
            <>
              <div>
                <dt>Version</dt>
                <dd>{text(api?.version) ?? 'Not reported'}</dd>
              </div>
              <div>
                <dt>Release</dt>
                <dd>{text(api?.releaseId) ?? 'Not reported'}</dd>
              </div>
            </>
          ) : null}
          {text(api?.output) ? (
            <div>
              <dt>Note</dt>
              <dd>{text(api?.output)}</dd>
            </div>
          ) : null}
        </dl>

        {rows.length > 0 ? (
          <div className="table-scroll" role="region" aria-labelledby="api-checks-caption" tabIndex={0}>
            <table className="table">
              <caption id="api-checks-caption" className="table__caption">
                API checks
              </caption>
              <thead>
                <tr>
                  <th scope="col">Check</th>
                  <th scope="col">Status</th>
                  <th scope="col">Observed</th>
                  <th scope="col">Output</th>
                  <th scope="col">Checked at</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row, index) => (
                  <tr key={`${row.name}-${index}`}>
                    <th scope="row">
                      <code>{row.name}</code>
                    </th>
                    <td>
                      <Badge status={row.status} />
                    </td>
                    <td>{row.observed || '—'}</td>
                    <td>{row.output || '—'}</td>
                    <td>{formatDateTime(row.time)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="web-heading" className="section">
        <h2 id="web-heading">Web server</h2>
        <dl className="details">
          <div>
            <dt>Status</dt>
            <dd>
              <Badge status="pass" /> Serving pages
            </dd>
          </div>
          {details ? (
            <>
              <div>
                <dt>Version</dt>
                <dd>{webVersion}</dd>
              </div>
              <div>
                <dt>Release</dt>
                <dd>{webReleaseId() ?? 'Not reported'}</dd>
              </div>
              <div>
                <dt>Uptime</dt>
                <dd>{uptime(process.uptime())}</dd>
              </div>
              <div>
                <dt>Node.js</dt>
                <dd>{process.version}</dd>
              </div>
            </>
          ) : null}
          {secretRefused(probe) ? (
            <div>
              <dt>Reaching the API</dt>
              <dd>
                <Badge status="warn" /> {SECRET_MISMATCH}
              </dd>
            </div>
          ) : null}
          <div>
            <dt>Health endpoint</dt>
            <dd>
              <code>/api/health</code> answers HTTP {web.httpStatus} ({STATUS_TEXT[web.document.status].toLowerCase()})
            </dd>
          </div>
        </dl>
      </section>
    </>
  );
}
