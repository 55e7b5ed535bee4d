// The production images as Render and compose run them, started with Testcontainers for `make test-containers`
// (services/dev-tools/bin/test-containers.sh builds them first). Each helper starts a container from the image as built:
// its own CMD, HEALTHCHECK and user; only the environment a deploy would give it is set here.
import { INTERNAL_SECRET_HEADER } from '@monitrax/contract/headers';
import { randomBytes } from 'node:crypto';
import { GenericContainer, getContainerRuntimeClient, Wait, StartupCheckStrategy, type StartedTestContainer, type StartupStatus } from 'testcontainers';
import type Dockerode from 'dockerode';
import { DEFAULT_PORTS } from '@monitrax/contract/platform';
import { WORKER_ENTRY } from '@monitrax/local-stack/entry-points';
import {
  forget,
  placeIn,
  reachFromContainers,
  reachFromHost,
  reachTestProcess,
  removeOnExit,
  servicePort,
  type ContainerSpace,
  type PostgresContainer,
} from '@monitrax/test-support/containers';

export const API_IMAGE = process.env.MONITRAX_API_IMAGE ?? 'monitrax-api:local';
export const WEB_IMAGE = process.env.MONITRAX_WEB_IMAGE ?? 'monitrax-web:local';
/** The schema sync one-shot, as compose's `schema` service and Render's preDeployCommand run it. */
export const SCHEMA_SYNC_COMMAND = ['node', 'services/schema-sync/src/sync/cli.ts'];

/** Fails early, by name, when the images were not built (make test-containers builds them). */
export async function requireImages(...tags: string[]): Promise<void> {
  const client = await getContainerRuntimeClient();
  const missing: string[] = [];
  for (const tag of tags) {
    const image = client.container.dockerode.getImage(tag);
    await image.inspect().catch(() => missing.push(tag));
  }
  if (missing.length) throw new Error(`missing image(s) ${missing.join(', ')}: run \`make test-containers\`, which builds them from the Dockerfiles first`);
}

/** Ready as soon as the container has exited, whatever its exit code: the test reads the code itself. */
class ExitedStrategy extends StartupCheckStrategy {
  override async checkStartupState(docker: Dockerode, containerId: string): Promise<StartupStatus> {
    const { State } = await docker.getContainer(containerId).inspect();
    return State.Running || State.Restarting || !State.FinishedAt || State.FinishedAt.startsWith('0001-') ? 'PENDING' : 'SUCCESS';
  }
}

export interface Finished {
  exitCode: number;
  output: string;
}

async function output(container: StartedTestContainer, options: { tail?: number } = {}): Promise<string> {
  const stream = await container.logs(options.tail ? { tail: options.tail } : {});
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    stream.on('data', (chunk: Buffer | string) => chunks.push(Buffer.from(chunk)));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}

async function exitCodeOf(container: StartedTestContainer): Promise<number> {
  const client = await getContainerRuntimeClient();
  return (await client.container.inspect(client.container.getById(container.getId()))).State.ExitCode;
}

/** The schema sync one-shot of the API image against `databaseUrl` (as another container reaches it), to its end. */
export function runSchemaSync(space: ContainerSpace, databaseUrl: string, options: { schema?: string; args?: string[] } = {}): Promise<Finished> {
  return runInApiImage(space, [...SCHEMA_SYNC_COMMAND, ...(options.args ?? [])], {
    alias: 'schema',
    env: { NODE_ENV: 'production', DATABASE_URL: databaseUrl, SCHEMA_SYNC_WAIT_MS: '30000' },
    ...(options.schema !== undefined ? { schema: options.schema } : {}),
  });
}

/** A one-shot command of the API image (the sync, the seed) run to its end: its exit code and output. */
export async function runInApiImage(
  space: ContainerSpace,
  command: string[],
  options: { alias: string; env: Record<string, string>; schema?: string },
): Promise<Finished> {
  let container = placeIn(space, new GenericContainer(API_IMAGE), { alias: options.alias })
    .withCommand(command)
    .withEnvironment(options.env)
    .withWaitStrategy(new ExitedStrategy())
    .withStartupTimeout(120_000);
  if (options.schema !== undefined)
    container = container.withCopyContentToContainer([{ content: options.schema, target: '/app/prisma/schema.prisma', mode: 0o644 }]);
  const started = removeOnExit(await container.start());
  try {
    return { exitCode: await exitCodeOf(started), output: await output(started) };
  } finally {
    await started.stop();
    forget(started);
  }
}

/** A started container of ours: its output, its exit, and how it ends. */
export interface RunningContainer {
  container: StartedTestContainer;
  output(): Promise<string>;
  exitCode(): Promise<number>;
  /** docker stop: SIGTERM, SIGKILL after timeoutMs; the container is kept for exitCode() and output(). */
  terminate(timeoutMs: number): Promise<void>;
  remove(): Promise<void>;
}

export interface RunningService extends RunningContainer {
  /** Base URL for the test process, e.g. http://127.0.0.1:41234 */
  base: string;
  /** Base URL as other containers of the space reach it. */
  baseFromContainers: string;
  port: number;
}

