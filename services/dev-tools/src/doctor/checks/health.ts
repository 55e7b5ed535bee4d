// Check 8: the API's and the web app's readiness endpoints, when they are running. A service that is
// not running is not a problem (skip); one that runs and reports `fail` (503) is.
import type { CheckResult, DoctorWorld, HttpProbe } from '../types.ts';
import { HEALTH_PATHS } from '@monitrax/contract/paths';

export const HEALTH_TIMEOUT_MS = 2_000;
export const HEALTH_PATH = HEALTH_PATHS.readiness;

export type Service = 'api' | 'web';

interface HealthDocument {
  status: 'pass' | 'warn' | 'fail';
  version?: string;
  serviceId?: string;
  output?: string;
  checks?: Record<string, Array<{ status?: string; output?: string }>>;
}

/** The body as an IETF health document (application/health+json), if it is one. */
export function parseHealthDocument(probe: HttpProbe): HealthDocument | undefined {
  if (probe.kind !== 'answered') return undefined;
  try {
    const body = JSON.parse(probe.body) as Partial<HealthDocument> | null;
    if (body && typeof body === 'object' && (body.status === 'pass' || body.status === 'warn' || body.status === 'fail')) return body as HealthDocument;
  } catch {
    // not JSON: not a health endpoint
  }
  return undefined;
}

/** The names of the checks in a health document with the given status. */
export function checksWithStatus(document: HealthDocument, status: string): string[] {
  return Object.entries(document.checks ?? {})
    .filter(([, results]) => results.some((result) => result.status === status))
    .map(([checkName]) => checkName);
}

const LABEL: Record<Service, string> = { api: 'API', web: 'web' };

export function ownerHint(port: number, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? `lsof -nP -iTCP:${port} -sTCP:LISTEN` : `ss -ltnp 'sport = :${port}'`;
}

export function healthResult(service: Service, port: number, probe: HttpProbe, platform: NodeJS.Platform = 'linux'): CheckResult {
  const name = `${service} health`;
  const url = `http://127.0.0.1:${port}${HEALTH_PATH}`;
  const label = LABEL[service];
  switch (probe.kind) {
    case 'refused':
      return { name, status: 'skip', detail: `not running (nothing listens on 127.0.0.1:${port})` };
    case 'timeout':
      return {
        name,
        status: 'warn',
        detail: `${url} gave no answer within ${probe.timeoutMs / 1000} s`,
        fix: `the process on :${port} accepts connections but does not answer; find it: ${ownerHint(port, platform)}, then restart it`,
      };
    case 'error':
      return {
        name,
        status: 'warn',
        detail: `${url} failed: ${probe.message}`,
        fix: `something on :${port} is not answering HTTP; find it: ${ownerHint(port, platform)}`,
      };
    case 'answered':
      break;
  }
  const document = parseHealthDocument(probe);
  if (!document) {
    const hint =
      service === 'web' && probe.status === 404
        ? `a server answers on :${port} but has no ${HEALTH_PATH}: an older web build, or another app; find it: ${ownerHint(port, platform)}`
        : `this is not the Monitrax ${label}'s health endpoint; find what listens: ${ownerHint(port, platform)}`;
    return { name, status: 'warn', detail: `${url} answered HTTP ${probe.status} without a health document`, fix: hint };
  }
  const version = document.version ? ` (version ${document.version})` : '';
  if (probe.status === 200) {
    const warned = checksWithStatus(document, 'warn');
    return { name, status: 'ok', detail: `${label} running on :${port}: ${document.status}${warned.length ? ` (warn: ${warned.join(', ')})` : ''}${version}` };
  }
  const failing = checksWithStatus(document, 'fail');
  const why = failing.length > 0 ? `failing: ${failing.join(', ')}` : document.output ? document.output : 'no failing check named';
  const fix =
    document.output === 'shutting down'
      ? `the ${label} is shutting down; start it again (\`make dev\` or \`make up\`)`
      : failing.some((check) => check.startsWith('postgresql'))
        ? `the ${label} cannot reach its database: start PostgreSQL or fix the DATABASE_URL the ${label} runs with (the database line checks this shell's); it reconnects by itself`
        : `look at the ${label}'s log for the failing checks, then restart it`;
  return {
    name,
    status: probe.status === 503 ? 'fail' : 'warn',
    detail: `${label} on :${port} answered ${probe.status} ${document.status} (${why})${version}`,
    fix,
  };
}

export async function checkHealth(world: DoctorWorld, service: Service, port: number | undefined): Promise<CheckResult> {
  if (port === undefined) return { name: `${service} health`, status: 'skip', detail: 'no valid port (see ports)' };
  return healthResult(service, port, await world.httpGet(port, HEALTH_PATH, HEALTH_TIMEOUT_MS), world.platform);
}
