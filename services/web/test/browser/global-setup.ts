// Vitest globalSetup for the browser tests (project `browser`): the real native stack on free loopback ports,
// started once for the run and stopped by the teardown, all of it through @monitrax/local-stack (the same
// supervisor and start-up as make dev and npm start):
//   the local stack (embedded PostgreSQL 17 in a temp folder -> schema sync -> API -> worker, which mails a real SMTP
//   server here: test-support's mailbox)
//   -> the web app's production build (`next build` when stale, meanwhile) -> its standalone server
//   and beside them, a second deployment's shape: an S3-compatible server (s3rver from npm: test-support's
//   s3-server) -> a second API on the same database with DOCUMENT_STORAGE=s3 -> a second web server in front of it,
//   both with telemetry on, sending to an OTLP receiver of the tests' own (test-support's otlp-receiver)
// Without a Chromium to drive, nothing is started and every browser test is skipped by name.
import { INTERNAL_SECRET_HEADER } from '@monitrax/contract/headers';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import type { TestProject } from 'vitest/node';
import { HEALTH_CHECKS } from '@monitrax/contract/health';
import { HEALTH_PATHS } from '@monitrax/contract/paths';
import { POSTGRES_MAJOR } from '@monitrax/contract/platform';
import { postgresTempDir } from '@monitrax/local-stack/postgres/embedded-cluster';
import { findFreePorts } from '@monitrax/local-stack/postgres/ports';
import { type LocalStack, type RunningApi, SchemaSyncStopped, startApi, startLocalStack } from '@monitrax/local-stack/stack';
import type { NodeProcess } from '@monitrax/local-stack/supervisor';
import { waitForHealthy } from '@monitrax/local-stack/wait-for-health';
import { chromiumProblem, chromiumPath as chromiumPathOf } from '@monitrax/test-support/chromium';
import { type Mailbox, startMailbox } from '@monitrax/test-support/mailbox';
import { type OtlpReceiver, startOtlpReceiver } from '@monitrax/test-support/otlp-receiver';
import { type S3Server, startS3Server } from '@monitrax/test-support/s3-server';
import { buildWeb, startWebServer, webBuildReason } from '@monitrax/local-stack/web';

export interface BrowserTestStack {
  /** Why the browser tests are skipped (no Chromium), or null when the stack is running. */
  skipReason: string | null;
  chromiumPath: string;
  webUrl: string;
  apiUrl: string;
  /** The API's signing key for this run only (lets a test forge an expired session). */
  jwtSecret: string;
  /** What the API reports as releaseId in its health document. */
  releaseId: string;
  /** The stack's database (tests write what only the worker writes, such as history points). */
  databaseUrl: string;
  /** Where the SMTP server the worker sends to keeps each mail (@monitrax/test-support/mailbox: mailsIn). */
  mailboxFolder: string;
  /** The web in front of the API that keeps new documents in the bucket (the main one keeps them in PostgreSQL); it
   * and its API send traces and metrics. */
  bucketWebUrl: string;
  /** Where the OTLP receiver keeps what the second web and API sent (@monitrax/test-support/otlp-receiver: receivedIn). */
  otlpFolder: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    monitraxBrowser: BrowserTestStack;
  }
}

const BUILD_TIMEOUT_MS = 300_000;
const HEALTHY_TIMEOUT_MS = 60_000;

const say = (line: string) => process.stdout.write(`[browser] ${line}\n`);

