// `make smoke`, the product half: the compose stack as a person runs it (`make up`, Compose v2), checked end to end
// through the stack: the API and the web app's pages, backups through the db container, no bridge network. Then a
// second phase, the `s3` profile as .env.example's "Compose with a bucket" block switches it on (COMPOSE_PROFILES=s3,
// DOCUMENT_STORAGE=s3, the S3_* variables): `make up` again, the S3 server healthy and the s3-bucket one-shot's bucket
// made (and made again: idempotent; refused with a wrong key), then a document through the API lands as an object in
// the bucket (listed and read with the AWS SDK, past the API), downloads byte for byte and deletes, object included.
// What belongs to the images themselves (the schema one-shot's exit codes, health, drift, readiness, SIGTERM,
// non-root) is `make test-containers`' job and is not repeated here.
// services/dev-tools/bin/smoke.sh prepares the engine first (and says so loudly when it cannot); this assumes a Docker
// engine answers (DOCKER_HOST) and the base images exist. Every check prints one line; the figures (image sizes,
// cold `make up` to healthy, warm rebuild after a one-line API change, the s3 profile's start and which S3 server it
// ran, the document's upload and download) print at the end and go to
// test-results/smoke.json. Exit 0 when every check passed, 1 otherwise. The stack is removed at the end
// (SMOKE_KEEP=1 keeps it running).
import { execa } from 'execa';
import { randomBytes } from 'node:crypto';
import { appendFile, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pinnedNode } from '../pinned-node.ts';
import { INTERNAL_SECRET_HEADER } from '@monitrax/contract/headers';
import { REPO_ROOT } from '@monitrax/database/paths';
import { findFreePorts } from '@monitrax/local-stack/postgres/ports';
import { type ComposeService, type ContainerState, Stack, type StackService, stackOptionsFrom } from '../containers/stack.ts';
import { s3Store } from '@monitrax/document-store/s3-store';
import { BUCKET_VARIABLES, S3_PROFILE } from '../parity/topology.ts';
import { runNodeScript } from '@monitrax/test-support/run-to-exit';
import { signUpToken } from '@monitrax/test-support/outbox';
import { SESSION_COOKIE_NAMES } from '@monitrax/web/lib/session-rules';

const say = (line: string) => process.stdout.write(`[smoke] ${line}\n`);

