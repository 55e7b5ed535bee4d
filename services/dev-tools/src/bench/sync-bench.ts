// npm run bench:sync: what the safety around the schema change costs.
//   1. full schema sync on an empty database (plan, apply, record, check)
//   2. no-op sync (database already in sync) vs a bare `prisma migrate diff` on the same database,
//      alternating, several rounds; the ratio of medians is the figure that counts (goal <= 1.3).
//   3. a one-statement deploy: a copy of the synced database, with a row in it, gets one new optional column
//      (plan, backup, apply, record, check), several rounds; the sync's own timings are shown beside the total.
// Runs on an embedded PostgreSQL 17 in a temporary folder unless BENCH_DATABASE_URL is given.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { postgresTempDir, startEmbeddedPostgres } from '@monitrax/local-stack/postgres/embedded-cluster';
import { findFreePort } from '@monitrax/local-stack/postgres/ports';
import { runPrisma } from '@monitrax/schema-sync/prisma-cli/prisma-cli';
import { REPO_ROOT, SCHEMA_PATH } from '@monitrax/database/paths';
import { syncSchema } from '@monitrax/schema-sync/sync/sync';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '@monitrax/test-support/databases';
import pg from 'pg';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function main() {
  let stopCluster = async () => {};
  let adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) {
    const parent = await postgresTempDir('monitrax-bench-');
    const cluster = await startEmbeddedPostgres({ dataDir: path.join(parent, 'data'), port: await findFreePort(), user: 'monitrax', password: 'monitrax' });
    adminUrl = cluster.url('postgres');
    stopCluster = async () => {
      await cluster.stop();
      await rm(parent, { recursive: true, force: true });
    };
  }
  const name = uniqueDatabaseName('monitrax_bench');
  await createDatabase(adminUrl, name);
  const url = databaseUrl(adminUrl, name);
  const sync = (databaseUrl = url, schemaPath?: string) =>
    syncSchema({
      databaseUrl,
      ...(schemaPath ? { schemaPath } : {}),
      backupDir: path.join(tmpdir(), 'monitrax-bench-backups'),
      mode: 'apply',
      acceptDataLoss: [],
      backup: true,
      appVersion: 'bench',
      waitTimeoutMs: 5_000,
      log: () => {},
    });
  const bareDiff = () =>
    runPrisma(['migrate', 'diff', '--from-config-datasource', '--to-schema', SCHEMA_PATH, '--script'], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: url },
      capture: true,
    });

  try {
    const fullSync = await timed(async () => {
      const result = await sync();
      if (result.outcome !== 'applied') throw new Error(`full sync did not apply: ${result.message}`);
    });
    const noop: number[] = [];
    const diff: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      // Alternate so that warm-up and background noise fall on both sides alike.
      diff.push(await timed(bareDiff));
      noop.push(
        await timed(async () => {
          const result = await sync();
          if (result.outcome !== 'in-sync') throw new Error(`expected a no-op, got ${result.outcome}`);
        }),
      );
    }
    // The same schema with one more optional column: what a small release's deploy applies.
    const work = await mkdtemp(path.join(tmpdir(), 'monitrax-bench-schema-'));
    const nextSchema = path.join(work, 'schema.prisma');
    const schemaText = await readFile(SCHEMA_PATH, 'utf8');
    if (!/^model User \{$/m.test(schemaText)) throw new Error('bench:sync expects a User model in prisma/schema.prisma');
    await writeFile(nextSchema, schemaText.replace(/^model User \{$/m, 'model User {\n  benchNote String?'));
    const seeded = new pg.Client({ connectionString: url });
    await seeded.connect();
    await seeded.query(
      `INSERT INTO "User" (id, email, "passwordHash", name, "updatedAt") VALUES (gen_random_uuid(), 'bench@example.com', 'x', 'Bench', now())`,
    );
    await seeded.end();
    const deploys: number[] = [];
    const steps: Record<string, number[]> = { plan: [], backup: [], apply: [], check: [] };
    try {
      for (let round = 0; round < ROUNDS; round += 1) {
        const copy = uniqueDatabaseName('monitrax_bench_deploy');
        await createDatabase(adminUrl, copy, name);
        try {
          let result: Awaited<ReturnType<typeof sync>> | undefined;
          deploys.push(
            await timed(async () => {
              result = await sync(databaseUrl(adminUrl, copy), nextSchema);
            }),
          );
          if (result?.outcome !== 'applied' || result.plan?.statements.length !== 1)
            throw new Error(`expected one statement applied, got ${result?.outcome}: ${result?.message}`);
          for (const step of Object.keys(steps)) steps[step]!.push(result.timings?.[`${step}Ms` as keyof typeof result.timings] ?? 0);
        } finally {
          await dropDatabase(adminUrl, copy);
        }
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }

    const ratio = median(noop) / median(diff);
    const engine = process.env.PRISMA_SCHEMA_ENGINE_BINARY ? `PRISMA_SCHEMA_ENGINE_BINARY=${process.env.PRISMA_SCHEMA_ENGINE_BINARY}` : "Prisma's native";
    console.log(`bench:sync on ${cpus().length} cores, Node ${process.versions.node}, schema engine: ${engine}, ${ROUNDS} rounds`);
    console.table({
      'full sync, empty database': { 'median ms': Math.round(fullSync), runs: 1 },
      'no-op sync': { 'median ms': Math.round(median(noop)), runs: ROUNDS },
      'bare prisma migrate diff': { 'median ms': Math.round(median(diff)), runs: ROUNDS },
      'one-statement deploy': { 'median ms': Math.round(median(deploys)), runs: ROUNDS },
      ...Object.fromEntries(Object.entries(steps).map(([step, values]) => [`  of which ${step}`, { 'median ms': Math.round(median(values)), runs: ROUNDS }])),
    });
    console.log(`no-op sync / bare diff = ${ratio.toFixed(2)} (goal <= 1.30)`);
  } finally {
    await dropDatabase(adminUrl, name).catch(() => {});
    await stopCluster();
  }
}

await main();