/** Until the API's health reports the worker live and its catch-up job done (the status page shows both), or the worker exits. */
async function workerReported(apiUrl: string, stack: LocalStack, internalApiSecret: string): Promise<void> {
  const deadline = Date.now() + HEALTHY_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (stack.worker && stack.worker.child.exitCode !== null)
      throw new Error(`the worker exited (${stack.worker.child.exitCode}):\n${stack.worker.output().slice(-3000)}`);
    // The detailed document, as the web's status page asks for it (with the internal secret).
    const headers = { [INTERNAL_SECRET_HEADER]: internalApiSecret };
    const response = await fetch(`${apiUrl}${HEALTH_PATHS.readiness}`, { headers, signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
    const document = (await response?.json().catch(() => undefined)) as
      | { checks?: Record<string, Array<{ status?: string; output?: string; lastJob?: { state?: string } }>> }
      | undefined;
    const check = document?.checks?.[HEALTH_CHECKS.worker]?.[0];
    if (check?.status === 'pass' && check.lastJob?.state === 'completed') return;
    last = check?.output ?? last;
    await delay(250); // the API re-reads the worker's state every second; only asking shows when it has
  }
  throw new Error(`the API did not report a live worker with its first job done within ${HEALTHY_TIMEOUT_MS / 1000} s (last: ${last})`);
}

export default async function setup(project: TestProject) {
  const chromiumPath = chromiumPathOf();
  const problem = chromiumProblem(chromiumPath);
  if (problem) {
    say(`!!! SKIPPING ALL BROWSER TESTS: ${problem}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH. Nothing was started. !!!`);
    project.provide('monitraxBrowser', {
      skipReason: problem,
      chromiumPath,
      webUrl: '',
      apiUrl: '',
      jwtSecret: '',
      releaseId: '',
      databaseUrl: '',
      mailboxFolder: '',
      bucketWebUrl: '',
      otlpFolder: '',
    });
    return;
  }

  const started = performance.now();
  const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
  let stack: LocalStack | undefined;
  let web: NodeProcess | undefined;
  let mailbox: Mailbox | undefined;
  let s3: S3Server | undefined;
  let receiver: OtlpReceiver | undefined;
  let bucketApi: RunningApi | undefined;
  let bucketWeb: NodeProcess | undefined;
  let tempDir: string | undefined;
  let building: Promise<string> | undefined;
  const stopBuild = new AbortController();

  const teardown = async () => {
    // The webs first (they call the APIs), then the bucket's API and server, the worker, the API and PostgreSQL.
    await Promise.all([web?.stop(), bucketWeb?.stop()]);
    await bucketApi?.process.stop();
    await s3?.close();
    await receiver?.close();
    await stack?.stop();
    await mailbox?.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  };

  try {
    tempDir = await postgresTempDir('monitrax-browser-');
    const [pgPort, apiPort, webPort, bucketApiPort, bucketWebPort] = (await findFreePorts(5)) as [number, number, number, number, number];
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const webUrl = `http://127.0.0.1:${webPort}`;
    const bucketWebUrl = `http://127.0.0.1:${bucketWebPort}`;

    // The build needs no database, so it runs while PostgreSQL starts and the schema syncs.
    const buildStarted = performance.now();
    const reason = await webBuildReason(process.env.MONITRAX_WEB_REBUILD === '1');
    building = (async () => {
      if (reason) await buildWeb({ env: process.env, timeoutMs: BUILD_TIMEOUT_MS, signal: stopBuild.signal });
      return reason ? `built (${reason}) in ${seconds(buildStarted)}` : 'reused the existing build';
    })();
    building.catch(() => {}); // awaited below; this only stops an early rejection from being "unhandled"

    const jwtSecret = randomBytes(48).toString('base64');
    const internalApiSecret = randomBytes(48).toString('base64');
    const releaseId = `browser-${randomBytes(4).toString('hex')}`;
    const syncLog: string[] = [];
    // Sign-up mail goes where a provider would take it: a real SMTP server, whose inbox the tests read.
    const mailboxFolder = `${tempDir}/mailbox`;
    mailbox = await startMailbox({ folder: mailboxFolder });
    const apiEnv = {
      ...process.env,
      NODE_ENV: 'production',
      JWT_SECRET: jwtSecret,
      INTERNAL_API_SECRET: internalApiSecret,
      WEB_ORIGIN: webUrl,
      LOG_LEVEL: 'warn',
      BACKUP_DIR: `${tempDir}/backups`,
      SCHEMA_CHECK_INTERVAL_MS: '0',
      WORKER_CHECK_INTERVAL_MS: '1000',
      GIT_COMMIT: releaseId,
    };
    stack = await startLocalStack({
      dataDir: `${tempDir}/data`,
      database: 'monitrax_browser',
      ports: { postgres: pgPort, api: apiPort },
      sync: { backupDir: `${tempDir}/backups`, acceptDataLoss: [], backup: false, appVersion: 'browser-tests', log: (line) => syncLog.push(line) },
      api: { healthyTimeoutMs: HEALTHY_TIMEOUT_MS, env: apiEnv },
      worker: { env: { ...process.env, LOG_LEVEL: 'warn', MAIL_TRANSPORT: 'smtp', SMTP_URL: mailbox.url, OUTBOX_POLL_MS: '1000' } },
    }).catch((error: unknown) => {
      throw error instanceof SchemaSyncStopped ? new Error(`${error.message}:\n${syncLog.join('\n')}`) : error;
    });

    s3 = await startS3Server();
    const otlpFolder = `${tempDir}/otlp`;
    receiver = await startOtlpReceiver({ folder: otlpFolder });
    const telemetryEnv = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100', OTEL_METRIC_EXPORT_INTERVAL: '1000' };
    bucketApi = await startApi({
      databaseUrl: stack.databaseUrl,
      port: bucketApiPort,
      healthyTimeoutMs: HEALTHY_TIMEOUT_MS,
      env: {
        ...apiEnv,
        WEB_ORIGIN: bucketWebUrl,
        DOCUMENT_STORAGE: 's3',
        ...s3.env,
        ...telemetryEnv,
      },
    });

    await workerReported(apiUrl, stack, internalApiSecret);
    const buildNote = await building;
    const startWeb = async (port: number, api: string, env: NodeJS.ProcessEnv = {}): Promise<NodeProcess> => {
      const server = await startWebServer({ port, apiUrl: api, internalApiSecret, env: { ...process.env, ...env } });
      try {
        await waitForHealthy(`http://127.0.0.1:${port}/api/health`, { child: server.child, timeoutMs: HEALTHY_TIMEOUT_MS });
      } catch (error) {
        await server.stop();
        throw new Error(`the web server: ${error instanceof Error ? error.message : String(error)}\n--- its last output ---\n${server.output().slice(-3000)}`);
      }
      return server;
    };
    web = await startWeb(webPort, apiUrl);
    bucketWeb = await startWeb(bucketWebPort, bucketApi.url, telemetryEnv);

    say(
      `started PostgreSQL ${POSTGRES_MAJOR} on 127.0.0.1:${pgPort}, API ${apiUrl}, web ${webUrl} (next build: ${buildNote}); ` +
        `documents in a bucket and telemetry through web ${bucketWebUrl} -> API ${bucketApi.url} -> s3rver ${s3.endpoint}; Chromium ${chromiumPath}; stack ready in ${seconds(started)}`,
    );
    project.provide('monitraxBrowser', {
      skipReason: null,
      chromiumPath,
      webUrl,
      apiUrl,
      jwtSecret,
      releaseId,
      databaseUrl: stack.databaseUrl,
      mailboxFolder,
      bucketWebUrl,
      otlpFolder,
    });
  } catch (error) {
    stopBuild.abort(); // a build still running stops before the folders go
    await building?.catch(() => {});
    await teardown();
    throw error;
  }
  return teardown;
}