function runningContainer(container: StartedTestContainer): RunningContainer {
  return {
    container,
    output: () => output(container),
    exitCode: () => exitCodeOf(container),
    terminate: async (timeoutMs) => {
      const client = await getContainerRuntimeClient();
      await client.container.stop(client.container.getById(container.getId()), { timeout: timeoutMs });
    },
    remove: async () => {
      await container.stop();
      forget(container);
    },
  };
}

function running(space: ContainerSpace, container: StartedTestContainer, alias: string, port: number): RunningService {
  const host = reachFromHost(space, container, port);
  const inside = reachFromContainers(space, alias, port);
  return { ...runningContainer(container), base: `http://${host.host}:${host.port}`, baseFromContainers: `http://${inside.host}:${inside.port}`, port };
}

export const SHUTDOWN_TIMEOUT_MS = 10_000;
/** What a deploy shares between the two services; one per test run. */
const INTERNAL_API_SECRET = randomBytes(48).toString('base64');

/** The API image's own CMD, healthy by its own HEALTHCHECK (Docker's health status), as a deploy configures it. */
export async function startApi(
  space: ContainerSpace,
  postgres: PostgresContainer,
  database: string,
  env: Record<string, string> = {},
): Promise<RunningService> {
  const port = await servicePort(space, DEFAULT_PORTS.api);
  const container = removeOnExit(
    await placeIn(space, new GenericContainer(API_IMAGE), { alias: 'api', port })
      .withEnvironment({
        NODE_ENV: 'production',
        DATABASE_URL: postgres.urlFromContainers(database),
        JWT_SECRET: randomBytes(48).toString('base64'),
        INTERNAL_API_SECRET,
        PORT: String(port),
        HOST: space.hostNetwork ? '127.0.0.1' : '0.0.0.0',
        WEB_ORIGIN: 'http://localhost:3000',
        SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
        SCHEMA_SYNC_ON_START: 'false',
        LOG_LEVEL: 'info',
        ...env,
      })
      .withWaitStrategy(Wait.forHealthCheck())
      .withStartupTimeout(120_000)
      .start(),
  );
  return running(space, container, 'api', port);
}

/** The worker from the API image with its own command, as compose's `worker` and Render's dockerCommand run it, mailing
 * the test's SMTP server on `mailboxPort`. */
export async function startWorker(space: ContainerSpace, postgres: PostgresContainer, database: string, mailboxPort: number): Promise<RunningContainer> {
  const mailbox = await reachTestProcess(space, mailboxPort);
  const container = removeOnExit(
    await placeIn(space, new GenericContainer(API_IMAGE), { alias: 'worker' })
      .withCommand(['node', WORKER_ENTRY])
      .withEnvironment({
        NODE_ENV: 'production',
        DATABASE_URL: postgres.urlFromContainers(database),
        // Production's mail path: SMTP, here to the test's own SMTP server.
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: `smtp://${mailbox.host}:${mailbox.port}`,
        MAIL_FROM: 'Monitrax <images@example.com>',
        SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
        WORKER_HEARTBEAT_SECONDS: '10',
        LOG_LEVEL: 'info',
      })
      .withWaitStrategy(Wait.forLogMessage(/monitrax-worker ready/))
      .withStartupTimeout(120_000)
      .start(),
  );
  return runningContainer(container);
}

/** The web image's own CMD against an API, healthy by its own HEALTHCHECK. */
export async function startWeb(space: ContainerSpace, apiUrl: string): Promise<RunningService> {
  const port = await servicePort(space, DEFAULT_PORTS.web);
  const container = removeOnExit(
    await placeIn(space, new GenericContainer(WEB_IMAGE), { alias: 'web', port })
      .withEnvironment({
        NODE_ENV: 'production',
        PORT: String(port),
        HOSTNAME: space.hostNetwork ? '127.0.0.1' : '0.0.0.0',
        API_URL: apiUrl,
        INTERNAL_API_SECRET,
      })
      .withWaitStrategy(Wait.forHealthCheck())
      .withStartupTimeout(120_000)
      .start(),
  );
  return running(space, container, 'web', port);
}

export interface HealthAnswer {
  status: number;
  contentType: string | null;
  body: { status?: string; checks?: Record<string, Array<{ status: string; output?: string; [field: string]: unknown }>> };
}

/** A health document as the web and operators see it (the detailed one: the request carries the internal secret). */
export async function health(base: string, path = '/api/health'): Promise<HealthAnswer> {
  const response = await fetch(`${base}${path}`, { headers: { [INTERNAL_SECRET_HEADER]: INTERNAL_API_SECRET }, signal: AbortSignal.timeout(5_000) });
  return { status: response.status, contentType: response.headers.get('content-type'), body: (await response.json()) as HealthAnswer['body'] };
}

/** Stops a container without removing it (the database "going away"), and starts it again. */
export async function stopContainer(container: StartedTestContainer): Promise<void> {
  const client = await getContainerRuntimeClient();
  await client.container.stop(client.container.getById(container.getId()), { timeout: 10_000 });
}

export async function startContainerAgain(container: StartedTestContainer): Promise<void> {
  const client = await getContainerRuntimeClient();
  await client.container.start(client.container.getById(container.getId()));
}
