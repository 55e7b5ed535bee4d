// The web server's own health document (application/health+json, as the API's): pure rules, unit-tested.
// 200 when the web server is up and the API's readiness answered 200 (pass or warn); 503 otherwise. Public, so it
// carries no version, release or uptime (the status page shows those to a signed-in person).
import {
  type CheckResult,
  HEALTH_CHECKS,
  HEALTH_STATUSES,
  type HealthStatus,
  type PublicCheckResult,
  publicCheck,
  SCHEMA_MODES,
  type SchemaMode,
  type WorkerCheckFields,
} from '@monitrax/contract/health';
import { formatDateTime } from './format';

export type { HealthStatus };

/** What asking the API's /api/health gave. */
export interface ApiProbe {
  /** HTTP status, or null when the API could not be reached in time. */
  httpStatus: number | null;
  latencyMs: number;
  /** The parsed health document, when the answer was JSON. */
  document: unknown;
  /** Why there is no answer (time-out, connection refused, API_URL missing). */
  error?: string;
  /** The web sent its INTERNAL_API_SECRET with the question (it has one). */
  sentSecret?: boolean;
}

/** Said when the API answers the web's secret with its public document: the two INTERNAL_API_SECRETs differ. */
export const SECRET_MISMATCH =
  "the API did not accept this web server's INTERNAL_API_SECRET: the two values differ, so the API counts every sign-in as this web server's; set the API's value on the web";

/** The API answered the public document to a question that carried the web's secret. */
export function secretRefused(probe: ApiProbe): boolean {
  return probe.sentSecret === true && probe.httpStatus !== null && isRecord(probe.document) && !('version' in probe.document);
}

export interface WebHealthDocument {
  status: HealthStatus;
  serviceId: 'monitrax-web';
  description: string;
  output?: string;
  checks: { web: CheckResult[]; api: CheckResult[] };
}

const STATUSES: readonly string[] = HEALTH_STATUSES;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function healthStatusOf(document: unknown): HealthStatus | undefined {
  const status = isRecord(document) ? document.status : undefined;
  return STATUSES.includes(status as HealthStatus) ? (status as HealthStatus) : undefined;
}

export function apiCheck(probe: ApiProbe, now: Date): CheckResult {
  const reported = healthStatusOf(probe.document);
  const base = { componentType: 'component', componentId: 'monitrax-api', time: now.toISOString(), observedValue: probe.latencyMs, observedUnit: 'ms' };
  if (probe.httpStatus === null) return { ...base, status: 'fail', output: probe.error ?? 'the API did not answer' };
  if (probe.httpStatus !== 200) {
    return { ...base, status: 'fail', output: `API readiness answered HTTP ${probe.httpStatus}${reported ? ` (${reported})` : ''}` };
  }
  if (secretRefused(probe)) return { ...base, status: 'warn', output: SECRET_MISMATCH };
  if (reported === 'warn') return { ...base, status: 'warn', output: 'the API is up with warnings (see its /api/health)' };
  if (reported === 'pass') return { ...base, status: 'pass' };
  return { ...base, status: 'fail', output: 'API readiness answered 200 without a health document' };
}

export function webHealthDocument(probe: ApiProbe, now: Date): { httpStatus: 200 | 503; document: WebHealthDocument } {
  const api = apiCheck(probe, now);
  const web: CheckResult = { componentType: 'system', componentId: 'monitrax-web', status: 'pass', time: now.toISOString() };
  const status: HealthStatus = api.status;
  return {
    httpStatus: status === 'fail' ? 503 : 200,
    document: {
      status,
      serviceId: 'monitrax-web',
      description: 'Monitrax web app',
      ...(status === 'fail' ? { output: `API not ready: ${api.output ?? 'unknown reason'}` } : {}),
      checks: { web: [web], api: [api] },
    },
  };
}

/**
 * What anyone may see of the API's detailed document (the status page signed out): the overall status and each
 * check's status and time, with its hint when it is not passing; no version, release, uptime or observed values.
 */
