// Where integration tests get PostgreSQL from, in order of preference:
//   1. TEST_DATABASE_URL (any PostgreSQL 17 you point at; its user needs CREATEDB)
//   2. Testcontainers `postgres:17`, when a container runtime answers
//   3. embedded PostgreSQL 17 from npm, in a throwaway data directory
// TEST_POSTGRES=url|testcontainers|embedded forces one. The run prints which was used.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../postgres/embedded-cluster.ts';
import { findFreePort } from '../postgres/ports.ts';

export type TestPostgresSource = 'TEST_DATABASE_URL' | 'testcontainers' | 'embedded';

export interface TestPostgres {
  source: TestPostgresSource;
  /** A URL whose user may CREATE DATABASE; tests make their own databases beside it. */
  adminUrl: string;
  stop(): Promise<void>;
}

export const TEST_POSTGRES_IMAGE = 'postgres:17';

async function containerRuntimeAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false; // "Could not find a working container runtime strategy": no Docker/Podman here
  }
}

async function fromTestcontainers(): Promise<TestPostgres> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer(TEST_POSTGRES_IMAGE)
    .withDatabase('postgres')
    .withUsername('monitrax')
    .withPassword('monitrax')
    .start();
  return {
    source: 'testcontainers',
    adminUrl: container.getConnectionUri(),
    stop: async () => {
      await container.stop();
    },
  };
}

async function fromEmbedded(): Promise<TestPostgres> {
  // mkdtemp makes a 0700 directory; as root, PostgreSQL runs as `postgres` and must be able to enter it.
  const parent = await mkdtemp(path.join(tmpdir(), 'monitrax-test-pg-'));
  await chmod(parent, 0o755);
  const cluster = await startEmbeddedPostgres({
    dataDir: path.join(parent, 'data'),
    port: await findFreePort(),
    user: 'monitrax',
    password: 'monitrax',
  });
  return {
    source: 'embedded',
    adminUrl: cluster.url('postgres'),
    stop: async () => {
      await cluster.stop();
      await rm(parent, { recursive: true, force: true });
    },
  };
}

export async function provideTestPostgres(env: NodeJS.ProcessEnv = process.env): Promise<TestPostgres> {
  const forced = env.TEST_POSTGRES;
  if (forced && !['url', 'testcontainers', 'embedded'].includes(forced)) {
    throw new Error(`TEST_POSTGRES must be url, testcontainers or embedded (got "${forced}")`);
  }
  if (forced === 'url' || (!forced && env.TEST_DATABASE_URL)) {
    if (!env.TEST_DATABASE_URL) throw new Error('TEST_POSTGRES=url needs TEST_DATABASE_URL');
    return { source: 'TEST_DATABASE_URL', adminUrl: env.TEST_DATABASE_URL, stop: async () => {} };
  }
  if (forced === 'testcontainers' || (!forced && (await containerRuntimeAnswers()))) return fromTestcontainers();
  return fromEmbedded();
}
