// The `schema` readiness check: does the live database match the schema this build expects?
// Comparing takes a Prisma diff (about a second of work in a child process), so it runs at start and
// then on an interval, never per request; /api/health reports the latest result. Drift is a `warn`,
// not a `fail`: the API may still serve most requests, and people should look before anyone restarts it.
import type { Logger } from 'pino';
import { loggableReason, type CheckResult, type HealthCheck } from './checks.ts';

export interface SchemaComparison {
  inSync: boolean;
  statements: readonly string[];
  schemaHash: string;
}

export interface SchemaDriftMonitor extends HealthCheck {
  /** Compares now and then every intervalMs (0: only once). */
  start(): void;
  stop(): void;
  /** Runs one comparison and stores its result (also what start() schedules). */
  refresh(): Promise<void>;
}

/** What the public health document says about drift: how much, and what to do; the statements go to the log. */
export function summariseDrift(statements: readonly string[]): string {
  return `${statements.length} pending schema change(s); run make db-sync (the API log lists them)`;
}

export function createSchemaDriftMonitor(options: { compare: () => Promise<SchemaComparison>; intervalMs: number; logger: Logger }): SchemaDriftMonitor {
  let latest: CheckResult = { componentType: 'datastore', status: 'warn', time: new Date().toISOString(), output: 'schema not compared yet' };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  async function compareOnce() {
    const time = new Date().toISOString();
    try {
      const result = await options.compare();
      const hash = result.schemaHash.slice(0, 12);
      if (result.inSync) {
        latest = { componentType: 'datastore', status: 'pass', time, observedValue: hash, observedUnit: 'schema hash' };
      } else {
        latest = {
          componentType: 'datastore',
          status: 'warn',
          time,
          observedValue: hash,
          observedUnit: 'schema hash',
          output: summariseDrift(result.statements),
        };
        options.logger.warn({ pending: result.statements.length, statements: result.statements }, `schema drift: ${latest.output}`);
      }
    } catch (error) {
      latest = { componentType: 'datastore', status: 'warn', time, output: 'could not compare the schema (the API log has the detail)' };
      options.logger.warn({ reason: loggableReason(error) }, 'schema drift: could not compare the schema');
    }
  }

  const monitor: SchemaDriftMonitor = {
    name: 'schema',
    run: async () => latest,
    refresh() {
      running ??= compareOnce().finally(() => {
        running = undefined;
      });
      return running;
    },
    start() {
      void monitor.refresh();
      if (options.intervalMs > 0) {
        timer = setInterval(() => void monitor.refresh(), options.intervalMs);
        timer.unref(); // never keeps the process alive on its own
      }
    },
    stop() {
      clearInterval(timer);
    },
  };
  return monitor;
}