export function publicHealthView(document: unknown): unknown {
  if (!isRecord(document)) return document;
  const checks = isRecord(document.checks) ? document.checks : {};
  const visible = Object.entries(checks)
    .filter(([name]) => name !== HEALTH_CHECKS.uptime)
    .map(([name, results]) => [
      name,
      (Array.isArray(results) ? results : []).filter(isRecord).map((result) => publicCheck(result as unknown as PublicCheckResult)),
    ]);
  return {
    status: document.status,
    ...(typeof document.output === 'string' ? { output: document.output } : {}),
    checks: Object.fromEntries(visible),
  };
}

/** One row of the status page per check of a health document: name, status, observed value, output, time. */
export interface CheckRow {
  name: string;
  status: HealthStatus | 'unknown';
  observed: string;
  output: string;
  time: string | undefined;
}

export function checkRows(document: unknown): CheckRow[] {
  const checks = isRecord(document) && isRecord(document.checks) ? document.checks : {};
  const rows: CheckRow[] = [];
  for (const [name, results] of Object.entries(checks)) {
    for (const result of Array.isArray(results) ? results : [results]) {
      if (!isRecord(result)) continue;
      const value = result.observedValue;
      const unit = typeof result.observedUnit === 'string' ? result.observedUnit : '';
      rows.push({
        name,
        status: STATUSES.includes(result.status as HealthStatus) ? (result.status as HealthStatus) : 'unknown',
        observed: typeof value === 'number' || typeof value === 'string' ? `${value}${unit ? ` ${unit}` : ''}` : '',
        output: typeof result.output === 'string' ? result.output : '',
        time: typeof result.time === 'string' ? result.time : undefined,
      });
    }
  }
  return rows;
}

/** The API's `schema` check in words: in sync (with its hash) or the pending changes. */
const MODE_WORDS: Record<SchemaMode, string> = { push: 'changes deployed by db push', migrate: 'changes deployed by reviewed migrations' };

/** The `schema` check in words, with the way schema changes are deployed when the API says. */
export function schemaState(document: unknown): { status: HealthStatus | 'unknown'; summary: string } {
  const row = checkRows(document).find((check) => check.name === HEALTH_CHECKS.schema);
  if (!row) return { status: 'unknown', summary: 'Not reported by the API' };
  const checks = isRecord(document) && isRecord(document.checks) ? document.checks : {};
  const raw: unknown = Array.isArray(checks[HEALTH_CHECKS.schema]) ? (checks[HEALTH_CHECKS.schema] as unknown[])[0] : undefined;
  const mode = isRecord(raw) && (SCHEMA_MODES as readonly unknown[]).includes(raw.mode) ? MODE_WORDS[raw.mode as SchemaMode] : undefined;
  const suffix = mode ? `; ${mode}` : '';
  if (row.status === 'pass') return { status: 'pass', summary: `In sync with the build's schema${row.observed ? ` (${row.observed})` : ''}${suffix}` };
  // (The public view has no hash or mode: "In sync with the build's schema" alone.)
  return { status: row.status, summary: `${row.output || 'Not in sync'}${suffix}` };
}

/** The API's `worker` check in words: how many workers run, what waits, and how the last job ended. */
export function workerState(document: unknown): { status: HealthStatus | 'unknown'; summary: string } {
  const checks = isRecord(document) && isRecord(document.checks) ? document.checks : {};
  const results = checks[HEALTH_CHECKS.worker];
  const result: unknown = Array.isArray(results) ? results[0] : undefined;
  if (!isRecord(result)) return { status: 'unknown', summary: 'Not reported by the API' };
  const status = healthStatusOf(result) ?? 'unknown';
  const output = typeof result.output === 'string' ? result.output : '';
  if (status !== 'pass') return { status, summary: output || 'Not running' };
  if (result.observedValue === undefined) return { status, summary: 'Running' }; // the public view: no detail
  const fields = result as Partial<WorkerCheckFields>;
  const workers = typeof result.observedValue === 'number' ? result.observedValue : 0;
  const parts = [`${workers} ${workers === 1 ? 'worker' : 'workers'} running`, `${fields.queued ?? 0} queued`];
  const last = fields.lastJob;
  parts.push(last ? `last job ${last.name} ${last.state} ${formatDateTime(last.time)}` : 'no job has run yet');
  return { status, summary: parts.join('; ') };
}
