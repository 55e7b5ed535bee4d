// The worker's configuration: one zod schema for every variable it reads, parsed once at start-up. DATABASE_URL's
// rule is the database package's, the others shared with the API come from the contract.
import { ConfigError, logLevel, nodeEnv, parseEnv, shutdownTimeoutMs, unsetWhenEmpty } from '@monitrax/contract/env';
import { databaseUrl, productionDatabaseUrlProblem } from '@monitrax/database/url';
import { bucketEnvShape, checkBucketEnv } from '@monitrax/document-store/bucket-env';
import { telemetryEnvShape } from '@monitrax/telemetry/settings';
import { z } from 'zod';

export { ConfigError };

const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-AU', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone, e.g. Australia/Sydney');

export const workerEnvShape = {
  NODE_ENV: nodeEnv,
  DATABASE_URL: databaseUrl,
  // When the daily snapshot runs (cron: minute hour day month weekday), in SNAPSHOT_TIME_ZONE.
  SNAPSHOT_CRON: z.string().trim().min(9, 'must be a cron expression, e.g. "5 0 * * *"').default('5 0 * * *'),
  // Whose calendar day a snapshot row is for, and the zone SNAPSHOT_CRON is read in.
  SNAPSHOT_TIME_ZONE: timeZone.default('Australia/Sydney'),
  // How often a worker reports in to pg-boss, for itself and for the job it runs. A worker silent for three of these
  // counts as gone (the API's `worker` check warns); a running job silent for one is taken as lost and retried.
  WORKER_HEARTBEAT_SECONDS: z.coerce.number().int().min(10, 'must be at least 10 (pg-boss refuses shorter job heartbeats)').max(3_600).default(30),
  // How long SIGTERM waits for a running job before handing it back to the queue.
  SHUTDOWN_TIMEOUT_MS: shutdownTimeoutMs,
  LOG_LEVEL: logLevel,
  // How sign-up mails leave (services/worker/src/mail/transport.ts): `smtp` to SMTP_URL, or `log`, written to this
  // process's log (a laptop, compose; nobody receives them). Production must choose.
  MAIL_TRANSPORT: unsetWhenEmpty(z.enum(['smtp', 'log']).optional()),
  // smtp://user:password@host:587 (STARTTLS when the server offers it) or smtps://...:465; a secret.
  SMTP_URL: unsetWhenEmpty(
    z
      .string()
      .refine((value) => /^smtps?:\/\/\S+$/.test(value) && URL.canParse(value), 'must be an smtp:// or smtps:// URL')
      .optional(),
  ),
  // The sender of every mail: an address the SMTP provider lets this app send from (required with smtp in production).
  MAIL_FROM: unsetWhenEmpty(z.string().min(3).optional()),
  // How often the worker looks at the outbox without being woken (a missed notification, a retry falling due).
  OUTBOX_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  // The documents' bucket, when the API keeps documents in one (S3_BUCKET, ...): the worker sweeps objects there that no
  // document names (services/worker/src/housekeeping.ts).
  ...bucketEnvShape,
  // Traces and metrics over OTLP (@monitrax/telemetry/settings): off unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
  ...telemetryEnvShape,
};

export const workerEnv = z.object(workerEnvShape).superRefine((env, ctx) => {
  checkBucketEnv(env, ctx);
  if (env.MAIL_TRANSPORT === 'smtp' && env.SMTP_URL === undefined) {
    ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'is required with MAIL_TRANSPORT=smtp (smtp://user:password@host:587)' });
  }
  if (env.NODE_ENV !== 'production') return;
  if ((env.MAIL_TRANSPORT === 'smtp' || (env.MAIL_TRANSPORT === undefined && env.SMTP_URL)) && env.MAIL_FROM === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['MAIL_FROM'],
      message: 'is required in production with smtp: an address your SMTP provider lets this app send from',
    });
  }
  if (env.MAIL_TRANSPORT === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['MAIL_TRANSPORT'],
      message: 'is required in production: smtp (with SMTP_URL) so that people can finish signing up, or log (mail only written to this log)',
    });
  }
  const problem = productionDatabaseUrlProblem(env.DATABASE_URL);
  if (problem) ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: problem });
});
export type WorkerConfig = z.output<typeof workerEnv>;

export function loadWorkerConfig(source: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return parseEnv(workerEnv, source);
}
