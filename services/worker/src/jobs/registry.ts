// Every job the worker knows, by queue name: what `npm run job -- <name>` accepts and what the worker subscribes to.
import type { Database } from '@monitrax/database/create-db';
import type { Logger } from 'pino';
import type { WorkerConfig } from '../config.ts';
import { PORTFOLIO_SNAPSHOT_JOB, runPortfolioSnapshot } from './portfolio-snapshot.ts';

/** What a job's output may say beyond its own figures: how many users it could not do (the API's worker check
 * warns about them; the worker's log names each one). */
export interface JobOutput {
  usersFailed?: number;
}

export interface JobDefinition {
  /** Runs the job once; what it returns is stored as the job's output (and printed by `npm run job`). */
  run(db: Database, config: WorkerConfig, logger: Logger): Promise<JobOutput>;
  /** The cron expression it is scheduled on, if any. */
  cron?(config: WorkerConfig): string;
}

export const JOBS: Readonly<Record<string, JobDefinition>> = {
  [PORTFOLIO_SNAPSHOT_JOB]: {
    run: (db, config, logger) =>
      runPortfolioSnapshot(db, {
        timeZone: config.SNAPSHOT_TIME_ZONE,
        onUserFailed: ({ userId, reason }) =>
          logger.warn({ job: PORTFOLIO_SNAPSHOT_JOB, userId, reason }, 'no portfolio day for this user today: PostgreSQL refused its figures'),
      }),
    cron: (config) => config.SNAPSHOT_CRON,
  },
};

export const JOB_NAMES = Object.keys(JOBS);

export function jobNamed(name: string): JobDefinition | undefined {
  return Object.hasOwn(JOBS, name) ? JOBS[name] : undefined;
}