/** The sign-up link the worker wrote to its log for `email` (MAIL_TRANSPORT=log), once it has. */
async function linkFromWorkerLog(stack: Stack, email: string): Promise<string> {
  const deadline = Date.now() + REQUEST_TIMEOUT_MS;
  for (;;) {
    const lines = (await stack.logs('worker', 200)).split('\n').filter((line) => line.includes(email));
    const link = lines.map((line) => /https?:\/\/[^\s"\\]+confirm-email\?token=[\w-]+/.exec(line)?.[0]).findLast(Boolean);
    if (link) return link;
    if (Date.now() > deadline) throw new Error(`the worker logged no sign-up link for ${email} within ${REQUEST_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250)); // the log is another process's output
  }
}
const PROJECT = 'monitrax-smoke';
/** The s3 phase's document: a PDF (the type is sniffed from its bytes) past one 5 MiB part, so the upload is multipart. */
const DOCUMENT_BYTES = 6 * 1024 * 1024 + 4321;
const REQUEST_TIMEOUT_MS = 15_000;
const MB = 1_000_000;

interface Figures {
  machine: string;
  engine: string;
  compose: string;
  hostNetwork: boolean;
  baseImage: { tag: string; bytes: number };
  images: Record<string, { bytes: number; aboveBaseBytes: number; goalAboveBaseMb: number }>;
  coldUpSeconds?: number;
  imagesExistedBefore: boolean;
  warmApiRebuildSeconds?: number;
  warmRebuildReusedDependencies?: boolean;
  /** The s3 profile's phase: which server ran (compose.yaml's, or the machine workarounds' stand-in) and the times. */
  s3?: { server?: string; standIn?: boolean; upSeconds?: number; documentBytes?: number; uploadSeconds?: number; downloadSeconds?: number };
}

const failures: string[] = [];
// biome-ignore lint/suspicious/noConfusingVoidType: a check may return a detail line or nothing at all
async function check(name: string, body: () => Promise<string | void>): Promise<boolean> {
  const started = performance.now();
  try {
    const detail = await body();
    say(`✓ ${name}${detail ? `: ${detail}` : ''} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    failures.push(`${name}: ${message}`);
    say(`✗ ${name}: ${message}`);
    return false;
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** A container's state for any service of the stack, the profile-only ones too (Stack's types name only the stack's). */
const serviceState = (stack: Stack, service: string): Promise<ContainerState | undefined> => stack.state(service as StackService);

/** Runs docker to its end; stdout, or with `withStderr` both (BuildKit writes its progress to stderr). */
async function docker(args: string[], env: NodeJS.ProcessEnv, options: { withStderr?: boolean } = {}): Promise<string> {
  const result = await execa('docker', args, { env, extendEnv: false, maxBuffer: 64 * MB, timeout: 600_000, reject: false, stdin: 'ignore' });
  if (result.failed) throw new Error(`docker ${args[0]} failed: ${(result.stderr || result.message || 'failed').trim().split('\n').slice(-5).join(' | ')}`);
  return options.withStderr ? `${result.stdout}\n${result.stderr}`.trim() : result.stdout.trim();
}

/** Runs a node entry point of ours to its end, echoing its output indented; exit code and output returned. */
async function node(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  const echo = (chunk: string) => {
    for (const line of chunk.split('\n')) if (line.trim()) process.stdout.write(`    ${line}\n`);
  };
  const finished = await runNodeScript(path.join(REPO_ROOT, script), args, { cwd: REPO_ROOT, env, onOutput: echo });
  return { code: finished.code ?? 1, output: finished.stdout + finished.stderr };
}

async function api<T>(base: string, method: string, route: string, options: { token?: string; body?: unknown } = {}): Promise<{ status: number; data: T }> {
  const response = await fetch(`${base}${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const envelope = (await response.json()) as { success: boolean; data: T; error: { code: string; message: string } | null };
  assert(envelope.success, `${method} ${route} -> ${response.status} ${envelope.error?.code}: ${envelope.error?.message}`);
  return { status: response.status, data: envelope.data };
}

/** A new user signed up through the API (the mailed link from the worker container's log), signed in: their token. */
async function signUp(stack: Stack, apiBase: string): Promise<string> {
  const user = { email: `smoke-${randomBytes(4).toString('hex')}@example.com`, password: 'smoke-password-123', name: 'Smoke Test' };
  const registered = await api<{ email: string }>(apiBase, 'POST', '/api/auth/register', { body: user });
  assert(registered.status === 202, `register answered ${registered.status}`);
  const link = await linkFromWorkerLog(stack, user.email);
  const confirmed = await api<{ token: string }>(apiBase, 'POST', '/api/auth/confirm', { body: { token: signUpToken(link), password: user.password } });
  assert(confirmed.status === 201, `confirming the mailed link answered ${confirmed.status}`);
  const login = await api<{ token: string }>(apiBase, 'POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
  return login.data.token;
}

const imageBytes = async (tag: string, env: NodeJS.ProcessEnv) => Number(await docker(['image', 'inspect', '--format', '{{.Size}}', tag], env));

/** A copy of the build context with one line of the API changed: the dependency layers must come from cache. */
async function warmRebuild(env: NodeJS.ProcessEnv, figures: Figures): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'monitrax-smoke-context-'));
  try {
    const listed = await execa('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: REPO_ROOT, maxBuffer: 64 * MB, stdin: 'ignore' });
    const files = listed.stdout.split('\0').filter(Boolean);
    for (const file of files) await cp(path.join(REPO_ROOT, file), path.join(dir, file), { recursive: true, verbatimSymlinks: true }).catch(() => {});
    await appendFile(path.join(dir, 'services/api/src/app.ts'), `\n// smoke: one-line change ${Date.now()}\n`);
    const started = performance.now();
    const output = await docker(['build', '--progress', 'plain', '--network', 'host', '-f', 'Dockerfile.api', '-t', 'monitrax-api:smoke-warm', dir], env, {
      withStderr: true,
    });
    figures.warmApiRebuildSeconds = (performance.now() - started) / 1000;
    // BuildKit's plain progress names a step ("#9 [deps 5/5] RUN npm ci ...") and, when it came from cache, says
    // "#9 CACHED" under the same number.
    const npmCiCached = /#(\d+) \[[^\]]*\] RUN npm ci --workspace services\/api[^\n]*\n#\1 CACHED/.test(output);
    figures.warmRebuildReusedDependencies = npmCiCached;
    await docker(['image', 'rm', 'monitrax-api:smoke-warm'], env).catch(() => '');
    assert(npmCiCached, 'the npm ci layer was rebuilt after a change to services/api/src only: the dependency layer is not cached');
    return `${figures.warmApiRebuildSeconds.toFixed(1)} s, npm ci layer from cache`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const [pgPort, apiPort, webPort, s3Port] = (await findFreePorts(4)) as [number, number, number, number];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MONITRAX_COMPOSE_PROJECT: PROJECT,
    PG_PORT: String(pgPort),
    API_PORT: String(apiPort),
    WEB_PORT: String(webPort),
    POSTGRES_PASSWORD: randomBytes(18).toString('base64url'),
    JWT_SECRET: randomBytes(48).toString('base64'),
    INTERNAL_API_SECRET: randomBytes(48).toString('base64'),
    GIT_COMMIT: `smoke-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'info',
    // The default stack first, whatever a .env here switches on (the environment wins over .env in compose).
    COMPOSE_PROFILES: '',
    DOCUMENT_STORAGE: 'postgres',
    ...Object.fromEntries([...BUCKET_VARIABLES, 'S3_PORT'].map((name) => [name, ''])),
  };
  // Phase 2: the s3 profile, as .env.example's "Compose with a bucket" block sets it, on a free port.
  const bucket = {
    name: 'monitrax-smoke-documents',
    accessKeyId: `smoke${randomBytes(6).toString('hex')}`,
    secretAccessKey: randomBytes(24).toString('base64url'),
  };
  const s3Env: NodeJS.ProcessEnv = {
    ...env,
    COMPOSE_PROFILES: S3_PROFILE,
    DOCUMENT_STORAGE: 's3',
    S3_PORT: String(s3Port),
    S3_BUCKET: bucket.name,
    S3_ENDPOINT: `http://s3:${s3Port}`,
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: bucket.accessKeyId,
    S3_SECRET_ACCESS_KEY: bucket.secretAccessKey,
    S3_FORCE_PATH_STYLE: 'true',
  };
  const apiBase = `http://127.0.0.1:${apiPort}`;
  const webBase = `http://127.0.0.1:${webPort}`;
  const nodeMajor = pinnedNode().major;
  const baseTag = `node:${nodeMajor}-trixie-slim`;

  const engine = await docker(['version', '--format', '{{.Server.Version}}'], env);
  const baseImageBytes = await imageBytes(baseTag, env);
  const imagesExistedBefore = (await docker(['image', 'ls', '-q', 'monitrax-api:local'], env)) !== '';
  const stack = await Stack.open(stackOptionsFrom(env));
  let s3Stack: Stack | undefined;
  const { hostNetwork } = stack;
  const figures: Figures = {
    machine: `${process.platform} ${process.arch}, ${cpus().length} cores`,
    engine,
    compose: `${stack.compose.command.join(' ')} ${stack.compose.version}`,
    hostNetwork,
    baseImage: { tag: baseTag, bytes: baseImageBytes },
    images: {},
    imagesExistedBefore,
  };
  say(`Docker ${engine}, ${figures.compose}${hostNetwork ? ', every service on the host network' : ''}; ports pg ${pgPort}, api ${apiPort}, web ${webPort}`);

  try {
    // `make up` itself (build -> start -> wait until healthy), as a person runs it.
    const upOk = await check('make up: images build, db -> schema (exits 0) -> api -> web healthy', async () => {
      const started = performance.now();
      const result = await node('services/dev-tools/src/containers/cli.ts', ['up'], env);
      assert(result.code === 0, `make up exited ${result.code}`);
      figures.coldUpSeconds = (performance.now() - started) / 1000;
      return `${figures.coldUpSeconds.toFixed(1)} s${figures.imagesExistedBefore ? ' (images existed before: not a cold build)' : ' (cold: no project images before)'}`;
    });
    if (!upOk) return 1;

    await check('no bridge network was created', async () => {
      if (!hostNetwork) return 'not on the host network (the engine may use bridges here)';
      const networks = (await docker(['network', 'ls', '--format', '{{.Name}} {{.Driver}}'], env)).split('\n');
      const bridges = networks.filter((line) => line.endsWith(' bridge'));
      assert(bridges.length === 0, `bridge networks exist: ${bridges.join(', ')}`);
      return networks.join(', ');
    });

    await check('the database refuses a TCP connection without the password (scram-sha-256, not trust)', async () => {
      // Trust would accept any password, so a wrong one tells the two apart; the right one must still work.
      const attempt = async (password: string) => {
        const client = new pg.Client({
          host: '127.0.0.1',
          port: pgPort,
          user: 'monitrax',
          password,
          database: 'monitrax',
          connectionTimeoutMillis: REQUEST_TIMEOUT_MS,
        });
        try {
          await client.connect();
          return 'connected';
        } catch (error) {
          return (error as { code?: string }).code ?? String(error);
        } finally {
          await client.end().catch(() => {});
        }
      };
      const wrong = await attempt(`not-${env.POSTGRES_PASSWORD}`);
      assert(wrong === '28P01', `a wrong password got "${wrong}" instead of 28P01 (invalid_password): the db trusts TCP connections`);
      const right = await attempt(env.POSTGRES_PASSWORD ?? '');
      assert(right === 'connected', `the right password got ${right}`);
      return 'a wrong password gets 28P01, the right one connects';
    });

    let token = '';
    const propertyName = `Smoke unit ${randomBytes(3).toString('hex')}`;
    await check('sign up (the link from the worker container’s log: compose’s MAIL_TRANSPORT=log), sign in, create a property', async () => {
      token = await signUp(stack, apiBase);
      const created = await api<{ id: string }>(apiBase, 'POST', '/api/properties', {
        token,
        body: {
          name: propertyName,
          address: '4/10 Test St, Carlton VIC 3053',
          type: 'INVESTMENT',
          purchasePrice: 550000,
          purchaseDate: '2022-05-01',
          currentValue: 612345,
        },
      });
      assert(created.status === 201, `create answered ${created.status}`);
      // As an operator asks for the detailed document: with the internal secret.
      const asOperator = { [INTERNAL_SECRET_HEADER]: env.INTERNAL_API_SECRET ?? '' };
      const health = await fetch(`${apiBase}/api/health`, { headers: asOperator, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).then(
        (response) => response.json() as Promise<{ status: string; releaseId?: string }>,
      );
      assert(health.releaseId === env.GIT_COMMIT, `health reports releaseId ${health.releaseId}, expected ${env.GIT_COMMIT}`);
      return `property ${created.data.id}, health ${health.status}`;
    });

    await check('the web renders the API data (signed-in dashboard and properties page)', async () => {
      assert(token, 'no token (the API check failed)');
      const cookie = `${SESSION_COOKIE_NAMES.production}=${token}`; // compose runs the production build
      for (const [page, expected] of [
        ['/properties', propertyName],
        ['/dashboard', '$612,345.00'],
      ] as const) {
        const response = await fetch(`${webBase}${page}`, { headers: { cookie }, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        const html = await response.text();
        assert(response.status === 200, `${page} answered ${response.status}`);
        assert(html.includes(expected), `${page} does not show ${expected}`);
      }
      const signedOut = await fetch(`${webBase}/dashboard`, { redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      assert(signedOut.status >= 300 && signedOut.status < 400, `signed out, /dashboard answered ${signedOut.status} instead of a redirect to sign in`);
    });

    await check('the worker container runs a job queued now (npm run job), for the user just registered', async () => {
      const url = `postgresql://monitrax:${encodeURIComponent(env.POSTGRES_PASSWORD ?? '')}@127.0.0.1:${pgPort}/monitrax`;
      const run = await node('services/worker/src/job-cli.ts', ['portfolio-snapshot'], { ...env, DATABASE_URL: url });
      assert(run.code === 0, `npm run job exited ${run.code}: ${run.output.trim().split('\n').slice(-3).join(' | ')}`);
      const output = /completed: (\{.*\})/.exec(run.output)?.[1];
      assert(output, `the job did not complete: ${run.output.trim()}`);
      const result = JSON.parse(output) as { users: number; written: number; alreadyThere: number };
      assert(result.users >= 1 && result.written + result.alreadyThere === result.users, `unexpected job output ${output}`);
      return `${result.users} user(s), ${result.written} row(s) written`;
    });

    await check('backup and restore round-trip through the db container', async () => {
      const backup = await node('services/dev-tools/src/containers/cli.ts', ['db-backup'], env);
      assert(backup.code === 0, `db-backup exited ${backup.code}`);
      const file = /backup: (\S+\.dump)/.exec(backup.output)?.[1];
      assert(file, 'db-backup printed no backup file');
      const restore = await node('services/dev-tools/src/containers/cli.ts', ['db-restore', file], env);
      assert(restore.code === 0, `db-restore exited ${restore.code}`);
      const database = /into database "([^"]+)"/.exec(restore.output)?.[1];
      assert(database, 'db-restore printed no database name');
      const properties = Number(/^\s*Property\s+(\d+)$/m.exec(restore.output)?.[1]);
      assert(properties >= 1, `the restored database has ${properties} properties`);
      const client = new pg.Client({ host: '127.0.0.1', port: pgPort, user: 'monitrax', password: env.POSTGRES_PASSWORD, database });
      await client.connect();
      try {
        const rows = await client.query<{ name: string }>('SELECT name FROM "Property" WHERE name = $1', [propertyName]);
        assert(rows.rowCount === 1, 'the restored database lacks the property created above');
      } finally {
        await client.end();
      }
      const admin = new pg.Client({ host: '127.0.0.1', port: pgPort, user: 'monitrax', password: env.POSTGRES_PASSWORD, database: 'postgres' });
      await admin.connect();
      await admin.query(`DROP DATABASE ${pg.escapeIdentifier(database)}`).finally(() => admin.end());
      await rm(file, { force: true });
      return `${path.basename(file)} -> ${database}: ${properties} properties, the new one among them`;
    });

    await check('image sizes', async () => {
      const goals = { 'monitrax-api:local': 150, 'monitrax-web:local': 60 };
      const lines: string[] = [];
      for (const [tag, goal] of Object.entries(goals)) {
        const bytes = await imageBytes(tag, env);
        figures.images[tag] = { bytes, aboveBaseBytes: bytes - figures.baseImage.bytes, goalAboveBaseMb: goal };
        lines.push(`${tag} ${(bytes / MB).toFixed(0)} MB (${((bytes - figures.baseImage.bytes) / MB).toFixed(0)} MB above ${baseTag}; goal <= ${goal} MB)`);
      }
      return lines.join('; ');
    });

    await check('warm rebuild of the API image after a one-line change', () => warmRebuild(env, figures));

    // ---- phase 2: the s3 profile -----------------------------------------------------------------------------
    figures.s3 = {};
    const s3Figures = figures.s3;
    const s3UpOk = await check(
      'the s3 profile: make up again with COMPOSE_PROFILES=s3 and DOCUMENT_STORAGE=s3: s3 healthy, s3-bucket creates the bucket and exits 0, api and worker restarted with it',
      async () => {
        s3Stack = await Stack.open(stackOptionsFrom(s3Env)); // on the host network, checks the s3 services are on it too
        const started = performance.now();
        const result = await node('services/dev-tools/src/containers/cli.ts', ['up'], s3Env);
        assert(result.code === 0, `make up exited ${result.code}`);
        s3Figures.upSeconds = (performance.now() - started) / 1000;
        const server = await serviceState(s3Stack, 's3');
        assert(server?.status === 'running' && server.health === 'healthy', `s3 is ${server ? `${server.status} (${server.health})` : 'not created'}`);
        s3Figures.server = await docker(['inspect', '--format', '{{.Config.Image}}', server.id], env);
        s3Figures.standIn = s3Figures.server.startsWith('monitrax-standin/');
        const oneShot = await serviceState(s3Stack, 's3-bucket');
        assert(oneShot?.status === 'exited' && oneShot.exitCode === 0, `s3-bucket is ${oneShot ? `${oneShot.status} ${oneShot.exitCode}` : 'not created'}`);
        const said = await s3Stack.logs('s3-bucket' as ComposeService, 20);
        assert(
          said.includes(`created bucket "${bucket.name}"`),
          `s3-bucket did not say it created the bucket:
${said}`,
        );
        for (const service of ['api', 'worker'] as const) {
          const id = await s3Stack.containerId(service as StackService);
          const variables = id ? await docker(['inspect', '--format', '{{json .Config.Env}}', id], env) : '';
          assert(
            variables && (JSON.parse(variables) as string[]).includes(`S3_BUCKET=${bucket.name}`),
            `the ${service} container was not started with S3_BUCKET=${bucket.name}`,
          );
        }
        return `${s3Figures.upSeconds.toFixed(1)} s; the S3 server is ${s3Figures.server}${s3Figures.standIn ? ' (the machine workarounds’ STAND-IN: no registry here)' : ''}`;
      },
    );

    if (s3UpOk && s3Stack) {
      const s3 = s3Stack;
      await check(
        'the s3-bucket one-shot again: the bucket already yours is success (exit 0); a key the server does not know is refused (exit 1)',
        async () => {
          const again = await s3.run(['run', '--rm', '--no-deps', 's3-bucket'], { timeoutMs: 120_000 });
          const againSaid = again.stdout + again.stderr;
          assert(again.code === 0 && againSaid.includes('already exists and is yours'), `a second run exited ${again.code}: ${againSaid.trim()}`);
          const wrong = await s3.run(['run', '--rm', '--no-deps', '-e', 'S3_ACCESS_KEY_ID=smoke-not-a-key', 's3-bucket'], { timeoutMs: 120_000 });
          const wrongSaid = wrong.stdout + wrong.stderr;
          assert(wrong.code === 1 && wrongSaid.includes('InvalidAccessKeyId'), `with a wrong key it exited ${wrong.code}: ${wrongSaid.trim()}`);
          return wrongSaid.split('\n').find((line) => line.startsWith('s3-bucket: could not'));
        },
      );

      await check(
        `a document (${(DOCUMENT_BYTES / MB).toFixed(1)} MB PDF, multipart) through the API: an object in the bucket, byte for byte, downloaded whole, deleted with its object`,
        async () => {
          const owner = await signUp(s3, apiBase);
          const store = s3Store({
            bucket: bucket.name,
            region: 'us-east-1',
            endpoint: `http://127.0.0.1:${s3Port}`,
            forcePathStyle: true,
            accessKeyId: bucket.accessKeyId,
            secretAccessKey: bucket.secretAccessKey,
          });
          try {
            // ListObjectsV2 through the SDK, past the API: what the bucket holds under documents/.
            const objects = async () => {
              const keys: string[] = [];
              for await (const page of store.keysWrittenBefore(new Date(Date.now() + 3_600_000))) keys.push(...page);
              return keys;
            };
            const before = await objects();
            const [head, tail] = [Buffer.from('%PDF-1.7\n%smoke\n'), Buffer.from('\n%%EOF\n')];
            const bytes = Buffer.concat([head, randomBytes(DOCUMENT_BYTES - head.length - tail.length), tail]);
            s3Figures.documentBytes = bytes.length;
            const auth = { authorization: `Bearer ${owner}` };
            let started = performance.now();
            const uploaded = await fetch(`${apiBase}/api/documents?name=smoke-contract.pdf`, {
              method: 'POST',
              headers: { ...auth, 'content-type': 'application/pdf' },
              body: bytes,
              signal: AbortSignal.timeout(120_000),
            });
            const created = (await uploaded.json()) as {
              success: boolean;
              data: { id: string; size: number; contentType: string };
              error?: { message: string };
            };
            assert(uploaded.status === 201 && created.success, `upload answered ${uploaded.status}: ${created.error?.message}`);
            s3Figures.uploadSeconds = (performance.now() - started) / 1000;
            assert(
              created.data.size === bytes.length && created.data.contentType === 'application/pdf',
              `upload recorded ${created.data.size} bytes of ${created.data.contentType}`,
            );

            const added = (await objects()).filter((key) => !before.includes(key));
            assert(added.length === 1, `the bucket gained ${added.length} objects under documents/, expected 1`);
            const key = added[0]!;
            const pieces: Buffer[] = [];
            for await (const piece of await store.read(key)) pieces.push(piece as Buffer);
            const stored = Buffer.concat(pieces);
            assert(stored.equals(bytes), `the object documents/${key} holds ${stored.length} bytes that differ from the ${bytes.length} uploaded`);

            started = performance.now();
            const download = await fetch(`${apiBase}/api/documents/${created.data.id}/content`, { headers: auth, signal: AbortSignal.timeout(120_000) });
            const downloaded = Buffer.from(await download.arrayBuffer());
            s3Figures.downloadSeconds = (performance.now() - started) / 1000;
            assert(download.status === 200, `download answered ${download.status}`);
            assert(downloaded.equals(bytes), `the download has ${downloaded.length} bytes that differ from the ${bytes.length} uploaded`);
            assert(/^attachment;/.test(download.headers.get('content-disposition') ?? ''), 'the download is not an attachment');

            const removed = await api<{ deleted: boolean }>(apiBase, 'DELETE', `/api/documents/${created.data.id}`, { token: owner });
            assert(removed.data.deleted, 'delete did not say deleted');
            const gone = await fetch(`${apiBase}/api/documents/${created.data.id}`, { headers: auth, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
            assert(gone.status === 404, `after delete the document answers ${gone.status}`);
            const left = await objects();
            assert(!left.includes(key), `documents/${key} is still in the bucket after the delete`);
            return `upload ${s3Figures.uploadSeconds.toFixed(2)} s, download ${s3Figures.downloadSeconds.toFixed(2)} s; object documents/${key} listed, read back equal, gone after the delete`;
          } finally {
            store.client.destroy();
          }
        },
      );
    }
  } finally {
    // The s3 phase's stack names every service (the profile's too), so that down removes them and their volumes.
    const last = s3Stack ?? stack;
    if (process.env.SMOKE_KEEP === '1')
      say(
        `SMOKE_KEEP=1: the stack stays up (project ${PROJECT}); remove it with MONITRAX_COMPOSE_PROJECT=${PROJECT}${s3Stack ? ` COMPOSE_PROFILES=${S3_PROFILE}` : ''} make down ARGS=-v`,
      );
    else {
      const down = await last.run(['down', '--volumes', '--remove-orphans']);
      if (down.code !== 0) say(`compose down failed: ${down.stderr.trim()}`);
    }
    await mkdir(path.join(REPO_ROOT, 'test-results'), { recursive: true });
    await writeFile(path.join(REPO_ROOT, 'test-results/smoke.json'), `${JSON.stringify(figures, null, 2)}\n`);
  }

  const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;
  process.stdout.write(
    `${[
      '',
      `  Smoke figures (${figures.machine}; Docker ${figures.engine}, ${figures.compose})`,
      ...Object.entries(figures.images).map(
        ([tag, image]) =>
          `  ${tag.padEnd(20)} ${mb(image.bytes).padStart(7)} total, ${mb(image.aboveBaseBytes).padStart(6)} above ${baseTag} (goal <= ${image.goalAboveBaseMb} MB)`,
      ),
      `  base ${baseTag.padEnd(15)} ${mb(figures.baseImage.bytes).padStart(7)}`,
      `  make up to healthy      ${figures.coldUpSeconds?.toFixed(1) ?? '-'} s${figures.imagesExistedBefore ? ' (images existed)' : ' (cold)'}`,
      `  warm API rebuild        ${figures.warmApiRebuildSeconds?.toFixed(1) ?? '-'} s (npm ci layer cached: ${figures.warmRebuildReusedDependencies ?? '-'})`,
      `  s3 profile up           ${figures.s3?.upSeconds?.toFixed(1) ?? '-'} s (S3 server ${figures.s3?.server ?? '-'}${figures.s3?.standIn ? ', the stand-in' : ''})`,
      `  document via the bucket ${figures.s3?.documentBytes ? `${(figures.s3.documentBytes / MB).toFixed(1)} MB: upload ${figures.s3.uploadSeconds?.toFixed(2) ?? '-'} s, download ${figures.s3.downloadSeconds?.toFixed(2) ?? '-'} s` : '-'}`,
      '  (also in test-results/smoke.json)',
      '',
    ].join('\n')}\n`,
  );
  if (failures.length) {
    say(`${failures.length} check(s) failed:\n${failures.map((failure) => `  - ${failure}`).join('\n')}`);
    return 1;
  }
  say('every check passed');
  return 0;
}

if (import.meta.main) {
  process.exitCode = await main().catch((error: unknown) => {
    say(`failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  });
}
