// The real machine, as the doctor's checks see it (types.ts: DoctorWorld). Every probe here has its
// own time limit and releases what it opened, so the doctor finishes in seconds even when something
// it talks to hangs.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import pg from 'pg';
import { findPgTools, installedPgToolMajors, missingPgToolsAdvice } from '@monitrax/schema-sync/backup/pg-tools';
import { isPortFree } from '@monitrax/local-stack/postgres/ports';
import { classifyStatement } from '@monitrax/schema-sync/sync/classify';
import { planSchemaChange } from '@monitrax/schema-sync/sync/plan';
import { declarationAdvice, markUndeclaredDrops, undeclaredIn } from '@monitrax/schema-sync/sync/undeclared';
import { comparedSchemaOf } from '@monitrax/schema-sync/sync/verified-state';
import { EXTERNAL_ENUMS, EXTERNAL_TABLES } from '@monitrax/database/external-objects';
import { createRunCommand } from './run-command.ts';
import type { DatabaseServer, DoctorWorld, EnvFile, HttpProbe } from './types.ts';
import { REPO_ROOT } from '@monitrax/database/paths';

/** The repository root (from its one home, @monitrax/database/paths). */

const MAX_BODY = 64 * 1024;

/** `<dir>/.env` parsed with dotenv, without touching process.env. */
export function readEnvFile(dir: string): EnvFile {
  const file = path.join(dir, '.env');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { path: file, exists: false, values: {} };
    return { path: file, exists: true, values: {}, readError: code ?? String(error) };
  }
  return { path: file, exists: true, values: parseDotenv(text) };
}

export function httpGet(port: number, requestPath: string, timeoutMs: number): Promise<HttpProbe> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (probe: HttpProbe) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(probe);
    };
    const request = http.get(
      { host: '127.0.0.1', port, path: requestPath, agent: false, headers: { accept: 'application/health+json, application/json', connection: 'close' } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (body.length < MAX_BODY) body += chunk;
        });
        response.on('end', () =>
          finish({ kind: 'answered', status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), body }),
        );
        response.on('error', (error) => finish({ kind: 'error', message: error.message }));
      },
    );
    const timer = setTimeout(() => finish({ kind: 'timeout', timeoutMs }), timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      finish(error.code === 'ECONNREFUSED' ? { kind: 'refused' } : { kind: 'error', message: error.code ?? error.message });
    });
  });
}

/** Sends PostgreSQL's SSLRequest; a PostgreSQL server answers a single 'S' or 'N'. */
export function speaksPostgres(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const finish = (answer: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('connect', () => socket.write(Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f])));
    socket.once('data', (data: Buffer) => finish(data.length === 1 && (data[0] === 0x53 || data[0] === 0x4e)));
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(false));
  });
}

export async function queryServer(databaseUrl: string, timeoutMs: number): Promise<DatabaseServer> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => {}); // a dropped connection after connect surfaces through the query
  try {
    await client.connect();
    const { rows } = await client.query<{ version: string; num: string }>(
      "SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num",
    );
    const row = rows[0]!;
    return { version: row.version.split(' ')[0] ?? row.version, major: Math.floor(Number(row.num) / 10_000) };
  } finally {
    await client.end().catch(() => {});
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function createWorld(options: { cwd?: string; env?: NodeJS.ProcessEnv; root?: string } = {}): DoctorWorld {
  const env = options.env ?? process.env;
  return {
    root: options.root ?? REPO_ROOT,
    env,
    envFile: readEnvFile(options.cwd ?? process.cwd()),
    platform: process.platform,
    nodeVersion: process.version,
    execPath: process.execPath,
    readText: (file) => readFile(file, 'utf8').catch(() => undefined),
    isProcessAlive,
    run: createRunCommand(env),
    httpGet,
    isPortFree: (port) => isPortFree(port),
    speaksPostgres,
    queryServer,
    planSchema: async (databaseUrl) => {
      const plan = await planSchemaChange({ databaseUrl, env });
      // Every table or enum the plan drops is one the database holds and nothing describes or declares.
      const undeclared = undeclaredIn(markUndeclaredDrops(plan.statements.map(classifyStatement), undefined));
      const advice = declarationAdvice(undeclared, comparedSchemaOf(databaseUrl), { tables: EXTERNAL_TABLES, enums: EXTERNAL_ENUMS });
      return { inSync: plan.inSync, statements: plan.statements, warnings: plan.warnings, undeclared, declarationAdvice: advice };
    },
    pgTools: {
      find: (minMajor) => findPgTools({ minMajor, env }),
      installedMajors: () => installedPgToolMajors(env),
      advice: missingPgToolsAdvice,
    },
  };
}
