// The web's Vercel build (.vercel/output, from `make vercel-build`) served by services/dev-tools/src/vercel/serve.ts
// (Vercel's own Lambda runtime and launcher behind a hand-written edge) in front of a real API, worker and embedded
// PostgreSQL 17 from the local stack, all on free loopback ports. The web's variables are the ones
// services/web/vercel.env.example declares: API_URL, INTERNAL_API_SECRET and TRUST_PROXY=1.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '@monitrax/database/paths';
import { postgresTempDir } from '@monitrax/local-stack/postgres/embedded-cluster';
import { findFreePorts } from '@monitrax/local-stack/postgres/ports';
import { type LocalStack, startLocalStack } from '@monitrax/local-stack/stack';
import { type NodeProcess, startNodeProcess } from '@monitrax/local-stack/supervisor';
import { type Mailbox, startMailbox } from '@monitrax/test-support/mailbox';

export const OUTPUT_DIR = path.join(REPO_ROOT, '.vercel/output');
const SERVE = path.join(REPO_ROOT, 'services/dev-tools/src/vercel/serve.ts');

export interface VercelStack {
  webUrl: string;
  apiUrl: string;
  /** The SMTP server the stack's worker mails (sign-up links). */
  mailbox: Mailbox;
  releaseId: string;
  /** What `make vercel-build` recorded: the commit and the source it built. */
  built: string;
  edge: NodeProcess;
  stop(): Promise<void>;
}

export async function startVercelStack(): Promise<VercelStack> {
  if (!existsSync(path.join(OUTPUT_DIR, 'config.json')))
    throw new Error(`no Vercel build in ${OUTPUT_DIR}: run make vercel-build first (make test-vercel does)`);
  const info = path.join(REPO_ROOT, '.vercel/monitrax-build.json');
  const built = existsSync(info) ? readFileSync(info, 'utf8').replace(/\s+/g, ' ').trim() : 'unknown build';
  const tempDir = await postgresTempDir('monitrax-vercel-');
  const [pgPort, apiPort, webPort] = (await findFreePorts(3)) as [number, number, number];
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const webUrl = `http://127.0.0.1:${webPort}`;
  const internalApiSecret = randomBytes(48).toString('base64');
  const releaseId = `vercel-${randomBytes(4).toString('hex')}`;
  let stack: LocalStack | undefined;
  let edge: NodeProcess | undefined;
  let mailbox: Mailbox | undefined;
  const stop = async () => {
    await edge?.stop();
    await stack?.stop();
    await mailbox?.close();
    await rm(tempDir, { recursive: true, force: true });
  };
  try {
    mailbox = await startMailbox();
    stack = await startLocalStack({
      dataDir: `${tempDir}/data`,
      database: 'monitrax_vercel',
      ports: { postgres: pgPort, api: apiPort },
      sync: { backupDir: `${tempDir}/backups`, acceptDataLoss: [], backup: false, appVersion: 'vercel-tests', log: () => {} },
      api: {
        env: {
          ...process.env,
          NODE_ENV: 'production',
          JWT_SECRET: randomBytes(48).toString('base64'),
          INTERNAL_API_SECRET: internalApiSecret,
          // The API's WEB_ORIGIN is the Vercel deployment's URL (docs/vercel.md).
          WEB_ORIGIN: webUrl,
          LOG_LEVEL: 'warn',
          BACKUP_DIR: `${tempDir}/backups`,
          SCHEMA_CHECK_INTERVAL_MS: '0',
          WORKER_CHECK_INTERVAL_MS: '1000',
          GIT_COMMIT: releaseId,
        },
      },
      worker: { env: { ...process.env, LOG_LEVEL: 'warn', MAIL_TRANSPORT: 'smtp', SMTP_URL: mailbox.url } },
    });
    // The project's variables as Vercel's settings give them (vercel.env.example declares these three).
    edge = startNodeProcess(SERVE, {
      cwd: REPO_ROOT,
      env: { ...process.env, API_URL: apiUrl, INTERNAL_API_SECRET: internalApiSecret, TRUST_PROXY: '1', VERCEL_SERVE_LOG: '1' },
      args: ['--output', OUTPUT_DIR, '--port', String(webPort)],
      group: true,
    });
    await edge.waitForOutput(/ready on http/, 60_000);
    return { webUrl, apiUrl, mailbox, releaseId, built, edge, stop };
  } catch (error) {
    const output = edge?.output().slice(-3000);
    await stop();
    throw output ? new Error(`${error instanceof Error ? error.message : String(error)}\n--- the edge's output ---\n${output}`) : error;
  }
}
