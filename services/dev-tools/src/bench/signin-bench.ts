// `npm run bench:signin`: what counting sign-in attempts in PostgreSQL costs a sign-in. The same app (createApp) on one
// embedded PostgreSQL 17, twice: the limits counted in PostgreSQL (the product: one budget for every instance) and in
// this process's memory (what each instance did before, and does while PostgreSQL cannot count). Sequential successful
// sign-ins of one user over 127.0.0.1 (argon2 verify, a session written, two budgets counted, the email's refunded),
// rounds alternating between the two so that drift of a shared machine hits both. Prints p50/p95 per store; not a
// test, nothing asserts a time. Bounded: ROUNDS x SIGN_INS requests per store, after a warm-up. Then sign-up's time
// for a new address against a taken one (the answer must not tell them apart; docs/security.md).
//   BENCH_ROUNDS     rounds per store (default 5)
//   BENCH_SIGN_INS   sign-ins per round (default 100)
import { once } from 'node:events';
import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { createApp } from '@monitrax/api/app';
import { createLogger } from '@monitrax/api/logging/logger';
import { createDb, type Database } from '@monitrax/database/create-db';
import { postgresTempDir, startEmbeddedPostgres } from '@monitrax/local-stack/postgres/embedded-cluster';
import { findFreePort } from '@monitrax/local-stack/postgres/ports';
import { syncSchema } from '@monitrax/schema-sync/sync/sync';
import { queuedSignUpLink, signUpToken } from '@monitrax/test-support/outbox';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 100);
const WARMUP = 50;
const say = (line: string) => process.stdout.write(`[bench:signin] ${line}\n`);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

function post(port: number, path: string, body: unknown): Promise<{ status: number; text: string }> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: 'POST', path, headers: { 'content-type': 'application/json', 'content-length': payload.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function main() {
  const parent = await postgresTempDir('monitrax-bench-signin-');
  const cluster = await startEmbeddedPostgres({ dataDir: path.join(parent, 'data'), port: await findFreePort(), user: 'monitrax', password: 'monitrax' });
  const servers: Server[] = [];
  let db: Database | undefined;
  try {
    await cluster.ensureDatabase('monitrax_bench');
    const databaseUrl = cluster.url('monitrax_bench');
    const sync = await syncSchema({
      databaseUrl,
      backupDir: path.join(tmpdir(), 'monitrax-bench-backups'),
      mode: 'apply',
      acceptDataLoss: [],
      backup: false,
      appVersion: 'bench',
      waitTimeoutMs: 10_000,
      log: () => {},
    });
    if (sync.exitCode !== 0) throw new Error(`schema sync: ${sync.message}`);
    db = createDb(databaseUrl);
    // Warnings and errors only (a store failure would show); the request log would cost both sides the same.
    const logger = createLogger({ level: 'warn' });
    // Limits no run reaches: the bench measures the counting, never a 429.
    const rateLimits = { loginPerIp: 1e9, loginFailuresPerEmail: 1e9, registerPerIp: 1e9, passwordChangeFailuresPerUser: 1e9 };
    const config = {
      jwtSecret: 'bench-signing-key-0123456789abcdef',
      webOrigin: ['http://localhost:3000'],
      bodyLimit: '100kb',
      trustProxy: 0,
      releaseId: 'bench',
    };
    const ports: Record<'database' | 'memory', number> = { database: 0, memory: 0 };
    for (const store of ['database', 'memory'] as const) {
      const server = createServer(createApp({ config, db, logger, rateLimits, rateLimitStore: store, version: 'bench' })).listen(0, '127.0.0.1');
      servers.push(server);
      await once(server, 'listening');
      ports[store] = (server.address() as AddressInfo).port;
    }
    const user = { email: 'bench@example.com', password: 'bench password 0123' };
    const registered = await post(ports.database, '/api/auth/register', { ...user, name: 'Bench' });
    if (registered.status !== 202) throw new Error(`register: ${registered.status} ${registered.text}`);
    const confirmed = await post(ports.database, '/api/auth/confirm', {
      token: signUpToken(await queuedSignUpLink(databaseUrl, user.email)),
      password: user.password,
    });
    if (confirmed.status !== 201) throw new Error(`confirm: ${confirmed.status} ${confirmed.text}`);

    const signIn = async (port: number) => {
      const started = performance.now();
      const reply = await post(port, '/api/auth/login', user);
      const ms = performance.now() - started;
      if (reply.status !== 200) throw new Error(`sign-in: ${reply.status} ${reply.text}`);
      return ms;
    };
    for (const store of ['database', 'memory'] as const) for (let i = 0; i < WARMUP; i += 1) await signIn(ports[store]);

    const samples: Record<'database' | 'memory', number[]> = { database: [], memory: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      const order: Array<'database' | 'memory'> = round % 2 === 0 ? ['database', 'memory'] : ['memory', 'database'];
      for (const store of order) {
        for (let i = 0; i < SIGN_INS; i += 1) samples[store].push(await signIn(ports[store]));
      }
    }
    say(`${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
    say(`${ROUNDS} rounds x ${SIGN_INS} sequential successful sign-ins per store, after ${WARMUP} each to warm up`);
    const figures = Object.fromEntries(
      (['database', 'memory'] as const).map((store) => [store, { p50: percentile(samples[store], 50), p95: percentile(samples[store], 95) }]),
    ) as Record<'database' | 'memory', { p50: number; p95: number }>;
    for (const store of ['database', 'memory'] as const) {
      say(
        `limits counted in ${store === 'database' ? 'PostgreSQL' : 'memory    '}: p50 ${figures[store].p50.toFixed(1)} ms, p95 ${figures[store].p95.toFixed(1)} ms`,
      );
    }
    say(
      `PostgreSQL's cost per sign-in: p50 +${(figures.database.p50 - figures.memory.p50).toFixed(1)} ms, p95 +${(figures.database.p95 - figures.memory.p95).toFixed(1)} ms`,
    );

    // Sign-up must not tell a taken address from a new one by its time either: each sample a different address, new
    // or with an account (made straight in the table), alternating, so the per-address mail cap is never reached.
    const SIGN_UPS = Math.max(20, Math.round((ROUNDS * SIGN_INS) / 10));
    const taken = Array.from({ length: SIGN_UPS }, (_, i) => `bench-taken-${i}@example.com`);
    await db.prisma.user.createMany({ data: taken.map((email) => ({ email, name: 'Taken', passwordHash: 'not-a-real-hash' })) });
    const signUpMs = { fresh: [] as number[], taken: [] as number[] };
    for (let i = 0; i < SIGN_UPS; i += 1) {
      for (const kind of i % 2 === 0 ? (['fresh', 'taken'] as const) : (['taken', 'fresh'] as const)) {
        const email = kind === 'taken' ? taken[i]! : `bench-fresh-${i}@example.com`;
        const started = performance.now();
        const reply = await post(ports.database, '/api/auth/register', { email, password: 'bench password 0123', name: 'Bench' });
        signUpMs[kind].push(performance.now() - started);
        if (reply.status !== 202) throw new Error(`sign-up: ${reply.status} ${reply.text}`);
      }
    }
    for (const kind of ['fresh', 'taken'] as const) {
      say(
        `sign-up, ${kind === 'fresh' ? 'new address  ' : 'taken address'} (${SIGN_UPS}): p50 ${percentile(signUpMs[kind], 50).toFixed(1)} ms, p95 ${percentile(signUpMs[kind], 95).toFixed(1)} ms`,
      );
    }
  } finally {
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
    await db?.close();
    await cluster.stop();
    await rm(parent, { recursive: true, force: true });
  }
}

await main();
