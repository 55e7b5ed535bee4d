// Runs every check, concurrently where they are independent, each under its own time limit, and
// returns the results in a fixed order. A check that throws is reported as a failure of the doctor
// itself; one that runs out of time is reported as such instead of holding up the others.
import { checkDatabase, databaseTarget, DATABASE_TIMEOUT_MS, type DatabaseOutcome } from './checks/database.ts';
import { checkCompose, checkDocker, DOCKER_TIMEOUT_MS } from './checks/docker.ts';
import { checkEnvFile } from './checks/env-file.ts';
import { checkHealth, HEALTH_TIMEOUT_MS } from './checks/health.ts';
import { checkNodeVersion } from './checks/node-version.ts';
import { checkPgDump } from './checks/pg-dump.ts';
import { checkPorts, servicePorts } from './checks/ports.ts';
import { checkSchemaDrift, SCHEMA_TIMEOUT_MS } from './checks/schema-drift.ts';
import type { CheckResult, CheckStatus, DoctorWorld, HttpProbe } from './types.ts';

/** Time limits of the whole check (each probe inside has its own, shorter one). */
export interface CheckTimeouts {
  quick: number;
  docker: number;
  ports: number;
  database: number;
  schema: number;
  pgDump: number;
  health: number;
}

export const DEFAULT_TIMEOUTS: CheckTimeouts = {
  quick: 2_000,
  docker: DOCKER_TIMEOUT_MS + 1_000,
  ports: HEALTH_TIMEOUT_MS + 1_500,
  database: DATABASE_TIMEOUT_MS + 1_500,
  schema: SCHEMA_TIMEOUT_MS,
  // pg-tools.ts runs `pg_dump --version` per candidate (the chroot client takes longest).
  pgDump: 6_000,
  health: HEALTH_TIMEOUT_MS + 1_000,
};

/** Resolves with work()'s value, or onTimeout()'s once `ms` have passed (the timer never outlives it). */
export function withTimeout<T>(work: () => Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(onTimeout()), ms);
  });
  return Promise.race([Promise.resolve().then(work), timeout]).finally(() => clearTimeout(timer));
}

export function crashed(name: string, error: unknown): CheckResult {
  const message = error instanceof Error ? error.message : String(error);
  return {
    name,
    status: 'fail',
    detail: `the check itself failed: ${message
      .split('\n')[0]
      ?.replace(/postgres(ql)?:\/\/\S+/g, '[connection string]')
      .slice(0, 200)}`,
    fix: 'this is a bug in services/dev-tools/src/doctor: please report it with this output',
  };
}

export function timedOut(name: string, ms: number, status: CheckStatus = 'warn'): CheckResult {
  return {
    name,
    status,
    detail: `no result within ${ms / 1000} s`,
    fix: 'run `make doctor` again; if it keeps timing out, the thing this check talks to is hung',
  };
}

/** A check under a time limit that always resolves to a result. */
export function guarded(name: string, ms: number, work: () => Promise<CheckResult>, timeoutStatus: CheckStatus = 'warn'): Promise<CheckResult> {
  return withTimeout(work, ms, () => timedOut(name, ms, timeoutStatus)).catch((error: unknown) => crashed(name, error));
}

/** One health request per port and path, shared by the ports check and the health checks. */
function sharingHttp(world: DoctorWorld): DoctorWorld {
  const cache = new Map<string, Promise<HttpProbe>>();
  return {
    ...world,
    httpGet: (port, path, timeoutMs) => {
      const key = `${port}${path}`;
      let probe = cache.get(key);
      if (!probe) {
        probe = world.httpGet(port, path, timeoutMs);
        cache.set(key, probe);
      }
      return probe;
    },
  };
}

export async function runDoctor(input: DoctorWorld, timeouts: CheckTimeouts = DEFAULT_TIMEOUTS): Promise<CheckResult[]> {
  const world = sharingHttp(input);
  const database: Promise<DatabaseOutcome> = withTimeout(
    () => checkDatabase(world),
    timeouts.database,
    (): DatabaseOutcome => {
      const target = databaseTarget(world);
      return { ...(target ? { target } : {}), result: timedOut('database', timeouts.database, 'fail') };
    },
  ).catch((error: unknown) => ({ result: crashed('database', error) }));
  const { ports } = servicePorts(world.env);
  const portOf = (service: string) => ports.find((entry) => entry.service === service)?.port;

  return Promise.all([
    guarded('node', timeouts.quick, () => checkNodeVersion(world), 'fail'),
    guarded('docker', timeouts.docker, () => checkDocker(world)),
    guarded('compose', timeouts.docker, () => checkCompose(world)),
    guarded('.env', timeouts.quick, () => checkEnvFile(world), 'fail'),
    guarded('ports', timeouts.ports + timeouts.database, () => checkPorts(world, database)),
    database.then((outcome) => outcome.result),
    // Timed from when the database answered: the plan is the slow part.
    database.then((outcome) => guarded('schema', timeouts.schema, () => checkSchemaDrift(world, outcome))),
    guarded('pg_dump', timeouts.pgDump + timeouts.database, () => checkPgDump(world, database)),
    guarded('api health', timeouts.health, () => checkHealth(world, 'api', portOf('api'))),
    guarded('web health', timeouts.health, () => checkHealth(world, 'web', portOf('web'))),
  ]);
}
