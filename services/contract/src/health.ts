// The API's readiness document (/api/health, application/health+json): the statuses, the names of its checks, and
// what the `worker` check carries besides the draft's fields. The API writes it; the web's status page and health
// route read it.

export const HEALTH_STATUSES = ['pass', 'warn', 'fail'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** One entry of a health document's `checks` (the IETF "Health Check Response Format for HTTP APIs" draft). */
export interface CheckResult {
  componentType: string;
  componentId?: string;
  status: HealthStatus;
  time: string;
  observedValue?: number | string;
  observedUnit?: string;
  output?: string;
  [extra: string]: unknown;
}

/** What anyone may see of a check (the public health document): its status and time, and its hint when it is not
 * passing; no observed values or detail fields. */
export type PublicCheckResult = Pick<CheckResult, 'status' | 'time' | 'output'>;

export function publicCheck(result: PublicCheckResult): PublicCheckResult {
  return { status: result.status, time: result.time, ...(result.status !== 'pass' && result.output ? { output: result.output } : {}) };
}

/** How long one readiness answer serves every probe: the API works readiness out at most this often, and the web asks
 * the API at most this often for its own. A probe may see a change this late (twice over through the web). */
export const HEALTH_ANSWER_CACHE_MS = 1_000;

/** Keys of the document's `checks`. */
export const HEALTH_CHECKS = {
  database: 'postgresql:responseTime',
  schema: 'schema',
  worker: 'worker',
  uptime: 'uptime',
} as const;

/** How schema changes reach this database: `prisma db push` planned by the sync, or reviewed migrations. */
export const SCHEMA_MODES = ['push', 'migrate'] as const;
export type SchemaMode = (typeof SCHEMA_MODES)[number];

/** The `schema` check: observedValue is the build's schema hash; `mode` says which way changes are deployed. */
export interface SchemaCheckFields {
  mode: SchemaMode;
}

/** The `worker` check: observedValue is the number of live workers (observedUnit "workers"). */
export interface WorkerCheckFields {
  /** Jobs waiting to run (new, or waiting to be retried). */
  queued: number;
  /** Jobs running now. */
  active: number;
  /** Jobs that failed for good and are still retained. */
  failed: number;
  /** The newest heartbeat of any worker (ISO time), when one ever ran. */
  lastHeartbeat?: string;
  /** The last job that ended (or the one running): its name, pg-boss state and time (ISO), and how many users it
   * could not do (the worker's log names them). */
  lastJob?: { name: string; state: string; time: string; usersFailed?: number };
}
