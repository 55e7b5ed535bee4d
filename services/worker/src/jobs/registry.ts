// Every job the worker knows, by queue name: what `npm run job -- <name>` accepts and what the worker subscribes to.
import type { Database } from '@monitrax/database/create-db';
import type { WorkerConfig } from '../config.ts';
import { PORTFOLIO_SNAPSHOT_JOB, runPortfolioSnapshot } from './portfolio-snapshot.ts';

export interface JobDefinition {
  /** Runs the job once; what it returns is stored as the job's output (and printed by `npm run job`). */
  run(db: Database, config: WorkerConfig): Promise<object>;
  /** The cron expression it is scheduled on, if any. */
  cron?(config: WorkerConfig): string;
}

export const JOBS: Readonly<Record<string, JobDefinition>> = {
  [PORTFOLIO_SNAPSHOT_JOB]: {
    run: (db, config) => runPortfolioSnapshot(db, { timeZone: config.SNAPSHOT_TIME_ZONE }),
    cron: (config) => config.SNAPSHOT_CRON,
  },
};

export const JOB_NAMES = Object.keys(JOBS);

export function jobNamed(name: string): JobDefinition | undefined {
  return Object.hasOwn(JOBS, name) ? JOBS[name] : undefined;
}
