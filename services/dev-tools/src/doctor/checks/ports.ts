// Check 4: the ports `make dev` and `make up` listen on are free: web 3000, api 4000, postgres 5432
// (WEB_PORT / API_PORT / PG_PORT move them). A port held by our own running service is fine.
import path from 'node:path';
import { DEFAULT_PORTS } from '@monitrax/contract/platform';
import type { CheckResult, CheckStatus, DoctorWorld } from '../types.ts';
import type { DatabaseOutcome } from './database.ts';
import { HEALTH_PATH, HEALTH_TIMEOUT_MS, ownerHint, parseHealthDocument, type Service } from './health.ts';

export type PortService = Service | 'postgres';

export interface ServicePort {
  service: PortService;
  variable: 'WEB_PORT' | 'API_PORT' | 'PG_PORT';
  port: number;
}

const DEFAULTS: ReadonlyArray<Omit<ServicePort, 'port'> & { fallback: number }> = [
  { service: 'web', variable: 'WEB_PORT', fallback: DEFAULT_PORTS.web },
  { service: 'api', variable: 'API_PORT', fallback: DEFAULT_PORTS.api },
  { service: 'postgres', variable: 'PG_PORT', fallback: DEFAULT_PORTS.postgres },
];

/** The three ports from the environment; invalid values are reported, not guessed. */
export function servicePorts(env: NodeJS.ProcessEnv): { ports: ServicePort[]; invalid: string[] } {
  const ports: ServicePort[] = [];
  const invalid: string[] = [];
  for (const entry of DEFAULTS) {
    const raw = env[entry.variable];
    if (raw === undefined || raw === '') {
      ports.push({ service: entry.service, variable: entry.variable, port: entry.fallback });
      continue;
    }
    const value = Number(raw);
    if (Number.isInteger(value) && value >= 1 && value <= 65535) ports.push({ service: entry.service, variable: entry.variable, port: value });
    else invalid.push(entry.variable);
  }
  return { ports, invalid };
}

interface PortFinding {
  status: CheckStatus;
  text: string;
  fix?: string;
}

/** The postmaster of `make dev`'s cluster (.data/postgres), if it runs on this port. */
async function devPostgresPid(world: DoctorWorld, port: number): Promise<number | undefined> {
  const text = await world.readText(path.join(world.root, '.data', 'postgres', 'postmaster.pid'));
  if (!text) return undefined;
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const pidPort = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || pidPort !== port) return undefined;
  return world.isProcessAlive(pid) ? pid : undefined;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\./.test(hostname);
}

function databaseUrlListensOn(outcome: DatabaseOutcome, port: number): boolean {
  if (!outcome.target || !outcome.server) return false;
  try {
    const url = new URL(outcome.target.url);
    return isLoopback(url.hostname) && Number(url.port || 5432) === port;
  } catch {
    return false;
  }
}

async function inspectPort(world: DoctorWorld, entry: ServicePort, database: Promise<DatabaseOutcome>): Promise<PortFinding> {
  const { port, service, variable } = entry;
  const findOwner = `Find the owner: ${ownerHint(port, world.platform)}`;
  const move = `${variable}=${service === 'postgres' ? 5433 : port + 1} make dev`;
  // Ordering matters: isPortFree listens on the port for a moment, and a connection arriving then
  // (the database check, a health request) would be accepted and reset. So the database check is
  // awaited first, and the services' ports are asked for their health (one shared request) first.
  if (service === 'postgres') {
    const outcome = await database;
    if (await world.isPortFree(port)) return { status: 'ok', text: `${port} (postgres) free` };
    const pid = await devPostgresPid(world, port);
    if (pid !== undefined) return { status: 'ok', text: `${port} (postgres) make dev's PostgreSQL (pid ${pid})` };
    if (databaseUrlListensOn(outcome, port)) return { status: 'ok', text: `${port} (postgres) PostgreSQL running (the DATABASE_URL server)` };
    const isPostgres = await world.speaksPostgres(port, 1_000);
    return {
      status: 'warn',
      text: `${port} (postgres) in use${isPostgres ? " by a PostgreSQL server that is not make dev's" : ''}`,
      fix: `port ${port} is taken: fine if it is \`make up\`'s database; \`make dev\` needs it free. ${findOwner}; or move make dev's: ${move}`,
    };
  }
  const label = service === 'api' ? 'API' : 'web';
  const probe = await world.httpGet(port, HEALTH_PATH, HEALTH_TIMEOUT_MS);
  if (parseHealthDocument(probe)) return { status: 'ok', text: `${port} (${service}) ${label} running` };
  if (probe.kind === 'refused' && (await world.isPortFree(port))) return { status: 'ok', text: `${port} (${service}) free` };
  return {
    status: 'warn',
    text: `${port} (${service}) in use by something else`,
    fix: `port ${port} is taken, so the ${service === 'api' ? 'API' : 'web app'} cannot listen there. ${findOwner}; stop it, or move ours: ${move}`,
  };
}

const RANK: Record<CheckStatus, number> = { skip: 0, ok: 1, warn: 2, fail: 3 };

export async function checkPorts(world: DoctorWorld, database: Promise<DatabaseOutcome>): Promise<CheckResult> {
  const { ports, invalid } = servicePorts(world.env);
  const findings: PortFinding[] = invalid.map((variable) => ({
    status: 'warn',
    text: `${variable} is not a port number`,
    fix: `set ${variable} to a port number (1-65535), or unset it for the default`,
  }));
  findings.push(...(await Promise.all(ports.map((entry) => inspectPort(world, entry, database)))));
  const status = findings.reduce<CheckStatus>((worst, finding) => (RANK[finding.status] > RANK[worst] ? finding.status : worst), 'ok');
  const fixes = findings.flatMap((finding) => (finding.fix ? [finding.fix] : []));
  return { name: 'ports', status, detail: findings.map((finding) => finding.text).join(', '), ...(fixes.length ? { fix: fixes.join('\n') } : {}) };
}
